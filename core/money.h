/*
 * money: exact decimal amounts, the only way oce represents money or any measured value.
 *
 * A Money is a value type (copy it, never free it): a signed decimal held as a count of its
 * last decimal place, and an ISO 4217 currency code, "" for a plain decimal such as a
 * percentage or a measured availability. Input has at most 9 decimal places; sums, products
 * and quotients that end keep every place they have, so a settlement's figures are exact
 * until a line is rounded. A value is below 10^27 and holds at most 36 decimal places and 36
 * digits in all, counted from its first significant digit down to its last place, and at
 * least down to the ninth (so 1.5 counts 10, 85000.0149999997 counts 15). A result that would
 * need more is an error, never rounded silently: only the functions that say they round do
 * (money_round, money_round_minor, money_div, money_allocate), and money_quotient when the
 * quotient does not end. No binary floating point is used anywhere here.
 *
 * Currency rules: adding, subtracting or comparing two values needs equal currencies, or one
 * of them plain (the result takes the other's currency). Multiplying needs at least one plain
 * operand. Dividing money by money of the same currency gives a plain ratio; a plain value
 * divided by money is an error. Functions that can fail return 0 or -1 and fill err.
 */
#ifndef OCE_MONEY_H
#define OCE_MONEY_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

__extension__ typedef __int128 money_units;

#define MONEY_SCALE 9       /* decimal places every value holds, and the most input has */
#define MONEY_MAX_SCALE 36  /* decimal places a value can hold */
#define MONEY_MAX_DIGITS 36 /* digits a value can hold, counted as above: |value| < 10^27 */
#define MONEY_STR_MAX 64    /* enough for any formatted value plus NUL */

typedef struct Money {
    money_units units;   /* value * 10^(9 + extra): |units| < 10^36 */
    char currency[4];    /* "GBP"..., or "" for a plain decimal */
    unsigned char extra; /* places held beyond the ninth, 0..27; the last of them is not 0 */
} Money;

typedef enum MoneyRounding {
    MONEY_HALF_EVEN = 0, /* ties to the even neighbour (banker's rounding); the default */
    MONEY_HALF_UP,       /* ties away from zero */
    MONEY_DOWN,          /* toward zero (truncate) */
    MONEY_UP,            /* away from zero */
    MONEY_FLOOR,         /* toward negative infinity */
    MONEY_CEILING        /* toward positive infinity */
} MoneyRounding;

/* Plain value from an integer (always exact). */
Money money_from_int(long long v);
Money money_zero(const char *currency);

/* Strict grammar: optional '-' or '+', digits, optional '.' and 1 to 9 digits; no exponent,
 * no spaces, no thousands separators. "-0" is zero. currency may be NULL for a plain value.
 * Errors (OCE_EMONEY) say what was wrong: "not a decimal number", "more than 9 decimal
 * places", "too large". */
int money_parse(const char *s, const char *currency, Money *out, OceError *err);
/* Same, for a string that is not NUL-terminated. */
int money_parse_n(const char *s, size_t len, const char *currency, Money *out, OceError *err);

/* Formats without currency code. places >= 0: exactly that many fractional digits (the
 * value must already be rounded to it, or the digits are cut off: round first). places < 0:
 * the shortest exact form ("99.5", "7659.45", "12"). Returns the length written. */
size_t money_format(Money m, int places, char *buf, size_t size);

/* The exact sum or difference; fails as money_mul does. */
int money_add(Money a, Money b, Money *out, OceError *err);
int money_sub(Money a, Money b, Money *out, OceError *err);
/* The exact product. Fails when it is 10^27 or more ("amount too large"), or needs more digits
 * or places than a value holds ("needs more than 36 digits"). */
int money_mul(Money a, Money b, Money *out, OceError *err);
/* a / b as `/` computes it in term scripts: exact when the quotient ends within 36 digits and
 * 36 places (1 / 8 is 0.125, 0.049999999 * 30 / 100 is 0.0149999997); otherwise rounded
 * half-even to 9 decimal places (1 / 3 is 0.333333333), the one rounding arithmetic does. */
int money_quotient(Money a, Money b, Money *out, OceError *err);
/* a / b rounded once, from the exact quotient, to `places` (0..9) decimal places with `mode`. */
int money_div(Money a, Money b, int places, MoneyRounding mode, Money *out, OceError *err);
Money money_neg(Money a);
Money money_abs(Money a);

/* Sets *cmp to -1, 0 or 1; fails only on mixed currencies. */
int money_cmp(Money a, Money b, int *cmp, OceError *err);
int money_sign(Money a);
bool money_is_zero(Money a);
/* Number of fractional digits needed to write the value exactly (0..36). */
int money_places(Money a);
/* Number of digits before the point: 0 for a magnitude below 1, 18 for 10^17 up to 10^18. */
int money_whole_digits(Money a);
/* Number of significant digits of the value written exactly: 99.42 has 4, 120000 has 2,
 * 0.005 has 1, zero has 0. */
int money_digits(Money a);

/* Rounds to `places` (0..9) fractional digits, once, from the exact value. */
int money_round(Money a, int places, MoneyRounding mode, Money *out, OceError *err);
/* Rounds to the minor unit of a's currency (or of `currency` when a is plain; the result is
 * then in that currency). Fails when the two currencies differ or the code is unknown. */
int money_round_minor(Money a, const char *currency, MoneyRounding mode, Money *out, OceError *err);

/* ISO 4217 minor-unit exponent (GBP 2, JPY 0, BHD 3, ...), or -1 for an unknown code. */
int money_currency_exponent(const char *code);

/* Splits total into n parts proportional to the non-negative weights, each rounded to
 * `places`, so that the parts sum exactly to total (total must already be rounded to
 * places). Remainder units go to the parts with the largest remainders, ties to the
 * earlier part. Fails when all weights are zero or one is negative (or memory runs out).
 * Parts take total's
 * currency; weights are ratios, plain or in one currency. parts must not overlap weights. */
int money_allocate(Money total, const Money *weights, size_t n, int places, Money *parts,
                   OceError *err);

/* Parses/prints rounding rule names: "half-even", "half-up", "down", "up", "floor",
 * "ceiling". Parse returns -1 for an unknown name. */
int money_rounding_parse(const char *name, MoneyRounding *out);
const char *money_rounding_name(MoneyRounding mode);

#endif
