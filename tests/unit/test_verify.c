/*
 * Unit tests of verify: documents settled in the test through the settle pipeline and written
 * by the writer into a scratch folder, then verified, and the result's message compared with
 * the text a contract manager reads, digests and all. The digests expected are worked out here
 * apart from doc: a file's is the SHA-256 of its bytes, a document's the SHA-256 of cJSON's
 * compact form of it without its digest member.
 */
#include "testfile.h"

#include <cJSON.h>

#include "digest.h"
#include "doc.h"
#include "settle.h"
#include "verify.h"
#include "writer.h"

#define WAN "contracts/managed-wan/contract.lua"
#define WAN_CSV "contracts/managed-wan/outcomes.csv"
#define WAN_JSON "contracts/managed-wan/outcomes.json"
#define INC "tests/terms/incidents.lua"
#define INC_LOG "tests/terms/incidents.csv"

/* A second folder, for earlier documents that are not the ones beside a settlement. */
static char other_dir[64];

static int setup(void **state)
{
    snprintf(other_dir, sizeof other_dir, "/tmp/oce-unit-other-XXXXXX");
    if (mkdtemp(other_dir) == NULL)
        return -1;
    return scratch_open(state);
}

static void empty_other(void)
{
    DIR *d = opendir(other_dir);
    assert_non_null(d);
    char path[512];
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", other_dir, e->d_name);
        unlink(path);
    }
    closedir(d);
}

static int teardown(void **state)
{
    empty_other();
    rmdir(other_dir);
    return scratch_close(state);
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot read %s", path);
    static const size_t max = 1u << 20;
    char *buf = malloc(max + 1);
    assert_non_null(buf);
    size_t n = fread(buf, 1, max + 1, f);
    fclose(f);
    assert_true(n <= max); /* the test's inputs are small */
    buf[n] = '\0';
    return buf;
}

/* The SHA-256 of a file's bytes, as documents record a script's, outcomes' or log's. */
static void file_sha(const char *path, char out[DIGEST_HEX_SIZE])
{
    char *text = read_all(path);
    digest_sha256_hex(text, strlen(text), out);
    free(text);
}

/* The digest a document's text should carry, worked out with cJSON alone. */
static void doc_sha(const char *text, char out[DIGEST_HEX_SIZE])
{
    cJSON *doc = cJSON_Parse(text);
    assert_non_null(doc);
    cJSON_DeleteItemFromObjectCaseSensitive(doc, "digest");
    char *compact = cJSON_PrintUnformatted(doc);
    assert_non_null(compact);
    digest_sha256_hex(compact, strlen(compact), out);
    cJSON_free(compact);
    cJSON_Delete(doc);
}

/* What a document's text says at a member of the top (or of its object `in`), copied. */
static void doc_says(const char *text, const char *in, const char *key, char *out, size_t size)
{
    cJSON *doc = cJSON_Parse(text);
    assert_non_null(doc);
    const cJSON *o = in ? cJSON_GetObjectItemCaseSensitive(doc, in) : doc;
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
    if (s == NULL)
        fail_msg("the document says nothing at %s%s%s", in ? in : "", in ? "." : "", key);
    snprintf(out, size, "%s", s);
    cJSON_Delete(doc);
}

/* Settles period of script from outcomes (and incidents), on the history given or, when h
 * is NULL, on each earlier period settled in order from the same files, and returns its
 * document as the writer writes it (malloc'ed). */
static char *settled(const char *script, const char *period, const char *outcomes,
                     const char *incidents, const History *given)
{
    OceError err;
    error_init(&err);
    Contract *c = contract_load(script, NULL, &err);
    if (c == NULL)
        fail_msg("loading %s: %s", script, err.message);
    Period p;
    assert_int_equal(calendar_parse_period(period, &p, NULL), 0);
    Arena arena;
    arena_init(&arena);
    SettleInputs in = {.outcomes = outcomes, .incidents = incidents};
    SettleOutcomes file;
    HistorySource h = given ? settle_from_given(given) : settle_from_outcomes(&file, &in);
    Settlement s;
    if (settle_period(c, &p, &in, &h, &arena, &s, &err) != 0)
        fail_msg("settling %s of %s: %s", period, script, err.message);
    char *json = writer_json(&s, &err);
    assert_non_null(json);
    arena_free(&arena);
    contract_free(c);
    return json;
}

