/*
 * contract: loads a contract script into its sandbox and reads its declaration.
 *
 * A Contract owns its sandbox (and so the compiled script) and the C copy of the declaration
 * below: id, parties, currency, cadence, effective dates, rounding rule, metrics and the
 * ordered term names. Readers, writers and the engine use these fields and never touch Lua;
 * running the terms is the engine's business through contract_run_terms.
 * contract_load returns an owned Contract that the caller releases with contract_free.
 */
#ifndef OCE_CONTRACT_H
#define OCE_CONTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "calendar.h"
#include "derive.h"
#include "digest.h"
#include "error.h"
#include "money.h"
#include "sandbox.h"

typedef enum Cadence { CADENCE_MONTHLY, CADENCE_QUARTERLY, CADENCE_ANNUAL } Cadence;
typedef enum Direction { DIRECTION_HIGHER, DIRECTION_LOWER } Direction;

/* A measured value that is not money reaches terms as a Lua number, so that it compares with
 * literals as it reads (incidents == 0); a double holds 15 significant digits exactly. */
#define METRIC_MAX_DIGITS 15
/* Every metric value (measured, derived, or a declared target, min or max; money or not) is
 * below 10^18 in magnitude, at most this many digits before the point: a term may receive it
 * as a Lua number, and a Lua number becomes money only below 10^18 (luaapi.h). */
#define METRIC_MAX_WHOLE_DIGITS 18

typedef struct MetricDecl {
    char *name;       /* owned */
    char *unit;       /* owned; equal to the contract currency for money metrics */
    Direction better; /* which way is better */
    bool has_better;  /* declared; without, better is DIRECTION_HIGHER and means nothing */
    bool required;
    int precision; /* decimal places a value may have, 0..9; -1 when not declared */
    bool has_target;
    Money target; /* plain, or in the contract currency for money metrics */
    bool has_min, has_max;
    Money min, max;        /* inclusive range of valid values */
    bool is_money;         /* unit is the contract currency: values reach terms as money */
    bool derived;          /* from_incidents: computed from the incident log, not measured */
    Derivation derivation; /* its service and severity point into the contract's rules */
} MetricDecl;

typedef enum LineKind { LINE_CHARGE, LINE_CREDIT, LINE_BONUS, LINE_SHARE } LineKind;

static inline const char *settlement_kind_name(LineKind kind)
{
    static const char *const names[] = {"charge", "credit", "bonus", "share"};
    return names[kind];
}

typedef struct Line {
    const char *term;  /* name of the term that made it */
    size_t term_index; /* its place in the contract's terms */
    LineKind kind;
    const char *description; /* what the line is: "Monthly service fee" */
    Money amount;            /* signed, rounded to the minor unit, after caps */
    Money forgone;           /* magnitude a cap removed from this line; zero if none */
    const char *explanation; /* the arithmetic a vendor can check */
} Line;

/* What a term produced, read from its Lua results with raw access and checked. */
typedef enum OutputKind { OUTPUT_LINE, OUTPUT_SHORTFALL, OUTPUT_LIMIT } OutputKind;

/* A LIMIT bounds the lines of earlier terms (a cap, a floor or both, a collar): with terms,
 * the magnitude of those terms' lines together; without, the period's net so far. */
typedef struct TermOutput {
    OutputKind kind;
    LineKind line_kind;      /* LINE */
    Money amount;            /* LINE: signed (credits negative), not yet rounded */
    Money forgone;           /* LINE: what the term's own cap took off it, not yet rounded */
    const char *description; /* LINE, LIMIT */
    const char *explanation; /* LINE, SHORTFALL (may be NULL) */
    const char *metric;      /* SHORTFALL: a declared metric */
    bool has_max, has_min;   /* LIMIT: at most max, at least min (min <= max) */
    Money max, min;
    const size_t *terms; /* LIMIT: indexes of the earlier terms; NULL for the net */
    size_t nterms;
} TermOutput;

/* An earlier period of the contract as it stands in the ledger, read from its settlement
 * document: what terms see of it in ctx.history. */
typedef struct HistoryMetric {
    const char *name;
    bool present;
    Money value; /* in the currency for a money metric, plain otherwise */
    int met;     /* 1 met, 0 missed, -1 no target or no value */
} HistoryMetric;

typedef struct HistoryPeriod {
    Period period;
    const char *digest; /* of its settlement document */
    HistoryMetric *metrics;
    size_t nmetrics;
    Line *lines; /* term, kind, description, amount, forgone, explanation */
    size_t nlines;
    Money charges, credits, net;
} HistoryPeriod;

/* The earlier periods a settlement is computed on, oldest first. */
typedef struct History {
    const HistoryPeriod *periods;
    size_t n;
} History;

/* What a term sees of the settlement so far: ctx.period, ctx.metrics, ctx.lines, and the
 * earlier periods, ctx.history. */
typedef struct TermContext {
    const Period *period;
    const bool *present; /* per declared metric */
    const Money *values; /* per declared metric */
    const Line *lines;   /* lines settled so far, after caps */
    size_t nlines;
    const History *history; /* never NULL; empty when the contract declares history = false */
} TermContext;

/* How a period that an amendment's date falls inside is settled. */
typedef enum Split { SPLIT_NONE, SPLIT_EARLIER, SPLIT_LATER } Split;

