/*
 * Unit tests of the writers, on a settlement of the managed-wan contract built here by hand
 * (no Lua, no engine): the JSON document against a golden literal checked by eye, its digest
 * recomputed independently, the text invoice's key lines, CSV quoting, and all-or-nothing
 * file writing into a scratch directory.
 */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "writer.h"

#define N(a) (sizeof(a) / sizeof *(a))

#define SCRIPT_SHA "4a59e7d307a78f1cbb340f4d6c39b1515a8823ae6744718841b26c6e1e44b2e1"
#define OUTCOMES_SHA "c2a3456275db44aa1362b54352ea5e3a8915c4692d670624f442c27dee1e1f5d"

typedef struct Fixture {
    Decl c;
    DeclVersion v; /* its one version */
    MetricDecl m[3];
    MetricResult r[3];
    Line l[3];
    Shortfall f[1];
    Settlement s;
    OceError err;
    char dir[64]; /* scratch directory for the file tests */
} Fixture;

static Money dec(const char *s, const char *currency)
{
    Money m;
    if (money_parse(s, currency, &m, NULL) != 0)
        fail_msg("test value %s does not parse", s);
    return m;
}

static Money gbp(const char *s)
{
    return dec(s, "GBP");
}

/* availability % (precision 2, required), csat score (optional, precision 1), run_cost GBP. */
static void declare(Fixture *f)
{
    f->m[0] = (MetricDecl){.name = "availability",
                           .unit = "%",
                           .better = DIRECTION_HIGHER,
                           .has_better = true,
                           .required = true,
                           .precision = 2,
                           .has_target = true,
                           .target = dec("99.95", NULL)};
    f->m[1] = (MetricDecl){.name = "csat",
                           .unit = "score",
                           .better = DIRECTION_HIGHER,
                           .has_better = true,
                           .required = false,
                           .precision = 1,
                           .has_target = true,
                           .target = dec("9.0", NULL)};
    f->m[2] = (MetricDecl){.name = "run_cost",
                           .unit = "GBP",
                           .better = DIRECTION_LOWER,
                           .has_better = true,
                           .required = true,
                           .precision = -1,
                           .has_target = true,
                           .target = gbp("120000.00"),
                           .is_money = true};
    f->c = (Decl){.id = "managed-wan",
                  .title = "Managed WAN services",
                  .customer = "Northwind Retail Ltd",
                  .vendor = "Contoso Networks plc",
                  .currency = "GBP",
                  .minor_unit = 2,
                  .cadence = CADENCE_MONTHLY,
                  .rounding = MONEY_HALF_EVEN,
                  .effective_from = {2026, 1, 1},
                  .effective_to = {2028, 12, 31}};
    f->v = (DeclVersion){.name = "original", .metrics = f->m, .nmetrics = N(f->m)};
    f->c.versions = &f->v;
    f->c.nversions = 1;
    snprintf(f->c.script_sha256, sizeof f->c.script_sha256, "%s", SCRIPT_SHA);
}

/* October 2026: availability 98.70 (worst band, credit capped at 15 % of the fee), no csat
 * survey, run cost 11000.00 over target (20 % pain-share). */
static void settle(Fixture *f)
{
    f->r[0] = (MetricResult){.decl = &f->m[0], .present = true, .value = dec("98.70", NULL)};
    f->r[1] = (MetricResult){.decl = &f->m[1], .value = money_zero(""), .met = -1};
    f->r[2] = (MetricResult){.decl = &f->m[2], .present = true, .value = gbp("131000.00")};
    f->l[0] = (Line){.term = "service_fee",
                     .kind = LINE_CHARGE,
                     .description = "Managed WAN service fee",
                     .amount = gbp("85000.00"),
                     .forgone = gbp("0.00"),
                     .explanation = "Schedule 4, para 1: the monthly service fee"};
    f->l[1] = (Line){.term = "availability_credit",
                     .kind = LINE_CREDIT,
                     .description = "Availability service credit",
                     .amount = gbp("-12750.00"),
                     .forgone = gbp("8500.00"),
                     .explanation = "25 % of 85000.00 because availability 98.70 < 99.00; "
                                    "capped by fees_at_risk (at most 12750.00): 21250.00 "
                                    "reduced to 12750.00"};
    f->l[2] = (Line){.term = "run_cost_share",
                     .kind = LINE_SHARE,
                     .description = "Run cost pain-share, para 5 (\"overrun\")",
                     .amount = gbp("-2200.00"),
                     .forgone = gbp("0.00"),
                     .explanation = "20 % of the overrun 11000.00 (run cost 131000.00, target "
                                    "120000.00)"};
    f->f[0] = (Shortfall){.metric = &f->m[0],
                          .target = dec("99.95", NULL),
                          .actual = dec("98.70", NULL),
                          .gap = dec("1.25", NULL),
                          .term = "availability_credit",
                          .amount = gbp("12750.00"),
                          .forgone = gbp("8500.00"),
                          .explanation = "availability 98.70 is below the 99.95 target"};
    Settlement *s = &f->s;
    *s = (Settlement){.decl = &f->c,
                      .version = &f->v,
                      .metrics = f->r,
                      .nmetrics = N(f->r),
                      .lines = f->l,
                      .nlines = N(f->l),
                      .shortfalls = f->f,
                      .nshortfalls = N(f->f),
                      .charges = gbp("85000.00"),
                      .credits = gbp("-14950.00"),
                      .net = gbp("70050.00")};
    if (calendar_parse_period("2026-10", &s->period, NULL) != 0)
        fail_msg("period does not parse");
    snprintf(s->outcomes_sha256, sizeof s->outcomes_sha256, "%s", OUTCOMES_SHA);
    s->outcome_rows = (RowCount){.read = 9, .used = 2, .other_contracts = 4, .other_periods = 3};
}

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    if (f == NULL || digest_init() != 0)
        return -1;
    declare(f);
    settle(f);
    error_init(&f->err);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    free(*state);
    return 0;
}

