/*
 * Unit tests of the settlement document, on settlements built here by hand (no Lua, no
 * engine). The streamed writer is checked against cJSON itself: the document parsed by cJSON
 * and printed again by cJSON_Print is byte for byte the document, and its digest is the
 * SHA-256 of cJSON_PrintUnformatted of it without the digest member; every string read back
 * is the string written. Then the reading side: a document read back is the settlement
 * written, a changed document is refused, and the facts and differences verify asks for.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

#include <cJSON.h>

#include "doc.h"

#define N(a) (sizeof(a) / sizeof *(a))

/* Strings cJSON escapes, and those it does not: quotes, backslashes, every short escape, a
 * control byte of each kind, DEL, "/" and UTF-8 of two, three and four bytes. */
static const char *const tricky[] = {
    "plain",
    "a \"quoted\" word",
    "back\\slash and \\\\ two",
    "tab\there, newline\nthere, return\r, backspace\b, form feed\f",
    "control \x01 and \x1f and \x7f",
    "a/slash </script>",
    "\xc2\xa3 85 000.00, caf\xc3\xa9, \xe2\x82\xac, \xf0\x9f\x93\x88",
    "",
    "\\u0041 is not unescaped",
};

typedef struct Fixture {
    Decl c;
    DeclVersion v; /* its one version */
    MetricDecl m[2];
    MetricResult r[2];
    Line l[N(tricky)];
    Shortfall f[1];
    HistoryPeriod h[2];
    History history;
    Incident inc[2];
    Finding find[2];
    IncidentReport report;
    IncidentLog log;
    Settlement s;
    Arena arena;
    OceError err;
} Fixture;

static Money dec(const char *s, const char *currency)
{
    Money m;
    if (money_parse(s, currency, &m, NULL) != 0)
        fail_msg("test value %s does not parse", s);
    return m;
}

static Instant at(const char *iso)
{
    Instant t;
    const char *why;
    if (tz_parse_iso(iso, &t, &why) != 0)
        fail_msg("test instant %s does not parse: %s", iso, why);
    return t;
}

/* A GBP contract with a metric of each kind, and a line for every tricky string in its
 * term, description and explanation. */
static void build(Fixture *f)
{
    f->m[0] = (MetricDecl){.name = "availability",
                           .unit = "%",
                           .better = DIRECTION_HIGHER,
                           .has_better = true,
                           .required = true,
                           .precision = 2,
                           .has_target = true,
                           .target = dec("99.95", NULL)};
    f->m[1] = (MetricDecl){.name = "run \"cost\"", .unit = "GBP", .is_money = true};
    f->c = (Decl){.id = "tricky/\"one\"",
                  .title = "Caf\xc3\xa9 \\ services\n",
                  .customer = "Northwind",
                  .vendor = NULL,
                  .currency = "GBP",
                  .minor_unit = 2,
                  .cadence = CADENCE_MONTHLY,
                  .rounding = MONEY_HALF_EVEN,
                  .effective_from = {2026, 1, 1},
                  .effective_to = {2028, 12, 31}};
    f->v = (DeclVersion){.name = "original", .metrics = f->m, .nmetrics = N(f->m)};
    f->c.versions = &f->v;
    f->c.nversions = 1;
    snprintf(f->c.script_sha256, sizeof f->c.script_sha256, "%064d", 1);
    f->r[0] = (MetricResult){.decl = &f->m[0], .present = true, .value = dec("98.7", NULL)};
    f->r[1] = (MetricResult){.decl = &f->m[1], .value = money_zero("GBP"), .met = -1};
    for (size_t i = 0; i < N(tricky); i++)
        f->l[i] = (Line){.term = tricky[i],
                         .kind = (LineKind)(i % 4),
                         .description = tricky[N(tricky) - 1 - i],
                         .amount = dec(i % 2 ? "-12.5" : "1000", "GBP"),
                         .forgone = dec("0", "GBP"),
                         .explanation = i == 3 ? NULL : tricky[i]};
    f->f[0] = (Shortfall){.metric = &f->m[0],
                          .target = dec("99.95", NULL),
                          .actual = dec("98.7", NULL),
                          .gap = dec("1.25", NULL),
                          .term = tricky[1],
                          .amount = dec("12.50", "GBP"),
                          .forgone = dec("0", "GBP"),
                          .explanation = tricky[6]};
    f->s = (Settlement){.decl = &f->c,
                        .version = &f->v,
                        .metrics = f->r,
                        .nmetrics = N(f->r),
                        .lines = f->l,
                        .nlines = N(f->l),
                        .shortfalls = f->f,
                        .nshortfalls = N(f->f),
                        .charges = dec("5000", "GBP"),
                        .credits = dec("-50", "GBP"),
                        .net = dec("4950", "GBP")};
    if (calendar_parse_period("2026-03", &f->s.period, NULL) != 0)
        fail_msg("period does not parse");
    snprintf(f->s.outcomes_sha256, sizeof f->s.outcomes_sha256, "%064d", 2);
    f->s.outcome_rows = (RowCount){.read = 12, .used = 2, .other_periods = 10};
}

