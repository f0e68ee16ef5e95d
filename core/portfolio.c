#include "portfolio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "decl.h"
#include "table.h"

/* A template's name: a plain file name of the templates folder. */
static int template_name(const char *s)
{
    if (s[0] == '\0' || strlen(s) > 100)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_'))
            return 0;
    return 1;
}

/* The checks every row has, whichever the format. */
static int check_row(const char *path, const PortfolioRow *row, OceError *err)
{
    if (row->contract_id[0] == '\0')
        return error_set(err, OCE_ECONTRACT, path, row->line, "the contract_id is empty");
    if (strlen(row->contract_id) > 63)
        return error_set(err, OCE_ECONTRACT, path, row->line,
                         "the contract_id is longer than 63 bytes, the most a contract's id "
                         "may be");
    for (const char *p = row->contract_id; *p; p++)
        if ((unsigned char)*p < 0x20)
            return error_set(err, OCE_ECONTRACT, path, row->line,
                             "the contract_id holds a control character");
    char q[ERROR_QUOTE_MAX];
    if (!template_name(row->template_name))
        return error_set(err, OCE_ECONTRACT, path, row->line,
                         "template %s is not a template's name: letters, digits, '-' and '_', "
                         "the name of TEMPLATES/NAME.lua",
                         error_quote(row->template_name, q));
    return 0;
}

/* --- CSV -------------------------------------------------------------------------------- */

typedef struct Csv {
    const char *path;
    char *header; /* the header line's names, NUL-separated; owned */
    const char *columns[TABLE_COLUMNS_MAX];
    int ncolumns;
    PortfolioVisit visit;
    void *ctx;
    size_t rows;
} Csv;

/* Reads the header line, the first, into c: its names, contract_id first and template
 * second (the spec's required columns), then the others in their order. */
static int read_header(Csv *c, OceError *err)
{
    FILE *f = fopen(c->path, "r");
    if (f == NULL)
        return error_set(err, OCE_EIO, c->path, 0, "cannot read the portfolio: %s",
                         strerror(errno));
    size_t cap = 0;
    ssize_t n;
    char *h = NULL;
    int line = 0;
    while ((n = getline(&c->header, &cap, f)) > 0) { /* the first line that is not blank */
        line++;
        h = c->header;
        if (line == 1 && n >= 3 && memcmp(h, "\xEF\xBB\xBF", 3) == 0)
            h += 3;
        h[strcspn(h, "\r\n")] = '\0';
        if (h[0] != '\0')
            break;
        h = NULL;
    }
    fclose(f);
    if (h == NULL)
        return error_set(err, OCE_ECONTRACT, c->path, 0,
                         "the file is empty; expected a header naming the columns contract_id, "
                         "template and the parameters");
    const char *names[TABLE_COLUMNS_MAX + 1] = {NULL};
    int k = 0;
    for (char *p = h;; p++) {
        char *comma = strchr(p, ',');
        if (comma != NULL)
            *comma = '\0';
        size_t len = strlen(p);
        if (len >= 2 && p[0] == '"' && p[len - 1] == '"') { /* a name quoted, as some write all */
            p[len - 1] = '\0';
            p++;
        }
        char q[ERROR_QUOTE_MAX];
        if (!decl_param_name(p))
            return error_set(err, OCE_ECONTRACT, c->path, line,
                             "column %s of the header is not a name: a letter or '_', then "
                             "letters, digits and '_' (it is a template's parameter)",
                             error_quote(p, q));
        for (int j = 0; j < k; j++)
            if (strcmp(names[j], p) == 0)
                return error_set(err, OCE_ECONTRACT, c->path, line,
                                 "column \"%s\" appears twice in the header", p);
        if (k == TABLE_COLUMNS_MAX)
            return error_set(err, OCE_ECONTRACT, c->path, line,
                             "more than %d columns: a template takes at most %d parameters",
                             TABLE_COLUMNS_MAX, PORTFOLIO_PARAMS_MAX);
        names[k++] = p;
        if (comma == NULL)
            break;
        p = comma;
    }
    int id = -1, tpl = -1;
    for (int j = 0; j < k; j++) {
        id = strcmp(names[j], "contract_id") == 0 ? j : id;
        tpl = strcmp(names[j], "template") == 0 ? j : tpl;
    }
    if (id < 0 || tpl < 0)
        return error_set(err, OCE_ECONTRACT, c->path, line,
                         "the header has no column \"%s\"; it must name contract_id, template "
                         "and the templates' parameters",
                         id < 0 ? "contract_id" : "template");
    c->columns[0] = "contract_id";
    c->columns[1] = "template";
    c->ncolumns = 2;
    for (int j = 0; j < k; j++)
        if (j != id && j != tpl)
            c->columns[c->ncolumns++] = names[j];
    return 0;
}

static int csv_row(void *ctx, const Table *t, const TableRow *r)
{
    Csv *c = ctx;
    c->rows++;
    PortfolioRow row = {.line = r->line, .contract_id = r->f[0], .template_name = r->f[1]};
    row.names[0] = "contract_id";
    row.values[0] = r->f[0];
    row.n = 1;
    for (int k = 2; k < c->ncolumns; k++)
        if (r->f[k] != NULL && r->f[k][0] != '\0') {
            row.names[row.n] = c->columns[k];
            row.values[row.n++] = r->f[k];
        }
    if (check_row(c->path, &row, t->err) != 0)
        return -1;
    return c->visit(c->ctx, &row, t->err);
}

