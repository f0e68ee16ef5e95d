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

#include "calendar.h"
#include "digest.h"
#include "error.h"
#include "money.h"

typedef enum Cadence { CADENCE_MONTHLY, CADENCE_QUARTERLY, CADENCE_ANNUAL } Cadence;
typedef enum Direction { DIRECTION_HIGHER, DIRECTION_LOWER } Direction;

typedef struct MetricDecl {
    char *name;       /* owned */
    char *unit;       /* owned; equal to the contract currency for money metrics */
    Direction better; /* which way is better */
    bool required;
    int precision;    /* decimal places a value may have, 0..9; -1 when not declared */
    bool has_target;
    Money target;     /* plain, or in the contract currency for money metrics */
    bool has_min, has_max;
    Money min, max;   /* inclusive range of valid values */
    bool is_money;    /* unit is the contract currency: values reach terms as money */
} MetricDecl;

typedef struct SandboxLimits {
    long long max_instructions; /* per settlement; 0 means the default */
    size_t max_memory;          /* bytes for the whole Lua state; 0 means the default */
    long long timeout_ms;       /* wall-clock deadline per settlement; 0 means the default */
} SandboxLimits;

typedef struct Sandbox Sandbox;

typedef struct Contract {
    char *path;        /* script file as given; owned */
    char script_sha256[DIGEST_HEX_SIZE];
    char *id, *title, *customer, *vendor; /* owned */
    char currency[4];
    int minor_unit;    /* currency exponent */
    Cadence cadence;
    Date effective_from, effective_to; /* inclusive */
    MoneyRounding rounding;
    MetricDecl *metrics; /* owned, declaration order */
    size_t nmetrics;
    char **terms;        /* owned term names, settlement order */
    size_t nterms;
    Sandbox *sandbox;    /* owned */
} Contract;

Contract *contract_load(const char *path, const SandboxLimits *limits, OceError *err);
void contract_free(Contract *c);

const MetricDecl *contract_metric(const Contract *c, const char *name);

static inline const char *contract_cadence_name(Cadence c)
{
    return c == CADENCE_MONTHLY ? "monthly" : c == CADENCE_QUARTERLY ? "quarterly" : "annual";
}

static inline const char *contract_direction_name(Direction d)
{
    return d == DIRECTION_HIGHER ? "higher" : "lower";
}
/* Fails (OCE_EPERIOD) when the period's kind does not match the cadence or the period is not
 * wholly inside the effective dates. */
int contract_check_period(const Contract *c, const Period *p, OceError *err);

#endif
