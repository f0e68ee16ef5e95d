/*
 * luaapi: what term scripts see of money. A money value in Lua is a full userdata holding a
 * Money, with arithmetic, comparison, concatenation and tostring metamethods, so that
 * `fee * 0.05` and `credit < cap` read as they would on paper and compute exactly (`/` as
 * money_quotient does). Lua numbers meet money only through luaapi_to_money: below 10^18 in
 * magnitude, integers as they are, floats through their shortest round-trip decimal (so the
 * literal 0.3 is exactly 0.3), never NaN or infinity. Money values are Lua-owned; C copies the
 * Money out.
 */
#ifndef OCE_LUAAPI_H
#define OCE_LUAAPI_H

#include <stddef.h>

#include <lua.h>

#include "money.h"
#include "sandbox.h"

/* Whole digits a Lua number may have to become money: it is below 10^18 in magnitude. */
#define LUAAPI_NUMBER_DIGITS 18

/* Adds money(), decimal(), is_money() and the money metatable to the sandbox's builtins. */
void luaapi_register(Sandbox *s);

/* The currency money("...") takes when none is given: the contract's, while settling. */
void luaapi_set_default_currency(lua_State *L, const char *currency);

void luaapi_push_money(lua_State *L, Money m);
/* The Money inside a money userdata, or NULL when idx holds something else. */
const Money *luaapi_test_money(lua_State *L, int idx);

/* Converts a money userdata or a Lua number at idx without raising. On failure writes why
 * into `why` and returns -1. */
int luaapi_to_money(lua_State *L, int idx, Money *out, char *why, size_t whysize);

/* Pushes a decimal as the Lua number a script compares with literals (99.95, 4, 0): an
 * integer when it is one, else the float Lua itself reads from the decimal's text. */
void luaapi_push_number(lua_State *L, Money m);

#endif
