/*
 * Unit tests of the declaration reader's edge cases (ldecl), through contract_load: the
 * shapes of lists, field names and strings it refuses, the incident rules and their calendar
 * (time zone, service hours, holidays, maintenance windows) and the derived metrics, each
 * refused by code, file, line and message. The common declarations and their mistakes are
 * test_contract's.
 */
#include "testfile.h"

#include "contract.h"

#define PARTIES "id = 'c', title = 'T', customer = 'C', vendor = 'V', currency = 'GBP', "
#define MONTHLY PARTIES "cadence = 'monthly', effective_from = '2026-01-01', "
#define FEE "term 'fee' (function() return charge(100, 'Fee') end)"
#define TERMS "terms = { " FEE " }"
/* The incident rules of the cases below, and the calendar they are counted on. */
#define INCIDENTS                                                                                  \
    "incidents = { services = { 'core' }, severities = { 'P1' }, causes = { 'vendor' } },\n"       \
    "  time_zone = 'Europe/London',\n"
/* A metric from the incident log, its settings `s` and the derivation's `d`, at line 3. */
#define DERIVED(s, d)                                                                              \
    "contract { " MONTHLY INCIDENTS "  metrics = { metric 'a' { unit = '%', " s                    \
    " from_incidents = { " d " } } },\n  " TERMS " }\n"

typedef struct Refused {
    const char *script;
    int line;
    const char *message;
} Refused;

/* Loads each script as the scratch file `name`-<n>.lua and checks it is refused as a
 * contract (OCE_ECONTRACT) in that file, at the line and with the message given. */
static void check_refused(const char *name, const Refused *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const Refused *r = &cases[i];
        char file[64], path[256];
        snprintf(file, sizeof file, "%s-%zu.lua", name, i + 1);
        OceError err;
        error_init(&err);
        Contract *c = contract_load(scratch_write(file, r->script, path, sizeof path), NULL, &err);
        if (c != NULL) {
            contract_free(c);
            fail_msg("%s was not refused", file);
        }
        if (err.code != OCE_ECONTRACT || err.line != r->line || strcmp(err.message, r->message))
            fail_msg("%s: code %d, line %d, \"%s\"; expected code %d, line %d, \"%s\"", file,
                     err.code, err.line, err.message, OCE_ECONTRACT, r->line, r->message);
        assert_string_equal(err.file, path);
    }
}

/* Lists hold their items at 1, 2, ... and nothing else; field names are strings, and of
 * several unknown ones the first in byte order is named, whatever the table's layout. */
static const Refused shapes[] = {
    {"contract { " MONTHLY "metrics = {},\n  terms = { " FEE ", x = 1 } }\n", 1,
     "contract: 'terms' has the key 'x', which is not a position: a list holds its items at 1, 2, "
     "3, ... and nothing else"},
    {"contract { " MONTHLY "metrics = {},\n  terms = { " FEE ", x = 1, y = 2 } }\n", 1,
     "contract: 'terms' has 2 keys that are not positions: a list holds its items at 1, 2, 3, "
     "... and nothing else"},
    {"contract { " MONTHLY "metrics = {}, " TERMS ", [true] = 1 }\n", 1,
     "contract: a field name must be a string"},
    {"contract { " MONTHLY "metrics = {}, " TERMS ", zzz = 1, aaa = 2, mmm = 3 }\n", 1,
     "contract: unknown field 'aaa'"},
    {"contract { " MONTHLY "\n  metrics = { 5 },\n  " TERMS " }\n", 1,
     "contract: metrics[1] is not a metric declaration"},
    {"contract { " MONTHLY "\n  metrics = {},\n  terms = { " FEE ", 5 } }\n", 1,
     "contract: terms[2] is not a term; write term \"name\" (function(ctx) ... end) or use a term "
     "helper"},
    {"contract { " MONTHLY "metrics = {}, params = 5, " TERMS " }\n", 1,
     "contract: 'params' must be a table"},
};

