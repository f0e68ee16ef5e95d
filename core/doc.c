#include "doc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "calendar.h"
#include "money.h"
#include "tz.h"

static int nomem(OceError *err)
{
    return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
}

/* ---- Values as the document writes them ------------------------------------------------ */

/* Writes m with `places` fractional digits, or with more when m has more, so that a value
 * is never cut short; places < 0 gives the shortest exact form. */
static void fmt_places(Money m, int places, char buf[MONEY_STR_MAX])
{
    if (places >= 0 && money_places(m) > places)
        places = money_places(m);
    money_format(m, places, buf, MONEY_STR_MAX);
}

void doc_format_amount(const Settlement *s, Money m, char buf[MONEY_STR_MAX])
{
    fmt_places(m, s->decl->minor_unit, buf);
}

void doc_format_measure(const Settlement *s, const MetricDecl *d, Money m, char buf[MONEY_STR_MAX])
{
    fmt_places(m, d->is_money ? s->decl->minor_unit : d->precision, buf);
}

void doc_covered(const Settlement *s, Date *from, Date *to)
{
    const Decl *c = s->decl;
    const Period *p = &s->period;
    *from = calendar_date_cmp(c->effective_from, p->start) > 0 ? c->effective_from : p->start;
    *to = calendar_date_cmp(c->effective_to, p->end) < 0 ? c->effective_to : p->end;
}

const char *doc_finding_status(const Finding *f)
{
    if (!f->counted_cause)
        return "excluded";
    if (f->counted == 0)
        return "not counted";
    return f->maintenance || f->overlap || f->outside ? "partly counted" : "counted";
}

/* Nanoseconds as minutes, to `places` (-1: the shortest exact form of the two-place value). */
static void fmt_minutes(long long ns, int places, char buf[MONEY_STR_MAX])
{
    Money m;
    money_div(money_from_int(ns), money_from_int(60 * TZ_SECOND), 2, MONEY_HALF_EVEN, &m, NULL);
    money_format(m, places, buf, MONEY_STR_MAX);
}

enum { REASON_MAX = 600 };

/* Why an incident counted what it did: "cause customer is excluded; 30 minutes in
 * maintenance windows", into buf. */
static const char *finding_reason(const Settlement *s, const Finding *f, char buf[REASON_MAX])
{
    size_t n = 0, size = REASON_MAX;
    buf[0] = '\0';
    char m[MONEY_STR_MAX];
    const struct {
        long long ns;
        const char *what;
    } parts[] = {{f->maintenance, "in maintenance windows"},
                 {f->overlap, "already counted for an earlier incident"},
                 {f->outside, "outside service hours"}};
    if (!f->counted_cause)
        n += (size_t)snprintf(buf + n, size - n, "cause %s is excluded", f->incident->cause);
    for (size_t k = 0; k < 3; k++) {
        if (parts[k].ns == 0 || n >= size)
            continue;
        fmt_minutes(parts[k].ns, -1, m);
        n +=
            (size_t)snprintf(buf + n, size - n, "%s%s minutes %s", n ? "; " : "", m, parts[k].what);
    }
    const IncidentReport *r = s->incidents;
    if (f->incident->start < r->from && n < size)
        n += (size_t)snprintf(buf + n, size - n, "%sbegan before the period", n ? "; " : "");
    if (!f->incident->open && f->incident->end > r->to && n < size)
        n += (size_t)snprintf(buf + n, size - n, "%sruns on past the period", n ? "; " : "");
    if (n == 0 && f->to == f->from)
        snprintf(buf, size, "lasted no time");
    else if (n == 0 && n < size)
        snprintf(buf, size, "%s",
                 f->incident->open ? "open: counted to the end of the period" : "counted in full");
    else if (f->incident->open && n < size)
        snprintf(buf + n, size - n, "; open: counted to the end of the period");
    return buf;
}

/* ---- The stream ------------------------------------------------------------------------ */

/* Compact bytes are gathered this many at a time before they are hashed, so the hash sees
 * few large pieces rather than a piece per token. */
#define STAGE_SIZE 4096
/* The text buffer starts at this: a document of a few lines fits without growing. */
#define TEXT_START 8192

/* One document being written: its text (when wanted) and, at the same time, the SHA-256 of
 * its compact form. `first` says the object or array being written has no member yet; depth
 * is cJSON's nesting depth, which sets the indentation. A failed allocation is sticky and
 * checked once, at the end. */
typedef struct Out {
    const Settlement *s;
    bool text;  /* write the text; else only the digest */
    bool line;  /* write the compact form, the digest member last, as one line */
    char *data; /* the text, malloc'ed; owned here until doc_write hands it over */
    size_t len, cap;
    bool failed;
    bool first;
    unsigned depth;
    DigestSha256 hash;
    size_t nstage;
    char stage[STAGE_SIZE];
} Out;

static void buf_add(Out *o, const char *p, size_t n)
{
    if (o->failed)
        return;
    if (o->len + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : TEXT_START;
        while (o->len + n + 1 > cap)
            cap *= 2;
        char *more = realloc(o->data, cap);
        if (more == NULL) {
            o->failed = true;
            return;
        }
        o->data = more;
        o->cap = cap;
    }
    memcpy(o->data + o->len, p, n);
    o->len += n;
}

static void text_add(Out *o, const char *p, size_t n)
{
    if (o->text)
        buf_add(o, p, n);
}

static void hash_add(Out *o, const char *p, size_t n)
{
    if (o->line)
        buf_add(o, p, n);
    if (o->nstage + n > STAGE_SIZE) {
        digest_sha256_add(&o->hash, o->stage, o->nstage);
        o->nstage = 0;
        if (n > STAGE_SIZE) {
            digest_sha256_add(&o->hash, p, n);
            return;
        }
    }
    memcpy(o->stage + o->nstage, p, n);
    o->nstage += n;
}