/* Two earlier periods, by their digests. */
static void with_history(Fixture *f)
{
    static const char *const ids[] = {"2026-01", "2026-02"};
    static const char *const digests[] = {
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"};
    for (size_t i = 0; i < 2; i++) {
        if (calendar_parse_period(ids[i], &f->h[i].period, NULL) != 0)
            fail_msg("period does not parse");
        f->h[i].digest = digests[i];
    }
    f->history = (History){f->h, 2};
    f->s.history = &f->history;
}

/* An incident counted in full and one open, excluded by its cause, with a note. */
static void with_incidents(Fixture *f)
{
    f->inc[0] = (Incident){.service = "wan",
                           .id = "INC-1",
                           .severity = "P1",
                           .cause = "vendor",
                           .start = at("2026-03-02T10:00:00Z"),
                           .end = at("2026-03-02T12:30:00Z")};
    f->inc[1] = (Incident){.service = "wan",
                           .id = "INC-\"2\"",
                           .severity = "P2",
                           .cause = "customer",
                           .note = "line cut by the customer's builders\t(disputed)",
                           .start = at("2026-03-30T23:00:00Z"),
                           .open = true,
                           .disputed = true};
    f->find[0] = (Finding){.incident = &f->inc[0],
                           .from = f->inc[0].start,
                           .to = f->inc[0].end,
                           .counted_cause = true,
                           .counted = 150 * 60 * TZ_SECOND,
                           .against = true,
                           .restored = true,
                           .restore_clock = 150 * 60 * TZ_SECOND,
                           .restore_service = 150 * 60 * TZ_SECOND};
    f->find[1] = (Finding){.incident = &f->inc[1],
                           .from = f->inc[1].start,
                           .to = at("2026-04-01T00:00:00Z"),
                           .excluded_cause = 60 * 60 * TZ_SECOND,
                           .overlap = 20 * TZ_SECOND};
    f->report = (IncidentReport){
        .from = at("2026-03-01T00:00:00Z"), .to = at("2026-04-01T00:00:00Z"), .v = f->find, .n = 2};
    snprintf(f->log.sha256, sizeof f->log.sha256, "%064d", 3);
    f->s.incident_log = &f->log;
    f->s.incidents = &f->report;
    f->s.incident_rows = (RowCount){.read = 5, .used = 2, .other_contracts = 3};
}

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    if (f == NULL || digest_init() != 0)
        return -1;
    build(f);
    arena_init(&f->arena);
    error_init(&f->err);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    arena_free(&f->arena);
    free(f);
    return 0;
}

/* The member `name` of the document's `list`, element i, as cJSON reads it. */
static const char *member(const cJSON *doc, const char *list, int i, const char *name)
{
    const cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, list), i);
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, name));
}

/* The document of s is what cJSON prints of it, and its digest is the SHA-256 of cJSON's
 * compact form without the digest member; doc_digest gives the same digest. Returns the
 * parsed document for more checks (the caller deletes it) and the text in *text. */
