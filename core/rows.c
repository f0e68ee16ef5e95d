#include "rows.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "table.h"

/* The text between leading and trailing spaces and tabs: *from and its length. */
static size_t trimmed(const char *s, const char **from)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    *from = s;
    return n;
}

/* One character of an id as it is compared for a near miss. */
static int folded(char ch)
{
    return ch == '_' ? '-' : tolower((unsigned char)ch);
}

bool rows_near_miss(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return false;
    const char *x, *y;
    size_t n = trimmed(a, &x);
    if (n == 0 || n != trimmed(b, &y))
        return false;
    for (size_t i = 0; i < n; i++)
        if (folded(x[i]) != folded(y[i]))
            return false;
    return true;
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
    const char *from;
    if (trimmed(id, &from) == 0) { /* no contract's id is empty */
        snprintf(why, size,
                 "the row names no contract: write the contract id, \"%s\" for this "
                 "contract's rows",
                 s->contract);
        return -1;
    }
    bool near = rows_near_miss(id, s->contract);
    if (s->known == NULL && !near)
        return 0;
    char shown[TABLE_SHOW_MAX];
    table_show(id, shown);
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
    char shown[TABLE_SHOW_MAX];
    if (calendar_period_kind(period, &kind) != 0) {
        table_show(period, shown);
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