/* Bytes of both forms. */
static void both(Out *o, const char *p, size_t n)
{
    text_add(o, p, n);
    hash_add(o, p, n);
}

/* A new line of the text, indented by the depth (cJSON indents with tabs). */
static void newline(Out *o)
{
    static const char tabs[] = "\n\t\t\t\t\t\t\t\t";
    size_t n = o->depth;
    text_add(o, tabs, n < sizeof tabs - 2 ? n + 1 : sizeof tabs - 1);
    for (; n > sizeof tabs - 2; n--)
        text_add(o, "\t", 1);
}

/* The escape of a byte that needs one (c is not NUL), into esc; its length. */
static size_t escape(unsigned char c, char esc[8])
{
    static const char from[] = "\"\\\b\f\n\r\t", to[] = "\"\\bfnrt";
    const char *k = strchr(from, c);
    esc[0] = '\\';
    if (k != NULL) {
        esc[1] = to[k - from];
        return 2;
    }
    snprintf(esc + 1, 7, "u%04x", c);
    return 6;
}

/* Room for n more bytes at the end of the text, or NULL when no text is written or memory
 * ran out (then nothing is). */
static char *text_room(Out *o, size_t n)
{
    if (!o->text || o->failed)
        return NULL;
    if (o->len + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : TEXT_START;
        while (o->len + n + 1 > cap)
            cap *= 2;
        char *more = realloc(o->data, cap);
        if (more == NULL) {
            o->failed = true;
            return NULL;
        }
        o->data = more;
        o->cap = cap;
    }
    char *p = o->data + o->len;
    o->len += n;
    return p;
}

/* Bytes of both forms wrapped in quotes, in one piece each. */
static void quoted(Out *o, const char *p, size_t n)
{
    char *t = text_room(o, n + 2);
    if (t != NULL) {
        t[0] = '"';
        memcpy(t + 1, p, n);
        t[n + 1] = '"';
    }
    if (o->line || o->nstage + n + 2 > STAGE_SIZE) {
        hash_add(o, "\"", 1);
        hash_add(o, p, n);
        hash_add(o, "\"", 1);
        return;
    }
    char *h = o->stage + o->nstage;
    h[0] = '"';
    memcpy(h + 1, p, n);
    h[n + 1] = '"';
    o->nstage += n + 2;
}

/* A JSON string as cJSON escapes it: the quote and the backslash, \b \f \n \r \t, the
 * other bytes below 0x20 as \u00xx; every other byte (UTF-8 included, and "/") as it is.
 * NULL is null. A string with nothing to escape, as most are, is written in one piece. */
static void string(Out *o, const char *s)
{
    if (s == NULL) {
        both(o, "null", 4);
        return;
    }
    const unsigned char *p = (const unsigned char *)s;
    while (*p >= 0x20 && *p != '"' && *p != '\\')
        p++;
    if (*p == '\0') {
        quoted(o, s, (size_t)(p - (const unsigned char *)s));
        return;
    }
    both(o, "\"", 1);
    p = (const unsigned char *)s;
    for (;;) {
        const unsigned char *run = p;
        while (*p >= 0x20 && *p != '"' && *p != '\\')
            p++;
        both(o, (const char *)run, (size_t)(p - run));
        if (*p == '\0')
            break;
        char esc[8];
        size_t n = escape(*p, esc);
        both(o, esc, n);
        p++;
    }
    both(o, "\"", 1);
}

/* Keys longer than this are written piece by piece; every key of the document is shorter. */
#define KEY_MAX 48

/* The key of the next member of the object being written; keys are plain literals. The
 * text gets the comma, a new line indented by the depth, the key and a tab; the compact form
 * the comma and the key: each in one piece. */
static void key(Out *o, const char *k)
{
    size_t n = strlen(k);
    bool comma = !o->first;
    o->first = false;
    if (n > KEY_MAX || o->depth > 8) {
        if (comma)
            both(o, ",", 1);
        newline(o);
        both(o, "\"", 1);
        both(o, k, n);
        both(o, "\":", 2);
        text_add(o, "\t", 1);
        return;
    }
    char c[KEY_MAX + 4];
    size_t cn = 0;
    if (comma)
        c[cn++] = ',';
    c[cn++] = '"';
    memcpy(c + cn, k, n);
    cn += n;
    c[cn++] = '"';
    c[cn++] = ':';
    hash_add(o, c, cn);
    char *t = text_room(o, cn + 2 + o->depth);
    if (t == NULL)
        return;
    if (comma)
        *t++ = ',';
    *t++ = '\n';
    memset(t, '\t', o->depth);
    t += o->depth;
    memcpy(t, c + comma, cn - comma);
    t[cn - comma] = '\t';
}

/* The next element of the array being written. */
static void element(Out *o)
{
    if (!o->first)
        both(o, ",", 1), text_add(o, " ", 1);
    o->first = false;
}

static void open_object(Out *o)
{
    both(o, "{", 1);
    o->depth++;
    o->first = true;
}

static void close_object(Out *o)
{
    o->depth--;
    newline(o);
    both(o, "}", 1);
    o->first = false;
}

static void open_array(Out *o)
{
    both(o, "[", 1);
    o->depth++;
    o->first = true;
}

static void close_array(Out *o)
{
    o->depth--;
    both(o, "]", 1);
    o->first = false;
}

/* ---- Members --------------------------------------------------------------------------- */

static void put_str(Out *o, const char *k, const char *v)
{
    key(o, k);
    string(o, v);
}

