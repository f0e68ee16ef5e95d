/*
 * Unit tests of the settle pipeline: that it settles on the history its source gives, refuses
 * one with a hole, stops where the inputs are not accepted, and that the outcomes-file source
 * settles the earlier periods in order, each on the ones before it.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "digest.h"
#include "history.h"
#include "settle.h"

#define WAN "contracts/managed-wan/contract.lua"
#define WAN_OUTCOMES "contracts/managed-wan/outcomes.csv"

/* A source that gives a canned history and counts its calls. */
typedef struct Fake {
    History h;
    int calls;
} Fake;

static int fake_earlier(void *self, Contract *c, const Period *p, Arena *arena, History *out,
                        OceError *err)
{
    (void)c, (void)p, (void)arena, (void)err;
    Fake *f = self;
    f->calls++;
    *out = f->h;
    return 0;
}

typedef struct Fixture {
    Contract *c;
    Arena arena;
    OceError err;
    Settlement s;
    HistoryPeriod earlier[12];
    Line nov_credit;
    Fake fake;
    HistorySource source;
} Fixture;

static Fixture *fixture_new(const char *path)
{
    Fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    arena_init(&f->arena);
    error_init(&f->err);
    f->c = contract_load(path, NULL, &f->err);
    if (f->c == NULL)
        fail_msg("loading %s: %s", path, f->err.message);
    f->source = (HistorySource){fake_earlier, &f->fake, " (the fake)"};
    return f;
}

static void fixture_free(Fixture *f)
{
    contract_free(f->c);
    arena_free(&f->arena);
    free(f);
}

/* 2026-01 to 2026-11 of managed-wan, quiet but for a credit of `credit` in November. */
static void canned_year(Fixture *f, const char *credit)
{
    const char *gbp = f->c->decl.currency;
    Period q;
    assert_int_equal(calendar_parse_period("2026-01", &q, NULL), 0);
    for (size_t i = 0; i < 11; i++, calendar_period_next(&q, &q))
        f->earlier[i] = (HistoryPeriod){.period = q,
                                        .digest = "0",
                                        .charges = money_zero(gbp),
                                        .credits = money_zero(gbp),
                                        .net = money_zero(gbp)};
    f->nov_credit = (Line){.term = "availability_credit",
                           .kind = LINE_CREDIT,
                           .description = "Availability service credit",
                           .amount = money_zero(gbp),
                           .forgone = money_zero(gbp),
                           .explanation = ""};
    assert_int_equal(money_parse(credit, gbp, &f->nov_credit.amount, NULL), 0);
    f->earlier[10].lines = &f->nov_credit;
    f->earlier[10].nlines = 1;
    f->earlier[10].credits = f->earlier[10].net = f->nov_credit.amount;
    f->fake.h = (History){f->earlier, 11};
}

static int settle_wan(Fixture *f, const char *period)
{
    Period p;
    assert_int_equal(calendar_parse_period(period, &p, NULL), 0);
    SettleInputs in = {.outcomes = WAN_OUTCOMES};
    return settle_period(f->c, &p, &in, &f->source, &f->arena, &f->s, &f->err);
}

/* The engine settles on the history the source gives: December's availability credit of
 * 8500.00 is held by the annual cap (61200.00) to what November's 57000.00 of credits leave,
 * 4200.00, with 4300.00 forgone; without that credit it is not held at all. */
