/*
 * Unit tests of adjustments: a corrected settlement of a final period against the one it
 * corrects, as settlement documents built here, and the credit or debit note that holds only
 * the difference, line by line, to the cent; and the documents it cannot compare.
 */
#include "testutil.h"

#include <stdlib.h>

#include <cJSON.h>

#include "doc.h"
#include "digest.h"

typedef struct DocLine {
    const char *term, *kind, *description, *amount, *explanation;
} DocLine;

/* A settlement document of managed-wan's October in currency, with these lines and net. */
static char *document(const char *currency, const char *net, const char *digest,
                      const DocLine *lines, size_t n)
{
    cJSON *d = cJSON_CreateObject(), *contract = cJSON_AddObjectToObject(d, "contract");
    cJSON_AddStringToObject(d, "format", "oce-settlement-3");
    cJSON_AddStringToObject(contract, "id", "managed-wan");
    cJSON_AddStringToObject(contract, "version", "original");
    cJSON *period = cJSON_AddObjectToObject(d, "period");
    cJSON_AddStringToObject(period, "id", "2026-10");
    cJSON_AddStringToObject(period, "kind", "month");
    if (currency != NULL)
        cJSON_AddStringToObject(d, "currency", currency);
    cJSON *array = cJSON_AddArrayToObject(d, "lines");
    for (size_t i = 0; i < n; i++) {
        cJSON *l = cJSON_CreateObject();
        cJSON_AddStringToObject(l, "term", lines[i].term);
        cJSON_AddStringToObject(l, "kind", lines[i].kind);
        cJSON_AddStringToObject(l, "description", lines[i].description);
        cJSON_AddStringToObject(l, "amount", lines[i].amount);
        cJSON_AddStringToObject(l, "forgone", "0.00");
        cJSON_AddStringToObject(l, "explanation", lines[i].explanation);
        cJSON_AddItemToArray(array, l);
    }
    cJSON *totals = cJSON_AddObjectToObject(d, "totals");
    cJSON_AddStringToObject(totals, "net", net);
    cJSON_AddStringToObject(d, "digest", digest);
    char *text = cJSON_Print(d);
    cJSON_Delete(d);
    assert_non_null(text);
    return text;
}

/* October 2026 as first settled: net 77497.84. */
static const DocLine october[] = {
    {"service_fee", "charge", "Managed WAN service fee", "85000.00", "Fixed monthly fee"},
    {"availability_credit", "credit", "Availability service credit", "-8500.00",
     "10 % of 85000.00 because availability 99.42 < 99.50"},
    {"p1_restore_credit", "credit", "P1 restore credit", "-3000.00",
     "3 started hours beyond 4 (p1_restore_hours 6.5) at 1000.00 each"},
    {"run_cost_share", "share", "Run cost share", "2297.84", "30 % of savings 7659.45"},
    {"csat_bonus", "bonus", "CSAT bonus", "1700.00", "2 % of 85000.00"},
};

typedef struct Adjusted {
    char *text;
    cJSON *doc;
    const char *kind;
    char *difference;
    int nlines;
    OceError err;
} Adjusted;

static void adjust(Adjusted *a, char *was, char *now)
{
    memset(a, 0, sizeof *a);
    error_init(&a->err);
    a->text = doc_adjustment(was, now, "CN-000007", "INV-000003", &a->kind, &a->difference,
                              &a->nlines, &a->err);
    free(was);
    free(now);
    if (a->text == NULL)
        return;
    a->doc = cJSON_Parse(a->text);
    assert_non_null(a->doc);
}

static void adjusted_free(Adjusted *a)
{
    free(a->text);
    free(a->difference);
    cJSON_Delete(a->doc);
}

static const char *text_of(const cJSON *o, const char *key)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
    if (s == NULL)
        fail_msg("no text under '%s'", key);
    return s;
}

/* Asserts line i of the adjustment: term, kind, description, was, now, difference and
 * explanation. */
static void assert_line(const Adjusted *a, int i, const char *term, const char *kind,
                        const char *description, const char *was, const char *now,
                        const char *difference, const char *explanation)
{
    const cJSON *lines = cJSON_GetObjectItemCaseSensitive(a->doc, "lines");
    const cJSON *l = cJSON_GetArrayItem(lines, i);
    assert_non_null(l);
    assert_string_equal(text_of(l, "term"), term);
    assert_string_equal(text_of(l, "kind"), kind);
    assert_string_equal(text_of(l, "description"), description);
    assert_string_equal(text_of(l, "was"), was);
    assert_string_equal(text_of(l, "now"), now);
    assert_string_equal(text_of(l, "difference"), difference);
    assert_string_equal(text_of(l, "explanation"), explanation);
}