static cJSON *assert_as_cjson(Fixture *f, char **text)
{
    char *json = doc_write(&f->s, &f->err);
    assert_non_null(json);
    cJSON *doc = cJSON_Parse(json);
    assert_non_null(doc);
    char *pretty = cJSON_Print(doc);
    size_t n = strlen(pretty);
    assert_int_equal(strlen(json), n + 1);
    assert_memory_equal(json, pretty, n);
    assert_int_equal(json[n], '\n');
    cJSON_free(pretty);

    cJSON *claimed = cJSON_DetachItemFromObjectCaseSensitive(doc, "digest");
    assert_non_null(claimed);
    assert_null(cJSON_GetObjectItemCaseSensitive(doc, "digest")); /* the last, and only once */
    char *compact = cJSON_PrintUnformatted(doc);
    char want[DIGEST_HEX_SIZE], alone[DIGEST_HEX_SIZE];
    digest_sha256_hex(compact, strlen(compact), want);
    assert_string_equal(cJSON_GetStringValue(claimed), want);
    assert_int_equal(doc_digest(&f->s, alone, &f->err), 0);
    assert_string_equal(alone, want);
    cJSON_free(compact);
    cJSON_Delete(claimed);
    *text = json;
    return doc;
}

/* Every tricky string is written as cJSON writes it and reads back as itself; a missing
 * explanation or vendor is null. */
static void test_tricky_strings(void **state)
{
    Fixture *f = *state;
    char *json;
    cJSON *doc = assert_as_cjson(f, &json);
    for (size_t i = 0; i < N(tricky); i++) {
        assert_string_equal(member(doc, "lines", (int)i, "term"), tricky[i]);
        assert_string_equal(member(doc, "lines", (int)i, "description"), tricky[N(tricky) - 1 - i]);
        if (i != 3)
            assert_string_equal(member(doc, "lines", (int)i, "explanation"), tricky[i]);
    }
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(doc, "contract");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "id")),
                        "tricky/\"one\"");
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(c, "vendor")));
    /* The escapes themselves, as cJSON makes them: lowercase \u00xx, "/" and UTF-8 as they
     * are, DEL as it is. */
    assert_non_null(strstr(json, "\"control \\u0001 and \\u001f and \x7f\""));
    assert_non_null(strstr(json, "\"tab\\there, newline\\nthere, return\\r, backspace\\b, form "
                                 "feed\\f\""));
    assert_non_null(strstr(json, "\"a/slash </script>\""));
    assert_non_null(strstr(json, "\"back\\\\slash and \\\\\\\\ two\""));
    assert_non_null(strstr(json, "\"\\\\u0041 is not unescaped\""));
    assert_non_null(
        strstr(json, "\"\xc2\xa3 85 000.00, caf\xc3\xa9, \xe2\x82\xac, \xf0\x9f\x93\x88\""));
    assert_non_null(strstr(json, "\t\t\t\"explanation\":\tnull\n"));
    cJSON_Delete(doc);
    free(json);
}

/* No metrics, lines, shortfalls or history: empty lists, as cJSON prints them. */
static void test_empty_lists(void **state)
{
    Fixture *f = *state;
    f->s.nmetrics = f->s.nlines = f->s.nshortfalls = 0;
    char *json;
    cJSON *doc = assert_as_cjson(f, &json);
    assert_non_null(
        strstr(json, "\n\t\"metrics\":\t[],\n\t\"lines\":\t[],\n\t\"shortfalls\":\t[],\n"));
    assert_non_null(strstr(json, "\n\t\"history\":\t[],\n\t\"digest\":\t\""));
    cJSON_Delete(doc);
    free(json);
}

/* The earlier periods, each by its digest, in order. */
static void test_history(void **state)
{
    Fixture *f = *state;
    with_history(f);
    char *json;
    cJSON *doc = assert_as_cjson(f, &json);
    assert_string_equal(member(doc, "history", 1, "period"), "2026-02");
    assert_string_equal(member(doc, "history", 1, "digest"), f->h[1].digest);
    assert_non_null(strstr(json, "\t\"history\":\t[{\n"
                                 "\t\t\t\"period\":\t\"2026-01\",\n"
                                 "\t\t\t\"digest\":\t\"aaaa"));
    cJSON_Delete(doc);
    free(json);
}

