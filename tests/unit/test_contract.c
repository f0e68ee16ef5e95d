/*
 * Unit tests of the contract declaration as contract_load reads it, through contract.h alone:
 * small scripts written to a scratch folder, each field of what they declare read back, the
 * version each period is settled by, and the declarations refused, each by code, file, line
 * and message.
 */
#include "testfile.h"

#include "contract.h"

/* A contract's fields that the cases below do not vary, on one line of their script. */
#define PARTIES "id = 'c', title = 'T', customer = 'C', vendor = 'V', currency = 'GBP', "
#define MONTHLY PARTIES "cadence = 'monthly', effective_from = '2026-01-01', "
#define FEE "term 'fee' (function() return charge(100, 'Fee') end)"

/* Loads text written as the script `name` of the scratch folder; fails the test if it is
 * refused. */
static Contract *load(const char *name, const char *text)
{
    char path[256];
    OceError err;
    error_init(&err);
    Contract *c = contract_load(scratch_write(name, text, path, sizeof path), NULL, &err);
    if (c == NULL)
        fail_msg("%s refused: %s:%d: %s", name, err.file, err.line, err.message);
    return c;
}

static void check_period(Contract *c, const char *id, OceError *err)
{
    Period p;
    assert_int_equal(calendar_parse_period(id, &p, NULL), 0);
    error_init(err);
    decl_version_for(&c->decl, &p, err);
}

/* The version period `id` is settled by. */
static const char *version_of(Contract *c, const char *id)
{
    Period p;
    OceError err;
    error_init(&err);
    assert_int_equal(calendar_parse_period(id, &p, NULL), 0);
    const DeclVersion *v = decl_version_for(&c->decl, &p, &err);
    if (v == NULL)
        fail_msg("period %s refused: %s", id, err.message);
    return v->name;
}

static void assert_date(Date d, const char *expected)
{
    char buf[11];
    calendar_format_date(d, buf);
    assert_string_equal(buf, expected);
}

static const char header_script[] =
    "contract {\n"
    "  id = 'unit.test-1', title = 'Unit title', customer = 'Customer Ltd',\n"
    "  vendor = 'Vendor plc', currency = 'BHD', cadence = 'quarterly',\n"
    "  effective_from = '2026-02-15', effective_to = '2027-11-30',\n"
    "  rounding = 'half-up', history = false,\n"
    "  metrics = {}, terms = { " FEE " },\n"
    "}\n";

/* The header of the declaration is read as written: parties, a currency and its minor unit
 * (BHD has three places), cadence, both effective dates, rounding and the history flag; the
 * script's path and SHA-256 are kept. */
static void test_header(void **state)
{
    (void)state;
    Contract *c = load("header.lua", header_script);
    char path[256];
    assert_string_equal(c->decl.path, scratch_path("header.lua", path, sizeof path));
    assert_string_equal(c->decl.id, "unit.test-1");
    assert_string_equal(c->decl.title, "Unit title");
    assert_string_equal(c->decl.customer, "Customer Ltd");
    assert_string_equal(c->decl.vendor, "Vendor plc");
    assert_string_equal(c->decl.currency, "BHD");
    assert_int_equal(c->decl.minor_unit, 3);
    assert_int_equal(c->decl.cadence, CADENCE_QUARTERLY);
    assert_string_equal(decl_cadence_name(c->decl.cadence), "quarterly");
    assert_date(c->decl.effective_from, "2026-02-15");
    assert_date(c->decl.effective_to, "2027-11-30");
    assert_int_equal(c->decl.rounding, MONEY_HALF_UP);
    assert_false(c->decl.history);
    assert_false(c->decl.has_incidents);
    assert_int_equal(c->decl.decl_line, 1);
    char sha[DIGEST_HEX_SIZE];
    digest_sha256_hex(header_script, strlen(header_script), sha);
    assert_string_equal(c->decl.script_sha256, sha);
    contract_free(c);
}

/* Each script's SHA-256 is its own text's, loaded one after another and again (the digest
 * of the text loaded last is remembered, and must not be given to another text). */
