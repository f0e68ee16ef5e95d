#include "contract.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "embed.h"
#include "luaapi.h"

/* A contract script is a page or two of Lua; anything far larger is not one. */
#define SCRIPT_MAX (1u << 20)
#define NAME_MAX_LEN 63
#define DESCRIPTION_MAX 200
#define EXPLANATION_MAX 1000
#define OUTPUTS_MAX 1000 /* per term: a term that produces more has run away */
#define TERMS_MAX 1000   /* per contract, and as many metrics: a schedule, not a database */
#define PARAMS_DEPTH 16  /* tables in params nested deeper than this are refused */
#define DECL_KEY "oce.declaration"
#define DECL_LINE_KEY "oce.declaration_line"

/* --- Reading script values with raw access, inside a protected call. ----------------- */

/* Raises after recording the error with the contract file and the given line, so that the
 * first, precise error is the one reported. */
static int fail(lua_State *L, OceError *err, const char *file, int line, OceCode code,
                const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static int fail(lua_State *L, OceError *err, const char *file, int line, OceCode code,
                const char *fmt, ...)
{
    char msg[sizeof err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    error_set(err, code, file, line, "%s", msg);
    return luaL_error(L, "%s", msg);
}

/* Whether s is UTF-8 as RFC 3629 defines it (no overlong forms, no surrogates, nothing past
 * U+10FFFF) with no control characters (C0 but tab, DEL, C1): text that every reader of the
 * documents can take, and that cannot move a terminal's cursor. */
static int valid_utf8(const char *s, size_t len)
{
    static const unsigned long least[] = {0, 0, 0x80, 0x800, 0x10000};
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > len)
            return 0;
        unsigned long cp = n == 1 ? c : c & (0x7Fu >> n);
        for (size_t k = 1; k < n; k++) {
            if (((unsigned char)s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3Fu);
        }
        if ((n > 1 && cp < least[n]) || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF ||
            (cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F))
            return 0;
        i += n;
    }
    return 1;
}

static int is_name(const char *s)
{
    if (!s[0] || strlen(s) > NAME_MAX_LEN || !((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

/* How a script value (a key of a result table, a name) shows in a message: 'name', 2, 1.5, true, or
 * its type. A string is cut to 40 bytes and shows anything but printable ASCII as '?', so that a
 * hostile key can neither flood the message nor garble a terminal. */
static void show_key(lua_State *L, int idx, char *buf, size_t size)
{
    int type = lua_type(L, idx);
    if (type == LUA_TSTRING) {
        size_t len, n = 0;
        const unsigned char *s = (const unsigned char *)lua_tolstring(L, idx, &len);
        buf[n++] = '\'';
        for (size_t i = 0; i < len && i < 40 && n + 6 < size; i++)
            buf[n++] = s[i] >= 0x20 && s[i] < 0x7F ? (char)s[i] : '?';
        snprintf(buf + n, size - n, "%s'", len > 40 ? "..." : "");
    } else if (type == LUA_TNUMBER && lua_isinteger(L, idx)) {
        snprintf(buf, size, "%lld", (long long)lua_tointeger(L, idx));
    } else if (type == LUA_TNUMBER) {
        snprintf(buf, size, "%.14g", (double)lua_tonumber(L, idx));
    } else if (type == LUA_TBOOLEAN) {
        snprintf(buf, size, "%s", lua_toboolean(L, idx) ? "true" : "false");
    } else {
        snprintf(buf, size, "a %s", lua_typename(L, type));
    }
}

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

/* Pushes t[key] with raw access; returns its type. */
static int field(lua_State *L, int t, const char *key)
{
    lua_pushstring(L, key);
    return lua_rawget(L, t < 0 ? t - 1 : t);
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
        if (lua_type(L, -1) == LUA_TNUMBER)
            continue; /* positional values: the name given to metric "x" */
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

static void contract_use_version(Contract *c, size_t k)
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
    contract_use_version(c, 0);
}

typedef struct DeclArgs {
    Contract *c;
    OceError *err;
} DeclArgs;

static int read_declaration(lua_State *L)
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

/* --- Loading. -------------------------------------------------------------------------- */

char *contract_read_script(const char *path, const char *what, size_t *len, OceError *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        error_set(err, OCE_EIO, path, 0, "cannot open %s: %s", what, strerror(errno));
        return NULL;
    }
    char *buf = malloc(SCRIPT_MAX + 1);
    size_t n = buf ? fread(buf, 1, SCRIPT_MAX + 1, f) : 0;
    int bad = buf == NULL || ferror(f);
    fclose(f);
    if (bad || n > SCRIPT_MAX) {
        free(buf);
        if (bad)
            error_set(err, OCE_EIO, path, 0, "cannot read %s", what);
        else
            error_set(err, OCE_ECONTRACT, path, 0, "%s is over 1 MiB", what);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Runs the compiled script in a fresh environment; its contract { ... } is kept. */
static int run_script(Contract *c, OceError *err)
{
    lua_State *L = sandbox_state(c->sandbox);
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, DECL_KEY);
    lua_rawgeti(L, LUA_REGISTRYINDEX, c->chunk_ref);
    sandbox_push_env(c->sandbox);
    lua_setupvalue(L, -2, 1); /* the chunk's _ENV */
    return sandbox_pcall(c->sandbox, 0, 0, NULL, err);
}

static int add_builtins(Sandbox *s, OceError *err)
{
    lua_State *L = sandbox_state(s);
    luaapi_register(s);
    lua_pushcfunction(L, l_contract);
    sandbox_set_builtin(s, "contract");
    lua_pushcfunction(L, l_term);
    sandbox_set_builtin(s, "term");
    lua_pushcfunction(L, l_script_line);
    sandbox_set_builtin(s, "script_line");
    lua_pushcfunction(L, l_is_term);
    sandbox_set_builtin(s, "is_term");
    for (const EmbeddedScript *e = embedded_scripts; e->name; e++)
        if (sandbox_add_library(s, e->name, e->text, e->len, err) != 0)
            return -1;
    return 0;
}

/* The sandbox every contract of the process is loaded into, with the term library compiled
 * into it once: contracts with the same limits share it, one at a time, each in an
 * environment of its own, with what its script made fixed (sandbox_fix). It is made when the
 * first contract loads and kept for the next, when the last is freed. A contract with other
 * limits gets a sandbox of its own. */
static struct {
    Sandbox *sandbox;
    SandboxLimits limits;
    size_t users;
} shared;

static Sandbox *acquire(const SandboxLimits *limits, bool *own, OceError *err)
{
    SandboxLimits want = {0};
    if (limits != NULL)
        want = *limits;
    *own = false;
    if (shared.sandbox != NULL && memcmp(&want, &shared.limits, sizeof want) == 0) {
        shared.users++;
        return shared.sandbox;
    }
    if (shared.sandbox != NULL && shared.users > 0) {
        *own = true; /* other limits, while the shared one is in use */
    } else {
        sandbox_free(shared.sandbox);
        shared.sandbox = NULL;
    }
    Sandbox *s = sandbox_new(&want, err);
    if (s != NULL && add_builtins(s, err) != 0) {
        sandbox_free(s);
        s = NULL;
    }
    if (s != NULL && !*own) {
        shared.sandbox = s;
        shared.limits = want;
        shared.users = 1;
    }
    return s;
}

static void release(Contract *c)
{
    if (c->sandbox == NULL)
        return;
    int refs[] = {c->chunk_ref, c->restore_ref, c->ctx_ref, c->lines_ref};
    for (size_t k = 0; k < sizeof refs / sizeof *refs; k++)
        sandbox_unref(c->sandbox, refs[k]);
    for (size_t k = 0; c->settle_refs != NULL && k < c->decl.nversions; k++)
        sandbox_unref(c->sandbox, c->settle_refs[k]);
    if (c->own_sandbox) {
        sandbox_free(c->sandbox);
    } else if (--shared.users == 0) {
        /* The next contract starts from the library alone, whatever this one left. */
        sandbox_collect(c->sandbox);
    }
    c->sandbox = NULL;
}

/* The currency the first run declares, so that money() means the same in the run the
 * declaration is read from as in every settlement after it. */
static int peek_currency(lua_State *L)
{
    char *cur = lua_touserdata(L, 1);
    if (lua_getfield(L, LUA_REGISTRYINDEX, DECL_KEY) == LUA_TTABLE &&
        field(L, -1, "currency") == LUA_TSTRING && lua_rawlen(L, -1) == 3)
        memcpy(cur, lua_tostring(L, -1), 4);
    return 0;
}

static int prepare(Contract *c, OceError *err);

/* The currency a script's text seems to declare, `currency = "GBP"`, into out; "" when none
 * is written so. A guess: declare runs the script with it and checks it. */
static void guess_currency(const char *text, size_t len, char out[4])
{
    out[0] = '\0';
    const char *end = text + len, *p = text;
    while ((p = memchr(p, 'c', (size_t)(end - p))) != NULL) {
        const char *q = p + 8;
        if (q > end || memcmp(p, "currency", 8) != 0 ||
            (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))) {
            p++;
            continue;
        }
        while (q < end && (*q == ' ' || *q == '\t'))
            q++;
        if (q < end && *q == '=')
            q++;
        else {
            p++;
            continue;
        }
        while (q < end && (*q == ' ' || *q == '\t'))
            q++;
        if (end - q >= 5 && (*q == '"' || *q == '\'') && q[4] == *q &&
            isupper((unsigned char)q[1]) && isupper((unsigned char)q[2]) &&
            isupper((unsigned char)q[3])) {
            memcpy(out, q + 1, 3);
            out[3] = '\0';
        }
        return;
    }
}

/* Runs the script as every settlement will see what it made: with money() in the contract's
 * currency. The currency is known only once the script has run, so it runs with the currency
 * its text seems to declare, and again with the one it declared if that was not it; the
 * declaration is read from the last run. Both runs are spent from the budget of every
 * settlement: the budget is one. */
static int declare(Contract *c, const char *guess, OceError *err)
{
    lua_State *L = sandbox_state(c->sandbox);
    char first[4] = "";
    DeclArgs args = {c, err};
    sandbox_set_file(c->sandbox, c->decl.path);
    /* A run with the guess that fails is as if it had not been: the script runs as it
     * always could, first without a currency. */
    OceError tried;
    error_init(&tried);
    bool guessed = guess[0] != '\0';
    sandbox_begin(c->sandbox, NULL);
    luaapi_set_default_currency(L, guess);
    if (guessed && run_script(c, &tried) != 0) {
        guessed = false;
        sandbox_begin(c->sandbox, NULL);
        luaapi_set_default_currency(L, "");
    }
    if (!guessed && run_script(c, err) != 0)
        return -1;
    lua_pushcfunction(L, peek_currency);
    lua_pushlightuserdata(L, first);
    if (sandbox_pcall(c->sandbox, 1, 0, NULL, err) != 0)
        return -1;
    luaapi_set_default_currency(L, first);
    if ((!guessed || strcmp(first, guess) != 0) && run_script(c, err) != 0)
        return -1;
    lua_pushcfunction(L, read_declaration);
    lua_pushlightuserdata(L, &args);
    if (sandbox_pcall(c->sandbox, 1, 0, NULL, err) != 0)
        return -1;
    if (strcmp(first, c->decl.currency) != 0)
        return error_set(err, OCE_ECONTRACT, c->decl.path, c->decl.decl_line,
                         "contract: the script declares currency %s, then %s when run again; a "
                         "contract must declare the same currency every time",
                         first[0] ? first : "none", c->decl.currency);
    if (prepare(c, err) != 0)
        return -1;
    c->load_usage = sandbox_usage(c->sandbox);
    return 0;
}

Contract *contract_load(const char *path, const SandboxLimits *limits, OceError *err)
{
    size_t len;
    char *text = contract_read_script(path, "contract script", &len, err);
    if (text == NULL)
        return NULL;
    Contract *c = calloc(1, sizeof *c);
    if (c != NULL)
        arena_init(&c->decl.arena);
    if (c == NULL || (c->decl.path = arena_strdup(&c->decl.arena, path)) == NULL) {
        free(text);
        if (c != NULL)
            arena_free(&c->decl.arena);
        free(c);
        error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    digest_sha256_hex(text, len, c->decl.script_sha256);
    c->chunk_ref = c->restore_ref = c->ctx_ref = c->lines_ref = LUA_NOREF;
    char guess[4];
    guess_currency(text, len, guess);
    c->sandbox = acquire(limits, &c->own_sandbox, err);
    int ok = c->sandbox && sandbox_load(c->sandbox, path, text, len, err) == 0 &&
             sandbox_ref(c->sandbox, &c->chunk_ref, err) == 0;
    free(text);
    if (ok)
        ok = declare(c, guess, err) == 0;
    if (!ok) {
        error_at(err, path, 0); /* failed in the term library: report it against the script */
        contract_free(c);
        return NULL;
    }
    return c;
}

void contract_free(Contract *c)
{
    if (c == NULL)
        return;
    release(c);
    arena_free(&c->decl.arena);
    free(c);
}

/* --- Running terms. -------------------------------------------------------------------- */

/* Pushes a copy of the value at idx: tables are copied through, raw and without metatables,
 * to PARAMS_DEPTH levels (a cycle is refused by the depth); other values are shared, as money
 * and strings are immutable. */
static void copy_value(lua_State *L, int idx, int depth)
{
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) != LUA_TTABLE) {
        lua_pushvalue(L, idx);
        return;
    }
    if (depth > PARAMS_DEPTH)
        luaL_error(L, "contract: 'params' is nested deeper than %d tables (or refers to itself)",
                   PARAMS_DEPTH);
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, idx)) { /* copy, k, v */
        copy_value(L, -1, depth + 1);
        lua_remove(L, -2);
        lua_pushvalue(L, -2); /* copy, k, v', k */
        lua_insert(L, -2);
        lua_rawset(L, -4);
    }
}

/* Takes what a settlement runs from the declaration the script just made, into a table only
 * the host can reach: each term's run function in order, and a copy of the params. Scripts
 * keep references to their declaration, so a term could change it under the next term; and
 * the declaration must have the terms that were read when the contract was loaded. */
static void push_static_ctx(lua_State *L, Contract *c, int settle);

static int capture(lua_State *L)
{
    Contract *c = lua_touserdata(L, 1);
    DeclVersion *v = &c->decl.versions[c->version];
    lua_settop(L, 1);
    if (lua_getfield(L, LUA_REGISTRYINDEX, DECL_KEY) != LUA_TTABLE)
        return luaL_error(L, "contract: the script declared no contract when run again");
    /* The amendment a version's terms and params are declared in, or the contract. */
    for (int which = 0; which < 2; which++) {
        int k = which ? v->params_decl : v->terms_decl;
        if (k == 0) {
            lua_pushvalue(L, 2);
        } else if (field(L, 2, "amendments") != LUA_TTABLE || lua_rawgeti(L, -1, k) != LUA_TTABLE) {
            return luaL_error(L, "contract: the script declared other amendments when run "
                                 "again; a contract must declare the same every time");
        } else {
            lua_remove(L, -2);
        }
    }                  /* c, decl, terms' declaration, params' declaration */
    lua_replace(L, 2); /* c, params' declaration, terms' declaration */
    if (field(L, 3, "terms") != LUA_TTABLE || lua_rawlen(L, 4) != c->nterms)
        return luaL_error(L, "contract: the script declared other terms when run again; a "
                             "contract must declare the same terms every time");
    lua_replace(L, 3);                     /* c, params' declaration, terms */
    lua_createtable(L, (int)c->nterms, 1); /* c, params' declaration, terms, settle */
    for (size_t i = 0; i < c->nterms; i++) {
        int ok = lua_rawgeti(L, 3, (lua_Integer)i + 1) == LUA_TTABLE &&
                 field(L, -1, "name") == LUA_TSTRING &&
                 strcmp(lua_tostring(L, -1), c->terms[i]) == 0;
        lua_pop(L, 1);
        if (!ok || field(L, -1, "run") != LUA_TFUNCTION)
            return luaL_error(L,
                              "contract: term %zu is not \"%s\" when the script runs again; "
                              "a contract must declare the same terms every time",
                              i + 1, c->terms[i]);
        lua_rawseti(L, 4, (lua_Integer)i + 1);
        lua_pop(L, 1);
    }
    if (field(L, 2, "params") == LUA_TNIL) { /* no params: an empty table, not nil */
        lua_pop(L, 1);
        lua_newtable(L);
    }
    copy_value(L, -1, 1);
    lua_setfield(L, 4, "params");
    lua_pop(L, 1);
    push_static_ctx(L, c, 4);
    c->settle_refs[c->version] = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

/* Takes what settling by each version runs, then fixes everything the script made: the
 * declaration, and through it the terms' functions, their upvalues and the helpers'
 * settings. */
static int prepare(Contract *c, OceError *err)
{
    lua_State *L = sandbox_state(c->sandbox);
    size_t in_force = c->version;
    c->settle_refs = room(&c->decl.arena, c->decl.nversions, sizeof *c->settle_refs);
    if (c->settle_refs == NULL)
        return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
    for (size_t k = 0; k < c->decl.nversions; k++)
        c->settle_refs[k] = LUA_NOREF;
    for (size_t k = 0; k < c->decl.nversions; k++) {
        contract_use_version(c, k);
        lua_pushcfunction(L, capture);
        lua_pushlightuserdata(L, c);
        if (sandbox_pcall(c->sandbox, 1, 0, NULL, err) != 0)
            return error_at(err, c->decl.path, c->decl.decl_line), -1;
    }
    contract_use_version(c, in_force);
    lua_getfield(L, LUA_REGISTRYINDEX, DECL_KEY);
    int rc = sandbox_fix(c->sandbox, -1, &c->restore_ref, err);
    lua_pop(L, 1);
    for (size_t k = 0; rc == 0 && k < c->decl.nversions; k++) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, c->settle_refs[k]);
        rc = sandbox_fix(c->sandbox, -1, &c->restore_ref, err);
        lua_pop(L, 1);
    }
    if (rc != 0)
        error_at(err, c->decl.path, c->decl.decl_line);
    return rc;
}

