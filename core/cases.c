#include "cases.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "calendar.h"
#include "contract.h"
#include "luaapi.h"

#define CASES_KEY "oce.cases"
#define PARAMS_KEY "oce.cases.params"
#define CASES_MAX 1000   /* per file: a contract's examples, not a data set */
#define ENTRIES_MAX 1000 /* outcomes, lines or shortfalls in one case */
#define TEXT_MAX 200

typedef struct Reader {
    lua_State *L;
    const char *path;
    Arena *arena;
    OceError *err;
    const char *name; /* of the case being read */
    int line;
} Reader;

/* Records the error against the case being read and raises. */
static int fail(Reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(Reader *r, const char *fmt, ...)
{
    char msg[sizeof r->err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->name != NULL)
        error_set(r->err, OCE_ECONTRACT, r->path, r->line, "case \"%s\": %s", r->name, msg);
    else
        error_set(r->err, OCE_ECONTRACT, r->path, r->line, "%s", msg);
    return luaL_error(r->L, "%s", msg);
}

static const char *keep(Reader *r, const char *s, size_t len)
{
    const char *copy = arena_strndup(r->arena, s, len);
    if (copy == NULL) {
        error_set(r->err, OCE_ENOMEM, NULL, 0, "out of memory");
        luaL_error(r->L, "out of memory");
    }
    return copy;
}

static void *room(Reader *r, size_t n, size_t size)
{
    void *p = arena_alloc(r->arena, (n ? n : 1) * size);
    if (p == NULL) {
        error_set(r->err, OCE_ENOMEM, NULL, 0, "out of memory");
        luaL_error(r->L, "out of memory");
    }
    return p;
}

/* Pushes t[key] with raw access; returns its type. */
static int field(lua_State *L, int t, const char *key)
{
    lua_pushstring(L, key);
    return lua_rawget(L, t < 0 ? t - 1 : t);
}

/* A short text at idx, copied. */
static const char *text_at(Reader *r, int idx, const char *what)
{
    size_t len;
    if (lua_type(r->L, idx) != LUA_TSTRING)
        fail(r, "%s must be text, not %s", what, luaL_typename(r->L, idx));
    const char *s = lua_tolstring(r->L, idx, &len);
    if (len == 0 || len > TEXT_MAX || strlen(s) != len)
        fail(r, "%s must be 1 to %d characters of text", what, TEXT_MAX);
    return keep(r, s, len);
}

/* An amount or measured value at idx as decimal text: a string as written, a number or money
 * as its exact decimal. Whether it is a valid decimal is checked where it is used. */
static const char *decimal_at(Reader *r, int idx, const char *what)
{
    if (lua_type(r->L, idx) == LUA_TSTRING)
        return text_at(r, idx, what);
    Money m;
    char why[300], buf[MONEY_STR_MAX];
    if (luaapi_to_money(r->L, idx, &m, why, sizeof why) != 0)
        fail(r, "%s: %s", what, why);
    money_format(m, -1, buf, sizeof buf);
    return keep(r, buf, strlen(buf));
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The string keys of the table at t, sorted, so that a case is read the same whatever the
 * table's layout. */
static const char **sorted_keys(Reader *r, int t, const char *what, size_t *n)
{
    lua_State *L = r->L;
    t = lua_absindex(L, t);
    size_t count = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            fail(r, "%s: the keys must be names, not %s", what, luaL_typename(L, -1));
        if (++count > ENTRIES_MAX)
            fail(r, "%s: more than %d entries", what, ENTRIES_MAX);
    }
    const char **keys = room(r, count, sizeof *keys);
    *n = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        keys[(*n)++] = keep(r, lua_tostring(L, -1), lua_rawlen(L, -1));
    }
    qsort(keys, *n, sizeof *keys, by_name);
    return keys;
}

