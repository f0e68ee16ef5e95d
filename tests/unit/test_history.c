/*
 * Unit tests of the earlier periods a settlement is computed on: the contract's first period,
 * the room for the periods before one, whether a history is whole and in order (the message
 * naming the first period missing or out of place), and settlement documents read back as
 * history: a golden document, one written here by writer_json, and the documents refused.
 */
#include "testfile.h"

#include <cJSON.h>

#include "arena.h"
#include "contract.h"
#include "doc.h"
#include "engine.h"
#include "history.h"
#include "writer.h"

#define FRACTIONS "tests/e2e/incidents/fractions.lua"
#define FRACTIONS_DOC "tests/e2e/golden/fractions-2026-10.json"
#define WAN "contracts/managed-wan/contract.lua"

static Arena arena;

static int arena_setup(void **state)
{
    (void)state;
    arena_init(&arena);
    return 0;
}

static int arena_teardown(void **state)
{
    (void)state;
    arena_free(&arena);
    return 0;
}

static Contract *load_path(const char *path)
{
    OceError err;
    error_init(&err);
    Contract *c = contract_load(path, NULL, &err);
    if (c == NULL)
        fail_msg("%s refused: %s", path, err.message);
    return c;
}

static Contract *load(const char *name, const char *text)
{
    char path[256];
    return load_path(scratch_write(name, text, path, sizeof path));
}

static Period period(const char *id)
{
    Period p;
    assert_int_equal(calendar_parse_period(id, &p, NULL), 0);
    return p;
}

static char *read_text(const char *path)
{
    size_t len;
    OceError err;
    error_init(&err);
    char *text = contract_read_script(path, "a document", &len, &err);
    if (text == NULL)
        fail_msg("%s: %s", path, err.message);
    return text;
}

#define MONTHLY                                                                                    \
    "contract { id = 'c', title = 'T', customer = 'C', vendor = 'V', currency = 'GBP',\n"          \
    "  cadence = 'monthly', effective_from = '2026-01-01', metrics = {},\n"                        \
    "  terms = { term 'fee' (function() return charge(100, 'Fee') end) } }\n"
#define QUARTERLY                                                                                  \
    "contract { id = 'q', title = 'T', customer = 'C', vendor = 'V', currency = 'GBP',\n"          \
    "  cadence = 'quarterly', effective_from = '2026-02-15', metrics = {},\n"                      \
    "  terms = { term 'fee' (function() return charge(100, 'Fee') end) } }\n"
#define ANNUAL                                                                                     \
    "contract { id = 'a', title = 'T', customer = 'C', vendor = 'V', currency = 'GBP',\n"          \
    "  cadence = 'annual', effective_from = '2026-07-01', metrics = {},\n"                         \
    "  terms = { term 'fee' (function() return charge(100, 'Fee') end) } }\n"

/* The first period is the one of the cadence holding effective_from, even when the contract
 * starts inside it; the room before a period counts each period from the first to the one
 * before it, and none for the first period or one before it. */
static void test_first_period_and_room(void **state)
{
    (void)state;
    Contract *c[] = {load("m.lua", MONTHLY), load("q.lua", QUARTERLY), load("a.lua", ANNUAL)};
    static const struct {
        int which;
        const char *period;
        size_t n;
    } rooms[] = {
        {0, "2026-10", 9},  {0, "2026-01", 0}, {0, "2025-06", 0},
        {0, "2027-01", 12}, {1, "2026-Q4", 3}, {1, "2026-Q1", 0},
        {1, "2028-Q1", 8},  {2, "2028", 2},    {2, "2026", 0},
    };
    assert_string_equal(history_first_period(&c[0]->decl).id, "2026-01");
    assert_string_equal(history_first_period(&c[1]->decl).id, "2026-Q1");
    assert_string_equal(history_first_period(&c[2]->decl).id, "2026");
    for (size_t i = 0; i < sizeof rooms / sizeof rooms[0]; i++) {
        Period p = period(rooms[i].period);
        size_t n = 99;
        OceError err;
        error_init(&err);
        assert_non_null(history_room(&c[rooms[i].which]->decl, &p, &arena, &n, &err));
        if (n != rooms[i].n)
            fail_msg("room before %s: %zu, expected %zu", rooms[i].period, n, rooms[i].n);
    }
    for (size_t i = 0; i < 3; i++)
        contract_free(c[i]);
}

