/*
 * Unit tests of the Lua API for money, driven by real term scripts run in a sandbox the way
 * contract.c runs them: exact arithmetic through the metamethods, the only ways a Lua number
 * may become money (integers and floats below 10^18, floats through their shortest round-trip
 * decimal, never NaN or infinity), comparisons, text, the methods, and the C entry points. Money
 * results are read back with luaapi_test_money and compared as strings to the last digit;
 * errors are compared by code, file, line and message.
 */
#include "testlua.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define N(a) (sizeof(a) / sizeof *(a))

/* Small limits: nothing here needs more, and a bug that loops stops quickly. */
static Sandbox *new_sandbox(void)
{
    return sandbox_with(1000000, (size_t)4 << 20, 2000);
}

typedef struct ResultCase {
    const char *expr, *expected;
} ResultCase;

typedef struct ErrorCase {
    const char *expr, *message;
} ErrorCase;

/* Whether `return <expr>` returns what expected describes; prints the mismatch if not, so a
 * table reports every failing case. */
static int result_matches(Sandbox *s, const char *expr, const char *expected)
{
    char script[512];
    snprintf(script, sizeof script, "return %s", expr);
    OceError err;
    if (run_chunk(s, script, 0, &err) != 0) {
        print_error("%s\n  failed: \"%s\" line %d: %s\n  expected: %s\n\n", expr, err.file,
                    err.line, err.message, expected);
        return 0;
    }
    char got[512];
    describe(sandbox_state(s), -1, got, sizeof got);
    lua_pop(sandbox_state(s), 1);
    if (strcmp(got, expected) == 0)
        return 1;
    print_error("%s\n  returned: %s\n  expected: %s\n\n", expr, got, expected);
    return 0;
}

/* Whether `return <expr>` fails as term "fee" on line 1 of t.lua with exactly message. */
static int error_matches(Sandbox *s, const char *expr, const char *message)
{
    char script[512];
    snprintf(script, sizeof script, "return %s", expr);
    OceError err;
    if (run_chunk(s, script, 0, &err) == 0) {
        char got[512];
        describe(sandbox_state(s), -1, got, sizeof got);
        lua_pop(sandbox_state(s), 1);
        print_error("%s\n  returned: %s\n  expected the error: %s\n\n", expr, got, message);
        return 0;
    }
    if (err.code == OCE_ESCRIPT && strcmp(err.file, FILE_NAME) == 0 && err.line == 1 &&
        strcmp(err.term, TERM) == 0 && strcmp(err.message, message) == 0)
        return 1;
    print_error("%s\n  got:  code %d, \"%s\" line %d, term \"%s\": %s\n"
                "  want: code %d, \"%s\" line 1, term \"%s\": %s\n\n",
                expr, (int)err.code, err.file, err.line, err.term, err.message, (int)OCE_ESCRIPT,
                FILE_NAME, TERM, message);
    return 0;
}

/* Runs the cases with default_currency as the contract's currency. */
static void run_result_cases(const char *default_currency, const ResultCase *cases, size_t n)
{
    Sandbox *s = new_sandbox();
    luaapi_set_default_currency(sandbox_state(s), default_currency);
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += !result_matches(s, cases[i].expr, cases[i].expected);
    release(s);
    if (bad)
        fail_msg("%zu of %zu cases failed", bad, n);
}

static void run_error_cases(const ErrorCase *cases, size_t n)
{
    Sandbox *s = new_sandbox();
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += !error_matches(s, cases[i].expr, cases[i].message);
    release(s);
    if (bad)
        fail_msg("%zu of %zu cases failed", bad, n);
}

/* The message luaapi gives for a float that is not a short decimal. */
#define INEXACT(g)                                                                                 \
    "number " g " has more than 9 decimal places; it is probably the inexact result of "           \
    "arithmetic on plain numbers: compute with money() values instead"
#define OUT_OF_RANGE(i)                                                                            \
    "integer " i " is out of range: a number becomes money only below 10^18 (integer arithmetic "  \
    "may have wrapped around; write a larger amount as a decimal string)"
#define FLOAT_OUT_OF_RANGE(g)                                                                      \
    "number " g " is out of range: a number becomes money only below 10^18 (write a larger "       \
    "amount as a decimal string)"

/* ---- arithmetic ---- */

/* + - * / and unary minus compute exactly, with money or numbers on either side; results
 * take the currency of the money operand, and money / money of one currency is a ratio. */