static void put_bool(Out *o, const char *k, bool v)
{
    key(o, k);
    both(o, v ? "true" : "false", v ? 4 : 5);
}

static void put_null(Out *o, const char *k)
{
    key(o, k);
    both(o, "null", 4);
}

static void put_amount(Out *o, const char *k, Money m)
{
    char buf[MONEY_STR_MAX];
    doc_format_amount(o->s, m, buf);
    put_str(o, k, buf);
}

static void put_measure(Out *o, const char *k, const MetricDecl *d, Money m)
{
    char buf[MONEY_STR_MAX];
    doc_format_measure(o->s, d, m, buf);
    put_str(o, k, buf);
}

static void put_date(Out *o, const char *k, Date d)
{
    char buf[16];
    calendar_format_date(d, buf);
    put_str(o, k, buf);
}

static void put_count(Out *o, const char *k, size_t n)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%zu", n);
    put_str(o, k, buf);
}

/* Nanoseconds as minutes, exact to two places where they can be. */
static void put_minutes(Out *o, const char *k, long long ns)
{
    char buf[MONEY_STR_MAX];
    fmt_minutes(ns, 2, buf);
    put_str(o, k, buf);
}

static void put_instant(Out *o, const char *k, Instant t)
{
    char buf[TZ_TEXT_MAX];
    tz_format_utc(t, buf);
    put_str(o, k, buf);
}

/* ---- The document ---------------------------------------------------------------------- */

static void write_contract(Out *o)
{
    const Decl *c = o->s->decl;
    key(o, "contract");
    open_object(o);
    put_str(o, "id", c->id);
    put_str(o, "title", c->title);
    put_str(o, "customer", c->customer);
    put_str(o, "vendor", c->vendor);
    put_str(o, "script_sha256", c->script_sha256);
    put_str(o, "version", o->s->version->name);
    if (c->nparams > 0) { /* a template's: the contract is the script and these */
        key(o, "parameters");
        open_object(o);
        for (size_t k = 0; k < c->nparams; k++)
            put_str(o, c->param_names[k], c->param_values[k]);
        close_object(o);
    }
    close_object(o);
}

static void write_period(Out *o)
{
    const Period *p = &o->s->period;
    Date from, to;
    doc_covered(o->s, &from, &to);
    key(o, "period");
    open_object(o);
    put_str(o, "id", p->id);
    put_str(o, "kind", calendar_period_kind_name(p->kind));
    put_date(o, "start", p->start);
    put_date(o, "end", p->end);
    put_date(o, "covered_start", from);
    put_date(o, "covered_end", to);
    close_object(o);
}

static void write_metrics(Out *o)
{
    key(o, "metrics");
    open_array(o);
    for (size_t i = 0; i < o->s->nmetrics; i++) {
        const MetricResult *r = &o->s->metrics[i];
        const MetricDecl *d = r->decl;
        element(o);
        open_object(o);
        put_str(o, "name", d->name);
        put_str(o, "unit", d->unit);
        put_str(o, "direction", d->has_better ? decl_direction_name(d->better) : NULL);
        put_bool(o, "required", d->required);
        if (d->has_target)
            put_measure(o, "target", d, d->target);
        else
            put_null(o, "target");
        if (r->present)
            put_measure(o, "value", d, r->value);
        else
            put_null(o, "value");
        if (r->met < 0)
            put_null(o, "met");
        else
            put_bool(o, "met", r->met);
        if (r->derivation != NULL)
            put_str(o, "derivation", r->derivation);
        close_object(o);
    }
    close_array(o);
}

/* What became of an input's rows, under k. */
static void write_rows(Out *o, const char *k, const RowCount *r)
{
    key(o, k);
    open_object(o);
    put_count(o, "read", r->read);
    put_count(o, "used", r->used);
    key(o, "set_aside");
    open_object(o);
    put_count(o, "other_contracts", r->other_contracts);
    put_count(o, "other_periods", r->other_periods);
    close_object(o);
    close_object(o);
}

static void write_incident(Out *o, const Finding *f)
{
    const Incident *inc = f->incident;
    char reason[REASON_MAX];
    open_object(o);
    put_str(o, "id", inc->id);
    put_str(o, "service", inc->service);
    put_str(o, "severity", inc->severity);
    put_str(o, "cause", inc->cause);
    put_instant(o, "start", inc->start);
    if (inc->open)
        put_null(o, "end");
    else
        put_instant(o, "end", inc->end);
    put_bool(o, "disputed", inc->disputed);
    put_str(o, "status", doc_finding_status(f));
    put_str(o, "reason", finding_reason(o->s, f, reason));
    put_minutes(o, "counted_minutes", f->counted);
    put_minutes(o, "maintenance_minutes", f->maintenance);
    put_minutes(o, "excluded_cause_minutes", f->excluded_cause);
    put_minutes(o, "overlap_minutes", f->overlap);
    put_minutes(o, "outside_service_minutes", f->outside);
    if (f->restored) {
        put_minutes(o, "restore_minutes", f->restore_clock);
        put_minutes(o, "restore_service_minutes", f->restore_service);
    } else {
        put_null(o, "restore_minutes");
        put_null(o, "restore_service_minutes");
    }
    put_str(o, "note", inc->note);
    close_object(o);
}

/* Every incident touching the period: what it counted, what it did not, and why. */
static void write_incidents(Out *o)
{
    const IncidentReport *r = o->s->incidents;
    if (r == NULL)
        return;
    put_str(o, "incidents_sha256", o->s->incident_log->sha256);
    write_rows(o, "incidents_rows", &o->s->incident_rows);
    key(o, "incidents");
    open_array(o);
    for (size_t i = 0; i < r->n; i++) {
        element(o);
        write_incident(o, &r->v[i]);
    }
    close_array(o);
}

