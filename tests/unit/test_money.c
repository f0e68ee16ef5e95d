/*
 * Unit tests of money: the strict decimal grammar and its messages, exact arithmetic with the
 * currency rules, the six rounding modes, long multiplications and divisions near 10^27, and
 * allocation by largest remainder. Amounts are compared as strings to the last digit;
 * expected values were worked out by hand (and checked with Python's decimal module).
 */
#include "testutil.h"

#include <limits.h>
#include <stdio.h>

#define N(a) (sizeof(a) / sizeof *(a))

/* The largest value there is, and the smallest step. */
#define MAX_VALUE "999999999999999999999999999.999999999"
#define TOO_LARGE "1000000000000000000000000000"

static Money amt(const char *s, const char *currency)
{
    Money m;
    OceError e;
    error_init(&e);
    if (money_parse(s, currency, &m, &e) != 0)
        fail_msg("test value %s does not parse: %s", s, e.message);
    return m;
}

static Money num(const char *s)
{
    return amt(s, NULL);
}

/* err holds a money error whose message contains want. */
static void assert_error(const OceError *err, const char *want)
{
    assert_int_equal(err->code, OCE_EMONEY);
    if (strstr(err->message, want) == NULL)
        fail_msg("message \"%s\" does not contain \"%s\"", err->message, want);
}

/* A sentinel output, to check that failing calls leave out alone. */
static Money untouched(void)
{
    return amt("-424242.42", "XXX");
}

static void assert_untouched(Money m)
{
    assert_money(m, -1, "-424242.42");
    assert_string_equal(m.currency, "XXX");
}

/* ---- parsing and formatting ---- */

