/*
 * lctx: the term protocol, the Lua side of TermRunner. For each version of a contract it
 * takes the term functions and params its script declared, and the parts of ctx that are the
 * same in every settlement (lctx_capture, when the contract loads); for each settlement it
 * gives every term the same fixed ctx, built lazily from the host's TermContext, runs the
 * term in the sandbox and reads its results whole (lines, shortfalls, limits), refusing what
 * is not one with the term's line.
 */
#ifndef OCE_LCTX_H
#define OCE_LCTX_H

#include <stddef.h>

#include <lua.h>

#include "contract.h"
#include "engine.h"
#include "error.h"

/* A protected function of one light userdata argument, the Contract: keeps in the registry
 * what settling by the version being read runs (c->settle_refs[c->version]). */
int lctx_capture(lua_State *L);

/* TermRunner's begin and run, self the Contract (contract_runner). */
int lctx_begin(void *self, const DeclVersion *v, OceError *err);
int lctx_run(void *self, size_t i, const TermContext *tc, Arena *arena, TermOutput **out,
             size_t *nout, OceError *err);

#endif
