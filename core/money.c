/*
 * money: exact decimal arithmetic on an __int128 count of a value's last place (see money.h).
 *
 * Every value counts units of 10^-(9 + extra) with |units| < 10^36, so sums and remainders
 * times ten fit in 127 bits. An exact result that may need more (a product, a sum of values
 * with different places) is worked out in Big, a 256-bit magnitude, and then held if it fits:
 * trailing zeros beyond the ninth place are dropped, so equal values at nine places or more are
 * equal byte for byte. Nothing here uses binary floating point.
 */
#include "money.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__extension__ typedef unsigned __int128 Wide;

#define E9 ((money_units)1000000000)
/* The first magnitude in units that is too large: 10^36 units are 10^27 at nine places. */
#define LIMIT (E9 * E9 * E9 * E9)
/* The first whole part that is too large. */
#define WHOLE_LIMIT (E9 * E9 * E9)
/* Enough for 40 quoted bytes written as \xNN, the quotes and "...". */
#define QUOTE_MAX 200

static const long long pow10s[] = {
    1,
    10,
    100,
    1000,
    10000,
    100000,
    1000000,
    10000000,
    100000000,
    1000000000,
    10000000000,
    100000000000,
    1000000000000,
    10000000000000,
    100000000000000,
    1000000000000000,
    10000000000000000,
    100000000000000000,
    1000000000000000000,
};

static const struct {
    char code[4];
    int exponent;
} currencies[] = {
    {"GBP", 2}, {"EUR", 2}, {"USD", 2}, {"CHF", 2}, {"SEK", 2}, {"NOK", 2}, {"DKK", 2}, {"AUD", 2},
    {"CAD", 2}, {"NZD", 2}, {"PLN", 2}, {"CZK", 2}, {"HUF", 2}, {"INR", 2}, {"CNY", 2}, {"HKD", 2},
    {"SGD", 2}, {"ZAR", 2}, {"MXN", 2}, {"BRL", 2}, {"JPY", 0}, {"KRW", 0}, {"ISK", 0}, {"CLP", 0},
    {"BHD", 3}, {"KWD", 3}, {"OMR", 3}, {"JOD", 3}, {"TND", 3},
};

static const char *const rounding_names[] = {
    "half-even", "half-up", "down", "up", "floor", "ceiling",
};

typedef struct Out {
    char *buf;
    size_t size, len;
} Out;

/* A decimal as read, before it is checked against the limits. */
typedef struct Digits {
    int neg, point;
    money_units whole, frac;
    size_t nwhole, nfrac;
} Digits;

/* What a cut-off part of a magnitude was worth, against half a unit of the last place kept. */
typedef enum Cut { CUT_NONE, CUT_BELOW_HALF, CUT_HALF, CUT_ABOVE_HALF } Cut;

/* 10^n for 0 <= n <= 36. */
static money_units p10(int n)
{
    return n <= 18 ? pow10s[n] : (money_units)pow10s[18] * pow10s[n - 18];
}

static money_units mag(money_units u)
{
    return u < 0 ? -u : u;
}

static int scale_of(Money m)
{
    return MONEY_SCALE + m.extra;
}

static int fits(money_units u)
{
    return u > -LIMIT && u < LIMIT;
}

static int is_code(const char *s)
{
    for (int i = 0; i < 3; i++)
        if (s[i] < 'A' || s[i] > 'Z')
            return 0;
    return s[3] == '\0';
}

/* The whole struct is zeroed so that equal values are equal byte for byte (digests). */
static Money make(money_units units, const char *currency)
{
    Money m;
    memset(&m, 0, sizeof m);
    m.units = units;
    if (currency != NULL && is_code(currency))
        memcpy(m.currency, currency, 4);
    return m;
}

/* The value with its currency, for error messages. */
static const char *show(Money m, char *buf)
{
    size_t n = money_format(m, -1, buf, MONEY_STR_MAX);
    if (m.currency[0] != '\0')
        snprintf(buf + n, MONEY_STR_MAX - n, " %s", m.currency);
    return buf;
}

static int too_large(Money a, const char *op, Money b, OceError *err)
{
    char x[MONEY_STR_MAX], y[MONEY_STR_MAX];
    return error_set(err, OCE_EMONEY, NULL, 0, "amount too large: %s %s %s is 10^27 or more",
                     show(a, x), op, show(b, y));
}