static void write_lines(Out *o)
{
    key(o, "lines");
    open_array(o);
    for (size_t i = 0; i < o->s->nlines; i++) {
        const Line *l = &o->s->lines[i];
        element(o);
        open_object(o);
        put_str(o, "term", l->term);
        put_str(o, "kind", settlement_kind_name(l->kind));
        put_str(o, "description", l->description);
        put_amount(o, "amount", l->amount);
        put_amount(o, "forgone", l->forgone);
        put_str(o, "explanation", l->explanation);
        close_object(o);
    }
    close_array(o);
}

static void write_shortfalls(Out *o)
{
    key(o, "shortfalls");
    open_array(o);
    for (size_t i = 0; i < o->s->nshortfalls; i++) {
        const Shortfall *f = &o->s->shortfalls[i];
        element(o);
        open_object(o);
        put_str(o, "metric", f->metric->name);
        put_measure(o, "target", f->metric, f->target);
        put_measure(o, "actual", f->metric, f->actual);
        put_measure(o, "gap", f->metric, f->gap);
        put_str(o, "term", f->term);
        put_amount(o, "amount", f->amount);
        put_amount(o, "forgone", f->forgone);
        put_str(o, "explanation", f->explanation);
        close_object(o);
    }
    close_array(o);
}

static void write_totals(Out *o)
{
    key(o, "totals");
    open_object(o);
    put_amount(o, "charges", o->s->charges);
    put_amount(o, "credits", o->s->credits);
    put_amount(o, "net", o->s->net);
    close_object(o);
}

/* The earlier periods the settlement was computed on, each by the digest of its document. */
static void write_history(Out *o)
{
    const History *h = o->s->history;
    key(o, "history");
    open_array(o);
    for (size_t i = 0; h != NULL && i < h->n; i++) {
        element(o);
        open_object(o);
        put_str(o, "period", h->periods[i].period.id);
        put_str(o, "digest", h->periods[i].digest);
        close_object(o);
    }
    close_array(o);
}

/* The whole document in one pass, keys in the order of docs/formats.md: the members, then
 * the digest of their compact form, then (in the text alone) the digest member. */
static int write_document(Out *o, char digest[DIGEST_HEX_SIZE])
{
    const Settlement *s = o->s;
    digest_sha256_begin(&o->hash);
    open_object(o);
    put_str(o, "format", DOC_FORMAT);
    write_contract(o);
    write_period(o);
    put_str(o, "currency", s->decl->currency);
    put_str(o, "rounding", money_rounding_name(s->decl->rounding));
    write_metrics(o);
    write_lines(o);
    write_shortfalls(o);
    write_totals(o);
    put_str(o, "outcomes_sha256", s->outcomes_sha256);
    write_rows(o, "outcomes_rows", &s->outcome_rows);
    write_history(o);
    write_incidents(o);
    bool line = o->line;
    o->line = false; /* the line's own "}" comes after its digest member */
    hash_add(o, "}", 1);
    digest_sha256_add(&o->hash, o->stage, o->nstage);
    digest_sha256_end(&o->hash, digest);
    if (line) {
        buf_add(o, ",\"digest\":\"", 11);
        buf_add(o, digest, DIGEST_HEX_SIZE - 1);
        buf_add(o, "\"}\n", 4); /* with the NUL */
    }
    text_add(o, ",\n\t\"digest\":\t\"", 14);
    text_add(o, digest, DIGEST_HEX_SIZE - 1);
    text_add(o, "\"\n}\n", 5); /* with the NUL */
    return o->failed ? -1 : 0;
}

/* An Out for s; its stage is left as it is, since only what is added to it is read. */
static void out_init(Out *o, const Settlement *s, bool text)
{
    o->s = s;
    o->text = text;
    o->line = false;
    o->data = NULL;
    o->len = o->cap = 0;
    o->failed = false;
    o->first = true;
    o->depth = 0;
    o->nstage = 0;
}

char *doc_write(const Settlement *s, OceError *err)
{
    Out o;
    char digest[DIGEST_HEX_SIZE];
    out_init(&o, s, true);
    if (write_document(&o, digest) != 0) {
        free(o.data);
        nomem(err);
        return NULL;
    }
    return o.data;
}

char *doc_write_line(const Settlement *s, OceError *err)
{
    Out o;
    char digest[DIGEST_HEX_SIZE];
    out_init(&o, s, false);
    o.line = true;
    if (write_document(&o, digest) != 0) {
        free(o.data);
        nomem(err);
        return NULL;
    }
    return o.data;
}

int doc_digest(const Settlement *s, char digest[DIGEST_HEX_SIZE], OceError *err)
{
    Out o;
    (void)err; /* the digest alone needs no memory */
    out_init(&o, s, false);
    return write_document(&o, digest);
}

/* ---- Reading a document into a HistoryPeriod ------------------------------------------- */

typedef struct Reader {
    const char *what;
    Arena *arena;
    OceError *err;
    int bad; /* an error is filled */
} Reader;

static int broken(Reader *d, const char *fmt, const char *detail)
{
    if (!d->bad)
        error_set(d->err, OCE_EPERIOD, NULL, 0, "%s: %s%s", d->what, fmt, detail ? detail : "");
    d->bad = 1;
    return -1;
}

static const char *text(Reader *d, const cJSON *o, const char *k)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
    if (s == NULL) {
        broken(d, "not a settlement document: no text for ", k);
        return NULL;
    }
    char *copy = arena_strdup(d->arena, s);
    if (copy == NULL && !d->bad) {
        error_set(d->err, OCE_ENOMEM, NULL, 0, "out of memory");
        d->bad = 1;
    }
    return copy;
}