/* Writes text as name in dir (NULL: the scratch folder); its path goes in buf. */
static const char *put(const char *dir, const char *name, const char *text, char *buf, size_t size)
{
    if (dir == NULL)
        return scratch_write(name, text, buf, size);
    snprintf(buf, size, "%s/%s", dir, name);
    FILE *f = fopen(buf, "wb");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
    return buf;
}

/* Settles a period of managed-wan from its outcomes file and writes its document into dir
 * under the name oce settle gives it; returns the text (malloc'ed), its path in buf. */
static char *wan_document(const char *dir, const char *period, char *buf, size_t size)
{
    char *json = settled(WAN, period, WAN_CSV, NULL, NULL);
    char name[64];
    snprintf(name, sizeof name, "managed-wan-%s.json", period);
    put(dir, name, json, buf, size);
    return json;
}

static VerifyResult verify(const char *path, const char *contract, const char *outcomes,
                           const char *incidents, const char *history)
{
    VerifyResult r;
    OceError err;
    error_init(&err);
    if (verify_document(path, contract, outcomes, incidents, history, NULL, &r, &err) != 0)
        fail_msg("verifying %s: %s", path, err.message);
    return r;
}

#define assert_result(r, want_verified, want_message)                                              \
    do {                                                                                           \
        VerifyResult r_ = (r);                                                                     \
        assert_string_equal(r_.message, (want_message));                                           \
        assert_int_equal(r_.verified, (want_verified));                                            \
    } while (0)

/* With no contract only the digest is checked, and a document as written passes. */
static void test_digest_only(void **state)
{
    (void)state;
    char path[256];
    char *json = wan_document(NULL, "2026-01", path, sizeof path);
    assert_result(verify(path, NULL, NULL, NULL, NULL), true,
                  "its digest matches its contents (give --contract and --outcomes to settle it "
                  "again and compare)");
    free(json);
}

/* A document changed after it was written (availability 99.97 made 99.99) is refused with or
 * without the contract, with the digest of what it now holds and the one it states. */
static void test_changed_after_written(void **state)
{
    (void)state;
    char path[256], stated[DIGEST_HEX_SIZE], now[DIGEST_HEX_SIZE], want[400];
    char *json = settled(WAN, "2026-01", WAN_CSV, NULL, NULL);
    doc_says(json, NULL, "digest", stated, sizeof stated);
    char *at = strstr(json, "\"99.97\"");
    assert_non_null(at);
    memcpy(at, "\"99.99\"", 7);
    doc_sha(json, now);
    assert_string_not_equal(now, stated);
    put(NULL, "changed-2026-01.json", json, path, sizeof path);
    snprintf(want, sizeof want,
             "its digest does not match its contents (it was changed after it was written): "
             "the contents' digest is %s, the document says %s",
             now, stated);
    assert_result(verify(path, NULL, NULL, NULL, NULL), false, want);
    assert_result(verify(path, WAN, WAN_CSV, NULL, NULL), false, want);
    free(json);
}

/* A small contract that is not the one the document was settled with. */
static const char other_contract[] =
    "contract {\n"
    "  id = \"managed-wan\", title = \"Other\", customer = \"C\", vendor = \"V\",\n"
    "  currency = \"GBP\", cadence = \"monthly\", effective_from = \"2026-01-01\",\n"
    "  history = false,\n"
    "  metrics = { metric \"availability\" { unit = \"%\", precision = 2 } },\n"
    "  terms = { fixed_fee \"fee\" { amount = money \"1.00\", description = \"Fee\" } },\n"
    "}\n";

/* Another contract script, even one of the same id, is named with both SHA-256. */
static void test_other_contract(void **state)
{
    (void)state;
    char path[256], script[256], got[DIGEST_HEX_SIZE], was[DIGEST_HEX_SIZE], want[600];
    char *json = wan_document(NULL, "2026-01", path, sizeof path);
    scratch_write("other.lua", other_contract, script, sizeof script);
    digest_sha256_hex(other_contract, strlen(other_contract), got);
    file_sha(WAN, was);
    char says[DIGEST_HEX_SIZE];
    doc_says(json, "contract", "script_sha256", says, sizeof says);
    assert_string_equal(says, was);
    snprintf(want, sizeof want,
             "%s is not the contract script it was settled with: its SHA-256 is %s, the "
             "document's %s",
             script, got, was);
    assert_result(verify(path, script, WAN_CSV, NULL, NULL), false, want);
    free(json);
}