/* The digest of the golden document below, computed outside oce (Python's json and hashlib
 * over the compact form without the digest member). */
#define GOLDEN_DIGEST "0eb226fcf11f3266aa2281fac63efb9ed66eab8cade0f39a1a19d49d0fc5d5f1"

/* The document from its contract to its outcomes_sha256, the same in both layouts. */
#define GOLDEN_BODY                                                                                \
    "\t\"contract\":\t{\n"                                                                         \
    "\t\t\"id\":\t\"managed-wan\",\n"                                                              \
    "\t\t\"title\":\t\"Managed WAN services\",\n"                                                  \
    "\t\t\"customer\":\t\"Northwind Retail Ltd\",\n"                                               \
    "\t\t\"vendor\":\t\"Contoso Networks plc\",\n"                                                 \
    "\t\t\"script_sha256\":\t\"" SCRIPT_SHA "\",\n"                                                \
    "\t\t\"version\":\t\"original\"\n"                                                             \
    "\t},\n"                                                                                       \
    "\t\"period\":\t{\n"                                                                           \
    "\t\t\"id\":\t\"2026-10\",\n"                                                                  \
    "\t\t\"kind\":\t\"month\",\n"                                                                  \
    "\t\t\"start\":\t\"2026-10-01\",\n"                                                            \
    "\t\t\"end\":\t\"2026-10-31\",\n"                                                              \
    "\t\t\"covered_start\":\t\"2026-10-01\",\n"                                                    \
    "\t\t\"covered_end\":\t\"2026-10-31\"\n"                                                       \
    "\t},\n"                                                                                       \
    "\t\"currency\":\t\"GBP\",\n"                                                                  \
    "\t\"rounding\":\t\"half-even\",\n"                                                            \
    "\t\"metrics\":\t[{\n"                                                                         \
    "\t\t\t\"name\":\t\"availability\",\n"                                                         \
    "\t\t\t\"unit\":\t\"%\",\n"                                                                    \
    "\t\t\t\"direction\":\t\"higher\",\n"                                                          \
    "\t\t\t\"required\":\ttrue,\n"                                                                 \
    "\t\t\t\"target\":\t\"99.95\",\n"                                                              \
    "\t\t\t\"value\":\t\"98.70\",\n"                                                               \
    "\t\t\t\"met\":\tfalse\n"                                                                      \
    "\t\t}, {\n"                                                                                   \
    "\t\t\t\"name\":\t\"csat\",\n"                                                                 \
    "\t\t\t\"unit\":\t\"score\",\n"                                                                \
    "\t\t\t\"direction\":\t\"higher\",\n"                                                          \
    "\t\t\t\"required\":\tfalse,\n"                                                                \
    "\t\t\t\"target\":\t\"9.0\",\n"                                                                \
    "\t\t\t\"value\":\tnull,\n"                                                                    \
    "\t\t\t\"met\":\tnull\n"                                                                       \
    "\t\t}, {\n"                                                                                   \
    "\t\t\t\"name\":\t\"run_cost\",\n"                                                             \
    "\t\t\t\"unit\":\t\"GBP\",\n"                                                                  \
    "\t\t\t\"direction\":\t\"lower\",\n"                                                           \
    "\t\t\t\"required\":\ttrue,\n"                                                                 \
    "\t\t\t\"target\":\t\"120000.00\",\n"                                                          \
    "\t\t\t\"value\":\t\"131000.00\",\n"                                                           \
    "\t\t\t\"met\":\tfalse\n"                                                                      \
    "\t\t}],\n"                                                                                    \
    "\t\"lines\":\t[{\n"                                                                           \
    "\t\t\t\"term\":\t\"service_fee\",\n"                                                          \
    "\t\t\t\"kind\":\t\"charge\",\n"                                                               \
    "\t\t\t\"description\":\t\"Managed WAN service fee\",\n"                                       \
    "\t\t\t\"amount\":\t\"85000.00\",\n"                                                           \
    "\t\t\t\"forgone\":\t\"0.00\",\n"                                                              \
    "\t\t\t\"explanation\":\t\"Schedule 4, para 1: the monthly service fee\"\n"                    \
    "\t\t}, {\n"                                                                                   \
    "\t\t\t\"term\":\t\"availability_credit\",\n"                                                  \
    "\t\t\t\"kind\":\t\"credit\",\n"                                                               \
    "\t\t\t\"description\":\t\"Availability service credit\",\n"                                   \
    "\t\t\t\"amount\":\t\"-12750.00\",\n"                                                          \
    "\t\t\t\"forgone\":\t\"8500.00\",\n"                                                           \
    "\t\t\t\"explanation\":\t\"25 % of 85000.00 because availability 98.70 < 99.00; capped "       \
    "by fees_at_risk (at most 12750.00): 21250.00 reduced to 12750.00\"\n"                         \
    "\t\t}, {\n"                                                                                   \
    "\t\t\t\"term\":\t\"run_cost_share\",\n"                                                       \
    "\t\t\t\"kind\":\t\"share\",\n"                                                                \
    "\t\t\t\"description\":\t\"Run cost pain-share, para 5 (\\\"overrun\\\")\",\n"                 \
    "\t\t\t\"amount\":\t\"-2200.00\",\n"                                                           \
    "\t\t\t\"forgone\":\t\"0.00\",\n"                                                              \
    "\t\t\t\"explanation\":\t\"20 % of the overrun 11000.00 (run cost 131000.00, target "          \
    "120000.00)\"\n"                                                                               \
    "\t\t}],\n"                                                                                    \
    "\t\"shortfalls\":\t[{\n"                                                                      \
    "\t\t\t\"metric\":\t\"availability\",\n"                                                       \
    "\t\t\t\"target\":\t\"99.95\",\n"                                                              \
    "\t\t\t\"actual\":\t\"98.70\",\n"                                                              \
    "\t\t\t\"gap\":\t\"1.25\",\n"                                                                  \
    "\t\t\t\"term\":\t\"availability_credit\",\n"                                                  \
    "\t\t\t\"amount\":\t\"12750.00\",\n"                                                           \
    "\t\t\t\"forgone\":\t\"8500.00\",\n"                                                           \
    "\t\t\t\"explanation\":\t\"availability 98.70 is below the 99.95 target\"\n"                   \
    "\t\t}],\n"                                                                                    \
    "\t\"totals\":\t{\n"                                                                           \
    "\t\t\"charges\":\t\"85000.00\",\n"                                                            \
    "\t\t\"credits\":\t\"-14950.00\",\n"                                                           \
    "\t\t\"net\":\t\"70050.00\"\n"                                                                 \
    "\t},\n"                                                                                       \
    "\t\"outcomes_sha256\":\t\"" OUTCOMES_SHA "\",\n"