/* The runner's begin: a settlement by version v. */
static int contract_begin(void *self, const DeclVersion *v, OceError *err)
{
    (void)err;
    Contract *c = self;
    contract_use_version(c, (size_t)(v - c->decl.versions));
    lua_State *L = sandbox_state(c->sandbox);
    c->serial++;
    sandbox_begin(c->sandbox, &c->load_usage);
    sandbox_set_file(c->sandbox, c->decl.path);
    luaapi_set_default_currency(L, c->decl.currency);
    sandbox_restore(c->sandbox, c->restore_ref);
    sandbox_unref(c->sandbox, c->ctx_ref);
    c->ctx_ref = LUA_NOREF;
    return 0;
}

typedef struct RunArgs {
    Contract *c;
    size_t i;
    const TermContext *tc;
    Arena *arena;
    TermOutput *out;
    size_t nout;
    OceError *err;
} RunArgs;

static void set_string(lua_State *L, const char *key, const char *value)
{
    lua_pushstring(L, value);
    lua_setfield(L, -2, key);
}

static void push_value(lua_State *L, const MetricDecl *m, Money v)
{
    if (m->is_money)
        luaapi_push_money(L, v);
    else
        luaapi_push_number(L, v);
}

static void set_date(lua_State *L, const char *key, Date d)
{
    char buf[11];
    calendar_format_date(d, buf);
    set_string(L, key, buf);
}