/* Other outcomes (the JSON form of November's, not the CSV file it was settled from) are
 * named with both SHA-256, before the earlier periods are looked for. */
static void test_other_outcomes(void **state)
{
    (void)state;
    char path[256], got[DIGEST_HEX_SIZE], was[DIGEST_HEX_SIZE], want[600];
    char *json = settled(WAN, "2026-11", WAN_CSV, NULL, NULL);
    put(other_dir, "managed-wan-2026-11.json", json, path, sizeof path); /* nothing beside it */
    file_sha(WAN_JSON, got);
    file_sha(WAN_CSV, was);
    char says[DIGEST_HEX_SIZE];
    doc_says(json, NULL, "outcomes_sha256", says, sizeof says);
    assert_string_equal(says, was);
    snprintf(want, sizeof want,
             WAN_JSON " is not the outcomes it was settled from: its SHA-256 is %s, the "
                      "document's %s",
             got, was);
    assert_result(verify(path, WAN, WAN_JSON, NULL, NULL), false, want);
    empty_other();
    free(json);
}

/* A document settled from an incident log verifies with that log, and is refused without
 * it, or with another log; one settled without a log is refused with one. */
static void test_incident_log(void **state)
{
    (void)state;
    char path[256], wan[256], edited[256], got[DIGEST_HEX_SIZE], was[DIGEST_HEX_SIZE];
    char want[600];
    char *json = settled(INC, "2026-10", NULL, INC_LOG, NULL);
    put(NULL, "incidents-2026-10.json", json, path, sizeof path);
    char *wan_json = wan_document(NULL, "2026-01", wan, sizeof wan);

    char digest[DIGEST_HEX_SIZE];
    doc_sha(json, digest);
    snprintf(want, sizeof want,
             "verified: settling 2026-10 of incidents again from " INC_LOG
             " gives the same document, digest %s",
             digest);
    assert_result(verify(path, INC, NULL, INC_LOG, NULL), true, want);

    assert_result(verify(path, INC, NULL, NULL, NULL), false,
                  "it was settled from an incident log too: give it with --incidents");
    assert_result(verify(wan, WAN, WAN_CSV, INC_LOG, NULL), false,
                  "it was not settled from an incident log: leave out --incidents");

    /* The same log with the note of its first incident reworded. */
    char *more = read_all(INC_LOG);
    char *at = strstr(more, "Inside Sunday's");
    assert_non_null(at);
    memcpy(at, "Within", 6);
    scratch_write("edited.csv", more, edited, sizeof edited);
    digest_sha256_hex(more, strlen(more), got);
    free(more);
    file_sha(INC_LOG, was);
    char says[DIGEST_HEX_SIZE];
    doc_says(json, NULL, "incidents_sha256", says, sizeof says);
    assert_string_equal(says, was);
    snprintf(want, sizeof want,
             "%s is not the incident log it was settled from: its SHA-256 is %s, the "
             "document's %s",
             edited, got, was);
    assert_result(verify(path, INC, NULL, edited, NULL), false, want);
    free(wan_json);
    free(json);
}

/* json with the amount of line i made `amount`, its digest made again by doc_digest_of so
 * that the digest holds and only settling it again can tell; malloc'ed, printed as cJSON
 * prints a document. */
static char *with_amount(const char *json, int i, const char *amount)
{
    cJSON *doc = cJSON_Parse(json);
    assert_non_null(doc);
    cJSON *line = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "lines"), i);
    assert_non_null(line);
    assert_non_null(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(line, "amount")));
    assert_true(cJSON_ReplaceItemInObjectCaseSensitive(line, "amount", cJSON_CreateString(amount)));
    char *text = cJSON_Print(doc);
    assert_non_null(text);
    char digest[DIGEST_HEX_SIZE];
    assert_int_equal(doc_digest_of(text, digest), 0);
    cJSON_free(text);
    assert_true(cJSON_ReplaceItemInObjectCaseSensitive(doc, "digest", cJSON_CreateString(digest)));
    text = cJSON_Print(doc);
    assert_non_null(text);
    char *out = malloc(strlen(text) + 2);
    assert_non_null(out);
    sprintf(out, "%s\n", text);
    cJSON_free(text);
    cJSON_Delete(doc);
    return out;
}

