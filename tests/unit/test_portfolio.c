/*
 * Unit tests of the portfolio reader: small CSV and JSON Lines portfolios written to a scratch
 * folder and read back row by row, each row's contract_id, template and parameters (in the
 * order of the file) checked; and every malformed input refused with the file, the line and
 * the message that says what is wrong. The last few hold the reader to what docs/formats.md
 * says of it (a CSV portfolio read as the outcomes CSV is, a file of no contracts refused)
 * and to reading a JSON line's text as strictly as a CSV row's.
 */
#include "testfile.h"

#include <stdio.h>
#include <string.h>

#include "portfolio.h"

/* What a reading gave: each row copied, as its visitor saw it. */
typedef struct Got {
    struct {
        int line;
        char id[100], tpl[100];
        char names[PORTFOLIO_PARAMS_MAX + 1][64];
        char values[PORTFOLIO_PARAMS_MAX + 1][64];
        size_t n;
    } rows[8];
    size_t n;
    size_t stop_at; /* the visitor returns 7 at this row (1-based); 0: never */
} Got;

static int keep(void *ctx, const PortfolioRow *row, OceError *err)
{
    (void)err;
    Got *g = ctx;
    assert_true(g->n < 8);
    assert_true(row->n <= PORTFOLIO_PARAMS_MAX + 1);
    /* contract_id is the first parameter, and the same text */
    assert_true(row->n >= 1);
    assert_string_equal(row->names[0], "contract_id");
    assert_ptr_equal(row->values[0], row->contract_id);
    g->rows[g->n].line = row->line;
    snprintf(g->rows[g->n].id, sizeof g->rows[g->n].id, "%s", row->contract_id);
    snprintf(g->rows[g->n].tpl, sizeof g->rows[g->n].tpl, "%s", row->template_name);
    for (size_t k = 0; k < row->n; k++) {
        snprintf(g->rows[g->n].names[k], 64, "%s", row->names[k]);
        snprintf(g->rows[g->n].values[k], 64, "%s", row->values[k]);
    }
    g->rows[g->n].n = row->n;
    g->n++;
    return g->stop_at != 0 && g->n == g->stop_at ? 7 : 0;
}

/* Row k's parameters as "name=value name=value". */
static const char *params_of(const Got *g, size_t k, char *buf, size_t size)
{
    buf[0] = '\0';
    size_t n = 0;
    for (size_t i = 0; i < g->rows[k].n; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s%s=%s", i ? " " : "", g->rows[k].names[i],
                              g->rows[k].values[i]);
    return buf;
}

/* Reads text written as the scratch file name: every row into g; the error into err. */
static int read_text(const char *name, const char *text, Got *g, OceError *err, char *path)
{
    memset(g, 0, sizeof *g);
    error_init(err);
    scratch_write(name, text, path, 256);
    return portfolio_read(path, keep, g, err);
}

/* Reads text that must be refused: on line `line`, with a message holding `want`. */
static void refused(const char *name, const char *text, OceCode code, int line, const char *want)
{
    Got g;
    OceError err;
    char path[256];
    if (read_text(name, text, &g, &err, path) == 0)
        fail_msg("%s was not refused", name);
    if (strstr(err.message, want) == NULL)
        fail_msg("%s: got \"%s\", want it to hold \"%s\"", name, err.message, want);
    assert_int_equal(err.code, code);
    assert_string_equal(err.file, path);
    assert_int_equal(err.line, line);
}

static void test_csv_columns_in_any_order(void **state)
{
    (void)state;
    Got g;
    OceError err;
    char path[256], buf[400];
    assert_int_equal(read_text("order.csv",
                               "fee,contract_id,baseline,template\n"
                               "85000.00,SITE-0001,120000.00,sla\n"
                               "42000.00,SITE-0002,60000.00,sla-gold_2\n",
                               &g, &err, path),
                     0);
    assert_int_equal(g.n, 2);
    assert_int_equal(g.rows[0].line, 2);
    assert_string_equal(g.rows[0].id, "SITE-0001");
    assert_string_equal(g.rows[0].tpl, "sla");
    assert_int_equal(g.rows[0].n, 3);
    assert_string_equal(params_of(&g, 0, buf, sizeof buf),
                        "contract_id=SITE-0001 fee=85000.00 baseline=120000.00");
    assert_int_equal(g.rows[1].line, 3);
    assert_string_equal(g.rows[1].tpl, "sla-gold_2");
    assert_string_equal(params_of(&g, 1, buf, sizeof buf),
                        "contract_id=SITE-0002 fee=42000.00 baseline=60000.00");
}