/* Checks a history of these periods for the period p of c; returns the error's message, or
 * "" when the history is whole. */
static const char *check(const Contract *c, const char *p, const char *const *ids, size_t n)
{
    static OceError err;
    HistoryPeriod periods[16];
    assert_true(n <= 16);
    for (size_t i = 0; i < n; i++)
        periods[i] = (HistoryPeriod){.period = period(ids[i])};
    History h = {periods, n};
    Period q = period(p);
    error_init(&err);
    if (history_check(&c->decl, &q, &h, &err) == 0)
        return "";
    assert_int_equal(err.code, OCE_EPERIOD);
    assert_string_equal(err.file, "");
    return err.message;
}

#define HOLE(id, p, missing, first)                                                                \
    "contract \"" id "\" settles " p " on every period before it, and " missing                    \
    " has not been settled: settle the periods in order from " first                               \
    " (a contract whose terms do not look at earlier periods declares history = false)"

/* A history holds exactly the periods from the first to the one before p, in order: else the
 * first period missing, or where one is out of place the period it should be, is named; a
 * period that is not before p is named as such. */
static void test_check(void **state)
{
    (void)state;
    Contract *m = load("m.lua", MONTHLY), *q = load("q.lua", QUARTERLY);
    static const char *const year[] = {"2026-01", "2026-02", "2026-03", "2026-04", "2026-05",
                                       "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"};
    assert_string_equal(check(m, "2026-10", year, 9), "");
    assert_string_equal(check(m, "2026-01", year, 0), "");
    assert_string_equal(check(m, "2026-10", year, 0), HOLE("c", "2026-10", "2026-01", "2026-01"));
    assert_string_equal(check(m, "2026-10", year, 8), HOLE("c", "2026-10", "2026-09", "2026-01"));
    assert_string_equal(check(m, "2026-10", year + 1, 8),
                        HOLE("c", "2026-10", "2026-01", "2026-01"));
    static const char *const hole[] = {"2026-01", "2026-02", "2026-03", "2026-04",
                                       "2026-06", "2026-07", "2026-08", "2026-09"};
    assert_string_equal(check(m, "2026-10", hole, 8), HOLE("c", "2026-10", "2026-05", "2026-01"));
    static const char *const swapped[] = {"2026-01", "2026-02", "2026-03", "2026-04", "2026-06",
                                          "2026-05", "2026-07", "2026-08", "2026-09"};
    assert_string_equal(check(m, "2026-10", swapped, 9),
                        HOLE("c", "2026-10", "2026-05", "2026-01"));
    assert_string_equal(check(m, "2026-10", year, 10),
                        "contract \"c\": the history of 2026-10 holds 2026-10, which is not "
                        "before it");
    assert_string_equal(check(m, "2026-01", year + 3, 1),
                        "contract \"c\": the history of 2026-01 holds 2026-04, which is not "
                        "before it");
    static const char *const quarters[] = {"2026-Q1", "2026-Q3"};
    assert_string_equal(check(q, "2026-Q4", quarters, 2),
                        HOLE("q", "2026-Q4", "2026-Q2", "2026-Q1"));
    assert_string_equal(check(q, "2026-Q2", quarters, 1), "");
    contract_free(m);
    contract_free(q);
}

/* The golden October of the fractions contract reads back as it was settled: period, digest,
 * each metric's value and whether it met its target, each line, and the totals. */
