#include "luaapi.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#define MONEY_MT "oce.money"
/* A Lua number becomes money only below 10^18 in magnitude (LUAAPI_NUMBER_DIGITS whole digits),
 * integer or float alike: Lua integer arithmetic wraps silently, so an integer out here is more
 * likely an overflow (math.maxinteger + 1) than an amount, and every metric value, which a term
 * may receive as a number, is below it (contract.h). Larger amounts are written as strings. */
#define INT_LIMIT 1000000000000000000LL

/* The money metatable is also kept in the registry under a ref the sandbox holds with its
 * address (sandbox_money_tag), so that telling a money value compares one pointer and making
 * one reads the registry's array part: it is done for every operand and result of every
 * operation. The metatable lives as long as the state, so no other table has its address. */
/* The default currency of money(), read by every call of it. */
static const char currency_key = 0;

const Money *luaapi_test_money(lua_State *L, int idx)
{
    if (lua_type(L, idx) != LUA_TUSERDATA || !lua_getmetatable(L, idx))
        return NULL;
    const void *mt = lua_topointer(L, -1);
    lua_pop(L, 1);
    return mt == sandbox_money_tag(L)->metatable ? lua_touserdata(L, idx) : NULL;
}

void luaapi_push_money(lua_State *L, Money m)
{
    Money *u = lua_newuserdatauv(L, sizeof *u, 0);
    *u = m;
    lua_rawgeti(L, LUA_REGISTRYINDEX, sandbox_money_tag(L)->ref);
    lua_setmetatable(L, -2);
}

/* Rewrites a "%g" form such as "1.5e-07" or "1e+15" as plain decimal digits. Returns 1 when
 * it has more than 30 digits before the point, -1 when its first digit is beyond 30 places. */
static int expand_exponent(const char *g, char *out, size_t size)
{
    const char *e = strchr(g, 'e');
    if (e == NULL)
        return snprintf(out, size, "%s", g) < (int)size ? 0 : 1;
    int exp = atoi(e + 1);
    int neg = g[0] == '-';
    char digits[40];
    size_t nd = 0;
    int point = -1;
    for (const char *p = g + neg; p < e && nd < sizeof digits - 1; p++) {
        if (*p == '.')
            point = (int)nd;
        else
            digits[nd++] = *p;
    }
    digits[nd] = '\0';
    int intlen = (point < 0 ? (int)nd : point) + exp; /* digits before the decimal point */
    if (intlen > 30 || intlen < -30)
        return intlen > 30 ? 1 : -1;
    size_t n = 0;
    if (neg)
        out[n++] = '-';
    if (intlen <= 0) {
        out[n++] = '0';
        out[n++] = '.';
        for (int i = 0; i < -intlen; i++)
            out[n++] = '0';
        snprintf(out + n, size - n, "%s", digits);
        return 0;
    }
    for (int i = 0; i < intlen; i++)
        out[n++] = i < (int)nd ? digits[i] : '0';
    out[n] = '\0';
    if (intlen < (int)nd)
        snprintf(out + n, size - n, ".%s", digits + intlen);
    return 0;
}

/* The one range rule for numbers becoming money (see INT_LIMIT), said of the number's text. */
static int out_of_range(const char *what, const char *text, const char *hint, char *why,
                        size_t whysize)
{
    snprintf(why, whysize,
             "%s %s is out of range: a number becomes money only below 10^18 (%swrite a larger "
             "amount as a decimal string)",
             what, text, hint);
    return -1;
}

static int inexact(const char *text, char *why, size_t whysize)
{
    snprintf(why, whysize,
             "number %s has more than 9 decimal places; it is probably the inexact result of "
             "arithmetic on plain numbers: compute with money() values instead",
             text);
    return -1;
}

/* The shortest decimal that reads back as the same float: what the author typed. */
/* The floats a process converts again and again (metric values, thresholds, percentages in
 * every settlement) are remembered: the conversion is a function of the double's bits alone,
 * and its three snprintf and strtod calls cost more than the rest of a term's arithmetic. */
#define FLOAT_MEMO 512