/* ctx.period: the period, and the part of it the contract is in effect (all of it, but in
 * the first and last periods of a contract that starts or ends inside one). */
static void push_period(lua_State *L, const Contract *c, const Period *p)
{
    Date from =
        calendar_date_cmp(c->decl.effective_from, p->start) > 0 ? c->decl.effective_from : p->start;
    Date to = calendar_date_cmp(c->decl.effective_to, p->end) < 0 ? c->decl.effective_to : p->end;
    lua_createtable(L, 0, 8);
    set_string(L, "id", p->id);
    set_string(L, "kind", calendar_period_kind_name(p->kind));
    set_date(L, "from", p->start);
    set_date(L, "to", p->end);
    lua_pushinteger(L, calendar_period_days(p));
    lua_setfield(L, -2, "days");
    set_date(L, "covered_from", from);
    set_date(L, "covered_to", to);
    lua_pushinteger(L, calendar_days_between(from, to) + 1);
    lua_setfield(L, -2, "covered_days");
    sandbox_fixed_from(L);
}

/* ctx.metrics[name] for a declared metric that was not measured is nil; for an undeclared
 * name it is an error, so a misspelt metric never reads as "not measured". */
static int metrics_index(lua_State *L)
{
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)
        return 0; /* declared, not measured: nil */
    return luaL_error(L, "unknown metric '%s'", lua_tostring(L, 2) ? lua_tostring(L, 2) : "?");
}