static void test_read_golden(void **state)
{
    (void)state;
    Contract *c = load_path(FRACTIONS);
    char *doc = read_text(FRACTIONS_DOC);
    HistoryPeriod h;
    OceError err;
    error_init(&err);
    assert_int_equal(doc_read_period(doc, FRACTIONS_DOC, &c->decl, &arena, &h, &err), 0);
    assert_string_equal(h.period.id, "2026-10");
    char digest[DIGEST_HEX_SIZE];
    assert_int_equal(writer_digest_of(doc, digest), 0);
    assert_string_equal(h.digest, digest);
    assert_int_equal(h.nmetrics, 2);
    assert_string_equal(h.metrics[0].name, "availability");
    assert_true(h.metrics[0].present);
    assert_money(h.metrics[0].value, -1, "99.949981");
    assert_int_equal(h.metrics[0].met, 0);
    assert_string_equal(h.metrics[1].name, "downtime");
    assert_money(h.metrics[1].value, -1, "22.3283");
    assert_int_equal(h.metrics[1].met, -1);
    assert_int_equal(h.nlines, 2);
    assert_string_equal(h.lines[0].term, "fee");
    assert_int_equal(h.lines[0].kind, LINE_CHARGE);
    assert_string_equal(h.lines[0].description, "Service fee");
    assert_money(h.lines[0].amount, 2, "10000.00");
    assert_string_equal(h.lines[0].amount.currency, "GBP");
    assert_money(h.lines[0].forgone, 2, "0.00");
    assert_string_equal(h.lines[0].explanation, "Fixed monthly fee of 10000.00 for 2026-10");
    assert_string_equal(h.lines[1].term, "availability_credit");
    assert_int_equal(h.lines[1].kind, LINE_CREDIT);
    assert_money(h.lines[1].amount, 2, "-500.00");
    assert_string_equal(h.lines[1].explanation,
                        "5 % of 10000.00 because availability 99.949981 < 99.950000");
    assert_money(h.charges, 2, "10000.00");
    assert_money(h.credits, 2, "-500.00");
    assert_money(h.net, 2, "9500.00");

    /* The same settlement as an earlier oce wrote it (format 2) reads the same. */
    char *earlier = writer_earlier(doc);
    assert_non_null(earlier);
    HistoryPeriod e;
    assert_int_equal(doc_read_period(earlier, "earlier.json", &c->decl, &arena, &e, &err), 0);
    assert_string_equal(e.period.id, "2026-10");
    assert_int_equal(e.nlines, 2);
    assert_money(e.net, 2, "9500.00");
    free(earlier);
    free(doc);
    contract_free(c);
}

/* managed-wan's first month settled and written by writer_json reads back with a money metric
 * in the currency and an optional metric not measured. */