static void test_arithmetic_is_exact(void **state)
{
    (void)state;
    static const ResultCase cases[] = {
        {"money('85000.00', 'GBP')", "85000 GBP"},
        {"money('85000.00', 'GBP') + money('1500.50', 'GBP')", "86500.5 GBP"},
        {"money('85000.00', 'GBP') + 0.01", "85000.01 GBP"},
        {"money('85000.00', 'GBP') - 100", "84900 GBP"},
        {"100 - money('85000.00', 'GBP')", "-84900 GBP"},
        {"money('85000.00', 'GBP') - money('85000', 'GBP')", "0 GBP"},
        {"money('85000.00', 'GBP') * 0.05", "4250 GBP"},
        {"0.05 * money('85000.00', 'GBP')", "4250 GBP"},
        {"money('7659.45', 'GBP') * 12", "91913.4 GBP"},
        {"money('2', 'GBP') * money('1.5')", "3 GBP"},
        {"money('85000.00', 'GBP') / 3", "28333.333333333 GBP"},
        {"money('85000.00', 'GBP') / 4", "21250 GBP"},
        {"money('10', 'GBP') / money('4', 'GBP')", "2.5"},
        {"money('1') / 3 * 3", "0.999999999"},
        {"money('0.000000001') / 2", "0.0000000005"},
        {"money('0.000000003') / 2", "0.0000000015"},
        {"money('1') / 7", "0.142857143"},
        {"-money('85000.00', 'GBP')", "-85000 GBP"},
        {"-(-money('0.5'))", "0.5"},
        {"-money('0')", "0"},
        {"money('1') * 0.3", "0.3"},
        {"money(0.1) + money(0.2)", "0.3"},
        {"money('0.1') + 0.2", "0.3"},
        {"0.1 + money('0.2')", "0.3"},
        {"money('100', 'GBP') * 99.95 / 100", "99.95 GBP"},
        {"money('999999999999999999999999999.999999999') - 1",
         "999999999999999999999999998.999999999"},
    };
    run_result_cases("", cases, N(cases));
}

/* A float meets money as the shortest decimal that reads back as the same float, which is
 * what the author typed: 0.3 is exactly 0.3, and 1e15 + 0.3 is not cut to 14 digits. */
static void test_floats_become_their_shortest_decimal(void **state)
{
    (void)state;
    static const ResultCase cases[] = {
        {"money(0.3)", "0.3"},
        {"money(99.95)", "99.95"},
        {"money(-2.5)", "-2.5"},
        {"money(123456.789)", "123456.789"},
        {"money(1.5e-7)", "0.00000015"},
        {"money(1e-9)", "0.000000001"},
        {"money(-0.0)", "0"},
        {"money(1e15 + 0.3)", "1000000000000000.2"},
        {"money(2^53)", "9007199254740992"},
        {"money(9.99999999999999e17)", "999999999999999000"},
        {"money(-9.99999999999999e17)", "-999999999999999000"},
        {"money(4)", "4"},
        {"money(-7)", "-7"},
        {"money(999999999999999999)", "999999999999999999"},
        {"money(-999999999999999999)", "-999999999999999999"},
        {"money('1000000000000000000')", "1000000000000000000"},
        {"decimal(0.25)", "0.25"},
    };
    run_result_cases("", cases, N(cases));
}

/* Numbers that cannot be amounts are refused, each with a message saying why: NaN and the
 * infinities, integers that may have wrapped, floats with binary noise, and the huge. */
static void test_unfit_numbers_are_refused(void **state)
{
    (void)state;
    static const ErrorCase cases[] = {
        {"money(0.1 + 0.2)", INEXACT("0.30000000000000004")},
        {"money('1') + (0.1 + 0.2)", INEXACT("0.30000000000000004")},
        {"money('5', 'GBP') * (1 / 3)", INEXACT("0.3333333333333333")},
        {"money(1 / 7)", INEXACT("0.14285714285714285")},
        {"money(1e-10)", INEXACT("1e-10")},
        {"money(0/0)", "not a number (NaN) cannot be an amount"},
        {"money('1', 'GBP') * (0/0)", "not a number (NaN) cannot be an amount"},
        {"money('1') < 0/0", "not a number (NaN) cannot be an amount"},
        {"money(1/0)", "an infinite number cannot be an amount"},
        {"money(-math.huge)", "an infinite number cannot be an amount"},
        {"money('1') + math.huge", "an infinite number cannot be an amount"},
        {"money(math.maxinteger + 1)", OUT_OF_RANGE("-9223372036854775808")},
        {"money('1') + math.maxinteger", OUT_OF_RANGE("9223372036854775807")},
        {"money(1000000000000000001)", OUT_OF_RANGE("1000000000000000001")},
        {"money(1000000000000000000)", OUT_OF_RANGE("1000000000000000000")},
        {"money(-1000000000000000000)", OUT_OF_RANGE("-1000000000000000000")},
        {"money(10^18)", FLOAT_OUT_OF_RANGE("1e+18")},
        {"money(-10^18)", FLOAT_OUT_OF_RANGE("-1e+18")},
        {"money(2e18)", FLOAT_OUT_OF_RANGE("2e+18")},
        {"money(1e20)", FLOAT_OUT_OF_RANGE("1e+20")},
        {"money(1e30)", FLOAT_OUT_OF_RANGE("1e+30")},
        {"money(-1e300)", FLOAT_OUT_OF_RANGE("-1e+300")},
        {"money(1e-40)", INEXACT("1e-40")},
    };
    run_error_cases(cases, N(cases));
}