static void push_metrics(lua_State *L, const Contract *c, const TermContext *tc, int targets)
{
    lua_createtable(L, 0, (int)c->nmetrics);
    lua_createtable(L, 0, (int)c->nmetrics); /* t, declared */
    for (size_t i = 0; i < c->nmetrics; i++) {
        const MetricDecl *m = &c->metrics[i];
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, m->name);
        int has = targets ? m->has_target : tc->present[i];
        if (has) {
            push_value(L, m, targets ? m->target : tc->values[i]);
            lua_setfield(L, -3, m->name);
        }
    }
    lua_newtable(L); /* t, declared, mt */
    lua_insert(L, -2);
    lua_pushcclosure(L, metrics_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable"); /* a script cannot reach it to add __mode */
    lua_setmetatable(L, -2);
    sandbox_fixed_from(L);
}

/* A line as terms see it, in ctx.lines and ctx.history: amounts after caps. */
static void push_line(lua_State *L, const Line *l)
{
    lua_createtable(L, 0, 5);
    set_string(L, "term", l->term);
    set_string(L, "kind", settlement_kind_name(l->kind));
    set_string(L, "description", l->description);
    luaapi_push_money(L, l->amount);
    lua_setfield(L, -2, "amount");
    luaapi_push_money(L, l->forgone);
    lua_setfield(L, -2, "forgone");
    sandbox_fixed_from(L);
}