static struct {
    uint64_t bits;
    bool used;
    Money m;
} float_memo[FLOAT_MEMO];

static size_t memo_slot(uint64_t bits)
{
    return (size_t)((bits * 0x9E3779B97F4A7C15u) >> 55) % FLOAT_MEMO;
}

static int convert_float(lua_State *L, lua_Number f, Money *out, char *why, size_t whysize);

static int float_to_money(lua_State *L, lua_Number f, Money *out, char *why, size_t whysize)
{
    uint64_t bits;
    memcpy(&bits, &f, sizeof bits);
    size_t k = memo_slot(bits);
    if (float_memo[k].used && float_memo[k].bits == bits) {
        *out = float_memo[k].m;
        return 0;
    }
    if (convert_float(L, f, out, why, whysize) != 0)
        return -1;
    float_memo[k].bits = bits;
    float_memo[k].m = *out;
    float_memo[k].used = true;
    return 0;
}

static int convert_float(lua_State *L, lua_Number f, Money *out, char *why, size_t whysize)
{
    if (isnan(f))
        return snprintf(why, whysize, "not a number (NaN) cannot be an amount"), -1;
    if (isinf(f))
        return snprintf(why, whysize, "an infinite number cannot be an amount"), -1;
    char g[40], plain[80];
    /* If a decimal of 15 digits or fewer reads as f, "%.15g" finds it (a double's ulp is
     * less than half the spacing of 15-digit decimals), trailing zeros dropped; otherwise the
     * shortest has 16 or 17 digits. */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(g, sizeof g, "%.*g", prec, f);
        if (lua_stringtonumber(L, g) == 0)
            continue;
        lua_Number back = lua_tonumber(L, -1);
        lua_pop(L, 1);
        if (back == f)
            break;
    }
    int expanded = expand_exponent(g, plain, sizeof plain);
    if (expanded != 0)
        return expanded > 0 ? out_of_range("number", g, "", why, whysize)
                            : inexact(g, why, whysize);
    Money m;
    OceError e;
    error_init(&e);
    if (money_parse(plain, NULL, &m, &e) != 0) {
        if (strstr(e.message, "decimal places"))
            return inexact(g, why, whysize);
        return out_of_range("number", g, "", why, whysize); /* too large */
    }
    if (money_whole_digits(m) > LUAAPI_NUMBER_DIGITS)
        return out_of_range("number", g, "", why, whysize);
    *out = m;
    return 0;
}

int luaapi_to_money(lua_State *L, int idx, Money *out, char *why, size_t whysize)
{
    const Money *m = luaapi_test_money(L, idx);
    if (m != NULL) {
        *out = *m;
        return 0;
    }
    if (lua_isinteger(L, idx)) {
        lua_Integer i = lua_tointeger(L, idx);
        if (i >= INT_LIMIT || i <= -INT_LIMIT) {
            char text[32];
            snprintf(text, sizeof text, "%lld", (long long)i);
            return out_of_range("integer", text, "integer arithmetic may have wrapped around; ",
                                why, whysize);
        }
        *out = money_from_int((long long)i);
        return 0;
    }
    if (lua_type(L, idx) == LUA_TNUMBER)
        return float_to_money(L, lua_tonumber(L, idx), out, why, whysize);
    snprintf(why, whysize, "expected money or a number, got %s", luaL_typename(L, idx));
    return -1;
}

static Money check_money(lua_State *L, int idx)
{
    Money m;
    char why[300];
    if (luaapi_to_money(L, idx, &m, why, sizeof why) != 0)
        luaL_error(L, "%s", why);
    return m;
}

static int raise_money_error(lua_State *L, const OceError *e)
{
    return luaL_error(L, "%s", e->message);
}

typedef int (*BinaryOp)(Money, Money, Money *, OceError *);

/* The operation runs without an error struct (clearing one costs more than an addition); a
 * failure runs it again with one, for the message: money operations are pure. */
static int arith(lua_State *L, BinaryOp op)
{
    Money a = check_money(L, 1), b = check_money(L, 2), r;
    if (op(a, b, &r, NULL) != 0) {
        OceError e;
        error_init(&e);
        op(a, b, &r, &e);
        return raise_money_error(L, &e);
    }
    luaapi_push_money(L, r);
    return 1;
}

