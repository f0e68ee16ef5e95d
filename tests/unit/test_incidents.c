/*
 * Unit tests of the incident log reader: CSV and JSON, open and disputed incidents, rows of
 * other contracts skipped, and each kind of bad row refused with its file, line and reason.
 */
#include "testutil.h"

#include <stdio.h>

#include "incidents.h"

static const char *const services[] = {"core", "edge"};
static const char *const severities[] = {"P1", "P2", "P3"};
static const char *const causes[] = {"vendor", "customer", "force_majeure"};
static const IncidentRules rules = {services, 2, severities, 3, causes, 3};

static Arena arena;

static int parse(const char *name, const char *text, IncidentLog *log, OceError *err)
{
    error_init(err);
    return incidents_parse(name, text, strlen(text), "wan", &rules, &arena, log, err);
}

static void test_csv(void **state)
{
    (void)state;
    IncidentLog log;
    OceError err;
    const char *csv = "id,contract,service,start,end,severity,cause,note,disputed\n"
                      "INC-1,wan,core,2026-10-07T09:14Z,2026-10-07T10:14+00:00,P1,vendor,\"Router, "
                      "core\",\n"
                      "INC-2,other,core,bad,bad,P9,nope,,\n"
                      "INC-3,wan,edge,2026-10-30T23:00+01:00,,P2,customer,,yes\n";
    assert_int_equal(parse("log.csv", csv, &log, &err), 0);
    assert_int_equal(log.n, 2); /* the other contract's row is set aside, unchecked */
    assert_int_equal(log.rows, 3);
    assert_string_equal(log.v[0].id, "INC-1");
    assert_string_equal(log.v[0].note, "Router, core");
    assert_true(log.v[0].end - log.v[0].start == 3600 * TZ_SECOND);
    assert_false(log.v[0].open);
    assert_false(log.v[0].disputed);
    assert_int_equal(log.v[0].line, 2);
    assert_true(log.v[1].open);
    assert_true(log.v[1].disputed);
    assert_null(log.v[1].note);
    char buf[TZ_TEXT_MAX];
    tz_format_utc(log.v[1].start, buf);
    assert_string_equal(buf, "2026-10-30T22:00:00Z");
    assert_int_equal(strlen(log.sha256), 64);
}

/* Timestamps as logs write them: fractions of a second, a space for the T, offsets without
 * the colon or the minutes; each read to the nanosecond. */
static void test_timestamps_as_logs_write_them(void **state)
{
    (void)state;
    IncidentLog log;
    OceError err;
    const char *csv =
        "contract,service,id,start,end,severity,cause\n"
        "wan,core,A,2018-01-01T16:34:30.000Z,2018-01-01 17:34:30.250+01:00,P1,vendor\n"
        "wan,core,B,2018-01-01 16:00:00.1234567Z,2018-01-01T11:00:01-0500,P1,vendor\n"
        "wan,edge,C,2018-01-01T21:30:00.000000001+05,,P2,vendor\n";
    assert_int_equal(parse("log.csv", csv, &log, &err), 0);
    assert_int_equal(log.n, 3);
    assert_true(log.v[0].end - log.v[0].start == 250000000); /* a quarter of a second */
    assert_true(log.v[1].end - log.v[1].start == TZ_SECOND - 123456700);
    char buf[TZ_TEXT_MAX];
    tz_format_utc(log.v[0].end, buf);
    assert_string_equal(buf, "2018-01-01T16:34:30.25Z");
    tz_format_utc(log.v[2].start, buf);
    assert_string_equal(buf, "2018-01-01T16:30:00.000000001Z");
}

static void test_json(void **state)
{
    (void)state;
    IncidentLog log;
    OceError err;
    const char *json = "{\"incidents\": [\n"
                       "  {\"contract\": \"wan\", \"service\": \"core\", \"id\": \"A\",\n"
                       "   \"start\": \"2026-10-07T09:14Z\", \"end\": \"2026-10-07T09:20Z\",\n"
                       "   \"severity\": \"P3\", \"cause\": \"vendor\", \"disputed\": \"false\"}\n"
                       "]}";
    assert_int_equal(parse("log.json", json, &log, &err), 0);
    assert_int_equal(log.n, 1);
    assert_true(log.v[0].end - log.v[0].start == 360 * TZ_SECOND);
    const char *bad = "{\"incidents\": [\n"
                      "  {\"contract\": \"wan\", \"service\": \"core\", \"id\": \"A\",\n"
                      "   \"start\": \"2026-10-07T09:14Z\", \"end\": \"2026-10-07T09:20Z\",\n"
                      "   \"severity\": \"P7\", \"cause\": \"vendor\"}\n"
                      "]}";
    assert_int_equal(parse("log.json", bad, &log, &err), -1);
    assert_string_equal(err.file, "log.json");
    assert_int_equal(err.line, 2);
    assert_string_equal(err.message,
                        "incidents[0].severity: unknown severity \"P7\"; the contract declares "
                        "P1, P2, P3");
}