static void test_shapes(void **state)
{
    (void)state;
    check_refused("shapes", shapes, sizeof shapes / sizeof shapes[0]);
}

/* Strings are 1 to their limit of bytes of printable UTF-8, and strings; names and ids have
 * their own letters; a currency is an ISO 4217 code as written, upper case. */
static const Refused strings[] = {
    {"contract { " MONTHLY "title = '', metrics = {}, " TERMS " }\n", 1,
     "contract: 'title' must be 1 to 200 bytes of printable UTF-8"},
    {"contract { id = 'c', title = 'T', customer = '\\255', vendor = 'V', currency = 'GBP',\n"
     "  cadence = 'monthly', effective_from = '2026-01-01', metrics = {}, " TERMS " }\n",
     1, "contract: 'customer' must be 1 to 200 bytes of printable UTF-8"},
    {"contract { id = 'c', title = 5, customer = 'C', vendor = 'V', currency = 'GBP',\n"
     "  cadence = 'monthly', effective_from = '2026-01-01', metrics = {}, " TERMS " }\n",
     1, "contract: 'title' must be a string, got number"},
    {"contract { id = 'c', title = 'T', customer = 'C', vendor = 'V', currency = 'gbp',\n"
     "  cadence = 'monthly', effective_from = '2026-01-01', metrics = {}, " TERMS " }\n",
     1, "contract: unknown currency 'gbp' (expected an ISO 4217 code such as GBP)"},
    {"contract { id = '.c', title = 'T', customer = 'C', vendor = 'V', currency = 'GBP',\n"
     "  cadence = 'monthly', effective_from = '2026-01-01', metrics = {}, " TERMS " }\n",
     1, "contract: 'id' may hold only letters, digits, '-', '_' and '.' (it names files)"},
    {"contract { " MONTHLY "\n  metrics = {\n    metric 'Up' { unit = '%' } },\n  " TERMS " }\n", 3,
     "metric \"Up\": a metric name is lowercase letters, digits and _"},
};

static void test_strings(void **state)
{
    (void)state;
    check_refused("strings", strings, sizeof strings / sizeof strings[0]);
}

/* A metric's decimals are exact and in range: below 10^18, at most 9 places, no exponent,
 * and no number that is the inexact result of arithmetic on plain numbers. */
static const Refused decimals[] = {
    {"contract { " MONTHLY "\n  metrics = {\n    metric 'up' { unit = '%', better = 'higher',\n"
     "      target = '1234567890123456789' } },\n  " TERMS " }\n",
     3, "metric \"up\": 'target' is out of range: a metric value is below 10^18"},
    {"contract { " MONTHLY "\n  metrics = {\n    metric 'up' { unit = '%', better = 'higher',\n"
     "      target = '99.1234567890' } },\n  " TERMS " }\n",
     3, "metric \"up\": 'target': \"99.1234567890\" has more than 9 decimal places"},
    {"contract { " MONTHLY "\n  metrics = {\n    metric 'up' { unit = '%', min = '1e19' } },\n"
     "  " TERMS " }\n",
     3, "metric \"up\": 'min': \"1e19\" is not a decimal number (write it without an exponent)"},
    {"contract { " MONTHLY "\n  metrics = {\n"
     "    metric 'up' { unit = '%', target = 0.1 + 0.2, better = 'higher' } },\n  " TERMS " }\n",
     3,
     "metric \"up\": 'target': number 0.30000000000000004 has more than 9 decimal places; it is "
     "probably the inexact result of arithmetic on plain numbers: compute with money() values "
     "instead"},
};

static void test_decimals(void **state)
{
    (void)state;
    check_refused("decimals", decimals, sizeof decimals / sizeof decimals[0]);
}

/* The incident rules: a calendar key needs them, a time zone they need, and their lists are
 * of names, none twice, the excluded causes among the causes. */