static int too_long(Money a, const char *op, Money b, OceError *err)
{
    char x[MONEY_STR_MAX], y[MONEY_STR_MAX];
    return error_set(err, OCE_EMONEY, NULL, 0,
                     "the exact result of %s %s %s needs more than 36 digits: round an operand "
                     "first",
                     show(a, x), op, show(b, y));
}

/* The currency of a sum or comparison: the common code, or the one that is not plain. */
static int merge(Money a, Money b, const char *verb, char *cur, OceError *err)
{
    if (a.currency[0] && b.currency[0] && strcmp(a.currency, b.currency) != 0)
        return error_set(err, OCE_EMONEY, NULL, 0, "mixed currencies: cannot %s %s and %s amounts",
                         verb, a.currency, b.currency);
    memcpy(cur, a.currency[0] ? a.currency : b.currency, 4);
    return 0;
}

static int check_rounding(int places, MoneyRounding mode, OceError *err)
{
    if (places < 0 || places > MONEY_SCALE)
        return error_set(err, OCE_EMONEY, NULL, 0,
                         "cannot round to %d decimal places (0 to 9 are possible)", places);
    if ((unsigned)mode > (unsigned)MONEY_CEILING)
        return error_set(err, OCE_EMONEY, NULL, 0, "unknown rounding mode %d", (int)mode);
    return 0;
}

/* What a remainder r of divisor d (r < d < 2^126) was worth. */
static Cut cut_of(Wide r, Wide d)
{
    if (r == 0)
        return CUT_NONE;
    return 2 * r < d ? CUT_BELOW_HALF : 2 * r == d ? CUT_HALF : CUT_ABOVE_HALF;
}

/* Whether a magnitude cut short moves one unit away from zero; odd says whether the cut
 * magnitude is odd, neg whether the value is negative. */
static int bump(MoneyRounding mode, int neg, Cut cut, int odd)
{
    if (cut == CUT_NONE)
        return 0;
    switch (mode) {
    case MONEY_HALF_EVEN: return cut == CUT_ABOVE_HALF || (cut == CUT_HALF && odd);
    case MONEY_HALF_UP: return cut >= CUT_HALF;
    case MONEY_DOWN: return 0;
    case MONEY_UP: return 1;
    case MONEY_FLOOR: return neg;
    case MONEY_CEILING: return !neg;
    }
    return 0;
}

Money money_from_int(long long v)
{
    return make((money_units)v * E9, NULL);
}

Money money_zero(const char *currency)
{
    return make(0, currency);
}

/* ---- parsing ---- */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reads [+-]digits[.digits]. The whole part stops growing at the limit so a long number
 * cannot overflow (it is refused as too large); fraction digits past the ninth are only
 * counted. Returns -1 when the text is not of that form. */
static int scan(const char *s, size_t len, Digits *d)
{
    size_t i = 0;
    memset(d, 0, sizeof *d);
    if (len > 0 && (s[0] == '-' || s[0] == '+'))
        d->neg = s[i++] == '-';
    for (; i < len && is_digit(s[i]); i++, d->nwhole++)
        if (d->whole < WHOLE_LIMIT)
            d->whole = d->whole * 10 + (s[i] - '0');
    if (i < len && s[i] == '.') {
        d->point = 1;
        for (i++; i < len && is_digit(s[i]); i++, d->nfrac++)
            if (d->nfrac < MONEY_SCALE)
                d->frac = d->frac * 10 + (s[i] - '0');
    }
    return i == len && d->nwhole > 0 && (!d->point || d->nfrac > 0) ? 0 : -1;
}

static int has_any(const char *s, size_t len, const char *set)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != '\0' && strchr(set, s[i]) != NULL)
            return 1;
    return 0;
}

/* Why a text that is not a decimal number is not one, when a common mistake explains it. */
static const char *hint(const char *s, size_t len)
{
    if (has_any(s, len, "eE") && has_any(s, len, "0123456789"))
        return " (write it without an exponent)";
    if (has_any(s, len, ","))
        return " (write it without thousands separators)";
    if (has_any(s, len, " \t\r\n\v\f"))
        return " (remove the spaces)";
    size_t sign = len > 0 && (s[0] == '-' || s[0] == '+');
    if (len > sign + 1 && s[sign] == '.' && is_digit(s[sign + 1]))
        return " (write a digit before the point, such as 0.5)";
    if (len > 1 && s[len - 1] == '.' && is_digit(s[len - 2]))
        return " (write digits after the point, or no point)";
    return "";
}