/* February's availability credit of -4250.00 stated as -3250.00, with a digest that matches:
 * the digest alone holds, and settling it again names the line's amount and both values. */
static void test_settled_again_differs(void **state)
{
    (void)state;
    char path[256], first[256];
    char *jan = wan_document(NULL, "2026-01", first, sizeof first);
    char *json = settled(WAN, "2026-02", WAN_CSV, NULL, NULL);
    assert_non_null(strstr(json, "\"amount\":\t\"-4250.00\""));
    char *forged = with_amount(json, 1, "-3250.00");
    put(NULL, "forged-2026-02.json", forged, path, sizeof path);
    assert_result(verify(path, NULL, NULL, NULL, NULL), true,
                  "its digest matches its contents (give --contract and --outcomes to settle it "
                  "again and compare)");
    assert_result(verify(path, WAN, WAN_CSV, NULL, NULL), false,
                  "settling 2026-02 again gives a different document: at lines[1].amount it says "
                  "\"-3250.00\", the settlement gives \"-4250.00\"");
    /* The same document unforged verifies: the difference is the amount alone. */
    char *same = with_amount(json, 1, "-4250.00");
    assert_string_equal(same, json);
    free(same);
    free(forged);
    free(json);
    free(jan);
}

/* A contract that looks back is settled again on the earlier documents beside the one
 * verified (or in the folder given), each the one its history records. */
static void test_looks_back_verified(void **state)
{
    (void)state;
    char p1[256], p2[256], p3[256], want[600], digest[DIGEST_HEX_SIZE];
    char *jan = wan_document(NULL, "2026-01", p1, sizeof p1);
    char *feb = wan_document(NULL, "2026-02", p2, sizeof p2);
    char *mar = settled(WAN, "2026-03", WAN_CSV, NULL, NULL);
    put(other_dir, "managed-wan-2026-03.json", mar, p3, sizeof p3);
    doc_sha(mar, digest);
    snprintf(want, sizeof want,
             "verified: settling 2026-03 of managed-wan again from " WAN_CSV
             " gives the same document, digest %s",
             digest);
    /* March alone in its folder: the earlier documents are in the scratch folder. */
    assert_result(verify(p3, WAN, WAN_CSV, NULL, scratch_dir), true, want);
    put(NULL, "managed-wan-2026-03.json", mar, p3, sizeof p3); /* now beside them */
    assert_result(verify(p3, WAN, WAN_CSV, NULL, NULL), true, want);
    empty_other();
    free(mar);
    free(feb);
    free(jan);
}

/* A document named without a folder has its earlier documents in the working folder. */
static void test_looks_back_in_working_folder(void **state)
{
    (void)state;
    char p1[256], p2[256], here[1024], wan[1200], csv[1200], want[1600];
    char digest[DIGEST_HEX_SIZE];
    assert_non_null(getcwd(here, sizeof here));
    snprintf(wan, sizeof wan, "%s/" WAN, here);
    snprintf(csv, sizeof csv, "%s/" WAN_CSV, here);
    char *jan = wan_document(NULL, "2026-01", p1, sizeof p1);
    char *feb = wan_document(NULL, "2026-02", p2, sizeof p2);
    doc_sha(feb, digest);
    snprintf(want, sizeof want,
             "verified: settling 2026-02 of managed-wan again from %s gives the same document, "
             "digest %s",
             csv, digest);
    VerifyResult r;
    OceError err;
    error_init(&err);
    assert_int_equal(chdir(scratch_dir), 0);
    int rc = verify_document("managed-wan-2026-02.json", wan, csv, NULL, NULL, NULL, &r, &err);
    assert_int_equal(chdir(here), 0); /* back before anything can fail */
    if (rc != 0)
        fail_msg("verifying: %s", err.message);
    assert_result(r, true, want);
    free(feb);
    free(jan);
}

