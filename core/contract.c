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
#include "lctx.h"
#include "ldecl.h"
#include "lread.h"
#include "luaapi.h"

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

#define PARAMS_KEY "oce.params"

/* __index of a template's parameters: a name that was not given (upvalue 1 lists those
 * that were). */
static int param_missing(lua_State *L)
{
    const char *given = lua_tostring(L, lua_upvalueindex(1));
    if (lua_type(L, 2) != LUA_TSTRING)
        return luaL_error(L, "params: a parameter is read by its name, params.fee or "
                             "params[\"fee\"]");
    if (given[0] == '\0')
        return luaL_error(L,
                          "params.%s is not given: this script is a template, whose parameters "
                          "come from a portfolio (oce run --portfolio), a column each; none "
                          "were given",
                          lua_tostring(L, 2));
    return luaL_error(L, "params.%s is not given: the parameters given are %s", lua_tostring(L, 2),
                      given);
}

/* Sets the global `params` of the environment at 1 to the fixed table of the parameters
 * the Contract at 2 loads with, each a string. In a protected call: it allocates. */
static int set_params(lua_State *L)
{
    const Contract *c = lua_touserdata(L, 2);
    const ContractParams *p = c->params;
    size_t n = p != NULL ? p->n : 0;
    lua_pushliteral(L, "params");
    lua_createtable(L, 0, n < INT32_MAX ? (int)n : 0); /* env, c, "params", contents */
    luaL_Buffer given;
    luaL_buffinit(L, &given);
    for (size_t k = 0; k < n; k++) {
        if (k > 0)
            luaL_addstring(&given, ", ");
        luaL_addstring(&given, p->names[k]);
    }
    luaL_pushresult(&given);
    for (size_t k = 0; k < n; k++) {
        lua_pushstring(L, p->values[k]);
        lua_setfield(L, -3, p->names[k]);
    }
    lua_createtable(L, 0, 1); /* ..., contents, given, mt */
    lua_insert(L, -2);
    lua_pushcclosure(L, param_missing, 1);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, -2);
    sandbox_fixed_params(L); /* env, c, "params", params */
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, PARAMS_KEY);
    lua_rawset(L, 1);
    return 0;
}

/* Runs the chunk at 1, then refuses a script that gave the name params another value: it
 * would settle on parameters of its own, not the portfolio's. */
static int params_kept(lua_State *L)
{
    lua_settop(L, 1);
    lua_pushvalue(L, 1);
    lua_call(L, 0, 0);
    lua_getupvalue(L, 1, 1); /* the chunk's _ENV */
    lua_pushliteral(L, "params");
    lua_rawget(L, -2);
    lua_getfield(L, LUA_REGISTRYINDEX, PARAMS_KEY);
    if (!lua_rawequal(L, -1, -2))
        return luaL_error(L, "the script gives the name params a value of its own: a "
                             "template's parameters are the portfolio's (make a local of your "
                             "own)");
    return 0;
}

/* Runs the compiled script in a fresh environment, with its parameters; its contract { ...
 * } is kept. */
static int run_script(Contract *c, OceError *err)
{
    lua_State *L = sandbox_state(c->sandbox);
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, DECL_KEY);
    lua_rawgeti(L, LUA_REGISTRYINDEX, c->chunk_ref);
    sandbox_push_env(c->sandbox);
    lua_pushcfunction(L, set_params);
    lua_pushvalue(L, -2);
    lua_pushlightuserdata(L, c);
    if (sandbox_pcall(c->sandbox, 2, 0, NULL, err) != 0) {
        lua_pop(L, 2);
        return -1;
    }
    lua_setupvalue(L, -2, 1); /* the chunk's _ENV */
    lua_pushcfunction(L, params_kept);
    lua_insert(L, -2); /* params_kept, chunk */
    return sandbox_pcall(c->sandbox, 1, 0, NULL, err);
}

/* Copies the parameters into the declaration, for the documents to record. */
static int keep_params(Contract *c, const ContractParams *p, OceError *err)
{
    if (p == NULL || p->n == 0)
        return 0;
    Decl *d = &c->decl;
    d->param_names = arena_alloc(&d->arena, p->n * sizeof *d->param_names);
    d->param_values = arena_alloc(&d->arena, p->n * sizeof *d->param_values);
    if (d->param_names == NULL || d->param_values == NULL)
        return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
    for (size_t k = 0; k < p->n; k++)
        if ((d->param_names[k] = arena_strdup(&d->arena, p->names[k])) == NULL ||
            (d->param_values[k] = arena_strdup(&d->arena, p->values[k])) == NULL)
            return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
    d->nparams = p->n;
    return 0;
}