/* The text in double quotes, cut at 40 bytes, other than printable ASCII written \xNN. */
static const char *quote(const char *s, size_t len, char *buf)
{
    size_t n = 0, shown = len > 40 ? 40 : len;
    buf[n++] = '"';
    for (size_t i = 0; i < shown; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\')
            n += (size_t)snprintf(buf + n, QUOTE_MAX - n, "\\x%02x", c);
        else
            buf[n++] = (char)c;
    }
    snprintf(buf + n, QUOTE_MAX - n, "\"%s", shown < len ? "..." : "");
    return buf;
}

static int bad_currency(const char *currency, OceError *err)
{
    char q[QUOTE_MAX];
    return error_set(err, OCE_EMONEY, NULL, 0,
                     "%s is not a currency code (three capital letters, such as GBP)",
                     quote(currency, strlen(currency), q));
}

int money_parse(const char *s, const char *currency, Money *out, OceError *err)
{
    if (s == NULL)
        return error_set(err, OCE_EMONEY, NULL, 0, "no decimal number given");
    return money_parse_n(s, strlen(s), currency, out, err);
}

int money_parse_n(const char *s, size_t len, const char *currency, Money *out, OceError *err)
{
    char q[QUOTE_MAX];
    Digits d;
    if (currency != NULL && currency[0] != '\0' && !is_code(currency))
        return bad_currency(currency, err);
    if (scan(s, len, &d) != 0)
        return error_set(err, OCE_EMONEY, NULL, 0, "%s is not a decimal number%s", quote(s, len, q),
                         hint(s, len));
    if (d.nfrac > MONEY_SCALE)
        return error_set(err, OCE_EMONEY, NULL, 0, "%s has more than 9 decimal places",
                         quote(s, len, q));
    if (d.whole >= WHOLE_LIMIT)
        return error_set(err, OCE_EMONEY, NULL, 0, "%s is too large (the limit is 10^27)",
                         quote(s, len, q));
    money_units units = d.whole * E9 + d.frac * p10(MONEY_SCALE - (int)d.nfrac);
    *out = make(d.neg ? -units : units, currency);
    return 0;
}

/* ---- formatting ---- */

static void put(Out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len++] = c;
}

/* Dividing 128-bit units is a call into the C library; most amounts' units fit 64 bits,
 * where dividing by a constant is a multiplication. q and r of u / 10^k, u >= 0. */
#define E19 10000000000000000000u

static void divmod_p10(money_units u, int k, money_units *q, money_units *r)
{
    if (u <= (money_units)UINT64_MAX && k <= 19) {
        uint64_t d = (uint64_t)p10(k), v = (uint64_t)u;
        *q = (money_units)(v / d);
        *r = (money_units)(v % d);
        return;
    }
    *q = u / p10(k);
    *r = u % p10(k);
}

/* v (>= 0) in decimal, zero-padded to at least width digits (and at least one). */
static void put_digits(Out *o, money_units v, int width)
{
    char d[48];
    int n = 0;
    while (v > (money_units)UINT64_MAX) { /* more than 19 digits: take 19 at a time */
        uint64_t low = (uint64_t)(v % E19);
        v /= E19;
        for (int k = 0; k < 19; k++, low /= 10)
            d[n++] = (char)('0' + (int)(low % 10));
    }
    uint64_t w = (uint64_t)v;
    do {
        d[n++] = (char)('0' + (int)(w % 10));
        w /= 10;
    } while (w > 0 || n < width);
    while (n > 0)
        put(o, d[--n]);
}

size_t money_format(Money m, int places, char *buf, size_t size)
{
    Out o = {buf, size, 0};
    int scale = scale_of(m);
    money_units whole, frac, cut, rest;
    divmod_p10(mag(m.units), scale, &whole, &frac);
    if (places < 0)
        places = money_places(m);
    int shown = places < scale ? places : scale;
    divmod_p10(frac, scale - shown, &cut, &rest);
    if (m.units < 0 && (whole != 0 || cut != 0))
        put(&o, '-');
    put_digits(&o, whole, 1);
    if (places > 0)
        put(&o, '.');
    if (shown > 0)
        put_digits(&o, cut, shown);
    for (int i = shown; i < places && o.len + 1 < o.size; i++)
        put(&o, '0');
    if (size > 0)
        buf[o.len] = '\0';
    return o.len;
}