static const Refused rules[] = {
    {"contract { " MONTHLY "time_zone = 'Europe/London', metrics = {}, " TERMS " }\n", 1,
     "contract: 'time_zone' is the calendar incidents are counted on; declare incidents { "
     "services = ..., severities = ..., causes = ... }"},
    {"contract { " MONTHLY "\n  incidents = { services = { 'core' }, severities = { 'P1' },\n"
     "    causes = { 'vendor' } },\n  metrics = {}, " TERMS " }\n",
     1, "contract: 'time_zone' is required with incidents: an IANA name such as Europe/London"},
    {"contract { " MONTHLY "\n  incidents = { services = { 'core' }, severities = { 'P1' },\n"
     "    causes = { 'vendor' } }, time_zone = 'Mars/Base',\n  metrics = {}, " TERMS " }\n",
     1,
     "contract: 'time_zone' unknown time zone 'Mars/Base' (expected an IANA name such as "
     "Europe/London or America/New_York, from the tzdata package)"},
    {"contract { " MONTHLY "incidents = { services = { 'core', 'core' }, severities = { 'P1' },\n"
     "  causes = { 'vendor' } }, time_zone = 'Europe/London', metrics = {}, " TERMS " }\n",
     1, "incidents: 'services' names \"core\" twice"},
    {"contract { " MONTHLY "incidents = { services = {}, severities = { 'P1' },\n"
     "  causes = { 'vendor' } }, time_zone = 'Europe/London', metrics = {}, " TERMS " }\n",
     1, "incidents: 'services' must be a list of names, { \"core\", ... }"},
    {"contract { " MONTHLY "incidents = { services = { 'core' }, severities = { 'P 1' },\n"
     "  causes = { 'vendor' } }, time_zone = 'Europe/London', metrics = {}, " TERMS " }\n",
     1, "incidents: severities[1] must be a name of letters, digits, '_' and '-'"},
    {"contract { " MONTHLY "incidents = { services = { 'core' }, severities = { 'P1' },\n"
     "  causes = { 'vendor' }, excluded_causes = { 'customer' } },\n"
     "  time_zone = 'Europe/London', metrics = {}, " TERMS " }\n",
     1, "incidents: excluded cause \"customer\" is not one of its causes"},
};

static void test_incident_rules(void **state)
{
    (void)state;
    check_refused("rules", rules, sizeof rules / sizeof rules[0]);
}

/* The calendar incidents are counted on: service hours of a week, holidays off them (so none
 * for 24x7), and maintenance windows, weekly or one-off, each ending after it starts. */
