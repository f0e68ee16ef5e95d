/* oce check: loads a contract and prints its summary, every version of it, without putting
 * any version in force: each is read from the contract's versions. */
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "cli_cmd.h"
#include "contract.h"
#include "history.h"
#include "money.h"

const char cli_check_usage[] =
    "usage: oce check CONTRACT.lua\n"
    "\n"
    "Loads the contract script in the sandbox, validates its declaration and prints a\n"
    "summary: id, title, parties, currency, cadence, effective dates, rounding rule, each\n"
    "metric and each term in order. Exit status 0 when the contract is valid; the others\n"
    "are listed in oce --help.\n"
    "\n"
    "  --max-instructions N, --max-memory MIB, --timeout MS   as for oce settle\n";

/* A declared number as the metric shows its values, to its places, but never cut: a target
 * of 99.95 on a metric of one decimal is 99.95, as settling uses it. */
static void format_declared(Money v, int places, char *buf, size_t size)
{
    if (places >= 0 && money_places(v) > places)
        places = money_places(v);
    money_format(v, places, buf, size);
}

/* How a derived metric is computed from the incident log: ", from incidents: ...". */
static void print_derivation(const Derivation *d)
{
    static const char *const measures[] = {
        "availability",        "downtime minutes",   "excluded minutes", "incidents",
        "worst restore hours", "mean restore hours", "restore breaches"};
    printf(", from incidents: %s", measures[d->measure]);
    if (d->severity)
        printf(" of %s", d->severity);
    printf(" of %s", d->service ? d->service : "all services");
    if (d->measure >= MEASURE_WORST_RESTORE)
        printf(", in %s hours", d->service_hours ? "service" : "clock");
}

/* One metric a line: "availability  unit %, target 99.95, higher is better, required, ...". */
static void print_metric(const Decl *c, const MetricDecl *m, int width)
{
    char lo[MONEY_STR_MAX], hi[MONEY_STR_MAX];
    int places = m->is_money ? c->minor_unit : m->precision;
    printf("    %-*s  unit %s", width, m->name, m->unit);
    if (m->has_target) {
        format_declared(m->target, places, lo, sizeof lo);
        printf(", target %s, %s is better", lo, decl_direction_name(m->better));
    }
    printf(", %s", m->required ? "required" : "optional");
    if (m->precision >= 0)
        printf(", %d decimal%s", m->precision, m->precision == 1 ? "" : "s");
    format_declared(m->min, places, lo, sizeof lo);
    format_declared(m->max, places, hi, sizeof hi);
    if (m->has_min && m->has_max)
        printf(", range %s to %s", lo, hi);
    else if (m->has_min)
        printf(", at least %s", lo);
    else if (m->has_max)
        printf(", at most %s", hi);
    if (m->derived)
        print_derivation(&m->derivation);
    printf("\n");
}