int money_places(Money a)
{
    int places = scale_of(a);
    money_units whole, frac;
    divmod_p10(mag(a.units), places, &whole, &frac);
    if (frac == 0)
        return 0;
    if (frac <= (money_units)UINT64_MAX) {
        for (uint64_t f = (uint64_t)frac; f % 10 == 0; f /= 10)
            places--;
        return places;
    }
    for (; frac % 10 == 0; frac /= 10)
        places--;
    return places;
}

int money_digits(Money a)
{
    money_units u = mag(a.units);
    int n = 0;
    while (u != 0 && u % 10 == 0)
        u /= 10;
    for (; u != 0; u /= 10)
        n++;
    return n;
}

int money_whole_digits(Money a)
{
    int n = 0;
    money_units w, frac;
    divmod_p10(mag(a.units), scale_of(a), &w, &frac);
    for (; w > (money_units)UINT64_MAX; w /= 10)
        n++;
    for (uint64_t v = (uint64_t)w; v != 0; v /= 10)
        n++;
    return n;
}

/* ---- exact intermediates ---- */

/* A magnitude below 2^256, least significant 64 bits first: room for any product of two
 * values' units, or a value's units brought to 27 more places. */
typedef struct Big {
    uint64_t w[4];
} Big;

/* A signed exact result before it is held as a Money: mag / 10^scale. */
typedef struct Exact {
    Big mag;
    int neg, scale;
} Exact;

static Big big(Wide v)
{
    Big b = {{(uint64_t)v, (uint64_t)(v >> 64), 0, 0}};
    return b;
}

static Big big_mul(Wide a, Wide b)
{
    const uint64_t x[2] = {(uint64_t)a, (uint64_t)(a >> 64)};
    const uint64_t y[2] = {(uint64_t)b, (uint64_t)(b >> 64)};
    Big r = {{0, 0, 0, 0}};
    for (int i = 0; i < 2; i++) {
        Wide carry = 0;
        for (int j = 0; j < 2; j++) {
            Wide t = (Wide)x[i] * y[j] + r.w[i + j] + carry; /* at most 2^128 - 1 */
            r.w[i + j] = (uint64_t)t;
            carry = t >> 64;
        }
        r.w[i + 2] = (uint64_t)carry;
    }
    return r;
}

/* x * m in place; the callers' bounds keep the result below 2^256. */
static void big_mul_small(Big *x, uint64_t m)
{
    Wide carry = 0;
    for (int i = 0; i < 4; i++) {
        Wide t = (Wide)x->w[i] * m + carry;
        x->w[i] = (uint64_t)t;
        carry = t >> 64;
    }
}

/* x / d in place; returns the remainder. */
static uint64_t big_div_small(Big *x, uint64_t d)
{
    Wide r = 0;
    for (int i = 3; i >= 0; i--) {
        Wide t = r << 64 | x->w[i];
        x->w[i] = (uint64_t)(t / d);
        r = t % d;
    }
    return (uint64_t)r;
}

/* x * 10^n in place, or x / 10^n (cut toward zero) for n < 0. */
static void big_shift(Big *x, int n)
{
    for (int k = n; k > 0; k -= 18)
        big_mul_small(x, (uint64_t)pow10s[k < 18 ? k : 18]);
    for (int k = -n; k > 0; k -= 18)
        big_div_small(x, (uint64_t)pow10s[k < 18 ? k : 18]);
}

static int big_cmp(const Big *a, const Big *b)
{
    for (int i = 3; i >= 0; i--)
        if (a->w[i] != b->w[i])
            return a->w[i] > b->w[i] ? 1 : -1;
    return 0;
}

static void big_add(Big *x, const Big *y)
{
    Wide carry = 0;
    for (int i = 0; i < 4; i++) {
        Wide t = (Wide)x->w[i] + y->w[i] + carry;
        x->w[i] = (uint64_t)t;
        carry = t >> 64;
    }
}