static void test_read_written(void **state)
{
    (void)state;
    Contract *c = load_path(WAN);
    OutcomeSet set = {0};
    Outcome values[4] = {{0}};
    static const char *const measured[][2] = {
        {"availability", "99.42"}, {"p1_restore_hours", "6.5"}, {"run_cost", "112340.55"}};
    for (size_t i = 0; i < 3; i++) {
        const MetricDecl *m = decl_metric(&c->decl.versions[0], measured[i][0]);
        Outcome *o = &values[m - c->decl.versions[0].metrics];
        o->present = true;
        assert_int_equal(money_parse(measured[i][1], m->is_money ? "GBP" : NULL, &o->value, NULL),
                         0);
    }
    set.values = values;
    set.n = 4;
    Period p = period("2026-01");
    History none = {NULL, 0};
    Settlement s;
    OceError err;
    error_init(&err);
    TermRunner runner = contract_runner(c);
    if (engine_settle(&c->decl, &p, &set, &none, &runner, &arena, &s, &err) != 0)
        fail_msg("settling: %s", err.message);
    char *doc = writer_json(&s, &err);
    assert_non_null(doc);
    HistoryPeriod h;
    assert_int_equal(doc_read_period(doc, "the ledger's 2026-01", &c->decl, &arena, &h, &err), 0);
    assert_string_equal(h.period.id, "2026-01");
    assert_int_equal(h.nmetrics, 4);
    assert_string_equal(h.metrics[2].name, "csat");
    assert_false(h.metrics[2].present);
    assert_int_equal(h.metrics[2].met, -1);
    assert_string_equal(h.metrics[3].name, "run_cost");
    assert_money(h.metrics[3].value, 2, "112340.55");
    assert_string_equal(h.metrics[3].value.currency, "GBP");
    assert_int_equal(h.metrics[3].met, 1);
    assert_string_equal(h.metrics[1].value.currency, "");
    assert_money(h.metrics[1].value, -1, "6.5");
    static const struct {
        const char *term;
        LineKind kind;
        const char *amount;
    } lines[] = {{"service_fee", LINE_CHARGE, "85000.00"},
                 {"availability_credit", LINE_CREDIT, "-8500.00"},
                 {"p1_restore_credit", LINE_CREDIT, "-3000.00"},
                 {"run_cost_share", LINE_SHARE, "2297.84"},
                 {"csat_bonus", LINE_BONUS, "0.00"}};
    assert_int_equal(h.nlines, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(h.lines[i].term, lines[i].term);
        assert_int_equal(h.lines[i].kind, lines[i].kind);
        assert_money(h.lines[i].amount, 2, lines[i].amount);
    }
    assert_money(h.charges, 2, "87297.84");
    assert_money(h.credits, 2, "-11500.00");
    assert_money(h.net, 2, "75797.84");
    free(doc);
    contract_free(c);
}

/* The golden document changed by edit (on its parsed form) and, unless keep_digest, given the
 * digest of its new contents; malloc'ed. */
static char *edited(const char *doc, void (*edit)(cJSON *), int keep_digest)
{
    cJSON *d = cJSON_Parse(doc);
    assert_non_null(d);
    edit(d);
    char *text = cJSON_Print(d);
    if (!keep_digest) {
        char digest[DIGEST_HEX_SIZE];
        assert_int_equal(writer_digest_of(text, digest), 0);
        cJSON_ReplaceItemInObjectCaseSensitive(d, "digest", cJSON_CreateString(digest));
        cJSON_free(text);
        text = cJSON_Print(d);
    }
    cJSON_Delete(d);
    char *copy = strdup(text);
    cJSON_free(text);
    return copy;
}

static cJSON *item(cJSON *d, const char *path_a, int index, const char *key)
{
    cJSON *o = cJSON_GetObjectItemCaseSensitive(d, path_a);
    return index >= 0 ? cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(o, index), key)
                      : cJSON_GetObjectItemCaseSensitive(o, key);
}

static void set_text(cJSON *o, const char *text)
{
    assert_non_null(o);
    cJSON_SetValuestring(o, text);
}

static void edit_amount(cJSON *d)
{
    set_text(item(d, "lines", 1, "amount"), "-50.00");
}
static void edit_format(cJSON *d)
{
    set_text(cJSON_GetObjectItemCaseSensitive(d, "format"), "oce-settlement-9");
}
static void edit_no_currency(cJSON *d)
{
    cJSON_DeleteItemFromObjectCaseSensitive(d, "currency");
}
static void edit_bad_amount(cJSON *d)
{
    set_text(item(d, "lines", 0, "amount"), "ten thousand");
}
static void edit_kind(cJSON *d)
{
    set_text(item(d, "lines", 1, "kind"), "refund");
}
static void edit_no_lines(cJSON *d)
{
    cJSON_DeleteItemFromObjectCaseSensitive(d, "lines");
}
static void edit_no_net(cJSON *d)
{
    cJSON_DeleteItemFromObjectCaseSensitive(cJSON_GetObjectItemCaseSensitive(d, "totals"), "net");
}

/* Documents refused as history, each naming the document as `what` says and what is wrong
 * (OCE_EPERIOD): of another contract, in another currency, changed after it was made (the
 * digest no longer matches), and documents that are no settlement document. */