static void assert_totals(const Adjusted *a, const char *was, const char *now,
                          const char *difference)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(a->doc, "totals");
    assert_string_equal(text_of(t, "was"), was);
    assert_string_equal(text_of(t, "now"), now);
    assert_string_equal(text_of(t, "difference"), difference);
    assert_string_equal(a->difference, difference);
}

/* A heavier availability credit corrects October down by 4250.00: a credit note of one
 * line, referring to the invoice and to both settlements by digest, itself digested over its
 * compact form without the digest. */
static void test_credit_note(void **state)
{
    (void)state;
    DocLine corrected[5];
    memcpy(corrected, october, sizeof corrected);
    corrected[1].amount = "-12750.00";
    corrected[1].explanation = "15 % of 85000.00 because availability 98.90 < 99.00";
    Adjusted a;
    adjust(&a, document("GBP", "77497.84", "aaaa", october, 5),
           document("GBP", "73247.84", "bbbb", corrected, 5));
    assert_non_null(a.text);
    assert_string_equal(a.kind, "credit-note");
    assert_int_equal(a.nlines, 1);
    assert_line(&a, 0, "availability_credit", "credit", "Availability service credit", "-8500.00",
                "-12750.00", "-4250.00", "15 % of 85000.00 because availability 98.90 < 99.00");
    assert_totals(&a, "77497.84", "73247.84", "-4250.00");
    assert_string_equal(text_of(a.doc, "format"), "oce-adjustment-1");
    assert_string_equal(text_of(a.doc, "number"), "CN-000007");
    assert_string_equal(text_of(a.doc, "kind"), "credit-note");
    assert_string_equal(text_of(a.doc, "adjusts"), "INV-000003");
    assert_string_equal(text_of(a.doc, "currency"), "GBP");
    assert_string_equal(text_of(a.doc, "previous_digest"), "aaaa");
    assert_string_equal(text_of(a.doc, "settlement_digest"), "bbbb");
    assert_string_equal(text_of(cJSON_GetObjectItemCaseSensitive(a.doc, "contract"), "id"),
                        "managed-wan");
    assert_string_equal(text_of(cJSON_GetObjectItemCaseSensitive(a.doc, "period"), "id"),
                        "2026-10");
    size_t len = strlen(a.text);
    assert_true(len > 0 && a.text[len - 1] == '\n');

    char want[DIGEST_HEX_SIZE];
    cJSON *copy = cJSON_Duplicate(a.doc, 1);
    cJSON_DeleteItemFromObjectCaseSensitive(copy, "digest");
    char *compact = cJSON_PrintUnformatted(copy);
    digest_sha256_hex(compact, strlen(compact), want);
    cJSON_free(compact);
    cJSON_Delete(copy);
    assert_string_equal(text_of(a.doc, "digest"), want);
    adjusted_free(&a);
}

/* A correction that drops the restore credit and raises the share owes the vendor more: a
 * debit note of 3010.01, the dropped line "no longer due" and listed after the correction's
 * own lines. */
static void test_debit_note(void **state)
{
    (void)state;
    DocLine corrected[4] = {october[0], october[1], october[3], october[4]};
    corrected[2].amount = "2307.85";
    corrected[2].explanation = "30 % of savings 7692.83";
    Adjusted a;
    adjust(&a, document("GBP", "77497.84", "aaaa", october, 5),
           document("GBP", "80507.85", "bbbb", corrected, 4));
    assert_string_equal(a.kind, "debit-note");
    assert_int_equal(a.nlines, 2);
    assert_line(&a, 0, "run_cost_share", "share", "Run cost share", "2297.84", "2307.85", "10.01",
                "30 % of savings 7692.83");
    assert_line(&a, 1, "p1_restore_credit", "credit", "P1 restore credit", "-3000.00", "0.00",
                "3000.00", "the line is no longer due");
    assert_totals(&a, "77497.84", "80507.85", "3010.01");
    assert_string_equal(text_of(a.doc, "kind"), "debit-note");
    adjusted_free(&a);
}

/* A line that is new in the correction is adjusted from 0.00; lines of one term with the
 * same description are paired by their order, so only the second site's credit differs. */