static void test_script_digest_of_each_text(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "contract { id = 'a', title = 'T', customer = 'C', vendor = 'V', currency = 'GBP',\n"
        "  cadence = 'monthly', effective_from = '2026-01-01', metrics = {},\n"
        "  terms = { term 'fee' (function() return charge(1, 'F') end) } }\n",
        "contract { id = 'b', title = 'T', customer = 'C', vendor = 'V', currency = 'GBP',\n"
        "  cadence = 'monthly', effective_from = '2026-01-01', metrics = {},\n"
        "  terms = { term 'fee' (function() return charge(2, 'F') end) } }\n"};
    static const size_t order[] = {0, 0, 1, 0, 1, 1};
    for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
        const char *text = texts[order[i]];
        Contract *c = load(order[i] ? "b.lua" : "a.lua", text);
        char sha[DIGEST_HEX_SIZE];
        digest_sha256_hex(text, strlen(text), sha);
        assert_string_equal(c->decl.script_sha256, sha);
        contract_free(c);
    }
}

/* What a declaration may leave out: effective_to is open (9999-12-31), rounding half-even,
 * history on, the version "original"; JPY has no minor unit and KWD three. */
static void test_header_defaults(void **state)
{
    (void)state;
    static const struct {
        const char *currency;
        int minor_unit;
    } currencies[] = {{"GBP", 2}, {"JPY", 0}, {"KWD", 3}, {"EUR", 2}};
    for (size_t i = 0; i < sizeof currencies / sizeof currencies[0]; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "contract { id = 'c', title = 'T', customer = 'C', vendor = 'V',\n"
                 "  currency = '%s', cadence = 'annual', effective_from = '2026-01-01',\n"
                 "  metrics = {}, terms = { " FEE " } }\n",
                 currencies[i].currency);
        Contract *c = load("defaults.lua", text);
        assert_string_equal(c->decl.currency, currencies[i].currency);
        assert_int_equal(c->decl.minor_unit, currencies[i].minor_unit);
        assert_int_equal(c->decl.cadence, CADENCE_ANNUAL);
        assert_date(c->decl.effective_to, "9999-12-31");
        assert_int_equal(c->decl.rounding, MONEY_HALF_EVEN);
        assert_true(c->decl.history);
        assert_int_equal(c->decl.nversions, 1);
        assert_string_equal(c->decl.versions[0].name, "original");
        contract_free(c);
    }
}

static const char metrics_script[] = "contract { history = false,\n" /* 1 */
                                     "  " PARTIES "cadence = 'monthly',\n"
                                     "  effective_from = '2026-01-01',\n"
                                     "  metrics = {\n"
                                     "    metric 'availability' { unit = '%', target = 99.95, "
                                     "better = 'higher', precision = 2, min = 0, max = 100 },\n"
                                     "    metric 'restore_hours' { unit = 'hours', target = '4.5', "
                                     "better = 'lower', required = false, min = 0 },\n"
                                     "    metric 'run_cost' { unit = 'GBP', target = "
                                     "money '120000.00', better = 'lower', max = '999999.99' },\n"
                                     "    metric 'tickets' { unit = 'tickets' },\n" /* 8 */
                                     "  },\n"
                                     "  terms = { " FEE " },\n"
                                     "}\n";

/* Each metric's fields as declared, in declaration order: unit, direction (and whether it was
 * given), required (true unless false), precision (-1 when not given), target, min and max
 * (money in the contract currency for a metric whose unit is the currency, plain
 * otherwise). */
static void test_metrics(void **state)
{
    (void)state;
    Contract *c = load("metrics.lua", metrics_script);
    assert_int_equal(c->decl.versions[0].nmetrics, 4);
    const MetricDecl *m = &c->decl.versions[0].metrics[0];
    assert_string_equal(m->name, "availability");
    assert_string_equal(m->unit, "%");
    assert_int_equal(m->better, DIRECTION_HIGHER);
    assert_true(m->has_better);
    assert_true(m->required);
    assert_int_equal(m->precision, 2);
    assert_true(m->has_target && m->has_min && m->has_max);
    assert_money(m->target, -1, "99.95");
    assert_string_equal(m->target.currency, "");
    assert_money(m->min, -1, "0");
    assert_money(m->max, -1, "100");
    assert_false(m->is_money);
    assert_false(m->derived);

    m = &c->decl.versions[0].metrics[1];
    assert_string_equal(m->name, "restore_hours");
    assert_string_equal(m->unit, "hours");
    assert_int_equal(m->better, DIRECTION_LOWER);
    assert_string_equal(decl_direction_name(m->better), "lower");
    assert_false(m->required);
    assert_int_equal(m->precision, -1);
    assert_money(m->target, -1, "4.5");
    assert_true(m->has_min);
    assert_false(m->has_max);

    m = &c->decl.versions[0].metrics[2];
    assert_string_equal(m->name, "run_cost");
    assert_true(m->is_money);
    assert_money(m->target, 2, "120000.00");
    assert_string_equal(m->target.currency, "GBP");
    assert_false(m->has_min);
    assert_money(m->max, 2, "999999.99");
    assert_string_equal(m->max.currency, "GBP");

    m = &c->decl.versions[0].metrics[3];
    assert_string_equal(m->name, "tickets");
    assert_false(m->has_target || m->has_min || m->has_max || m->has_better);
    assert_true(m->required);
    assert_int_equal(m->precision, -1);

    assert_ptr_equal(decl_metric(&c->decl.versions[0], "run_cost"),
                     &c->decl.versions[0].metrics[2]);
    assert_null(decl_metric(&c->decl.versions[0], "run_costs"));
    contract_free(c);
}

