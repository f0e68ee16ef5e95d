/*
 * derive: the metrics a contract takes from its incident log rather than from measurement,
 * computed exactly over the period in the contract's time zone, and the account of every
 * incident behind them, so that a vendor can check each minute.
 *
 * For each service, incidents are clipped to the period (an open one runs to its end), merged
 * where they overlap, and only their service hours outside maintenance windows count against
 * the vendor, and only for causes the contract does not exclude. Availability is the share of
 * the agreed service time (the service hours less the maintenance windows in them) not
 * counted down: per service, or over all services together. Counts and
 * restore times are of the counted incidents: an incident counts in the period it starts in,
 * and its restore time in the period it is restored in (an incident still open has none yet).
 * Values are rounded once, to the metric's places, by its rounding rule, from the exact ratio
 * of durations counted to the nanosecond, so fractions of a second in the log count exactly.
 */
#ifndef OCE_DERIVE_H
#define OCE_DERIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "error.h"
#include "digest.h"
#include "money.h"
#include "service.h"
#include "tz.h"

/* The incident log, as the incidents reader gives it (incidents.h). */
/* The names a contract declares for its incidents. */
typedef struct IncidentRules {
    const char *const *services;
    size_t nservices;
    const char *const *severities;
    size_t nseverities;
    const char *const *causes;
    size_t ncauses;
} IncidentRules;

typedef struct Incident {
    const char *service, *id, *severity, *cause;
    const char *note;   /* NULL when none */
    Instant start, end; /* end is meaningless while open */
    bool open;
    bool disputed;
    int line;  /* the CSV line, or the line a JSON element starts on (0 when unknown) */
    int index; /* the JSON element, or -1 */
} Incident;

typedef struct IncidentLog {
    const char *name; /* the file */
    Incident *v;      /* the contract's incidents, in file order */
    size_t n;
    size_t rows; /* the rows of the file, of every contract: rows - n were other contracts' */
    char sha256[DIGEST_HEX_SIZE]; /* of the whole file */
} IncidentLog;

typedef enum Measure {
    MEASURE_AVAILABILITY,  /* % of service hours not counted down */
    MEASURE_DOWNTIME,      /* minutes counted down */
    MEASURE_EXCLUDED,      /* minutes down in service hours but not counted */
    MEASURE_INCIDENTS,     /* counted incidents starting in the period */
    MEASURE_WORST_RESTORE, /* hours, of counted incidents restored in the period */
    MEASURE_MEAN_RESTORE,  /* hours */
    MEASURE_BREACHES       /* counted incidents restored in the period after more than within */
} Measure;

typedef struct Derivation {
    Measure measure;
    const char *service;  /* NULL: every service */
    const char *severity; /* NULL: every severity */
    bool service_hours;   /* restore times in service hours, not clock hours */
    Money within;         /* BREACHES: the restore target, hours */
    int places;           /* of the value */
    MoneyRounding rounding;
} Derivation;

/* What the contract says of its incidents. */
typedef struct IncidentPolicy {
    const ServiceCalendar *calendar;
    const char *const *services;
    size_t nservices;
    const char *const *excluded; /* causes that do not count against the vendor */
    size_t nexcluded;
} IncidentPolicy;

/* One incident of the log that touches the period. */
/* Durations are in nanoseconds, as Instants count. */
typedef struct Finding {
    const Incident *incident;
    Instant from, to;         /* its part in the period */
    bool counted_cause;       /* its cause counts against the vendor */
    long long counted;        /* what it adds to the service's counted downtime */
    long long maintenance;    /* of its service hours, in maintenance windows */
    long long overlap;        /* of its service hours, already counted for another */
    long long outside;        /* outside service hours */
    long long excluded_cause; /* of service hours, taken out by its excluded cause */
    bool against;  /* counts against the vendor: a counted cause, and service hours outside
                      maintenance windows (its count and restore time) */
    bool restored; /* restored in the period: the restore times are known */
    long long restore_clock, restore_service; /* from start to end */
} Finding;

typedef struct IncidentReport {
    Instant from, to;       /* the period (the days of it the contract covers) */
    long long service_time; /* agreed service time in the period, for one service, in
                               nanoseconds: its service hours less the maintenance windows */
    Finding *v;             /* by service in declaration order, then start */
    size_t n;
    const IncidentPolicy *policy;
} IncidentReport;

/* Accounts for every incident of log touching [from, to). */
int derive_report(const IncidentPolicy *policy, const IncidentLog *log, Instant from, Instant to,
                  Arena *arena, IncidentReport *out, OceError *err);

/* The value of a derived metric, and the arithmetic behind it (arena text). Fails
 * (OCE_EOUTCOMES) for an availability over a period with no service hours. */
int derive_value(const IncidentReport *r, const Derivation *d, Arena *arena, Money *out,
                 const char **explanation, OceError *err);

#endif