/* Products and quotients that end keep every place until the line is rounded: the issue's
 * 30 % of a saving of 0.049999999 is 0.0149999997, which rounds to 0.01 (rounded to 9 places
 * first it would be 0.015000000, and then 0.02). */
static void test_products_keep_their_places(void **state)
{
    (void)state;
    static const ResultCase cases[] = {
        {"(money('120000.00') - money('119999.950000001')) * 30 / 100", "0.0149999997 GBP"},
        {"((money('120000.00') - money('119999.950000001')) * 0.3):round(2)", "0.01 GBP"},
        {"tostring((money('120000.00') - money('119999.950000001')) * 0.3)", "0.0149999997"},
        {"money('119999.950000001') * 30 / 100", "35999.9850000003 GBP"},
        {"(money('119999.950000001') * 0.3):round(2)", "35999.99 GBP"},
        {"(money('119999.95') * 0.3):round(2)", "35999.98 GBP"},
        {"decimal('0.123456789') * decimal('0.123456789')", "0.015241578750190521"},
        {"money('0.000000001') * 0.5 * 2 == money('0.000000001')", "true"},
        {"money('0.049999999') * 0.3 < money('0.015')", "true"},
        {"money('0.05') * 0.3 == money('0.015')", "true"},
        {"money('0.05') * 0.3 <= 0.015", "true"},
        {"money('1') / 1024", "0.0009765625 GBP"},
        {"money('1') / 3", "0.333333333 GBP"},
        {"(money('1') / 1024):format(9)", "0.000976562"},
        {"'x ' .. money('0.049999999') * 0.3", "x 0.0149999997"},
        {"money('0.049999999') * 0.3 + money('0.000000003') * 0.1", "0.015 GBP"},
    };
    static const ResultCase plain[] = {
        {"(money('120000.00', 'GBP') - money('119999.950000001', 'GBP')) * 30 / 100",
         "0.0149999997 GBP"},
        {"decimal('0.123456789') * decimal('0.123456789')", "0.015241578750190521"},
    };
    run_result_cases("", plain, N(plain));
    run_result_cases("GBP", cases, N(cases));
}

/* A chain of products that would need more than 36 digits is an error naming the step, not
 * a silent rounding; rounding an operand first is the way out. */
static void test_products_too_long(void **state)
{
    (void)state;
    static const ErrorCase cases[] = {
        {"decimal('0.123456789') * decimal('0.123456789') * decimal('0.123456789') * "
         "decimal('0.123456789') * decimal('0.1')",
         "the exact result of 0.000232305722798259244150093798251441 * 0.1 needs more than 36 "
         "digits: round an operand first"},
        {"money('999999999999.999999999') * money('999999999999.999999999')",
         "the exact result of 999999999999.999999999 * 999999999999.999999999 needs more than "
         "36 digits: round an operand first"},
    };
    static const ResultCase fixed[] = {
        {"(decimal('0.123456789') * decimal('0.123456789') * decimal('0.123456789') * "
         "decimal('0.123456789')):round(9) * decimal('0.1')",
         "0.0000232306"},
    };
    run_error_cases(cases, N(cases));
    run_result_cases("", fixed, N(fixed));
}

/* m:div(d, places [, rule]) rounds the exact quotient once: 2 / 3 to 2 places, a ceiling of
 * a quotient just above a whole number, a half cent that `/` keeps exact. */