static void push_lines(lua_State *L, const TermContext *tc)
{
    lua_createtable(L, (int)tc->nlines, 0);
    for (size_t i = 0; i < tc->nlines; i++) {
        push_line(L, &tc->lines[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    sandbox_fixed_from(L);
}

/* The __index of an earlier period's metrics and met: nil for a metric it declared, an
 * error for one it did not. */
static int history_metrics_index(lua_State *L)
{
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)
        return 0;
    return luaL_error(L, "unknown metric '%s' in %s", lua_tostring(L, 2) ? lua_tostring(L, 2) : "?",
                      lua_tostring(L, lua_upvalueindex(2)));
}

/* ctx.history: the earlier periods, oldest first, each as it stands in the ledger: its
 * period, metrics (values as in ctx.metrics; a name it had no value for, or did not declare,
 * is nil), met (true or false by metric, for those with a target and a value), lines and
 * totals. */
static void push_history(lua_State *L, const History *h)
{
    lua_createtable(L, (int)h->n, 0);
    for (size_t i = 0; i < h->n; i++) {
        const HistoryPeriod *hp = &h->periods[i];
        lua_createtable(L, 0, 8);
        lua_createtable(L, 0, 4);
        set_string(L, "id", hp->period.id);
        set_string(L, "kind", calendar_period_kind_name(hp->period.kind));
        set_date(L, "from", hp->period.start);
        set_date(L, "to", hp->period.end);
        sandbox_fixed_from(L);
        lua_setfield(L, -2, "period");
        lua_createtable(L, 0, (int)hp->nmetrics); /* entry, metrics */
        lua_createtable(L, 0, (int)hp->nmetrics); /* entry, metrics, met */
        lua_createtable(L, 0, (int)hp->nmetrics); /* entry, metrics, met, declared */
        for (size_t k = 0; k < hp->nmetrics; k++) {
            const HistoryMetric *m = &hp->metrics[k];
            lua_pushboolean(L, 1);
            lua_setfield(L, -2, m->name);
            if (m->present) {
                if (m->value.currency[0])
                    luaapi_push_money(L, m->value);
                else
                    luaapi_push_number(L, m->value);
                lua_setfield(L, -4, m->name);
            }
            if (m->met >= 0) {
                lua_pushboolean(L, m->met);
                lua_setfield(L, -3, m->name);
            }
        }
        /* A name the period did not declare is an error in metrics and met alike, so a
         * misspelt metric never reads as "not measured". */
        for (int t = -3; t <= -2; t++) {
            lua_newtable(L); /* ..., declared, mt */
            lua_pushvalue(L, -2);
            lua_pushstring(L, hp->period.id);
            lua_pushcclosure(L, history_metrics_index, 2);
            lua_setfield(L, -2, "__index");
            lua_pushboolean(L, 0);
            lua_setfield(L, -2, "__metatable");
            lua_setmetatable(L, t - 1);
        }
        lua_pop(L, 1);
        sandbox_fixed_from(L);
        lua_setfield(L, -3, "met");
        sandbox_fixed_from(L);
        lua_setfield(L, -2, "metrics");
        lua_createtable(L, (int)hp->nlines, 0);
        for (size_t k = 0; k < hp->nlines; k++) {
            push_line(L, &hp->lines[k]);
            lua_rawseti(L, -2, (lua_Integer)k + 1);
        }
        sandbox_fixed_from(L);
        lua_setfield(L, -2, "lines");
        luaapi_push_money(L, hp->charges);
        lua_setfield(L, -2, "charges");
        luaapi_push_money(L, hp->credits);
        lua_setfield(L, -2, "credits");
        luaapi_push_money(L, hp->net);
        lua_setfield(L, -2, "net");
        sandbox_fixed_from(L);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    sandbox_fixed_from(L);
}

/* The __index of ctx's contents: builds ctx.period, ctx.metrics and ctx.history when a term
 * first reads them, and keeps them for the settlement's other terms; and ctx.lines, the lines
 * settled before the running term, once for each term. Everything it builds is fixed, so
 * nothing one term writes reaches another. A ctx kept by a script past its settlement is
 * refused. */
static int ctx_index(lua_State *L)
{
    const char *key = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : NULL;
    static const char *const lazy[] = {"period", "metrics", "history", "lines"};
    size_t k = 0;
    while (key != NULL && k < 4 && strcmp(key, lazy[k]) != 0)
        k++;
    if (key == NULL || k == 4)
        return 0;
    Contract *c = lua_touserdata(L, lua_upvalueindex(1));
    const TermContext *tc = c->running;
    if (lua_tointeger(L, lua_upvalueindex(2)) != c->serial || tc == NULL)
        return luaL_error(L, "ctx.%s is read while its own settlement runs", key);
    if (k == 2 && !c->decl.history)
        return luaL_error(L, "ctx.history: the contract declares history = false, so its "
                             "terms see no earlier period (leave history = false out for "
                             "terms that look back)");
    if (k == 3) {
        if (c->lines_run != c->runs) {
            push_lines(L, tc);
            sandbox_unref(c->sandbox, c->lines_ref);
            c->lines_ref = luaL_ref(L, LUA_REGISTRYINDEX);
            c->lines_run = c->runs;
        }
        lua_rawgeti(L, LUA_REGISTRYINDEX, c->lines_ref);
        return 1;
    }
    if (k == 0)
        push_period(L, c, tc->period);
    else if (k == 1)
        push_metrics(L, c, tc, 0);
    else
        push_history(L, tc->history);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, -2);
    lua_rawset(L, 1);
    return 1;
}

/* ctx.declared[name]: what the contract says of each metric, for explanations. */
static void push_declared(lua_State *L, const Contract *c)
{
    lua_createtable(L, 0, (int)c->nmetrics);
    for (size_t i = 0; i < c->nmetrics; i++) {
        const MetricDecl *m = &c->metrics[i];
        lua_createtable(L, 0, 5);
        set_string(L, "unit", m->unit);
        if (m->has_better)
            set_string(L, "better", decl_direction_name(m->better));
        lua_pushboolean(L, m->required);
        lua_setfield(L, -2, "required");
        if (m->precision >= 0) {
            lua_pushinteger(L, m->precision);
            lua_setfield(L, -2, "precision");
        }
        if (m->has_target) {
            push_value(L, m, m->target);
            lua_setfield(L, -2, "target");
        }
        sandbox_fixed_from(L);
        lua_setfield(L, -2, m->name);
    }
    sandbox_fixed_from(L);
}

/* The parts of ctx that are the same in every settlement by the version in force, kept in
 * its settle table: ctx.contract, ctx.targets and ctx.declared, fixed. */
static void push_static_ctx(lua_State *L, Contract *c, int settle)
{
    settle = lua_absindex(L, settle);
    lua_createtable(L, 0, 11);
    set_string(L, "id", c->decl.id);
    set_string(L, "title", c->decl.title);
    set_string(L, "customer", c->decl.customer);
    set_string(L, "vendor", c->decl.vendor);
    set_string(L, "currency", c->decl.currency);
    set_string(L, "rounding", money_rounding_name(c->decl.rounding));
    set_string(L, "version", c->decl.versions[c->version].name);
    lua_pushinteger(L, c->decl.minor_unit);
    lua_setfield(L, -2, "minor_unit");
    set_date(L, "effective_from", c->decl.effective_from);
    set_date(L, "effective_to", c->decl.effective_to);
    sandbox_fixed_from(L);
    lua_setfield(L, settle, "contract");
    push_metrics(L, c, NULL, 1);
    lua_setfield(L, settle, "targets");
    push_declared(L, c);
    lua_setfield(L, settle, "declared");
}

/* ctx: one fixed table for every term of a settlement, so nothing one term writes reaches
 * another. What is the same in every settlement was built when the contract loaded; the
 * period, the metrics, the earlier periods and the lines so far are built when a term first
 * reads them. */
static void push_ctx(lua_State *L, Contract *c, int settle)
{
    if (c->ctx_ref != LUA_NOREF) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, c->ctx_ref);
        return;
    }
    lua_createtable(L, 0, 8);
    static const char *const loaded[] = {"contract", "targets", "declared", "params"};
    for (size_t k = 0; k < 4; k++) {
        lua_getfield(L, settle, loaded[k]);
        lua_setfield(L, -2, loaded[k]);
    }
    set_string(L, "currency", c->decl.currency);
    lua_createtable(L, 0, 2);
    lua_pushlightuserdata(L, (void *)c);
    lua_pushinteger(L, c->serial);
    lua_pushcclosure(L, ctx_index, 2);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    sandbox_fixed_from(L);
    lua_pushvalue(L, -1);
    c->ctx_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

/* Raises, naming the term's line, after recording the error once. */
#define result_fail(a, L, ...)                                                                     \
    fail(L, (a)->err, (a)->c->decl.path, (a)->c->term_lines[(a)->i], OCE_ESCRIPT, __VA_ARGS__)

/* Whether the key at x is reported before the one at y, so that of several bad keys the
 * message names the same one whatever the table's layout: strings (in byte order), then
 * numbers (ascending), then booleans, then other types. */
static int key_before(lua_State *L, int x, int y)
{
    static const int rank[LUA_NUMTYPES] = {
        [LUA_TSTRING] = 0,   [LUA_TNUMBER] = 1,   [LUA_TBOOLEAN] = 2,       [LUA_TTABLE] = 3,
        [LUA_TFUNCTION] = 3, [LUA_TUSERDATA] = 3, [LUA_TLIGHTUSERDATA] = 3, [LUA_TTHREAD] = 3};
    int rx = rank[lua_type(L, x)], ry = rank[lua_type(L, y)];
    if (rx != ry || rx == 3)
        return rx < ry;
    if (rx == 0) {
        size_t lx, ly;
        const char *sx = lua_tolstring(L, x, &lx), *sy = lua_tolstring(L, y, &ly);
        int c = memcmp(sx, sy, lx < ly ? lx : ly);
        return c < 0 || (c == 0 && lx < ly);
    }
    if (rx == 1)
        return lua_compare(L, x, y, LUA_OPLT); /* numbers: raw, no metamethod */
    return !lua_toboolean(L, x) && lua_toboolean(L, y);
}

/* Keeps in slot `keep` the key on top of the stack if it is reported before the one there. */
static void keep_first_key(lua_State *L, int keep)
{
    if (lua_isnil(L, keep) || key_before(L, -1, keep)) {
        lua_pushvalue(L, -1);
        lua_replace(L, keep);
    }
}

/* Refuses a key of result table t that is not one of its kind's fields, suggesting the
 * closest: a misspelt `explanaton` must not vanish from the invoice unnoticed. */
static void check_fields(RunArgs *a, lua_State *L, int t, const char *what,
                         const char *const *known, size_t n)
{
    t = lua_absindex(L, t);
    lua_pushnil(L); /* the unknown key to report */
    int bad = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        sandbox_charge(L, 1);
        size_t k = 0;
        while (lua_type(L, -1) == LUA_TSTRING && k < n && strcmp(lua_tostring(L, -1), known[k]))
            k++;
        if (lua_type(L, -1) != LUA_TSTRING || k == n)
            keep_first_key(L, bad);
    }
    if (lua_isnil(L, bad)) {
        lua_pop(L, 1);
        return;
    }
    char shown[64], fields[200] = "";
    show_key(L, bad, shown, sizeof shown);
    const char *hint =
        lua_type(L, bad) == LUA_TSTRING ? error_suggest(lua_tostring(L, bad), known, n) : NULL;
    for (size_t k = 1; k < n; k++) /* known[0] is kind */
        snprintf(fields + strlen(fields), sizeof fields - strlen(fields), "%s%s",
                 k == 1       ? ""
                 : k + 1 == n ? " and "
                              : ", ",
                 known[k]);
    if (hint != NULL)
        result_fail(a, L, "%s: unknown field %s (did you mean '%s'?)", what, shown, hint);
    result_fail(a, L, "%s: unknown field %s (its fields are kind, %s)", what, shown, fields);
}

