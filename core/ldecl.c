#include "ldecl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "lread.h"
#include "luaapi.h"

typedef struct Reader {
    lua_State *L;
    OceError *err;
    const char *file;
    int line;         /* where the table being read was declared */
    const char *what; /* "contract", "metric \"x\"", ... for messages: a literal or label */
    char label[DESCRIPTION_MAX + 32]; /* the reader's own "metric \"x\"", so that what is
                                         named outlives the function that named it */
    Arena *arena; /* the declaration's: what is read is kept there, freed with it */
} Reader;

/* n zeroed elements of size in arena (at least one): NULL when out of memory. */
static void *room(Arena *arena, size_t n, size_t size)
{
    return arena_alloc(arena, (n ? n : 1) * size);
}

/* The length of the list on top of the stack, a declaration's list of what, which must hold
 * its items at 1, 2, ..., n and nothing else: lua_rawlen finds some border, so an item past a
 * gap (a nil in a list literal) or under another key would be lost unread. */
static size_t list_len(Reader *r, int line, const char *what)
{
    lua_State *L = r->L;
    int t = lua_gettop(L);
    size_t count = 0, others = 0;
    lua_Integer last = 0;
    char shown[64] = "";
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        sandbox_charge(L, 1);
        count++;
        if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1)
            last = lua_tointeger(L, -1) > last ? lua_tointeger(L, -1) : last;
        else if (others++ == 0)
            show_key(L, -1, shown, sizeof shown);
    }
    if (others == 1)
        fail(L, r->err, r->file, line, OCE_ECONTRACT,
             "contract: '%s' has the key %s, which is not a position: a list holds its items "
             "at 1, 2, 3, ... and nothing else",
             what, shown);
    if (others > 1)
        fail(L, r->err, r->file, line, OCE_ECONTRACT,
             "contract: '%s' has %zu keys that are not positions: a list holds its items at "
             "1, 2, 3, ... and nothing else",
             what, others);
    if ((lua_Integer)count < last) {
        lua_Integer gap = 1;
        while (lua_rawgeti(L, t, gap) != LUA_TNIL)
            lua_pop(L, 1), gap++;
        lua_pop(L, 1);
        fail(L, r->err, r->file, line, OCE_ECONTRACT,
             "contract: '%s' has a gap: nothing at %lld, but an item at %lld (a nil in a list "
             "leaves a gap, and what comes after it would be lost)",
             what, (long long)gap, (long long)last);
    }
    return count;
}

/* Pushes t[key] and checks it is a string of 1 to max bytes of printable UTF-8; returns it,
 * still on the stack for the caller to pop, or NULL with nothing pushed when it is absent
 * and optional. */
static const char *checked_string(Reader *r, int t, const char *key, int required, size_t max)
{
    lua_State *L = r->L;
    int type = field(L, t, key);
    if (type == LUA_TNIL && !required) {
        lua_pop(L, 1);
        return NULL;
    }
    if (type != LUA_TSTRING)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT, "%s: '%s' must be a string, got %s",
             r->what, key, lua_typename(L, type));
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    if (len == 0 || len > max || !valid_utf8(s, len))
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "%s: '%s' must be 1 to %zu bytes of printable UTF-8", r->what, key, max);
    return s;
}

/* A string field, copied for the contract to own; NULL when absent and optional. */
static char *string_field(Reader *r, int t, const char *key, int required, size_t max)
{
    const char *s = checked_string(r, t, key, required, max);
    if (s == NULL)
        return NULL;
    char *copy = arena_strdup(r->arena, s);
    lua_pop(r->L, 1);
    if (copy == NULL)
        fail(r->L, r->err, r->file, r->line, OCE_ENOMEM, "out of memory");
    return copy;
}

/* A short string field copied into buf (of size max + 1), or NULL when absent and optional:
 * for values read and then dropped, which are not malloc'ed, since a later check may raise
 * before they would be freed. */
static char *string_into(Reader *r, int t, const char *key, int required, char *buf, size_t size)
{
    const char *s = checked_string(r, t, key, required, size - 1);
    if (s == NULL)
        return NULL;
    memcpy(buf, s, strlen(s) + 1);
    lua_pop(r->L, 1);
    return buf;
}

/* Names what is being read, kind "name", in the reader's own buffer. */
static void name_what(Reader *r, const char *kind, const char *name)
{
    snprintf(r->label, sizeof r->label, "%s \"%s\"", kind, name);
    r->what = r->label;
}

/* A decimal field (number, decimal string or money); returns 1 when present. */
static int money_field(Reader *r, int t, const char *key, const char *currency, Money *out)
{
    lua_State *L = r->L;
    int type = field(L, t, key);
    char why[512];
    int ok;
    if (type == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    if (type == LUA_TSTRING) {
        OceError e;
        error_init(&e);
        ok = money_parse(lua_tostring(L, -1), NULL, out, &e) == 0;
        snprintf(why, sizeof why, "%s", e.message);
    } else {
        ok = luaapi_to_money(L, -1, out, why, sizeof why) == 0;
    }
    if (!ok)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT, "%s: '%s': %s", r->what, key, why);
    lua_pop(L, 1);
    if (out->currency[0] && strcmp(out->currency, currency) != 0)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT, "%s: '%s' is in %s, expected %s", r->what,
             key, out->currency, currency);
    snprintf(out->currency, sizeof out->currency, "%s", currency);
    return 1;
}

_Static_assert(METRIC_MAX_WHOLE_DIGITS == LUAAPI_NUMBER_DIGITS,
               "a metric value a term gets as a number must become money");

/* A metric's target, min or max: a decimal field within the range of metric values. */
static int metric_field(Reader *r, int t, const char *key, const char *currency, Money *out)
{
    if (!money_field(r, t, key, currency, out))
        return 0;
    if (money_whole_digits(*out) > METRIC_MAX_WHOLE_DIGITS)
        fail(r->L, r->err, r->file, r->line, OCE_ECONTRACT,
             "%s: '%s' is out of range: a metric value is below 10^18", r->what, key);
    return 1;
}

static int bool_field(Reader *r, int t, const char *key, int dflt)
{
    int type = field(r->L, t, key);
    int v = type == LUA_TNIL ? dflt : lua_toboolean(r->L, -1);
    if (type != LUA_TNIL && type != LUA_TBOOLEAN)
        fail(r->L, r->err, r->file, r->line, OCE_ECONTRACT, "%s: '%s' must be true or false",
             r->what, key);
    lua_pop(r->L, 1);
    return v;
}