static void test_div_method(void **state)
{
    (void)state;
    static const ResultCase cases[] = {
        {"money('2'):div(3, 2)", "0.67"},
        {"money('2', 'GBP'):div(3, 2, 'down')", "0.66 GBP"},
        {"money('6.000000001'):div(3, 0, 'ceiling')", "3"},
        {"(money('6.000000001') / 3):ceil()", "2"},
        {"money('1.49999997'):div(100, 2)", "0.01"},
        {"money('1.49999997'):div(100, 2, 'up')", "0.02"},
        {"money('-7'):div(2, 0)", "-4"},
        {"money('-7'):div(2, 0, 'half-up')", "-4"},
        {"money('-7'):div(2, 0, 'ceiling')", "-3"},
        {"money('10', 'GBP'):div(money('4', 'GBP'), 1)", "2.5"},
        {"money('85000.00', 'GBP'):div(3, 9)", "28333.333333333 GBP"},
    };
    static const ErrorCase errors[] = {
        {"money('1'):div(0, 2)", "division by zero: 1 / 0"},
        {"money('1'):div(3, 10)", "bad argument #2 to 'div' (places must be 0 to 9)"},
        {"money('1'):div(3, 2, 'nearest')",
         "unknown rounding rule 'nearest' (expected half-even, half-up, down, up, floor or "
         "ceiling)"},
        {"money('1'):div(money('3', 'GBP'), 2)", "cannot divide a plain number by a GBP amount"},
    };
    run_result_cases("", cases, N(cases));
    run_error_cases(errors, N(errors));
}

/* ---- comparison ---- */

/* < and <= work between money and numbers in either order, == is exact and never raises
 * (money in different currencies is simply unequal), and ~= is its negation. */
static void test_comparisons(void **state)
{
    (void)state;
    static const ResultCase cases[] = {
        {"money('85000', 'GBP') < 90000", "true"},
        {"money('85000', 'GBP') < 85000", "false"},
        {"85000 <= money('85000.00', 'GBP')", "true"},
        {"85000.01 <= money('85000.00', 'GBP')", "false"},
        {"money('2') > 1.5", "true"},
        {"0.3 <= money('0.3')", "true"},
        {"0.3 < money('0.3')", "false"},
        {"money('1.50', 'GBP') == money('1.5', 'GBP')", "true"},
        {"money('1', 'GBP') == money('1', 'EUR')", "false"},
        {"money('1', 'GBP') ~= money('1', 'EUR')", "true"},
        {"money('1') * 0.3 == money('0.3')", "true"},
        {"money(0.1) + money(0.2) == money('0.3')", "true"},
        {"money('-0') == money('0')", "true"},
        {"money('1', 'GBP') == money('1')", "true"},
        {"money('1', 'GBP') >= money('1.000000001', 'GBP')", "false"},
        /* Lua calls __eq only when both operands are userdata: a number is never equal. */
        {"money('5') == 5", "false"},
        {"is_money(money('1'))", "true"},
        {"is_money(1)", "false"},
        {"is_money('1')", "false"},
    };
    run_result_cases("", cases, N(cases));
}

/* ---- errors ---- */

/* Money errors reach the script as errors with money's own message: mixed currencies in
 * + - < and /, money times money, division by zero, unknown currencies, bad decimals and
 * operands that are not numbers. */
static void test_money_errors(void **state)
{
    (void)state;
    static const ErrorCase cases[] = {
        {"money('1', 'GBP') + money('1', 'EUR')",
         "mixed currencies: cannot add GBP and EUR amounts"},
        {"money('1', 'GBP') - money('1', 'EUR')",
         "mixed currencies: cannot subtract GBP and EUR amounts"},
        {"money('1', 'GBP') < money('2', 'EUR')",
         "mixed currencies: cannot compare GBP and EUR amounts"},
        {"money('1', 'GBP') <= money('2', 'EUR')",
         "mixed currencies: cannot compare GBP and EUR amounts"},
        {"money('1', 'GBP') / money('2', 'EUR')",
         "mixed currencies: cannot divide a GBP amount by a EUR amount"},
        {"money('1', 'GBP') * money('2', 'GBP')",
         "cannot multiply a GBP amount by a GBP amount: one factor must be a plain number"},
        {"1 / money('2', 'GBP')", "cannot divide a plain number by a GBP amount"},
        {"money('5') / 0", "division by zero: 5 / 0"},
        {"money('1', 'XYZ')",
         "money: unknown currency 'XYZ' (expected an ISO 4217 code such as GBP, EUR or USD)"},
        {"money('1', 'gbp')",
         "money: unknown currency 'gbp' (expected an ISO 4217 code such as GBP, EUR or USD)"},
        {"money('1.2.3')", "money: \"1.2.3\" is not a decimal number"},
        {"money('1e5')", "money: \"1e5\" is not a decimal number (write it without an exponent)"},
        {"money('0.1234567891')", "money: \"0.1234567891\" has more than 9 decimal places"},
        {"money(money('1', 'EUR'), 'GBP')", "money: cannot turn EUR into GBP"},
        {"money(nil)", "expected money or a number, got nil"},
        {"money({})", "expected money or a number, got table"},
        {"money('1') + '2'", "expected money or a number, got string"},
        {"money('1') * true", "expected money or a number, got boolean"},
        {"money('1') .. true", "attempt to concatenate a boolean value with money"},
        {"{} .. money('1')", "attempt to concatenate a table value with money"},
        {"money('7') // 2", "attempt to perform arithmetic on a oce.money value"},
        {"money('7') % 2", "attempt to perform arithmetic on a oce.money value"},
    };
    run_error_cases(cases, N(cases));
}