/* Every form the grammar allows parses to the exact value, shown in its shortest form. */
static void test_parse_valid(void **state)
{
    (void)state;
    static const struct {
        const char *in, *shortest;
    } cases[] = {
        {"0", "0"},
        {"-0", "0"},
        {"+0", "0"},
        {"-0.000", "0"},
        {"12", "12"},
        {"+5", "5"},
        {"-5", "-5"},
        {"0.5", "0.5"},
        {"-0.5", "-0.5"},
        {"7659.45", "7659.45"},
        {"99.50", "99.5"},
        {"-1.100", "-1.1"},
        {"000123.4500", "123.45"},
        {"0.000000001", "0.000000001"},
        {"-0.000000001", "-0.000000001"},
        {"1.000000001", "1.000000001"},
        {"123456789012.123456789", "123456789012.123456789"},
        {MAX_VALUE, MAX_VALUE},
        {"-" MAX_VALUE, "-" MAX_VALUE},
        {"0000000000000000000000000000000000000000001", "1"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        Money m = num(cases[i].in);
        assert_money(m, -1, cases[i].shortest);
        assert_string_equal(m.currency, "");
    }
    assert_true(num("1.5").units == (money_units)1500000000);
    assert_true(num("-0.000000001").units == -1);
}

/* Anything outside the grammar is refused with the text quoted and the mistake named, and
 * out is left alone. */
static void test_parse_invalid(void **state)
{
    (void)state;
    static const struct {
        const char *in, *message;
    } cases[] = {
        {"", "\"\" is not a decimal number"},
        {".", "\".\" is not a decimal number"},
        {"1.", "\"1.\" is not a decimal number (write digits after the point, or no point)"},
        {".5", "\".5\" is not a decimal number (write a digit before the point, such as 0.5)"},
        {"-.5", "\"-.5\" is not a decimal number (write a digit before the point, such as 0.5)"},
        {"-.", "\"-.\" is not a decimal number"},
        {"+1.", "\"+1.\" is not a decimal number (write digits after the point, or no point)"},
        {"+", "\"+\" is not a decimal number"},
        {"-", "\"-\" is not a decimal number"},
        {"--1", "\"--1\" is not a decimal number"},
        {"+-1", "\"+-1\" is not a decimal number"},
        {"12.3.4", "\"12.3.4\" is not a decimal number"},
        {"1e5", "\"1e5\" is not a decimal number (write it without an exponent)"},
        {"1E5", "\"1E5\" is not a decimal number (write it without an exponent)"},
        {"1.5e-3", "\"1.5e-3\" is not a decimal number (write it without an exponent)"},
        {"1,000", "\"1,000\" is not a decimal number (write it without thousands separators)"},
        {"1,5", "\"1,5\" is not a decimal number (write it without thousands separators)"},
        {" 12", "\" 12\" is not a decimal number (remove the spaces)"},
        {"12 ", "\"12 \" is not a decimal number (remove the spaces)"},
        {"1 000", "\"1 000\" is not a decimal number (remove the spaces)"},
        {"- 1", "\"- 1\" is not a decimal number (remove the spaces)"},
        {"0x10", "\"0x10\" is not a decimal number"},
        {"abc", "\"abc\" is not a decimal number"},
        {"NaN", "\"NaN\" is not a decimal number"},
        {"inf", "\"inf\" is not a decimal number"},
        {"1/2", "\"1/2\" is not a decimal number"},
        {"\xc2\xa3"
         "5",
         "\"\\xc2\\xa35\" is not a decimal number"},
        {"say \"1\"", "\"say \\x221\\x22\" is not a decimal number (remove the spaces)"},
        {"0.1234567891", "\"0.1234567891\" has more than 9 decimal places"},
        {"1.0000000000", "\"1.0000000000\" has more than 9 decimal places"},
        {TOO_LARGE, "\"" TOO_LARGE "\" is too large (the limit is 10^27)"},
        {"-" TOO_LARGE ".5", "\"-" TOO_LARGE ".5\" is too large (the limit is 10^27)"},
        {"123456789012345678901234567890123456789012345",
         "\"1234567890123456789012345678901234567890\"... is too large (the limit is 10^27)"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        Money m = untouched();
        OceError err;
        error_init(&err);
        assert_int_equal(money_parse(cases[i].in, NULL, &m, &err), -1);
        assert_int_equal(err.code, OCE_EMONEY);
        assert_string_equal(err.message, cases[i].message);
        assert_untouched(m);
    }
}

/* The length-bounded form reads exactly len bytes, embedded NULs included. */
static void test_parse_n(void **state)
{
    (void)state;
    Money m;
    OceError err;
    error_init(&err);
    assert_int_equal(money_parse_n("12.50xyz", 5, NULL, &m, &err), 0);
    assert_money(m, -1, "12.5");
    assert_int_equal(money_parse_n("7659.45,GBP", 7, "GBP", &m, &err), 0);
    assert_money(m, 2, "7659.45");
    assert_string_equal(m.currency, "GBP");
    assert_int_equal(money_parse_n("12", 0, NULL, &m, &err), -1);
    assert_string_equal(err.message, "\"\" is not a decimal number");
    error_init(&err);
    assert_int_equal(money_parse_n("1\0002", 3, NULL, &m, &err), -1);
    assert_string_equal(err.message, "\"1\\x002\" is not a decimal number");
    error_init(&err);
    assert_int_equal(money_parse(NULL, NULL, &m, &err), -1);
    assert_error(&err, "no decimal number");
    assert_int_equal(money_parse("x", NULL, &m, NULL), -1);
}

/* A currency is three capital letters or nothing; anything else is refused. */
static void test_parse_currency(void **state)
{
    (void)state;
    assert_string_equal(amt("12.5", "GBP").currency, "GBP");
    assert_string_equal(amt("12.5", "XYZ").currency, "XYZ");
    assert_string_equal(amt("12.5", "").currency, "");
    assert_string_equal(amt("12.5", NULL).currency, "");
    static const char *const bad[] = {"gbp", "GBPX", "GB", "G P", "12"};
    for (size_t i = 0; i < N(bad); i++) {
        Money m = untouched();
        OceError err;
        error_init(&err);
        assert_int_equal(money_parse("12.5", bad[i], &m, &err), -1);
        char want[100];
        snprintf(want, sizeof want, "\"%s\" is not a currency code", bad[i]);
        assert_error(&err, want);
        assert_untouched(m);
    }
}

/* places >= 0 writes exactly that many digits, cutting extra ones off; places < 0 the
 * shortest exact form; a value shown as zero never gets a minus sign. */
static void test_format(void **state)
{
    (void)state;
    static const struct {
        const char *value;
        int places;
        const char *out;
    } cases[] = {
        {"7659.45", 2, "7659.45"},
        {"7659.45", -1, "7659.45"},
        {"12", 2, "12.00"},
        {"12", 0, "12"},
        {"12", -1, "12"},
        {"2297.835", 2, "2297.83"},
        {"2297.835", 3, "2297.835"},
        {"2297.835", 0, "2297"},
        {"-12.3456", 3, "-12.345"},
        {"-0.5", -1, "-0.5"},
        {"-0.5", 0, "0"},
        {"-0.001", 2, "0.00"},
        {"-0.001", 3, "-0.001"},
        {"0", -1, "0"},
        {"0", 3, "0.000"},
        {"1.5", 9, "1.500000000"},
        {"1.5", 12, "1.500000000000"},
        {"0.000000001", -1, "0.000000001"},
        {"-" MAX_VALUE, 2, "-999999999999999999999999999.99"},
        {"-" MAX_VALUE, -1, "-" MAX_VALUE},
    };
    for (size_t i = 0; i < N(cases); i++)
        assert_money(num(cases[i].value), cases[i].places, cases[i].out);
}

/* The returned length is what was written; a short buffer is cut and still terminated. */
static void test_format_buffer(void **state)
{
    (void)state;
    char buf[MONEY_STR_MAX], small[5];
    assert_int_equal(money_format(num("-7659.45"), 2, buf, sizeof buf), 8);
    assert_string_equal(buf, "-7659.45");
    assert_int_equal(money_format(num("12345.67"), 2, small, sizeof small), 4);
    assert_string_equal(small, "1234");
    assert_int_equal(money_format(num("1"), 2, small, 0), 0);
    assert_int_equal(money_format(num("-" MAX_VALUE), -1, buf, sizeof buf), 38);
}

/* money_places counts the fractional digits needed to write the value exactly. */
static void test_places(void **state)
{
    (void)state;
    static const struct {
        const char *value;
        int places;
    } cases[] = {{"12", 0},      {"-12", 0},    {"12.5", 1},        {"7659.45", 2},
                 {"-3.10", 1},   {"0.001", 3},  {"0.000000001", 9}, {"0.100000000", 1},
                 {MAX_VALUE, 9}, {"1000.5", 1}, {"2297.835000", 3}};
    for (size_t i = 0; i < N(cases); i++)
        assert_int_equal(money_places(num(cases[i].value)), cases[i].places);
}

/* money_digits counts significant digits: neither leading nor trailing zeros count. */
static void test_digits(void **state)
{
    (void)state;
    static const struct {
        const char *value;
        int digits;
    } cases[] = {{"0", 0},
                 {"99.42", 4},
                 {"-99.42", 4},
                 {"120000", 2},
                 {"120000.00", 2},
                 {"0.005", 1},
                 {"0.000000001", 1},
                 {"7659.45", 6},
                 {"123456789012345", 15},
                 {"1234567.12345678", 15},
                 {"1234567.123456789", 16},
                 {MAX_VALUE, 36}};
    for (size_t i = 0; i < N(cases); i++)
        assert_int_equal(money_digits(num(cases[i].value)), cases[i].digits);
}

/* ---- arithmetic ---- */

/* Sums and differences are exact: 0.1 + 0.2 is 0.3, not 0.30000000000000004. */
static void test_add_sub(void **state)
{
    (void)state;
    static const struct {
        const char *a;
        char op;
        const char *b, *out;
    } cases[] = {
        {"0.1", '+', "0.2", "0.3"},
        {"0.3", '-', "0.1", "0.2"},
        {"1", '-', "0.000000001", "0.999999999"},
        {"-5", '+', "5", "0"},
        {"-5", '-', "5", "-10"},
        {"7659.45", '-', "2297.84", "5361.61"},
        {"0.000000001", '-', "0.000000002", "-0.000000001"},
        {"999999999999999999999999999.999999998", '+', "0.000000001", MAX_VALUE},
        {"-" MAX_VALUE, '+', MAX_VALUE, "0"},
        {"500000000000000000000000000", '+', "499999999999999999999999999.5",
         "999999999999999999999999999.5"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        Money r;
        OceError err;
        error_init(&err);
        int rc = cases[i].op == '+' ? money_add(num(cases[i].a), num(cases[i].b), &r, &err)
                                    : money_sub(num(cases[i].a), num(cases[i].b), &r, &err);
        assert_int_equal(rc, 0);
        assert_money(r, -1, cases[i].out);
    }
    Money sum;
    int cmp;
    assert_int_equal(money_add(num("0.1"), num("0.2"), &sum, NULL), 0);
    assert_int_equal(money_cmp(sum, num("0.3"), &cmp, NULL), 0);
    assert_int_equal(cmp, 0);
    assert_true(sum.units == num("0.3").units);
}

/* Equal currencies combine, plain values take the other's currency, and two different
 * currencies are an error for add, sub and cmp alike. */
static void test_currency_rules(void **state)
{
    (void)state;
    Money r;
    int cmp = 7;
    OceError err;
    error_init(&err);
    assert_int_equal(money_add(amt("1.50", "GBP"), num("2"), &r, &err), 0);
    assert_money(r, 2, "3.50");
    assert_string_equal(r.currency, "GBP");
    assert_int_equal(money_sub(num("2"), amt("1.50", "EUR"), &r, &err), 0);
    assert_string_equal(r.currency, "EUR");
    assert_int_equal(money_add(amt("1", "GBP"), amt("2", "GBP"), &r, &err), 0);
    assert_string_equal(r.currency, "GBP");
    assert_int_equal(money_add(num("1"), num("2"), &r, &err), 0);
    assert_string_equal(r.currency, "");
    assert_int_equal(money_cmp(amt("1", "GBP"), num("2"), &cmp, &err), 0);
    assert_int_equal(cmp, -1);

    r = untouched();
    assert_int_equal(money_add(amt("1", "GBP"), amt("1", "EUR"), &r, &err), -1);
    assert_string_equal(err.message, "mixed currencies: cannot add GBP and EUR amounts");
    assert_untouched(r);
    error_init(&err);
    assert_int_equal(money_sub(amt("1", "EUR"), amt("1", "GBP"), &r, &err), -1);
    assert_string_equal(err.message, "mixed currencies: cannot subtract EUR and GBP amounts");
    error_init(&err);
    assert_int_equal(money_cmp(amt("1", "GBP"), amt("1", "USD"), &cmp, &err), -1);
    assert_string_equal(err.message, "mixed currencies: cannot compare GBP and USD amounts");
    assert_int_equal(cmp, -1);
    assert_int_equal(money_cmp(amt("1", "GBP"), amt("1", "USD"), &cmp, NULL), -1);
}

/* Comparison orders by exact value, trailing zeros and sign of zero do not matter. */
static void test_cmp(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b;
        int cmp;
    } cases[] = {
        {"1", "1.000", 0},
        {"-0", "0", 0},
        {"-1", "1", -1},
        {"0.000000001", "0", 1},
        {"2297.835", "2297.84", -1},
        {MAX_VALUE, "999999999999999999999999999.999999998", 1},
        {"-" MAX_VALUE, MAX_VALUE, -1},
    };
    for (size_t i = 0; i < N(cases); i++) {
        int c = 7;
        assert_int_equal(money_cmp(num(cases[i].a), num(cases[i].b), &c, NULL), 0);
        assert_int_equal(c, cases[i].cmp);
    }
}

/* Products are exact, whatever places they have: for operands up to 18 and more significant
 * digits, whose full product needs more than 128 bits, and for products below a billionth. */
static void test_mul(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b, *out;
    } cases[] = {
        {"7659.45", "0.30", "2297.835"},
        {"2", "-3", "-6"},
        {"-2.5", "-2.5", "6.25"},
        {"0", MAX_VALUE, "0"},
        {MAX_VALUE, "1", MAX_VALUE},
        {"-" MAX_VALUE, "-1", MAX_VALUE},
        {"123456789012.123456789", "1000.5", "123518517406629.5185173945"},
        /* 36 digits: as many as a value holds */
        {"123456789.123456789", "987654321.987654321", "121932631356500531.347203169112635269"},
        {"0.123456789", "0.987654321", "0.121932631112635269"},
        {"12345678901234567.8", "-81.000000009", "-999999991111111101.9111111102"},
        {"0.000000001", "0.5", "0.0000000005"},
        {"0.000000003", "0.5", "0.0000000015"},
        {"-0.000000003", "0.5", "-0.0000000015"},
        {"0.000000001", "0.000000001", "0.000000000000000001"},
        /* the figure: 30 % of 119999.950000001, above the half cent */
        {"119999.950000001", "0.3", "35999.9850000003"},
        /* trailing zeros of a product are not places: 0.25 * 4 is 1 */
        {"0.25", "4", "1"},
        {"0.000000005", "0.2", "0.000000001"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        Money r;
        OceError err;
        error_init(&err);
        if (money_mul(num(cases[i].a), num(cases[i].b), &r, &err) != 0)
            fail_msg("%s * %s failed: %s", cases[i].a, cases[i].b, err.message);
        assert_money(r, -1, cases[i].out);
    }
}

/* value rounded to places by mode, as text: the end of a chain of exact steps. */
static const char *rounded(Money value, int places, MoneyRounding mode, char *buf)
{
    Money r;
    if (money_round(value, places, mode, &r, NULL) != 0)
        fail_msg("rounding failed");
    money_format(r, places, buf, MONEY_STR_MAX);
    return buf;
}

/* A chain of products and quotients that end keeps every place, so the line is rounded once:
 * the saving 120000.00 - 119999.950000001 = 0.049999999 at 30 % is 0.0149999997, which is
 * 0.01 half-even (rounded first to 9 places it would be 0.015000000 and then 0.02). */
static void test_chain_rounds_once(void **state)
{
    (void)state;
    char buf[MONEY_STR_MAX];
    Money saving, share, r;
    OceError err;
    error_init(&err);
    assert_int_equal(
        money_sub(amt("120000.00", "GBP"), amt("119999.950000001", "GBP"), &saving, &err), 0);
    assert_int_equal(money_mul(saving, num("30"), &share, &err), 0);
    assert_money(share, -1, "1.49999997");
    assert_int_equal(money_quotient(share, num("100"), &share, &err), 0);
    assert_money(share, -1, "0.0149999997");
    assert_string_equal(share.currency, "GBP");
    assert_int_equal(money_places(share), 10);
    assert_string_equal(rounded(share, 2, MONEY_HALF_EVEN, buf), "0.01");
    assert_int_equal(money_round_minor(share, "GBP", MONEY_HALF_EVEN, &r, &err), 0);
    assert_money(r, 2, "0.01");
    /* 30 % of the run cost itself: 35999.9850000003, not the tie 35999.985 */
    assert_int_equal(money_mul(amt("119999.950000001", "GBP"), num("30"), &share, &err), 0);
    assert_int_equal(money_quotient(share, num("100"), &share, &err), 0);
    assert_money(share, -1, "35999.9850000003");
    assert_string_equal(rounded(share, 2, MONEY_HALF_EVEN, buf), "35999.99");
    /* an exact tie stays a tie */
    assert_int_equal(money_mul(num("0.05"), num("0.3"), &share, &err), 0);
    assert_string_equal(rounded(share, 2, MONEY_HALF_EVEN, buf), "0.02");
    assert_string_equal(rounded(share, 2, MONEY_HALF_UP, buf), "0.02");
    assert_string_equal(rounded(share, 2, MONEY_DOWN, buf), "0.01");
    /* four factors of nine places: 36 places, all kept */
    Money p = num("0.123456789");
    for (int i = 0; i < 3; i++)
        assert_int_equal(money_mul(p, num("0.123456789"), &p, &err), 0);
    assert_money(p, -1, "0.000232305722798259244150093798251441");
    assert_int_equal(money_places(p), 36);
}

/* A plain value with up to 36 places, which money_parse refuses beyond 9: the first nine
 * places parsed, the rest added as an exact product. */
static Money wide(const char *s)
{
    const char *point = strchr(s, '.');
    if (point == NULL || strlen(point + 1) <= 9)
        return num(s);
    char head[80];
    snprintf(head, sizeof head, "%.*s", (int)(point + 10 - s), s);
    Money v = num(head), tail = num(point + 10);
    OceError err;
    error_init(&err);
    for (size_t k = 0; k < strlen(point + 10) + 9; k++)
        if (money_mul(tail, num("0.1"), &tail, &err) != 0)
            fail_msg("building %s: %s", s, err.message);
    if (s[0] == '-')
        tail = money_neg(tail);
    if (money_add(v, tail, &v, &err) != 0)
        fail_msg("building %s: %s", s, err.message);
    assert_money(v, -1, s);
    return v;
}

/* Values with more than nine places add, subtract and compare exactly with any other, and
 * the same value is the same bytes however it was reached. */
static void test_wide_values(void **state)
{
    (void)state;
    static const struct {
        const char *a;
        char op;
        const char *b, *out;
    } cases[] = {
        {"1000000000000000", '+', "0.00000000000000001", "1000000000000000.00000000000000001"},
        {"1000000000000000.00000000000000001", '-', "0.00000000000000001", "1000000000000000"},
        {"0.0149999997", '+', "0.0000000003", "0.015"},
        {"0.0149999997", '-', "0.0149999997", "0"},
        {"-0.0149999997", '+', "0.01", "-0.0049999997"},
        {"0.0000000001", '-', "0.00000000000000000000000000000000001",
         "0.00000000009999999999999999999999999"},
        /* 17 whole digits and 19 places: 36 digits, as many as a value holds; then 36 places */
        {"99999999999999999", '+', "0.0000000000000000001",
         "99999999999999999.0000000000000000001"},
        {"0.000000000000000001", '*', "0.000000000000000001",
         "0.000000000000000000000000000000000001"},
        {"0.0000000000001", '*', "3", "0.0000000000003"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        Money r;
        OceError err;
        error_init(&err);
        Money a = wide(cases[i].a), b = wide(cases[i].b);
        int rc = cases[i].op == '*'   ? money_mul(a, b, &r, &err)
                 : cases[i].op == '+' ? money_add(a, b, &r, &err)
                                      : money_sub(a, b, &r, &err);
        if (rc != 0)
            fail_msg("%s %c %s failed: %s", cases[i].a, cases[i].op, cases[i].b, err.message);
        assert_money(r, -1, cases[i].out);
        Money same = wide(cases[i].out);
        assert_memory_equal(&r.units, &same.units, sizeof r.units);
        assert_int_equal(r.extra, same.extra);
    }
    static const struct {
        const char *a, *b;
        int cmp;
    } order[] = {
        {"0.0149999997", "0.015", -1},
        {"0.0150000001", "0.015", 1},
        {"0.015000000", "0.015", 0},
        {"-0.0149999997", "-0.015", 1},
        {"-1", "-0.0000000000000000000000000000000001", -1},
        {"0.0000000000000000000000000000000001", "0", 1},
        {"0.00000000000000000001", "0.000000001", -1},
        {MAX_VALUE, "0.00000000000000000001", 1},
        {"-" MAX_VALUE, "-0.00000000000000000001", -1},
        {"99999999999999999.0000000000000000001", "99999999999999999", 1},
    };
    for (size_t i = 0; i < N(order); i++) {
        int c = 7, back = 7;
        assert_int_equal(money_cmp(wide(order[i].a), wide(order[i].b), &c, NULL), 0);
        assert_int_equal(money_cmp(wide(order[i].b), wide(order[i].a), &back, NULL), 0);
        if (c != order[i].cmp || back != -order[i].cmp)
            fail_msg("%s vs %s: %d and %d", order[i].a, order[i].b, c, back);
    }
    assert_int_equal(money_places(wide("0.0149999997")), 10);
    assert_int_equal(money_digits(wide("0.0149999997")), 9);
    assert_money(wide("0.0149999997"), 12, "0.014999999700");
    assert_money(wide("0.0149999997"), 5, "0.01499");
    assert_money(wide("-0.00000000000000000001"), 2, "0.00");
    assert_int_equal(money_whole_digits(num("0.5")), 0);
    assert_int_equal(money_whole_digits(num("999999999999999999.9")), 18);
    assert_int_equal(money_whole_digits(num("-1000000000000000000")), 19);
    assert_int_equal(money_whole_digits(wide("12.0149999997")), 2);
}

/* An exact result that needs more than 36 digits, or more than 36 places, is refused rather
 * than rounded; one of 10^27 or more is too large, as before. */
static void test_too_long(void **state)
{
    (void)state;
    static const struct {
        const char *a;
        char op;
        const char *b, *message;
    } cases[] = {
        /* 42 digits: 999999999999999999998000.000000000000000001 */
        {"999999999999.999999999", '*', "999999999999.999999999",
         "the exact result of 999999999999.999999999 * 999999999999.999999999 needs more than 36 "
         "digits: round an operand first"},
        /* 37 digits: 999999999899999999999999999.0000000001 */
        {"99999999999999999999999999.9", '*', "9.999999999", "needs more than 36 digits"},
        /* 45 digits, below 10^27 */
        {"-31622776601683.793319988", '*', "31622776601683.793319988", "needs more than 36"},
        /* 10^-37: 37 places */
        {"0.0000000001", '*', "0.000000000000000000000000001", "needs more than 36 digits"},
        {"0.000000000000000001", '*', "0.0000000000000000001", "needs more than 36 digits"},
        /* 10^17 + 10^-20: 38 digits */
        {"100000000000000000", '+', "0.00000000000000000001",
         "the exact result of 100000000000000000 + 0.00000000000000000001 needs more than 36 "
         "digits: round an operand first"},
        {"100000000000000000", '-', "0.00000000000000000001", "needs more than 36 digits"},
        /* 17 whole digits and 20 places: 37 */
        {"99999999999999999", '+', "0.00000000000000000001", "needs more than 36 digits"},
        /* both: too large wins */
        {MAX_VALUE, '*', "1.000000001", "amount too large"},
        {MAX_VALUE, '+', "0.0000000011", "amount too large: " MAX_VALUE " + 0.0000000011 is"},
        {MAX_VALUE, '+', "0.0000000001", "the exact result of " MAX_VALUE " + 0.0000000001 needs"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        Money r = untouched(), a = wide(cases[i].a), b = wide(cases[i].b);
        OceError err;
        error_init(&err);
        int rc = cases[i].op == '*'   ? money_mul(a, b, &r, &err)
                 : cases[i].op == '+' ? money_add(a, b, &r, &err)
                                      : money_sub(a, b, &r, &err);
        assert_int_equal(rc, -1);
        assert_error(&err, cases[i].message);
        assert_untouched(r);
    }
}

/* A plain factor scales money; two money factors are an error whatever their currencies. */
static void test_mul_currency(void **state)
{
    (void)state;
    Money r;
    OceError err;
    error_init(&err);
    assert_int_equal(money_mul(num("0.3"), amt("7659.45", "GBP"), &r, &err), 0);
    assert_money(r, -1, "2297.835");
    assert_string_equal(r.currency, "GBP");
    assert_int_equal(money_mul(amt("10", "JPY"), num("3"), &r, &err), 0);
    assert_string_equal(r.currency, "JPY");
    r = untouched();
    assert_int_equal(money_mul(amt("2", "GBP"), amt("3", "GBP"), &r, &err), -1);
    assert_string_equal(err.message, "cannot multiply a GBP amount by a GBP amount: one factor "
                                     "must be a plain number");
    assert_untouched(r);
    error_init(&err);
    assert_int_equal(money_mul(amt("2", "GBP"), amt("3", "EUR"), &r, &err), -1);
    assert_error(&err, "cannot multiply a GBP amount by a EUR amount");
}

/* Long division gives the exact digits, then rounds with the remainder in the given mode. */
static void test_div(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b;
        int places;
        MoneyRounding mode;
        const char *out;
    } cases[] = {
        {"1", "3", 9, MONEY_HALF_EVEN, "0.333333333"},
        {"2", "3", 9, MONEY_HALF_EVEN, "0.666666667"},
        {"2", "3", 2, MONEY_HALF_EVEN, "0.67"},
        {"2", "3", 2, MONEY_DOWN, "0.66"},
        {"10", "4", 0, MONEY_HALF_EVEN, "2"},
        {"7", "2", 0, MONEY_HALF_EVEN, "4"},
        {"10", "4", 0, MONEY_HALF_UP, "3"},
        {"10", "4", 0, MONEY_DOWN, "2"},
        {"-7", "2", 0, MONEY_HALF_EVEN, "-4"},
        {"-10", "4", 0, MONEY_HALF_EVEN, "-2"},
        {"-10", "4", 0, MONEY_HALF_UP, "-3"},
        {"1", "-3", 2, MONEY_HALF_EVEN, "-0.33"},
        {"-1", "3", 2, MONEY_FLOOR, "-0.34"},
        {"-1", "3", 2, MONEY_CEILING, "-0.33"},
        {"1", "3", 2, MONEY_CEILING, "0.34"},
        {"1", "3", 2, MONEY_FLOOR, "0.33"},
        {"1", "3", 2, MONEY_UP, "0.34"},
        {"-1", "3", 2, MONEY_UP, "-0.34"},
        {"-1", "-3", 2, MONEY_DOWN, "0.33"},
        {"6", "3", 0, MONEY_UP, "2"},
        {"0", "-5", 2, MONEY_FLOOR, "0"},
        {"2297.835", "7659.45", 9, MONEY_HALF_EVEN, "0.3"},
        {"0.000000001", "2", 9, MONEY_HALF_EVEN, "0"},
        {"0.000000003", "2", 9, MONEY_HALF_EVEN, "0.000000002"},
        {"100000000000000000000000000", "3", 9, MONEY_HALF_EVEN,
         "33333333333333333333333333.333333333"},
        /* exact quotient 17636684144620811271428571.42857142857... */
        {"123456789012345678.9", "0.000000007", 9, MONEY_HALF_EVEN,
         "17636684144620811271428571.428571429"},
        {MAX_VALUE, "999999999999999999999999999.999999998", 9, MONEY_HALF_EVEN, "1"},
        {MAX_VALUE, "999999999999999999999999999.999999998", 9, MONEY_UP, "1.000000001"},
        {"1", MAX_VALUE, 9, MONEY_HALF_EVEN, "0"},
        {"1", MAX_VALUE, 9, MONEY_UP, "0.000000001"},
        {"1", "0.000000001", 9, MONEY_HALF_EVEN, "1000000000"},
        {"-99999999999999999999999999.9", "0.1", 0, MONEY_HALF_EVEN,
         "-999999999999999999999999999"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        Money r;
        OceError err;
        error_init(&err);
        if (money_div(num(cases[i].a), num(cases[i].b), cases[i].places, cases[i].mode, &r, &err) !=
            0)
            fail_msg("%s / %s failed: %s", cases[i].a, cases[i].b, err.message);
        assert_money(r, -1, cases[i].out);
    }
}

/* A quotient that ends within 36 digits and places is exact; any other is rounded half-even
 * to 9 places, once, from the exact quotient: what `/` does in term scripts. */
static void test_quotient(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b, *out;
    } cases[] = {
        {"1", "3", "0.333333333"},
        {"2", "3", "0.666666667"},
        {"-1", "3", "-0.333333333"},
        {"1", "7", "0.142857143"},
        {"85000", "3", "28333.333333333"},
        {"1", "8", "0.125"},
        {"1", "1024", "0.0009765625"},
        {"1.49999997", "100", "0.0149999997"},
        {"119999.950000001", "100", "1199.99950000001"},
        {"2297.835", "7659.45", "0.3"},
        {"1", "0.000000001", "1000000000"},
        {"0.00000000000000000001", "4", "0.0000000000000000000025"},
        {"1", "0.00000000000000000001", "100000000000000000000"},
        {"-0.0000000000000000045", "0.000000003", "-0.0000000015"},
        /* 34 digits: ends, and is kept */
        {"123456789012345678901234567", "1024", "120563270519868827051986.8818359375"},
        /* ends only at 41 digits: rounded to 9 places */
        {"999999999999999999999999999", "1048576", "953674316406249999999.999999046"},
        /* ends only at 37 places (1 / 2^37): rounded to 9 places */
        {"1", "137438953472", "0.000000000"},
        /* does not end: rounded from the exact digits, not from the value's own places */
        {"0.00000000000000000001", "3", "0"},
        {"0.0000000000000000046", "0.000000003", "0.000000002"},
        {"0.0000000000000000044", "0.000000003", "0.000000001"},
        {"100000000000000000000000000", "3", "33333333333333333333333333.333333333"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        Money r;
        OceError err;
        error_init(&err);
        if (money_quotient(wide(cases[i].a), wide(cases[i].b), &r, &err) != 0)
            fail_msg("%s / %s failed: %s", cases[i].a, cases[i].b, err.message);
        if (strchr(cases[i].out, '.') != NULL && strlen(strchr(cases[i].out, '.')) == 10)
            assert_money(r, 9, cases[i].out);
        else
            assert_money(r, -1, cases[i].out);
    }
    Money r = untouched();
    OceError err;
    error_init(&err);
    assert_int_equal(money_quotient(amt("10", "GBP"), amt("4", "GBP"), &r, &err), 0);
    assert_money(r, -1, "2.5");
    assert_string_equal(r.currency, "");
    assert_int_equal(money_quotient(amt("10", "GBP"), num("3"), &r, &err), 0);
    assert_money(r, -1, "3.333333333");
    assert_string_equal(r.currency, "GBP");
    r = untouched();
    assert_int_equal(money_quotient(amt("10", "GBP"), num("0"), &r, &err), -1);
    assert_string_equal(err.message, "division by zero: 10 GBP / 0");
    assert_untouched(r);
    error_init(&err);
    assert_int_equal(money_quotient(num("1"), amt("4", "GBP"), &r, &err), -1);
    assert_string_equal(err.message, "cannot divide a plain number by a GBP amount");
    error_init(&err);
    assert_int_equal(money_quotient(num(MAX_VALUE), num("0.5"), &r, &err), -1);
    assert_error(&err, "amount too large: " MAX_VALUE " / 0.5 is 10^27 or more");
    error_init(&err);
    assert_int_equal(money_quotient(num(MAX_VALUE), num("0.3"), &r, &err), -1);
    assert_error(&err, "amount too large");
    error_init(&err);
    assert_int_equal(money_quotient(num("1"), wide("0.000000000000000000000000001"), &r, &err), -1);
    assert_error(&err, "amount too large");
    /* a quotient too large at fewer places is still too large at nine */
    error_init(&err);
    r = untouched();
    assert_int_equal(money_div(num("3.8"), wide("0.000000000000000000000000000000000075"), 0,
                               MONEY_FLOOR, &r, &err),
                     -1);
    assert_error(&err, "amount too large: 3.8 / 0.000000000000000000000000000000000075 is");
    assert_untouched(r);
}

/* money_div rounds once, by its mode, from the exact quotient, also when the dividend has
 * more places than the result keeps: 0.0000000000000000045 / 0.000000003 is the tie
 * 0.0000000015. */
static void test_div_from_wide(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b;
        MoneyRounding mode;
        const char *out;
    } cases[] = {
        {"0.0000000000000000045", "0.000000003", MONEY_HALF_EVEN, "0.000000002"},
        {"0.0000000000000000045", "0.000000003", MONEY_HALF_UP, "0.000000002"},
        {"0.0000000000000000045", "0.000000003", MONEY_DOWN, "0.000000001"},
        {"0.0000000000000000045", "0.000000003", MONEY_FLOOR, "0.000000001"},
        {"-0.0000000000000000045", "0.000000003", MONEY_FLOOR, "-0.000000002"},
        {"-0.0000000000000000045", "0.000000003", MONEY_DOWN, "-0.000000001"},
        {"0.0000000000000000075", "0.000000003", MONEY_HALF_EVEN, "0.000000002"},
        {"0.0000000000000000075", "0.000000003", MONEY_HALF_UP, "0.000000003"},
        {"0.0000000000000000046", "0.000000003", MONEY_HALF_EVEN, "0.000000002"},
        {"0.0000000000000000044", "0.000000003", MONEY_HALF_EVEN, "0.000000001"},
        {"0.0000000000000000044", "0.000000003", MONEY_UP, "0.000000002"},
        {"0.0000000000000000001", "0.000000003", MONEY_HALF_EVEN, "0"},
        {"0.0000000000000000001", "0.000000003", MONEY_UP, "0.000000001"},
        {"0.0000000000000000001", "0.000000003", MONEY_CEILING, "0.000000001"},
        {"0.00000000250000000001", "1", MONEY_HALF_EVEN, "0.000000003"},
        {"0.00000000250000000001", "1", MONEY_DOWN, "0.000000002"},
        {"0.0149999997", "1", MONEY_HALF_EVEN, "0.015"},
        {"1.49999997", "100", MONEY_HALF_EVEN, "0.015"},
        {"0.0149999997", "1", MONEY_DOWN, "0.014999999"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        Money r;
        OceError err;
        error_init(&err);
        if (money_div(wide(cases[i].a), wide(cases[i].b), 9, cases[i].mode, &r, &err) != 0)
            fail_msg("%s / %s failed: %s", cases[i].a, cases[i].b, err.message);
        assert_money(r, -1, cases[i].out);
    }
    /* to the cent, once: 1.49999997 / 100 is 0.0149999997, so 0.01 (not 0.015 and then 0.02) */
    Money r;
    assert_int_equal(money_div(num("1.49999997"), num("100"), 2, MONEY_HALF_EVEN, &r, NULL), 0);
    assert_money(r, 2, "0.01");
    assert_int_equal(money_div(num("0.049999999"), num("3"), 2, MONEY_UP, &r, NULL), 0);
    assert_money(r, 2, "0.02");
    assert_int_equal(money_div(wide("0.0149999997"), num("1"), 2, MONEY_HALF_EVEN, &r, NULL), 0);
    assert_money(r, 2, "0.01");
}

/* Money / money of the same currency is a plain ratio, money / plain keeps the currency;
 * plain / money, mixed currencies and a zero divisor are errors. */
static void test_div_errors_and_currency(void **state)
{
    (void)state;
    Money r;
    OceError err;
    error_init(&err);
    assert_int_equal(money_div(amt("10", "GBP"), amt("4", "GBP"), 2, MONEY_HALF_EVEN, &r, &err), 0);
    assert_money(r, -1, "2.5");
    assert_string_equal(r.currency, "");
    assert_int_equal(money_div(amt("10", "GBP"), num("4"), 2, MONEY_HALF_EVEN, &r, &err), 0);
    assert_string_equal(r.currency, "GBP");
    assert_int_equal(money_div(num("10"), num("4"), 2, MONEY_HALF_EVEN, &r, &err), 0);
    assert_string_equal(r.currency, "");

    static const struct {
        const char *a, *acur, *b, *bcur;
        int places;
        const char *message;
    } bad[] = {
        {"1", NULL, "0", NULL, 9, "division by zero: 1 / 0"},
        {"12.5", "GBP", "0.000", NULL, 2, "division by zero: 12.5 GBP / 0"},
        {"10", NULL, "4", "GBP", 2, "cannot divide a plain number by a GBP amount"},
        {"10", "GBP", "4", "EUR", 2, "mixed currencies: cannot divide a GBP amount by a EUR"},
        {"1", NULL, "3", NULL, 10, "cannot round to 10 decimal places (0 to 9 are possible)"},
        {"1", NULL, "3", NULL, -1, "cannot round to -1 decimal places"},
        {MAX_VALUE, NULL, "0.1", NULL, 0, "amount too large: " MAX_VALUE " / 0.1"},
        {"-" MAX_VALUE, NULL, "0.5", NULL, 0, "amount too large: -" MAX_VALUE " / 0.5"},
        {"1000000000000000000", NULL, "0.000000001", NULL, 0, "amount too large"},
        {MAX_VALUE, NULL, "1", NULL, 0, "is 10^27 or more"},
    };
    for (size_t i = 0; i < N(bad); i++) {
        r = untouched();
        error_init(&err);
        int rc = money_div(amt(bad[i].a, bad[i].acur), amt(bad[i].b, bad[i].bcur), bad[i].places,
                           MONEY_HALF_EVEN, &r, &err);
        assert_int_equal(rc, -1);
        assert_error(&err, bad[i].message);
        assert_untouched(r);
    }
}

/* Results of 10^27 or more are errors, never wrapped: sums, products and quotients. */
static void test_overflow(void **state)
{
    (void)state;
    Money r = untouched();
    OceError err;
    error_init(&err);
    assert_int_equal(money_add(num(MAX_VALUE), num("0.000000001"), &r, &err), -1);
    assert_string_equal(err.message,
                        "amount too large: " MAX_VALUE " + 0.000000001 is 10^27 or more");
    assert_untouched(r);
    error_init(&err);
    assert_int_equal(money_sub(num("-" MAX_VALUE), num("0.000000001"), &r, &err), -1);
    assert_error(&err, "amount too large");
    error_init(&err);
    assert_int_equal(money_add(amt(MAX_VALUE, "GBP"), num(MAX_VALUE), &r, &err), -1);
    assert_error(&err, "amount too large: " MAX_VALUE " GBP + " MAX_VALUE " is");

    static const char *const products[][2] = {
        {"100000000000000", "10000000000000"}, /* 10^27 exactly */
        {MAX_VALUE, MAX_VALUE},                /* 10^54: the whole parts overflow 128 bits */
        {MAX_VALUE, "1.000000001"},
        {"-31622776601683.793319989", "31622776601683.793319989"}, /* just above 10^27 */
    };
    for (size_t i = 0; i < N(products); i++) {
        error_init(&err);
        assert_int_equal(money_mul(num(products[i][0]), num(products[i][1]), &r, &err), -1);
        assert_error(&err, "amount too large");
        assert_error(&err, " * ");
        assert_untouched(r);
    }
    /* 10^13 * 10^13 = 10^26 still fits */
    assert_int_equal(money_mul(num("10000000000000"), num("10000000000000"), &r, &err), 0);
    assert_money(r, -1, "100000000000000000000000000");
}

/* ---- rounding ---- */

/* The six modes, on ties, on values either side of a tie, on exact values and on negative
 * values, where floor and ceiling differ from down and up. */
static void test_round(void **state)
{
    (void)state;
    static const struct {
        const char *value;
        int places;
        MoneyRounding mode;
        const char *out;
    } cases[] = {
        {"2.345", 2, MONEY_HALF_EVEN, "2.34"},
        {"2.355", 2, MONEY_HALF_EVEN, "2.36"},
        {"2.345", 2, MONEY_HALF_UP, "2.35"},
        {"2.3451", 2, MONEY_HALF_EVEN, "2.35"},
        {"2.3449", 2, MONEY_HALF_UP, "2.34"},
        {"2.341", 2, MONEY_UP, "2.35"},
        {"2.349", 2, MONEY_DOWN, "2.34"},
        {"2.341", 2, MONEY_CEILING, "2.35"},
        {"2.349", 2, MONEY_FLOOR, "2.34"},
        {"-2.345", 2, MONEY_HALF_EVEN, "-2.34"},
        {"-2.355", 2, MONEY_HALF_EVEN, "-2.36"},
        {"-2.345", 2, MONEY_HALF_UP, "-2.35"},
        {"-2.345", 2, MONEY_FLOOR, "-2.35"},
        {"-2.345", 2, MONEY_CEILING, "-2.34"},
        {"-2.345", 2, MONEY_UP, "-2.35"},
        {"-2.345", 2, MONEY_DOWN, "-2.34"},
        {"-2.341", 2, MONEY_FLOOR, "-2.35"},
        {"-2.349", 2, MONEY_CEILING, "-2.34"},
        {"2297.835", 2, MONEY_HALF_EVEN, "2297.84"},
        {"2297.825", 2, MONEY_HALF_EVEN, "2297.82"},
        {"0.5", 0, MONEY_HALF_EVEN, "0"},
        {"1.5", 0, MONEY_HALF_EVEN, "2"},
        {"2.5", 0, MONEY_HALF_EVEN, "2"},
        {"-0.5", 0, MONEY_HALF_EVEN, "0"},
        {"-0.5", 0, MONEY_HALF_UP, "-1"},
        {"-0.4", 0, MONEY_CEILING, "0"},
        {"0.000000001", 0, MONEY_UP, "1"},
        {"0.000000001", 0, MONEY_CEILING, "1"},
        {"-0.000000001", 0, MONEY_FLOOR, "-1"},
        {"-0.000000001", 0, MONEY_UP, "-1"},
        {"0.000000001", 8, MONEY_HALF_EVEN, "0"},
        {"0.000000005", 8, MONEY_HALF_EVEN, "0"},
        {"0.000000015", 8, MONEY_HALF_EVEN, "0.00000002"},
        {"0.123456789", 9, MONEY_UP, "0.123456789"},
        {"123.456", 0, MONEY_DOWN, "123"},
        {"999.995", 2, MONEY_HALF_UP, "1000"},
        {"-999.995", 2, MONEY_HALF_EVEN, "-1000"},
        {"999999999999999999999999999.49", 0, MONEY_HALF_UP, "999999999999999999999999999"},
        {MAX_VALUE, 2, MONEY_DOWN, "999999999999999999999999999.99"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        Money r;
        OceError err;
        error_init(&err);
        if (money_round(num(cases[i].value), cases[i].places, cases[i].mode, &r, &err) != 0)
            fail_msg("rounding %s failed: %s", cases[i].value, err.message);
        assert_money(r, -1, cases[i].out);
    }
}

/* A value already at the places is unchanged by every mode, and the currency is kept. */
static void test_round_exact(void **state)
{
    (void)state;
    static const char *const values[] = {"2.34", "-2.34", "0", "-7659.45", "1000"};
    for (size_t i = 0; i < N(values); i++)
        for (int mode = MONEY_HALF_EVEN; mode <= MONEY_CEILING; mode++) {
            Money r;
            assert_int_equal(money_round(amt(values[i], "GBP"), 2, (MoneyRounding)mode, &r, NULL),
                             0);
            assert_money(r, -1, values[i][0] == '0' ? "0" : values[i]);
            assert_string_equal(r.currency, "GBP");
        }
}

/* Places outside 0..9, an unknown mode and a result of 10^27 are refused. */
static void test_round_errors(void **state)
{
    (void)state;
    static const struct {
        const char *value;
        int places, mode;
        const char *message;
    } cases[] = {
        {"1.5", -1, MONEY_HALF_EVEN, "cannot round to -1 decimal places (0 to 9 are possible)"},
        {"1.5", 10, MONEY_HALF_EVEN, "cannot round to 10 decimal places (0 to 9 are possible)"},
        {"1.5", 0, 6, "unknown rounding mode 6"},
        {"1.5", 0, -1, "unknown rounding mode -1"},
        {"999999999999999999999999999.5", 0, MONEY_HALF_UP,
         "amount too large: 999999999999999999999999999.5 rounded half-up to 0 places is 10^27 "
         "or more"},
        {"-" MAX_VALUE, 2, MONEY_FLOOR,
         "amount too large: -" MAX_VALUE " rounded floor to 2 places is 10^27 or more"},
        {MAX_VALUE, 8, MONEY_HALF_EVEN,
         "amount too large: " MAX_VALUE " rounded half-even to 8 places is 10^27 or more"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        Money r = untouched();
        OceError err;
        error_init(&err);
        assert_int_equal(money_round(num(cases[i].value), cases[i].places,
                                     (MoneyRounding)cases[i].mode, &r, &err),
                         -1);
        assert_int_equal(err.code, OCE_EMONEY);
        assert_string_equal(err.message, cases[i].message);
        assert_untouched(r);
    }
}

/* Rounding to the minor unit uses the currency's exponent: pence, whole yen, fils. */
static void test_round_minor(void **state)
{
    (void)state;
    static const struct {
        const char *value, *currency, *arg;
        MoneyRounding mode;
        const char *out, *outcur;
    } cases[] = {
        {"12.345", "GBP", NULL, MONEY_HALF_EVEN, "12.34", "GBP"},
        {"12.345", "GBP", "GBP", MONEY_HALF_UP, "12.35", "GBP"},
        {"-12.345", "EUR", NULL, MONEY_FLOOR, "-12.35", "EUR"},
        {"1234.5", "JPY", NULL, MONEY_HALF_EVEN, "1234", "JPY"},
        {"1235.5", "JPY", NULL, MONEY_HALF_EVEN, "1236", "JPY"},
        {"1234.01", "KRW", NULL, MONEY_CEILING, "1235", "KRW"},
        {"1.23456", "BHD", NULL, MONEY_HALF_EVEN, "1.235", "BHD"},
        {"1.2345", "KWD", NULL, MONEY_HALF_EVEN, "1.234", "KWD"},
        {"1.2345", "BHD", NULL, MONEY_DOWN, "1.234", "BHD"},
        {"99.999", NULL, "GBP", MONEY_DOWN, "99.99", "GBP"},
        {"2.5", NULL, "JPY", MONEY_HALF_EVEN, "2", "JPY"},
        {"2.5", "", "ISK", MONEY_HALF_UP, "3", "ISK"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        Money r;
        OceError err;
        error_init(&err);
        if (money_round_minor(amt(cases[i].value, cases[i].currency), cases[i].arg, cases[i].mode,
                              &r, &err) != 0)
            fail_msg("rounding %s failed: %s", cases[i].value, err.message);
        assert_money(r, -1, cases[i].out);
        assert_string_equal(r.currency, cases[i].outcur);
    }
}

/* Without a known currency, or with two different ones, there is no minor unit to round to. */
static void test_round_minor_errors(void **state)
{
    (void)state;
    static const struct {
        const char *value, *currency, *arg, *message;
    } cases[] = {
        {"1.5", NULL, NULL, "cannot round a plain number to a minor unit: no currency given"},
        {"1.5", NULL, "", "cannot round a plain number to a minor unit: no currency given"},
        {"1.5", "XYZ", NULL, "unknown currency \"XYZ\": its minor unit is not known"},
        {"1.5", NULL, "gbp", "unknown currency \"gbp\": its minor unit is not known"},
        {"1.5", "GBP", "EUR",
         "mixed currencies: cannot round a GBP amount to the minor unit of "
         "EUR"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        Money r = untouched();
        OceError err;
        error_init(&err);
        assert_int_equal(money_round_minor(amt(cases[i].value, cases[i].currency), cases[i].arg,
                                           MONEY_HALF_EVEN, &r, &err),
                         -1);
        assert_int_equal(err.code, OCE_EMONEY);
        assert_string_equal(err.message, cases[i].message);
        assert_untouched(r);
    }
}

/* The ISO 4217 exponents of the currencies oce knows, and -1 for anything else. */
static void test_currency_exponent(void **state)
{
    (void)state;
    static const struct {
        const char *code;
        int exponent;
    } cases[] = {
        {"GBP", 2}, {"EUR", 2},  {"USD", 2},  {"CHF", 2}, {"SEK", 2},   {"NOK", 2}, {"DKK", 2},
        {"AUD", 2}, {"CAD", 2},  {"NZD", 2},  {"PLN", 2}, {"CZK", 2},   {"HUF", 2}, {"INR", 2},
        {"CNY", 2}, {"HKD", 2},  {"SGD", 2},  {"ZAR", 2}, {"MXN", 2},   {"BRL", 2}, {"JPY", 0},
        {"KRW", 0}, {"ISK", 0},  {"CLP", 0},  {"BHD", 3}, {"KWD", 3},   {"OMR", 3}, {"JOD", 3},
        {"TND", 3}, {"XYZ", -1}, {"gbp", -1}, {"", -1},   {"GBPX", -1},
    };
    for (size_t i = 0; i < N(cases); i++)
        assert_int_equal(money_currency_exponent(cases[i].code), cases[i].exponent);
    assert_int_equal(money_currency_exponent(NULL), -1);
}

/* ---- allocation ---- */

#define MAX_PARTS 5

/* Parts are proportional, rounded to places, sum exactly to the total, and the units left
 * over go to the largest remainders, earlier parts first on a tie; negative totals mirror
 * positive ones. */
static void test_allocate(void **state)
{
    (void)state;
    static const struct {
        const char *total;
        int places;
        const char *weights[MAX_PARTS];
        const char *parts[MAX_PARTS];
    } cases[] = {
        {"100.00", 2, {"1", "1", "1"}, {"33.34", "33.33", "33.33"}},
        {"-100.00", 2, {"1", "1", "1"}, {"-33.34", "-33.33", "-33.33"}},
        {"0.05", 2, {"1", "1", "1"}, {"0.02", "0.02", "0.01"}},
        {"-0.05", 2, {"1", "1", "1"}, {"-0.02", "-0.02", "-0.01"}},
        {"0.02", 2, {"1", "1", "1"}, {"0.01", "0.01", "0.00"}},
        {"0.01", 2, {"1", "1"}, {"0.01", "0.00"}},
        {"0.01", 2, {"1", "2"}, {"0.00", "0.01"}},
        {"100.00", 2, {"1", "2", "3"}, {"16.67", "33.33", "50.00"}},
        {"10.00", 2, {"0", "1", "1"}, {"0.00", "5.00", "5.00"}},
        {"0.00", 2, {"1", "1", "1"}, {"0.00", "0.00", "0.00"}},
        {"500.00", 2, {"600.00", "300.00", "100.00"}, {"300.00", "150.00", "50.00"}},
        {"10", 0, {"3", "3", "3"}, {"4", "3", "3"}},
        {"1000", 3, {"0.1", "0.2", "0.3", "0.4"}, {"100.000", "200.000", "300.000", "400.000"}},
        {"7", 0, {"1", "1", "1", "1", "1"}, {"2", "2", "1", "1", "1"}},
        {"7", 0, {"1", "1", "1", "1", "1.000000001"}, {"2", "1", "1", "1", "2"}},
        {"2297.84", 2, {"1"}, {"2297.84"}},
        {"999999999999999999999999999.99",
         2,
         {"1", "1"},
         {"500000000000000000000000000.00", "499999999999999999999999999.99"}},
        {MAX_VALUE,
         9,
         {MAX_VALUE, "999999999999999999999999999.999999998"},
         {"500000000000000000000000000.000000000", "499999999999999999999999999.999999999"}},
        {"1.000000000", 9, {"3", "3", "3"}, {"0.333333334", "0.333333333", "0.333333333"}},
    };
    for (size_t i = 0; i < N(cases); i++) {
        Money weights[MAX_PARTS], parts[MAX_PARTS];
        size_t n = 0;
        while (n < MAX_PARTS && cases[i].weights[n] != NULL) {
            weights[n] = num(cases[i].weights[n]);
            n++;
        }
        Money total = amt(cases[i].total, "GBP"), sum = money_zero("GBP");
        OceError err;
        error_init(&err);
        if (money_allocate(total, weights, n, cases[i].places, parts, &err) != 0)
            fail_msg("allocating %s failed: %s", cases[i].total, err.message);
        for (size_t k = 0; k < n; k++) {
            assert_money(parts[k], cases[i].places, cases[i].parts[k]);
            assert_string_equal(parts[k].currency, "GBP");
            assert_int_equal(money_add(sum, parts[k], &sum, &err), 0);
        }
        assert_true(sum.units == total.units);
    }
}

/* Many equal parts, as a cap over thousands of lines: the sum is exact, and the odd units go
 * to the earliest parts, one each, in n log n rather than n squared. */
static void test_allocate_many(void **state)
{
    (void)state;
    enum { PARTS = 9000 };
    static Money weights[PARTS], parts[PARTS];
    for (size_t i = 0; i < PARTS; i++)
        weights[i] = amt("0.03", "GBP");
    OceError err;
    error_init(&err);
    assert_int_equal(money_allocate(amt("199.99", "GBP"), weights, PARTS, 2, parts, &err), 0);
    Money sum = money_zero("GBP");
    for (size_t i = 0; i < PARTS; i++)
        assert_int_equal(money_add(sum, parts[i], &sum, &err), 0);
    assert_money(sum, 2, "199.99");
    /* 19999 cents over 9000 parts: 2 each, and the first 1999 get a third. */
    assert_money(parts[0], 2, "0.03");
    assert_money(parts[1998], 2, "0.03");
    assert_money(parts[1999], 2, "0.02");
    assert_money(parts[PARTS - 1], 2, "0.02");
}

/* Zero or negative weights, mixed weight currencies and an unrounded total are refused. */
static void test_allocate_errors(void **state)
{
    (void)state;
    Money w[3] = {num("1"), num("0"), num("2")}, parts[3];
    OceError err;
    error_init(&err);
    Money zeros[2] = {num("0"), num("0")};
    assert_int_equal(money_allocate(num("10"), zeros, 2, 2, parts, &err), -1);
    assert_string_equal(err.message, "cannot allocate: the weights sum to zero");
    error_init(&err);
    assert_int_equal(money_allocate(num("10"), w, 0, 2, parts, &err), -1);
    assert_error(&err, "the weights sum to zero");
    error_init(&err);
    w[1] = num("-0.5");
    assert_int_equal(money_allocate(num("10"), w, 3, 2, parts, &err), -1);
    assert_string_equal(err.message, "cannot allocate by a negative weight (weight 2 is -0.5)");
    error_init(&err);
    w[1] = amt("1", "EUR");
    w[2] = amt("1", "GBP");
    assert_int_equal(money_allocate(num("10"), w, 3, 2, parts, &err), -1);
    assert_string_equal(err.message, "mixed currencies: cannot allocate by EUR and GBP weights");
    error_init(&err);
    w[1] = w[2] = num("1");
    assert_int_equal(money_allocate(amt("100.005", "GBP"), w, 3, 2, parts, &err), -1);
    assert_string_equal(err.message,
                        "cannot allocate 100.005 GBP: it is not rounded to 2 decimal places");
    error_init(&err);
    assert_int_equal(money_allocate(num("100"), w, 3, 10, parts, &err), -1);
    assert_error(&err, "cannot round to 10 decimal places");
    error_init(&err);
    Money huge[200], hparts[200];
    for (size_t i = 0; i < N(huge); i++)
        huge[i] = num(MAX_VALUE);
    assert_int_equal(money_allocate(num("100"), huge, N(huge), 2, hparts, &err), -1);
    assert_error(&err, "amount too large: the weights");
}

/* ---- small helpers ---- */

/* Rounding names print and parse back; only the exact lowercase names parse. */
static void test_rounding_names(void **state)
{
    (void)state;
    static const struct {
        MoneyRounding mode;
        const char *name;
    } cases[] = {
        {MONEY_HALF_EVEN, "half-even"}, {MONEY_HALF_UP, "half-up"},
        {MONEY_DOWN, "down"},           {MONEY_UP, "up"},
        {MONEY_FLOOR, "floor"},         {MONEY_CEILING, "ceiling"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        MoneyRounding m = MONEY_CEILING;
        assert_string_equal(money_rounding_name(cases[i].mode), cases[i].name);
        assert_int_equal(money_rounding_parse(cases[i].name, &m), 0);
        assert_int_equal(m, cases[i].mode);
    }
    static const char *const bad[] = {"half_even", "HALF-EVEN", "halfeven", "", "bankers", "up "};
    for (size_t i = 0; i < N(bad); i++) {
        MoneyRounding m = MONEY_FLOOR;
        assert_int_equal(money_rounding_parse(bad[i], &m), -1);
        assert_int_equal(m, MONEY_FLOOR);
    }
    MoneyRounding m;
    assert_int_equal(money_rounding_parse(NULL, &m), -1);
    assert_string_equal(money_rounding_name((MoneyRounding)42), "unknown");
}

/* Constructors and the one-line queries: from_int is exact to the ends of long long, zero
 * carries its currency, neg and abs keep it, and zero has no sign. */
static void test_basics(void **state)
{
    (void)state;
    assert_money(money_from_int(0), -1, "0");
    assert_money(money_from_int(-5), -1, "-5");
    assert_money(money_from_int(LLONG_MAX), -1, "9223372036854775807");
    assert_money(money_from_int(LLONG_MIN), -1, "-9223372036854775808");
    assert_string_equal(money_from_int(3).currency, "");
    assert_string_equal(money_zero("GBP").currency, "GBP");
    assert_string_equal(money_zero(NULL).currency, "");
    assert_string_equal(money_zero("pounds").currency, "");
    assert_true(money_is_zero(money_zero("GBP")));
    assert_true(money_is_zero(num("-0.000")));
    assert_false(money_is_zero(num("0.000000001")));

    static const struct {
        const char *value, *neg, *abs;
        int sign;
    } cases[] = {
        {"0", "0", "0", 0},
        {"12.5", "-12.5", "12.5", 1},
        {"-0.000000001", "0.000000001", "0.000000001", -1},
        {MAX_VALUE, "-" MAX_VALUE, MAX_VALUE, 1},
        {"-" MAX_VALUE, MAX_VALUE, MAX_VALUE, -1},
    };
    for (size_t i = 0; i < N(cases); i++) {
        Money m = amt(cases[i].value, "EUR");
        assert_money(money_neg(m), -1, cases[i].neg);
        assert_money(money_abs(m), -1, cases[i].abs);
        assert_string_equal(money_neg(m).currency, "EUR");
        assert_string_equal(money_abs(m).currency, "EUR");
        assert_int_equal(money_sign(m), cases[i].sign);
    }
}

/* An error already recorded is kept: the first failure is the root cause. */
static void test_first_error_kept(void **state)
{
    (void)state;
    Money r;
    OceError err;
    error_init(&err);
    assert_int_equal(money_div(num("1"), num("0"), 2, MONEY_HALF_EVEN, &r, &err), -1);
    assert_int_equal(money_add(amt("1", "GBP"), amt("1", "EUR"), &r, &err), -1);
    assert_string_equal(err.message, "division by zero: 1 / 0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_valid),
        cmocka_unit_test(test_parse_invalid),
        cmocka_unit_test(test_parse_n),
        cmocka_unit_test(test_parse_currency),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_buffer),
        cmocka_unit_test(test_places),
        cmocka_unit_test(test_digits),
        cmocka_unit_test(test_add_sub),
        cmocka_unit_test(test_currency_rules),
        cmocka_unit_test(test_cmp),
        cmocka_unit_test(test_mul),
        cmocka_unit_test(test_chain_rounds_once),
        cmocka_unit_test(test_wide_values),
        cmocka_unit_test(test_too_long),
        cmocka_unit_test(test_mul_currency),
        cmocka_unit_test(test_div),
        cmocka_unit_test(test_quotient),
        cmocka_unit_test(test_div_from_wide),
        cmocka_unit_test(test_div_errors_and_currency),
        cmocka_unit_test(test_overflow),
        cmocka_unit_test(test_round),
        cmocka_unit_test(test_round_exact),
        cmocka_unit_test(test_round_errors),
        cmocka_unit_test(test_round_minor),
        cmocka_unit_test(test_round_minor_errors),
        cmocka_unit_test(test_currency_exponent),
        cmocka_unit_test(test_allocate),
        cmocka_unit_test(test_allocate_many),
        cmocka_unit_test(test_allocate_errors),
        cmocka_unit_test(test_rounding_names),
        cmocka_unit_test(test_basics),
        cmocka_unit_test(test_first_error_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