static const char golden_json[] =
    "{\n"
    "\t\"format\":\t\"oce-settlement-3\",\n" GOLDEN_BODY "\t\"outcomes_rows\":\t{\n"
    "\t\t\"read\":\t\"9\",\n"
    "\t\t\"used\":\t\"2\",\n"
    "\t\t\"set_aside\":\t{\n"
    "\t\t\t\"other_contracts\":\t\"4\",\n"
    "\t\t\t\"other_periods\":\t\"3\"\n"
    "\t\t}\n"
    "\t},\n"
    "\t\"history\":\t[],\n"
    "\t\"digest\":\t\"" GOLDEN_DIGEST "\"\n"
    "}\n";

/* The same settlement as the layout before wrote it, and its digest (computed the same way). */
#define GOLDEN_DIGEST_2 "9ba54d08f75c0332be56ebc477cf78e4a9c2f3ecc5e4358c564e1a515274f93f"

static const char golden_json_2[] =
    "{\n"
    "\t\"format\":\t\"oce-settlement-2\",\n" GOLDEN_BODY "\t\"history\":\t[],\n"
    "\t\"digest\":\t\"" GOLDEN_DIGEST_2 "\"\n"
    "}\n";

/* The JSON document is exactly the golden one: keys in order, amounts and values as strings
 * to their places, nulls for what was not measured, a final newline. */
static void test_json_golden(void **state)
{
    Fixture *f = *state;
    char *json = writer_json(&f->s, &f->err);
    assert_non_null(json);
    assert_string_equal(json, golden_json);
    free(json);
}

/* The document as the layout before wrote it is this one without the counts of the inputs'
 * rows, of format 2, with the digest of that: byte for byte what an earlier oce wrote. Only a
 * document of the current layout is turned into it. */