/* Refuses keys the reader does not know, suggesting the closest: a misspelt
 * "efective_from" must not be silently ignored. Of several, the first in byte order is
 * named, so the message does not depend on the table's layout. */
static void check_keys(Reader *r, int t, const char *const *known, size_t n)
{
    lua_State *L = r->L;
    int table = lua_absindex(L, t), bad = 0;
    const char *worst = NULL; /* the unknown key to report; stays alive in the table */
    lua_pushnil(L);
    while (lua_next(L, table)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TNUMBER) /* a value without a name would go unread */
            fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
                 "%s: a value at position %lld is no setting: write every setting as name = "
                 "value",
                 r->what, lua_isinteger(L, -1) ? (long long)lua_tointeger(L, -1) : 0LL);
        const char *key = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        size_t i = 0;
        while (key && i < n && strcmp(key, known[i]) != 0)
            i++;
        if (key == NULL)
            bad = 1;
        else if (i == n && (worst == NULL || strcmp(key, worst) < 0))
            worst = key;
    }
    if (worst == NULL && bad)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT, "%s: a field name must be a string",
             r->what);
    if (worst != NULL) {
        const char *hint = error_suggest(worst, known, n);
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT, "%s: unknown field '%s'%s%s%s", r->what,
             worst, hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
    }
}

static int line_field(lua_State *L, int t)
{
    int line = field(L, t, "line") == LUA_TNUMBER ? (int)lua_tointeger(L, -1) : 0;
    lua_pop(L, 1);
    return line;
}

/* One of names, or an error listing them. */
static const char *one_of(Reader *r, const char *key, const char *v, const char *const *names,
                          size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], v) == 0)
            return names[i];
    fail(r->L, r->err, r->file, r->line, OCE_ECONTRACT,
         "%s: '%s' is \"%s\", which incidents { ... } does not declare", r->what, key, v);
    return NULL;
}

/* from_incidents = { measure = "availability", service = ..., severity = ..., hours = "clock"
 * or "service", within_hours = ..., rounding = ... } */
static void read_derivation(Reader *r, Contract *c, int t, MetricDecl *m)
{
    static const char *const known[] = {"measure", "service",      "severity",
                                        "hours",   "within_hours", "rounding"};
    static const char *const measures[] = {
        "availability",        "downtime_minutes",   "excluded_minutes", "incidents",
        "worst_restore_hours", "mean_restore_hours", "restore_breaches"};
    lua_State *L = r->L;
    t = lua_absindex(L, t); /* the metric's table, still read below what is pushed */
    if (field(L, t, "from_incidents") == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    int d = lua_gettop(L);
    if (!lua_istable(L, d))
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "%s: 'from_incidents' must be a table { measure = \"availability\", ... }", r->what);
    if (!c->decl.has_incidents)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "%s: it is derived from the incident log, but the contract declares no incidents "
             "{ services = ..., severities = ..., causes = ... }",
             r->what);
    check_keys(r, d, known, sizeof known / sizeof known[0]);
    int required = field(L, t, "required") != LUA_TNIL;
    lua_pop(L, 1);
    if (required)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "%s: a metric from the incident log has a value every period: leave out "
             "'required'",
             r->what);
    Derivation *dv = &m->derivation;
    m->derived = true;
    char buf[NAME_MAX_LEN + 1];
    const char *measure = string_into(r, d, "measure", 1, buf, 33);
    size_t k = 0;
    while (k < 7 && strcmp(measure, measures[k]) != 0)
        k++;
    if (k == 7)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "%s: 'measure' must be availability, downtime_minutes, excluded_minutes, "
             "incidents, worst_restore_hours, mean_restore_hours or restore_breaches",
             r->what);
    dv->measure = (Measure)k;
    const char *v = string_into(r, d, "service", 0, buf, sizeof buf);
    dv->service =
        v ? one_of(r, "service", v, c->decl.rules.services, c->decl.rules.nservices) : NULL;
    v = string_into(r, d, "severity", 0, buf, sizeof buf);
    dv->severity =
        v ? one_of(r, "severity", v, c->decl.rules.severities, c->decl.rules.nseverities) : NULL;
    v = string_into(r, d, "hours", 0, buf, 17);
    int bad = v && strcmp(v, "clock") != 0 && strcmp(v, "service") != 0;
    dv->service_hours = v && strcmp(v, "service") == 0;
    if (bad)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "%s: 'hours' must be \"clock\" or \"service\" (restore times in service hours)",
             r->what);
    int breaches = dv->measure == MEASURE_BREACHES;
    if (money_field(r, d, "within_hours", "", &dv->within) != breaches)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT, "%s: 'within_hours' %s", r->what,
             breaches ? "is the restore target a breach exceeds, in hours: give it"
                      : "is for restore_breaches only");
    v = string_into(r, d, "rounding", 0, buf, 17);
    bad = v && money_rounding_parse(v, &dv->rounding) != 0;
    if (bad)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "%s: 'rounding' must be half-even, half-up, down, up, floor or ceiling", r->what);
    lua_pop(L, 1);
    int counts = dv->measure == MEASURE_INCIDENTS || breaches;
    if (m->precision < 0 && !counts)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "%s: a metric from the incident log says its 'precision', the places it is "
             "rounded to",
             r->what);
    if (counts && m->precision > 0)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "%s: a count of incidents is a whole number: precision 0", r->what);
    dv->places = m->precision < 0 ? 0 : m->precision;
    if (m->is_money)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "%s: a metric from the incident log is not money", r->what);
}