/* An empty cell is a parameter the row does not give; quoted fields, CRLF and blank rows are
 * read as the outcomes CSV reads them. */
static void test_csv_empty_cell_left_out(void **state)
{
    (void)state;
    Got g;
    OceError err;
    char path[256], buf[400];
    assert_int_equal(read_text("empty.csv",
                               "contract_id,template,fee,baseline,note\r\n"
                               "A,t,,5.00,\"x, y\"\r\n"
                               "\r\n"
                               "B,t,1.00,,\r\n"
                               "C,t,,,\r\n",
                               &g, &err, path),
                     0);
    assert_int_equal(g.n, 3);
    assert_int_equal(g.rows[0].line, 2);
    assert_string_equal(params_of(&g, 0, buf, sizeof buf), "contract_id=A baseline=5.00 note=x, y");
    assert_int_equal(g.rows[1].line, 4);
    assert_string_equal(params_of(&g, 1, buf, sizeof buf), "contract_id=B fee=1.00");
    assert_int_equal(g.rows[2].line, 5);
    assert_int_equal(g.rows[2].n, 1);
    assert_string_equal(params_of(&g, 2, buf, sizeof buf), "contract_id=C");
}

static void test_csv_bom_skipped(void **state)
{
    (void)state;
    Got g;
    OceError err;
    char path[256], buf[400];
    assert_int_equal(read_text("bom.csv",
                               "\xEF\xBB\xBF"
                               "contract_id,template,fee\nA,t,2.50\n",
                               &g, &err, path),
                     0);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.rows[0].line, 2);
    assert_string_equal(g.rows[0].tpl, "t");
    assert_string_equal(params_of(&g, 0, buf, sizeof buf), "contract_id=A fee=2.50");
}

static void test_csv_header_errors(void **state)
{
    (void)state;
    refused("spaced.csv", "contract_id,template,fee amount\nA,t,1\n", OCE_ECONTRACT, 1,
            "column \"fee amount\" of the header is not a name");
    refused("twice.csv", "contract_id,template,fee,fee\nA,t,1,2\n", OCE_ECONTRACT, 1,
            "column \"fee\" appears twice in the header");
    refused("twice-id.csv", "contract_id,template,contract_id\nA,t,B\n", OCE_ECONTRACT, 1,
            "column \"contract_id\" appears twice in the header");
    refused("no-id.csv", "id,template,fee\nA,t,1\n", OCE_ECONTRACT, 1,
            "the header has no column \"contract_id\"");
    refused("no-template.csv", "contract_id,fee\nA,1\n", OCE_ECONTRACT, 1,
            "the header has no column \"template\"");
    refused("empty.csv", "", OCE_ECONTRACT, 0, "the file is empty");
    /* 25 columns: contract_id, template and 23 parameters */
    char text[600] = "contract_id,template";
    for (int k = 0; k < 23; k++)
        snprintf(text + strlen(text), sizeof text - strlen(text), ",p%d", k);
    strcat(text, "\n");
    refused("wide.csv", text, OCE_ECONTRACT, 1,
            "more than 24 columns: a template takes at most 22 parameters");
}

/* 22 parameters are the most a row gives, and all of them come, in order. */
static void test_csv_most_parameters(void **state)
{
    (void)state;
    char text[800] = "contract_id,template", row[300] = "A,t";
    for (int k = 0; k < PORTFOLIO_PARAMS_MAX; k++) {
        snprintf(text + strlen(text), sizeof text - strlen(text), ",p%d", k);
        snprintf(row + strlen(row), sizeof row - strlen(row), ",v%d", k);
    }
    strcat(text, "\n");
    strcat(text, row);
    Got g;
    OceError err;
    char path[256];
    assert_int_equal(read_text("most.csv", text, &g, &err, path), 0);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.rows[0].n, PORTFOLIO_PARAMS_MAX + 1);
    assert_string_equal(g.rows[0].names[1], "p0");
    assert_string_equal(g.rows[0].values[22], "v21");
    assert_string_equal(g.rows[0].names[22], "p21");
}