static void test_json_earlier(void **state)
{
    Fixture *f = *state;
    char *json = writer_json(&f->s, &f->err);
    char *before = writer_earlier(json);
    assert_non_null(before);
    assert_string_equal(before, golden_json_2);
    char digest[DIGEST_HEX_SIZE];
    assert_int_equal(writer_earlier_digest(json, digest), 0);
    assert_string_equal(digest, GOLDEN_DIGEST_2);
    assert_null(writer_earlier(golden_json_2));
    assert_int_equal(writer_earlier_digest("[]", digest), -1);
    assert_null(writer_earlier("not json"));
    free(before);
    free(json);
}

/* A period the contract covers only in part says which days, in the JSON and the text. */
static void test_partial_period(void **state)
{
    Fixture *f = *state;
    f->c.effective_from = (Date){2026, 10, 16};
    char *json = writer_json(&f->s, &f->err), *text = writer_text(&f->s, &f->err);
    assert_non_null(json);
    assert_non_null(text);
    assert_non_null(strstr(json, "\"covered_start\":\t\"2026-10-16\",\n"
                                 "\t\t\"covered_end\":\t\"2026-10-31\"\n"));
    assert_non_null(strstr(text, "Period    2026-10 (2026-10-01 to 2026-10-31), the contract in "
                                 "effect 2026-10-16 to 2026-10-31\n"));
    free(json);
    free(text);
}

static void assert_no_numbers(const cJSON *item)
{
    assert_false(cJSON_IsNumber(item));
    for (const cJSON *c = item->child; c != NULL; c = c->next)
        assert_no_numbers(c);
}

/* No value anywhere in the document is a JSON number: cJSON would hold it as a double. */
static void test_json_has_no_numbers(void **state)
{
    Fixture *f = *state;
    char *json = writer_json(&f->s, &f->err);
    cJSON *doc = cJSON_Parse(json);
    assert_non_null(doc);
    assert_no_numbers(doc);
    cJSON *net = cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "totals"), "net");
    assert_true(cJSON_IsString(net));
    assert_string_equal(net->valuestring, "70050.00");
    cJSON_Delete(doc);
    free(json);
}

/* The digest is the SHA-256 of the compact document without its digest member, which is the
 * last member: recomputed here from the parsed output. */
static void test_json_digest_verifies(void **state)
{
    Fixture *f = *state;
    char *json = writer_json(&f->s, &f->err);
    cJSON *doc = cJSON_Parse(json);
    assert_non_null(doc);
    cJSON *last = doc->child;
    while (last->next != NULL)
        last = last->next;
    assert_string_equal(last->string, "digest");
    char *claimed = strdup(cJSON_GetStringValue(last));
    cJSON_DeleteItemFromObject(doc, "digest");
    char *compact = cJSON_PrintUnformatted(doc);
    char hex[DIGEST_HEX_SIZE];
    digest_sha256_hex(compact, strlen(compact), hex);
    assert_string_equal(claimed, hex);
    assert_int_equal(strlen(hex), 64);
    cJSON_free(compact);
    free(claimed);
    cJSON_Delete(doc);
    free(json);
}

/* The same settlement gives byte-identical documents, every time, in every format. */
static void test_outputs_deterministic(void **state)
{
    Fixture *f = *state;
    char *(*const writers[])(const Settlement *, OceError *) = {writer_json, writer_text,
                                                                writer_csv};
    for (size_t k = 0; k < N(writers); k++) {
        char *a = writers[k](&f->s, &f->err);
        char *b = writers[k](&f->s, &f->err);
        assert_non_null(a);
        assert_non_null(b);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    assert_int_equal(f->err.code, OCE_OK);
}

/* The JSON member `name` of the first metric, after setting its declaration and value. */
static char *first_metric_value(Fixture *f, int precision, bool is_money, const char *value)
{
    f->m[0].precision = precision;
    f->m[0].is_money = is_money;
    f->r[0].value = dec(value, is_money ? "GBP" : NULL);
    char *json = writer_json(&f->s, &f->err);
    cJSON *doc = cJSON_Parse(json);
    cJSON *m = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "metrics"), 0);
    char *got = strdup(cJSON_GetStringValue(cJSON_GetObjectItem(m, "value")));
    cJSON_Delete(doc);
    free(json);
    return got;
}

/* A measured value has exactly its metric's declared places, the shortest exact form when
 * none is declared, the minor unit for money metrics, and is never cut short. */
static void test_metric_value_places(void **state)
{
    static const struct {
        int precision;
        bool is_money;
        const char *value, *want;
    } cases[] = {
        {2, false, "98.7", "98.70"},    {1, false, "9", "9.0"},
        {0, false, "12", "12"},         {-1, false, "6.50", "6.5"},
        {-1, false, "4", "4"},          {-1, false, "0.000000001", "0.000000001"},
        {2, false, "99.999", "99.999"}, {-1, true, "131000", "131000.00"},
        {4, true, "5.5", "5.50"},
    };
    Fixture *f = *state;
    for (size_t i = 0; i < N(cases); i++) {
        char *got = first_metric_value(f, cases[i].precision, cases[i].is_money, cases[i].value);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: %s at precision %d gave %s, expected %s", i, cases[i].value,
                     cases[i].precision, got, cases[i].want);
        free(got);
    }
}

