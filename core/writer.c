/* flock, which the writers of a folder share, is BSD and Linux, not POSIX. */
#define _DEFAULT_SOURCE
#include "writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "arena.h"
#include "doc.h"
#include "summary.h"

static int nomem(OceError *err)
{
    return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
}

/* ---- The settlement document, written and read by doc ---------------------------------- */

char *writer_json(const Settlement *s, OceError *err)
{
    return doc_write(s, err);
}

int writer_digest(const Settlement *s, char digest[DIGEST_HEX_SIZE], OceError *err)
{
    return doc_digest(s, digest, err);
}

int writer_digest_of(const char *document, char digest[DIGEST_HEX_SIZE])
{
    return doc_digest_of(document, digest);
}

char *writer_earlier(const char *document)
{
    return doc_earlier(document);
}

int writer_earlier_digest(const char *document, char digest[DIGEST_HEX_SIZE])
{
    return doc_earlier_digest(document, digest);
}

/* ---- Growable text buffer -------------------------------------------------------------- */

/* A malloc'ed string; a failed allocation is sticky and checked once, by buf_finish. */
typedef struct Buf {
    char *data;
    size_t len, cap;
    bool failed;
} Buf;

static void buf_add(Buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *p = realloc(b->data, cap);
        if (p == NULL) {
            b->failed = true;
            return;
        }
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void buf_puts(Buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

static void buf_repeat(Buf *b, char c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        buf_add(b, &c, 1);
}

/* Ends a line: trailing spaces (from padding) are dropped. */
static void buf_endline(Buf *b)
{
    while (!b->failed && b->len > 0 && b->data[b->len - 1] == ' ')
        b->data[--b->len] = '\0';
    buf_add(b, "\n", 1);
}

/* Returns the string (the caller's to free), or NULL with OCE_ENOMEM. */
static char *buf_finish(Buf *b, OceError *err)
{
    if (b->failed || b->data == NULL) {
        free(b->data);
        nomem(err);
        return NULL;
    }
    return b->data;
}

/* ---- CSV ------------------------------------------------------------------------------- */

/* One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF. NULL is empty. */
static void csv_field(Buf *b, const char *s, bool last)
{
    if (s == NULL)
        s = "";
    if (strpbrk(s, ",\"\r\n") == NULL)
        buf_puts(b, s);
    else {
        buf_add(b, "\"", 1);
        for (const char *p = s; *p != '\0';) {
            size_t n = strcspn(p, "\"");
            buf_add(b, p, n);
            p += n;
            if (*p == '"') {
                buf_add(b, "\"\"", 2);
                p++;
            }
        }
        buf_add(b, "\"", 1);
    }
    buf_add(b, last ? "\n" : ",", 1);
}

char *writer_csv(const Settlement *s, OceError *err)
{
    Buf b = {0};
    buf_puts(&b, "contract,period,term,kind,description,amount,forgone,currency,explanation\n");
    for (size_t i = 0; i < s->nlines; i++) {
        const Line *l = &s->lines[i];
        char amount[MONEY_STR_MAX], forgone[MONEY_STR_MAX];
        doc_format_amount(s, l->amount, amount);
        doc_format_amount(s, l->forgone, forgone);
        const char *f[] = {s->decl->id,    s->period.id, l->term, settlement_kind_name(l->kind),
                           l->description, amount,       forgone, s->decl->currency,
                           l->explanation};
        size_t n = sizeof f / sizeof *f;
        for (size_t k = 0; k < n; k++)
            csv_field(&b, f[k], k + 1 == n);
    }
    return buf_finish(&b, err);
}

void writer_stem(const Settlement *s, char *buf, size_t size)
{
    snprintf(buf, size, "%s-%s", s->decl->id, s->period.id);
}

/* ---- Text ------------------------------------------------------------------------------ */

enum { TABLE_COLS = 8 };
#define INDENT 2 /* tables sit two spaces in from their section titles */
#define GAP 2    /* spaces between columns */
#define GROUPED_MAX (MONEY_STR_MAX + MONEY_STR_MAX / 3)
#define TEXT_WIDTH 100 /* explanations wrap to fit lines this wide... */
#define NOTE_MIN 40    /* ...but always get at least this many characters a line */

typedef struct Row {
    const char *cell[TABLE_COLS]; /* NULL prints as empty */
    const char *note;             /* printed on lines of its own below the row, or NULL */
    char rule;                    /* not 0: the row is a rule of this character... */
    unsigned rule_cols;           /* ...under these columns (bit k: column k) */
} Row;

/* A table sized to its content: every column as wide as its widest cell. */
typedef struct Table {
    size_t ncols;
    const char *head[TABLE_COLS];
    bool right[TABLE_COLS];       /* right-aligned: amounts and values */
    size_t note_col, note_indent; /* a note starts note_indent spaces into column note_col */
    Row *rows;                    /* owned by the Text arena */
    size_t nrows;
    size_t width[TABLE_COLS];
} Table;

/* One text document being written; a failed allocation is sticky and checked at the end. */
typedef struct Text {
    const Settlement *s;
    Arena arena; /* cells and rows, freed when the document is done */
    Buf b;
    bool failed;
} Text;

static const char *keep(Text *t, const char *p)
{
    if (p == NULL)
        t->failed = true;
    return p;
}

static const char *or_empty(const char *s)
{
    return s != NULL ? s : "";
}

/* Characters shown, not bytes: descriptions may hold UTF-8. */
static size_t text_width(const char *s)
{
    size_t n = 0;
    for (; *s != '\0'; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Integer digits grouped in threes with commas, as finance reads amounts: "-12,750.00". */
static void group(const char *in, char out[GROUPED_MAX])
{
    if (*in == '-')
        *out++ = *in++;
    size_t digits = strcspn(in, ".");
    for (size_t i = 0; i < digits; i++) {
        if (i > 0 && (digits - i) % 3 == 0)
            *out++ = ',';
        *out++ = in[i];
    }
    strcpy(out, in + digits);
}

static const char *cell_amount(Text *t, Money m)
{
    char raw[MONEY_STR_MAX], grouped[GROUPED_MAX];
    doc_format_amount(t->s, m, raw);
    group(raw, grouped);
    return keep(t, arena_strdup(&t->arena, grouped));
}

/* A measured value with its unit: "99.42 %", "112,340.55 GBP". */
static const char *cell_measure(Text *t, const MetricDecl *d, Money m)
{
    char raw[MONEY_STR_MAX], grouped[GROUPED_MAX];
    doc_format_measure(t->s, d, m, raw);
    group(raw, grouped);
    if (d->unit == NULL || d->unit[0] == '\0')
        return keep(t, arena_strdup(&t->arena, grouped));
    return keep(t, arena_printf(&t->arena, "%s %s", grouped, d->unit));
}

static bool table_alloc(Text *t, Table *tb, size_t nrows)
{
    tb->rows = arena_alloc(&t->arena, (nrows ? nrows : 1) * sizeof *tb->rows);
    if (tb->rows == NULL)
        t->failed = true;
    return tb->rows != NULL;
}

static void table_rule(Table *tb, char c, unsigned cols)
{
    tb->rows[tb->nrows++] = (Row){.rule = c, .rule_cols = cols};
}

static void table_measure(Table *tb)
{
    for (size_t k = 0; k < tb->ncols; k++)
        tb->width[k] = text_width(tb->head[k]);
    for (size_t i = 0; i < tb->nrows; i++)
        for (size_t k = 0; k < tb->ncols && !tb->rows[i].rule; k++) {
            size_t w = text_width(or_empty(tb->rows[i].cell[k]));
            if (w > tb->width[k])
                tb->width[k] = w;
        }
}

static void print_cells(Buf *b, const Table *tb, const char *const *cell)
{
    buf_repeat(b, ' ', INDENT);
    for (size_t k = 0; k < tb->ncols; k++) {
        const char *c = or_empty(cell[k]);
        size_t pad = tb->width[k] - text_width(c);
        buf_repeat(b, ' ', (k > 0 ? GAP : 0) + (tb->right[k] ? pad : 0));
        buf_puts(b, c);
        buf_repeat(b, ' ', tb->right[k] ? 0 : pad);
    }
    buf_endline(b);
}

static void print_rule(Buf *b, const Table *tb, char c, unsigned cols)
{
    buf_repeat(b, ' ', INDENT);
    for (size_t k = 0; k < tb->ncols; k++) {
        buf_repeat(b, ' ', k > 0 ? GAP : 0);
        buf_repeat(b, cols & (1u << k) ? c : ' ', tb->width[k]);
    }
    buf_endline(b);
}

/* One paragraph of a note, [p, end), word-wrapped to room characters (a longer word gets a
 * line of its own), every line indented by at. Spacing inside a line is kept. */
static void print_wrapped(Buf *b, size_t at, size_t room, const char *p, const char *end)
{
    do {
        const char *q = p, *brk = NULL;
        size_t w = 0;
        while (q < end && (w < room || brk == NULL)) {
            if (*q == ' ')
                brk = q;
            w += ((unsigned char)*q++ & 0xC0) != 0x80;
        }
        if (q < end && *q == ' ')
            brk = q;
        const char *stop = q == end ? end : brk;
        buf_repeat(b, ' ', at);
        buf_add(b, p, (size_t)(stop - p));
        buf_endline(b);
        for (p = stop; p < end && *p == ' ';)
            p++;
    } while (p < end);
}

/* A note starts under its column and wraps at TEXT_WIDTH, or NOTE_MIN characters further when
 * the column is far right; its own line breaks are kept. */
static void print_note(Buf *b, const Table *tb, const char *note)
{
    size_t at = INDENT + tb->note_indent;
    for (size_t k = 0; k < tb->note_col; k++)
        at += tb->width[k] + GAP;
    size_t room = at + NOTE_MIN < TEXT_WIDTH ? TEXT_WIDTH - at : NOTE_MIN;
    while (*note != '\0') {
        size_t n = strcspn(note, "\n");
        print_wrapped(b, at, room, note, note + n);
        note += n + (note[n] == '\n');
    }
}

static void table_print(Buf *b, Table *tb)
{
    table_measure(tb);
    print_cells(b, tb, tb->head);
    print_rule(b, tb, '-', ~0u);
    for (size_t i = 0; i < tb->nrows; i++) {
        const Row *r = &tb->rows[i];
        if (r->rule)
            print_rule(b, tb, r->rule, r->rule_cols);
        else
            print_cells(b, tb, r->cell);
        if (r->note != NULL)
            print_note(b, tb, r->note);
    }
}

static void section(Buf *b, const char *title)
{
    buf_endline(b);
    buf_puts(b, title);
    buf_endline(b);
    buf_repeat(b, '-', text_width(title));
    buf_endline(b);
    buf_endline(b);
}

/* "label     value", the value at column `at`. */
static void field(Buf *b, size_t indent, const char *label, size_t at, const char *value)
{
    buf_repeat(b, ' ', indent);
    buf_puts(b, label);
    buf_repeat(b, ' ', at > strlen(label) ? at - strlen(label) : 1);
    buf_puts(b, or_empty(value));
    buf_endline(b);
}

static void text_header(Text *t)
{
    const Decl *c = t->s->decl;
    const Period *p = &t->s->period;
    char start[16], end[16];
    calendar_format_date(p->start, start);
    calendar_format_date(p->end, end);
    const char *title = keep(
        t, arena_printf(&t->arena, "%s: settlement for %s", c->title ? c->title : c->id, p->id));
    Date from, to;
    char cfrom[16], cto[16];
    doc_covered(t->s, &from, &to);
    calendar_format_date(from, cfrom);
    calendar_format_date(to, cto);
    const char *period =
        calendar_date_cmp(from, p->start) == 0 && calendar_date_cmp(to, p->end) == 0
            ? keep(t, arena_printf(&t->arena, "%s (%s to %s)", p->id, start, end))
            : keep(t, arena_printf(&t->arena, "%s (%s to %s), the contract in effect %s to %s",
                                   p->id, start, end, cfrom, cto));
    if (title == NULL || period == NULL)
        return;
    buf_puts(&t->b, title);
    buf_endline(&t->b);
    buf_repeat(&t->b, '=', text_width(title));
    buf_endline(&t->b);
    buf_endline(&t->b);
    field(&t->b, 0, "Contract", 10, c->id);
    if (c->nversions > 1) { /* an amended contract says which version settled the period */
        char since[11];
        calendar_format_date(t->s->version->effective_from, since);
        const char *version =
            keep(t, arena_printf(&t->arena, "%s, in force from %s", t->s->version->name, since));
        if (version != NULL)
            field(&t->b, 0, "Version", 10, version);
    }
    field(&t->b, 0, "Customer", 10, c->customer);
    field(&t->b, 0, "Vendor", 10, c->vendor);
    field(&t->b, 0, "Period", 10, period);
    field(&t->b, 0, "Currency", 10, c->currency);
    field(&t->b, 0, "Rounding", 10, money_rounding_name(c->rounding));
}

static void text_invoice(Text *t)
{
    const Settlement *s = t->s;
    Table tb = {.ncols = 4,
                .head = {"Term", "Kind", "Amount", "Description"},
                .right = {false, false, true, false},
                .note_col = 3};
    section(&t->b, "Invoice");
    if (!table_alloc(t, &tb, s->nlines + 5))
        return;
    for (size_t i = 0; i < s->nlines; i++) {
        const Line *l = &s->lines[i];
        tb.rows[tb.nrows++] = (Row){.cell = {l->term, settlement_kind_name(l->kind),
                                             cell_amount(t, l->amount), l->description},
                                    .note = l->explanation};
    }
    table_rule(&tb, '-', 1u << 2);
    tb.rows[tb.nrows++] = (Row){.cell = {"Charges", NULL, cell_amount(t, s->charges)}};
    tb.rows[tb.nrows++] = (Row){.cell = {"Credits", NULL, cell_amount(t, s->credits)}};
    tb.rows[tb.nrows++] = (Row){.cell = {"Net", NULL, cell_amount(t, s->net)}};
    table_rule(&tb, '=', 1u << 2);
    table_print(&t->b, &tb);
}

static const char *metric_result(const MetricResult *r)
{
    return !r->present ? "not measured" : r->met < 0 ? "no target" : r->met ? "met" : "missed";
}

static void text_metrics(Text *t)
{
    const Settlement *s = t->s;
    Table tb = {.ncols = 5,
                .head = {"Metric", "Value", "Target", "Better", "Result"},
                .right = {false, true, true, false, false}};
    section(&t->b, "Metrics");
    if (s->nmetrics == 0) {
        field(&t->b, INDENT, "No metrics declared.", 0, NULL);
        return;
    }
    if (!table_alloc(t, &tb, s->nmetrics))
        return;
    for (size_t i = 0; i < s->nmetrics; i++) {
        const MetricResult *r = &s->metrics[i];
        const MetricDecl *d = r->decl;
        tb.rows[tb.nrows++] =
            (Row){.cell = {d->name, r->present ? cell_measure(t, d, r->value) : "-",
                           d->has_target ? cell_measure(t, d, d->target) : "-",
                           d->has_better ? decl_direction_name(d->better) : "-", metric_result(r)}};
    }
    table_print(&t->b, &tb);
}

/* Nanoseconds as minutes for a report cell. */
static const char *cell_minutes(Text *t, long long ns)
{
    Money m;
    char buf[MONEY_STR_MAX];
    money_div(money_from_int(ns), money_from_int(60 * TZ_SECOND), 2, MONEY_HALF_EVEN, &m, NULL);
    money_format(m, 2, buf, sizeof buf);
    return keep(t, arena_strdup(&t->arena, buf));
}

/* The derived metrics' arithmetic, then every incident of the period and what it counted. */
static void text_incidents(Text *t)
{
    const Settlement *s = t->s;
    const IncidentReport *r = s->incidents;
    if (r == NULL)
        return;
    section(&t->b, "Incidents");
    for (size_t i = 0; i < s->nmetrics; i++)
        if (s->metrics[i].derivation != NULL) {
            field(&t->b, INDENT,
                  keep(t, arena_printf(&t->arena, "%s: %s", s->metrics[i].decl->name,
                                       s->metrics[i].derivation)),
                  0, NULL);
        }
    buf_endline(&t->b);
    if (r->n == 0) {
        field(&t->b, INDENT, "No incidents in the period.", 0, NULL);
        return;
    }
    Table tb = {.ncols = 7,
                .head = {"Incident", "Service", "Severity", "Cause", "Status", "Counted min",
                         "Excluded min"},
                .right = {false, false, false, false, false, true, true},
                .note_indent = 2};
    if (!table_alloc(t, &tb, r->n))
        return;
    for (size_t i = 0; i < r->n; i++) {
        const Finding *f = &r->v[i];
        const Incident *inc = f->incident;
        char a[TZ_TEXT_MAX], b[TZ_TEXT_MAX];
        tz_format_local(&s->decl->calendar.tz, inc->start, a);
        if (!inc->open)
            tz_format_local(&s->decl->calendar.tz, inc->end, b);
        const char *note =
            arena_printf(&t->arena, "%s to %s%s%s%s%s", a, inc->open ? "(open)" : b,
                         inc->disputed ? "; disputed" : "",
                         f->maintenance ? (f->counted || f->overlap || f->excluded_cause
                                               ? "; partly in maintenance"
                                               : "; in maintenance")
                                        : "",
                         f->overlap ? "; overlaps another incident" : "", inc->note ? "; " : "");
        if (note != NULL && inc->note != NULL)
            note = arena_printf(&t->arena, "%s%s", note, inc->note);
        tb.rows[tb.nrows++] = (Row){.cell = {inc->id, inc->service, inc->severity, inc->cause,
                                             doc_finding_status(f), cell_minutes(t, f->counted),
                                             cell_minutes(t, f->maintenance + f->excluded_cause)},
                                    .note = keep(t, note)};
    }
    table_print(&t->b, &tb);
}

static void text_shortfalls(Text *t)
{
    const Settlement *s = t->s;
    Table tb = {.ncols = 7,
                .head = {"Metric", "Target", "Actual", "Gap", "Term", "Amount", "Forgone"},
                .right = {false, true, true, true, false, true, true},
                .note_indent = 2};
    section(&t->b, "Shortfalls");
    if (s->nshortfalls == 0) {
        field(&t->b, INDENT, "No shortfalls.", 0, NULL);
        return;
    }
    if (!table_alloc(t, &tb, s->nshortfalls))
        return;
    for (size_t i = 0; i < s->nshortfalls; i++) {
        const Shortfall *f = &s->shortfalls[i];
        const MetricDecl *d = f->metric;
        tb.rows[tb.nrows++] =
            (Row){.cell = {d->name, cell_measure(t, d, f->target), cell_measure(t, d, f->actual),
                           cell_measure(t, d, f->gap), f->term, cell_amount(t, f->amount),
                           cell_amount(t, f->forgone)},
                  .note = f->explanation};
    }
    table_print(&t->b, &tb);
}

/* What became of an input's rows: "42 rows read: 4 used, 38 set aside (0 of other contracts,
 * 38 of other periods)". */
static const char *rows_text(Text *t, const RowCount *r, const char *noun, const char *used,
                             const char *periods)
{
    size_t aside = r->other_contracts + r->other_periods;
    const char *text = arena_printf(&t->arena, "%zu %s%s read: %zu %s, %zu set aside", r->read,
                                    noun, r->read == 1 ? "" : "s", r->used, used, aside);
    if (text != NULL && aside > 0)
        text = arena_printf(&t->arena, "%s (%zu of other contracts, %zu %s)", text,
                            r->other_contracts, r->other_periods, periods);
    return keep(t, text);
}

/* Each input's rows, so that a reader can see none went missing. */
static void text_inputs(Text *t)
{
    section(&t->b, "Inputs");
    field(&t->b, INDENT, "Outcomes", 14,
          rows_text(t, &t->s->outcome_rows, "row", "used", "of other periods"));
    if (t->s->incident_log != NULL)
        field(
            &t->b, INDENT, "Incident log", 14,
            rows_text(t, &t->s->incident_rows, "incident", "in the period", "outside the period"));
}

static void text_digests(Text *t, const char *digest)
{
    section(&t->b, "Verification");
    field(&t->b, INDENT, "Contract script SHA-256", 25, t->s->decl->script_sha256);
    field(&t->b, INDENT, "Outcomes SHA-256", 25, t->s->outcomes_sha256);
    if (t->s->incident_log != NULL)
        field(&t->b, INDENT, "Incident log SHA-256", 25, t->s->incident_log->sha256);
    const History *h = t->s->history;
    if (h != NULL && h->n > 0) {
        char span[96];
        snprintf(span, sizeof span, "%s to %s (%zu, digests in the JSON)", h->periods[0].period.id,
                 h->periods[h->n - 1].period.id, h->n);
        field(&t->b, INDENT, "Earlier periods", 25, h->n == 1 ? h->periods[0].period.id : span);
    }
    field(&t->b, INDENT, "Document digest", 25, digest);
    buf_endline(&t->b);
    buf_puts(&t->b,
             "The document digest is the SHA-256 of the compact settlement JSON without its\n"
             "\"digest\" member: settling the same contract and outcomes again, on the same\n"
             "earlier periods, gives the same digest, on any machine.\n");
}

char *writer_text(const Settlement *s, OceError *err)
{
    char digest[DIGEST_HEX_SIZE];
    if (doc_digest(s, digest, err) != 0)
        return NULL;
    Text t = {.s = s};
    arena_init(&t.arena);
    text_header(&t);
    text_invoice(&t);
    text_metrics(&t);
    text_shortfalls(&t);
    text_incidents(&t);
    text_inputs(&t);
    text_digests(&t, digest);
    arena_free(&t.arena);
    if (t.failed)
        t.b.failed = true;
    return buf_finish(&t.b, err);
}

/* ---- Files ----------------------------------------------------------------------------- */

/* mkstemp creates files 0600, but these are documents to share: 0644 less the umask, as a
 * shell redirection would make them. Reading the umask means setting it back; oce is
 * single-threaded. */
static mode_t file_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0644 & ~mask;
}

/* The directories of dir are its prefixes ending before a '/' (and dir itself). */
static int ends_component(const char *dir, size_t i)
{
    return dir[i] == '\0' || (dir[i] == '/' && i > 0 && dir[i - 1] != '/');
}

/* Creates dir and its missing parents, as mkdir -p does. *made is the length of the outermost
 * directory it created (0 when dir existed), so that remove_made can take them away again.
 * Another process may create the same parent between the stat and the mkdir (two settles into
 * sibling folders): a directory found there then is as good as one made here. */
static int make_dirs(const char *dir, size_t *made, OceError *err)
{
    size_t len = strlen(dir);
    *made = 0;
    char *path = malloc(len + 1);
    if (path == NULL)
        return nomem(err);
    int rc = 0, restarts = 0;
    for (size_t i = 1; i <= len && rc == 0; i++) {
        if (!ends_component(dir, i))
            continue;
        memcpy(path, dir, i);
        path[i] = '\0';
        struct stat st;
        if (stat(path, &st) == 0) {
            if (!S_ISDIR(st.st_mode))
                rc = error_set(err, OCE_EIO, dir, 0, "cannot create the output directory: %s",
                               strerror(ENOTDIR));
        } else if (errno != ENOENT || mkdir(path, 0777) != 0) {
            int e = errno;
            if (e == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
                continue; /* made by another process meanwhile */
            if (e == ENOENT && restarts++ < 8) {
                i = 0; /* a parent another settle made, and took back as it failed */
                continue;
            }
            rc = error_set(err, OCE_EIO, dir, 0, "cannot create the output directory: %s",
                           strerror(e == EEXIST ? ENOTDIR : e));
        } else if (*made == 0) {
            *made = i;
        }
    }
    free(path);
    return rc;
}

/* Removes the directories make_dirs created, deepest first; only empty ones go. */
static void remove_made(const char *dir, size_t made)
{
    size_t len = strlen(dir);
    char *path = made > 0 ? malloc(len + 1) : NULL;
    for (size_t i = len; path != NULL && i >= made; i--) {
        if (!ends_component(dir, i))
            continue;
        memcpy(path, dir, i);
        path[i] = '\0';
        rmdir(path);
    }
    free(path);
}

/* dir "/" prefix name suffix, malloc'ed; NULL when out of memory. */
static char *path_join(const char *dir, const char *prefix, const char *name, const char *suffix)
{
    size_t d = strlen(dir);
    while (d > 1 && dir[d - 1] == '/')
        d--;
    size_t size = d + 1 + strlen(prefix) + strlen(name) + strlen(suffix) + 1;
    char *p = malloc(size);
    if (p != NULL)
        snprintf(p, size, "%.*s/%s%s%s", (int)d, dir, prefix, name, suffix);
    return p;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* --- Committing a set of files into a folder, all or nothing. ------------------------
 *
 * Each file is first written to a temporary of a fixed name beside it (".NAME.oce-tmp"). Once
 * all are written, a journal naming them (".oce-commit") is put in place by one rename, and
 * only then are the temporaries renamed onto their files; the journal goes last. A process
 * killed before the journal is in place leaves the old files; one killed after it leaves a
 * journal that the next writer into the folder finishes (writer_recover). Writers hold an
 * exclusive lock on the folder throughout, so no writer sees another's temporaries, and each
 * one's recovery removes every temporary no journal names. */

#define TEMP_SUFFIX ".oce-tmp"
#define JOURNAL ".oce-commit"
#define JOURNAL_MAX 4096 /* a handful of file names; a larger journal is not ours */

/* The temporary a file is written to before its commit. */
static char *temp_path(const char *dir, const char *name)
{
    return path_join(dir, ".", name, TEMP_SUFFIX);
}

/* Writes contents to path (created or truncated), flushed to disk. Errors name final. */
static int write_file(const char *path, const char *contents, mode_t mode, const char *final,
                      OceError *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return error_set(err, OCE_EIO, final, 0, "cannot create a temporary file: %s",
                         strerror(errno));
    int rc = 0;
    if (fchmod(fd, mode) != 0 || write_all(fd, contents, strlen(contents)) != 0 || fsync(fd) != 0)
        rc = error_set(err, OCE_EIO, final, 0, "cannot write: %s", strerror(errno));
    if (close(fd) != 0 && rc == 0)
        rc = error_set(err, OCE_EIO, final, 0, "cannot write: %s", strerror(errno));
    return rc;
}

/* Makes renames durable; best effort, as not every file system can sync a directory. */
static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

/* Takes the folder's writer lock, waiting for another writer to finish; the lock goes with
 * the descriptor, so a killed writer never leaves it held. Returns the descriptor, or -1.
 * The writer waited for may have failed and taken back the folder it made (remove_made):
 * then *gone is set, and -1 returned with no error. */
static int lock_dir(const char *dir, int *gone, OceError *err)
{
    *gone = 0;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return error_set(err, OCE_EIO, dir, 0, "cannot open the output directory: %s",
                         strerror(errno));
    while (flock(fd, LOCK_EX) != 0) {
        if (errno != EINTR) {
            error_set(err, OCE_EIO, dir, 0, "cannot lock the output directory: %s",
                      strerror(errno));
            close(fd);
            return -1;
        }
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && st.st_nlink == 0) { /* removed while this waited */
        close(fd);
        *gone = 1;
        return -1;
    }
    return fd;
}

/* A name a journal may hold: a plain file name of this folder. */
static int plain_name(const char *name, size_t len)
{
    return len > 0 && len < 256 && memchr(name, '/', len) == NULL && name[0] != '.';
}

/* Finishes the commit a journal records: renames each temporary it names that is still
 * there, then removes the journal. */
static int roll_forward(const char *dir, OceError *err)
{
    char *journal = path_join(dir, "", JOURNAL, ""), text[JOURNAL_MAX + 1];
    if (journal == NULL)
        return nomem(err);
    /* O_NONBLOCK: a pipe put there is refused below, not waited on with the lock held */
    int fd = open(journal, O_RDONLY | O_CLOEXEC | O_NONBLOCK), rc = 0;
    struct stat st;
    ssize_t n = fd < 0                                        ? 0
                : fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ? -1
                                                              : read(fd, text, JOURNAL_MAX + 1);
    if (fd >= 0)
        close(fd);
    if (fd < 0 && errno != ENOENT)
        rc = error_set(err, OCE_EIO, journal, 0, "cannot read: %s", strerror(errno));
    else if (n < 0 || n > JOURNAL_MAX)
        rc = error_set(err, OCE_EIO, journal, 0,
                       "is not a journal of oce's: move it out of the folder");
    for (char *line = text, *nl; rc == 0 && fd >= 0 && line < text + n; line = nl + 1) {
        nl = memchr(line, '\n', (size_t)(text + n - line));
        if (nl == NULL || !plain_name(line, (size_t)(nl - line))) {
            rc = error_set(err, OCE_EIO, journal, 0,
                           "is not a journal of oce's: move it out of the folder");
            break;
        }
        *nl = '\0';
        char *tmp = temp_path(dir, line), *final = path_join(dir, "", line, "");
        if (tmp == NULL || final == NULL)
            rc = nomem(err);
        else if (rename(tmp, final) != 0 && errno != ENOENT)
            rc = error_set(err, OCE_EIO, final, 0, "cannot write: %s", strerror(errno));
        free(tmp);
        free(final);
    }
    if (rc == 0 && fd >= 0) {
        sync_dir(dir);
        if (unlink(journal) != 0)
            rc = error_set(err, OCE_EIO, journal, 0, "cannot remove: %s", strerror(errno));
        sync_dir(dir);
    }
    free(journal);
    return rc;
}

/* Whether a file name is a temporary of an unfinished write: ours, or of the form earlier
 * versions of oce left (".NAME.tmp.XXXXXX"). */
static int is_leftover(const char *name)
{
    size_t len = strlen(name), s = strlen(TEMP_SUFFIX);
    if (name[0] != '.')
        return 0;
    if (len > s + 1 && strcmp(name + len - s, TEMP_SUFFIX) == 0)
        return 1;
    return len > 11 && memcmp(name + len - 11, ".tmp.", 5) == 0 &&
           (strstr(name, ".json.tmp.") || strstr(name, ".csv.tmp.") || strstr(name, ".txt.tmp."));
}

/* Removes the temporaries of writes that never reached their journal. */
static int remove_leftovers(const char *dir, OceError *err)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return error_set(err, OCE_EIO, dir, 0, "cannot read the output directory: %s",
                         strerror(errno));
    int rc = 0;
    for (struct dirent *e; rc == 0 && (e = readdir(d)) != NULL;) {
        if (!is_leftover(e->d_name))
            continue;
        char *path = path_join(dir, "", e->d_name, "");
        if (path == NULL)
            rc = nomem(err);
        else if (unlink(path) != 0 && errno != ENOENT)
            rc = error_set(err, OCE_EIO, path, 0, "cannot remove: %s", strerror(errno));
        free(path);
    }
    closedir(d);
    return rc;
}

/* With the lock held: finishes a commit a killed writer left, and clears its temporaries. */
static int recover_locked(const char *dir, OceError *err)
{
    return roll_forward(dir, err) == 0 && remove_leftovers(dir, err) == 0 ? 0 : -1;
}

int writer_recover(const char *dir, OceError *err)
{
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return 0; /* nothing written there yet; writing says why it cannot be */
    int gone, lock = lock_dir(dir, &gone, err);
    if (lock < 0)
        return gone ? 0 : -1; /* gone: nothing written there any more */
    int rc = recover_locked(dir, err);
    close(lock);
    return rc;
}

/* Puts the journal naming files in place, by one rename. */
static int write_journal(const char *dir, const OutputFile *files, size_t n, OceError *err)
{
    char text[JOURNAL_MAX + 1];
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(files[i].name);
        if (!plain_name(files[i].name, k) || len + k + 1 > JOURNAL_MAX)
            return error_set(err, OCE_EINTERNAL, files[i].name, 0, "not a plain file name");
        memcpy(text + len, files[i].name, k);
        text[len + k] = '\n';
        len += k + 1;
    }
    text[len] = '\0';
    char *journal = path_join(dir, "", JOURNAL, ""), *tmp = temp_path(dir, JOURNAL + 1);
    int rc = journal == NULL || tmp == NULL ? nomem(err) : 0;
    if (rc == 0 && write_file(tmp, text, 0600, journal, err) != 0)
        rc = -1;
    if (rc == 0 && rename(tmp, journal) != 0)
        rc = error_set(err, OCE_EIO, journal, 0, "cannot write: %s", strerror(errno));
    if (rc == 0)
        sync_dir(dir);
    else if (tmp != NULL)
        unlink(tmp);
    free(journal);
    free(tmp);
    return rc;
}

/* Writes every file's temporary; on failure removes those written. */
static int write_temps(const char *dir, const OutputFile *files, size_t n, OceError *err)
{
    mode_t mode = file_mode();
    int rc = 0;
    size_t i = 0;
    for (; i < n && rc == 0; i++) {
        char *tmp = temp_path(dir, files[i].name), *final = path_join(dir, "", files[i].name, "");
        struct stat st;
        /* a folder in a file's place would stop the commit half done, after the journal */
        if (tmp != NULL && final != NULL && lstat(final, &st) == 0 && S_ISDIR(st.st_mode))
            rc = error_set(err, OCE_EIO, final, 0, "cannot write: %s", strerror(EISDIR));
        else
            rc = tmp == NULL || final == NULL
                     ? nomem(err)
                     : write_file(tmp, files[i].contents, mode, final, err);
        free(tmp);
        free(final);
    }
    while (rc != 0 && i-- > 0) {
        char *tmp = temp_path(dir, files[i].name);
        if (tmp != NULL)
            unlink(tmp);
        free(tmp);
    }
    return rc;
}

/* Writes, then commits, with the lock held. */
static int write_locked(const char *dir, const OutputFile *files, size_t n,
                        int (*ready)(void *ctx, OceError *err), void *ctx, OceError *err)
{
    if (recover_locked(dir, err) != 0 || write_temps(dir, files, n, err) != 0)
        return -1;
    int rc = ready != NULL ? ready(ctx, err) : 0; /* refused: the files as they were stay */
    if (rc == 0)
        rc = write_journal(dir, files, n, err);
    if (rc != 0) {
        OceError ignored;
        error_init(&ignored);
        remove_leftovers(dir, &ignored);
        return -1;
    }
    return roll_forward(dir, err);
}

int writer_write_files(const char *dir, const OutputFile *files, size_t n,
                       int (*ready)(void *ctx, OceError *err), void *ctx, OceError *err)
{
    size_t made;
    int gone = 0, lock = -1;
    for (int tries = 0; lock < 0 && (tries == 0 || (gone && tries < 8)); tries++) {
        /* made again when the writer this one waited for took the folder back */
        if (make_dirs(dir, &made, err) != 0) {
            remove_made(dir, made);
            return -1;
        }
        lock = lock_dir(dir, &gone, err);
    }
    if (lock < 0 && gone)
        error_set(err, OCE_EIO, dir, 0, "cannot create the output directory: %s",
                  "another process keeps removing it");
    int rc = lock < 0 ? -1 : write_locked(dir, files, n, ready, ctx, err);
    if (lock >= 0)
        close(lock);
    if (rc != 0)
        remove_made(dir, made); /* a failed first run leaves no directory either */
    return rc;
}

/* --- A streamed file, committed with others. ---------------------------------------- */

struct WriterStream {
    char *dir, *name, *tmp, *final;
    int lock;
    size_t made;
    FILE *f;
    DigestSha256 hash;
    long long bytes;
};

static void stream_free(WriterStream *st)
{
    if (st->lock >= 0)
        close(st->lock);
    free(st->dir);
    free(st->name);
    free(st->tmp);
    free(st->final);
    free(st);
}

WriterStream *writer_stream_open(const char *dir, const char *name, OceError *err)
{
    WriterStream *st = calloc(1, sizeof *st);
    if (st == NULL) {
        nomem(err);
        return NULL;
    }
    st->lock = -1;
    st->dir = strdup(dir);
    st->name = strdup(name);
    st->tmp = temp_path(dir, name);
    st->final = path_join(dir, "", name, "");
    if (st->dir == NULL || st->name == NULL || st->tmp == NULL || st->final == NULL) {
        nomem(err);
        stream_free(st);
        return NULL;
    }
    int gone = 0;
    for (int tries = 0; st->lock < 0 && (tries == 0 || (gone && tries < 8)); tries++) {
        if (make_dirs(dir, &st->made, err) != 0)
            break;
        st->lock = lock_dir(dir, &gone, err);
    }
    int fd = -1;
    if (st->lock >= 0 && recover_locked(dir, err) == 0) {
        fd = open(st->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0 || fchmod(fd, file_mode()) != 0)
            error_set(err, OCE_EIO, st->final, 0, "cannot create a temporary file: %s",
                      strerror(errno));
        else if ((st->f = fdopen(fd, "w")) == NULL)
            error_set(err, OCE_EIO, st->final, 0, "cannot write: %s", strerror(errno));
    } else if (st->lock < 0 && gone && err->code == OCE_OK) {
        error_set(err, OCE_EIO, dir, 0, "cannot create the output directory: %s",
                  "another process keeps removing it");
    }
    if (st->f == NULL) {
        if (fd >= 0) {
            close(fd);
            unlink(st->tmp);
        }
        size_t made = st->made;
        char *d = strdup(dir);
        stream_free(st);
        if (d != NULL)
            remove_made(d, made);
        free(d);
        return NULL;
    }
    digest_sha256_begin(&st->hash);
    return st;
}

int writer_stream_write(WriterStream *st, const char *text, size_t len, OceError *err)
{
    if (len > 0 && fwrite(text, 1, len, st->f) != len)
        return error_set(err, OCE_EIO, st->final, 0, "cannot write: %s", strerror(errno));
    digest_sha256_add(&st->hash, text, len);
    st->bytes += (long long)len;
    return 0;
}

void writer_stream_digest(const WriterStream *st, char out[DIGEST_HEX_SIZE], long long *bytes)
{
    DigestSha256 copy = st->hash;
    digest_sha256_end(&copy, out);
    *bytes = st->bytes;
}

void writer_stream_abort(WriterStream *st)
{
    if (st == NULL)
        return;
    if (st->f != NULL)
        fclose(st->f);
    unlink(st->tmp);
    OceError ignored;
    error_init(&ignored);
    remove_leftovers(st->dir, &ignored);
    close(st->lock);
    st->lock = -1;
    remove_made(st->dir, st->made);
    stream_free(st);
}

int writer_stream_commit(WriterStream *st, const OutputFile *also, size_t n, OceError *err)
{
    FILE *f = st->f;
    st->f = NULL;
    int rc = 0;
    if (fflush(f) != 0 || fsync(fileno(f)) != 0)
        rc = error_set(err, OCE_EIO, st->final, 0, "cannot write: %s", strerror(errno));
    if (fclose(f) != 0 && rc == 0)
        rc = error_set(err, OCE_EIO, st->final, 0, "cannot write: %s", strerror(errno));
    OutputFile *all = rc == 0 ? malloc((n + 1) * sizeof *all) : NULL;
    if (rc == 0 && all == NULL)
        rc = nomem(err);
    if (rc == 0) {
        all[0] = (OutputFile){st->name, NULL};
        memcpy(all + 1, also, n * sizeof *also);
        if (write_temps(st->dir, also, n, err) != 0 || write_journal(st->dir, all, n + 1, err) != 0)
            rc = -1;
    }
    free(all);
    if (rc == 0)
        rc = roll_forward(st->dir, err);
    if (rc != 0) {
        writer_stream_abort(st);
        return -1;
    }
    stream_free(st);
    return 0;
}

/* --- A run's summary. ----------------------------------------------------------------- */

static void top_rows(Buf *b, const char *title, const SummaryCurrency *c, const SummaryTop *top,
                     size_t n)
{
    if (n == 0)
        return;
    char line[320], amount[MONEY_STR_MAX];
    snprintf(line, sizeof line, "largest %s, %s:\n", title, c->code);
    buf_puts(b, line);
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        w = strlen(top[i].contract) > w ? strlen(top[i].contract) : w;
    for (size_t i = 0; i < n; i++) {
        money_format(top[i].amount, c->minor_unit, amount, sizeof amount);
        snprintf(line, sizeof line, "  %-*s  %-7s  %12s  %s", (int)w, top[i].contract,
                 top[i].period, amount, top[i].what);
        buf_puts(b, line);
        buf_endline(b);
    }
}

static void notes(Buf *b, const char *title, const SummaryNote *list, size_t n, size_t all)
{
    if (all == 0)
        return;
    char line[900];
    snprintf(line, sizeof line, "%s:\n", title);
    buf_puts(b, line);
    for (size_t i = 0; i < n; i++) {
        if (list[i].contract[0] == '\0')
            snprintf(line, sizeof line, "  %s\n", list[i].text);
        else
            snprintf(line, sizeof line, "  %s%s%s: %s\n", list[i].contract,
                     list[i].period[0] ? " " : "", list[i].period, list[i].text);
        buf_puts(b, line);
    }
    if (all > n) {
        snprintf(line, sizeof line, "  and %zu more (the first %zu are listed)\n", all - n, n);
        buf_puts(b, line);
    }
}

char *writer_summary_text(const SummaryOut *so, OceError *err)
{
    const Summary *sum = so->sum;
    Buf b = {0};
    char line[600];
    snprintf(line, sizeof line,
             "oce run %s: %zu contract%s: %zu period%s settled, %zu contract%s failed, %zu not "
             "due\n",
             so->period, sum->contracts, sum->contracts == 1 ? "" : "s", sum->settled,
             sum->settled == 1 ? "" : "s", sum->failed, sum->failed == 1 ? "" : "s", sum->not_due);
    buf_puts(&b, line);
    if (sum->ncurrencies > 0) {
        char cells[SUMMARY_CURRENCIES][3][MONEY_STR_MAX];
        size_t w[3] = {7, 7, 3};
        for (size_t k = 0; k < sum->ncurrencies; k++) {
            const SummaryCurrency *c = &sum->currencies[k];
            const Money m[3] = {c->charges, c->credits, c->net};
            for (int j = 0; j < 3; j++) {
                money_format(m[j], c->minor_unit, cells[k][j], MONEY_STR_MAX);
                w[j] = strlen(cells[k][j]) > w[j] ? strlen(cells[k][j]) : w[j];
            }
        }
        static const char *const heads[3] = {"charges", "credits", "net"};
        buf_puts(&b, "\ncurrency  settled");
        for (int j = 0; j < 3; j++) {
            buf_repeat(&b, ' ', 2 + w[j] - strlen(heads[j]));
            buf_puts(&b, heads[j]);
        }
        buf_endline(&b);
        for (size_t k = 0; k < sum->ncurrencies; k++) {
            snprintf(line, sizeof line, "%-8s  %7zu", sum->currencies[k].code,
                     sum->currencies[k].settled);
            buf_puts(&b, line);
            for (int j = 0; j < 3; j++) {
                buf_repeat(&b, ' ', 2 + w[j] - strlen(cells[k][j]));
                buf_puts(&b, cells[k][j]);
            }
            buf_endline(&b);
        }
        for (size_t k = 0; k < sum->ncurrencies; k++) {
            const SummaryCurrency *c = &sum->currencies[k];
            if (c->ncredits_top + c->nshortfalls_top > 0)
                buf_puts(&b, "\n");
            top_rows(&b, "credits", c, c->credits_top, c->ncredits_top);
            top_rows(&b, "shortfalls", c, c->shortfalls_top, c->nshortfalls_top);
        }
    }
    if (sum->failed + sum->not_due + sum->strays > 0)
        buf_puts(&b, "\n");
    notes(&b, "failed", sum->failures, sum->nfailures, sum->failure_count);
    notes(&b, "not due", sum->not_due_list, sum->nnot_due, sum->not_due);
    notes(&b, "rows of no contract", sum->stray_list, sum->nstrays, sum->strays);
    snprintf(line, sizeof line, "\nsettlements: %s (%zu line%s)\n", so->settlements, sum->settled,
             sum->settled == 1 ? "" : "s");
    buf_puts(&b, line);
    return buf_finish(&b, err);
}

static cJSON *amount_json(Money m, int minor)
{
    char buf[MONEY_STR_MAX];
    money_format(m, minor, buf, sizeof buf);
    return cJSON_CreateString(buf);
}

static cJSON *tops_json(const SummaryCurrency *c, const SummaryTop *top, size_t n, bool shortfalls)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; list != NULL && i < n; i++) {
        cJSON *t = cJSON_CreateObject();
        cJSON_AddItemToArray(list, t);
        cJSON_AddStringToObject(t, "contract", top[i].contract);
        cJSON_AddStringToObject(t, "period", top[i].period);
        if (shortfalls)
            cJSON_AddStringToObject(t, "shortfall", top[i].what);
        cJSON_AddItemToObject(t, "amount", amount_json(top[i].amount, c->minor_unit));
    }
    return list;
}

static cJSON *notes_json(const SummaryNote *list, size_t n, bool failures)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a != NULL && i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToArray(a, o);
        cJSON_AddStringToObject(o, "contract", list[i].contract);
        if (failures) {
            if (list[i].period[0])
                cJSON_AddStringToObject(o, "period", list[i].period);
            else
                cJSON_AddNullToObject(o, "period");
            if (list[i].term[0])
                cJSON_AddStringToObject(o, "term", list[i].term);
            else
                cJSON_AddNullToObject(o, "term");
            cJSON_AddStringToObject(o, "error", list[i].text);
        } else {
            cJSON_AddStringToObject(o, "why", list[i].text);
        }
    }
    return a;
}