/* One version of the contract: the original, or an amendment from its date on. An amendment
 * that does not restate the metrics or the terms keeps those of the version before it. */
typedef struct ContractVersion {
    char *name; /* owned: "original" (or the contract's 'version') or the amendment's name */
    Date effective_from;
    Split split; /* an amendment's rule for a period its date falls inside */
    int line;    /* script line declaring it */
    MetricDecl *metrics;
    size_t nmetrics;
    char **terms;
    int *term_lines;
    char **term_helpers;
    size_t nterms;
    bool owns_metrics, owns_terms; /* false: they are the version before's */
    int terms_decl, params_decl;   /* the declaration holding its terms and its params: 0 the
                                      contract, k its amendments[k] */
    int settle_ref; /* registry ref of what settling by it runs: its term functions, params and
                       the parts of ctx that are the same in every settlement */
} ContractVersion;

typedef struct Contract {
    char *path; /* script file as given; owned */
    char script_sha256[DIGEST_HEX_SIZE];
    char *id, *title, *customer, *vendor; /* owned */
    char currency[4];
    int minor_unit; /* currency exponent */
    Cadence cadence;
    Date effective_from, effective_to; /* inclusive */
    MoneyRounding rounding;
    bool history;       /* its terms look at earlier periods (history = false says they do not) */
    bool has_incidents; /* declares incidents { ... }: metrics may come from a log */
    ServiceCalendar calendar;  /* time zone, service hours, holidays, maintenance (owned) */
    IncidentRules rules;       /* the services, severities and causes it declares (owned) */
    IncidentPolicy policy;     /* and the causes excluded (owned) */
    ContractVersion *versions; /* owned: the original, then each amendment in date order */
    size_t nversions;          /* read so far */
    size_t versions_room;      /* allocated */
    size_t version;            /* the version in force, chosen by contract_check_period; the metrics
                                  and terms below are its (owned by the versions) */
    MetricDecl *metrics;       /* declaration order */
    size_t nmetrics;
    char **terms;        /* term names, settlement order */
    int *term_lines;     /* script line declaring each term, 0 when unknown */
    char **term_helpers; /* the term library helper that made each term, NULL for term */
    size_t nterms;
    int decl_line;    /* script line of the contract { ... } call */
    Sandbox *sandbox; /* shared by the contracts of the process, or owned (own_sandbox) */
    bool own_sandbox;
    int chunk_ref;           /* registry ref of the compiled script */
    SandboxUsage load_usage; /* what loading spent: spent already in every settlement */
    int restore_ref;  /* registry ref of the upvalues each settlement starts from (sandbox_fix) */
    int ctx_ref;      /* registry ref of the running settlement's ctx, LUA_NOREF until built */
    int lines_ref;    /* and of ctx.lines as the running term sees it */
    long long serial; /* counts settlements begun, so a term's ctx can tell it is stale */
    long long runs;   /* counts terms run, so ctx.lines is built again for each */
    long long lines_run;        /* the run lines_ref was built for */
    const TermContext *running; /* the running term's context, while it runs */
    bool in_term;               /* a term is running: is_term may answer */
} Contract;

Contract *contract_load(const char *path, const SandboxLimits *limits, OceError *err);
/* The text of a Lua script of at most 1 MiB, NUL-terminated, malloc'ed (the caller frees it);
 * `what` names it in errors: "cannot open contract script: ...". */
char *contract_read_script(const char *path, const char *what, size_t *len, OceError *err);
void contract_free(Contract *c);

/* Starts a settlement: a fresh budget, and the script's functions given back the upvalues
 * they had when it loaded. The script ran once, when the contract loaded; everything it made
 * then is fixed (sandbox_fix), so nothing a previous settlement did survives. */
int contract_begin(Contract *c, OceError *err);
/* Runs term i (in declaration order) and returns its checked outputs, allocated in arena. */
int contract_run_term(Contract *c, size_t i, const TermContext *tc, Arena *arena, TermOutput **out,
                      size_t *nout, OceError *err);

const MetricDecl *contract_metric(const Contract *c, const char *name);

static inline const char *contract_cadence_name(Cadence c)
{
    return c == CADENCE_MONTHLY ? "monthly" : c == CADENCE_QUARTERLY ? "quarterly" : "annual";
}

static inline const char *contract_direction_name(Direction d)
{
    return d == DIRECTION_HIGHER ? "higher" : "lower";
}
/* Fails (OCE_EPERIOD) when the period's kind does not match the cadence or no day of the
 * period is inside the effective dates. A period the contract covers only in part is settled;
 * terms see which days it covers (ctx.period.covered_from, covered_to, covered_days).
 * It then puts in force the version the period is settled by: the one in force on its first
 * covered day, unless an amendment takes effect inside it, which fails unless the amendment
 * says how to split it (the version before it, or the amendment). Call it before reading the
 * period's outcomes: the metrics are the version's. */
int contract_check_period(Contract *c, const Period *p, OceError *err);

/* Puts version k in force (contract_check_period does so for a period). */
void contract_use_version(Contract *c, size_t k);

static inline const char *contract_version_name(const Contract *c)
{
    return c->versions != NULL ? c->versions[c->version].name : "original";
}

#endif