static void read_metric(Reader *r, Contract *c, int t, size_t index, MetricDecl *m)
{
    static const char *const known[] = {"name",      "unit", "target", "better", "required",
                                        "precision", "min",  "max",    "line",   "from_incidents"};
    lua_State *L = r->L;
    r->line = line_field(L, t) ? line_field(L, t) : c->decl.decl_line;
    snprintf(r->label, sizeof r->label, "contract: metrics[%zu]", index);
    r->what = r->label;
    m->name = string_field(r, t, "name", 1, NAME_MAX_LEN);
    name_what(r, "metric", m->name);
    const char *what = r->what;
    if (!is_name(m->name))
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "%s: a metric name is lowercase letters, digits and _", what);
    check_keys(r, t, known, sizeof known / sizeof known[0]);
    m->unit = string_field(r, t, "unit", 1, 32);
    m->is_money = strcmp(m->unit, c->decl.currency) == 0;
    const char *cur = m->is_money ? c->decl.currency : "";
    m->has_target = metric_field(r, t, "target", cur, &m->target);
    if (m->has_target && !m->is_money && money_digits(m->target) > METRIC_MAX_DIGITS)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "%s: 'target' has more than %d significant digits", what, METRIC_MAX_DIGITS);
    m->has_min = metric_field(r, t, "min", cur, &m->min);
    m->has_max = metric_field(r, t, "max", cur, &m->max);
    int order = 0;
    if (m->has_min && m->has_max && money_cmp(m->min, m->max, &order, NULL) == 0 && order > 0) {
        char lo[MONEY_STR_MAX], hi[MONEY_STR_MAX];
        money_format(m->min, -1, lo, sizeof lo);
        money_format(m->max, -1, hi, sizeof hi);
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "%s: 'min' %s is above 'max' %s: no value could be measured", what, lo, hi);
    }
    m->required = bool_field(r, t, "required", 1);
    char buf[9];
    const char *better = string_into(r, t, "better", m->has_target, buf, sizeof buf);
    m->better = better && strcmp(better, "lower") == 0 ? DIRECTION_LOWER : DIRECTION_HIGHER;
    m->has_better = better != NULL;
    int bad = better && strcmp(better, "lower") != 0 && strcmp(better, "higher") != 0;
    if (bad)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "%s: 'better' must be \"higher\" or \"lower\"", what);
    m->precision = -1;
    if (field(L, t, "precision") != LUA_TNIL) {
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0 || lua_tointeger(L, -1) > 9)
            fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
                 "%s: 'precision' must be a whole number of decimal places, 0 to 9", what);
        m->precision = (int)lua_tointeger(L, -1);
    }
    lua_pop(L, 1);
    read_derivation(r, c, t, m);
}