/* x - y in place, for x >= y. */
static void big_sub(Big *x, const Big *y)
{
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t t = x->w[i] - y->w[i] - borrow;
        borrow = x->w[i] < y->w[i] || (x->w[i] == y->w[i] && borrow);
        x->w[i] = t;
    }
}

/* The value of m, brought to `scale` places (scale >= m's). */
static Exact exact_at(Money m, int scale)
{
    Exact e = {big((Wide)mag(m.units)), m.units < 0, scale};
    big_shift(&e.mag, scale - scale_of(m));
    return e;
}

typedef enum Held { HELD, HELD_TOO_LARGE, HELD_TOO_LONG } Held;

/* Holds x as a Money when it fits: trailing zeros beyond the ninth place dropped, below
 * 10^27, at most 36 digits and places. Else says why not. */
static Held hold(Exact x, const char *currency, Money *out)
{
    for (int k = 9; k > 0; k /= 3) /* drop nine zeros at a time, then three, then one */
        while (x.scale - MONEY_SCALE >= k) {
            Big q = x.mag;
            if (big_div_small(&q, (uint64_t)pow10s[k]) != 0)
                break;
            x.mag = q;
            x.scale -= k;
        }
    Big units = big((Wide)LIMIT);
    if (x.scale > MONEY_MAX_SCALE || big_cmp(&x.mag, &units) >= 0) {
        Big whole = x.mag, limit = big((Wide)WHOLE_LIMIT);
        big_shift(&whole, -x.scale);
        return big_cmp(&whole, &limit) >= 0 ? HELD_TOO_LARGE : HELD_TOO_LONG;
    }
    money_units u = (money_units)((Wide)x.mag.w[1] << 64 | x.mag.w[0]);
    *out = make(x.neg ? -u : u, currency);
    out->extra = (unsigned char)(x.scale - MONEY_SCALE);
    return HELD;
}

/* Holds x, or reports why it cannot be held as the result of a op b. */
static int hold_result(Exact x, const char *currency, Money a, const char *op, Money b, Money *out,
                       OceError *err)
{
    Money r;
    Held h = hold(x, currency, &r);
    if (h == HELD_TOO_LARGE)
        return too_large(a, op, b, err);
    if (h == HELD_TOO_LONG)
        return too_long(a, op, b, err);
    *out = r;
    return 0;
}

/* ---- arithmetic ---- */

static int addsub(Money a, Money b, int minus, Money *out, OceError *err)
{
    char cur[4];
    const char *op = minus ? "-" : "+";
    if (merge(a, b, minus ? "subtract" : "add", cur, err) != 0)
        return -1;
    if (a.extra == 0 && b.extra == 0) { /* the common case: both at nine places */
        money_units u = minus ? a.units - b.units : a.units + b.units;
        if (!fits(u))
            return too_large(a, op, b, err);
        *out = make(u, cur);
        return 0;
    }
    int scale = a.extra > b.extra ? scale_of(a) : scale_of(b);
    Exact x = exact_at(a, scale), y = exact_at(b, scale);
    y.neg ^= minus;
    if (x.neg == y.neg) {
        big_add(&x.mag, &y.mag);
    } else if (big_cmp(&x.mag, &y.mag) >= 0) {
        big_sub(&x.mag, &y.mag);
    } else {
        big_sub(&y.mag, &x.mag);
        x = y;
    }
    return hold_result(x, cur, a, op, b, out, err);
}

int money_add(Money a, Money b, Money *out, OceError *err)
{
    return addsub(a, b, 0, out, err);
}

int money_sub(Money a, Money b, Money *out, OceError *err)
{
    return addsub(a, b, 1, out, err);
}

int money_mul(Money a, Money b, Money *out, OceError *err)
{
    if (a.currency[0] && b.currency[0])
        return error_set(err, OCE_EMONEY, NULL, 0,
                         "cannot multiply a %s amount by a %s amount: one factor must be a "
                         "plain number",
                         a.currency, b.currency);
    Exact x = {big_mul((Wide)mag(a.units), (Wide)mag(b.units)), (a.units < 0) != (b.units < 0),
               scale_of(a) + scale_of(b)};
    return hold_result(x, a.currency[0] ? a.currency : b.currency, a, "*", b, out, err);
}