static Money amount(Reader *d, const cJSON *o, const char *k, const char *currency)
{
    Money m = money_zero(currency);
    const char *s = text(d, o, k);
    OceError e;
    error_init(&e);
    if (s != NULL && money_parse(s, currency, &m, &e) != 0)
        broken(d, "not a settlement document: a bad amount for ", k);
    return m;
}

/* The list doc[key], with room in the arena for an element of size for each of its items in
 * *room; NULL, the document broken, when it is no list or out of memory. */
static const cJSON *list_of(Reader *d, const cJSON *doc, const char *key, size_t size, void **room)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(doc, key);
    if (!cJSON_IsArray(a)) {
        broken(d, "not a settlement document: no ", key);
        return NULL;
    }
    *room = arena_alloc(d->arena, ((size_t)cJSON_GetArraySize(a) + 1) * size);
    if (*room == NULL) {
        broken(d, "out of memory", NULL);
        return NULL;
    }
    return a;
}

static void read_metrics(Reader *d, const cJSON *doc, const char *currency, HistoryPeriod *h)
{
    const cJSON *a = list_of(d, doc, "metrics", sizeof *h->metrics, (void **)&h->metrics);
    if (a == NULL)
        return;
    const cJSON *m;
    cJSON_ArrayForEach(m, a)
    {
        HistoryMetric *hm = &h->metrics[h->nmetrics++];
        const char *unit = text(d, m, "unit");
        hm->name = text(d, m, "name");
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(m, "value");
        const cJSON *met = cJSON_GetObjectItemCaseSensitive(m, "met");
        hm->present = !cJSON_IsNull(v) && v != NULL;
        hm->met = cJSON_IsBool(met) ? cJSON_IsTrue(met) : -1;
        if (hm->present && unit != NULL)
            hm->value = amount(d, m, "value", strcmp(unit, currency) == 0 ? currency : NULL);
    }
}

static void read_lines(Reader *d, const cJSON *doc, const char *currency, HistoryPeriod *h)
{
    static const char *const kinds[] = {"charge", "credit", "bonus", "share"};
    const cJSON *a = list_of(d, doc, "lines", sizeof *h->lines, (void **)&h->lines);
    if (a == NULL)
        return;
    const cJSON *o;
    cJSON_ArrayForEach(o, a)
    {
        Line *l = &h->lines[h->nlines++];
        l->term = text(d, o, "term");
        const char *kind = text(d, o, "kind");
        size_t k = 0;
        while (kind && k < 4 && strcmp(kind, kinds[k]) != 0)
            k++;
        if (kind && k == 4)
            broken(d, "not a settlement document: a line of unknown kind ", kind);
        l->kind = (LineKind)(k < 4 ? k : 0);
        l->description = text(d, o, "description");
        l->explanation = text(d, o, "explanation");
        l->amount = amount(d, o, "amount", currency);
        l->forgone = amount(d, o, "forgone", currency);
    }
}

int doc_read_period(const char *document, const char *what, const Decl *c, Arena *arena,
                    HistoryPeriod *out, OceError *err)
{
    Reader d = {what, arena, err, 0};
    memset(out, 0, sizeof *out);
    cJSON *doc = cJSON_Parse(document);
    char hex[DIGEST_HEX_SIZE];
    const char *format = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "format"));
    /* oce-settlement-1 (before contract.version and history) and 2 (before the rows of its
     * inputs were counted) read the same. */
    if (doc == NULL || format == NULL ||
        (strcmp(format, "oce-settlement-1") != 0 && strcmp(format, DOC_FORMAT_EARLIER) != 0 &&
         strcmp(format, DOC_FORMAT) != 0)) {
        cJSON_Delete(doc);
        return broken(&d, "not a settlement document (" DOC_FORMAT ")", NULL);
    }
    const cJSON *contract = cJSON_GetObjectItemCaseSensitive(doc, "contract");
    const cJSON *period = cJSON_GetObjectItemCaseSensitive(doc, "period");
    const cJSON *totals = cJSON_GetObjectItemCaseSensitive(doc, "totals");
    const char *id = text(&d, contract, "id"), *currency = text(&d, doc, "currency");
    const char *pid = text(&d, period, "id");
    out->digest = text(&d, doc, "digest");
    if (!d.bad && strcmp(id, c->id) != 0)
        broken(&d, "a settlement of another contract: ", id);
    else if (!d.bad && strcmp(currency, c->currency) != 0)
        broken(&d, "a settlement in another currency: ", currency);
    else if (!d.bad && (doc_digest_of(document, hex) != 0 || strcmp(hex, out->digest) != 0))
        broken(&d, "its digest does not match its contents (it was changed after it was made)",
               NULL);
    else if (!d.bad && calendar_parse_period(pid, &out->period, NULL) != 0)
        broken(&d, "a settlement of no period: ", pid);
    if (!d.bad) {
        read_metrics(&d, doc, c->currency, out);
        read_lines(&d, doc, c->currency, out);
        out->charges = amount(&d, totals, "charges", c->currency);
        out->credits = amount(&d, totals, "credits", c->currency);
        out->net = amount(&d, totals, "net", c->currency);
    }
    cJSON_Delete(doc);
    return d.bad ? -1 : 0;
}

/* ---- Digests of documents read --------------------------------------------------------- */

/* The SHA-256 of the compact serialization of doc (which has no digest member). */
static int compact_digest(const cJSON *doc, char out[DIGEST_HEX_SIZE])
{
    char *compact = cJSON_PrintUnformatted(doc);
    if (compact == NULL)
        return -1;
    digest_sha256_hex(compact, strlen(compact), out);
    cJSON_free(compact);
    return 0;
}