/* A missing explanation is a JSON null, not an empty string; no shortfalls is an empty array. */
static void test_json_nulls_and_empty(void **state)
{
    Fixture *f = *state;
    f->l[0].explanation = NULL;
    f->f[0].explanation = NULL;
    char *json = writer_json(&f->s, &f->err);
    cJSON *doc = cJSON_Parse(json);
    cJSON *line = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "lines"), 0);
    cJSON *fall = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "shortfalls"), 0);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(line, "explanation")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(fall, "explanation")));
    cJSON_Delete(doc);
    free(json);

    f->s.nshortfalls = 0;
    json = writer_json(&f->s, &f->err);
    assert_non_null(strstr(json, "\n\t\"shortfalls\":\t[],\n"));
    free(json);
}

/* Allocations fail once this many more have succeeded; -1 never. allocs_made counts those
 * made. malloc and realloc are wrapped at link time (test_writer_LDFLAGS in the Makefile), so
 * this reaches the allocations of the modules under test and of nothing else. */
static long allocs_left = -1, allocs_made;

void *__real_malloc(size_t size);
void *__real_realloc(void *p, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_realloc(void *p, size_t size);

static int may_allocate(void)
{
    if (allocs_left == 0)
        return 0;
    if (allocs_left > 0)
        allocs_left--;
    allocs_made++;
    return 1;
}

void *__wrap_malloc(size_t size)
{
    return may_allocate() ? __real_malloc(size) : NULL;
}

void *__wrap_realloc(void *p, size_t size)
{
    return may_allocate() ? __real_realloc(p, size) : NULL;
}

/* Running out of memory at any one of the allocations the JSON document and the text invoice
 * make gives NULL and OCE_ENOMEM, never a partial document, and leaks nothing (the sanitizer
 * build checks); with memory enough, the golden document. */
static void test_json_out_of_memory(void **state)
{
    Fixture *f = *state;
    allocs_made = 0;
    char *json = writer_json(&f->s, &f->err), *text = writer_text(&f->s, &f->err);
    long needed = allocs_made;
    assert_non_null(json);
    assert_non_null(text);
    free(json);
    free(text);
    assert_true(needed >= 2); /* the document's text, and the invoice's arena and buffer */
    for (long k = 0; k < needed; k++) {
        allocs_left = k;
        error_init(&f->err);
        json = writer_json(&f->s, &f->err);
        text = writer_text(&f->s, &f->err);
        allocs_left = -1;
        if (json != NULL && text != NULL)
            fail_msg("allocation %ld of %ld failed, and both were written", k, needed);
        assert_int_equal(f->err.code, OCE_ENOMEM);
        assert_string_equal(f->err.message, "out of memory");
        free(json);
        free(text);
    }
    allocs_left = needed;
    json = writer_json(&f->s, &f->err);
    allocs_left = -1;
    assert_non_null(json);
    assert_string_equal(json, golden_json);
    free(json);
}

/* The CSV, header and rows, exactly: LF endings, amounts to the penny, no total row. */
static void test_csv_golden(void **state)
{
    Fixture *f = *state;
    char *csv = writer_csv(&f->s, &f->err);
    assert_non_null(csv);
    assert_string_equal(
        csv, "contract,period,term,kind,description,amount,forgone,currency,explanation\n"
             "managed-wan,2026-10,service_fee,charge,Managed WAN service fee,85000.00,0.00,GBP,"
             "\"Schedule 4, para 1: the monthly service fee\"\n"
             "managed-wan,2026-10,availability_credit,credit,Availability service credit,"
             "-12750.00,8500.00,GBP,25 % of 85000.00 because availability 98.70 < 99.00; "
             "capped by fees_at_risk (at most 12750.00): 21250.00 reduced to 12750.00\n"
             "managed-wan,2026-10,run_cost_share,share,"
             "\"Run cost pain-share, para 5 (\"\"overrun\"\")\",-2200.00,0.00,GBP,"
             "\"20 % of the overrun 11000.00 (run cost 131000.00, target 120000.00)\"\n");
    free(csv);
}

/* RFC 4180: a field is quoted when it holds a comma, a quote, CR or LF, with quotes doubled;
 * anything else, UTF-8 included, is written as it is. */
static void test_csv_quoting(void **state)
{
    static const struct {
        const char *field, *want;
    } cases[] = {
        {"Plain fee", "Plain fee"},
        {"Fee, monthly", "\"Fee, monthly\""},
        {"The \"fee\"", "\"The \"\"fee\"\"\""},
        {"Fee, \"monthly\"", "\"Fee, \"\"monthly\"\"\""},
        {"two\nlines", "\"two\nlines\""},
        {"cr\rhere", "\"cr\rhere\""},
        {"", ""},
        {"Gebühr £", "Gebühr £"},
        {"'single' ; semi", "'single' ; semi"},
    };
    Fixture *f = *state;
    f->s.nlines = 1;
    f->l[0].explanation = NULL;
    for (size_t i = 0; i < N(cases); i++) {
        f->l[0].description = cases[i].field;
        char *csv = writer_csv(&f->s, &f->err);
        char want[256];
        snprintf(want, sizeof want,
                 "managed-wan,2026-10,service_fee,charge,%s,85000.00,0.00,GBP,\n", cases[i].want);
        const char *row = strchr(csv, '\n') + 1;
        if (strcmp(row, want) != 0)
            fail_msg("case %zu: got %s", i, row);
        free(csv);
    }
}

/* Files are named after the contract and period. */
static void test_stem(void **state)
{
    Fixture *f = *state;
    char stem[64];
    writer_stem(&f->s, stem, sizeof stem);
    assert_string_equal(stem, "managed-wan-2026-10");
}

/* Asserts that the text holds `line` as a whole line. */
static void assert_line(const char *text, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = text; (p = strstr(p, line)) != NULL; p++)
        if ((p == text || p[-1] == '\n') && p[n] == '\n')
            return;
    fail_msg("no line \"%s\" in:\n%s", line, text);
}