/* The calendar incidents are counted on. */
static void print_calendar(const Decl *c)
{
    static const char *const days[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    const ServiceCalendar *sc = &c->calendar;
    printf("  time zone:  %s\n", sc->tz.name);
    if (sc->always) {
        printf("  service:    24x7\n");
    } else {
        printf("  service:   ");
        for (int d = 0; d < 7; d++)
            if (sc->week[d].from != sc->week[d].to)
                printf(" %s %02d:%02d-%02d:%02d", days[d], sc->week[d].from / 60,
                       sc->week[d].from % 60, sc->week[d].to / 60, sc->week[d].to % 60);
        printf("\n");
        if (sc->nholidays)
            printf("  holidays:   %zu days off\n", sc->nholidays);
    }
    printf("  maintenance: %zu weekly and %zu one-off windows\n", sc->nweekly, sc->nonce);
    printf("  incidents:  services");
    for (size_t i = 0; i < c->rules.nservices; i++)
        printf(" %s", c->rules.services[i]);
    printf("; excluded causes");
    for (size_t i = 0; i < c->policy.nexcluded; i++)
        printf(" %s", c->policy.excluded[i]);
    printf("%s\n", c->policy.nexcluded ? "" : " none");
}

static void print_metrics(const Decl *c, const DeclVersion *v, const char *indent)
{
    printf("%smetrics:\n", indent);
    int width = 0;
    for (size_t i = 0; i < v->nmetrics; i++)
        if ((int)strlen(v->metrics[i].name) > width)
            width = (int)strlen(v->metrics[i].name);
    for (size_t i = 0; i < v->nmetrics; i++) {
        printf("%s", indent + 2); /* print_metric indents by 4 */
        print_metric(c, &v->metrics[i], width);
    }
}

static void print_terms(const DeclVersion *v, const char *indent)
{
    int hwidth = 4, width = 0;
    for (size_t i = 0; i < v->nterms; i++) {
        if ((int)strlen(v->terms[i]) > width)
            width = (int)strlen(v->terms[i]);
        if (v->term_helpers[i] && (int)strlen(v->term_helpers[i]) > hwidth)
            hwidth = (int)strlen(v->term_helpers[i]);
    }
    printf("%sterms, in the order they apply:\n", indent);
    for (size_t i = 0; i < v->nterms; i++)
        printf("%s  %*zu. %-*s  %-*s  line %d\n", indent, v->nterms >= 10 ? 2 : 1, i + 1, width,
               v->terms[i], hwidth, v->term_helpers[i] ? v->term_helpers[i] : "term",
               v->term_lines[i]);
}

/* The metrics and terms of version k; for an amendment, only what it restates. */
static void print_declaration(const Decl *c, size_t k, const char *indent)
{
    const DeclVersion *v = &c->versions[k];
    if (k > 0 && !v->owns_metrics)
        printf("%smetrics: as before\n", indent);
    if (k > 0 && !v->owns_terms)
        printf("%sterms: as before\n", indent);
    if (k == 0 || v->owns_metrics)
        print_metrics(c, v, indent);
    if (k == 0 || v->owns_terms)
        print_terms(v, indent);
}

/* An amendment's line: its name, date, split rule and what it restates; then what it does. */
static void print_amendment(const Decl *c, size_t k)
{
    static const char *const split[] = {"", ", split = earlier", ", split = later"};
    const DeclVersion *v = &c->versions[k];
    char since[11];
    calendar_format_date(v->effective_from, since);
    printf("  amendment:  %s, from %s%s (line %d): %s\n", v->name, since, split[v->split], v->line,
           v->owns_metrics && v->owns_terms ? "restates the metrics and the terms"
           : v->owns_metrics                ? "restates the metrics"
           : v->owns_terms                  ? "restates the terms"
                                            : "changes the params");
    print_declaration(c, k, "    ");
}

static void print_summary(const Decl *c)
{
    char from[11], to[11];
    calendar_format_date(c->effective_from, from);
    calendar_format_date(c->effective_to, to);
    printf("%s: valid contract\n", c->path);
    printf("  id:         %s\n", c->id);
    printf("  title:      %s\n", c->title);
    printf("  customer:   %s\n", c->customer);
    printf("  vendor:     %s\n", c->vendor);
    printf("  currency:   %s (%d decimal places)\n", c->currency, c->minor_unit);
    printf("  cadence:    %s\n", decl_cadence_name(c->cadence));
    if (c->effective_to.year == 9999 && c->effective_to.month == 12 && c->effective_to.day == 31)
        printf("  effective:  from %s, open-ended\n", from);
    else
        printf("  effective:  %s to %s\n", from, to);
    printf("  rounding:   %s\n", money_rounding_name(c->rounding));
    if (c->history)
        printf("  history:    its terms look at earlier periods: settled in order from %s\n",
               history_first_period(c).id);
    else
        printf("  history:    none (history = false): each period is settled on its own\n");
    printf("  sha256:     %s\n", c->script_sha256);
    if (c->has_incidents)
        print_calendar(c);
    if (c->nversions > 1)
        printf("  version:    %s, from %s\n", c->versions[0].name, from);
    print_declaration(c, 0, "  ");
    for (size_t k = 1; k < c->nversions; k++)
        print_amendment(c, k);
}

int cli_check(Options *o)
{
    if (o->contract == NULL)
        return cli_usage_error(o, "%s", "check needs a contract script");
    OceError err;
    error_init(&err);
    Contract *c = contract_load(o->contract, &o->limits, &err);
    if (c == NULL)
        return cli_report(&err);
    print_summary(&c->decl);
    contract_free(c);
    return 0;
}