static void test_bad_rows(void **state)
{
    (void)state;
    static const struct {
        const char *row;
        const char *message;
    } cases[] = {
        {"wan,core,I,2026-10-07 09:14,,P1,vendor",
         "start \"2026-10-07 09:14\" is not a timestamp: no offset from UTC; write it as ISO 8601 "
         "or RFC 3339 do: YYYY-MM-DD, T or a space, HH:MM, optional :SS and "
         "a fraction of up to 9 digits, then Z or an offset +HH:MM, +HHMM or +HH, e.g. "
         "2026-10-07T09:14Z or 2026-10-07 10:14:30.250+01:00"},
        {"wan,core,I,2026-10-07T09:14Z,2026-10-07T09:14,P1,vendor",
         "end \"2026-10-07T09:14\" is not a timestamp: no offset from UTC; write it as ISO 8601 or "
         "RFC 3339 do: YYYY-MM-DD, T or a space, HH:MM, optional :SS and "
         "a fraction of up to 9 digits, then Z or an offset +HH:MM, +HHMM or +HH, e.g. "
         "2026-10-07T09:14Z or 2026-10-07 10:14:30.250+01:00"},
        {"wan,core,I,2026-10-07T09:14:00.1234567891Z,,P1,vendor",
         "start \"2026-10-07T09:14:00.1234567891Z\" is not a timestamp: more than 9 decimal "
         "places of a second; write it as ISO 8601 or RFC 3339 do: YYYY-MM-DD, T or a space, "
         "HH:MM, optional :SS and "
         "a fraction of up to 9 digits, then Z or an offset +HH:MM, +HHMM or +HH, e.g. "
         "2026-10-07T09:14Z or 2026-10-07 10:14:30.250+01:00"},
        {"wan,core,I,2026-10-07T09:14Z,2026-10-07T10:14+1:00,P1,vendor",
         "end \"2026-10-07T10:14+1:00\" is not a timestamp: a malformed offset; write it as ISO "
         "8601 or RFC 3339 do: YYYY-MM-DD, T or a space, HH:MM, optional :SS and "
         "a fraction of up to 9 digits, then Z or an offset +HH:MM, +HHMM or +HH, e.g. "
         "2026-10-07T09:14Z or 2026-10-07 10:14:30.250+01:00"},
        {"wan,core,I,2026-10-07T09:14:00.5Z,2026-10-07T09:14:00.25Z,P1,vendor",
         "incident \"I\" ends (2026-10-07T09:14:00.25Z) before it starts (2026-10-07T09:14:00.5Z)"},
        {"wan,core,I,2026-10-07T09:14Z,2026-10-07T09:13Z,P1,vendor",
         "incident \"I\" ends (2026-10-07T09:13:00Z) before it starts (2026-10-07T09:14:00Z)"},
        {"wan,coer,I,2026-10-07T09:14Z,,P1,vendor",
         "unknown service \"coer\" (did you mean \"core\"?)"},
        {"wan,core,I,2026-10-07T09:14Z,,P1,customr",
         "unknown cause \"customr\" (did you mean \"customer\"?)"},
        {"wan,core,,2026-10-07T09:14Z,,P1,vendor", "the incident has no id"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[512];
        snprintf(text, sizeof text, "contract,service,id,start,end,severity,cause\n%s\n",
                 cases[i].row);
        IncidentLog log;
        OceError err;
        assert_int_equal(parse("log.csv", text, &log, &err), -1);
        assert_int_equal(err.code, OCE_EOUTCOMES);
        assert_int_equal(err.line, 2);
        assert_string_equal(err.message, cases[i].message);
    }
    IncidentLog log;
    OceError err;
    assert_int_equal(parse("log.csv",
                           "contract,service,id,start,end,severity,cause,disputed\n"
                           "wan,core,I,2026-10-07T09:14Z,,P1,vendor,maybe\n",
                           &log, &err),
                     -1);
    assert_string_equal(
        err.message, "disputed \"maybe\": write true or false (or yes or no), or leave it empty");
    assert_int_equal(parse("log.csv",
                           "contract,service,id,start,end,severity,cause\n"
                           "wan,core,I,2026-10-07T09:14Z,,P1,vendor\n"
                           "wan,edge,I,2026-10-08T09:14Z,,P1,vendor\n",
                           &log, &err),
                     -1);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.message, "incident \"I\" is given twice (first on line 2)");
    assert_int_equal(parse("log.csv", "contract,service,id,start,severity,cause\n", &log, &err),
                     -1);
    assert_string_equal(err.message, "the header has no column \"end\"; it must name contract, "
                                     "service, id, start, end, severity and cause");
    assert_int_equal(parse("log.csv",
                           "contract,service,id,start,end,severity,cause\n"
                           "wan,core,I,2025-10-07T09:14Z,2026-10-09T09:14Z,P1,vendor\n",
                           &log, &err),
                     -1);
    assert_string_equal(err.message, "incident \"I\" lasts more than a year (2025-10-07T09:14:00Z "
                                     "to 2026-10-09T09:14:00Z): check its start and end");
    assert_int_equal(parse("log.csv",
                           "contract,service,id,start,end,severity,cause,note\n"
                           "wan,core,I,2026-10-07T09:14Z,,P1,vendor,caf\xe9\n",
                           &log, &err),
                     -1);
    assert_string_equal(err.message, "note is not UTF-8 text");
    assert_int_equal(
        parse("log.json",
              "{\"incidents\": [{\"contract\": \"wan\\u0000x\", \"service\": \"core\", "
              "\"id\": \"I\", \"start\": \"2026-10-07T09:14Z\", \"end\": null, "
              "\"severity\": \"P1\", \"cause\": \"vendor\"}]}",
              &log, &err),
        -1);
    assert_string_equal(err.message,
                        "the file contains \\u0000, a NUL character; incidents are text");
    assert_int_equal(parse("log.json",
                           "{\"incidents\": [{\"contract\": \"wan\", \"service\": \"core\", "
                           "\"id\": \"I\", \"start\": \"2026-10-07T09:14Z\", \"end\": null, "
                           "\"severity\": \"P1\", \"cause\": \"vendor\"}]}",
                           &log, &err),
                     0);
    assert_true(log.v[0].open); /* "end": null is an open incident */
    assert_int_equal(parse("log.txt", "", &log, &err), -1);
    assert_string_equal(err.message, "cannot tell the format of the incidents: the file name "
                                     "must end in .csv or .json");
}

