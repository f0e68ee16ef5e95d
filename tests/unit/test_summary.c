/*
 * Unit tests of a run's summary: totals kept apart by currency and in the order of their
 * codes, the largest credits and shortfalls kept to the few with ties broken by contract and
 * period (so the order the settlements come in does not matter), and the failures and
 * contracts not due counted past the ones listed.
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "summary.h"

static Money m(const char *s, const char *currency)
{
    Money v;
    OceError err;
    error_init(&err);
    assert_int_equal(money_parse(s, currency, &v, &err), 0);
    return v;
}

static void money_is(Money v, const char *want)
{
    char buf[MONEY_STR_MAX];
    money_format(v, 2, buf, sizeof buf);
    assert_string_equal(buf, want);
}

/* A settlement of contract id in currency, with its charges and credits, and a shortfall
 * costing `cost` when it is not NULL. */
typedef struct Made {
    Decl decl;
    Settlement s;
    Shortfall f;
    MetricDecl metric;
    char id[32];
} Made;

static void make(Made *x, const char *id, const char *period, const char *currency,
                 const char *charges, const char *credits, const char *cost)
{
    memset(x, 0, sizeof *x);
    snprintf(x->id, sizeof x->id, "%s", id);
    x->decl.id = x->id;
    snprintf(x->decl.currency, sizeof x->decl.currency, "%s", currency);
    x->decl.minor_unit = 2;
    x->s.decl = &x->decl;
    assert_int_equal(calendar_parse_period(period, &x->s.period, NULL), 0);
    x->s.charges = m(charges, currency);
    x->s.credits = m(credits, currency);
    OceError err;
    error_init(&err);
    assert_int_equal(money_add(x->s.charges, x->s.credits, &x->s.net, &err), 0);
    if (cost != NULL) {
        x->metric.name = "availability";
        x->f = (Shortfall){
            .metric = &x->metric, .term = "availability_credit", .amount = m(cost, currency)};
        x->s.shortfalls = &x->f;
        x->s.nshortfalls = 1;
    }
}

static void add(Summary *sum, const char *id, const char *period, const char *currency,
                const char *charges, const char *credits, const char *cost)
{
    Made x;
    make(&x, id, period, currency, charges, credits, cost);
    OceError err;
    error_init(&err);
    SummaryEntry e;
    summary_entry(&x.s, &e);
    assert_int_equal(summary_add(sum, &e, &err), 0);
}

static void test_totals_by_currency(void **state)
{
    (void)state;
    static Summary sum;
    summary_init(&sum);
    add(&sum, "b", "2026-10", "USD", "100.00", "-10.00", NULL);
    add(&sum, "a", "2026-10", "GBP", "85000.00", "-4250.00", "4250.00");
    add(&sum, "c", "2026-10", "EUR", "1.00", "0.00", NULL);
    add(&sum, "a", "2026-11", "GBP", "85000.00", "-12750.00", "12750.00");
    assert_int_equal(sum.settled, 4);
    assert_int_equal(sum.ncurrencies, 3);
    assert_string_equal(sum.currencies[0].code, "EUR");
    assert_string_equal(sum.currencies[1].code, "GBP");
    assert_string_equal(sum.currencies[2].code, "USD");
    const SummaryCurrency *gbp = &sum.currencies[1];
    assert_int_equal(gbp->settled, 2);
    money_is(gbp->charges, "170000.00");
    money_is(gbp->credits, "-17000.00");
    money_is(gbp->net, "153000.00");
    /* no credits, no place among the largest */
    assert_int_equal(sum.currencies[0].ncredits_top, 0);
    assert_int_equal(gbp->ncredits_top, 2);
    assert_string_equal(gbp->credits_top[0].period, "2026-11");
    money_is(gbp->credits_top[0].amount, "-12750.00");
    assert_int_equal(gbp->nshortfalls_top, 2);
    assert_string_equal(gbp->shortfalls_top[0].what, "availability (availability_credit)");
    money_is(gbp->shortfalls_top[1].amount, "4250.00");
}

/* The largest five, whatever the order they come in: ties by contract, then period. */
static void test_largest_in_any_order(void **state)
{
    (void)state;
    static Summary one, two;
    summary_init(&one);
    summary_init(&two);
    const char *ids[] = {"k", "b", "z", "a", "m", "c", "y"};
    const char *credit[] = {"-5.00", "-7.00", "-5.00", "-5.00", "-1.00", "-9.00", "-2.00"};
    for (int i = 0; i < 7; i++)
        add(&one, ids[i], "2026-10", "GBP", "10.00", credit[i], NULL);
    for (int i = 6; i >= 0; i--)
        add(&two, ids[i], "2026-10", "GBP", "10.00", credit[i], NULL);
    const char *want[] = {"c", "b", "a", "k", "z"};
    for (int k = 0; k < 2; k++) {
        const SummaryCurrency *c = &(k ? &two : &one)->currencies[0];
        assert_int_equal(c->ncredits_top, SUMMARY_TOP);
        for (int i = 0; i < SUMMARY_TOP; i++)
            assert_string_equal(c->credits_top[i].contract, want[i]);
        money_is(c->credits, "-34.00");
    }
}

static void test_notes_counted_past_listed(void **state)
{
    (void)state;
    static Summary sum;
    summary_init(&sum);
    OceError err;
    error_init(&err);
    error_set(&err, OCE_ESCRIPT, "c.lua", 4, "boom");
    error_set_term(&err, "spin");
    for (int i = 0; i < SUMMARY_LISTED + 3; i++) {
        char id[16];
        snprintf(id, sizeof id, "c%d", i);
        summary_fail(&sum, id, i == 0 ? NULL : "2026-10", &err);
    }
    summary_not_due(&sum, "q", "quarterly: no quarter of it lies inside 2026-10");
    assert_int_equal(sum.failure_count, SUMMARY_LISTED + 3);
    assert_int_equal(sum.failed, 0); /* the contracts are counted as they end: none has */
    summary_failed_contract(&sum);
    assert_int_equal(sum.failed, 1);
    assert_int_equal(sum.nfailures, SUMMARY_LISTED);
    assert_string_equal(sum.failures[0].period, "");
    assert_string_equal(sum.failures[1].period, "2026-10");
    assert_string_equal(sum.failures[1].term, "spin");
    assert_string_equal(sum.failures[1].text, "c.lua:4: term \"spin\": boom");
    assert_int_equal(sum.not_due, 1);
    assert_string_equal(sum.not_due_list[0].text,
                        "quarterly: no quarter of it lies inside 2026-10");
}

static void test_too_many_currencies(void **state)
{
    (void)state;
    static Summary sum;
    summary_init(&sum);
    static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    for (int i = 0; i < SUMMARY_CURRENCIES; i++) {
        char code[4] = {'X', letters[i / 26], letters[i % 26], '\0'};
        add(&sum, "a", "2026-10", code, "1.00", "0.00", NULL);
    }
    Made x;
    make(&x, "a", "2026-10", "ZZZ", "1.00", "0.00", NULL);
    OceError err;
    error_init(&err);
    SummaryEntry e;
    summary_entry(&x.s, &e);
    assert_int_equal(summary_add(&sum, &e, &err), -1);
    assert_string_equal(err.message,
                        "a run holds contracts in at most 32 currencies; ZZZ is one more");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_totals_by_currency),
        cmocka_unit_test(test_largest_in_any_order),
        cmocka_unit_test(test_notes_counted_past_listed),
        cmocka_unit_test(test_too_many_currencies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