/* Without the earlier documents the settlement cannot be made again: the error names the
 * file looked for and the option that gives their folder. */
static void test_looks_back_missing(void **state)
{
    (void)state;
    char path[256], want[600];
    char *mar = settled(WAN, "2026-03", WAN_CSV, NULL, NULL);
    put(other_dir, "managed-wan-2026-03.json", mar, path, sizeof path);
    VerifyResult r;
    OceError err;
    error_init(&err);
    assert_int_equal(verify_document(path, WAN, WAN_CSV, NULL, NULL, NULL, &r, &err), -1);
    assert_int_equal(err.code, OCE_EIO);
    snprintf(want, sizeof want, "%s/managed-wan-2026-01.json", other_dir);
    assert_string_equal(err.file, want);
    assert_string_equal(err.message,
                        "cannot open the settlement document: No such file or directory "
                        "(contract \"managed-wan\" looks at the periods before 2026-03: give the "
                        "folder of their settlement documents with --history)");
    empty_other();
    free(mar);
}

/* An earlier document that is not the one the settlement was made on is refused, naming the
 * file: another settlement of the period (its digest and the one recorded), a settlement of
 * another period under its name, and one changed after it was written. */
static void test_looks_back_not_recorded(void **state)
{
    (void)state;
    char p1[256], p2[256], p3[256], other[256], csv[256], want[800];
    char got[DIGEST_HEX_SIZE], recorded[DIGEST_HEX_SIZE];
    char *jan = wan_document(NULL, "2026-01", p1, sizeof p1);
    char *feb = wan_document(NULL, "2026-02", p2, sizeof p2);
    char *mar = settled(WAN, "2026-03", WAN_CSV, NULL, NULL);
    put(NULL, "managed-wan-2026-03.json", mar, p3, sizeof p3);
    doc_says(jan, NULL, "digest", recorded, sizeof recorded);

    /* January settled from outcomes in which its availability was 99.90, not 99.97. */
    char *rows = read_all(WAN_CSV);
    char *at = strstr(rows, "managed-wan,2026-01,availability,99.97,");
    assert_non_null(at);
    memcpy(at + strlen("managed-wan,2026-01,availability,"), "99.90", 5);
    scratch_write("restated.csv", rows, csv, sizeof csv);
    free(rows);
    char *restated = settled(WAN, "2026-01", csv, NULL, NULL);
    put(other_dir, "managed-wan-2026-01.json", restated, other, sizeof other);
    doc_sha(restated, got);
    assert_string_not_equal(got, recorded);
    snprintf(want, sizeof want,
             "%s is not the settlement of 2026-01 this one was settled on: its digest is %s, the "
             "document records %s at history[0].digest",
             other, got, recorded);
    assert_result(verify(p3, WAN, WAN_CSV, NULL, other_dir), false, want);

    /* February's document under January's name. */
    put(other_dir, "managed-wan-2026-01.json", feb, other, sizeof other);
    snprintf(want, sizeof want,
             "the earlier period's document %s is a settlement of 2026-02, not of 2026-01", other);
    assert_result(verify(p3, WAN, WAN_CSV, NULL, other_dir), false, want);

    /* January's own document, changed after it was written. */
    char *changed = strdup(jan);
    assert_non_null(changed);
    at = strstr(changed, "\"99.97\"");
    assert_non_null(at);
    memcpy(at, "\"99.99\"", 7);
    put(other_dir, "managed-wan-2026-01.json", changed, other, sizeof other);
    snprintf(want, sizeof want,
             "the earlier period's document %s: its digest does not match its contents (it was "
             "changed after it was made)",
             other);
    assert_result(verify(p3, WAN, WAN_CSV, NULL, other_dir), false, want);

    /* January as it was, and February missing: the second is looked for once the first holds. */
    put(other_dir, "managed-wan-2026-01.json", jan, other, sizeof other);
    VerifyResult r;
    OceError err;
    error_init(&err);
    assert_int_equal(verify_document(p3, WAN, WAN_CSV, NULL, other_dir, NULL, &r, &err), -1);
    snprintf(want, sizeof want, "%s/managed-wan-2026-02.json", other_dir);
    assert_string_equal(err.file, want);
    empty_other();
    free(changed);
    free(restated);
    free(mar);
    free(feb);
    free(jan);
}