static void test_new_lines_and_lines_alike(void **state)
{
    (void)state;
    const DocLine was[] = {
        {"fee", "charge", "Fee", "100.00", "Fee"},
        {"site_credit", "credit", "Site credit", "-10.00", "first"},
        {"site_credit", "credit", "Site credit", "-20.00", "second"},
    };
    const DocLine now[] = {
        {"fee", "charge", "Fee", "100.00", "Fee"},
        {"site_credit", "credit", "Site credit", "-10.00", "first"},
        {"site_credit", "credit", "Site credit", "-25.50", "second, corrected"},
        {"site_credit", "credit", "Site credit", "-0.01", "third"},
        {"bonus", "bonus", "Bonus", "0.99", "new"},
    };
    Adjusted a;
    adjust(&a, document("GBP", "70.00", "aaaa", was, 3), document("GBP", "65.48", "bbbb", now, 5));
    assert_string_equal(a.kind, "credit-note");
    assert_int_equal(a.nlines, 3);
    assert_line(&a, 0, "site_credit", "credit", "Site credit", "-20.00", "-25.50", "-5.50",
                "second, corrected");
    assert_line(&a, 1, "site_credit", "credit", "Site credit", "0.00", "-0.01", "-0.01", "third");
    assert_line(&a, 2, "bonus", "bonus", "Bonus", "0.00", "0.99", "0.99", "new");
    assert_totals(&a, "70.00", "65.48", "-4.52");
    adjusted_free(&a);
}

/* The same amounts, however explained, make no adjustment lines and a difference of 0.00;
 * amounts are written in the currency's minor unit (JPY none, BHD three places). */
static void test_same_amounts_and_minor_units(void **state)
{
    (void)state;
    DocLine reworded[5];
    memcpy(reworded, october, sizeof reworded);
    reworded[0].explanation = "Fixed monthly fee, reworded";
    Adjusted a;
    adjust(&a, document("GBP", "77497.84", "aaaa", october, 5),
           document("GBP", "77497.84", "bbbb", reworded, 5));
    assert_int_equal(a.nlines, 0);
    assert_totals(&a, "77497.84", "77497.84", "0.00");
    adjusted_free(&a);

    const DocLine yen_was[] = {{"fee", "charge", "Fee", "1000", "Fee"}};
    const DocLine yen_now[] = {{"fee", "charge", "Fee", "1250", "Fee"}};
    adjust(&a, document("JPY", "1000", "a", yen_was, 1), document("JPY", "1250", "b", yen_now, 1));
    assert_string_equal(a.kind, "debit-note");
    assert_line(&a, 0, "fee", "charge", "Fee", "1000", "1250", "250", "Fee");
    assert_totals(&a, "1000", "1250", "250");
    adjusted_free(&a);

    const DocLine dinar_was[] = {{"fee", "charge", "Fee", "10.125", "Fee"}};
    const DocLine dinar_now[] = {{"fee", "charge", "Fee", "10.12", "Fee"}};
    adjust(&a, document("BHD", "10.125", "a", dinar_was, 1),
           document("BHD", "10.12", "b", dinar_now, 1));
    assert_string_equal(a.kind, "credit-note");
    assert_line(&a, 0, "fee", "charge", "Fee", "10.125", "10.120", "-0.005", "Fee");
    assert_totals(&a, "10.125", "10.120", "-0.005");
    adjusted_free(&a);
}

/* Documents that cannot be compared are refused with nothing returned: one that is not
 * JSON, one with no currency or an unknown one, one with no net. */
static void test_refused(void **state)
{
    (void)state;
    static const struct {
        const char *currency, *net;
        int broken; /* 1: `was` is not JSON */
        OceCode code;
        const char *message;
    } cases[] = {
        {"GBP", "77497.84", 1, OCE_EINTERNAL, "adjustment: the settlements cannot be compared"},
        {NULL, "77497.84", 0, OCE_EINTERNAL, "adjustment: the settlements cannot be compared"},
        {"XYZ", "77497.84", 0, OCE_EINTERNAL, "adjustment: the settlements cannot be compared"},
        {"GBP", "", 0, OCE_EMONEY, "\"\" is not a decimal number"},
        {"GBP", "77,497.84", 0, OCE_EMONEY,
         "\"77,497.84\" is not a decimal number (write it without thousands separators)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *was = document("GBP", "77497.84", "a", october, 5);
        if (cases[i].broken)
            was[strlen(was) / 2] = '\0';
        Adjusted a;
        adjust(&a, was, document(cases[i].currency, cases[i].net, "b", october, 5));
        assert_null(a.text);
        assert_null(a.difference);
        assert_int_equal(a.err.code, cases[i].code);
        assert_string_equal(a.err.message, cases[i].message);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_credit_note),
        cmocka_unit_test(test_debit_note),
        cmocka_unit_test(test_new_lines_and_lines_alike),
        cmocka_unit_test(test_same_amounts_and_minor_units),
        cmocka_unit_test(test_refused),
    };
    if (digest_init() != 0)
        return 1;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