/* The readable invoice holds the key figures, aligned, checked by hand: the header, each
 * invoice line with its explanation under the description, the totals under the amounts,
 * every metric, the shortfall, and both digests. */
static void test_text_key_lines(void **state)
{
    Fixture *f = *state;
    char *text = writer_text(&f->s, &f->err);
    assert_non_null(text);
    static const char *const lines[] = {
        "Managed WAN services: settlement for 2026-10",
        "============================================",
        "Customer  Northwind Retail Ltd",
        "Period    2026-10 (2026-10-01 to 2026-10-31)",
        "Currency  GBP",
        "Rounding  half-even",
        "  Term                 Kind        Amount  Description",
        "  service_fee          charge   85,000.00  Managed WAN service fee",
        "                                           Schedule 4, para 1: the monthly service fee",
        "  availability_credit  credit  -12,750.00  Availability service credit",
        "  run_cost_share       share    -2,200.00  Run cost pain-share, para 5 (\"overrun\")",
        "                                           25 % of 85000.00 because availability 98.70 < "
        "99.00;",
        "                                           capped by fees_at_risk (at most 12750.00): "
        "21250.00",
        "                                           reduced to 12750.00",
        "                               ----------",
        "  Charges                       85,000.00",
        "  Credits                      -14,950.00",
        "  Net                           70,050.00",
        "                               ==========",
        "  availability         98.70 %         99.95 %  higher  missed",
        "  csat                       -       9.0 score  higher  not measured",
        "  run_cost      131,000.00 GBP  120,000.00 GBP  lower   missed",
        "  availability  99.95 %  98.70 %  1.25 %  availability_credit  12,750.00  8,500.00",
        "    availability 98.70 is below the 99.95 target",
        "  Outcomes      9 rows read: 2 used, 7 set aside (4 of other contracts, 3 of other "
        "periods)",
        "  Outcomes SHA-256         " OUTCOMES_SHA,
        "  Document digest          " GOLDEN_DIGEST,
    };
    for (size_t i = 0; i < N(lines); i++)
        assert_line(text, lines[i]);
    assert_null(strstr(text, " \n"));
    free(text);
}

/* An explanation sits under the description and wraps at spaces to lines of 100 characters
 * (UTF-8 counted as characters); its own line breaks are kept and a word too long for the
 * room gets a line of its own. */
static void test_text_explanation_wraps(void **state)
{
    static const struct {
        const char *explanation;
        const char *lines[3];
    } cases[] = {
        {"Monthly fee", {"Monthly fee"}},
        {"one\ntwo", {"one", "two"}},
        {"tail  ", {"tail"}},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa c", /* 66 + 2 */
         {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "c"}},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", /* 66 */
         {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}},
        {"a bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb c",
         {"a", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "c"}},
        {"£££££££££££££££££££££££££££££££££££££££££££££££££££££££££££££ ab", /* 63 chars */
         {"£££££££££££££££££££££££££££££££££££££££££££££££££££££££££££££ ab"}},
    };
    Fixture *f = *state;
    f->s.nlines = 1; /* columns: Term 11, Kind 6, Amount 9, so notes start at 34, room 66 */
    f->s.credits = gbp("0.00");
    f->s.net = gbp("85000.00");
    for (size_t i = 0; i < N(cases); i++) {
        f->l[0].explanation = cases[i].explanation;
        char *text = writer_text(&f->s, &f->err);
        char want[1024];
        size_t n = (size_t)snprintf(want, sizeof want, "%s\n",
                                    "  service_fee  charge  85,000.00  Managed WAN service fee");
        for (size_t k = 0; k < N(cases[i].lines) && cases[i].lines[k]; k++)
            n += (size_t)snprintf(want + n, sizeof want - n, "%34s%s\n", "", cases[i].lines[k]);
        snprintf(want + n, sizeof want - n, "%23s%s\n", "", "---------");
        if (strstr(text, want) == NULL)
            fail_msg("case %zu: wanted\n%s\ngot\n%s", i, want, text);
        free(text);
    }
}