static void test_csv_row_errors(void **state)
{
    (void)state;
    refused("empty-id.csv", "contract_id,template\nA,t\n,t\nC,t\n", OCE_ECONTRACT, 3,
            "the contract_id is empty");
    refused("slash.csv", "contract_id,template\nA,t\nB,../etc/passwd\n", OCE_ECONTRACT, 3,
            "template \"../etc/passwd\" is not a template's name: letters, digits, '-' and '_'");
    refused("dot.csv", "contract_id,template\nA,sla.lua\n", OCE_ECONTRACT, 2,
            "template \"sla.lua\" is not a template's name");
    refused("no-template-name.csv", "contract_id,template\nA,\n", OCE_ECONTRACT, 2,
            "template \"\" is not a template's name");
    refused("control.csv", "contract_id,template\n\"A\tB\",t\n", OCE_ECONTRACT, 2,
            "the contract_id holds a control character");
    refused("narrow.csv", "contract_id,template,fee\nA,t,1\nB,t\n", OCE_ECONTRACT, 3,
            "2 fields, but the header has 3");
    char text[300];
    snprintf(text, sizeof text, "contract_id,template\n%0*d,t\n", 64, 7);
    refused("long-id.csv", text, OCE_ECONTRACT, 2,
            "the contract_id is longer than 63 bytes, the most a contract's id may be");
    /* 63 is still an id, as a contract's id may be */
    snprintf(text, sizeof text, "contract_id,template\n%0*d,t\n", 63, 7);
    Got g;
    OceError err;
    char path[256];
    assert_int_equal(read_text("id63.csv", text, &g, &err, path), 0);
    assert_int_equal(g.n, 1);
    assert_int_equal(strlen(g.rows[0].id), 63);
}

/* The rows before a malformed one were given to the visitor, the rows after it were not. */
static void test_csv_rows_before_error(void **state)
{
    (void)state;
    Got g;
    OceError err;
    char path[256];
    assert_int_equal(
        read_text("stops.csv", "contract_id,template\nA,t\nB,t\n,t\nD,t\n", &g, &err, path), -1);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.rows[1].id, "B");
    assert_int_equal(err.line, 4);
}

static void test_visitor_stops(void **state)
{
    (void)state;
    char path[256];
    const char *files[][2] = {
        {"stop.csv", "contract_id,template\nA,t\nB,t\nC,t\n"},
        {"stop.jsonl", "{\"contract_id\":\"A\",\"template\":\"t\"}\n"
                       "{\"contract_id\":\"B\",\"template\":\"t\"}\n"
                       "{\"contract_id\":\"C\",\"template\":\"t\"}\n"},
    };
    for (size_t k = 0; k < 2; k++) {
        Got g;
        memset(&g, 0, sizeof g);
        g.stop_at = 2;
        OceError err;
        error_init(&err);
        scratch_write(files[k][0], files[k][1], path, sizeof path);
        assert_int_equal(portfolio_read(path, keep, &g, &err), 7);
        assert_int_equal(g.n, 2);
        assert_string_equal(g.rows[1].id, "B");
        assert_int_equal(g.rows[1].line, k == 0 ? 3 : 2); /* CSV has its header on line 1 */
    }
}

static void test_jsonl_rows(void **state)
{
    (void)state;
    Got g;
    OceError err;
    char path[256], buf[400];
    assert_int_equal(
        read_text("p.jsonl",
                  "\xEF\xBB\xBF{\"template\": \"sla\", \"fee\": \"85000.00\", "
                  "\"contract_id\": \"SITE-0001\", \"baseline\": \"120000.00\"}\n"
                  "\n"
                  "   \t\n"
                  "{\"baseline\": \"1\", \"contract_id\": \"SITE-0002\", \"template\": "
                  "\"t\", \"fee\": \"\"}\r\n"
                  "{\"contract_id\": \"SITE-0003\", \"template\": \"t\"}",
                  &g, &err, path),
        0);
    assert_int_equal(g.n, 3);
    assert_int_equal(g.rows[0].line, 1);
    assert_string_equal(g.rows[0].id, "SITE-0001");
    assert_string_equal(g.rows[0].tpl, "sla");
    assert_string_equal(params_of(&g, 0, buf, sizeof buf),
                        "contract_id=SITE-0001 fee=85000.00 baseline=120000.00");
    assert_int_equal(g.rows[1].line, 4);
    /* the members' order, whatever it is; an empty string is a value given */
    assert_string_equal(params_of(&g, 1, buf, sizeof buf), "contract_id=SITE-0002 baseline=1 fee=");
    assert_int_equal(g.rows[2].line, 5);
    assert_int_equal(g.rows[2].n, 1);
}