static int m_add(lua_State *L)
{
    return arith(L, money_add);
}

static int m_sub(lua_State *L)
{
    return arith(L, money_sub);
}

static int m_mul(lua_State *L)
{
    return arith(L, money_mul);
}

static int m_div(lua_State *L)
{
    return arith(L, money_quotient);
}

static int m_unm(lua_State *L)
{
    luaapi_push_money(L, money_neg(check_money(L, 1)));
    return 1;
}

static int compare(lua_State *L)
{
    Money a = check_money(L, 1), b = check_money(L, 2);
    int c;
    if (money_cmp(a, b, &c, NULL) != 0) {
        OceError e;
        error_init(&e);
        money_cmp(a, b, &c, &e);
        raise_money_error(L, &e);
    }
    return c;
}

static int m_lt(lua_State *L)
{
    lua_pushboolean(L, compare(L) < 0);
    return 1;
}

static int m_le(lua_State *L)
{
    lua_pushboolean(L, compare(L) <= 0);
    return 1;
}

/* == never raises: money in different currencies is simply not equal. */
static int m_eq(lua_State *L)
{
    const Money *a = luaapi_test_money(L, 1), *b = luaapi_test_money(L, 2);
    int c = 1;
    lua_pushboolean(L, a && b && money_cmp(*a, *b, &c, NULL) == 0 && c == 0);
    return 1;
}

/* Amounts in a currency show at least its minor unit ("85000.00"); plain decimals show
 * their shortest exact form ("99.5"). */
static void format_money(Money m, char *buf, size_t size)
{
    int places = -1;
    int minor = m.currency[0] ? money_currency_exponent(m.currency) : -1;
    if (minor >= 0)
        places = money_places(m) > minor ? money_places(m) : minor;
    money_format(m, places, buf, size);
}

/* Pushes the text of the money value at idx, as __tostring gives it. */
static void push_money_text(lua_State *L, int idx)
{
    char buf[MONEY_STR_MAX];
    format_money(check_money(L, idx), buf, sizeof buf);
    lua_pushstring(L, buf);
}

static int m_tostring(lua_State *L)
{
    push_money_text(L, 1);
    return 1;
}

static void push_text(lua_State *L, int idx)
{
    const Money *m = luaapi_test_money(L, idx);
    if (m != NULL) {
        char buf[MONEY_STR_MAX];
        format_money(*m, buf, sizeof buf);
        lua_pushstring(L, buf);
    } else if (lua_type(L, idx) == LUA_TNUMBER) {
        Money v;
        char why[200];
        if (luaapi_to_money(L, idx, &v, why, sizeof why) == 0) {
            char buf[MONEY_STR_MAX];
            money_format(v, -1, buf, sizeof buf);
            lua_pushstring(L, buf);
        } else {
            lua_pushvalue(L, idx);
            lua_tostring(L, -1);
        }
    } else if (lua_type(L, idx) == LUA_TSTRING) {
        lua_pushvalue(L, idx);
    } else {
        luaL_error(L, "attempt to concatenate a %s value with money", luaL_typename(L, idx));
    }
}

static int m_concat(lua_State *L)
{
    push_text(L, 1);
    push_text(L, 2);
    lua_concat(L, 2);
    return 1;
}

static int rounding_arg(lua_State *L, int idx, MoneyRounding *mode)
{
    if (lua_isnoneornil(L, idx)) {
        *mode = MONEY_HALF_EVEN;
        return 0;
    }
    const char *name = luaL_checkstring(L, idx);
    if (money_rounding_parse(name, mode) != 0)
        return luaL_error(L,
                          "unknown rounding rule '%s' (expected half-even, half-up, down, "
                          "up, floor or ceiling)",
                          name);
    return 0;
}

static int round_to(lua_State *L, Money m, int places, MoneyRounding mode)
{
    Money r;
    OceError e;
    error_init(&e);
    if (money_round(m, places, mode, &r, &e) != 0)
        return raise_money_error(L, &e);
    luaapi_push_money(L, r);
    return 1;
}