static void check_keys(Reader *r, int t)
{
    static const char *const known[] = {"period",  "outcomes",  "lines",      "charges",
                                        "credits", "net",       "shortfalls", "error",
                                        "history", "incidents", "metrics"};
    size_t n, k = sizeof known / sizeof *known;
    const char **keys = sorted_keys(r, t, "the case", &n);
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < k && strcmp(keys[i], known[j]) != 0)
            j++;
        if (j == k) {
            const char *hint = error_suggest(keys[i], known, k);
            fail(r, "unknown setting '%s'%s%s%s", keys[i], hint ? " (did you mean '" : "",
                 hint ? hint : "", hint ? "'?)" : "");
        }
    }
}

/* A file named in the tests file, relative to it. */
static const char *beside(Reader *r, const char *file)
{
    const char *slash = strrchr(r->path, '/');
    if (file[0] == '/' || slash == NULL)
        return file;
    const char *p = arena_printf(r->arena, "%.*s/%s", (int)(slash - r->path), r->path, file);
    if (p == NULL)
        fail(r, "out of memory");
    return p;
}

/* "file.csv" (beside the tests file) or { metric = value, ... }, at the top of the stack. */
static void read_values(Reader *r, const char *what, CaseOutcomes *o)
{
    lua_State *L = r->L;
    int type = lua_type(L, -1);
    if (type == LUA_TSTRING) {
        o->outcomes_file = beside(r, text_at(r, -1, what));
    } else if (type == LUA_TTABLE) {
        o->metrics = sorted_keys(r, -1, what, &o->nvalues);
        o->values = room(r, o->nvalues, sizeof *o->values);
        for (size_t i = 0; i < o->nvalues; i++) {
            const char *metric = arena_printf(r->arena, "metric \"%s\"", o->metrics[i]);
            if (metric == NULL)
                fail(r, "out of memory");
            field(L, -1, o->metrics[i]);
            o->values[i] = decimal_at(r, -1, metric);
            lua_pop(L, 1);
        }
    } else {
        fail(r, "%s must be a table { metric = \"value\", ... } or the name of a file", what);
    }
}

/* outcomes = "file.csv" (beside the tests file) or { metric = value, ... } */
static void read_outcomes(Reader *r, int t, TestCase *c)
{
    CaseOutcomes o = {0};
    if (field(r->L, t, "outcomes") != LUA_TNIL) /* none: a contract that measures nothing */
        read_values(r, "'outcomes'", &o);
    lua_pop(r->L, 1);
    c->outcomes_file = o.outcomes_file;
    c->metrics = o.metrics;
    c->values = o.values;
    c->nvalues = o.nvalues;
    c->history_file = o.outcomes_file;
}