#define NOT_A_LIST ((size_t)-1)

/* The length of list t, a term's results or a limit's terms: its keys must be 1, 2, ..., n
 * and nothing else. lua_rawlen finds some border, so past a gap (a nil in a list literal)
 * results would be lost unseen; so would anything under another key. NOT_A_LIST when t has
 * keys but none of them a position. `what` names the list in messages, `item` what it holds. */
static size_t list_length(RunArgs *a, lua_State *L, int t, const char *what, const char *item)
{
    t = lua_absindex(L, t);
    size_t count = 0;
    lua_Integer last = 0;
    lua_pushnil(L); /* the first key that is not a position */
    int bad = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        sandbox_charge(L, 1);
        if (++count > OUTPUTS_MAX)
            result_fail(a, L, "%s holds more than %d %ss; at most %d are allowed", what,
                        OUTPUTS_MAX, item, OUTPUTS_MAX);
        if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1)
            last = lua_tointeger(L, -1) > last ? lua_tointeger(L, -1) : last;
        else
            keep_first_key(L, bad);
    }
    if (!lua_isnil(L, bad)) {
        char shown[64];
        show_key(L, bad, shown, sizeof shown);
        if (last == 0) {
            lua_pop(L, 1);
            return NOT_A_LIST;
        }
        result_fail(a, L,
                    "%s has the key %s, which is not a position: a list holds its %ss at "
                    "1, 2, 3, ... and nothing else",
                    what, shown, item);
    }
    lua_pop(L, 1);
    if ((lua_Integer)count < last) {
        lua_Integer gap = 1; /* the first missing position: at most count + 1 */
        while (lua_rawgeti(L, t, gap) != LUA_TNIL)
            lua_pop(L, 1), gap++;
        lua_pop(L, 1);
        result_fail(a, L,
                    "%s has a gap: no %s at %lld, but one at %lld (a nil in a list leaves "
                    "a gap, and what comes after it would be lost)",
                    what, item, (long long)gap, (long long)last);
    }
    return count;
}

static const char *text_field(RunArgs *a, lua_State *L, int t, const char *key, size_t max,
                              int required)
{
    Contract *c = a->c;
    int type = field(L, t, key);
    if (type == LUA_TNIL && !required) {
        lua_pop(L, 1);
        return NULL;
    }
    size_t len = 0;
    const char *s = type == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
    if (s == NULL || len == 0 || len > max || !valid_utf8(s, len))
        fail(L, a->err, c->decl.path, c->term_lines[a->i], OCE_ESCRIPT,
             "result '%s' must be text of 1 to %zu bytes (printable UTF-8)", key, max);
    const char *copy = arena_strndup(a->arena, s, len);
    lua_pop(L, 1);
    if (copy == NULL)
        fail(L, a->err, NULL, 0, OCE_ENOMEM, "out of memory");
    return copy;
}

static Money amount_field(RunArgs *a, lua_State *L, int t, const char *key)
{
    Contract *c = a->c;
    Money m;
    char why[512];
    field(L, t, key);
    if (luaapi_to_money(L, -1, &m, why, sizeof why) != 0)
        fail(L, a->err, c->decl.path, c->term_lines[a->i], OCE_ESCRIPT, "result '%s': %s", key,
             why);
    lua_pop(L, 1);
    if (m.currency[0] && strcmp(m.currency, c->decl.currency) != 0)
        fail(L, a->err, c->decl.path, c->term_lines[a->i], OCE_EMONEY,
             "result '%s' is in %s but the contract is in %s", key, m.currency, c->decl.currency);
    snprintf(m.currency, sizeof m.currency, "%s", c->decl.currency);
    return m;
}