/* m:round(places [, rule]) */
static int m_round(lua_State *L)
{
    Money m = check_money(L, 1);
    lua_Integer places = luaL_checkinteger(L, 2);
    luaL_argcheck(L, places >= 0 && places <= MONEY_SCALE, 2, "places must be 0 to 9");
    MoneyRounding mode;
    rounding_arg(L, 3, &mode);
    return round_to(L, m, (int)places, mode);
}

/* m:div(d, places [, rule]): m / d rounded once, from the exact quotient, to places by rule. */
static int m_divide(lua_State *L)
{
    Money a = check_money(L, 1), b = check_money(L, 2), r;
    lua_Integer places = luaL_checkinteger(L, 3);
    luaL_argcheck(L, places >= 0 && places <= MONEY_SCALE, 3, "places must be 0 to 9");
    MoneyRounding mode;
    rounding_arg(L, 4, &mode);
    OceError e;
    error_init(&e);
    if (money_div(a, b, (int)places, mode, &r, &e) != 0)
        return raise_money_error(L, &e);
    luaapi_push_money(L, r);
    return 1;
}

static int m_ceil(lua_State *L)
{
    return round_to(L, check_money(L, 1), 0, MONEY_CEILING);
}

static int m_floor(lua_State *L)
{
    return round_to(L, check_money(L, 1), 0, MONEY_FLOOR);
}

static int m_abs(lua_State *L)
{
    luaapi_push_money(L, money_abs(check_money(L, 1)));
    return 1;
}

/* a:min(b), a:max(b): the smaller or larger, in the currency the two share (a number meeting
 * money takes its currency), so that fee:min(5000) is money. On a tie, a. */
static int pick(lua_State *L, int want)
{
    Money a = check_money(L, 1), b = check_money(L, 2);
    int c;
    if (money_cmp(a, b, &c, NULL) != 0) {
        OceError e;
        error_init(&e);
        money_cmp(a, b, &c, &e);
        return raise_money_error(L, &e);
    }
    Money r = (want < 0 ? c > 0 : c < 0) ? b : a;
    if (r.currency[0] == '\0')
        memcpy(r.currency, a.currency[0] ? a.currency : b.currency, sizeof r.currency);
    luaapi_push_money(L, r);
    return 1;
}

static int m_min(lua_State *L)
{
    return pick(L, -1);
}

static int m_max(lua_State *L)
{
    return pick(L, 1);
}

/* m:format(places): exactly that many decimal places, rounded half-even, for text. */
static int m_format(lua_State *L)
{
    Money m = check_money(L, 1), r;
    lua_Integer places = luaL_checkinteger(L, 2);
    luaL_argcheck(L, places >= 0 && places <= MONEY_SCALE, 2, "places must be 0 to 9");
    OceError e;
    error_init(&e);
    if (money_round(m, (int)places, MONEY_HALF_EVEN, &r, &e) != 0)
        return raise_money_error(L, &e);
    char buf[MONEY_STR_MAX];
    money_format(r, (int)places, buf, sizeof buf);
    lua_pushstring(L, buf);
    return 1;
}

static int m_currency(lua_State *L)
{
    Money m = check_money(L, 1);
    if (m.currency[0])
        lua_pushstring(L, m.currency);
    else
        lua_pushnil(L);
    return 1;
}

/* money(x [, currency]): x a decimal string, a number or money. Money values are immutable,
 * so money that is already what money(x) would make is returned as it is, with no new value. */