int doc_digest_of(const char *document, char digest[DIGEST_HEX_SIZE])
{
    cJSON *doc = cJSON_Parse(document);
    if (!cJSON_IsObject(doc)) {
        cJSON_Delete(doc);
        return -1;
    }
    cJSON_Delete(cJSON_DetachItemFromObjectCaseSensitive(doc, "digest"));
    int rc = compact_digest(doc, digest);
    cJSON_Delete(doc);
    return rc;
}

/* The document of DOC_FORMAT parsed, in the earlier layout and without its digest member,
 * with the digest it has there; NULL when it is not such a document or out of memory. The
 * earlier layout is this one without the counts of the inputs' rows. */
static cJSON *earlier(const char *document, char digest[DIGEST_HEX_SIZE])
{
    cJSON *doc = cJSON_Parse(document);
    const char *format = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "format"));
    cJSON *name = cJSON_CreateString(DOC_FORMAT_EARLIER);
    if (format == NULL || strcmp(format, DOC_FORMAT) != 0 || name == NULL ||
        !cJSON_ReplaceItemInObjectCaseSensitive(doc, "format", name)) {
        cJSON_Delete(name);
        cJSON_Delete(doc);
        return NULL;
    }
    static const char *const added[] = {"outcomes_rows", "incidents_rows", "digest"};
    for (size_t i = 0; i < sizeof added / sizeof *added; i++)
        cJSON_Delete(cJSON_DetachItemFromObjectCaseSensitive(doc, added[i]));
    if (compact_digest(doc, digest) != 0) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

/* doc with its digest member, as text with a final newline, malloc'ed; doc is deleted.
 * NULL when out of memory. */
static char *with_digest(cJSON *doc, const char digest[DIGEST_HEX_SIZE])
{
    char *pretty = cJSON_AddStringToObject(doc, "digest", digest) ? cJSON_Print(doc) : NULL;
    cJSON_Delete(doc);
    if (pretty == NULL)
        return NULL;
    size_t n = strlen(pretty);
    char *out = malloc(n + 2); /* the text and a final newline */
    if (out != NULL) {
        memcpy(out, pretty, n);
        memcpy(out + n, "\n", 2);
    }
    cJSON_free(pretty);
    return out;
}

char *doc_earlier(const char *document)
{
    char digest[DIGEST_HEX_SIZE];
    cJSON *doc = earlier(document, digest);
    return doc != NULL ? with_digest(doc, digest) : NULL;
}

int doc_earlier_digest(const char *document, char digest[DIGEST_HEX_SIZE])
{
    cJSON *doc = earlier(document, digest);
    cJSON_Delete(doc);
    return doc != NULL ? 0 : -1;
}

/* ---- A parsed document ----------------------------------------------------------------- */

struct Doc {
    cJSON *json; /* an object; owned */
};

Doc *doc_parse(const char *text)
{
    cJSON *json = cJSON_Parse(text);
    Doc *d = cJSON_IsObject(json) ? malloc(sizeof *d) : NULL;
    if (d == NULL) {
        cJSON_Delete(json);
        return NULL;
    }
    d->json = json;
    return d;
}

void doc_free(Doc *d)
{
    if (d == NULL)
        return;
    cJSON_Delete(d->json);
    free(d);
}

static const char *text_at(const cJSON *doc, const char *object, const char *k)
{
    const cJSON *o = object ? cJSON_GetObjectItemCaseSensitive(doc, object) : doc;
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

const char *doc_fact(const Doc *d, DocFact fact)
{
    static const struct {
        const char *object, *key;
    } where[] = {
        [DOC_FACT_FORMAT] = {NULL, "format"},
        [DOC_FACT_DIGEST] = {NULL, "digest"},
        [DOC_FACT_CURRENCY] = {NULL, "currency"},
        [DOC_FACT_PERIOD] = {"period", "id"},
        [DOC_FACT_SCRIPT_SHA256] = {"contract", "script_sha256"},
        [DOC_FACT_OUTCOMES_SHA256] = {NULL, "outcomes_sha256"},
        [DOC_FACT_INCIDENTS_SHA256] = {NULL, "incidents_sha256"},
        [DOC_FACT_CONTRACT] = {"contract", "id"},
        [DOC_FACT_VERSION] = {"contract", "version"},
        [DOC_FACT_NET] = {"totals", "net"},
    };
    return text_at(d->json, where[fact].object, where[fact].key);
}

const char *doc_recorded(const Doc *d, const char *period)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(d->json, "history"))
    {
        const char *p = text_at(e, NULL, "period");
        if (p != NULL && strcmp(p, period) == 0)
            return text_at(e, NULL, "digest");
    }
    return NULL;
}

/* A value as it reads in a message. */
static void show(const cJSON *v, char *buf, size_t size)
{
    if (v == NULL)
        snprintf(buf, size, "nothing");
    else if (cJSON_IsString(v))
        snprintf(buf, size, "\"%.200s\"", v->valuestring);
    else if (cJSON_IsBool(v))
        snprintf(buf, size, "%s", cJSON_IsTrue(v) ? "true" : "false");
    else if (cJSON_IsNull(v))
        snprintf(buf, size, "null");
    else if (cJSON_IsArray(v))
        snprintf(buf, size, "a list of %d", cJSON_GetArraySize(v));
    else
        snprintf(buf, size, "an object");
}

/* The path of the first place where a and b differ, in document order, into path; 1 when
 * they differ. */