/* Incidents, their log's digest and rows, nulls for an open one's end and restore times,
 * minutes to two places, and each one's reason in words. */
static void test_incidents(void **state)
{
    Fixture *f = *state;
    with_incidents(f);
    char *json;
    cJSON *doc = assert_as_cjson(f, &json);
    assert_string_equal(member(doc, "incidents", 0, "counted_minutes"), "150.00");
    assert_string_equal(member(doc, "incidents", 0, "status"), "counted");
    assert_string_equal(member(doc, "incidents", 0, "reason"), "counted in full");
    assert_string_equal(member(doc, "incidents", 1, "status"), "excluded");
    assert_string_equal(member(doc, "incidents", 1, "reason"),
                        "cause customer is excluded; 0.33 minutes already counted for an earlier "
                        "incident; open: counted to the end of the period");
    assert_string_equal(member(doc, "incidents", 1, "excluded_cause_minutes"), "60.00");
    assert_string_equal(member(doc, "incidents", 1, "note"), f->inc[1].note);
    const cJSON *open = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "incidents"), 1);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(open, "end")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(open, "restore_minutes")));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(open, "disputed")));
    assert_non_null(strstr(json, "\t\"incidents_rows\":\t{\n\t\t\"read\":\t\"5\",\n"));
    assert_non_null(strstr(json, "\t\"incidents\":\t[{\n\t\t\t\"id\":\t\"INC-1\",\n"));
    cJSON_Delete(doc);
    free(json);
}

/* A document far longer than the writer's first buffer and its hashing stage, with strings
 * longer than the stage: still exactly cJSON's, with cJSON's digest. */
static void test_long_document(void **state)
{
    Fixture *f = *state;
    enum { LINES = 300, LONG = 9000 };
    Line *lines = calloc(LINES, sizeof *lines);
    char *big = malloc(LONG + 1);
    assert_non_null(lines);
    assert_non_null(big);
    for (size_t i = 0; i < LONG; i++)
        big[i] = (char)(i % 7 == 0 ? '"' : 'a' + (char)(i % 26));
    big[LONG] = '\0';
    for (size_t i = 0; i < LINES; i++)
        lines[i] = (Line){.term = tricky[i % N(tricky)],
                          .kind = LINE_CHARGE,
                          .description = "a line",
                          .amount = dec("1.00", "GBP"),
                          .forgone = dec("0", "GBP"),
                          .explanation = i % 50 == 0 ? big : tricky[(i + 1) % N(tricky)]};
    f->s.lines = lines;
    f->s.nlines = LINES;
    char *json;
    cJSON *doc = assert_as_cjson(f, &json);
    assert_true(strlen(json) > 4 * LONG);
    assert_string_equal(member(doc, "lines", 250, "explanation"), big);
    cJSON_Delete(doc);
    free(json);
    free(big);
    free(lines);
}

/* A document read back is the settlement written: its period, its digest, every metric and
 * line, its totals. */
static void test_round_trip(void **state)
{
    Fixture *f = *state;
    with_history(f);
    f->l[3].explanation = "the engine always gives one"; /* its description when none */
    char *json = doc_write(&f->s, &f->err);
    char digest[DIGEST_HEX_SIZE];
    assert_int_equal(doc_digest(&f->s, digest, &f->err), 0);
    HistoryPeriod h;
    assert_int_equal(doc_read_period(json, "the document", &f->c, &f->arena, &h, &f->err), 0);
    assert_string_equal(h.period.id, "2026-03");
    assert_string_equal(h.digest, digest);
    assert_int_equal(h.nmetrics, 2);
    assert_string_equal(h.metrics[0].name, "availability");
    assert_true(h.metrics[0].present);
    assert_money(h.metrics[0].value, -1, "98.7");
    assert_int_equal(h.metrics[0].met, 0);
    assert_string_equal(h.metrics[1].name, "run \"cost\"");
    assert_false(h.metrics[1].present);
    assert_int_equal(h.nlines, N(tricky));
    for (size_t i = 0; i < N(tricky); i++) {
        const Line *l = &h.lines[i];
        assert_string_equal(l->term, f->l[i].term);
        assert_int_equal(l->kind, f->l[i].kind);
        assert_string_equal(l->description, f->l[i].description);
        assert_string_equal(l->explanation, f->l[i].explanation);
        assert_money(l->amount, 2, i % 2 ? "-12.50" : "1000.00");
        assert_money(l->forgone, 2, "0.00");
        assert_string_equal(l->amount.currency, "GBP");
    }
    assert_money(h.charges, 2, "5000.00");
    assert_money(h.credits, 2, "-50.00");
    assert_money(h.net, 2, "4950.00");
    free(json);
}

