/*
 * ldecl: reads a contract script's declaration, contract { ... } with its metrics, terms,
 * amendments, service calendar and incident rules, from the Lua values the script made into
 * the Decl (plain C, in the Decl's arena), checking every field and naming the script's line
 * of each mistake; and the builtins a script declares with: contract, term, is_term,
 * script_line. The Lua layer's only reader of the declaration.
 */
#ifndef OCE_LDECL_H
#define OCE_LDECL_H

#include <stddef.h>

#include <lua.h>

#include "contract.h"
#include "error.h"
#include "sandbox.h"

/* What ldecl_read reads into, passed as its light userdata argument. */
typedef struct DeclArgs {
    Contract *c;
    OceError *err;
} DeclArgs;

/* Adds contract, term, is_term and script_line to the sandbox's builtins. */
void ldecl_register(Sandbox *s);

/* A protected function of one light userdata argument, DeclArgs: reads the declaration the
 * script just made (by contract { ... }) into a->c->decl; raises with a->err filled. */
int ldecl_read(lua_State *L);

/* Makes version k of c the one read or settled by (the Lua side's cursor). */
void ldecl_use_version(Contract *c, size_t k);

/* The contract whose term runs now, for is_term (NULL when none). */
void ldecl_running(const Contract *c);

#endif
