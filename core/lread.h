/*
 * lread: what the Lua layer's readers of script values share (ldecl reads the declaration,
 * lctx the terms' results, contract loads the script): raw field access, the checks of text
 * and names, and the one way an error is raised from inside a protected call, recorded first
 * so that the precise error is the one reported. Internal to the Lua layer: static inline,
 * so it exports nothing.
 */
#ifndef OCE_LREAD_H
#define OCE_LREAD_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "error.h"

/* A contract script is a page or two of Lua; anything far larger is not one. */
#define SCRIPT_MAX (1u << 20)
#define NAME_MAX_LEN 63
#define DESCRIPTION_MAX 200
#define EXPLANATION_MAX 1000
#define OUTPUTS_MAX 1000 /* per term: a term that produces more has run away */
#define TERMS_MAX 1000   /* per contract, and as many metrics: a schedule, not a database */
#define PARAMS_DEPTH 16  /* tables in params nested deeper than this are refused */
#define DECL_KEY "oce.declaration"
#define DECL_LINE_KEY "oce.declaration_line"

/* --- Reading script values with raw access, inside a protected call. ----------------- */

/* Raises after recording the error with the contract file and the given line, so that the
 * first, precise error is the one reported. */
static inline int fail(lua_State *L, OceError *err, const char *file, int line, OceCode code,
                       const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static inline int fail(lua_State *L, OceError *err, const char *file, int line, OceCode code,
                       const char *fmt, ...)
{
    char msg[sizeof err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    error_set(err, code, file, line, "%s", msg);
    return luaL_error(L, "%s", msg);
}

/* Whether s is UTF-8 as RFC 3629 defines it (no overlong forms, no surrogates, nothing past
 * U+10FFFF) with no control characters (C0 but tab, DEL, C1): text that every reader of the
 * documents can take, and that cannot move a terminal's cursor. */
static inline int valid_utf8(const char *s, size_t len)
{
    static const unsigned long least[] = {0, 0, 0x80, 0x800, 0x10000};
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > len)
            return 0;
        unsigned long cp = n == 1 ? c : c & (0x7Fu >> n);
        for (size_t k = 1; k < n; k++) {
            if (((unsigned char)s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3Fu);
        }
        if ((n > 1 && cp < least[n]) || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF ||
            (cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F))
            return 0;
        i += n;
    }
    return 1;
}

static inline int is_name(const char *s)
{
    if (!s[0] || strlen(s) > NAME_MAX_LEN || !((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

/* How a script value (a key of a result table, a name) shows in a message: 'name', 2, 1.5, true, or
 * its type. A string is cut to 40 bytes and shows anything but printable ASCII as '?', so that a
 * hostile key can neither flood the message nor garble a terminal. */
static inline void show_key(lua_State *L, int idx, char *buf, size_t size)
{
    int type = lua_type(L, idx);
    if (type == LUA_TSTRING) {
        size_t len, n = 0;
        const unsigned char *s = (const unsigned char *)lua_tolstring(L, idx, &len);
        buf[n++] = '\'';
        for (size_t i = 0; i < len && i < 40 && n + 6 < size; i++)
            buf[n++] = s[i] >= 0x20 && s[i] < 0x7F ? (char)s[i] : '?';
        snprintf(buf + n, size - n, "%s'", len > 40 ? "..." : "");
    } else if (type == LUA_TNUMBER && lua_isinteger(L, idx)) {
        snprintf(buf, size, "%lld", (long long)lua_tointeger(L, idx));
    } else if (type == LUA_TNUMBER) {
        snprintf(buf, size, "%.14g", (double)lua_tonumber(L, idx));
    } else if (type == LUA_TBOOLEAN) {
        snprintf(buf, size, "%s", lua_toboolean(L, idx) ? "true" : "false");
    } else {
        snprintf(buf, size, "a %s", lua_typename(L, type));
    }
}

/* Pushes t[key] with raw access; returns its type. */
static inline int field(lua_State *L, int t, const char *key)
{
    lua_pushstring(L, key);
    return lua_rawget(L, t < 0 ? t - 1 : t);
}

#endif