static const Refused calendar[] = {
    {"contract { " MONTHLY INCIDENTS "  service_hours = '24x5', metrics = {}, " TERMS " }\n", 1,
     "contract: 'service_hours' must be \"24x7\" or a week, { weekdays = { \"08:00\", \"18:00\" "
     "}, saturday = { ... } }"},
    {"contract { " MONTHLY INCIDENTS "  service_hours = { weekday = { '08:00', '18:00' } },\n"
     "  metrics = {}, " TERMS " }\n",
     1, "service_hours: unknown field 'weekday' (did you mean 'weekdays'?)"},
    {"contract { " MONTHLY INCIDENTS "  service_hours = { weekdays = { '08:00', '08:00' } },\n"
     "  metrics = {}, " TERMS " }\n",
     1,
     "service_hours: 'weekdays' must be { \"HH:MM\", \"HH:MM\" }, from and to in local time (to "
     "may be 24:00, or before from for hours past midnight)"},
    {"contract { " MONTHLY INCIDENTS "  service_hours = { saturday = { '24:00', '08:00' } },\n"
     "  metrics = {}, " TERMS " }\n",
     1,
     "service_hours: 'saturday' must be { \"HH:MM\", \"HH:MM\" }, from and to in local time (to "
     "may be 24:00, or before from for hours past midnight)"},
    {"contract { " MONTHLY INCIDENTS "  holidays = { '2026-12-25' }, metrics = {}, " TERMS " }\n",
     1, "contract: 'holidays' are days off weekly service hours; a 24x7 service has none"},
    {"contract { " MONTHLY INCIDENTS "  service_hours = { weekdays = { '08:00', '18:00' } },\n"
     "  holidays = { '2026-12-25', '2026-12-32' }, metrics = {}, " TERMS " }\n",
     1, "contract: holidays[2] must be a date written YYYY-MM-DD"},
    {"contract { " MONTHLY INCIDENTS "  maintenance = {}, metrics = {}, " TERMS " }\n", 1,
     "contract: 'maintenance' must be a list of windows, { every = \"sunday\", from = \"02:00\", "
     "to = \"04:00\" } or { from = \"2026-11-14T22:00\", to = ... }"},
    {"contract { " MONTHLY INCIDENTS "  maintenance = { 5 }, metrics = {}, " TERMS " }\n", 1,
     "contract: maintenance[1] is not a window"},
    {"contract { " MONTHLY INCIDENTS
     "  maintenance = { { every = 'sundae', from = '02:00', to = '04:00' } },\n"
     "  metrics = {}, " TERMS " }\n",
     1,
     "contract: maintenance[1]: a weekly window is { every = \"sunday\", from = \"02:00\", to = "
     "\"04:00\" }; a one-off window { from = \"2026-11-14T22:00\", to = \"2026-11-15T02:00\" } in "
     "local time, ending after it starts"},
    {"contract { " MONTHLY INCIDENTS "  maintenance = { { every = 'sunday', from = '02:00', "
     "to = '04:00' },\n"
     "    { from = '2026-11-14T22:00', to = '2026-11-14T21:00' } },\n  metrics = {}, " TERMS " }\n",
     1,
     "contract: maintenance[2]: a weekly window is { every = \"sunday\", from = \"02:00\", to = "
     "\"04:00\" }; a one-off window { from = \"2026-11-14T22:00\", to = \"2026-11-15T02:00\" } in "
     "local time, ending after it starts"},
    {"contract { " MONTHLY INCIDENTS
     "  maintenance = { { every = 'sunday', from = '02:00', to = '04:00', ends = '05:00' } },\n"
     "  metrics = {}, " TERMS " }\n",
     1, "maintenance[1]: unknown field 'ends'"},
};

static void test_calendar(void **state)
{
    (void)state;
    check_refused("calendar", calendar, sizeof calendar / sizeof calendar[0]);
}

/* A metric from the incident log: one of the measures, of a service and severity the rules
 * declare, its precision stated (0 for a count), not money, a breach target only for
 * restore_breaches, and no unknown field in from_incidents. */
static const Refused derived[] = {
    {DERIVED("precision = 2,", "measure = 'uptime'"), 3,
     "metric \"a\": 'measure' must be availability, downtime_minutes, excluded_minutes, "
     "incidents, worst_restore_hours, mean_restore_hours or restore_breaches"},
    {DERIVED("precision = 2,", "measure = 'availability', service = 'edge'"), 3,
     "metric \"a\": 'service' is \"edge\", which incidents { ... } does not declare"},
    {DERIVED("precision = 2,", "measure = 'availability', severity = 'P9'"), 3,
     "metric \"a\": 'severity' is \"P9\", which incidents { ... } does not declare"},
    {DERIVED("precision = 1,", "measure = 'worst_restore_hours', hours = 'wall'"), 3,
     "metric \"a\": 'hours' must be \"clock\" or \"service\" (restore times in service hours)"},
    {DERIVED("precision = 0,", "measure = 'restore_breaches'"), 3,
     "metric \"a\": 'within_hours' is the restore target a breach exceeds, in hours: give it"},
    {DERIVED("precision = 2,", "measure = 'availability', within_hours = 4"), 3,
     "metric \"a\": 'within_hours' is for restore_breaches only"},
    {DERIVED("precision = 1,", "measure = 'incidents'"), 3,
     "metric \"a\": a count of incidents is a whole number: precision 0"},
    {DERIVED("", "measure = 'availability'"), 3,
     "metric \"a\": a metric from the incident log says its 'precision', the places it is "
     "rounded to"},
    {DERIVED("precision = 2,", "measure = 'availability', rounding = 'nearest'"), 3,
     "metric \"a\": 'rounding' must be half-even, half-up, down, up, floor or ceiling"},
    {DERIVED("precision = 2,", "measure = 'availability', sevrity = 'P1'"), 3,
     "metric \"a\": unknown field 'sevrity' (did you mean 'severity'?)"},
    {"contract { " MONTHLY INCIDENTS "  metrics = { metric 'a' { unit = 'GBP', precision = 2,\n"
     "    from_incidents = { measure = 'availability' } } },\n  " TERMS " }\n",
     3, "metric \"a\": a metric from the incident log is not money"},
    {"contract { " MONTHLY INCIDENTS "  metrics = { metric 'a' { unit = '%', precision = 2,\n"
     "    from_incidents = 'availability' } },\n  " TERMS " }\n",
     3, "metric \"a\": 'from_incidents' must be a table { measure = \"availability\", ... }"},
};

