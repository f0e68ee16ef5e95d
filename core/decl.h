/*
 * decl: a contract's declaration as plain C data: its id and parties, currency, cadence,
 * effective dates and rounding rule, its service calendar and incident rules, and its
 * versions (the original and each amendment), each with its metrics and the names of its
 * terms in order. The Lua layer reads it from the script (contract.c); everything else
 * settles, reads and writes by it and knows no Lua. A Decl owns its memory, in its own
 * arena, apart from the Lua state; it does not change once read.
 *
 * A contract's versions are not switched: decl_version_for gives the version a period is
 * settled by.
 */
#ifndef OCE_DECL_H
#define OCE_DECL_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "calendar.h"
#include "derive.h"
#include "digest.h"
#include "error.h"
#include "money.h"
#include "service.h"

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

/* How a period that an amendment's date falls inside is settled. */
typedef enum Split { SPLIT_NONE, SPLIT_EARLIER, SPLIT_LATER } Split;

/* One version of the contract: the original, or an amendment from its date on. An amendment
 * that does not restate the metrics or the terms keeps those of the version before it. */
typedef struct DeclVersion {
    char *name; /* "original" (or the contract's 'version') or the amendment's name */
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
    int terms_decl, params_decl;   /* the declaration holding its terms and its params in the
                                      script: 0 the contract, k its amendments[k] */
} DeclVersion;

typedef struct Decl {
    Arena arena; /* everything below that is not inline */
    char *path;  /* script file as given */
    char script_sha256[DIGEST_HEX_SIZE];
    char *id, *title, *customer, *vendor;
    char currency[4];
    int minor_unit; /* currency exponent */
    Cadence cadence;
    Date effective_from, effective_to; /* inclusive */
    MoneyRounding rounding;
    bool history;       /* its terms look at earlier periods (history = false says they do not) */
    bool has_incidents; /* declares incidents { ... }: metrics may come from a log */
    ServiceCalendar calendar; /* time zone, service hours, holidays, maintenance */
    IncidentRules rules;      /* the services, severities and causes it declares */
    IncidentPolicy policy;    /* and the causes excluded */
    DeclVersion *versions;    /* the original, then each amendment in date order */
    size_t nversions;
    int decl_line;                      /* script line of the contract { ... } call */
    char **param_names, **param_values; /* the parameters it was loaded with, as given */
    size_t nparams;
} Decl;

/* The version period p is settled by: the one in force on its first covered day, unless an
 * amendment takes effect inside it, which fails (OCE_EPERIOD) unless the amendment says how
 * to split it (by the version before it, or by the amendment). It fails too when the
 * period's kind is not the cadence, or no day of it is inside the effective dates. A period
 * the contract covers only in part is settled; terms see which days it covers. */
const DeclVersion *decl_version_for(const Decl *d, const Period *p, OceError *err);

/* Whether s is a template parameter's name: a letter or '_', then letters, digits and '_'. */
bool decl_param_name(const char *s);

/* The metric called name in version v, or NULL. */
const MetricDecl *decl_metric(const DeclVersion *v, const char *name);

/* The kind of period a cadence settles. */
static inline PeriodKind decl_period_kind(Cadence c)
{
    return c == CADENCE_MONTHLY     ? PERIOD_MONTH
           : c == CADENCE_QUARTERLY ? PERIOD_QUARTER
                                    : PERIOD_YEAR;
}

static inline const char *decl_cadence_name(Cadence c)
{
    return c == CADENCE_MONTHLY ? "monthly" : c == CADENCE_QUARTERLY ? "quarterly" : "annual";
}

static inline const char *decl_direction_name(Direction d)
{
    return d == DIRECTION_HIGHER ? "higher" : "lower";
}

#endif