static void read_line(RunArgs *a, lua_State *L, int t, TermOutput *o, LineKind kind)
{
    o->kind = OUTPUT_LINE;
    o->line_kind = kind;
    o->amount = amount_field(a, L, t, "amount");
    o->description = text_field(a, L, t, "description", DESCRIPTION_MAX, 1);
    o->explanation = text_field(a, L, t, "explanation", EXPLANATION_MAX, 0);
    if (o->explanation == NULL)
        o->explanation = o->description;
    if (kind != LINE_SHARE && money_sign(o->amount) < 0)
        fail(L, a->err, a->c->decl.path, a->c->term_lines[a->i], OCE_ESCRIPT,
             "a %s amount cannot be negative (a credit is written as a positive amount)",
             settlement_kind_name(kind));
    if (kind == LINE_CREDIT)
        o->amount = money_neg(o->amount);
    o->forgone = money_zero(a->c->decl.currency);
    if (field(L, t, "forgone") != LUA_TNIL) {
        lua_pop(L, 1);
        o->forgone = amount_field(a, L, t, "forgone");
        if (money_sign(o->forgone) < 0)
            fail(L, a->err, a->c->decl.path, a->c->term_lines[a->i], OCE_ESCRIPT,
                 "result 'forgone' cannot be negative (it is what a cap took off the line)");
    } else {
        lua_pop(L, 1);
    }
}

/* An optional amount of a limit; 1 when given. */
static int bound_field(RunArgs *a, lua_State *L, int t, const char *key, Money *out)
{
    int type = field(L, t, key);
    lua_pop(L, 1);
    if (type == LUA_TNIL)
        return 0;
    *out = amount_field(a, L, t, key);
    return 1;
}