static int difference(const cJSON *a, const cJSON *b, char *path, size_t size, const cJSON **da,
                      const cJSON **db)
{
    size_t len = strlen(path);
    if (a == NULL || b == NULL || (a->type & 0xFF) != (b->type & 0xFF)) {
        *da = a, *db = b;
        return 1;
    }
    if (cJSON_IsString(a) && strcmp(a->valuestring, b->valuestring) != 0) {
        *da = a, *db = b;
        return 1;
    }
    if (cJSON_IsArray(a) || cJSON_IsObject(a)) {
        const cJSON *x = a->child, *y = b->child;
        for (int i = 0; x != NULL || y != NULL; i++) {
            if (cJSON_IsArray(a))
                snprintf(path + len, size - len, "[%d]", i);
            else
                snprintf(path + len, size - len, "%s%s", len ? "." : "",
                         (x ? x : y)->string ? (x ? x : y)->string : "?");
            if (x == NULL || y == NULL ||
                (cJSON_IsObject(a) && strcmp(x->string, y->string) != 0)) {
                *da = x, *db = y;
                return 1;
            }
            if (difference(x, y, path, size, da, db))
                return 1;
            x = x->next;
            y = y->next;
        }
        path[len] = '\0';
    }
    return 0;
}

bool doc_first_difference(const Doc *a, const Doc *b, char *path, size_t path_size, char *was,
                          char *now, size_t value_size)
{
    const cJSON *da = NULL, *db = NULL;
    path[0] = '\0';
    if (!difference(a->json, b->json, path, path_size, &da, &db))
        return false;
    show(da, was, value_size);
    show(db, now, value_size);
    return true;
}

/* ---- A summary ------------------------------------------------------------------------- */

/* The few lines of doc_summary, as printf would; NULL when out of memory. */
static char *summary_line(char *sum, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *summary_line(char *sum, const char *fmt, ...)
{
    if (sum == NULL)
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    size_t len = strlen(sum);
    char *more = n >= 0 ? realloc(sum, len + (size_t)n + 1) : NULL;
    if (more == NULL) {
        free(sum);
        return NULL;
    }
    va_start(ap, fmt);
    vsnprintf(more + len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return more;
}

/* A settlement document, or an adjustment (it has a number): what it is, its lines (an
 * adjustment's by their difference), its net. */
char *doc_summary(const char *document)
{
    cJSON *doc = cJSON_Parse(document);
    if (doc == NULL)
        return NULL;
    const char *number = text_at(doc, NULL, "number");
    char *sum = calloc(1, 1);
    sum = summary_line(sum, "%s %s %s%s%s\n", text_at(doc, "contract", "id"),
                       text_at(doc, "period", "id"),
                       number ? text_at(doc, NULL, "kind") : "settlement", number ? " " : "",
                       number ? number : "");
    const cJSON *line;
    cJSON_ArrayForEach(line, cJSON_GetObjectItemCaseSensitive(doc, "lines"))
    {
        sum = summary_line(sum, "  %-24s %-7s %14s  %s\n", text_at(line, NULL, "term"),
                           text_at(line, NULL, "kind"),
                           text_at(line, NULL, number ? "difference" : "amount"),
                           text_at(line, NULL, "description"));
    }
    const char *total = text_at(doc, "totals", number ? "difference" : "net");
    sum = summary_line(sum, "  %-32s %14s  %s\n", number ? "difference" : "net", total ? total : "",
                       text_at(doc, NULL, "currency"));
    cJSON_Delete(doc);
    return sum;
}

/* ---- The adjustment document ----------------------------------------------------------- */

/* An adjustment holds only the difference, line by line, from the settlement it corrects.
 * Lines are matched by term and description, and lines alike by their order. */

/* The text of o's member k, or dflt when it has none (o may be NULL). */
static const char *text_or(const cJSON *o, const char *k, const char *dflt)
{
    const char *s = o ? text_at(o, NULL, k) : NULL;
    return s ? s : dflt;
}

/* Whether line l is the term's line of that description. */
static int same_line(const cJSON *l, const char *term, const char *description)
{
    const char *t = text_at(l, NULL, "term"), *d = text_at(l, NULL, "description");
    return t != NULL && d != NULL && strcmp(t, term) == 0 && strcmp(d, description) == 0;
}

/* The k-th line (from 0) of term with that description in a document's lines, or NULL: a
 * line is known by its term and its description (a site's credit by its site), and lines
 * alike in both by their order. */
static const cJSON *line_of(const cJSON *lines, const char *term, const char *description, int k)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, lines)
    {
        if (same_line(l, term, description) && k-- == 0)
            return l;
    }
    return NULL;
}

/* The line's amount, 0 in the currency when there is no line. */
static int amount_of(const cJSON *l, const char *currency, Money *out, OceError *err)
{
    const char *a = l ? text_at(l, NULL, "amount") : "0";
    return money_parse(a ? a : "0", currency, out, err);
}

typedef struct Build {
    cJSON *lines;
    const char *currency;
    int places;
    OceError *err;
    int failed;
} Build;

static void fmt_adjusted(const Build *b, Money m, char buf[MONEY_STR_MAX])
{
    money_format(m, b->places, buf, MONEY_STR_MAX);
}