/* history = "file.csv", or { ["2026-09"] = outcomes, ..., others = outcomes } */
static void read_history(Reader *r, int t, TestCase *c)
{
    lua_State *L = r->L;
    int type = field(L, t, "history");
    if (type == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    c->has_history = true;
    c->history_file = NULL;
    if (type == LUA_TSTRING) {
        c->history_file = beside(r, text_at(r, -1, "'history'"));
        lua_pop(L, 1);
        return;
    }
    if (type != LUA_TTABLE)
        fail(r, "'history' must be the name of an outcomes file, or a table { [\"2026-09\"] = "
                "{ metric = \"value\", ... }, others = { ... } }");
    size_t n;
    const char **keys = sorted_keys(r, -1, "'history'", &n);
    c->history = room(r, n, sizeof *c->history);
    for (size_t i = 0; i < n; i++) {
        CaseOutcomes *o = &c->history[c->nhistory];
        char what[96];
        snprintf(what, sizeof what, "history[\"%.40s\"]", keys[i]);
        field(L, -1, keys[i]);
        read_values(r, what, o);
        lua_pop(L, 1);
        if (strcmp(keys[i], "others") == 0) {
            c->others = o;
            continue;
        }
        Period p;
        OceError e;
        error_init(&e);
        if (calendar_parse_period(keys[i], &p, &e) != 0)
            fail(r, "history: '%.40s' is not a period such as \"2026-09\" (or others)", keys[i]);
        o->period = keys[i];
        c->nhistory++;
    }
    lua_pop(L, 1);
}

/* lines = { term = "amount" or { "amount", ... }, ... } */
static void read_lines(Reader *r, int t, TestCase *c)
{
    lua_State *L = r->L;
    int type = field(L, t, "lines");
    if (type == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    if (type != LUA_TTABLE)
        fail(r, "'lines' must be a table { term = \"amount\", ... }");
    c->check_lines = true;
    const char **terms = sorted_keys(r, -1, "'lines'", &c->nlines);
    c->lines = room(r, c->nlines, sizeof *c->lines);
    for (size_t i = 0; i < c->nlines; i++) {
        ExpectedLines *e = &c->lines[i];
        e->term = terms[i];
        if (field(L, -1, e->term) == LUA_TTABLE) {
            e->n = (size_t)lua_rawlen(L, -1);
            /* The amounts at 1, 2, ..., n and nothing else: one past a gap or under another
             * key would not be compared, and the case would pass without it. */
            size_t count = 0;
            int other = 0;
            lua_pushnil(L);
            while (lua_next(L, -2)) {
                lua_pop(L, 1);
                count++;
                other |= !lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 ||
                         (lua_Unsigned)lua_tointeger(L, -1) > e->n;
            }
            if (other || count != e->n)
                fail(r,
                     "lines of \"%s\": give a list of amounts, { \"1.00\", \"2.00\" }, with "
                     "nothing under other keys and no gaps",
                     e->term);
            if (e->n == 0 || e->n > ENTRIES_MAX)
                fail(r, "lines of \"%s\": give a list of amounts", e->term);
            e->amounts = room(r, e->n, sizeof *e->amounts);
            for (size_t k = 0; k < e->n; k++) {
                lua_rawgeti(L, -1, (lua_Integer)k + 1);
                e->amounts[k] = decimal_at(r, -1, "an amount");
                lua_pop(L, 1);
            }
        } else {
            e->n = 1;
            e->amounts = room(r, 1, sizeof *e->amounts);
            e->amounts[0] = decimal_at(r, -1, "an amount");
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* shortfalls = { metric = "amount" or { amount = ..., forgone = ... }, ... } */
static void read_shortfalls(Reader *r, int t, TestCase *c)
{
    lua_State *L = r->L;
    int type = field(L, t, "shortfalls");
    if (type == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    if (type != LUA_TTABLE)
        fail(r, "'shortfalls' must be a table { metric = \"amount\", ... }");
    c->check_shortfalls = true;
    const char **metrics = sorted_keys(r, -1, "'shortfalls'", &c->nshortfalls);
    c->shortfalls = room(r, c->nshortfalls, sizeof *c->shortfalls);
    for (size_t i = 0; i < c->nshortfalls; i++) {
        ExpectedShortfall *e = &c->shortfalls[i];
        e->metric = metrics[i];
        if (field(L, -1, e->metric) == LUA_TTABLE) {
            /* A misspelt key would leave what it states unchecked, and the case passing. */
            static const char *const fields[] = {"amount", "forgone"};
            size_t nkeys;
            const char **keys = sorted_keys(r, -1, "a shortfall", &nkeys);
            for (size_t k = 0; k < nkeys; k++)
                if (strcmp(keys[k], fields[0]) != 0 && strcmp(keys[k], fields[1]) != 0) {
                    const char *hint = error_suggest(keys[k], fields, 2);
                    fail(r, "shortfall of \"%s\": unknown field '%s' (%s%s%s)", e->metric, keys[k],
                         hint ? "did you mean '" : "its fields are amount and forgone",
                         hint ? hint : "", hint ? "'?" : "");
                }
            if (field(L, -1, "amount") != LUA_TNIL)
                e->amount = decimal_at(r, -1, "a shortfall's amount");
            lua_pop(L, 1);
            if (field(L, -1, "forgone") != LUA_TNIL)
                e->forgone = decimal_at(r, -1, "a shortfall's forgone amount");
            lua_pop(L, 1);
        } else if (lua_toboolean(L, -1) && lua_type(L, -1) == LUA_TBOOLEAN) {
            /* metric = true: it must miss, whatever it cost */
        } else {
            e->amount = decimal_at(r, -1, "a shortfall's amount");
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

static const char *optional_decimal(Reader *r, int t, const char *key)
{
    const char *v = NULL;
    if (field(r->L, t, key) != LUA_TNIL)
        v = decimal_at(r, -1, key);
    lua_pop(r->L, 1);
    return v;
}

static void read_case(Reader *r, int entry, TestCase *c)
{
    lua_State *L = r->L;
    field(L, entry, "name");
    c->name = keep(r, lua_tostring(L, -1), lua_rawlen(L, -1));
    lua_pop(L, 1);
    field(L, entry, "line");
    c->line = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    r->name = c->name;
    r->line = c->line;
    field(L, entry, "spec"); /* entry, spec */
    int t = lua_gettop(L);
    check_keys(r, t);
    if (field(L, t, "period") != LUA_TSTRING)
        fail(r, "'period' must be a period such as \"2026-10\"");
    c->period = text_at(r, -1, "'period'");
    lua_pop(L, 1);
    read_outcomes(r, t, c);
    read_history(r, t, c);
    read_lines(r, t, c);
    read_shortfalls(r, t, c);
    c->charges = optional_decimal(r, t, "charges");
    c->credits = optional_decimal(r, t, "credits");
    c->net = optional_decimal(r, t, "net");
    if (field(L, t, "error") != LUA_TNIL)
        c->error = text_at(r, -1, "'error'");
    lua_pop(L, 1);
    int type = field(L, t, "incidents");
    if (type != LUA_TNIL && type != LUA_TSTRING)
        fail(r, "'incidents' must be the name of an incident log file");
    if (type == LUA_TSTRING)
        c->incidents_file = beside(r, text_at(r, -1, "'incidents'"));
    lua_pop(L, 1);
    if (field(L, t, "metrics") != LUA_TNIL) {
        CaseOutcomes m = {0};
        read_values(r, "'metrics'", &m);
        if (m.outcomes_file != NULL)
            fail(r, "'metrics' must be a table { metric = \"value\", ... }");
        c->expect_metrics = m.metrics;
        c->expect_values = m.values;
        c->nexpect = m.nvalues;
    }
    lua_pop(L, 2);
}

typedef struct LoadArgs {
    Reader *r;
    CaseFile *out;
} LoadArgs;

static int by_param(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    int cx = strcmp(x, "contract_id") == 0, cy = strcmp(y, "contract_id") == 0;
    return cx != cy ? cy - cx : strcmp(x, y);
}

/* params { name = "value", ... }, when the file gives a template's: contract_id first, then
 * by name. */
static void read_params(Reader *r, CaseFile *out)
{
    lua_State *L = r->L;
    if (lua_getfield(L, LUA_REGISTRYINDEX, PARAMS_KEY) != LUA_TTABLE) {
        lua_pop(L, 1);
        return;
    }
    int t = lua_gettop(L);
    size_t n = 0;
    for (lua_pushnil(L); lua_next(L, t); lua_pop(L, 1))
        n++;
    const char **names = room(r, n, sizeof *names);
    for (lua_pushnil(L); lua_next(L, t); lua_pop(L, 1)) {
        size_t len;
        if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
            fail(r, "params { name = \"value\", ... }: every parameter is a name and its value "
                    "as text (\"85000.00\")");
        const char *k = lua_tolstring(L, -2, &len);
        names[out->nparams++] = keep(r, k, len);
    }
    qsort(names, n, sizeof *names, by_param);
    const char **values = room(r, n, sizeof *values);
    for (size_t k = 0; k < n; k++) {
        size_t len;
        lua_getfield(L, t, names[k]);
        const char *v = lua_tolstring(L, -1, &len);
        values[k] = keep(r, v, len);
        lua_pop(L, 1);
    }
    out->param_names = names;
    out->param_values = values;
    lua_pop(L, 1);
}

/* params { ... }: the parameters the file's template is loaded with, once. */
static int l_params(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    if (lua_getfield(L, LUA_REGISTRYINDEX, PARAMS_KEY) != LUA_TNIL)
        return luaL_error(L, "params { ... } is given twice in one file");
    lua_settop(L, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, PARAMS_KEY);
    return 0;
}

static int read_cases(lua_State *L)
{
    LoadArgs *a = lua_touserdata(L, 1);
    Reader *r = a->r;
    read_params(r, a->out);
    lua_getfield(L, LUA_REGISTRYINDEX, CASES_KEY);
    size_t n = (size_t)lua_rawlen(L, -1);
    if (n == 0)
        fail(r, "the file declares no cases: write case \"name\" { period = ..., ... }");
    a->out->cases = room(r, n, sizeof *a->out->cases);
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, -1, (lua_Integer)i + 1);
        read_case(r, lua_gettop(L), &a->out->cases[i]);
        a->out->n = i + 1;
        lua_pop(L, 1);
    }
    return 0;
}

/* case "name" { ... }: the second call, with the settings. */
static int case_settings(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_getfield(L, LUA_REGISTRYINDEX, CASES_KEY); /* spec, list */
    lua_Integer n = (lua_Integer)lua_rawlen(L, 2) + 1;
    if (n > CASES_MAX)
        return luaL_error(L, "more than %d cases in one file", CASES_MAX);
    lua_createtable(L, 0, 3);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_setfield(L, -2, "name");
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_setfield(L, -2, "line");
    lua_pushvalue(L, 1);
    lua_setfield(L, -2, "spec");
    lua_rawseti(L, 2, n);
    return 0;
}

/* case "name": remembers the name and the line it is written on. */
static int l_case(lua_State *L)
{
    size_t len;
    const char *name = luaL_checklstring(L, 1, &len);
    if (len == 0 || len > TEXT_MAX || strlen(name) != len)
        return luaL_error(L, "a case needs a name of 1 to %d characters", TEXT_MAX);
    lua_Debug ar;
    int line = lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar) ? ar.currentline : 0;
    lua_settop(L, 1);
    lua_pushinteger(L, line);
    lua_pushcclosure(L, case_settings, 2);
    return 1;
}

int cases_load(const char *path, const SandboxLimits *limits, Arena *arena, CaseFile *out,
               OceError *err)
{
    memset(out, 0, sizeof *out);
    out->path = path;
    size_t len;
    char *text = contract_read_script(path, "the tests file", &len, err);
    if (text == NULL)
        return -1;
    Sandbox *s = sandbox_new(limits, err);
    int ok = s != NULL;
    if (ok) {
        lua_State *L = sandbox_state(s);
        luaapi_register(s);
        lua_pushcfunction(L, l_case);
        sandbox_set_builtin(s, "case");
        lua_pushcfunction(L, l_params);
        sandbox_set_builtin(s, "params");
        lua_newtable(L);
        lua_setfield(L, LUA_REGISTRYINDEX, CASES_KEY);
        sandbox_begin(s, NULL);
        ok = sandbox_load(s, path, text, len, err) == 0;
        if (ok) {
            sandbox_push_env(s);
            lua_setupvalue(L, -2, 1); /* the chunk's _ENV */
            ok = sandbox_pcall(s, 0, 0, NULL, err) == 0;
        }
        Reader r = {L, path, arena, err, NULL, 0};
        LoadArgs args = {&r, out};
        if (ok) {
            lua_pushcfunction(L, read_cases);
            lua_pushlightuserdata(L, &args);
            ok = sandbox_pcall(s, 1, 0, NULL, err) == 0;
        }
    }
    if (!ok)
        error_at(err, path, 0);
    sandbox_free(s);
    free(text);
    return ok ? 0 : -1;
}