static const char derived_script[] =
    "contract { history = false, " MONTHLY "\n"
    "  time_zone = 'Europe/London',\n"
    "  incidents = { services = { 'core', 'edge' }, severities = { 'P1', 'P2' },\n"
    "    causes = { 'vendor', 'customer' }, excluded_causes = { 'customer' } },\n"
    "  metrics = {\n"
    "    metric 'core_availability' { unit = '%', target = 99.9, better = 'higher',\n"
    "      precision = 2, from_incidents = { measure = 'availability', service = 'core' } },\n"
    "    metric 'p1_count' { unit = 'incidents', precision = 0,\n"
    "      from_incidents = { measure = 'incidents', severity = 'P1' } },\n"
    "    metric 'csat' { unit = 'score' },\n"
    "  },\n"
    "  terms = { " FEE " },\n"
    "}\n";

/* A metric from the incident log is marked derived, and its derivation names the service
 * and severity the contract declares; a measured metric beside it is not derived. */
static void test_derived_metrics(void **state)
{
    (void)state;
    Contract *c = load("derived.lua", derived_script);
    assert_true(c->decl.has_incidents);
    assert_int_equal(c->decl.rules.nservices, 2);
    assert_string_equal(c->decl.rules.services[1], "edge");
    assert_int_equal(c->decl.policy.nexcluded, 1);
    assert_string_equal(c->decl.policy.excluded[0], "customer");
    assert_int_equal(c->decl.versions[0].nmetrics, 3);
    const MetricDecl *m = &c->decl.versions[0].metrics[0];
    assert_true(m->derived);
    assert_int_equal(m->derivation.measure, MEASURE_AVAILABILITY);
    assert_string_equal(m->derivation.service, "core");
    assert_null(m->derivation.severity);
    assert_int_equal(m->derivation.places, 2);
    m = &c->decl.versions[0].metrics[1];
    assert_true(m->derived);
    assert_int_equal(m->derivation.measure, MEASURE_INCIDENTS);
    assert_null(m->derivation.service);
    assert_string_equal(m->derivation.severity, "P1");
    assert_false(c->decl.versions[0].metrics[2].derived);
    contract_free(c);
}

static const char terms_script[] =
    "local fee = money '1000.00'\n"
    "contract { history = false, " MONTHLY "\n"
    "  metrics = { metric 'uptime' { unit = '%', target = 99.9, better = 'higher' } },\n"
    "  terms = {\n"
    "    fixed_fee 'service_fee' { amount = fee, description = 'Service fee' },\n" /* 5 */
    "    service_credit 'uptime_credit' {\n"
    "      metric = 'uptime', of = fee, bands = { { below = 99.9, percent = 5 } },\n"
    "    },\n"
    "    term 'own' (function(ctx) return charge(1, 'One') end),\n" /* 9 */
    "    cap_terms 'cap' {\n"
    "      terms = { 'uptime_credit' }, at_most = 100 },\n"
    "  },\n"
    "}\n";

/* Terms are kept in the order they apply, each with the script line that declares it and
 * the term library helper that made it (none for term). */