/* ---- text ---- */

/* tostring shows money in a currency with at least its minor unit, a plain decimal in its
 * shortest exact form; concatenation and string.format use the same text. */
static void test_tostring_and_concatenation(void **state)
{
    (void)state;
    static const ResultCase cases[] = {
        {"tostring(money('85000.00', 'GBP'))", "85000.00"},
        {"tostring(money('85000', 'GBP'))", "85000.00"},
        {"tostring(money('0.5', 'GBP'))", "0.50"},
        {"tostring(money('-3', 'GBP'))", "-3.00"},
        {"tostring(money('1.005', 'GBP'))", "1.005"},
        {"tostring(money('1200', 'JPY'))", "1200"},
        {"tostring(money('1.5', 'BHD'))", "1.500"},
        {"tostring(money('99.50'))", "99.5"},
        {"tostring(money('99.5'))", "99.5"},
        {"tostring(money('7'))", "7"},
        {"tostring(money('-0.000000001'))", "-0.000000001"},
        {"tostring(decimal('1.5'))", "1.5"},
        {"'x' .. money('85000', 'GBP')", "x85000.00"},
        {"money('85000', 'GBP') .. 'x'", "85000.00x"},
        {"'total: ' .. money('7659.45', 'GBP') .. ' GBP'", "total: 7659.45 GBP"},
        {"money('2.5') .. '%'", "2.5%"},
        {"'n=' .. money('1') + 1", "n=2"},
        {"money('1', 'GBP') .. 2", "1.002"},
        {"money('1', 'GBP') .. 0.25", "1.000.25"},
        {"string.format('%s', money('3', 'GBP'))", "3.00"},
        {"getmetatable(money('1'))", "money"},
    };
    run_result_cases("", cases, N(cases));
}

/* ---- methods ---- */

/* round (half-even unless a rule is named), ceil, floor, abs, min, max, currency and format
 * give exact results, keeping the currency. */
static void test_methods(void **state)
{
    (void)state;
    static const ResultCase cases[] = {
        {"money('2.345'):round(2, 'half-up')", "2.35"},
        {"money('2.345'):round(2)", "2.34"},
        {"money('2.355'):round(2)", "2.36"},
        {"money('2.345', 'GBP'):round(2, 'down')", "2.34 GBP"},
        {"money('2.341', 'GBP'):round(2, 'up')", "2.35 GBP"},
        {"money('-1.5'):round(0, 'half-up')", "-2"},
        {"money('-1.5'):round(0, 'floor')", "-2"},
        {"money('-1.5'):round(0, 'ceiling')", "-1"},
        {"money('1.2'):ceil()", "2"},
        {"money('-1.2'):ceil()", "-1"},
        {"money('1.8', 'GBP'):floor()", "1 GBP"},
        {"money('-1.2'):floor()", "-2"},
        {"money('-3.5', 'GBP'):abs()", "3.5 GBP"},
        {"money('3.5'):abs()", "3.5"},
        {"money('5', 'GBP'):min(money('3', 'GBP'))", "3 GBP"},
        {"money('5', 'GBP'):max(money('3', 'GBP'))", "5 GBP"},
        {"money('5', 'GBP'):min(7)", "5 GBP"},
        {"money('5', 'GBP'):max(7)", "7 GBP"},
        {"money('5', 'GBP'):min(3)", "3 GBP"},
        {"money('5'):max(money('5'))", "5"},
        {"money('1', 'GBP'):currency()", "GBP"},
        {"money('1'):currency()", "nil"},
        {"money('2.345'):format(2)", "2.34"},
        {"money('1', 'GBP'):format(2)", "1.00"},
        {"money('1234.5'):format(0)", "1234"},
        {"money('2.5'):format(0)", "2"},
        {"money('0.1'):format(3)", "0.100"},
    };
    run_result_cases("", cases, N(cases));
}