/* A row whose contract id differs from the contract's only by case, by '-' against '_' or by
 * spaces around it is an error with a did-you-mean, not another contract's row; ids that
 * differ otherwise are other contracts', set aside and counted. */
static void test_near_miss_ids(void **state)
{
    (void)state;
    static const char *const ids[] = {"WAN", "Wan", " wan", "wan ", "wan\t"};
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        char text[512], want[300];
        snprintf(text, sizeof text,
                 "contract,service,id,start,end,severity,cause\n"
                 "wan,core,A,2026-10-07T09:14Z,,P1,vendor\n"
                 "\"%s\",core,B,2026-10-07T09:14Z,,P1,vendor\n",
                 ids[i]);
        IncidentLog log;
        OceError err;
        assert_int_equal(parse("log.csv", text, &log, &err), -1);
        assert_int_equal(err.code, OCE_EOUTCOMES);
        assert_string_equal(err.file, "log.csv");
        assert_int_equal(err.line, 3);
        snprintf(want, sizeof want,
                 "contract \"%s\" (did you mean \"wan\"?): contract ids are matched exactly, so "
                 "this row would be set aside as another contract's",
                 i == 4 ? "wan\\x09" : ids[i]);
        assert_string_equal(err.message, want);
    }
    static const char *const spec = "m-1";
    IncidentLog log;
    OceError err;
    error_init(&err);
    const char *json = "{\"incidents\": [\n"
                       "  {\"contract\": \"M_1\", \"service\": \"core\", \"id\": \"A\",\n"
                       "   \"start\": \"2026-10-07T09:14Z\", \"end\": null,\n"
                       "   \"severity\": \"P3\", \"cause\": \"vendor\"}\n"
                       "]}";
    assert_int_equal(
        incidents_parse("log.json", json, strlen(json), spec, &rules, &arena, &log, &err), -1);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.message,
                        "incidents[0].contract: contract \"M_1\" (did you mean \"m-1\"?): contract "
                        "ids are matched exactly, so this row would be set aside as another "
                        "contract's");
    assert_int_equal(parse("log.csv",
                           "contract,service,id,start,end,severity,cause\n"
                           "wan2,core,A,x,,P9,x\n"
                           "wan.1,core,A,x,,P9,x\n"
                           "wan,core,A,2026-10-07T09:14Z,,P1,vendor\n",
                           &log, &err),
                     0);
    assert_int_equal(log.n, 1);
    assert_int_equal(log.rows, 3);
}

static int setup(void **state)
{
    (void)state;
    arena_init(&arena);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_free(&arena);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),           cmocka_unit_test(test_timestamps_as_logs_write_them),
        cmocka_unit_test(test_json),          cmocka_unit_test(test_bad_rows),
        cmocka_unit_test(test_near_miss_ids),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