static void test_terms_in_order(void **state)
{
    (void)state;
    Contract *c = load("terms.lua", terms_script);
    static const char *const names[] = {"service_fee", "uptime_credit", "own", "cap"};
    static const char *const helpers[] = {"fixed_fee", "service_credit", NULL, "cap_terms"};
    static const int lines[] = {5, 6, 9, 10};
    assert_int_equal(c->decl.versions[0].nterms, 4);
    assert_int_equal(c->decl.decl_line, 2);
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(c->decl.versions[0].terms[i], names[i]);
        assert_int_equal(c->decl.versions[0].term_lines[i], lines[i]);
        if (helpers[i] == NULL)
            assert_null(c->decl.versions[0].term_helpers[i]);
        else
            assert_string_equal(c->decl.versions[0].term_helpers[i], helpers[i]);
    }
    contract_free(c);
}

static const char amended_script[] =
    "local function fee(n) return term 'fee' (function() return charge(n, 'Fee') end) end\n"
    "contract { history = false, " PARTIES "cadence = 'monthly',\n"
    "  effective_from = '2026-01-01', effective_to = '2027-12-31', version = '2026 agreement',\n"
    "  metrics = { metric 'uptime' { unit = '%', target = 99.9, better = 'higher' } },\n"
    "  terms = { fee(100) },\n"
    "  amendments = {\n"
    "    amendment 'price review' { effective_from = '2026-04-01',\n" /* 7 */
    "      terms = { fee(110), term 'extra' (function() return charge(1, 'X') end) } },\n"
    "    amendment 'merger' { effective_from = '2026-07-15', split = 'later',\n" /* 9 */
    "      metrics = { metric 'uptime' { unit = '%' }, metric 'sites' { unit = 'sites' } } },\n"
    "    amendment 'restructure' { effective_from = '2026-09-10', split = 'earlier',\n" /* 11 */
    "      params = { x = 1 } },\n"
    "    amendment 'renewal' { effective_from = '2027-01-20',\n" /* 13 */
    "      terms = { fee(120) } },\n"
    "  },\n"
    "}\n";

/* The versions of an amended contract, in date order: the original under its 'version'
 * name, then each amendment with its date, its split rule and the line declaring it; an
 * amendment that does not restate the metrics or the terms has those of the version before
 * it. */
static void test_versions(void **state)
{
    (void)state;
    Contract *c = load("amended.lua", amended_script);
    static const struct {
        const char *name, *from;
        Split split;
        int line;
        bool owns_metrics, owns_terms;
        size_t nmetrics, nterms;
    } want[] = {
        {"2026 agreement", "2026-01-01", SPLIT_NONE, 2, true, true, 1, 1},
        {"price review", "2026-04-01", SPLIT_NONE, 7, false, true, 1, 2},
        {"merger", "2026-07-15", SPLIT_LATER, 9, true, false, 2, 2},
        {"restructure", "2026-09-10", SPLIT_EARLIER, 11, false, false, 2, 2},
        {"renewal", "2027-01-20", SPLIT_NONE, 13, false, true, 2, 1},
    };
    assert_int_equal(c->decl.nversions, 5);
    for (size_t k = 0; k < 5; k++) {
        const DeclVersion *v = &c->decl.versions[k];
        assert_string_equal(v->name, want[k].name);
        assert_date(v->effective_from, want[k].from);
        assert_int_equal(v->split, want[k].split);
        assert_int_equal(v->line, want[k].line);
        assert_int_equal(v->owns_metrics, want[k].owns_metrics);
        assert_int_equal(v->owns_terms, want[k].owns_terms);
        assert_int_equal(v->nmetrics, want[k].nmetrics);
        assert_int_equal(v->nterms, want[k].nterms);
    }
    assert_string_equal(c->decl.versions[1].terms[1], "extra");
    assert_string_equal(c->decl.versions[3].terms[1], "extra");        /* price review's, kept */
    assert_string_equal(c->decl.versions[3].metrics[1].name, "sites"); /* the merger's, kept */
    assert_false(c->decl.versions[2].metrics[0].has_target);           /* restated without one */
    assert_true(c->decl.versions[1].metrics[0].has_target);
    assert_string_equal(c->decl.versions[0].name, "2026 agreement"); /* as loaded */
    contract_free(c);
}

/* A period is settled by the version in force on its first day; an amendment inside it
 * settles it by its split: the one before it (earlier) or itself (later). */