static void read_metrics(Reader *r, Contract *c, int t, int line)
{
    lua_State *L = r->L;
    r->what = "contract";
    if (field(L, t, "metrics") != LUA_TTABLE)
        fail(L, r->err, r->file, line, OCE_ECONTRACT,
             "contract: 'metrics' must be a list of metric \"name\" { ... } declarations");
    size_t n = list_len(r, line, "metrics");
    if (n > TERMS_MAX)
        fail(L, r->err, r->file, line, OCE_ECONTRACT,
             "contract: %zu metrics; a contract declares at most %d", n, TERMS_MAX);
    c->metrics = room(&c->decl.arena, n ? n : 1, sizeof *c->metrics);
    if (c->metrics == NULL)
        fail(L, r->err, r->file, 0, OCE_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        if (lua_rawgeti(L, -1, (lua_Integer)i + 1) != LUA_TTABLE)
            fail(L, r->err, r->file, line, OCE_ECONTRACT,
                 "contract: metrics[%zu] is not a metric declaration", i + 1);
        c->nmetrics = i + 1;
        read_metric(r, c, -1, i + 1, &c->metrics[i]);
        for (size_t j = 0; j < i; j++)
            if (strcmp(c->metrics[j].name, c->metrics[i].name) == 0)
                fail(L, r->err, r->file, r->line, OCE_ECONTRACT, "metric \"%s\" is declared twice",
                     c->metrics[i].name);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* The earlier terms that term i, the table on top of the stack, names in its `refers`: the
 * term helpers record there the terms a cap_terms bounds or an earn_back returns, so that a
 * name that is no term before it is refused when the contract is read, where oce check sees
 * it, rather than when a period is settled. */
static void check_refers(Reader *r, Contract *c, size_t i)
{
    lua_State *L = r->L;
    int type = field(L, -1, "refers");
    size_t n = type == LUA_TTABLE ? (size_t)lua_rawlen(L, -1) : 0;
    if ((type != LUA_TNIL && type != LUA_TTABLE) || n > TERMS_MAX)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "term \"%s\": 'refers' must be a list of the names of earlier terms", c->terms[i]);
    for (size_t k = 1; k <= n; k++) {
        if (lua_rawgeti(L, -1, (lua_Integer)k) != LUA_TSTRING)
            fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
                 "term \"%s\": 'refers' must be a list of the names of earlier terms", c->terms[i]);
        const char *name = lua_tostring(L, -1);
        size_t j = 0;
        while (j < c->nterms && strcmp(c->terms[j], name) != 0)
            j++;
        if (j >= i) {
            char shown[64];
            show_key(L, -1, shown, sizeof shown);
            const char *hint = error_suggest(name, (const char *const *)c->terms, i);
            if (j < c->nterms)
                fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
                     "term \"%s\": %s is not a term declared before this one (it comes after "
                     "it, and a term sees only the lines of the terms before it)",
                     c->terms[i], shown);
            fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
                 "term \"%s\": %s is not a term declared before this one%s%s%s", c->terms[i], shown,
                 hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* The first number, in the order of their places, that cannot be read as an exact decimal. */
typedef struct Inexact {
    char at[96];   /* its place in the settings: "bands[2].below" */
    char why[300]; /* what luaapi_to_money says of it */
} Inexact;

/* Looks through the value at idx, a term helper's settings or a part of them at place `at`
 * (len bytes of a buffer the size of Inexact.at), for numbers that are no exact decimal. Raw
 * access, at most 8 tables deep (settings are a few levels of tables); keys other than names and
 * positions hold no setting. */
static void find_inexact(lua_State *L, int idx, char *at, size_t len, int depth, Inexact *first)
{
    idx = lua_absindex(L, idx);
    Money m;
    char why[sizeof first->why];
    if (lua_type(L, idx) == LUA_TNUMBER) {
        if (luaapi_to_money(L, idx, &m, why, sizeof why) != 0 &&
            (first->at[0] == '\0' || strcmp(at, first->at) < 0)) {
            snprintf(first->at, sizeof first->at, "%s", at);
            snprintf(first->why, sizeof first->why, "%s", why);
        }
        return;
    }
    if (lua_type(L, idx) != LUA_TTABLE || depth >= 8)
        return;
    lua_pushnil(L);
    while (lua_next(L, idx)) { /* key, value */
        sandbox_charge(L, 1);
        size_t n = len;
        if (lua_isinteger(L, -2)) {
            snprintf(at + len, sizeof first->at - len, "[%lld]", (long long)lua_tointeger(L, -2));
            n = strlen(at);
        } else if (lua_type(L, -2) == LUA_TSTRING) {
            const char *k = lua_tostring(L, -2);
            if (len > 0 && n + 1 < sizeof first->at)
                at[n++] = '.';
            for (; *k && n + 1 < sizeof first->at; k++) /* printable ASCII only */
                at[n++] = *k > 0x20 && *k < 0x7F ? *k : '?';
            at[n] = '\0';
        }
        if (n > len)
            find_inexact(L, -1, at, n, depth + 1, first);
        at[len] = '\0';
        lua_pop(L, 1);
    }
}

/* Every number a term helper was given must read as an exact decimal, as settling reads it:
 * refused here, where oce check sees it, and only here, as every later run of the script
 * computes the same numbers. */
static void check_settings(Reader *r, Contract *c, size_t i)
{
    lua_State *L = r->L;
    Inexact first = {"", ""};
    char at[sizeof first.at] = "";
    field(L, -1, "settings");
    find_inexact(L, -1, at, 0, 0, &first);
    lua_pop(L, 1);
    if (first.at[0] != '\0')
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT, "term \"%s\": '%s': %s%s", c->terms[i],
             first.at, first.why,
             strstr(first.why, "decimal places")
                 ? ", or decimal() for a plain number, as in decimal(target) - 0.6"
                 : "");
}

/* A metric a term helper's setting names (on top of the stack, at `at`) must be one the
 * contract declares: settling would refuse it ("unknown metric"), so oce check does. */
static void check_metric_name(Reader *r, Contract *c, size_t i, const char *at, const char *version)
{
    lua_State *L = r->L;
    if (lua_type(L, -1) != LUA_TSTRING)
        return; /* the helper itself says what its setting must be */
    const char *name = lua_tostring(L, -1);
    const char **names = calloc(c->nmetrics + 1, sizeof *names);
    if (names == NULL)
        fail(L, r->err, r->file, r->line, OCE_ENOMEM, "out of memory");
    for (size_t k = 0; k < c->nmetrics; k++) {
        if (strcmp(c->metrics[k].name, name) == 0) {
            free(names);
            return;
        }
        names[k] = c->metrics[k].name;
    }
    const char *hint = error_suggest(name, (const char *const *)names, c->nmetrics);
    char msg[400];
    snprintf(msg, sizeof msg, "term \"%s\": '%s': unknown metric '%.63s'%s%.63s%s%s%.200s%s",
             c->terms[i], at, name, hint ? " (did you mean '" : "", hint ? hint : "",
             hint ? "'?)" : "", version ? " in the metrics of amendment \"" : "",
             version ? version : "", version ? "\", which keeps the terms before it" : "");
    free(names); /* before fail raises: msg holds the hint */
    fail(L, r->err, r->file, r->line, OCE_ECONTRACT, "%s", msg);
}

/* The metrics term i's helper settings name: its `metric`, and a scorecard's kpis[k].metric. */
static void check_metric_names(Reader *r, Contract *c, size_t i, const char *version)
{
    lua_State *L = r->L;
    if (field(L, -1, "settings") == LUA_TTABLE) {
        field(L, -1, "metric");
        check_metric_name(r, c, i, "metric", version);
        lua_pop(L, 1);
        if (field(L, -1, "kpis") == LUA_TTABLE) {
            for (lua_Integer k = 1; lua_rawgeti(L, -1, k) == LUA_TTABLE; k++) {
                char at[48];
                snprintf(at, sizeof at, "kpis[%lld].metric", (long long)k);
                field(L, -1, "metric");
                check_metric_name(r, c, i, at, version);
                lua_pop(L, 2);
            }
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

static void read_terms(Reader *r, Contract *c, int t, int line)
{
    lua_State *L = r->L;
    if (field(L, t, "terms") != LUA_TTABLE)
        fail(L, r->err, r->file, line, OCE_ECONTRACT,
             "contract: 'terms' must be a list of terms, in the order they apply");
    size_t n = list_len(r, line, "terms");
    if (n == 0)
        fail(L, r->err, r->file, line, OCE_ECONTRACT, "contract: 'terms' is empty");
    if (n > TERMS_MAX)
        fail(L, r->err, r->file, line, OCE_ECONTRACT,
             "contract: %zu terms; a contract has at most %d", n, TERMS_MAX);
    c->terms = room(&c->decl.arena, n, sizeof *c->terms);
    c->term_lines = room(&c->decl.arena, n, sizeof *c->term_lines);
    c->term_helpers = room(&c->decl.arena, n, sizeof *c->term_helpers);
    if (c->terms == NULL || c->term_lines == NULL || c->term_helpers == NULL)
        fail(L, r->err, r->file, 0, OCE_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        if (lua_rawgeti(L, -1, (lua_Integer)i + 1) != LUA_TTABLE ||
            field(L, -1, "run") != LUA_TFUNCTION)
            fail(L, r->err, r->file, line, OCE_ECONTRACT,
                 "contract: terms[%zu] is not a term; write term \"name\" (function(ctx) "
                 "... end) or use a term helper",
                 i + 1);
        lua_pop(L, 1);
        c->term_lines[i] = line_field(L, -1);
        r->line = c->term_lines[i] ? c->term_lines[i] : line;
        r->what = "term";
        c->terms[i] = string_field(r, -1, "name", 1, NAME_MAX_LEN);
        c->nterms = i + 1;
        c->term_helpers[i] = string_field(r, -1, "helper", 0, NAME_MAX_LEN);
        if (!is_name(c->terms[i]))
            fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
                 "term \"%s\": a term name is lowercase letters, digits and _", c->terms[i]);
        for (size_t j = 0; j < i; j++)
            if (strcmp(c->terms[j], c->terms[i]) == 0)
                fail(L, r->err, r->file, r->line, OCE_ECONTRACT, "term \"%s\" is declared twice",
                     c->terms[i]);
        lua_pop(L, 1);
    }
    for (size_t i = 0; i < n; i++) { /* now that every name is known */
        lua_rawgeti(L, -1, (lua_Integer)i + 1);
        r->line = c->term_lines[i] ? c->term_lines[i] : line;
        check_refers(r, c, i);
        check_settings(r, c, i);
        check_metric_names(r, c, i, NULL);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* --- Incidents, service hours and maintenance windows. ---------------------------------- */

/* A list of names (letters, digits, '_' and '-', 1 to 63 bytes, none twice) kept in *out as
 * it is read, so that a failure part way leaves nothing unowned. */
static void name_list(Reader *r, int t, const char *key, int required, const char *const **out,
                      size_t *n)
{
    lua_State *L = r->L;
    int type = field(L, t, key);
    if (type == LUA_TNIL && !required) {
        lua_pop(L, 1);
        return;
    }
    size_t len = type == LUA_TTABLE ? list_len(r, r->line, key) : 0;
    if (len == 0 || len > TERMS_MAX)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "incidents: '%s' must be a list of names, { \"%s\", ... }", key,
             strcmp(key, "services") == 0     ? "core"
             : strcmp(key, "severities") == 0 ? "P1"
                                              : "vendor");
    char **names = room(r->arena, len, sizeof *names);
    if (names == NULL)
        fail(L, r->err, r->file, 0, OCE_ENOMEM, "out of memory");
    *out = (const char *const *)names;
    for (size_t i = 0; i < len; i++) {
        lua_rawgeti(L, -1, (lua_Integer)i + 1);
        size_t sl = 0;
        const char *v = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &sl) : "";
        if (sl == 0 || sl > NAME_MAX_LEN ||
            strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != sl)
            fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
                 "incidents: %s[%zu] must be a name of letters, digits, '_' and '-'", key, i + 1);
        for (size_t j = 0; j < i; j++)
            if (strcmp(names[j], v) == 0)
                fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
                     "incidents: '%s' names \"%s\" twice", key, v);
        if ((names[i] = arena_strdup(r->arena, v)) == NULL)
            fail(L, r->err, r->file, 0, OCE_ENOMEM, "out of memory");
        *n = i + 1;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* "08:00" as minutes from midnight; "24:00" only when it may end a day. -1 when not a time. */
static int clock_minutes(const char *s, int end)
{
    if (s == NULL || strlen(s) != 5 || s[2] != ':' || strspn(s, "0123456789:") != 5)
        return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && (m != 0 || !end)))
        return -1;
    return h * 60 + m;
}

/* { "08:00", "18:00" } at the top of the stack. */
static DayHours day_hours(Reader *r, const char *what)
{
    lua_State *L = r->L;
    const char *a = NULL, *b = NULL;
    if (lua_istable(L, -1) && lua_rawlen(L, -1) == 2) {
        lua_rawgeti(L, -1, 1);
        lua_rawgeti(L, -2, 2);
        a = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
        b = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        lua_pop(L, 2); /* the strings stay alive in the table */
    }
    DayHours h = {clock_minutes(a, 0), clock_minutes(b, 1)};
    if (h.from < 0 || h.to < 0 || h.from == h.to)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "%s must be { \"HH:MM\", \"HH:MM\" }, from and to in local time (to may be 24:00, "
             "or before from for hours past midnight)",
             what);
    return h;
}