char *writer_summary_json(const SummaryOut *so, OceError *err)
{
    const Summary *sum = so->sum;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "format", "oce-run-summary-1");
    cJSON_AddStringToObject(o, "period", so->period);
    cJSON_AddNumberToObject(o, "contracts", (double)sum->contracts);
    cJSON_AddNumberToObject(o, "settled", (double)sum->settled);
    cJSON_AddNumberToObject(o, "failed", (double)sum->failed);
    cJSON_AddNumberToObject(o, "failure_count", (double)sum->failure_count);
    cJSON_AddNumberToObject(o, "not_due", (double)sum->not_due);
    cJSON *cur = cJSON_AddArrayToObject(o, "currencies");
    for (size_t k = 0; cur != NULL && k < sum->ncurrencies; k++) {
        const SummaryCurrency *c = &sum->currencies[k];
        cJSON *t = cJSON_CreateObject();
        cJSON_AddItemToArray(cur, t);
        cJSON_AddStringToObject(t, "currency", c->code);
        cJSON_AddNumberToObject(t, "settled", (double)c->settled);
        cJSON_AddItemToObject(t, "charges", amount_json(c->charges, c->minor_unit));
        cJSON_AddItemToObject(t, "credits", amount_json(c->credits, c->minor_unit));
        cJSON_AddItemToObject(t, "net", amount_json(c->net, c->minor_unit));
        cJSON_AddItemToObject(t, "largest_credits",
                              tops_json(c, c->credits_top, c->ncredits_top, false));
        cJSON_AddItemToObject(t, "largest_shortfalls",
                              tops_json(c, c->shortfalls_top, c->nshortfalls_top, true));
    }
    cJSON_AddItemToObject(o, "failures", notes_json(sum->failures, sum->nfailures, true));
    cJSON_AddItemToObject(o, "not_due_contracts",
                          notes_json(sum->not_due_list, sum->nnot_due, false));
    cJSON_AddNumberToObject(o, "rows_of_no_contract", (double)sum->strays);
    cJSON *strays = cJSON_AddArrayToObject(o, "rows_of_no_contract_listed");
    for (size_t k = 0; strays != NULL && k < sum->nstrays; k++)
        cJSON_AddItemToArray(strays, cJSON_CreateString(sum->stray_list[k].text));
    cJSON *file = cJSON_AddObjectToObject(o, "settlements");
    cJSON_AddStringToObject(file, "file", so->settlements);
    cJSON_AddNumberToObject(file, "lines", (double)sum->settled);
    cJSON_AddNumberToObject(file, "bytes", (double)so->bytes);
    cJSON_AddStringToObject(file, "sha256", so->sha256);
    char *text = o != NULL ? cJSON_Print(o) : NULL;
    cJSON_Delete(o);
    if (text == NULL) {
        nomem(err);
        return NULL;
    }
    size_t n = strlen(text);
    char *with_nl = realloc(text, n + 2);
    if (with_nl == NULL) {
        free(text);
        nomem(err);
        return NULL;
    }
    with_nl[n] = '\n';
    with_nl[n + 1] = '\0';
    return with_nl;
}