/* money / same money is a plain ratio, money / plain keeps the currency. */
static int div_currency(Money a, Money b, char *cur, OceError *err)
{
    if (!a.currency[0] && b.currency[0])
        return error_set(err, OCE_EMONEY, NULL, 0, "cannot divide a plain number by a %s amount",
                         b.currency);
    if (a.currency[0] && b.currency[0] && strcmp(a.currency, b.currency) != 0)
        return error_set(err, OCE_EMONEY, NULL, 0,
                         "mixed currencies: cannot divide a %s amount by a %s amount", a.currency,
                         b.currency);
    strcpy(cur, b.currency[0] ? "" : a.currency);
    return 0;
}

/* |a| / |b| to `places` (0..9) digits in units, cut toward zero, with what was cut. The plain
 * quotient of the units is at a's places less b's; long division adds digits one at a time
 * (the remainder stays below |b| < 10^36, so ten times it fits), or a quotient with more
 * places than wanted is cut, its remainder deciding what the cut part was worth. Returns -1
 * when the quotient is 10^27 or more. */
static int div_mag(money_units a, int sa, money_units b, int sb, int places, money_units *q,
                   Cut *cut)
{
    money_units r = a % b;
    int more = places - (sa - sb);
    *q = a / b;
    if (more < 0) {
        money_units p = p10(-more), h = *q % p;
        *q /= p;
        *cut = cut_of((Wide)h, (Wide)p);
        if (r != 0 && *cut == CUT_NONE) /* only the remainder was cut: a little above zero */
            *cut = CUT_BELOW_HALF;
        else if (r != 0 && *cut == CUT_HALF) /* a little above a half */
            *cut = CUT_ABOVE_HALF;
        return 0;
    }
    for (int i = 0; i < more; i++) {
        if (*q >= LIMIT)
            return -1;
        r *= 10;
        *q = *q * 10 + r / b;
        r %= b;
    }
    *cut = cut_of((Wide)r, (Wide)b);
    return 0;
}

int money_div(Money a, Money b, int places, MoneyRounding mode, Money *out, OceError *err)
{
    char cur[4], x[MONEY_STR_MAX];
    money_units q;
    Cut cut;
    if (div_currency(a, b, cur, err) != 0 || check_rounding(places, mode, err) != 0)
        return -1;
    if (b.units == 0)
        return error_set(err, OCE_EMONEY, NULL, 0, "division by zero: %s / 0", show(a, x));
    int neg = (a.units < 0) != (b.units < 0);
    if (div_mag(mag(a.units), scale_of(a), mag(b.units), scale_of(b), places, &q, &cut) != 0)
        return too_large(a, "/", b, err);
    q += bump(mode, neg, cut, (int)(q & 1));
    if (q >= p10(27 + places)) /* 10^27 at `places` places */
        return too_large(a, "/", b, err);
    q *= p10(MONEY_SCALE - places);
    *out = make(neg ? -q : q, cur);
    return 0;
}

/* The quotient of magnitudes a / b when it ends within what a value holds: long division
 * until the remainder is zero, giving up at 36 places or 36 digits. */
static int div_exact(money_units a, int sa, money_units b, int sb, Exact *out)
{
    money_units q = a / b, r = a % b;
    int scale = sa - sb;
    while (r != 0 || scale < MONEY_SCALE) {
        if (scale >= MONEY_MAX_SCALE)
            return -1;
        r *= 10;
        q = q * 10 + r / b; /* q was below 10^36 */
        r %= b;
        scale++;
        if (q >= LIMIT)
            return -1;
    }
    out->mag = big((Wide)q);
    out->scale = scale;
    return 0;
}

int money_quotient(Money a, Money b, Money *out, OceError *err)
{
    char cur[4];
    Exact q;
    if (div_currency(a, b, cur, err) != 0)
        return -1;
    if (b.units == 0 || div_exact(mag(a.units), scale_of(a), mag(b.units), scale_of(b), &q) != 0)
        return money_div(a, b, MONEY_SCALE, MONEY_HALF_EVEN, out, err);
    q.neg = (a.units < 0) != (b.units < 0);
    return hold_result(q, cur, a, "/", b, out, err);
}

Money money_neg(Money a)
{
    a.units = -a.units;
    return a;
}

Money money_abs(Money a)
{
    a.units = mag(a.units);
    return a;
}