static void test_history_reaches_the_engine(void **state)
{
    (void)state;
    static const struct {
        const char *credit, *amount, *forgone, *net;
    } cases[] = {
        {"-57000.00", "-4200.00", "4300.00", "82500.00"},
        {"0.00", "-8500.00", "0.00", "78200.00"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        Fixture *f = fixture_new(WAN);
        canned_year(f, cases[k].credit);
        if (settle_wan(f, "2026-12") != 0)
            fail_msg("settling: %s", f->err.message);
        assert_int_equal(f->fake.calls, 1);
        assert_ptr_equal(f->s.history->periods, f->earlier);
        assert_int_equal(f->s.history->n, 11);
        const Line *l = &f->s.lines[1];
        assert_string_equal(l->term, "availability_credit");
        assert_money(l->amount, 2, cases[k].amount);
        assert_money(l->forgone, 2, cases[k].forgone);
        assert_money(f->s.net, 2, cases[k].net);
        fixture_free(f);
    }
}

/* A history with a hole is refused, naming the first period missing and where the source
 * looked; so is one that holds a period that is not before the one settled. */
static void test_hole_refused(void **state)
{
    (void)state;
    Fixture *f = fixture_new(WAN);
    canned_year(f, "0.00");
    memmove(&f->earlier[4], &f->earlier[5], 6 * sizeof f->earlier[0]); /* no 2026-05 */
    f->fake.h.n = 10;
    assert_int_equal(settle_wan(f, "2026-12"), -1);
    assert_int_equal(f->err.code, OCE_EPERIOD);
    assert_string_equal(f->err.message,
                        "contract \"managed-wan\" settles 2026-12 on every period before it, and "
                        "2026-05 has not been settled: settle the periods in order from 2026-01 "
                        "(a contract whose terms do not look at earlier periods declares history "
                        "= false) (the fake)");
    fixture_free(f);

    f = fixture_new(WAN);
    canned_year(f, "0.00");
    error_init(&f->err);
    assert_int_equal(settle_wan(f, "2026-11"), -1); /* it holds 2026-11 itself */
    assert_int_equal(f->err.code, OCE_EPERIOD);
    assert_string_equal(f->err.message, "contract \"managed-wan\": the history of 2026-11 holds "
                                        "2026-11, which is not before it (the fake)");
    fixture_free(f);
}

static int refuse_inputs(void *ctx, const OutcomeSet *set, OceError *err)
{
    (void)err;
    *(const char **)ctx = set->sha256;
    return 1;
}

/* Inputs that are not accepted stop the settlement before the earlier periods are read,
 * with no error: the caller's state says why. */
static void test_accept_stops(void **state)
{
    (void)state;
    Fixture *f = fixture_new(WAN);
    canned_year(f, "0.00");
    Period p;
    assert_int_equal(calendar_parse_period("2026-12", &p, NULL), 0);
    const char *seen = NULL;
    SettleInputs in = {.outcomes = WAN_OUTCOMES, .accept = refuse_inputs, .accept_ctx = &seen};
    assert_int_equal(settle_period(f->c, &p, &in, &f->source, &f->arena, &f->s, &f->err), 1);
    assert_false(error_failed(&f->err));
    assert_int_equal(f->fake.calls, 0);
    assert_non_null(seen);
    assert_int_equal(strlen(seen), DIGEST_HEX_SIZE - 1);
    fixture_free(f);
}

/* A small contract that looks back: each month charges its units and the nets of the months
 * before it. */
static const char small_contract[] =
    "contract {\n"
    "  id = \"small\", title = \"Small\", customer = \"C\", vendor = \"V\", currency = \"GBP\",\n"
    "  cadence = \"monthly\", effective_from = \"2026-01-01\",\n"
    "  metrics = { metric \"units\" { unit = \"units\", precision = 0 } },\n"
    "  terms = {\n"
    "    term \"units\" (function(ctx) return charge(ctx.metrics.units, \"Units\") end),\n"
    "    term \"earlier\" (function(ctx)\n"
    "      local h = ctx.history\n"
    "      if #h == 0 then return nil end\n"
    "      local t = h[1].net\n"
    "      for i = 2, #h do t = t + h[i].net end\n"
    "      return charge(t, \"Nets of the earlier months\")\n"
    "    end),\n"
    "  },\n"
    "}\n";

/* Files of a test in a folder of its own: dir/contract.lua and dir/outcomes.csv. */
typedef struct Files {
    char dir[32], script[64], csv[64];
} Files;

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    assert_int_equal(fputs(text, fp) >= 0, 1);
    assert_int_equal(fclose(fp), 0);
}