static const char *const weekdays[] = {"sunday",   "monday", "tuesday", "wednesday",
                                       "thursday", "friday", "saturday"};

static void read_service_hours(Reader *r, Contract *c, int t)
{
    static const char *const known[] = {"sunday", "monday",   "tuesday",  "wednesday", "thursday",
                                        "friday", "saturday", "weekdays", "every_day"};
    lua_State *L = r->L;
    int type = field(L, t, "service_hours");
    if (type == LUA_TNIL || (type == LUA_TSTRING && strcmp(lua_tostring(L, -1), "24x7") == 0)) {
        c->decl.calendar.always = true;
        lua_pop(L, 1);
        return;
    }
    if (type != LUA_TTABLE)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "contract: 'service_hours' must be \"24x7\" or a week, { weekdays = { \"08:00\", "
             "\"18:00\" }, saturday = { ... } }");
    const char *saved = r->what;
    r->what = "service_hours";
    check_keys(r, -1, known, sizeof known / sizeof known[0]);
    r->what = saved;
    /* every_day, then weekdays, then each day, the more particular over the more general */
    static const int order[] = {8, 7, 0, 1, 2, 3, 4, 5, 6};
    for (size_t k = 0; k < 9; k++) {
        const char *key = known[order[k]];
        if (field(L, -1, key) == LUA_TNIL) {
            lua_pop(L, 1);
            continue;
        }
        char what[64];
        snprintf(what, sizeof what, "service_hours: '%s'", key);
        DayHours h = day_hours(r, what);
        lua_pop(L, 1);
        for (int d = 0; d < 7; d++)
            if (order[k] == 8 || (order[k] == 7 && d >= 1 && d <= 5) || order[k] == d)
                c->decl.calendar.week[d] = h;
    }
    lua_pop(L, 1);
}

static int by_date(const void *a, const void *b)
{
    return calendar_date_cmp(*(const Date *)a, *(const Date *)b);
}

static void read_holidays(Reader *r, Contract *c, int t)
{
    lua_State *L = r->L;
    int type = field(L, t, "holidays");
    if (type == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    size_t n = type == LUA_TTABLE ? list_len(r, r->line, "holidays") : 0;
    if (n == 0 || n > 10000 || c->decl.calendar.always)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             c->decl.calendar.always
                 ? "contract: 'holidays' are days off weekly service hours; a 24x7 "
                   "service has none"
                 : "contract: 'holidays' must be a list of dates, { \"2026-12-25\", "
                   "... }");
    Date *days = room(&c->decl.arena, n, sizeof *days);
    if (days == NULL)
        fail(L, r->err, r->file, 0, OCE_ENOMEM, "out of memory");
    c->decl.calendar.holidays = days;
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, -1, (lua_Integer)i + 1);
        const char *v = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        if (calendar_parse_date(v, &days[i]) != 0)
            fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
                 "contract: holidays[%zu] must be a date written YYYY-MM-DD", i + 1);
        lua_pop(L, 1);
    }
    c->decl.calendar.nholidays = n;
    qsort(days, n, sizeof *days, by_date);
    lua_pop(L, 1);
}

/* "2026-11-14T22:00" in local time. */
static int local_time(const char *s, Date *d, int *minute)
{
    char date[11];
    if (s == NULL || strlen(s) != 16 || s[10] != 'T')
        return -1;
    memcpy(date, s, 10);
    date[10] = '\0';
    *minute = clock_minutes(s + 11, 0);
    return calendar_parse_date(date, d) == 0 && *minute >= 0 ? 0 : -1;
}

