/*
 * contract: loads a contract script into the sandbox, reads its declaration into a Decl
 * (plain C data, decl.h), and runs its terms for the engine (contract_runner).
 *
 * A Contract holds its Decl, which readers, writers and the engine use without touching
 * Lua, and what the Lua side keeps of the script: its compiled chunk, each version's term
 * functions, and the state of the settlement running. The engine runs the terms through
 * contract_runner. contract_load returns an owned Contract that the caller releases with
 * contract_free.
 */
#ifndef OCE_CONTRACT_H
#define OCE_CONTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "calendar.h"
#include "decl.h"
#include "digest.h"
#include "engine.h"
#include "error.h"
#include "money.h"
#include "sandbox.h"

/* The parameters a template is loaded with, as text: n names and their values (a row of a
 * portfolio). The script reads them when it loads as the global table `params`, read-only; a
 * name not given is an error naming it and those given. They are copied into the Decl. */
typedef struct ContractParams {
    const char *const *names;
    const char *const *values;
    size_t n;
} ContractParams;

typedef struct Contract {
    Decl decl; /* what the script declares: read once, when it loads */
    /* The version being read, or settled by (the runner's begin): the Lua side's alone. Its
     * metrics and terms are those of decl.versions[version]. */
    size_t version;
    MetricDecl *metrics;
    size_t nmetrics;
    char **terms;
    int *term_lines;
    char **term_helpers;
    size_t nterms;
    int *settle_refs; /* per version: registry ref of what settling by it runs: its term
                         functions, params and the parts of ctx that are the same in every
                         settlement */
    Sandbox *sandbox; /* shared by the contracts of the process, or owned (own_sandbox) */
    bool own_sandbox;
    int chunk_ref;           /* registry ref of the compiled script */
    SandboxUsage load_usage; /* what loading spent: spent already in every settlement */
    int restore_ref;  /* registry ref of the upvalues each settlement starts from (sandbox_fix) */
    int ctx_ref;      /* registry ref of the running settlement's ctx, LUA_NOREF until built */
    int lines_ref;    /* and of ctx.lines as the running term sees it */
    long long serial; /* counts settlements begun, so a term's ctx can tell it is stale */
    long long runs;   /* counts terms run, so ctx.lines is built again for each */
    long long lines_run;          /* the run lines_ref was built for */
    const TermContext *running;   /* the running term's context, while it runs */
    bool in_term;                 /* a term is running: is_term may answer */
    const ContractParams *params; /* while it loads: the parameters given, or NULL */
} Contract;

/* Loads and reads the script at path. NULL with err filled when it cannot be read, does not
 * compile, fails when run, or declares something that is not a contract. */
Contract *contract_load(const char *path, const SandboxLimits *limits, OceError *err);
/* The same, with params (NULL: none, as contract_load). */
Contract *contract_load_params(const char *path, const ContractParams *params,
                               const SandboxLimits *limits, OceError *err);
/* The same, from the script's text (len bytes, read as contract_read_script reads it), which
 * the caller keeps: a template loaded for every contract of a portfolio is read once. */
Contract *contract_load_text(const char *path, const char *text, size_t len,
                             const ContractParams *params, const SandboxLimits *limits,
                             OceError *err);
/* The text of a Lua script of at most 1 MiB, NUL-terminated, malloc'ed (the caller frees it);
 * `what` names it in errors: "cannot open contract script: ...". */
char *contract_read_script(const char *path, const char *what, size_t *len, OceError *err);
void contract_free(Contract *c);

/* What runs c's terms for the engine. Its begin starts a settlement by a version: a fresh
 * budget, and the script's functions given back the upvalues they had when it loaded; the
 * script ran once, when the contract loaded, and everything it made then is fixed
 * (sandbox_fix), so nothing a previous settlement did survives. Its run runs term i of that
 * version and returns its checked outputs, allocated in arena. */
TermRunner contract_runner(Contract *c);

#endif
