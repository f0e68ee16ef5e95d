#include "lctx.h"

#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "ldecl.h"
#include "lread.h"
#include "luaapi.h"

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

int lctx_capture(lua_State *L)
{
    Contract *c = lua_touserdata(L, 1);
    const DeclVersion *v = &c->decl.versions[c->version];
    lua_settop(L, 1);
    /* The declaration ldecl_read has just read and checked, from the same run: its tables are
     * where it found them. */
    lua_getfield(L, LUA_REGISTRYINDEX, DECL_KEY); /* c, decl */
    /* The declarations holding the version's terms and params: the contract, or one of its
     * amendments. */
    for (int which = 0; which < 2; which++) {
        int k = which ? v->params_decl : v->terms_decl;
        if (k == 0) {
            lua_pushvalue(L, 2);
        } else {
            field(L, 2, "amendments");
            lua_rawgeti(L, -1, k);
            lua_remove(L, -2);
        }
    }                  /* c, decl, terms' declaration, params' declaration */
    lua_replace(L, 2); /* c, params' declaration, terms' declaration */
    field(L, 3, "terms");
    lua_replace(L, 3);                     /* c, params' declaration, terms */
    lua_createtable(L, (int)c->nterms, 1); /* c, params' declaration, terms, settle */
    for (size_t i = 0; i < c->nterms; i++) {
        lua_rawgeti(L, 3, (lua_Integer)i + 1);
        field(L, -1, "run");
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

/* The runner's begin: a settlement by version v. */
int lctx_begin(void *self, const DeclVersion *v, OceError *err)
{
    (void)err;
    Contract *c = self;
    ldecl_use_version(c, (size_t)(v - c->decl.versions));
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
int lctx_run(void *self, size_t i, const TermContext *tc, Arena *arena, TermOutput **out,
             size_t *nout, OceError *err)
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
    ldecl_running(c);
    int rc = sandbox_pcall(c->sandbox, 1, 0, c->terms[i], err);
    ldecl_running(NULL);
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