static void read_maintenance(Reader *r, Contract *c, int t)
{
    static const char *const known[] = {"every", "from", "to"};
    lua_State *L = r->L;
    int type = field(L, t, "maintenance");
    if (type == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    size_t n = type == LUA_TTABLE ? list_len(r, r->line, "maintenance") : 0;
    if (n == 0 || n > 10000)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "contract: 'maintenance' must be a list of windows, { every = \"sunday\", from = "
             "\"02:00\", to = \"04:00\" } or { from = \"2026-11-14T22:00\", to = ... }");
    WeeklyWindow *weekly = room(&c->decl.arena, n, sizeof *weekly);
    OnceWindow *once = room(&c->decl.arena, n, sizeof *once);
    c->decl.calendar.weekly = weekly;
    c->decl.calendar.once = once;
    if (weekly == NULL || once == NULL)
        fail(L, r->err, r->file, 0, OCE_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        char what[48];
        snprintf(what, sizeof what, "maintenance[%zu]", i + 1);
        if (lua_rawgeti(L, -1, (lua_Integer)i + 1) != LUA_TTABLE)
            fail(L, r->err, r->file, r->line, OCE_ECONTRACT, "contract: %s is not a window", what);
        const char *saved = r->what;
        r->what = what;
        check_keys(r, -1, known, sizeof known / sizeof known[0]);
        char every_buf[17], from[17], to[17];
        const char *every = string_into(r, -1, "every", 0, every_buf, sizeof every_buf);
        string_into(r, -1, "from", 1, from, sizeof from);
        string_into(r, -1, "to", 1, to, sizeof to);
        r->what = saved;
        int bad = 0;
        if (every != NULL) {
            int d = 0;
            while (d < 7 && strcmp(every, weekdays[d]) != 0)
                d++;
            DayHours h = {clock_minutes(from, 0), clock_minutes(to, 1)};
            bad = d == 7 || h.from < 0 || h.to < 0 || h.from == h.to;
            weekly[c->decl.calendar.nweekly++] = (WeeklyWindow){d % 7, h};
        } else {
            OnceWindow *w = &once[c->decl.calendar.nonce++];
            bad = local_time(from, &w->from_day, &w->from) != 0 ||
                  local_time(to, &w->to_day, &w->to) != 0 ||
                  tz_local(&c->decl.calendar.tz, w->to_day, w->to) <=
                      tz_local(&c->decl.calendar.tz, w->from_day, w->from);
        }
        if (bad)
            fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
                 "contract: %s: a weekly window is { every = \"sunday\", from = \"02:00\", to = "
                 "\"04:00\" }; a one-off window { from = \"2026-11-14T22:00\", to = "
                 "\"2026-11-15T02:00\" } in local time, ending after it starts",
                 what);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* incidents = { services = ..., severities = ..., causes = ..., excluded_causes = ... } and
 * the calendar the incidents are counted on: time_zone, service_hours, holidays, maintenance. */
static void read_incidents(Reader *r, Contract *c, int t)
{
    static const char *const known[] = {"services", "severities", "causes", "excluded_causes"};
    static const char *const calendar_keys[] = {"time_zone", "service_hours", "holidays",
                                                "maintenance"};
    lua_State *L = r->L;
    int type = field(L, t, "incidents");
    if (type == LUA_TNIL) {
        lua_pop(L, 1);
        for (size_t k = 0; k < 4; k++) {
            int given = field(L, t, calendar_keys[k]) != LUA_TNIL;
            lua_pop(L, 1);
            if (given)
                fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
                     "contract: '%s' is the calendar incidents are counted on; declare "
                     "incidents { services = ..., severities = ..., causes = ... }",
                     calendar_keys[k]);
        }
        return;
    }
    if (type != LUA_TTABLE)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "contract: 'incidents' must be a table { services = ..., severities = ..., causes = "
             "... }");
    c->decl.has_incidents = true;
    const char *saved = r->what;
    r->what = "incidents";
    check_keys(r, -1, known, sizeof known / sizeof known[0]);
    r->what = saved;
    int it = lua_gettop(L);
    name_list(r, it, "services", 1, &c->decl.rules.services, &c->decl.rules.nservices);
    name_list(r, it, "severities", 1, &c->decl.rules.severities, &c->decl.rules.nseverities);
    name_list(r, it, "causes", 1, &c->decl.rules.causes, &c->decl.rules.ncauses);
    name_list(r, it, "excluded_causes", 0, &c->decl.policy.excluded, &c->decl.policy.nexcluded);
    for (size_t i = 0; i < c->decl.policy.nexcluded; i++) {
        size_t j = 0;
        while (j < c->decl.rules.ncauses &&
               strcmp(c->decl.rules.causes[j], c->decl.policy.excluded[i]) != 0)
            j++;
        if (j == c->decl.rules.ncauses)
            fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
                 "incidents: excluded cause \"%s\" is not one of its causes",
                 c->decl.policy.excluded[i]);
    }
    lua_pop(L, 1);
    char zone_buf[64];
    const char *zone = string_into(r, t, "time_zone", 0, zone_buf, sizeof zone_buf);
    OceError tzerr;
    error_init(&tzerr);
    int bad = zone == NULL || tz_open(zone, &c->decl.calendar.tz, &tzerr) != 0;
    if (bad)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT, "contract: 'time_zone' %s",
             tzerr.message[0] ? tzerr.message
                              : "is required with incidents: an IANA name such as Europe/London");
    read_service_hours(r, c, t);
    read_holidays(r, c, t);
    read_maintenance(r, c, t);
    c->decl.policy.calendar = &c->decl.calendar;
    c->decl.policy.services = c->decl.rules.services;
    c->decl.policy.nservices = c->decl.rules.nservices;
}

static int is_id(const char *s)
{
    if (s[0] == '.' || s[0] == '-')
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_' || *s == '.'))
            return 0;
    return 1;
}

static Date date_field(Reader *r, int t, const char *key, int required, Date dflt)
{
    char buf[11];
    const char *s = string_into(r, t, key, required, buf, sizeof buf);
    Date d = dflt;
    int bad = s && calendar_parse_date(s, &d) != 0;
    if (bad)
        fail(r->L, r->err, r->file, r->line, OCE_ECONTRACT,
             "contract: '%s' must be a date written YYYY-MM-DD", key);
    return d;
}