/* The names of earlier terms a limit bounds, as their indexes. */
static void read_limit_terms(RunArgs *a, lua_State *L, TermOutput *o)
{
    Contract *c = a->c;
    int line = c->term_lines[a->i];
    size_t n = list_length(a, L, -1, "limit: 'terms'", "name");
    if (n == NOT_A_LIST)
        result_fail(a, L,
                    "limit: 'terms' must be a list of term names, or left out to limit the net");
    if (n == 0)
        fail(L, a->err, c->decl.path, line, OCE_ESCRIPT,
             "limit: 'terms' is an empty list (leave it out to limit the net)");
    size_t *terms = arena_alloc(a->arena, n * sizeof *terms);
    if (terms == NULL)
        fail(L, a->err, NULL, 0, OCE_ENOMEM, "out of memory");
    o->terms = terms;
    for (size_t k = 0; k < n; k++) {
        sandbox_charge(L, (long long)a->i);
        const char *name =
            lua_rawgeti(L, -1, (lua_Integer)k + 1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
        size_t j = 0;
        while (j < a->i && strcmp(c->terms[j], name) != 0)
            j++;
        if (j == a->i) {
            const char *hint = error_suggest(name, (const char *const *)c->terms, a->i);
            fail(L, a->err, c->decl.path, line, OCE_ESCRIPT,
                 "limit: '%s' is not a term declared before this one%s%s%s", name,
                 hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
        }
        terms[o->nterms++] = j;
        lua_pop(L, 1);
    }
}

/* limit { terms = {...} or none, at_most = ..., at_least = ..., description = ... } */
static void read_limit(RunArgs *a, lua_State *L, int t, TermOutput *o)
{
    Contract *c = a->c;
    int line = c->term_lines[a->i];
    o->kind = OUTPUT_LIMIT;
    o->description = text_field(a, L, t, "description", DESCRIPTION_MAX, 1);
    o->has_max = bound_field(a, L, t, "at_most", &o->max);
    o->has_min = bound_field(a, L, t, "at_least", &o->min);
    if (!o->has_max && !o->has_min)
        fail(L, a->err, c->decl.path, line, OCE_ESCRIPT,
             "limit: give 'at_most', 'at_least' or both");
    int cmp = 0;
    if (o->has_max && o->has_min && money_cmp(o->min, o->max, &cmp, NULL) == 0 && cmp > 0)
        fail(L, a->err, c->decl.path, line, OCE_ESCRIPT,
             "limit: 'at_least' is more than 'at_most'");
    int type = field(L, t, "terms");
    if (type == LUA_TTABLE) {
        sandbox_push_contents(L, -1); /* a list the script made when it loaded is fixed */
        lua_replace(L, -2);
        if ((o->has_max && money_sign(o->max) < 0) || (o->has_min && money_sign(o->min) < 0))
            fail(L, a->err, c->decl.path, line, OCE_ESCRIPT,
                 "limit: the bounds of a group of terms cannot be negative (they bound how much "
                 "its lines come to)");
        read_limit_terms(a, L, o);
    } else if (type != LUA_TNIL) {
        fail(L, a->err, c->decl.path, line, OCE_ESCRIPT,
             "limit: 'terms' must be a list of term names, or left out to limit the net");
    }
    lua_pop(L, 1);
}

static void read_shortfall(RunArgs *a, lua_State *L, int t, TermOutput *o)
{
    Contract *c = a->c;
    o->kind = OUTPUT_SHORTFALL;
    const char *metric = text_field(a, L, t, "metric", NAME_MAX_LEN, 1);
    o->explanation = text_field(a, L, t, "explanation", EXPLANATION_MAX, 0);
    for (size_t k = 0; k < c->nmetrics; k++) {
        if (strcmp(c->metrics[k].name, metric) != 0)
            continue;
        if (!a->tc->present[k] || !c->metrics[k].has_target)
            fail(L, a->err, c->decl.path, c->term_lines[a->i], OCE_ESCRIPT,
                 "shortfall: metric '%s' has no %s this period", metric,
                 a->tc->present[k] ? "target" : "value");
        o->metric = c->metrics[k].name;
        return;
    }
    fail(L, a->err, c->decl.path, c->term_lines[a->i], OCE_ESCRIPT,
         "shortfall: unknown metric '%s'", metric);
}

/* Results are read raw, as plain tables: behind a metatable's __index a line or a list
 * would read as an empty one, and be lost. */
static void plain_table(RunArgs *a, lua_State *L, int t, const char *what)
{
    if (!lua_getmetatable(L, t))
        return;
    lua_pop(L, 1);
    result_fail(a, L,
                "%s has a metatable; return plain tables, as charge(...) and the other "
                "helpers make them",
                what);
}

/* Result pos of the term (0 when it returned one result rather than a list). */
static void read_output(RunArgs *a, lua_State *L, int t, size_t pos, TermOutput *o)
{
    static const char *const kinds[] = {"charge", "credit", "bonus", "share", "shortfall", "limit"};
    static const char *const line_fields[] = {"kind", "amount", "description", "explanation",
                                              "forgone"};
    static const char *const shortfall_fields[] = {"kind", "metric", "explanation"};
    static const char *const limit_fields[] = {"kind", "terms", "at_most", "at_least",
                                               "description"};
    const char *kind = field(L, t, "kind") == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    size_t k = 0;
    while (kind && k < 6 && strcmp(kind, kinds[k]) != 0)
        k++;
    lua_pop(L, 1); /* kind stays valid: the result table still holds it */
    if (kind == NULL || k == 6)
        fail(L, a->err, a->c->decl.path, a->c->term_lines[a->i], OCE_ESCRIPT,
             "the term returned something that is not a line: return charge(...), "
             "credit(...), bonus(...), share(...), shortfall(...) or limit { ... }, or a "
             "list of them");
    char what[48];
    if (pos == 0)
        snprintf(what, sizeof what, "%s", kinds[k]);
    else
        snprintf(what, sizeof what, "result %zu (%s)", pos, kinds[k]);
    if (k < 4)
        check_fields(a, L, t, what, line_fields, 5);
    else if (k == 4)
        check_fields(a, L, t, what, shortfall_fields, 3);
    else
        check_fields(a, L, t, what, limit_fields, 5);
    if (k < 4)
        read_line(a, L, t, o, (LineKind)k);
    else if (k == 4)
        read_shortfall(a, L, t, o);
    else
        read_limit(a, L, t, o);
}

/* A term returns nothing, one result, or a list of results. */
static void read_outputs(RunArgs *a, lua_State *L, int t)
{
    if (lua_isnil(L, t))
        return;
    /* Results the script made when it loaded are fixed: read their contents. */
    sandbox_push_contents(L, t);
    lua_replace(L, t);
    if (!lua_istable(L, t))
        fail(L, a->err, a->c->decl.path, a->c->term_lines[a->i], OCE_ESCRIPT,
             "the term returned a %s; return a line, a list of lines, or nothing",
             luaL_typename(L, t));
    plain_table(a, L, t, "the term's result");
    int single = field(L, t, "kind") != LUA_TNIL;
    lua_pop(L, 1);
    size_t n = single ? 1 : (size_t)lua_rawlen(L, t);
    if (n > OUTPUTS_MAX)
        fail(L, a->err, a->c->decl.path, a->c->term_lines[a->i], OCE_ESCRIPT,
             "the term returned %zu results; at most %d are allowed", n, OUTPUTS_MAX);
    if (!single) {
        n = list_length(a, L, t, "the term's list of results", "result");
        if (n == NOT_A_LIST) /* neither a line nor a list of them: read_output says so */
            single = 1, n = 1;
    }
    a->out = arena_alloc(a->arena, (n ? n : 1) * sizeof *a->out);
    if (a->out == NULL)
        fail(L, a->err, NULL, 0, OCE_ENOMEM, "out of memory");
    for (size_t k = 0; k < n; k++) {
        if (single)
            lua_pushvalue(L, t);
        else if (lua_rawgeti(L, t, (lua_Integer)k + 1) != LUA_TTABLE)
            fail(L, a->err, a->c->decl.path, a->c->term_lines[a->i], OCE_ESCRIPT,
                 "result %zu of the term is not a line", k + 1);
        else {
            sandbox_push_contents(L, -1);
            lua_replace(L, -2);
            char what[48];
            snprintf(what, sizeof what, "result %zu of the term", k + 1);
            plain_table(a, L, -1, what);
        }
        read_output(a, L, lua_gettop(L), single ? 0 : k + 1, &a->out[k]);
        a->nout = k + 1;
        lua_pop(L, 1);
    }
}

static int run_term(lua_State *L)
{
    RunArgs *a = lua_touserdata(L, 1);
    Contract *c = a->c;
    lua_rawgeti(L, LUA_REGISTRYINDEX, c->settle_refs[c->version]);
    sandbox_push_contents(L, -1); /* fixed when the contract loaded */
    lua_replace(L, -2);
    int settle = lua_gettop(L);
    lua_rawgeti(L, settle, (lua_Integer)a->i + 1); /* settle, run */
    push_ctx(L, c, settle);
    lua_call(L, 1, LUA_MULTRET);
    /* Only one value is read; of return charge(...), credit(...) the credit would be lost. */
    int nresults = lua_gettop(L) - settle;
    if (nresults > 1)
        fail(L, a->err, c->decl.path, c->term_lines[a->i], OCE_ESCRIPT,
             "the term returned %d values; return one line, or a list of lines in braces: "
             "return { charge(...), credit(...) }",
             nresults);
    if (nresults == 0)
        lua_pushnil(L);
    read_outputs(a, L, lua_gettop(L));
    return 0;
}

/* The runner's run: term i of the version begun. */
static int contract_run_term(void *self, size_t i, const TermContext *tc, Arena *arena,
                             TermOutput **out, size_t *nout, OceError *err)
{
    Contract *c = self;
    lua_State *L = sandbox_state(c->sandbox);
    RunArgs a = {c, i, tc, arena, NULL, 0, err};
    lua_pushcfunction(L, run_term);
    lua_pushlightuserdata(L, &a);
    sandbox_watch_line(c->sandbox, c->term_lines[i]);
    c->in_term = true;
    c->running = tc;
    c->runs++;
    running_contract = c;
    int rc = sandbox_pcall(c->sandbox, 1, 0, c->terms[i], err);
    running_contract = NULL;
    c->running = NULL;
    c->in_term = false;
    if (rc != 0) {
        error_at(err, c->decl.path, c->term_lines[i]); /* raised inside the term library */
        return -1;
    }
    *out = a.out;
    *nout = a.nout;
    return 0;
}

TermRunner contract_runner(Contract *c)
{
    return (TermRunner){contract_begin, contract_run_term, c};
}