int money_cmp(Money a, Money b, int *cmp, OceError *err)
{
    char cur[4];
    if (merge(a, b, "compare", cur, err) != 0)
        return -1;
    if (a.extra == b.extra) {
        *cmp = (a.units > b.units) - (a.units < b.units);
        return 0;
    }
    int sa = money_sign(a), sb = money_sign(b);
    if (sa != sb || sa == 0) {
        *cmp = (sa > sb) - (sa < sb);
        return 0;
    }
    int scale = a.extra > b.extra ? scale_of(a) : scale_of(b);
    Exact x = exact_at(a, scale), y = exact_at(b, scale);
    *cmp = sa * big_cmp(&x.mag, &y.mag);
    return 0;
}

int money_sign(Money a)
{
    return (a.units > 0) - (a.units < 0);
}

bool money_is_zero(Money a)
{
    return a.units == 0;
}

/* ---- rounding ---- */

int money_round(Money a, int places, MoneyRounding mode, Money *out, OceError *err)
{
    char x[MONEY_STR_MAX];
    if (check_rounding(places, mode, err) != 0)
        return -1;
    money_units d = p10(scale_of(a) - places), q = mag(a.units) / d;
    Cut cut = cut_of((Wide)(mag(a.units) % d), (Wide)d);
    q = (q + bump(mode, a.units < 0, cut, (int)(q & 1))) * p10(MONEY_SCALE - places);
    if (q >= LIMIT)
        return error_set(err, OCE_EMONEY, NULL, 0,
                         "amount too large: %s rounded %s to %d places is 10^27 or more",
                         show(a, x), money_rounding_name(mode), places);
    *out = make(a.units < 0 ? -q : q, a.currency);
    return 0;
}

int money_round_minor(Money a, const char *currency, MoneyRounding mode, Money *out, OceError *err)
{
    const char *code = a.currency[0] ? a.currency : currency ? currency : "";
    Money r;
    if (a.currency[0] && currency && currency[0] && strcmp(a.currency, currency) != 0)
        return error_set(err, OCE_EMONEY, NULL, 0,
                         "mixed currencies: cannot round a %s amount to the minor unit of %s",
                         a.currency, currency);
    if (code[0] == '\0')
        return error_set(err, OCE_EMONEY, NULL, 0,
                         "cannot round a plain number to a minor unit: no currency given");
    int exponent = money_currency_exponent(code);
    if (exponent < 0)
        return error_set(err, OCE_EMONEY, NULL, 0,
                         "unknown currency \"%s\": its minor unit is not known", code);
    if (money_round(a, exponent, mode, &r, err) != 0)
        return -1;
    *out = make(r.units, code);
    return 0;
}

int money_currency_exponent(const char *code)
{
    for (size_t i = 0; code != NULL && i < sizeof currencies / sizeof *currencies; i++)
        if (strcmp(code, currencies[i].code) == 0)
            return currencies[i].exponent;
    return -1;
}

/* ---- allocation ---- */

/* floor(x * y / z) for y <= z < 2^127, exact although x * y may need 256 bits: y is
 * shifted in one bit at a time, keeping x * (bits so far) as q * z + r with r < z. */
static Wide mul_div(Wide x, Wide y, Wide z)
{
    Wide xq = x / z, xr = x % z, q = 0, r = 0;
    for (int bit = 127; bit >= 0; bit--) {
        q <<= 1;
        r <<= 1;
        if (r >= z)
            r -= z, q++;
        if ((y >> bit) & 1) {
            q += xq;
            r += xr;
            if (r >= z)
                r -= z, q++;
        }
    }
    return q;
}

/* The remainder of t * w / sum, given its quotient in part. The true value is below sum < 2^127,
 * so arithmetic modulo 2^128, where the 256-bit product wraps, gives it exactly. */
static Wide share_rem(Wide t, Wide w, Wide sum, Money part)
{
    return t * w - (Wide)part.units * sum;
}

/* A weight in units of the weights' common last place (weight_sum checked that it fits). */
static Wide weight_at(Money w, int scale)
{
    return (Wide)w.units * (Wide)p10(scale - scale_of(w));
}