/* Methods refuse bad arguments with a message naming the argument or the rule. */
static void test_method_errors(void **state)
{
    (void)state;
    static const ErrorCase cases[] = {
        {"money('1'):round(10)", "bad argument #1 to 'round' (places must be 0 to 9)"},
        {"money('1'):round(-1)", "bad argument #1 to 'round' (places must be 0 to 9)"},
        {"money('1'):round(2, 'sideways')",
         "unknown rounding rule 'sideways' (expected half-even, half-up, down, up, floor or "
         "ceiling)"},
        {"money('1'):format(12)", "bad argument #1 to 'format' (places must be 0 to 9)"},
        {"money('1', 'GBP'):min(money('1', 'EUR'))",
         "mixed currencies: cannot compare GBP and EUR amounts"},
    };
    run_error_cases(cases, N(cases));
}

/* decimal() makes a plain number from a decimal string or a number, and refuses money. */
static void test_decimal(void **state)
{
    (void)state;
    static const ResultCase cases[] = {
        {"decimal('1.5')", "1.5"},
        {"decimal('1.5'):currency()", "nil"},
        {"decimal(3)", "3"},
        {"decimal(decimal('0.05'))", "0.05"},
        {"money('200', 'GBP') * decimal('0.05')", "10 GBP"},
    };
    static const ErrorCase errors[] = {
        {"decimal(money('1', 'GBP'))", "decimal: 1.00 is money in GBP, not a plain number"},
        {"decimal('x')", "decimal: \"x\" is not a decimal number"},
    };
    run_result_cases("GBP", cases, N(cases));
    run_error_cases(errors, N(errors));
}

/* money("...") without a currency takes the one set by luaapi_set_default_currency (the
 * contract's, while settling); an explicit currency wins; "" means plain. */
static void test_default_currency(void **state)
{
    (void)state;
    static const struct {
        const char *currency, *expr, *expected;
    } cases[] = {
        {"GBP", "money('1')", "1 GBP"},
        {"GBP", "tostring(money('1'))", "1.00"},
        {"GBP", "money('1'):currency()", "GBP"},
        {"GBP", "money(2.5)", "2.5 GBP"},
        {"GBP", "money('1', 'EUR')", "1 EUR"},
        {"GBP", "money(decimal('4'))", "4 GBP"},
        {"EUR", "money('1')", "1 EUR"},
        {"JPY", "tostring(money('1200'))", "1200"},
        {"", "money('1')", "1"},
        {"", "tostring(money('1'))", "1"},
    };
    Sandbox *s = new_sandbox();
    size_t bad = 0;
    for (size_t i = 0; i < N(cases); i++) {
        luaapi_set_default_currency(sandbox_state(s), cases[i].currency);
        bad += !result_matches(s, cases[i].expr, cases[i].expected);
    }
    release(s);
    if (bad)
        fail_msg("%zu of %zu cases failed", bad, N(cases));
}

/* Money values are immutable, so money() and decimal() of a value that is already what they
 * would make return that value itself rather than a copy; one they change is a new value,
 * and the value given is left as it was. */
static void test_unchanged_values_are_returned(void **state)
{
    (void)state;
    static const struct {
        const char *currency, *expr, *expected;
    } cases[] = {
        {"GBP", "(function() local d = decimal('0.05') return rawequal(decimal(d), d) end)()",
         "true"},
        {"GBP", "(function() local m = money('5') return rawequal(money(m), m) end)()", "true"},
        {"GBP", "(function() local m = money('5') return rawequal(money(m, 'GBP'), m) end)()",
         "true"},
        {"", "(function() local d = decimal('4') return rawequal(money(d), d) end)()", "true"},
        {"GBP", "(function() local d = decimal('4') return rawequal(money(d), d) end)()", "false"},
        {"GBP", "(function() local d = decimal('4') local m = money(d) return d end)()", "4"},
        {"GBP", "(function() local d = decimal('4') return money(d) end)()", "4 GBP"},
        {"GBP", "(function() local d = decimal('4') return money(d, 'EUR') end)()", "4 EUR"},
        {"GBP", "rawequal(decimal(3), decimal(3))", "false"},
    };
    Sandbox *s = new_sandbox();
    size_t bad = 0;
    for (size_t i = 0; i < N(cases); i++) {
        luaapi_set_default_currency(sandbox_state(s), cases[i].currency);
        bad += !result_matches(s, cases[i].expr, cases[i].expected);
    }
    release(s);
    if (bad)
        fail_msg("%zu of %zu cases failed", bad, N(cases));
}

/* ---- the C side ---- */

static Money amount(const char *s, const char *currency)
{
    Money m;
    OceError e;
    error_init(&e);
    if (money_parse(s, currency, &m, &e) != 0)
        fail_msg("test value %s does not parse: %s", s, e.message);
    return m;
}