static void read_header(Reader *r, Contract *c, int t)
{
    static const char *const known[] = {
        "id",        "title",          "customer",     "vendor",      "currency",
        "cadence",   "effective_from", "effective_to", "rounding",    "metrics",
        "terms",     "params",         "history",      "version",     "amendments",
        "time_zone", "service_hours",  "holidays",     "maintenance", "incidents"};
    lua_State *L = r->L;
    r->what = "contract";
    r->line = c->decl.decl_line;
    check_keys(r, t, known, sizeof known / sizeof known[0]);
    c->decl.id = string_field(r, t, "id", 1, NAME_MAX_LEN);
    if (!is_id(c->decl.id))
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "contract: 'id' may hold only letters, digits, '-', '_' and '.' (it names files)");
    c->decl.title = string_field(r, t, "title", 1, DESCRIPTION_MAX);
    c->decl.customer = string_field(r, t, "customer", 1, DESCRIPTION_MAX);
    c->decl.vendor = string_field(r, t, "vendor", 1, DESCRIPTION_MAX);
    char buf[17];
    snprintf(c->decl.currency, sizeof c->decl.currency, "%s",
             string_into(r, t, "currency", 1, buf, 4));
    c->decl.minor_unit = money_currency_exponent(c->decl.currency);
    if (c->decl.minor_unit < 0)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "contract: unknown currency '%s' (expected an ISO 4217 code such as GBP)",
             c->decl.currency);
    const char *s = string_into(r, t, "cadence", 1, buf, sizeof buf);
    int cad = strcmp(s, "monthly") == 0     ? 0
              : strcmp(s, "quarterly") == 0 ? 1
              : strcmp(s, "annual") == 0    ? 2
                                            : -1;
    if (cad < 0)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "contract: 'cadence' must be \"monthly\", \"quarterly\" or \"annual\"");
    c->decl.cadence = (Cadence)cad;
    c->decl.effective_from = date_field(r, t, "effective_from", 1, (Date){1, 1, 1});
    c->decl.effective_to = date_field(r, t, "effective_to", 0, (Date){9999, 12, 31});
    if (calendar_date_cmp(c->decl.effective_to, c->decl.effective_from) < 0)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "contract: 'effective_to' is before 'effective_from'");
    s = string_into(r, t, "rounding", 0, buf, sizeof buf);
    int bad = s && money_rounding_parse(s, &c->decl.rounding) != 0;
    if (bad)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "contract: 'rounding' must be half-even, half-up, down, up, floor or ceiling");
    c->decl.history = bool_field(r, t, "history", 1);
    read_incidents(r, c, t);
    int pt = field(L, t, "params");
    lua_pop(L, 1);
    if (pt != LUA_TNIL && pt != LUA_TTABLE)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT, "contract: 'params' must be a table");
}

void ldecl_use_version(Contract *c, size_t k)
{
    const DeclVersion *v = &c->decl.versions[k];
    c->version = k;
    c->metrics = v->metrics;
    c->nmetrics = v->nmetrics;
    c->terms = v->terms;
    c->term_lines = v->term_lines;
    c->term_helpers = v->term_helpers;
    c->nterms = v->nterms;
}

/* Keeps what was just read into c as version k's own, or version k - 1's as its. */
static void keep_version(Contract *c, size_t k, int has_metrics, int has_terms)
{
    DeclVersion *v = &c->decl.versions[k], *before = k ? &c->decl.versions[k - 1] : NULL;
    v->owns_metrics = has_metrics;
    v->metrics = has_metrics ? c->metrics : before->metrics;
    v->nmetrics = has_metrics ? c->nmetrics : before->nmetrics;
    v->owns_terms = has_terms;
    v->terms = has_terms ? c->terms : before->terms;
    v->term_lines = has_terms ? c->term_lines : before->term_lines;
    v->term_helpers = has_terms ? c->term_helpers : before->term_helpers;
    v->nterms = has_terms ? c->nterms : before->nterms;
    v->terms_decl = has_terms || k == 0 ? (int)k : before->terms_decl;
    c->decl.nversions = k + 1;
}

/* amendment "name" { effective_from = ..., metrics = ..., terms = ..., params = ...,
 * split = ... }: the contract from that date on; what it leaves out stays as it was. */
static void read_amendment(Reader *r, Contract *c, int t, size_t k)
{
    static const char *const known[] = {"name",  "line",   "effective_from", "metrics",
                                        "terms", "params", "split"};
    lua_State *L = r->L;
    DeclVersion *v = &c->decl.versions[k];
    r->line = line_field(L, t) ? line_field(L, t) : c->decl.decl_line;
    v->line = r->line;
    r->what = "amendment";
    v->name = string_field(r, t, "name", 1, DESCRIPTION_MAX);
    name_what(r, "amendment", v->name);
    const char *what = r->what;
    check_keys(r, t, known, sizeof known / sizeof known[0]);
    char buf[17];
    const char *s = string_into(r, t, "effective_from", 1, buf, 11);
    int bad = calendar_parse_date(s, &v->effective_from) != 0;
    if (bad)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "%s: 'effective_from' must be a date written YYYY-MM-DD", what);
    if (calendar_date_cmp(v->effective_from, c->decl.versions[k - 1].effective_from) <= 0 ||
        calendar_date_cmp(v->effective_from, c->decl.effective_to) > 0)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "%s: 'effective_from' must come after the contract's effective_from and the "
             "amendment before it, and not after effective_to",
             what);
    for (size_t j = 0; j < k; j++)
        if (strcmp(c->decl.versions[j].name, v->name) == 0)
            fail(L, r->err, r->file, r->line, OCE_ECONTRACT, "%s is declared twice", what);
    s = string_into(r, t, "split", 0, buf, sizeof buf);
    v->split = s == NULL                   ? SPLIT_NONE
               : strcmp(s, "earlier") == 0 ? SPLIT_EARLIER
               : strcmp(s, "later") == 0   ? SPLIT_LATER
                                           : (Split)-1;
    if ((int)v->split < 0)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "%s: 'split' must be \"earlier\" (a period it falls inside is settled by the "
             "version before it) or \"later\" (by this amendment)",
             what);
    int pt = field(L, t, "params");
    lua_pop(L, 1);
    if (pt != LUA_TNIL && pt != LUA_TTABLE)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT, "%s: 'params' must be a table", what);
    v->params_decl = pt == LUA_TTABLE ? (int)k : c->decl.versions[k - 1].params_decl;
    int has_metrics = field(L, t, "metrics") != LUA_TNIL;
    lua_pop(L, 1);
    int has_terms = field(L, t, "terms") != LUA_TNIL;
    lua_pop(L, 1);
    if (!has_metrics && !has_terms && pt == LUA_TNIL)
        fail(L, r->err, r->file, r->line, OCE_ECONTRACT,
             "%s changes nothing: give it 'metrics', 'terms' or 'params'", what);
    if (has_metrics)
        read_metrics(r, c, t, r->line);
    if (has_terms)
        read_terms(r, c, t, v->line);
    keep_version(c, k, has_metrics, has_terms);
}