static void test_jsonl_errors(void **state)
{
    (void)state;
    refused("number.jsonl",
            "{\"contract_id\": \"A\", \"template\": \"t\"}\n"
            "\n"
            "{\"contract_id\": \"B\", \"template\": \"t\", \"fee\": 85000.00}\n",
            OCE_ECONTRACT, 3,
            "\"fee\" must be a string (\"85000.00\", not 85000.00: a JSON number is read as a "
            "binary fraction)");
    refused("bool.jsonl", "{\"contract_id\": \"A\", \"template\": \"t\", \"vip\": true}\n",
            OCE_ECONTRACT, 1, "\"vip\" must be a string");
    refused("twice.jsonl",
            "{\"contract_id\": \"A\", \"template\": \"t\", \"fee\": \"1\", \"fee\": \"2\"}\n",
            OCE_ECONTRACT, 1, "\"fee\" is given twice");
    refused("array.jsonl", "{\"contract_id\": \"A\", \"template\": \"t\"}\n[\"B\", \"t\"]\n",
            OCE_ECONTRACT, 2, "expected an object {\"contract_id\": ..., \"template\": ..., ...}");
    refused("two.jsonl",
            "{\"contract_id\": \"A\", \"template\": \"t\"} {\"contract_id\": \"B\", "
            "\"template\": \"t\"}\n",
            OCE_ECONTRACT, 1, "not one JSON object on the line");
    refused("split.jsonl", "{\"contract_id\": \"A\",\n \"template\": \"t\"}\n", OCE_ECONTRACT, 1,
            "not one JSON object on the line");
    refused("no-template.jsonl",
            "{\"contract_id\": \"A\", \"template\": \"t\"}\n{\"contract_id\": \"B\"}\n",
            OCE_ECONTRACT, 2, "the object has no \"template\"");
    refused("no-id.jsonl", "{\"template\": \"t\", \"fee\": \"1\"}\n", OCE_ECONTRACT, 1,
            "the object has no \"contract_id\"");
    refused("member.jsonl",
            "{\"contract_id\": \"A\", \"template\": \"t\", \"fee amount\": \"1\"}\n", OCE_ECONTRACT,
            1, "member \"fee amount\" is not a name");
    refused("empty-id.jsonl", "{\"contract_id\": \"\", \"template\": \"t\"}\n", OCE_ECONTRACT, 1,
            "the contract_id is empty");
    refused("slash.jsonl", "{\"contract_id\": \"A\", \"template\": \"a/b\"}\n", OCE_ECONTRACT, 1,
            "template \"a/b\" is not a template's name");
    refused("blank.jsonl", "\n\n", OCE_ECONTRACT, 0, "the portfolio has no contracts");
}

/* scratch_write stops at a NUL: this one writes it. */
static void test_jsonl_nul(void **state)
{
    (void)state;
    char path[256];
    scratch_path("nul.jsonl", path, sizeof path);
    static const char text[] = "{\"contract_id\": \"A\", \"template\": \"t\"}\n{\"contract_id\0";
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, sizeof text - 1, f), sizeof text - 1);
    assert_int_equal(fclose(f), 0);
    Got g;
    memset(&g, 0, sizeof g);
    OceError err;
    error_init(&err);
    assert_int_equal(portfolio_read(path, keep, &g, &err), -1);
    assert_int_equal(g.n, 1);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "the file contains a NUL byte"));
}

static void test_format_by_extension(void **state)
{
    (void)state;
    const char *names[] = {"p.txt", "p.json", "p", "p.CSV.bak"};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        Got g;
        OceError err;
        char path[256];
        assert_int_equal(read_text(names[k], "contract_id,template\nA,t\n", &g, &err, path), -1);
        assert_int_equal(g.n, 0);
        assert_int_equal(err.code, OCE_EUSAGE);
        assert_string_equal(err.file, path);
        assert_non_null(strstr(err.message, "the file name must end in .csv or .jsonl"));
    }
    Got g;
    memset(&g, 0, sizeof g);
    OceError err;
    error_init(&err);
    char path[256];
    assert_int_equal(portfolio_read(scratch_path("none.csv", path, sizeof path), keep, &g, &err),
                     -1);
    assert_int_equal(err.code, OCE_EIO);
    assert_non_null(strstr(err.message, "cannot read the portfolio: No such file or directory"));
}

/*
 * The documentation (docs/formats.md, "Portfolios") says a CSV portfolio is read as the
 * outcomes CSV is, with blank lines ignored and quoted fields, and that a file with no
 * contracts stops the run. The tests below hold the reader to that.
 */

/* A CSV portfolio of a header and no rows has no contracts, as a JSON Lines one does. */
static void test_csv_no_contracts(void **state)
{
    (void)state;
    refused("header-only.csv", "contract_id,template,fee\n", OCE_ECONTRACT, 0,
            "the portfolio has no contracts");
    refused("header-blank.csv", "contract_id,template,fee\n\n\n", OCE_ECONTRACT, 0,
            "the portfolio has no contracts");
}