/* Without shortfalls the report says so instead of printing an empty table. */
static void test_text_no_shortfalls(void **state)
{
    Fixture *f = *state;
    f->s.nshortfalls = 0;
    char *text = writer_text(&f->s, &f->err);
    assert_line(text, "  No shortfalls.");
    assert_null(strstr(text, "Forgone"));
    free(text);
}

/* ---- Files ----------------------------------------------------------------------------- */

static int setup_dir(void **state)
{
    if (setup(state) != 0)
        return -1;
    Fixture *f = *state;
    snprintf(f->dir, sizeof f->dir, "/tmp/oce-writer-XXXXXX");
    return mkdtemp(f->dir) != NULL ? 0 : -1;
}

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(path);
        else
            unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

static int teardown_dir(void **state)
{
    Fixture *f = *state;
    remove_tree(f->dir);
    return teardown(state);
}

/* The names in dir, sorted and joined with spaces ("" when empty, "-" when no dir). */
static void listing(const char *dir, char *out, size_t size)
{
    DIR *d = opendir(dir);
    snprintf(out, size, "%s", d ? "" : "-");
    if (d == NULL)
        return;
    char names[16][256];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < N(names))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            snprintf(names[n++], sizeof names[0], "%s", e->d_name);
    closedir(d);
    qsort(names, n, sizeof names[0], (int (*)(const void *, const void *))strcmp);
    for (size_t i = 0; i < n; i++)
        snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? " " : "", names[i]);
}

static void assert_file(const char *path, const char *contents)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char buf[256] = {0};
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    assert_int_equal(n, strlen(contents));
    assert_string_equal(buf, contents);
}

/* Both files land in a directory created on the way, with their contents, mode 0644 less
 * the umask, and no temporary file left behind. */
static void test_write_files(void **state)
{
    Fixture *f = *state;
    char out[128], path[192], names[256];
    snprintf(out, sizeof out, "%s/out", f->dir);
    const OutputFile files[] = {{"a.json", "{}\n"}, {"a.csv", "x,y\n1,2\n"}};
    mode_t mask = umask(022);
    int rc = writer_write_files(out, files, N(files), NULL, NULL, &f->err);
    umask(mask);
    assert_int_equal(rc, 0);
    assert_int_equal(f->err.code, OCE_OK);
    listing(out, names, sizeof names);
    assert_string_equal(names, "a.csv a.json");
    snprintf(path, sizeof path, "%s/a.json", out);
    assert_file(path, "{}\n");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    snprintf(path, sizeof path, "%s/a.csv", out);
    assert_file(path, "x,y\n1,2\n");

    /* Again into the now existing directory: the files are replaced. */
    const OutputFile again[] = {{"a.json", "[]\n"}};
    assert_int_equal(writer_write_files(out, again, N(again), NULL, NULL, &f->err), 0);
    snprintf(path, sizeof path, "%s/a.json", out);
    assert_file(path, "[]\n");
    listing(out, names, sizeof names);
    assert_string_equal(names, "a.csv a.json");
}

/* Missing parents of the output directory are created, as mkdir -p does. */
static void test_write_files_makes_parents(void **state)
{
    Fixture *f = *state;
    char out[128], path[192];
    snprintf(out, sizeof out, "%s/out/managed-wan/", f->dir);
    const OutputFile files[] = {{"a.json", "{}\n"}};
    assert_int_equal(writer_write_files(out, files, N(files), NULL, NULL, &f->err), 0);
    snprintf(path, sizeof path, "%s/out/managed-wan/a.json", f->dir);
    assert_file(path, "{}\n");
}

/* A failed write removes the directories it created, however deep, and only those. */
static void test_write_files_failure_removes_made_dirs(void **state)
{
    Fixture *f = *state;
    char out[128], names[256];
    snprintf(out, sizeof out, "%s/out/deep/er", f->dir);
    const OutputFile files[] = {{"a.json", "{}\n"}, {"sub/a.csv", "x\n"}};
    assert_int_equal(writer_write_files(out, files, N(files), NULL, NULL, &f->err), -1);
    assert_int_equal(f->err.code, OCE_EIO);
    listing(f->dir, names, sizeof names);
    assert_string_equal(names, "");
}