static void test_version_of_period(void **state)
{
    (void)state;
    Contract *c = load("amended.lua", amended_script);
    /* the last goes back: the version follows the period, not the order of the calls */
    static const char *const want[][2] = {
        {"2026-01", "2026 agreement"}, {"2026-03", "2026 agreement"}, {"2026-04", "price review"},
        {"2026-06", "price review"},   {"2026-07", "merger"},         {"2026-08", "merger"},
        {"2026-09", "merger"},         {"2026-10", "restructure"},    {"2026-12", "restructure"},
        {"2027-02", "renewal"},        {"2026-05", "price review"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_string_equal(version_of(c, want[i][0]), want[i][1]);
    contract_free(c);
}

/* An amendment inside a period that gives no split refuses the period, naming the period,
 * the amendment, its date, and the script line declaring it. */
static void test_straddle_without_split(void **state)
{
    (void)state;
    Contract *c = load("amended.lua", amended_script);
    OceError err;
    check_period(c, "2027-01", &err);
    assert_int_equal(err.code, OCE_EPERIOD);
    char path[256];
    assert_string_equal(err.file, scratch_path("amended.lua", path, sizeof path));
    assert_int_equal(err.line, 13);
    assert_string_equal(err.message,
                        "period 2027-01 straddles amendment \"renewal\", effective 2027-01-20: the "
                        "amendment must say how to settle it, with split = \"earlier\" (by the "
                        "version before it) or split = \"later\" (by the amendment)");
    contract_free(c);
}

/* Two amendments inside one period: settled by the last with split = "later" on both, by the
 * version before them with "earlier" on both; refused when they differ, naming the second. */
static void test_two_amendments_in_a_period(void **state)
{
    (void)state;
    static const struct {
        const char *first, *second, *version;
    } cases[] = {
        {"'later'", "'later'", "b"},
        {"'earlier'", "'earlier'", "original"},
        {"'later'", "'earlier'", NULL},
        {"'earlier'", "'later'", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[1024];
        snprintf(text, sizeof text,
                 "contract { history = false, " MONTHLY "\n"
                 "  metrics = {}, terms = { " FEE " },\n"
                 "  amendments = {\n"
                 "    amendment 'a' { effective_from = '2026-05-10', split = %s, params = {} },\n"
                 "    amendment 'b' { effective_from = '2026-05-20', split = %s, params = {} },\n"
                 "  } }\n",
                 cases[i].first, cases[i].second);
        Contract *c = load("two.lua", text);
        assert_string_equal(version_of(c, "2026-04"), "original");
        assert_string_equal(version_of(c, "2026-06"), "b");
        OceError err;
        check_period(c, "2026-05", &err);
        if (cases[i].version != NULL) {
            assert_false(error_failed(&err));
            assert_string_equal(version_of(c, "2026-05"), cases[i].version);
        } else {
            assert_int_equal(err.code, OCE_EPERIOD);
            assert_int_equal(err.line, 5);
            assert_string_equal(
                err.message,
                "period 2026-05 straddles amendment \"b\", effective 2026-05-20: the amendment "
                "must say how to settle it, with split = \"earlier\" (by the version before it) "
                "or split = \"later\" (by the amendment), the same for every amendment inside "
                "one period");
        }
        contract_free(c);
    }
}

/* A contract starting inside a period settles it (in part); an amendment dated on the first
 * day the contract covers in a period is in force for the period whole. */
static void test_partial_first_period(void **state)
{
    (void)state;
    Contract *c = load("partial.lua", "contract { history = false, " PARTIES "\n"
                                      "  cadence = 'quarterly', effective_from = '2026-02-15',\n"
                                      "  effective_to = '2027-11-30', metrics = {},\n"
                                      "  terms = { " FEE " } }\n");
    assert_string_equal(version_of(c, "2026-Q1"), "original");
    assert_string_equal(version_of(c, "2027-Q4"), "original");
    contract_free(c);
}

/* A period of another kind than the cadence, or with no day inside the effective dates, is
 * refused (OCE_EPERIOD, no file or line: the period comes from the command line). */
static void test_period_refused(void **state)
{
    (void)state;
    Contract *monthly = load("monthly.lua", "contract { history = false, " MONTHLY "\n"
                                            "  effective_to = '2026-12-31', metrics = {},\n"
                                            "  terms = { " FEE " } }\n");
    Contract *quarterly = load("quarterly.lua", header_script);
    Contract *annual = load("annual.lua", "contract { history = false, " PARTIES "\n"
                                          "  cadence = 'annual', effective_from = '2026-07-01',\n"
                                          "  metrics = {}, terms = { " FEE " } }\n");
    static const struct {
        int which;
        const char *period, *message;
    } cases[] = {
        {0, "2026-Q4",
         "period 2026-Q4 is a quarter, but contract \"c\" settles monthly (e.g. "
         "2026-10)"},
        {0, "2026", "period 2026 is a year, but contract \"c\" settles monthly (e.g. 2026-10)"},
        {0, "2025-12",
         "period 2025-12 is outside contract \"c\", effective 2026-01-01 to "
         "2026-12-31"},
        {0, "2027-01",
         "period 2027-01 is outside contract \"c\", effective 2026-01-01 to "
         "2026-12-31"},
        {1, "2026-10",
         "period 2026-10 is a month, but contract \"unit.test-1\" settles "
         "quarterly (e.g. 2026-Q4)"},
        {1, "2025-Q4",
         "period 2025-Q4 is outside contract \"unit.test-1\", effective "
         "2026-02-15 to 2027-11-30"},
        {1, "2028-Q1",
         "period 2028-Q1 is outside contract \"unit.test-1\", effective "
         "2026-02-15 to 2027-11-30"},
        {2, "2026-Q3",
         "period 2026-Q3 is a quarter, but contract \"c\" settles annual (e.g. "
         "2026)"},
        {2, "2025",
         "period 2025 is outside contract \"c\", effective 2026-07-01 to "
         "9999-12-31"},
    };
    Contract *contracts[] = {monthly, quarterly, annual};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        OceError err;
        check_period(contracts[cases[i].which], cases[i].period, &err);
        assert_int_equal(err.code, OCE_EPERIOD);
        assert_string_equal(err.file, "");
        assert_int_equal(err.line, 0);
        assert_string_equal(err.message, cases[i].message);
    }
    assert_string_equal(version_of(monthly, "2026-12"), "original");
    assert_string_equal(version_of(annual, "2026"), "original");
    contract_free(monthly);
    contract_free(quarterly);
    contract_free(annual);
}

/* Declarations refused as they load: each by code, the line the error names in the script,
 * and the exact message. */
static const struct Refused {
    const char *script;
    OceCode code;
    int line;
    const char *message;
} refused[] = {
    {"local x = 1\n", OCE_ECONTRACT, 0,
     "the script does not declare a contract: call contract { id = ..., ... }"},
    {"contract { history = false,\n" MONTHLY "\n  metrics = {}\n  terms = {} }\n", OCE_ECONTRACT, 4,
     "'}' expected (to close '{' at line 1) near 'terms'"},
    {"\ncontract { " PARTIES "cadence = 'monthly',\n efective_from = '2026-01-01', metrics = {},\n"
     "  terms = { " FEE " } }\n",
     OCE_ECONTRACT, 2, "contract: unknown field 'efective_from' (did you mean 'effective_from'?)"},
    {"contract { id = 'c', title = 'T', customer = 'C', vendor = 'V', currency = 'GPB',\n"
     "  cadence = 'monthly', effective_from = '2026-01-01', metrics = {}, terms = { " FEE " } }\n",
     OCE_ECONTRACT, 1, "contract: unknown currency 'GPB' (expected an ISO 4217 code such as GBP)"},
    {"contract { " PARTIES "cadence = 'weekly', effective_from = '2026-01-01',\n"
     "  metrics = {}, terms = { " FEE " } }\n",
     OCE_ECONTRACT, 1, "contract: 'cadence' must be \"monthly\", \"quarterly\" or \"annual\""},
    {"contract { " PARTIES "cadence = 'monthly', effective_from = '2026-13-01',\n"
     "  metrics = {}, terms = { " FEE " } }\n",
     OCE_ECONTRACT, 1, "contract: 'effective_from' must be a date written YYYY-MM-DD"},
    {"contract { " MONTHLY "effective_to = '2025-12-31',\n"
     "  metrics = {}, terms = { " FEE " } }\n",
     OCE_ECONTRACT, 1, "contract: 'effective_to' is before 'effective_from'"},
    {"contract { " MONTHLY "rounding = 'bankers',\n  metrics = {}, terms = { " FEE " } }\n",
     OCE_ECONTRACT, 1,
     "contract: 'rounding' must be half-even, half-up, down, up, floor or ceiling"},
    {"contract { id = 'a/b', title = 'T', customer = 'C', vendor = 'V', currency = 'GBP',\n"
     "  cadence = 'monthly', effective_from = '2026-01-01', metrics = {}, terms = { " FEE " } }\n",
     OCE_ECONTRACT, 1,
     "contract: 'id' may hold only letters, digits, '-', '_' and '.' (it names files)"},
    {"contract { " MONTHLY "history = 'no',\n  metrics = {}, terms = { " FEE " } }\n",
     OCE_ECONTRACT, 1, "contract: 'history' must be true or false"},
    {"contract { " MONTHLY "\n  metrics = {}, terms = {} }\n", OCE_ECONTRACT, 1,
     "contract: 'terms' is empty"},
    {"contract { " MONTHLY "\n  metrics = {},\n  terms = { " FEE ", nil, " FEE " } }\n",
     OCE_ECONTRACT, 1,
     "contract: 'terms' has a gap: nothing at 2, but an item at 3 (a nil in a list leaves a gap, "
     "and what comes after it would be lost)"},
    {"contract { " MONTHLY "\n  metrics = {\n"
     "    metric 'uptime' { unit = '%', target = 99, better = 'up' },\n"
     "  }, terms = { " FEE " } }\n",
     OCE_ECONTRACT, 3, "metric \"uptime\": 'better' must be \"higher\" or \"lower\""},
    {"contract { " MONTHLY "\n  metrics = {\n"
     "    metric 'uptime' { unit = '%', target = 99 },\n"
     "  }, terms = { " FEE " } }\n",
     OCE_ECONTRACT, 3, "metric \"uptime\": 'better' must be a string, got nil"},
    {"contract { " MONTHLY "\n  metrics = {\n"
     "    metric 'uptime' { unit = '%', precision = 10 },\n"
     "  }, terms = { " FEE " } }\n",
     OCE_ECONTRACT, 3,
     "metric \"uptime\": 'precision' must be a whole number of decimal places, 0 "
     "to 9"},
    {"contract { " MONTHLY "\n  metrics = {\n"
     "    metric 'cost' { unit = 'GBP', target = money('10.00', 'EUR'), better = 'lower' },\n"
     "  }, terms = { " FEE " } }\n",
     OCE_ECONTRACT, 3, "metric \"cost\": 'target' is in EUR, expected GBP"},
    {"contract { " MONTHLY "\n  metrics = {\n"
     "    metric 'uptime' { unit = '%', targt = 99 },\n"
     "  }, terms = { " FEE " } }\n",
     OCE_ECONTRACT, 3, "metric \"uptime\": unknown field 'targt' (did you mean 'target'?)"},
    {"contract { " MONTHLY "\n  metrics = {\n"
     "    metric 'uptime' { unit = '%' },\n"
     "    metric 'uptime' { unit = 'hours' },\n"
     "  }, terms = { " FEE " } }\n",
     OCE_ECONTRACT, 4, "metric \"uptime\" is declared twice"},
    {"contract { " MONTHLY "\n  metrics = {\n"
     "    metric 'uptime' { unit = '%', from_incidents = { measure = 'availability' } },\n"
     "  }, terms = { " FEE " } }\n",
     OCE_ECONTRACT, 3,
     "metric \"uptime\": it is derived from the incident log, but the contract declares no "
     "incidents { services = ..., severities = ..., causes = ... }"},
    {"contract { " MONTHLY "\n  metrics = {},\n  terms = {\n"
     "    " FEE ",\n"
     "    " FEE ",\n"
     "  } }\n",
     OCE_ECONTRACT, 5, "term \"fee\" is declared twice"},
    {"contract { " MONTHLY "\n  metrics = {},\n  terms = {\n"
     "    term 'credit' (function() return credit(1, 'C') end),\n"
     "    cap_terms 'cap' { terms = { 'credt' }, at_most = 10 },\n"
     "  } }\n",
     OCE_ECONTRACT, 5,
     "term \"cap\": 'credt' is not a term declared before this one (did you mean 'credit'?)"},
    {"contract { " MONTHLY "\n  metrics = {},\n  terms = {\n"
     "    cap_terms 'cap' { terms = { 'credit' }, at_most = 10 },\n"
     "    term 'credit' (function() return credit(1, 'C') end),\n"
     "  } }\n",
     OCE_ECONTRACT, 4,
     "term \"cap\": 'credit' is not a term declared before this one (it comes after it, and a "
     "term sees only the lines of the terms before it)"},
    {"contract { " MONTHLY "\n"
     "  metrics = { metric 'uptime' { unit = '%', target = 99.9, better = 'higher' } },\n"
     "  terms = {\n"
     "    service_credit 'credit' { metric = 'uptme', of = 100,\n"
     "      bands = { { below = 99.9, percent = 5 } } },\n"
     "  } }\n",
     OCE_ECONTRACT, 4,
     "term \"credit\": 'metric': unknown metric 'uptme' (did you mean 'uptime'?)"},
    {"contract { " MONTHLY "\n  metrics = {},\n  terms = { " FEE " },\n  amendments = {\n"
     "    amendment 'early' { effective_from = '2026-01-01', params = {} },\n"
     "  } }\n",
     OCE_ECONTRACT, 5,
     "amendment \"early\": 'effective_from' must come after the contract's effective_from and the "
     "amendment before it, and not after effective_to"},
    {"contract { " MONTHLY "\n  metrics = {},\n  terms = { " FEE " },\n  amendments = {\n"
     "    amendment 'empty' { effective_from = '2026-03-01' },\n"
     "  } }\n",
     OCE_ECONTRACT, 5,
     "amendment \"empty\" changes nothing: give it 'metrics', 'terms' or 'params'"},
    {"contract { " MONTHLY "\n  metrics = {},\n  terms = { " FEE " },\n  amendments = {\n"
     "    amendment 'review' { effective_from = '2026-03-01', params = {},\n"
     "      split = 'both' },\n"
     "  } }\n",
     OCE_ECONTRACT, 5,
     "amendment \"review\": 'split' must be \"earlier\" (a period it falls inside is settled by "
     "the "
     "version before it) or \"later\" (by this amendment)"},
    {"contract { " MONTHLY "\n  metrics = {},\n  terms = { " FEE " },\n  amendments = {\n"
     "    amendment 'review' { effective_from = '2026-03-01', params = {} },\n"
     "    amendment 'review' { effective_from = '2026-04-01', params = {} },\n"
     "  } }\n",
     OCE_ECONTRACT, 6, "amendment \"review\" is declared twice"},
    {"contract { " MONTHLY "\n  metrics = {},\n  terms = { " FEE " },\n  amendments = {\n"
     "    amendment 'review' { effective_from = '2026-03-01', params = {}, spilt = 'later' },\n"
     "  } }\n",
     OCE_ECONTRACT, 5, "amendment \"review\": unknown field 'spilt' (did you mean 'split'?)"},
};

static void test_refused(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        const struct Refused *r = &refused[i];
        char name[32], path[256];
        snprintf(name, sizeof name, "refused-%zu.lua", i + 1);
        OceError err;
        error_init(&err);
        Contract *c = contract_load(scratch_write(name, r->script, path, sizeof path), NULL, &err);
        if (c != NULL)
            fail_msg("%s was not refused", name);
        if (strcmp(err.message, r->message) != 0 || err.line != r->line || err.code != r->code)
            fail_msg("%s: code %d, line %d, \"%s\"; expected code %d, line %d, \"%s\"", name,
                     err.code, err.line, err.message, r->code, r->line, r->message);
        assert_string_equal(err.file, path);
    }
}

/* A script that cannot be read is an I/O error naming it. */
static void test_missing_script(void **state)
{
    (void)state;
    char path[256];
    OceError err;
    error_init(&err);
    assert_null(contract_load(scratch_path("none.lua", path, sizeof path), NULL, &err));
    assert_int_equal(err.code, OCE_EIO);
    assert_string_equal(err.file, path);
    assert_string_equal(err.message, "cannot open contract script: No such file or directory");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header),
        cmocka_unit_test(test_script_digest_of_each_text),
        cmocka_unit_test(test_header_defaults),
        cmocka_unit_test(test_metrics),
        cmocka_unit_test(test_derived_metrics),
        cmocka_unit_test(test_terms_in_order),
        cmocka_unit_test(test_versions),
        cmocka_unit_test(test_version_of_period),
        cmocka_unit_test(test_straddle_without_split),
        cmocka_unit_test(test_two_amendments_in_a_period),
        cmocka_unit_test(test_partial_first_period),
        cmocka_unit_test(test_period_refused),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_missing_script),
    };
    if (digest_init() != 0)
        return 1;
    return cmocka_run_group_tests(tests, scratch_open, scratch_close);
}