static void files_make(Files *f, const char *outcomes)
{
    snprintf(f->dir, sizeof f->dir, "/tmp/oce-settle-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->script, sizeof f->script, "%s/contract.lua", f->dir);
    snprintf(f->csv, sizeof f->csv, "%s/outcomes.csv", f->dir);
    write_file(f->script, small_contract);
    write_file(f->csv, outcomes);
}

static void files_remove(const Files *f)
{
    unlink(f->script);
    unlink(f->csv);
    rmdir(f->dir);
}

/* The outcomes-file source settles January and February from the file, in order, February
 * on January: January 5 units, a net of 5.00; February 7 units and January's 5.00, 12.00;
 * March then charges 1 unit and 5.00 + 12.00 = 17.00, a net of 18.00. */
static void test_outcomes_source(void **state)
{
    (void)state;
    Files files;
    files_make(&files, "contract,period,metric,value\n"
                       "small,2026-01,units,5\n"
                       "small,2026-02,units,7\n"
                       "small,2026-03,units,1\n");
    const char *csv = files.csv;
    Fixture *f = fixture_new(files.script);
    Period p;
    assert_int_equal(calendar_parse_period("2026-03", &p, NULL), 0);
    SettleInputs in = {.outcomes = csv};
    SettleOutcomes file;
    HistorySource h = settle_from_outcomes(&file, &in);
    if (settle_period(f->c, &p, &in, &h, &f->arena, &f->s, &f->err) != 0)
        fail_msg("settling: %s", f->err.message);
    const History *got = f->s.history;
    assert_int_equal(got->n, 2);
    assert_string_equal(got->periods[0].period.id, "2026-01");
    assert_money(got->periods[0].net, 2, "5.00");
    assert_string_equal(got->periods[1].period.id, "2026-02");
    assert_money(got->periods[1].net, 2, "12.00");
    assert_int_equal(strlen(got->periods[1].digest), DIGEST_HEX_SIZE - 1);
    assert_int_equal(f->s.nlines, 2);
    assert_money(f->s.lines[1].amount, 2, "17.00");
    assert_money(f->s.net, 2, "18.00");
    assert_int_equal(file.order.failed, 0);
    fixture_free(f);
    files_remove(&files);
}

/* An earlier month the file lacks fails the settlement, naming the month and the file, and
 * the source says the failure was its own. */
static void test_outcomes_source_missing_month(void **state)
{
    (void)state;
    Files files;
    files_make(&files, "contract,period,metric,value\n"
                       "small,2026-01,units,5\n"
                       "small,2026-03,units,1\n");
    const char *csv = files.csv;
    Fixture *f = fixture_new(files.script);
    Period p;
    assert_int_equal(calendar_parse_period("2026-03", &p, NULL), 0);
    SettleInputs in = {.outcomes = csv};
    SettleOutcomes file;
    HistorySource h = settle_from_outcomes(&file, &in);
    assert_int_equal(settle_period(f->c, &p, &in, &h, &f->arena, &f->s, &f->err), -1);
    assert_int_equal(file.order.failed, 1);
    assert_int_equal(f->err.code, OCE_EOUTCOMES);
    assert_string_equal(f->err.file, csv);
    char want[200];
    snprintf(want, sizeof want, "settling the earlier period 2026-02 from %s: required metric",
             csv);
    if (strncmp(f->err.message, want, strlen(want)) != 0)
        fail_msg("got: %s", f->err.message);
    fixture_free(f);
    files_remove(&files);
}

int main(void)
{
    if (digest_init() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_history_reaches_the_engine),
        cmocka_unit_test(test_hole_refused),
        cmocka_unit_test(test_accept_stops),
        cmocka_unit_test(test_outcomes_source),
        cmocka_unit_test(test_outcomes_source_missing_month),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