/* A measured value of up to 15 significant digits (what the outcome reader accepts) comes
 * back exactly when a term turns the number it sees into a decimal. */
static void test_pushed_numbers_read_back_exactly(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "99.42",
        "6.5",
        "0.000000001",
        "1234567.12345678",
        "0.123456789",
        "99999999999999.9",
        "123456789012345",
        "-98765.4321",
        "0.3",
        "2297.835",
    };
    Sandbox *s = new_sandbox();
    lua_State *L = sandbox_state(s);
    for (size_t i = 0; i < N(cases); i++) {
        luaapi_push_number(L, amount(cases[i], NULL));
        OceError err;
        if (run_chunk(s, "local x = ...\nreturn tostring(decimal(x))", 1, &err) != 0)
            fail_msg("%s: %s", cases[i], err.message);
        assert_string_equal(lua_tostring(L, -1), cases[i]);
        lua_pop(L, 1);
    }
    release(s);
}

/* luaapi_push_number gives the number a script compares with literals: an integer when the
 * decimal is whole, else the float Lua reads from the same text (99.95 == 99.95). */
static void test_push_number(void **state)
{
    (void)state;
    static const struct {
        const char *decimal;
        int integer;
        const char *script_sees;
    } cases[] = {
        {"4", 1, "integer 4 true"},       {"0", 1, "integer 0 true"},
        {"-12", 1, "integer -12 true"},   {"1000000", 1, "integer 1000000 true"},
        {"99.95", 0, "float 99.95 true"}, {"99.5", 0, "float 99.5 true"},
        {"-0.5", 0, "float -0.5 true"},   {"0.000000001", 0, "float 1e-09 true"},
        {"4.000", 1, "integer 4 true"},
    };
    Sandbox *s = new_sandbox();
    lua_State *L = sandbox_state(s);
    for (size_t i = 0; i < N(cases); i++) {
        Money m = amount(cases[i].decimal, NULL);
        luaapi_push_number(L, m);
        assert_int_equal(lua_type(L, -1), LUA_TNUMBER);
        assert_int_equal(lua_isinteger(L, -1), cases[i].integer);
        double want = strtod(cases[i].decimal, NULL);
        if (lua_tonumber(L, -1) != want)
            fail_msg("%s pushed as %.17g", cases[i].decimal, lua_tonumber(L, -1));
        lua_pop(L, 1);

        /* The script compares it with the literal it would write. */
        char script[256];
        snprintf(script, sizeof script,
                 "local x = ...\nreturn math.type(x) .. ' ' .. tostring(x) .. ' ' .. "
                 "tostring(x == %s)",
                 cases[i].decimal);
        luaapi_push_number(L, m);
        OceError err;
        if (run_chunk(s, script, 1, &err) != 0)
            fail_msg("%s: %s", cases[i].decimal, err.message);
        assert_string_equal(lua_tostring(L, -1), cases[i].script_sees);
        lua_pop(L, 1);
    }
    assert_int_equal(lua_gettop(L), 0);
    release(s);
}

/* luaapi_to_money converts money and numbers from C without raising; anything else, and
 * numbers unfit for money, give -1 and say why; the stack is left as it was. */