static void test_derived(void **state)
{
    (void)state;
    check_refused("derived", derived, sizeof derived / sizeof derived[0]);
}

/* Declarations the reader once accepted and now refuses:
 * - 'required' on a metric from the incident log (docs/api.md: it is left out): the check
 *   looked for it in from_incidents, not in the metric;
 * - a value at a position of a metric's settings (99.9 meant as its target), or of the
 *   contract's, was dropped unread;
 * - a metric whose min is above its max, which no value can meet. */
static const Refused gaps[] = {
    {DERIVED("precision = 2, required = false,", "measure = 'availability'"), 3,
     "metric \"a\": a metric from the incident log has a value every period: leave out "
     "'required'"},
    {DERIVED("precision = 2, required = true,", "measure = 'availability'"), 3,
     "metric \"a\": a metric from the incident log has a value every period: leave out "
     "'required'"},
};

static void test_derived_required(void **state)
{
    (void)state;
    check_refused("gaps", gaps, sizeof gaps / sizeof gaps[0]);
}

static void check_accepted_is_refused(const char *name, const char *script, int line,
                                      const char *message)
{
    char path[256];
    OceError err;
    error_init(&err);
    Contract *c = contract_load(scratch_write(name, script, path, sizeof path), NULL, &err);
    contract_free(c);
    if (c != NULL)
        fail_msg("%s was accepted", name);
    assert_int_equal(err.code, OCE_ECONTRACT);
    assert_string_equal(err.file, path);
    assert_int_equal(err.line, line);
    assert_string_equal(err.message, message);
}

static void test_positional_values(void **state)
{
    (void)state;
    check_accepted_is_refused("positional-1.lua",
                              "contract { " MONTHLY "\n  metrics = {\n"
                              "    metric 'up' { unit = '%', 99.9, better = 'higher' } },\n"
                              "  " TERMS " }\n",
                              3,
                              "metric \"up\": a value at position 1 is no setting: write every "
                              "setting as name = value");
    check_accepted_is_refused("positional-2.lua",
                              "contract { " MONTHLY "'stray',\n  metrics = {},\n  " TERMS " }\n", 1,
                              "contract: a value at position 1 is no setting: write every "
                              "setting as name = value");
}

static void test_min_above_max(void **state)
{
    (void)state;
    check_accepted_is_refused(
        "range.lua",
        "contract { " MONTHLY "\n  metrics = {\n"
        "    metric 'up' { unit = '%', min = 100, max = 0 } },\n"
        "  " TERMS " }\n",
        3, "metric \"up\": 'min' 100 is above 'max' 0: no value could be measured");
}

int main(void)
{
    if (digest_init() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shapes),           cmocka_unit_test(test_strings),
        cmocka_unit_test(test_decimals),         cmocka_unit_test(test_incident_rules),
        cmocka_unit_test(test_calendar),         cmocka_unit_test(test_derived),
        cmocka_unit_test(test_derived_required), cmocka_unit_test(test_positional_values),
        cmocka_unit_test(test_min_above_max),
    };
    return cmocka_run_group_tests(tests, scratch_open, scratch_close);
}