/* A document of the layout before (oce-settlement-2: no counts of its inputs' rows) verifies
 * in its own layout, its own digest named; forged in that layout it is refused likewise. */
static void test_earlier_layout(void **state)
{
    (void)state;
    char p1[256], path[256], forged_path[256], want[600], digest[DIGEST_HEX_SIZE];
    char *jan = wan_document(NULL, "2026-01", p1, sizeof p1);
    char *feb = settled(WAN, "2026-02", WAN_CSV, NULL, NULL);
    char *old = doc_earlier(feb);
    assert_non_null(old);
    char format[64];
    doc_says(old, NULL, "format", format, sizeof format);
    assert_string_equal(format, "oce-settlement-2");
    assert_null(strstr(old, "outcomes_rows"));
    assert_non_null(strstr(feb, "outcomes_rows"));
    put(NULL, "old-2026-02.json", old, path, sizeof path);
    doc_sha(old, digest);
    snprintf(want, sizeof want,
             "verified: settling 2026-02 of managed-wan again from " WAN_CSV
             " gives the same document (as oce-settlement-2, the layout it was written in), "
             "digest %s",
             digest);
    assert_result(verify(path, WAN, WAN_CSV, NULL, NULL), true, want);

    char *forged = with_amount(old, 1, "-3250.00");
    put(NULL, "old-forged-2026-02.json", forged, forged_path, sizeof forged_path);
    assert_result(verify(forged_path, WAN, WAN_CSV, NULL, NULL), false,
                  "settling 2026-02 again gives a different document: at lines[1].amount it says "
                  "\"-3250.00\", the settlement gives \"-4250.00\"");
    free(forged);
    free(old);
    free(feb);
    free(jan);
}

/* A settlement made on an earlier period as an earlier oce wrote it (the ledger holding
 * January in the layout before) records that document's digest; the January beside it is
 * the same settlement written since, in the layout of now, and is accepted as the one. */
static void test_earlier_layout_in_history(void **state)
{
    (void)state;
    char p1[256], path[256], want[600], digest[DIGEST_HEX_SIZE], old_digest[DIGEST_HEX_SIZE];
    char *jan = wan_document(NULL, "2026-01", p1, sizeof p1);
    char *old = doc_earlier(jan);
    assert_non_null(old);
    doc_sha(old, old_digest);

    OceError err;
    error_init(&err);
    Contract *c = contract_load(WAN, NULL, &err);
    if (c == NULL)
        fail_msg("loading: %s", err.message);
    Arena arena;
    arena_init(&arena);
    HistoryPeriod period;
    if (doc_read_period(old, "January of before", &c->decl, &arena, &period, &err) != 0)
        fail_msg("reading: %s", err.message);
    assert_string_equal(period.digest, old_digest);
    History h = {&period, 1};
    char *feb = settled(WAN, "2026-02", WAN_CSV, NULL, &h);
    arena_free(&arena);
    contract_free(c);

    assert_non_null(strstr(feb, old_digest));
    put(NULL, "on-old-2026-02.json", feb, path, sizeof path);
    doc_sha(feb, digest);
    snprintf(want, sizeof want,
             "verified: settling 2026-02 of managed-wan again from " WAN_CSV
             " gives the same document, digest %s",
             digest);
    assert_result(verify(path, WAN, WAN_CSV, NULL, NULL), true, want);
    free(feb);
    free(old);
    free(jan);
}

int main(void)
{
    if (digest_init() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_digest_only),
        cmocka_unit_test(test_changed_after_written),
        cmocka_unit_test(test_other_contract),
        cmocka_unit_test(test_other_outcomes),
        cmocka_unit_test(test_incident_log),
        cmocka_unit_test(test_settled_again_differs),
        cmocka_unit_test(test_looks_back_verified),
        cmocka_unit_test(test_looks_back_in_working_folder),
        cmocka_unit_test(test_looks_back_missing),
        cmocka_unit_test(test_looks_back_not_recorded),
        cmocka_unit_test(test_earlier_layout),
        cmocka_unit_test(test_earlier_layout_in_history),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