/* The original version, then each amendment in date order. */
static void read_versions(Reader *r, Contract *c, int t)
{
    lua_State *L = r->L;
    int type = field(L, t, "amendments");
    size_t n = type == LUA_TTABLE ? list_len(r, c->decl.decl_line, "amendments") : 0;
    if ((type != LUA_TNIL && type != LUA_TTABLE) || (type == LUA_TTABLE && n == 0))
        fail(L, r->err, r->file, c->decl.decl_line, OCE_ECONTRACT,
             "contract: 'amendments' must be a list of amendment \"name\" { ... } declarations");
    if (n > TERMS_MAX)
        fail(L, r->err, r->file, c->decl.decl_line, OCE_ECONTRACT,
             "contract: %zu amendments; a contract has at most %d", n, TERMS_MAX);
    c->decl.versions = room(&c->decl.arena, n + 1, sizeof *c->decl.versions);
    if (c->decl.versions == NULL)
        fail(L, r->err, r->file, 0, OCE_ENOMEM, "out of memory");
    r->what = "contract";
    r->line = c->decl.decl_line;
    c->decl.versions[0].name = string_field(r, t, "version", 0, DESCRIPTION_MAX);
    if (c->decl.versions[0].name == NULL &&
        (c->decl.versions[0].name = arena_strdup(&c->decl.arena, "original")) == NULL)
        fail(L, r->err, r->file, 0, OCE_ENOMEM, "out of memory");
    c->decl.versions[0].effective_from = c->decl.effective_from;
    c->decl.versions[0].line = c->decl.decl_line;
    keep_version(c, 0, 1, 1);
    for (size_t k = 1; k <= n; k++) {
        if (lua_rawgeti(L, -1, (lua_Integer)k) != LUA_TTABLE)
            fail(L, r->err, r->file, c->decl.decl_line, OCE_ECONTRACT,
                 "contract: amendments[%zu] is not an amendment \"name\" { ... }", k);
        read_amendment(r, c, lua_gettop(L), k);
        lua_pop(L, 1);
        const DeclVersion *v = &c->decl.versions[k];
        if (v->owns_metrics && !v->owns_terms) { /* the terms before it, on its metrics */
            int list = lua_gettop(L);
            if (v->terms_decl == 0)
                field(L, t, "terms");
            else
                lua_rawgeti(L, list, v->terms_decl), field(L, -1, "terms"), lua_remove(L, -2);
            for (size_t i = 0; i < v->nterms; i++) {
                lua_rawgeti(L, -1, (lua_Integer)i + 1);
                r->line = v->term_lines[i] ? v->term_lines[i] : v->line;
                check_metric_names(r, c, i, v->name);
                lua_pop(L, 1);
            }
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
    ldecl_use_version(c, 0);
}

int ldecl_read(lua_State *L)
{
    DeclArgs *a = lua_touserdata(L, 1);
    Contract *c = a->c;
    Reader r = {L, a->err, c->decl.path, 0, "contract", {0}, &c->decl.arena};
    lua_getfield(L, LUA_REGISTRYINDEX, DECL_LINE_KEY);
    c->decl.decl_line = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (lua_getfield(L, LUA_REGISTRYINDEX, DECL_KEY) != LUA_TTABLE)
        fail(L, a->err, c->decl.path, 0, OCE_ECONTRACT,
             "the script does not declare a contract: call contract { id = ..., ... }");
    int t = lua_gettop(L);
    read_header(&r, c, t);
    read_metrics(&r, c, t, c->decl.decl_line);
    read_terms(&r, c, t, c->decl.decl_line);
    read_versions(&r, c, t);
    return 0;
}

/* contract { ... }: the one declaration a script makes, kept for the host to read. */
static int l_contract(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    if (lua_getfield(L, LUA_REGISTRYINDEX, DECL_KEY) != LUA_TNIL)
        return luaL_error(L, "contract { ... } is declared twice in one script");
    lua_settop(L, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, DECL_KEY);
    lua_Debug ar;
    int line = lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar) ? ar.currentline : 0;
    lua_pushinteger(L, line);
    lua_setfield(L, LUA_REGISTRYINDEX, DECL_LINE_KEY);
    return 0;
}

/* The line of the nearest contract-script frame: where the author wrote the call. */
static int script_line(lua_State *L)
{
    lua_Debug ar;
    for (int level = 1; lua_getstack(L, level, &ar); level++)
        if (lua_getinfo(L, "Sl", &ar) && ar.source[0] == '@')
            return ar.currentline;
    return 0;
}

static int term_make(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_createtable(L, 0, 6); /* and room for the helper, its settings and the terms named */
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_setfield(L, -2, "name");
    lua_pushvalue(L, 1);
    lua_setfield(L, -2, "run");
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_setfield(L, -2, "line");
    return 1;
}

/* term "name" (function(ctx) ... end): a term remembers the script line declaring it. */
static int l_term(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    if (!is_name(name))
        return luaL_error(L, "term name \"%s\": use lowercase letters, digits and _", name);
    lua_settop(L, 1);
    lua_pushinteger(L, script_line(L));
    lua_pushcclosure(L, term_make, 2);
    return 1;
}

/* is_term(name): true when name is a term of the contract in any of its versions; else false
 * and the nearest term name (or nil), for a did-you-mean. Only a running term can ask: while
 * the script declares the contract its terms are not known yet, and top-level code must
 * declare the same contract every time it runs. */
/* The contract whose term is running, for is_term: contracts share the builtins. */
static const Contract *running_contract;

void ldecl_running(const Contract *c)
{
    running_contract = c;
}

static int l_is_term(lua_State *L)
{
    const Contract *c = running_contract;
    const char *name = luaL_checkstring(L, 1);
    if (c == NULL || !c->in_term)
        return luaL_error(L, "is_term: the contract's terms are known only inside a term");
    size_t n = 0;
    for (size_t k = 0; k < c->decl.nversions; k++) {
        const DeclVersion *v = &c->decl.versions[k];
        for (size_t j = 0; (k == 0 || v->owns_terms) && j < v->nterms; j++, n++) {
            if (strcmp(v->terms[j], name) == 0) {
                lua_pushboolean(L, 1);
                return 1;
            }
        }
    }
    const char **all = lua_newuserdatauv(L, (n ? n : 1) * sizeof *all, 0); /* freed by Lua */
    n = 0;
    for (size_t k = 0; k < c->decl.nversions; k++)
        for (size_t j = 0;
             (k == 0 || c->decl.versions[k].owns_terms) && j < c->decl.versions[k].nterms; j++)
            all[n++] = c->decl.versions[k].terms[j];
    const char *hint = error_suggest(name, all, n);
    lua_pushboolean(L, 0);
    if (hint != NULL)
        lua_pushstring(L, hint);
    else
        lua_pushnil(L);
    return 2;
}

static int l_script_line(lua_State *L)
{
    lua_pushinteger(L, script_line(L));
    return 1;
}

void ldecl_register(Sandbox *s)
{
    lua_State *L = sandbox_state(s);
    lua_pushcfunction(L, l_contract);
    sandbox_set_builtin(s, "contract");
    lua_pushcfunction(L, l_term);
    sandbox_set_builtin(s, "term");
    lua_pushcfunction(L, l_script_line);
    sandbox_set_builtin(s, "script_line");
    lua_pushcfunction(L, l_is_term);
    sandbox_set_builtin(s, "is_term");
}