/* A header whose names are quoted, as some tools write every field, names the same columns. */
static void test_csv_quoted_header(void **state)
{
    (void)state;
    Got g;
    OceError err;
    char path[256], buf[400];
    int rc = read_text("quoted.csv", "\"contract_id\",\"template\",\"fee\"\n\"A\",\"t\",\"1.00\"\n",
                       &g, &err, path);
    if (rc != 0)
        fail_msg("refused: line %d: %s", err.line, err.message);
    assert_int_equal(g.n, 1);
    assert_string_equal(params_of(&g, 0, buf, sizeof buf), "contract_id=A fee=1.00");
}

/* A blank line before the header is ignored, as the outcomes reader ignores it. */
static void test_csv_blank_before_header(void **state)
{
    (void)state;
    Got g;
    OceError err;
    char path[256], buf[400];
    int rc = read_text("blank-first.csv", "\ncontract_id,template,fee\nA,t,1.00\n", &g, &err, path);
    if (rc != 0)
        fail_msg("refused: line %d: %s", err.line, err.message);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.rows[0].line, 3);
    assert_string_equal(params_of(&g, 0, buf, sizeof buf), "contract_id=A fee=1.00");
}

/* A JSON line is text of the same kind as a CSV row: an escaped NUL (\u0000), which would cut
 * a string short where it stands, and bytes that are not UTF-8 are refused, as the CSV reader
 * refuses a NUL byte and text that is not UTF-8. */
static void test_jsonl_text_as_csv(void **state)
{
    (void)state;
    Got g;
    OceError err;
    char path[256];
    /* CSV refuses them */
    assert_int_equal(read_text("latin1.csv", "contract_id,template\nSITE-\xE9,t\n", &g, &err, path),
                     -1);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "contract_id is not UTF-8 text"));
    assert_int_equal(
        read_text("latin1-site.csv", "contract_id,template,site\nA,t,caf\xE9\n", &g, &err, path),
        -1);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "site is not UTF-8 text"));
    /* and so must JSON Lines */
    const char *lines[][2] = {
        {"nul-id.jsonl", "{\"contract_id\": \"SITE-0001\\u0000B\", \"template\": \"t\"}\n"},
        {"nul-fee.jsonl",
         "{\"contract_id\": \"A\", \"template\": \"t\", \"fee\": \"85000.00\\u0000999\"}\n"},
        {"latin1.jsonl", "{\"contract_id\": \"A\", \"template\": \"t\", \"site\": \"caf\xE9\"}\n"},
    };
    char accepted[600] = "";
    for (size_t k = 0; k < sizeof lines / sizeof *lines; k++) {
        if (read_text(lines[k][0], lines[k][1], &g, &err, path) != 0) {
            assert_int_equal(err.code, OCE_ECONTRACT);
            assert_int_equal(err.line, 1);
            continue;
        }
        /* what it was read as: its last parameter, escaped */
        size_t last = g.rows[0].n - 1, n = strlen(accepted);
        n += (size_t)snprintf(accepted + n, sizeof accepted - n, "%s%s read as %s \"",
                              n ? "; " : "", lines[k][0], g.rows[0].names[last]);
        for (const unsigned char *c = (const unsigned char *)g.rows[0].values[last]; *c; c++)
            n += (size_t)snprintf(accepted + n, sizeof accepted - n, *c < 0x80 ? "%c" : "\\x%02x",
                                  *c);
        snprintf(accepted + n, sizeof accepted - n, "\"");
    }
    if (accepted[0] != '\0')
        fail_msg("not refused: %s", accepted);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_columns_in_any_order),
        cmocka_unit_test(test_csv_empty_cell_left_out),
        cmocka_unit_test(test_csv_bom_skipped),
        cmocka_unit_test(test_csv_header_errors),
        cmocka_unit_test(test_csv_most_parameters),
        cmocka_unit_test(test_csv_row_errors),
        cmocka_unit_test(test_csv_rows_before_error),
        cmocka_unit_test(test_visitor_stops),
        cmocka_unit_test(test_jsonl_rows),
        cmocka_unit_test(test_jsonl_errors),
        cmocka_unit_test(test_jsonl_nul),
        cmocka_unit_test(test_format_by_extension),
        cmocka_unit_test(test_csv_no_contracts),
        cmocka_unit_test(test_csv_quoted_header),
        cmocka_unit_test(test_csv_blank_before_header),
        cmocka_unit_test(test_jsonl_text_as_csv),
    };
    return cmocka_run_group_tests(tests, scratch_open, scratch_close);
}