/* Checks the weights and adds them up at the places of the one with the most. */
static int weight_sum(const Money *w, size_t n, money_units *sum, int *scale, OceError *err)
{
    char x[MONEY_STR_MAX];
    const char *cur = "";
    *sum = 0;
    *scale = MONEY_SCALE;
    for (size_t i = 0; i < n; i++) {
        if (w[i].units < 0)
            return error_set(err, OCE_EMONEY, NULL, 0,
                             "cannot allocate by a negative weight (weight %zu is %s)", i + 1,
                             show(w[i], x));
        if (cur[0] && w[i].currency[0] && strcmp(cur, w[i].currency) != 0)
            return error_set(err, OCE_EMONEY, NULL, 0,
                             "mixed currencies: cannot allocate by %s and %s weights", cur,
                             w[i].currency);
        if (w[i].currency[0])
            cur = w[i].currency;
        if (scale_of(w[i]) > *scale)
            *scale = scale_of(w[i]);
    }
    for (size_t i = 0; i < n; i++) {
        money_units u;
        if (__builtin_mul_overflow(w[i].units, p10(*scale - scale_of(w[i])), &u) ||
            __builtin_add_overflow(*sum, u, sum))
            return error_set(err, OCE_EMONEY, NULL, 0,
                             "amount too large: the weights are too large to add up");
    }
    if (*sum == 0)
        return error_set(err, OCE_EMONEY, NULL, 0, "cannot allocate: the weights sum to zero");
    return 0;
}

typedef struct Share {
    Wide rem;  /* remainder of the part's exact share, in units of sum */
    size_t at; /* the part's index */
} Share;

/* Larger remainder first, the earlier part on a tie: a total order, so the result does not
 * depend on the sort. */
static int share_order(const void *x, const void *y)
{
    const Share *a = x, *b = y;
    if (a->rem != b->rem)
        return a->rem > b->rem ? -1 : 1;
    return (a->at > b->at) - (a->at < b->at);
}

/* Rounds the parts down, then hands the units left over, one each, to the parts with the
 * largest remainders, so that they add up to the total exactly. */
static int largest_remainder(Wide t, const Money *w, size_t n, int scale, Wide sum, Money *parts)
{
    Wide left = t;
    for (size_t i = 0; i < n; i++) {
        parts[i].units = (money_units)mul_div(t, weight_at(w[i], scale), sum);
        left -= (Wide)parts[i].units;
    }
    if (left == 0)
        return 0;
    Share *order = malloc(n * sizeof *order);
    if (order == NULL)
        return -1;
    for (size_t i = 0; i < n; i++)
        order[i] = (Share){share_rem(t, weight_at(w[i], scale), sum, parts[i]), i};
    qsort(order, n, sizeof *order, share_order);
    for (size_t k = 0; k < (size_t)left; k++) /* left < n: each part lost less than a unit */
        parts[order[k].at].units++;
    free(order);
    return 0;
}

int money_allocate(Money total, const Money *weights, size_t n, int places, Money *parts,
                   OceError *err)
{
    char x[MONEY_STR_MAX];
    money_units sum;
    int scale;
    if (check_rounding(places, MONEY_HALF_EVEN, err) != 0 ||
        weight_sum(weights, n, &sum, &scale, err) != 0)
        return -1;
    money_units d = p10(MONEY_SCALE - places);
    if (total.extra != 0 || total.units % d != 0)
        return error_set(err, OCE_EMONEY, NULL, 0,
                         "cannot allocate %s: it is not rounded to %d decimal places",
                         show(total, x), places);
    if (largest_remainder((Wide)(mag(total.units) / d), weights, n, scale, (Wide)sum, parts) != 0)
        return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory allocating %s", show(total, x));
    for (size_t i = 0; i < n; i++)
        parts[i] = make((total.units < 0 ? -d : d) * parts[i].units, total.currency);
    return 0;
}

/* ---- rounding names ---- */

int money_rounding_parse(const char *name, MoneyRounding *out)
{
    for (size_t i = 0; name != NULL && i < sizeof rounding_names / sizeof *rounding_names; i++)
        if (strcmp(name, rounding_names[i]) == 0) {
            *out = (MoneyRounding)i;
            return 0;
        }
    return -1;
}

const char *money_rounding_name(MoneyRounding mode)
{
    if ((unsigned)mode > (unsigned)MONEY_CEILING)
        return "unknown";
    return rounding_names[mode];
}
