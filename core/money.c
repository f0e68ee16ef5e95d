/*
 * money: exact decimal arithmetic on billionths held in an __int128 (see money.h).
 *
 * Every magnitude stays below 10^36 units (10^27), so sums, products of a value with a 10^9
 * part and remainders times ten all fit in 127 bits; the few steps that could not (the
 * product of two whole parts, allocation shares) are split or checked. Nothing here uses
 * binary floating point.
 */
#include "money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__extension__ typedef unsigned __int128 Wide;

#define E9 ((money_units)1000000000)
/* The first magnitude in units that is too large: 10^36 units are 10^27. */
#define LIMIT (E9 * E9 * E9 * E9)
/* The first whole part that is too large. */
#define WHOLE_LIMIT (E9 * E9 * E9)
/* Enough for 40 quoted bytes written as \xNN, the quotes and "...". */
#define QUOTE_MAX 200

static const long long pow10s[] = {
    1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
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

static money_units mag(money_units u)
{
    return u < 0 ? -u : u;
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

/* Whether a magnitude cut short with remainder r (of divisor d) moves one unit away from
 * zero; odd says whether the cut magnitude is odd, neg whether the value is negative. */
static int bump(MoneyRounding mode, int neg, money_units r, money_units d, int odd)
{
    if (r == 0)
        return 0;
    money_units twice = 2 * r;
    switch (mode) {
    case MONEY_HALF_EVEN: return twice > d || (twice == d && odd);
    case MONEY_HALF_UP: return twice >= d;
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
    money_units units = d.whole * E9 + d.frac * pow10s[MONEY_SCALE - d.nfrac];
    *out = make(d.neg ? -units : units, currency);
    return 0;
}

/* ---- formatting ---- */

static void put(Out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len++] = c;
}

/* v in decimal, zero-padded to at least width digits (and at least one). */
static void put_digits(Out *o, money_units v, int width)
{
    char d[48];
    int n = 0;
    do {
        d[n++] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v > 0 || n < width);
    while (n > 0)
        put(o, d[--n]);
}

size_t money_format(Money m, int places, char *buf, size_t size)
{
    Out o = {buf, size, 0};
    money_units whole = mag(m.units) / E9, frac = mag(m.units) % E9;
    if (places < 0)
        places = money_places(m);
    int shown = places < MONEY_SCALE ? places : MONEY_SCALE;
    money_units cut = frac / pow10s[MONEY_SCALE - shown];
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
    money_units frac = mag(a.units) % E9;
    int places = MONEY_SCALE;
    if (frac == 0)
        return 0;
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

/* ---- arithmetic ---- */

static int addsub(Money a, Money b, int minus, Money *out, OceError *err)
{
    char cur[4];
    if (merge(a, b, minus ? "subtract" : "add", cur, err) != 0)
        return -1;
    money_units u = minus ? a.units - b.units : a.units + b.units;
    if (!fits(u))
        return too_large(a, minus ? "-" : "+", b, err);
    *out = make(u, cur);
    return 0;
}

int money_add(Money a, Money b, Money *out, OceError *err)
{
    return addsub(a, b, 0, out, err);
}

int money_sub(Money a, Money b, Money *out, OceError *err)
{
    return addsub(a, b, 1, out, err);
}

/* |a| * |b| in units rounded half-even, or -1 when it is too large. With a = ai.af and
 * b = bi.bf split at the point, a*b = ai*bi + ai*bf + af*bi + af*bf: each partial product
 * fits, and only af*bf has digits beyond the ninth, which decide the rounding. */
static int mul_mag(money_units a, money_units b, money_units *out)
{
    money_units ai = a / E9, af = a % E9, bi = b / E9, bf = b % E9, whole, sum;
    if (__builtin_mul_overflow(ai, bi, &whole) || whole >= WHOLE_LIMIT)
        return -1;
    money_units low = af * bf;
    if (__builtin_add_overflow(whole * E9, ai * bf, &sum) ||
        __builtin_add_overflow(sum, af * bi, &sum) || __builtin_add_overflow(sum, low / E9, &sum))
        return -1;
    sum += bump(MONEY_HALF_EVEN, 0, low % E9, E9, (int)(sum & 1));
    if (sum >= LIMIT)
        return -1;
    *out = sum;
    return 0;
}

int money_mul(Money a, Money b, Money *out, OceError *err)
{
    money_units m;
    if (a.currency[0] && b.currency[0])
        return error_set(err, OCE_EMONEY, NULL, 0,
                         "cannot multiply a %s amount by a %s amount: one factor must be a "
                         "plain number",
                         a.currency, b.currency);
    if (mul_mag(mag(a.units), mag(b.units), &m) != 0)
        return too_large(a, "*", b, err);
    *out = make((a.units < 0) != (b.units < 0) ? -m : m, a.currency[0] ? a.currency : b.currency);
    return 0;
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

/* |a| / |b| to `places` digits in units, by long division one digit at a time: the
 * remainder stays below |b| < 10^36, so ten times it always fits, for any valid operands.
 * The final remainder decides the rounding. Returns -1 when the quotient is too large. */
static int div_mag(money_units a, money_units b, int places, MoneyRounding mode, int neg,
                   money_units *out)
{
    money_units q = a / b, r = a % b;
    if (q >= WHOLE_LIMIT)
        return -1;
    for (int i = 0; i < places; i++) {
        r *= 10;
        q = q * 10 + r / b;
        r %= b;
    }
    q += bump(mode, neg, r, b, (int)(q & 1));
    q *= pow10s[MONEY_SCALE - places];
    if (q >= LIMIT)
        return -1;
    *out = q;
    return 0;
}

int money_div(Money a, Money b, int places, MoneyRounding mode, Money *out, OceError *err)
{
    char cur[4], x[MONEY_STR_MAX];
    money_units q;
    if (div_currency(a, b, cur, err) != 0 || check_rounding(places, mode, err) != 0)
        return -1;
    if (b.units == 0)
        return error_set(err, OCE_EMONEY, NULL, 0, "division by zero: %s / 0", show(a, x));
    int neg = (a.units < 0) != (b.units < 0);
    if (div_mag(mag(a.units), mag(b.units), places, mode, neg, &q) != 0)
        return too_large(a, "/", b, err);
    *out = make(neg ? -q : q, cur);
    return 0;
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
    *cmp = (a.units > b.units) - (a.units < b.units);
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
    money_units d = pow10s[MONEY_SCALE - places], q = mag(a.units) / d;
    q = (q + bump(mode, a.units < 0, mag(a.units) % d, d, (int)(q & 1))) * d;
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
static Wide share_rem(Wide t, Money w, Wide sum, Money part)
{
    return t * (Wide)w.units - (Wide)part.units * sum;
}

static int weight_sum(const Money *w, size_t n, money_units *sum, OceError *err)
{
    char x[MONEY_STR_MAX];
    const char *cur = "";
    *sum = 0;
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
        if (__builtin_add_overflow(*sum, w[i].units, sum))
            return error_set(err, OCE_EMONEY, NULL, 0,
                             "amount too large: the weights add up to more than 10^29");
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
static int largest_remainder(Wide t, const Money *w, size_t n, Wide sum, Money *parts)
{
    Wide left = t;
    for (size_t i = 0; i < n; i++) {
        parts[i].units = (money_units)mul_div(t, (Wide)w[i].units, sum);
        left -= (Wide)parts[i].units;
    }
    if (left == 0)
        return 0;
    Share *order = malloc(n * sizeof *order);
    if (order == NULL)
        return -1;
    for (size_t i = 0; i < n; i++)
        order[i] = (Share){share_rem(t, w[i], sum, parts[i]), i};
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
    if (check_rounding(places, MONEY_HALF_EVEN, err) != 0 || weight_sum(weights, n, &sum, err) != 0)
        return -1;
    money_units d = pow10s[MONEY_SCALE - places];
    if (total.units % d != 0)
        return error_set(err, OCE_EMONEY, NULL, 0,
                         "cannot allocate %s: it is not rounded to %d decimal places",
                         show(total, x), places);
    if (largest_remainder((Wide)(mag(total.units) / d), weights, n, (Wide)sum, parts) != 0)
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
