/*
 * Unit tests of the declaration as plain C data: the version a period is settled by,
 * chosen by a function of the period (nothing is switched), with amendments that take effect
 * inside a period split by their rule; periods of another cadence or outside the effective
 * dates refused; and a version's metrics found by name. No Lua: the declarations are built
 * here.
 */
#include "testutil.h"

#include "decl.h"

typedef struct World {
    MetricDecl metrics[2];
    DeclVersion versions[3];
    Decl d;
} World;

/* Monthly from 2026-01-15 to 2027-06-30; amended on 2026-05-01 (a month's first day) and on
 * 2026-08-20 (inside August), with the given split rule for the second. */
static void world(World *w, Split split)
{
    w->metrics[0] = (MetricDecl){.name = "availability", .unit = "%"};
    w->metrics[1] = (MetricDecl){.name = "tickets", .unit = "tickets"};
    w->versions[0] = (DeclVersion){.name = "original",
                                   .effective_from = {2026, 1, 15},
                                   .line = 1,
                                   .metrics = w->metrics,
                                   .nmetrics = 2};
    w->versions[1] = (DeclVersion){.name = "May review",
                                   .effective_from = {2026, 5, 1},
                                   .line = 9,
                                   .metrics = w->metrics,
                                   .nmetrics = 1};
    w->versions[2] = (DeclVersion){.name = "August merger",
                                   .effective_from = {2026, 8, 20},
                                   .split = split,
                                   .line = 14,
                                   .metrics = w->metrics,
                                   .nmetrics = 2};
    w->d = (Decl){.path = "c.lua",
                  .id = "c",
                  .currency = "GBP",
                  .minor_unit = 2,
                  .cadence = CADENCE_MONTHLY,
                  .effective_from = {2026, 1, 15},
                  .effective_to = {2027, 6, 30},
                  .versions = w->versions,
                  .nversions = 3};
}

static const DeclVersion *version_for(const World *w, const char *id, OceError *err)
{
    Period p;
    assert_int_equal(calendar_parse_period(id, &p, NULL), 0);
    error_init(err);
    return decl_version_for(&w->d, &p, err);
}

static void test_version_in_force_on_the_first_day(void **state)
{
    (void)state;
    World w;
    world(&w, SPLIT_LATER);
    OceError err;
    static const struct {
        const char *period;
        size_t version;
    } cases[] = {{"2026-01", 0}, {"2026-04", 0}, {"2026-05", 1},
                 {"2026-07", 1}, {"2026-09", 2}, {"2027-06", 2}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const DeclVersion *v = version_for(&w, cases[i].period, &err);
        if (v != &w.versions[cases[i].version])
            fail_msg("%s: version %s", cases[i].period, v ? v->name : err.message);
    }
}

static void test_amendment_inside_a_period_splits_by_its_rule(void **state)
{
    (void)state;
    World w;
    OceError err;
    world(&w, SPLIT_EARLIER);
    assert_ptr_equal(version_for(&w, "2026-08", &err), &w.versions[1]);
    world(&w, SPLIT_LATER);
    assert_ptr_equal(version_for(&w, "2026-08", &err), &w.versions[2]);
    world(&w, SPLIT_NONE);
    assert_null(version_for(&w, "2026-08", &err));
    assert_int_equal(err.code, OCE_EPERIOD);
    assert_string_equal(err.file, "c.lua");
    assert_int_equal(err.line, 14);
    assert_string_equal(err.message,
                        "period 2026-08 straddles amendment \"August merger\", effective "
                        "2026-08-20: the amendment must say how to settle it, with split = "
                        "\"earlier\" (by the version before it) or split = \"later\" (by the "
                        "amendment)");
}

static void test_periods_refused(void **state)
{
    (void)state;
    World w;
    world(&w, SPLIT_LATER);
    OceError err;
    assert_null(version_for(&w, "2026-Q3", &err));
    assert_string_equal(err.message,
                        "period 2026-Q3 is a quarter, but contract \"c\" settles monthly (e.g. "
                        "2026-10)");
    assert_null(version_for(&w, "2025-12", &err));
    assert_string_equal(err.message,
                        "period 2025-12 is outside contract \"c\", effective 2026-01-15 to "
                        "2027-06-30");
    assert_null(version_for(&w, "2027-07", &err));
    assert_int_equal(err.code, OCE_EPERIOD);
}

static void test_metric_by_name(void **state)
{
    (void)state;
    World w;
    world(&w, SPLIT_LATER);
    assert_ptr_equal(decl_metric(&w.versions[0], "tickets"), &w.metrics[1]);
    assert_null(decl_metric(&w.versions[1], "tickets")); /* May's has one metric */
    assert_null(decl_metric(&w.versions[0], "ticket"));
    assert_string_equal(decl_cadence_name(CADENCE_QUARTERLY), "quarterly");
    assert_string_equal(decl_direction_name(DIRECTION_LOWER), "lower");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_in_force_on_the_first_day),
        cmocka_unit_test(test_amendment_inside_a_period_splits_by_its_rule),
        cmocka_unit_test(test_periods_refused),
        cmocka_unit_test(test_metric_by_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