static void test_read_refused(void **state)
{
    (void)state;
    Contract *fractions = load_path(FRACTIONS), *wan = load_path(WAN);
    Contract *euros = load(
        "euros.lua", "contract { id = 'fractions', title = 'T', customer = 'C', vendor = 'V',\n"
                     "  currency = 'EUR', cadence = 'monthly', effective_from = '2026-01-01',\n"
                     "  metrics = {}, terms = { term 'fee' (function() return charge(1, 'F') "
                     "end) } }\n");
    char *golden = read_text(FRACTIONS_DOC);
    struct {
        Contract *c;
        char *doc;
        const char *message;
    } cases[] = {
        {wan, strdup(golden), "2026-10.json: a settlement of another contract: fractions"},
        {euros, strdup(golden), "2026-10.json: a settlement in another currency: GBP"},
        {fractions, edited(golden, edit_amount, 1),
         "2026-10.json: its digest does not match its contents (it was changed after it was "
         "made)"},
        {fractions, strdup("{\"format\": \"oce-settlement-3\", "),
         "2026-10.json: not a "
         "settlement document "
         "(oce-settlement-3)"},
        {fractions, edited(golden, edit_format, 0),
         "2026-10.json: not a settlement document (oce-settlement-3)"},
        {fractions, edited(golden, edit_no_currency, 0),
         "2026-10.json: not a settlement document: no text for currency"},
        {fractions, edited(golden, edit_bad_amount, 0),
         "2026-10.json: not a settlement document: a bad amount for amount"},
        {fractions, edited(golden, edit_kind, 0),
         "2026-10.json: not a settlement document: a line of unknown kind refund"},
        {fractions, edited(golden, edit_no_lines, 0),
         "2026-10.json: not a settlement document: no lines"},
        {fractions, edited(golden, edit_no_net, 0),
         "2026-10.json: not a settlement document: no text for net"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        HistoryPeriod h;
        OceError err;
        error_init(&err);
        assert_int_equal(
            doc_read_period(cases[i].doc, "2026-10.json", &cases[i].c->decl, &arena, &h, &err), -1);
        if (err.code != OCE_EPERIOD || strcmp(err.message, cases[i].message) != 0)
            fail_msg("case %zu: code %d, \"%s\"; expected \"%s\"", i + 1, err.code, err.message,
                     cases[i].message);
        free(cases[i].doc);
    }
    free(golden);
    contract_free(fractions);
    contract_free(wan);
    contract_free(euros);
}

/* A document whose digest holds but whose period is no period is refused naming the
 * document, as every other broken document is. */
static void test_read_no_period(void **state)
{
    (void)state;
    Contract *c = load_path(FRACTIONS);
    char *golden = read_text(FRACTIONS_DOC);
    cJSON *d = cJSON_Parse(golden);
    assert_non_null(d);
    cJSON_SetValuestring(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(d, "period"), "id"),
        "2026-13");
    char *text = cJSON_Print(d);
    char digest[DIGEST_HEX_SIZE];
    assert_int_equal(doc_digest_of(text, digest), 0);
    cJSON_ReplaceItemInObjectCaseSensitive(d, "digest", cJSON_CreateString(digest));
    cJSON_free(text);
    text = cJSON_Print(d);
    HistoryPeriod h;
    OceError err;
    error_init(&err);
    assert_int_equal(doc_read_period(text, "2026-10.json", &c->decl, &arena, &h, &err), -1);
    assert_int_equal(err.code, OCE_EPERIOD);
    assert_string_equal(err.message, "2026-10.json: a settlement of no period: 2026-13");
    cJSON_free(text);
    cJSON_Delete(d);
    free(golden);
    contract_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_first_period_and_room, arena_setup, arena_teardown),
        cmocka_unit_test(test_check),
        cmocka_unit_test_setup_teardown(test_read_golden, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(test_read_written, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(test_read_refused, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(test_read_no_period, arena_setup, arena_teardown),
    };
    if (digest_init() != 0)
        return 1;
    return cmocka_run_group_tests(tests, scratch_open, scratch_close);
}