static int l_money(lua_State *L)
{
    Money m;
    const char *cur = luaL_optstring(L, 2, NULL);
    if (cur == NULL) {
        lua_rawgetp(L, LUA_REGISTRYINDEX, &currency_key);
        cur = lua_tostring(L, -1);
        lua_pop(L, 1); /* the string stays alive in the registry */
    } else if (money_currency_exponent(cur) < 0) {
        return luaL_error(L,
                          "money: unknown currency '%s' (expected an ISO 4217 code such as "
                          "GBP, EUR or USD)",
                          cur);
    }
    if (lua_type(L, 1) == LUA_TSTRING) {
        OceError e;
        error_init(&e);
        size_t len;
        const char *s = lua_tolstring(L, 1, &len);
        if (money_parse_n(s, len, cur, &m, &e) != 0)
            return luaL_error(L, "money: %s", e.message);
        luaapi_push_money(L, m);
        return 1;
    }
    int given = luaapi_test_money(L, 1) != NULL;
    m = check_money(L, 1);
    if (m.currency[0] && cur && cur[0] && strcmp(m.currency, cur) != 0)
        return luaL_error(L, "money: cannot turn %s into %s", m.currency, cur);
    if (given && (m.currency[0] || cur == NULL || cur[0] == '\0')) {
        lua_settop(L, 1);
        return 1;
    }
    if (!m.currency[0] && cur) {
        size_t n = strnlen(cur, sizeof m.currency - 1); /* cut as snprintf would */
        memcpy(m.currency, cur, n);
        m.currency[n] = '\0';
    }
    luaapi_push_money(L, m);
    return 1;
}

/* decimal(x): an exact plain number, for percentages, hours and scores. */
static int l_decimal(lua_State *L)
{
    Money m;
    if (lua_type(L, 1) == LUA_TSTRING) {
        OceError e;
        error_init(&e);
        size_t len;
        const char *s = lua_tolstring(L, 1, &len);
        if (money_parse_n(s, len, NULL, &m, &e) != 0)
            return luaL_error(L, "decimal: %s", e.message);
    } else {
        int given = luaapi_test_money(L, 1) != NULL;
        m = check_money(L, 1);
        if (m.currency[0]) {
            char buf[MONEY_STR_MAX];
            format_money(m, buf, sizeof buf);
            return luaL_error(L, "decimal: %s is money in %s, not a plain number", buf, m.currency);
        }
        if (given) { /* already a plain decimal, and immutable */
            lua_settop(L, 1);
            return 1;
        }
    }
    luaapi_push_money(L, m);
    return 1;
}

static int l_is_money(lua_State *L)
{
    lua_pushboolean(L, luaapi_test_money(L, 1) != NULL);
    return 1;
}

void luaapi_set_default_currency(lua_State *L, const char *currency)
{
    lua_pushstring(L, currency);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &currency_key);
}

void luaapi_push_number(lua_State *L, Money m)
{
    char buf[MONEY_STR_MAX];
    money_format(m, -1, buf, sizeof buf);
    if (lua_stringtonumber(L, buf) == 0)
        lua_pushnil(L);
}

void luaapi_register(Sandbox *s)
{
    static const luaL_Reg meta[] = {
        {"__add", m_add},           {"__sub", m_sub},       {"__mul", m_mul}, {"__div", m_div},
        {"__unm", m_unm},           {"__eq", m_eq},         {"__lt", m_lt},   {"__le", m_le},
        {"__tostring", m_tostring}, {"__concat", m_concat}, {NULL, NULL}};
    static const luaL_Reg methods[] = {
        {"round", m_round},   {"div", m_divide}, {"ceil", m_ceil}, {"floor", m_floor},
        {"abs", m_abs},       {"min", m_min},    {"max", m_max},   {"currency", m_currency},
        {"format", m_format}, {NULL, NULL}};
    lua_State *L = sandbox_state(s);
    luaL_newmetatable(L, MONEY_MT);
    luaL_setfuncs(L, meta, 0);
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "__index");
    lua_pushliteral(L, "money");
    lua_setfield(L, -2, "__metatable"); /* getmetatable(m) shows a name, not the table */
    SandboxMoneyTag *tag = sandbox_money_tag(L);
    tag->metatable = lua_topointer(L, -1);
    tag->ref = luaL_ref(L, LUA_REGISTRYINDEX);
    tag->push_text = push_money_text;
    luaapi_set_default_currency(L, "");
    lua_pushcfunction(L, l_money);
    sandbox_set_builtin(s, "money");
    lua_pushcfunction(L, l_decimal);
    sandbox_set_builtin(s, "decimal");
    lua_pushcfunction(L, l_is_money);
    sandbox_set_builtin(s, "is_money");
}