/* An output directory that cannot be made (it, or one of its parents, is a regular file)
 * is an I/O error naming it, and nothing is created. */
static void test_write_files_bad_dir(void **state)
{
    Fixture *f = *state;
    char missing[128], plain[128], names[256], msg[1024];
    snprintf(missing, sizeof missing, "%s/plain/such", f->dir);
    snprintf(plain, sizeof plain, "%s/plain", f->dir);
    FILE *fp = fopen(plain, "w");
    assert_non_null(fp);
    fclose(fp);
    const OutputFile files[] = {{"a.json", "{}\n"}};
    const char *const dirs[] = {missing, plain};
    for (size_t i = 0; i < N(dirs); i++) {
        error_init(&f->err);
        assert_int_equal(writer_write_files(dirs[i], files, N(files), NULL, NULL, &f->err), -1);
        assert_int_equal(f->err.code, OCE_EIO);
        assert_string_equal(f->err.file, dirs[i]);
        error_format(&f->err, msg, sizeof msg);
        assert_non_null(strstr(msg, dirs[i]));
        assert_non_null(strstr(msg, "Not a directory"));
    }
    listing(f->dir, names, sizeof names);
    assert_string_equal(names, "plain");
}

/* When one file cannot be written, none is: earlier temporary files are removed and the
 * files already in the directory keep their old contents. */
static void test_write_files_all_or_nothing(void **state)
{
    Fixture *f = *state;
    char path[192], names[256], want[192];
    snprintf(path, sizeof path, "%s/a.json", f->dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("old\n", fp);
    fclose(fp);
    const OutputFile files[] = {{"a.json", "new\n"}, {"sub/a.csv", "x\n"}};
    assert_int_equal(writer_write_files(f->dir, files, N(files), NULL, NULL, &f->err), -1);
    assert_int_equal(f->err.code, OCE_EIO);
    snprintf(want, sizeof want, "%s/sub/a.csv", f->dir);
    assert_string_equal(f->err.file, want);
    assert_string_equal(f->err.message,
                        "cannot create a temporary file: No such file or directory");
    assert_file(path, "old\n");
    listing(f->dir, names, sizeof names);
    assert_string_equal(names, "a.json");
}

/* A writer that waited for the folder's lock while the writer holding it failed, and took
 * back the folder it had made, writes into the folder made again, rather than failing to
 * find it (two settles of different contracts into one new folder, one of them refused). */
static const char *taken_back_dir;

/* Whether some process waits for a lock another holds. */
static int lock_waited_for(void)
{
    FILE *f = fopen("/proc/locks", "r");
    if (f == NULL)
        return 0;
    char line[256];
    int waiting = 0;
    while (!waiting && fgets(line, sizeof line, f) != NULL)
        waiting = strstr(line, "->") != NULL;
    fclose(f);
    return waiting;
}

static int fail_after_a_writer_waits(void *ctx, OceError *err)
{
    pid_t *child = ctx;
    *child = fork();
    if (*child == 0) {
        for (int fd = 3; fd < 1024; fd++)
            close(fd); /* the lock goes with the descriptor: a process of its own has none */
        OceError e;
        error_init(&e);
        const OutputFile mine[] = {{"b.json", "{}\n"}};
        _exit(writer_write_files(taken_back_dir, mine, N(mine), NULL, NULL, &e) == 0 ? 0 : 1);
    }
    /* Until the other writer waits for the lock: Linux lists a process blocked on a lock in
     * /proc/locks with "->" (without it, ten seconds are enough on any machine). */
    struct timespec tick = {0, 10000000};
    for (int i = 0; i < 1000 && !lock_waited_for(); i++)
        nanosleep(&tick, NULL);
    return error_set(err, OCE_EIO, NULL, 0, "refused");
}

static void test_write_files_folder_taken_back(void **state)
{
    Fixture *f = *state;
    char out[128], path[192];
    snprintf(out, sizeof out, "%s/new", f->dir);
    taken_back_dir = out;
    pid_t child = -1;
    const OutputFile files[] = {{"a.json", "{}\n"}};
    assert_int_equal(
        writer_write_files(out, files, N(files), fail_after_a_writer_waits, &child, &f->err), -1);
    assert_true(child > 0);
    int status = 0;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    snprintf(path, sizeof path, "%s/b.json", out);
    assert_file(path, "{}\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_json_golden, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_earlier, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_has_no_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_partial_period, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_digest_verifies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outputs_deterministic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_metric_value_places, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_nulls_and_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_out_of_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_golden, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_quoting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stem, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_key_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_explanation_wraps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_no_shortfalls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_files, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_write_files_makes_parents, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_write_files_failure_removes_made_dirs, setup_dir,
                                        teardown_dir),
        cmocka_unit_test_setup_teardown(test_write_files_bad_dir, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_write_files_all_or_nothing, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_write_files_folder_taken_back, setup_dir,
                                        teardown_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