static int add_builtins(Sandbox *s, OceError *err)
{
    luaapi_register(s);
    ldecl_register(s);
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
    /* What the contract made is garbage now. A full collection for every contract of a run
     * would walk the whole term library each time; sandbox_tidy collects only when the
     * state has grown by a few MiB, so that what one contract used is not resident when
     * the next one's memory is measured. */
    if (c->own_sandbox)
        sandbox_free(c->sandbox);
    else if (--shared.users == 0)
        sandbox_tidy(c->sandbox);
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
    lua_pushcfunction(L, ldecl_read);
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

/* The SHA-256 of a script's text, remembered for the text loaded last: a template loaded for
 * many contracts of a run is hashed once (a 4 KB script is 115 thousand instructions). The
 * copy is kept for the process. */
static struct {
    char *text;
    size_t len;
    char sha256[DIGEST_HEX_SIZE];
} last_script;

static void script_digest(const char *text, size_t len, char out[DIGEST_HEX_SIZE])
{
    if (last_script.text != NULL && last_script.len == len &&
        memcmp(last_script.text, text, len) == 0) {
        memcpy(out, last_script.sha256, DIGEST_HEX_SIZE);
        return;
    }
    digest_sha256_hex(text, len, out);
    char *copy = malloc(len + 1);
    if (copy == NULL)
        return; /* nothing remembered: the next load hashes again */
    memcpy(copy, text, len);
    copy[len] = '\0';
    free(last_script.text);
    last_script.text = copy;
    last_script.len = len;
    memcpy(last_script.sha256, out, DIGEST_HEX_SIZE);
}

Contract *contract_load(const char *path, const SandboxLimits *limits, OceError *err)
{
    return contract_load_params(path, NULL, limits, err);
}

Contract *contract_load_params(const char *path, const ContractParams *params,
                               const SandboxLimits *limits, OceError *err)
{
    size_t len;
    char *text = contract_read_script(path, "contract script", &len, err);
    if (text == NULL)
        return NULL;
    Contract *c = contract_load_text(path, text, len, params, limits, err);
    free(text);
    return c;
}

Contract *contract_load_text(const char *path, const char *text, size_t len,
                             const ContractParams *params, const SandboxLimits *limits,
                             OceError *err)
{
    for (size_t k = 0; params != NULL && k < params->n; k++)
        if (!decl_param_name(params->names[k])) {
            error_set(err, OCE_EUSAGE, path, 0,
                      "parameter '%.60s' is not a name: a letter or '_', then letters, digits "
                      "and '_'",
                      params->names[k]);
            return NULL;
        }
    Contract *c = calloc(1, sizeof *c);
    if (c != NULL)
        arena_init(&c->decl.arena);
    if (c == NULL || (c->decl.path = arena_strdup(&c->decl.arena, path)) == NULL) {
        if (c != NULL)
            arena_free(&c->decl.arena);
        free(c);
        error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    script_digest(text, len, c->decl.script_sha256);
    c->chunk_ref = c->restore_ref = c->ctx_ref = c->lines_ref = LUA_NOREF;
    char guess[4];
    guess_currency(text, len, guess);
    c->sandbox = acquire(limits, &c->own_sandbox, err);
    if (c->sandbox != NULL) /* a fresh budget: the shared sandbox may hold a tripped limit */
        sandbox_begin(c->sandbox, NULL);
    int ok = c->sandbox && sandbox_load(c->sandbox, path, text, len, err) == 0 &&
             sandbox_ref(c->sandbox, &c->chunk_ref, err) == 0;
    c->params = params;
    if (ok)
        ok = declare(c, guess, err) == 0 && keep_params(c, params, err) == 0;
    c->params = NULL;
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

/* Takes what settling by each version runs, then fixes everything a term can reach: each
 * version's run functions, their upvalues (the helpers' settings, and any table of the
 * script's they hold, the declaration among them), the params copy and the static ctx. The
 * declaration itself has been read into C; nothing reads it again, so it is let go. */
static int prepare(Contract *c, OceError *err)
{
    lua_State *L = sandbox_state(c->sandbox);
    size_t in_force = c->version;
    c->settle_refs = arena_alloc(&c->decl.arena, (c->decl.nversions + 1) * sizeof *c->settle_refs);
    if (c->settle_refs == NULL)
        return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
    for (size_t k = 0; k < c->decl.nversions; k++)
        c->settle_refs[k] = LUA_NOREF;
    for (size_t k = 0; k < c->decl.nversions; k++) {
        ldecl_use_version(c, k);
        lua_pushcfunction(L, lctx_capture);
        lua_pushlightuserdata(L, c);
        if (sandbox_pcall(c->sandbox, 1, 0, NULL, err) != 0)
            return error_at(err, c->decl.path, c->decl.decl_line), -1;
    }
    ldecl_use_version(c, in_force);
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, DECL_KEY);
    int rc = 0;
    for (size_t k = 0; rc == 0 && k < c->decl.nversions; k++) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, c->settle_refs[k]);
        rc = sandbox_fix(c->sandbox, -1, &c->restore_ref, err);
        lua_pop(L, 1);
    }
    if (rc != 0)
        error_at(err, c->decl.path, c->decl.decl_line);
    return rc;
}

TermRunner contract_runner(Contract *c)
{
    return (TermRunner){lctx_begin, lctx_run, c};
}
