#include "rows.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* s as it is compared for a near miss, into out (size bytes): ASCII letters in lower case,
 * '_' as '-', and what a spreadsheet or a word processor puts for them as they are meant: the
 * Unicode dashes (U+2010 to U+2015) and minus sign (U+2212) as '-', a no-break space (U+00A0)
 * as a space, zero-width spaces and byte-order marks (U+200B, U+FEFF) left out; then without
 * the spaces and tabs around it. Its length, or -1 when it does not fit. */
static long folded(const char *s, char *out, size_t size)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    while (*p != '\0') {
        int ch;
        if (p[0] == 0xC2 && p[1] == 0xA0)
            ch = ' ', p += 2;
        else if (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x90 && p[2] <= 0x95)
            ch = '-', p += 3;
        else if (p[0] == 0xE2 && p[1] == 0x88 && p[2] == 0x92)
            ch = '-', p += 3;
        else if ((p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x8B) ||
                 (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF))
            ch = -1, p += 3;
        else
            ch = *p == '_' ? '-' : tolower(*p), p++;
        if (ch < 0 || ((ch == ' ' || ch == '\t') && n == 0))
            continue;
        if (n + 1 >= size)
            return -1;
        out[n++] = (char)ch;
    }
    while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\t'))
        n--;
    out[n] = '\0';
    return (long)n;
}

bool rows_near_miss(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return false;
    char x[512], y[512];
    long n = folded(a, x, sizeof x);
    return n > 0 && n == folded(b, y, sizeof y) && memcmp(x, y, (size_t)n) == 0;
}

void rows_count(RowCount *count, RowFate fate)
{
    count->read++;
    if (fate == ROW_USED)
        count->used++;
    else if (fate == ROW_OTHER_CONTRACT)
        count->other_contracts++;
    else if (fate == ROW_OTHER_PERIOD)
        count->other_periods++;
}

static const char *adverb(PeriodKind k)
{
    return k == PERIOD_MONTH ? "monthly" : k == PERIOD_QUARTER ? "quarterly" : "annually";
}

static const char *form(PeriodKind k)
{
    return k == PERIOD_MONTH ? "YYYY-MM" : k == PERIOD_QUARTER ? "YYYY-Qn" : "YYYY";
}

/* Whose the contract id is: this contract's (1), another's (0), or a mistake (-1, why). */
static int whose(const RowScope *s, const char *id, char *why, size_t size)
{
    if (strcmp(id, s->contract) == 0)
        return 1;
    if (s->known != NULL && s->known(s->ctx, id))
        return 0;
    char text[8];
    if (folded(id, text, sizeof text) == 0) { /* no contract's id is empty */
        snprintf(why, size,
                 "the row names no contract: write the contract id, \"%s\" for this "
                 "contract's rows",
                 s->contract);
        return -1;
    }
    bool near = rows_near_miss(id, s->contract);
    if (s->known == NULL && !near)
        return 0;
    char shown[ERROR_QUOTE_MAX];
    error_quote(id, shown);
    if (s->known == NULL)
        snprintf(why, size,
                 "contract %s (did you mean \"%s\"?): contract ids are matched exactly, so this "
                 "row would be set aside as another contract's",
                 shown, s->contract);
    else
        snprintf(why, size, "contract %s is none of the contracts settled%s%s%s", shown,
                 near ? " (did you mean \"" : "", near ? s->contract : "", near ? "\"?)" : "");
    return -1;
}

RowFate rows_classify(const RowScope *s, const char *id, const char *period, char *why, size_t size)
{
    int ours = whose(s, id, why, size);
    if (ours < 0)
        return ROW_BAD_CONTRACT;
    if (s->period == NULL)
        return ours ? ROW_USED : ROW_OTHER_CONTRACT;
    PeriodKind kind, want = s->period->kind;
    char shown[ERROR_QUOTE_MAX];
    if (calendar_period_kind(period, &kind) != 0) {
        error_quote(period, shown);
        if (ours)
            snprintf(why, size,
                     "period %s is not a period: contract \"%s\" settles %s, so write %s "
                     "(e.g. %s)",
                     shown, s->contract, adverb(want), form(want), s->period->id);
        else
            snprintf(why, size,
                     "period %s is not a period: write YYYY-MM (a month), YYYY-Qn (a quarter) "
                     "or YYYY (a year)",
                     shown);
        return ROW_BAD_PERIOD;
    }
    if (!ours)
        return ROW_OTHER_CONTRACT;
    /* A period name is its canonical name, so the text is compared as it is. */
    if (kind != want) {
        snprintf(why, size, "period %s is a %s, but contract \"%s\" settles %s: write %s (e.g. %s)",
                 period, calendar_period_kind_name(kind), s->contract, adverb(want), form(want),
                 s->period->id);
        return ROW_BAD_PERIOD;
    }
    return strcmp(period, s->period->id) == 0 ? ROW_USED : ROW_OTHER_PERIOD;
}