static void test_to_money_from_c(void **state)
{
    (void)state;
    enum { INTEGER, FLOAT, MONEY, STRING, NIL, TABLE, BOOLEAN };
    static const struct {
        int kind;
        long long i;
        double f;
        const char *text, *currency;
        int rc;
        const char *expected; /* shortest form, or why it failed */
    } cases[] = {
        {INTEGER, 7, 0, NULL, NULL, 0, "7"},
        {INTEGER, -999999999999999999LL, 0, NULL, NULL, 0, "-999999999999999999"},
        {INTEGER, -1000000000000000000LL, 0, NULL, NULL, -1, OUT_OF_RANGE("-1000000000000000000")},
        {INTEGER, 1000000000000000001LL, 0, NULL, NULL, -1, OUT_OF_RANGE("1000000000000000001")},
        {FLOAT, 0, 999999999999999872.0, NULL, NULL, 0, "999999999999999900"},
        {FLOAT, 0, 1e18, NULL, NULL, -1, FLOAT_OUT_OF_RANGE("1e+18")},
        {FLOAT, 0, 0.25, NULL, NULL, 0, "0.25"},
        {FLOAT, 0, 0.3, NULL, NULL, 0, "0.3"},
        {FLOAT, 0, 99.95, NULL, NULL, 0, "99.95"},
        {FLOAT, 0, 0.1 + 0.2, NULL, NULL, -1, INEXACT("0.30000000000000004")},
        {FLOAT, 0, (double)NAN, NULL, NULL, -1, "not a number (NaN) cannot be an amount"},
        {FLOAT, 0, -(double)INFINITY, NULL, NULL, -1, "an infinite number cannot be an amount"},
        {MONEY, 0, 0, "85000.00", "GBP", 0, "85000"},
        {MONEY, 0, 0, "-0.000000001", NULL, 0, "-0.000000001"},
        {STRING, 0, 0, "5", NULL, -1, "expected money or a number, got string"},
        {NIL, 0, 0, NULL, NULL, -1, "expected money or a number, got nil"},
        {TABLE, 0, 0, NULL, NULL, -1, "expected money or a number, got table"},
        {BOOLEAN, 0, 0, NULL, NULL, -1, "expected money or a number, got boolean"},
    };
    Sandbox *s = new_sandbox();
    lua_State *L = sandbox_state(s);
    for (size_t i = 0; i < N(cases); i++) {
        switch (cases[i].kind) {
        case INTEGER: lua_pushinteger(L, (lua_Integer)cases[i].i); break;
        case FLOAT: lua_pushnumber(L, cases[i].f); break;
        case MONEY: luaapi_push_money(L, amount(cases[i].text, cases[i].currency)); break;
        case STRING: lua_pushstring(L, cases[i].text); break;
        case NIL: lua_pushnil(L); break;
        case TABLE: lua_newtable(L); break;
        case BOOLEAN: lua_pushboolean(L, 1); break;
        }
        Money out = amount("-424242.42", "XXX");
        char why[300] = "";
        int rc = luaapi_to_money(L, -1, &out, why, sizeof why);
        assert_int_equal(lua_gettop(L), 1);
        lua_pop(L, 1);
        if (rc != cases[i].rc)
            fail_msg("case %zu: returned %d (%s)", i, rc, why);
        if (rc == 0) {
            assert_money(out, -1, cases[i].expected);
            assert_string_equal(out.currency, cases[i].currency ? cases[i].currency : "");
        } else {
            assert_string_equal(why, cases[i].expected);
        }
    }
    release(s);
}

/* Money pushed from C reaches the script as money: its arithmetic and currency work, and
 * luaapi_test_money tells money from anything else. */
static void test_money_from_c_reaches_scripts(void **state)
{
    (void)state;
    Sandbox *s = new_sandbox();
    lua_State *L = sandbox_state(s);
    luaapi_push_money(L, amount("85000.00", "GBP"));
    assert_non_null(luaapi_test_money(L, -1));
    luaapi_push_money(L, amount("0.05", NULL));
    OceError err;
    assert_int_equal(run_chunk(s, "local fee, rate = ...\nreturn fee * rate + 0.5", 2, &err), 0);
    const Money *m = luaapi_test_money(L, -1);
    assert_non_null(m);
    assert_money(*m, -1, "4250.5");
    assert_string_equal(m->currency, "GBP");
    lua_pop(L, 1);

    lua_pushnumber(L, 1.5);
    assert_null(luaapi_test_money(L, -1));
    lua_newuserdatauv(L, sizeof(Money), 0); /* the right size, not money */
    assert_null(luaapi_test_money(L, -1));
    lua_pop(L, 2);
    release(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_arithmetic_is_exact, release_all),
        cmocka_unit_test_teardown(test_products_keep_their_places, release_all),
        cmocka_unit_test_teardown(test_products_too_long, release_all),
        cmocka_unit_test_teardown(test_div_method, release_all),
        cmocka_unit_test_teardown(test_floats_become_their_shortest_decimal, release_all),
        cmocka_unit_test_teardown(test_unfit_numbers_are_refused, release_all),
        cmocka_unit_test_teardown(test_comparisons, release_all),
        cmocka_unit_test_teardown(test_money_errors, release_all),
        cmocka_unit_test_teardown(test_tostring_and_concatenation, release_all),
        cmocka_unit_test_teardown(test_methods, release_all),
        cmocka_unit_test_teardown(test_method_errors, release_all),
        cmocka_unit_test_teardown(test_decimal, release_all),
        cmocka_unit_test_teardown(test_default_currency, release_all),
        cmocka_unit_test_teardown(test_unchanged_values_are_returned, release_all),
        cmocka_unit_test_teardown(test_push_number, release_all),
        cmocka_unit_test_teardown(test_pushed_numbers_read_back_exactly, release_all),
        cmocka_unit_test_teardown(test_to_money_from_c, release_all),
        cmocka_unit_test_teardown(test_money_from_c_reaches_scripts, release_all),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