/* Adds the difference for the k-th line of term, when there is one. */
static void differ(Build *b, const cJSON *was_lines, const cJSON *now_lines, const char *term,
                   const char *description, int k)
{
    const cJSON *w = line_of(was_lines, term, description, k);
    const cJSON *n = line_of(now_lines, term, description, k);
    Money was, now, diff;
    if (amount_of(w, b->currency, &was, b->err) != 0 ||
        amount_of(n, b->currency, &now, b->err) != 0 || money_sub(now, was, &diff, b->err) != 0) {
        b->failed = 1;
        return;
    }
    if (money_is_zero(diff))
        return;
    const cJSON *any = n ? n : w;
    char sw[MONEY_STR_MAX], sn[MONEY_STR_MAX], sd[MONEY_STR_MAX];
    fmt_adjusted(b, was, sw);
    fmt_adjusted(b, now, sn);
    fmt_adjusted(b, diff, sd);
    cJSON *o = cJSON_CreateObject();
    if (o == NULL || !cJSON_AddItemToArray(b->lines, o) ||
        !cJSON_AddStringToObject(o, "term", term) ||
        !cJSON_AddStringToObject(o, "kind", text_or(any, "kind", "")) ||
        !cJSON_AddStringToObject(o, "description", text_or(any, "description", "")) ||
        !cJSON_AddStringToObject(o, "was", sw) || !cJSON_AddStringToObject(o, "now", sn) ||
        !cJSON_AddStringToObject(o, "difference", sd) ||
        !cJSON_AddStringToObject(o, "explanation",
                                 text_or(n, "explanation", "the line is no longer due")))
        b->failed = 1;
}

/* Every line of either document once: those of the correction in its order, then those it
 * no longer has. */
static void all_lines(Build *b, const cJSON *was_lines, const cJSON *now_lines)
{
    const cJSON *docs[2] = {now_lines, was_lines}, *l;
    for (int d = 0; d < 2; d++) {
        cJSON_ArrayForEach(l, docs[d])
        {
            const char *term = text_at(l, NULL, "term"),
                       *description = text_at(l, NULL, "description");
            if (term == NULL || description == NULL)
                continue;
            int k = 0; /* the line's place among the lines alike in this document */
            for (const cJSON *p = docs[d]->child; p != l; p = p->next)
                k += same_line(p, term, description);
            if (d == 1 && line_of(now_lines, term, description, k) != NULL)
                continue; /* paired already */
            differ(b, was_lines, now_lines, term, description, k);
        }
    }
}

char *doc_adjustment(const char *was, const char *now, const char *number, const char *invoice,
                     const char **kind, char **difference, int *nlines, OceError *err)
{
    *nlines = 0;
    cJSON *w = cJSON_Parse(was), *n = cJSON_Parse(now), *doc = cJSON_CreateObject();
    char *out = NULL;
    *difference = NULL;
    const char *currency = n ? text_at(n, NULL, "currency") : NULL;
    int places = currency ? money_currency_exponent(currency) : -1;
    Build b = {cJSON_CreateArray(), currency, places, err, 0};
    Money net_was, net_now, net;
    const cJSON *tw = cJSON_GetObjectItemCaseSensitive(w, "totals");
    const cJSON *tn = cJSON_GetObjectItemCaseSensitive(n, "totals");
    if (w == NULL || n == NULL || doc == NULL || b.lines == NULL || places < 0 ||
        money_parse(text_or(tw, "net", ""), currency, &net_was, err) != 0 ||
        money_parse(text_or(tn, "net", ""), currency, &net_now, err) != 0 ||
        money_sub(net_now, net_was, &net, err) != 0) {
        error_set(err, OCE_EINTERNAL, NULL, 0, "adjustment: the settlements cannot be compared");
        goto done;
    }
    all_lines(&b, cJSON_GetObjectItemCaseSensitive(w, "lines"),
              cJSON_GetObjectItemCaseSensitive(n, "lines"));
    *kind = money_sign(net) > 0 ? "debit-note" : "credit-note";
    *nlines = cJSON_GetArraySize(b.lines);
    char sw[MONEY_STR_MAX], sn[MONEY_STR_MAX], sd[MONEY_STR_MAX], hex[DIGEST_HEX_SIZE];
    fmt_adjusted(&b, net_was, sw);
    fmt_adjusted(&b, net_now, sn);
    fmt_adjusted(&b, net, sd);
    cJSON *totals = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "format", "oce-adjustment-1");
    cJSON_AddStringToObject(doc, "number", number);
    cJSON_AddStringToObject(doc, "kind", *kind);
    cJSON_AddStringToObject(doc, "adjusts", invoice);
    cJSON_AddItemToObject(doc, "contract",
                          cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(n, "contract"), 1));
    cJSON_AddItemToObject(doc, "period",
                          cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(n, "period"), 1));
    cJSON_AddStringToObject(doc, "currency", currency);
    cJSON_AddStringToObject(doc, "previous_digest", text_or(w, "digest", ""));
    cJSON_AddStringToObject(doc, "settlement_digest", text_or(n, "digest", ""));
    cJSON_AddItemToObject(doc, "lines", b.lines);
    b.lines = NULL;
    cJSON_AddItemToObject(doc, "totals", totals);
    cJSON_AddStringToObject(totals, "was", sw);
    cJSON_AddStringToObject(totals, "now", sn);
    cJSON_AddStringToObject(totals, "difference", sd);
    char *compact = b.failed ? NULL : cJSON_PrintUnformatted(doc);
    if (compact == NULL) {
        error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    digest_sha256_hex(compact, strlen(compact), hex);
    cJSON_free(compact);
    cJSON_AddStringToObject(doc, "digest", hex);
    char *pretty = cJSON_Print(doc);
    size_t len = pretty ? strlen(pretty) : 0;
    out = pretty ? malloc(len + 2) : NULL;
    *difference = out ? strdup(sd) : NULL;
    if (out != NULL && *difference != NULL) {
        memcpy(out, pretty, len);
        memcpy(out + len, "\n", 2);
    } else {
        free(out);
        free(*difference);
        out = NULL;
        *difference = NULL;
        error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
    }
    cJSON_free(pretty);
done:
    cJSON_Delete(b.lines);
    cJSON_Delete(doc);
    cJSON_Delete(w);
    cJSON_Delete(n);
    return out;
}