static int read_csv(const char *path, PortfolioVisit visit, void *ctx, OceError *err)
{
    Csv c = {.path = path, .visit = visit, .ctx = ctx};
    int rc = read_header(&c, err);
    if (rc == 0) {
        TableSpec spec = {"portfolio", c.columns, c.ncolumns, c.ncolumns,
                          -1,          NULL,      -1,         OCE_ECONTRACT};
        rc = table_stream(path, "the portfolio", &spec, csv_row, &c, err);
    }
    if (rc == 0 && c.rows == 0)
        rc = error_set(err, OCE_ECONTRACT, path, 0, "the portfolio has no contracts");
    free(c.header);
    return rc;
}

/* --- JSON Lines ------------------------------------------------------------------------- */

static int json_row(const char *path, int line, const cJSON *o, PortfolioVisit visit, void *ctx,
                    OceError *err)
{
    if (!cJSON_IsObject(o))
        return error_set(err, OCE_ECONTRACT, path, line,
                         "expected an object {\"contract_id\": ..., \"template\": ..., ...}");
    for (const cJSON *m = o != NULL ? o->child : NULL; m != NULL; m = m->next)
        if (!table_utf8(m->string) || (cJSON_IsString(m) && !table_utf8(m->valuestring)))
            return error_set(err, OCE_ECONTRACT, path, line, "\"%s\" is not UTF-8 text",
                             table_utf8(m->string) ? m->string : "a member's name");
    PortfolioRow row = {.line = line};
    row.names[0] = "contract_id";
    row.n = 1;
    char q[ERROR_QUOTE_MAX];
    for (const cJSON *m = o->child; m != NULL; m = m->next) {
        if (!decl_param_name(m->string))
            return error_set(err, OCE_ECONTRACT, path, line,
                             "member %s is not a name: a letter or '_', then letters, digits "
                             "and '_' (it is a template's parameter)",
                             error_quote(m->string, q));
        if (!cJSON_IsString(m))
            return error_set(err, OCE_ECONTRACT, path, line, "\"%s\" must be a string%s", m->string,
                             cJSON_IsNumber(m) ? " (\"85000.00\", not 85000.00: a JSON number "
                                                 "is read as a binary fraction)"
                                               : "");
        for (const cJSON *p = o->child; p != m; p = p->next)
            if (strcmp(p->string, m->string) == 0)
                return error_set(err, OCE_ECONTRACT, path, line, "\"%s\" is given twice",
                                 m->string);
        if (strcmp(m->string, "contract_id") == 0) {
            row.contract_id = row.values[0] = m->valuestring;
        } else if (strcmp(m->string, "template") == 0) {
            row.template_name = m->valuestring;
        } else if (row.n == PORTFOLIO_PARAMS_MAX + 1) {
            return error_set(err, OCE_ECONTRACT, path, line, "more than %d parameters",
                             PORTFOLIO_PARAMS_MAX);
        } else {
            row.names[row.n] = m->string;
            row.values[row.n++] = m->valuestring;
        }
    }
    if (row.contract_id == NULL || row.template_name == NULL)
        return error_set(err, OCE_ECONTRACT, path, line, "the object has no \"%s\"",
                         row.contract_id == NULL ? "contract_id" : "template");
    if (check_row(path, &row, err) != 0)
        return -1;
    return visit(ctx, &row, err);
}

static int read_jsonl(const char *path, PortfolioVisit visit, void *ctx, OceError *err)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return error_set(err, OCE_EIO, path, 0, "cannot read the portfolio: %s", strerror(errno));
    char *text = NULL;
    size_t cap = 0;
    int line = 0, rc = 0, rows = 0;
    ssize_t n;
    while (rc == 0 && (n = getline(&text, &cap, f)) >= 0) {
        line++;
        if (memchr(text, '\0', (size_t)n) != NULL) {
            rc = error_set(err, OCE_ECONTRACT, path, line,
                           "the file contains a NUL byte; a portfolio is UTF-8 text");
            break;
        }
        char *p = text + (line == 1 && n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0);
        if (p[strspn(p, " \t\r\n")] == '\0')
            continue; /* a blank line */
        if (table_escaped_nul(p, strlen(p)) >= 0) {
            rc = error_set(err, OCE_ECONTRACT, path, line,
                           "the line writes \\u0000, a NUL: a portfolio is text");
            break;
        }
        const char *end = NULL;
        cJSON *o = cJSON_ParseWithOpts(p, &end, 0);
        if (o == NULL || end[strspn(end, " \t\r\n")] != '\0') {
            rc = error_set(err, OCE_ECONTRACT, path, line,
                           "not one JSON object on the line: JSON Lines has an object a line");
        } else {
            rows++;
            rc = json_row(path, line, o, visit, ctx, err);
        }
        cJSON_Delete(o);
    }
    if (rc == 0 && ferror(f))
        rc = error_set(err, OCE_EIO, path, 0, "cannot read the portfolio: %s", strerror(errno));
    free(text);
    fclose(f);
    if (rc == 0 && rows == 0)
        rc = error_set(err, OCE_ECONTRACT, path, 0, "the portfolio has no contracts");
    return rc;
}

int portfolio_read(const char *path, PortfolioVisit visit, void *ctx, OceError *err)
{
    size_t len = strlen(path);
    if (len > 4 && strcmp(path + len - 4, ".csv") == 0)
        return read_csv(path, visit, ctx, err);
    if (len > 6 && strcmp(path + len - 6, ".jsonl") == 0)
        return read_jsonl(path, visit, ctx, err);
    return error_set(err, OCE_EUSAGE, path, 0,
                     "cannot tell the format of the portfolio: the file name must end in .csv "
                     "or .jsonl");
}
