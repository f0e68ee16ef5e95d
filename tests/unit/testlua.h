/*
 * testlua: what the tests that run Lua share: a register of the sandboxes a test makes (so a
 * teardown frees them even when the test fails), running a script the way contract.c runs a
 * term (a text chunk named t.lua, a fresh environment and budget, one protected call as term
 * "fee"), and describing a result as a string to compare with an expected one.
 */
#ifndef OCE_TESTLUA_H
#define OCE_TESTLUA_H

#include <stdio.h>

#include <lua.h>

#include "luaapi.h"
#include "sandbox.h"
#include "testutil.h"

#define FILE_NAME "t.lua"
#define TERM "fee"

static Sandbox *live_sandboxes[8];

static inline Sandbox *track(Sandbox *s)
{
    for (size_t i = 0; i < 8; i++) {
        if (live_sandboxes[i] == NULL) {
            live_sandboxes[i] = s;
            return s;
        }
    }
    fail_msg("more than 8 sandboxes at once");
    return s;
}

static inline void release(Sandbox *s)
{
    for (size_t i = 0; i < 8; i++)
        if (live_sandboxes[i] == s)
            live_sandboxes[i] = NULL;
    sandbox_free(s);
}

/* A teardown: frees every sandbox the test made and did not release. */
static inline int release_all(void **state)
{
    (void)state;
    for (size_t i = 0; i < 8; i++) {
        sandbox_free(live_sandboxes[i]);
        live_sandboxes[i] = NULL;
    }
    return 0;
}

/* A tracked sandbox with these limits and the money API, as contract.c makes one; the
 * memory limit is the state's alone, so that the cases do not depend on the test process. */
static inline Sandbox *sandbox_with(long long instructions, size_t memory, long long timeout_ms)
{
    SandboxLimits limits = {instructions, memory, timeout_ms, 1};
    OceError err;
    error_init(&err);
    Sandbox *s = sandbox_new(&limits, &err);
    if (s == NULL)
        fail_msg("sandbox_new: %s", err.message);
    luaapi_register(s);
    return track(s);
}

/* Runs text as the chunk t.lua, in a fresh environment with a fresh budget, as term "fee",
 * with the nargs values on top of the stack as its arguments (...). Returns 0 with the one
 * result on the stack, or -1 with err filled; either way the arguments are gone and the
 * stack is otherwise as it was. */
static inline int run_chunk(Sandbox *s, const char *text, int nargs, OceError *err)
{
    lua_State *L = sandbox_state(s);
    int top = lua_gettop(L) - nargs;
    error_init(err);
    sandbox_begin(s, NULL);
    if (sandbox_load(s, FILE_NAME, text, strlen(text), err) != 0) {
        lua_settop(L, top);
        return -1;
    }
    sandbox_push_env(s);
    lua_setupvalue(L, -2, 1); /* the chunk's _ENV */
    lua_insert(L, top + 1);   /* chunk, args */
    int rc = sandbox_pcall(s, nargs, 1, TERM, err);
    assert_int_equal(lua_gettop(L), top + (rc == 0));
    return rc;
}

/* Describes the value at idx: money as its shortest exact form and its currency ("86500.5
 * GBP", "0.3"), strings as they are, other values as tostring would show them. */
static inline void describe(lua_State *L, int idx, char *buf, size_t size)
{
    const Money *m = luaapi_test_money(L, idx);
    if (m != NULL) {
        char amount[MONEY_STR_MAX];
        money_format(*m, -1, amount, sizeof amount);
        snprintf(buf, size, "%s%s%s", amount, m->currency[0] ? " " : "", m->currency);
        return;
    }
    switch (lua_type(L, idx)) {
    case LUA_TSTRING: snprintf(buf, size, "%s", lua_tostring(L, idx)); return;
    case LUA_TBOOLEAN: snprintf(buf, size, "%s", lua_toboolean(L, idx) ? "true" : "false"); return;
    case LUA_TNIL: snprintf(buf, size, "nil"); return;
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx))
            snprintf(buf, size, "%lld", (long long)lua_tointeger(L, idx));
        else
            snprintf(buf, size, "%.17g", lua_tonumber(L, idx));
        return;
    }
    snprintf(buf, size, "%s", lua_typename(L, lua_type(L, idx)));
}

#endif
