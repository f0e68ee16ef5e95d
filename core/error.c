#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void error_init(OceError *err)
{
    memset(err, 0, sizeof *err);
}

int error_set(OceError *err, OceCode code, const char *file, int line, const char *fmt, ...)
{
    if (err == NULL || err->code != OCE_OK)
        return -1; /* the first error is the root cause: keep it */
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->column = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return -1;
}

void error_wrap(OceError *err, const char *before, const char *after)
{
    if (err == NULL || err->code == OCE_OK)
        return;
    char was[sizeof err->message];
    memcpy(was, err->message, sizeof was);
    size_t keep = sizeof was - 1 - strlen(before) - strlen(after) < sizeof was
                      ? sizeof was - 1 - strlen(before) - strlen(after)
                      : 0;
    snprintf(err->message, sizeof err->message, "%s%.*s%s", before, (int)keep, was, after);
}

void error_at(OceError *err, const char *file, int line)
{
    if (err == NULL || err->code == OCE_OK || file == NULL)
        return;
    if (err->file[0] == '\0') {
        snprintf(err->file, sizeof err->file, "%s", file);
        if (err->line == 0)
            err->line = line;
    } else if (err->line == 0 && strcmp(err->file, file) == 0) {
        err->line = line;
    }
}

void error_set_term(OceError *err, const char *term)
{
    if (err != NULL && err->term[0] == '\0' && term != NULL)
        snprintf(err->term, sizeof err->term, "%s", term);
}

int error_failed(const OceError *err)
{
    return err->code != OCE_OK;
}

void error_format(const OceError *err, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    if (err->file[0] != '\0') {
        n += (size_t)snprintf(buf + n, size - n, "%s:", err->file);
        if (err->line > 0 && n < size)
            n += (size_t)snprintf(buf + n, size - n, "%d:", err->line);
        if (err->column > 0 && n < size)
            n += (size_t)snprintf(buf + n, size - n, "%d:", err->column);
        if (n < size)
            n += (size_t)snprintf(buf + n, size - n, " ");
    }
    if (err->term[0] != '\0' && n < size)
        n += (size_t)snprintf(buf + n, size - n, "term \"%s\": ", err->term);
    if (n < size)
        snprintf(buf + n, size - n, "%s", err->message);
}

int error_exit_status(OceCode code)
{
    switch (code) {
    case OCE_OK: return 0;
    case OCE_EUSAGE: return 2;
    case OCE_ECONTRACT: return 3;
    case OCE_EOUTCOMES: return 4;
    case OCE_EPERIOD: return 4;
    case OCE_ESCRIPT: return 5;
    case OCE_ELIMIT: return 5;
    case OCE_EMONEY: return 5;
    case OCE_EIO: return 6;
    case OCE_ENOMEM: return 7;
    case OCE_EINTERNAL: return 7;
    }
    return 7;
}

/* Levenshtein distance, capped: names are short and a far match is no suggestion. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *error_suggest(const char *word, const char *const *candidates, size_t n)
{
    size_t limit = strlen(word) / 3 > 2 ? strlen(word) / 3 : 2;
    const char *best = NULL;
    size_t bestd = limit + 1;
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(word, candidates[i]);
        if (d < bestd || (d == bestd && best != NULL && strcmp(candidates[i], best) < 0)) {
            bestd = d;
            best = candidates[i];
        }
    }
    return best;
}

const char *error_quote(const char *s, char *buf)
{
    size_t n = 0;
    buf[n++] = '"';
    for (size_t i = 0; s[i] != '\0'; i++) {
        unsigned char ch = (unsigned char)s[i];
        /* cut between UTF-8 characters, or anyway (invalid UTF-8) within three more bytes */
        if (i >= 60 + 3 || (i >= 60 && (ch & 0xC0) != 0x80)) {
            memcpy(buf + n, "...", 3);
            n += 3;
            break;
        }
        if (ch == '"' || ch == '\\')
            n += (size_t)snprintf(buf + n, ERROR_QUOTE_MAX - n, "\\%c", ch);
        else if (ch < 0x20 || ch == 0x7f)
            n += (size_t)snprintf(buf + n, ERROR_QUOTE_MAX - n, "\\x%02x", ch);
        else
            buf[n++] = (char)ch;
    }
    buf[n++] = '"';
    buf[n] = '\0';
    return buf;
}