/* The one-byte change of an amount (a credit made smaller) is refused by its digest, with
 * the message naming the document; so is another contract's document. */
static void test_changed_document_refused(void **state)
{
    Fixture *f = *state;
    char *json = doc_write(&f->s, &f->err);
    char *at12 = strstr(json, "\"-12.50\"");
    assert_non_null(at12);
    at12[2] = '0'; /* -02.50 */
    HistoryPeriod h;
    assert_int_equal(doc_read_period(json, "march.json", &f->c, &f->arena, &h, &f->err), -1);
    assert_int_equal(f->err.code, OCE_EPERIOD);
    assert_string_equal(f->err.message, "march.json: its digest does not match its contents (it "
                                        "was changed after it was made)");
    free(json);

    json = doc_write(&f->s, &f->err);
    Decl other = f->c;
    other.id = "another";
    error_init(&f->err);
    assert_int_equal(doc_read_period(json, "march.json", &other, &f->arena, &h, &f->err), -1);
    assert_string_equal(f->err.message,
                        "march.json: a settlement of another contract: tricky/\"one\"");
    error_init(&f->err);
    assert_int_equal(doc_read_period("{\"format\": \"oce-settlement-9\"}", "x.json", &f->c,
                                     &f->arena, &h, &f->err),
                     -1);
    assert_string_equal(f->err.message, "x.json: not a settlement document (oce-settlement-3)");
    free(json);
}

/* The facts verify reads, the digests of the earlier periods, and the first difference
 * between two documents by its path and both values. */
static void test_facts_and_difference(void **state)
{
    Fixture *f = *state;
    with_history(f);
    with_incidents(f);
    char *a = doc_write(&f->s, &f->err);
    f->l[1].amount = dec("-13", "GBP");
    char *b = doc_write(&f->s, &f->err);
    Doc *da = doc_parse(a), *db = doc_parse(b);
    assert_non_null(da);
    assert_non_null(db);
    assert_string_equal(doc_fact(da, DOC_FACT_FORMAT), DOC_FORMAT);
    assert_string_equal(doc_fact(da, DOC_FACT_PERIOD), "2026-03");
    assert_string_equal(doc_fact(da, DOC_FACT_CURRENCY), "GBP");
    assert_string_equal(doc_fact(da, DOC_FACT_SCRIPT_SHA256), f->c.script_sha256);
    assert_string_equal(doc_fact(da, DOC_FACT_OUTCOMES_SHA256), f->s.outcomes_sha256);
    assert_string_equal(doc_fact(da, DOC_FACT_INCIDENTS_SHA256), f->log.sha256);
    assert_string_equal(doc_recorded(da, "2026-02"), f->h[1].digest);
    assert_null(doc_recorded(da, "2025-12"));
    char path[128], was[64], now[64];
    assert_false(doc_first_difference(da, da, path, sizeof path, was, now, sizeof was));
    assert_true(doc_first_difference(da, db, path, sizeof path, was, now, sizeof was));
    assert_string_equal(path, "lines[1].amount");
    assert_string_equal(was, "\"-12.50\"");
    assert_string_equal(now, "\"-13.00\"");
    assert_null(doc_parse("[1, 2]"));
    assert_null(doc_parse("not json"));
    doc_free(NULL);
    doc_free(da);
    doc_free(db);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tricky_strings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_history, setup, teardown),
        cmocka_unit_test_setup_teardown(test_incidents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_document, setup, teardown),
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changed_document_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_facts_and_difference, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
