/* oce finalize: gives a period's settlement in the ledger its invoice number. */
#include <stdio.h>
#include <stdlib.h>

#include "calendar.h"
#include "cli_cmd.h"
#include "contract.h"
#include "error.h"
#include "ledger.h"

const char cli_finalize_usage[] =
    "usage: oce finalize CONTRACT --period PERIOD [--prefix PREFIX] [--ledger FILE]\n"
    "\n"
    "Finalises the period's settlement in the ledger: it takes the next invoice number from\n"
    "a gap-free sequence (PREFIX and six digits, INV-000001 unless --prefix or\n"
    "$OCE_INVOICE_PREFIX says otherwise) and never changes again. CONTRACT is the contract's\n"
    "id or its script. Finalising a final period again only says its number. The ledger is\n"
    "--ledger, else $OCE_LEDGER, else oce.db in this folder or the nearest folder above it\n"
    "that has one; it must be there (see oce ledger --help).\n";

/* The contract id a command names: an id as given, or the id a script declares. */
static int contract_id(const Options *o, char *id, size_t size, OceError *err)
{
    if (!cli_ends_with(o->contract, ".lua")) {
        snprintf(id, size, "%s", o->contract);
        return 0;
    }
    Contract *c = contract_load(o->contract, &o->limits, err);
    if (c == NULL)
        return -1;
    snprintf(id, size, "%s", c->decl.id);
    contract_free(c);
    return 0;
}

int cli_finalize(Options *o)
{
    int rc;
    if (o->contract == NULL || o->period == NULL)
        return cli_usage_error(o, "%s", "finalize needs a contract and --period");
    if (cli_bad_prefix(o->prefix))
        return cli_usage_error(o, "%s", CLI_PREFIX_RULE);
    OceError err;
    error_init(&err);
    char id[128], number[64];
    Period p;
    const char *prefix = o->prefix ? o->prefix : getenv("OCE_INVOICE_PREFIX");
    if ((rc = cli_refuse_relative_env(o)) != 0)
        return rc;
    cli_locate(o);
    if (calendar_parse_period(o->period, &p, &err) != 0 || cli_require_ledger(o, &err) != 0 ||
        contract_id(o, id, sizeof id, &err) != 0)
        return cli_report(&err);
    Ledger *l = ledger_open(cli_place_path(o), LEDGER_EXISTING, &err);
    int already = 0;
    rc = l != NULL &&
                 ledger_finalize(l, id, p.id, prefix ? prefix : "INV-", number, &already, &err) == 0
             ? 0
             : -1;
    ledger_close(l);
    if (rc != 0)
        return cli_report(&err);
    printf("%s %s: %s invoice %s\n", id, p.id, already ? "already final as" : "final as", number);
    return 0;
}
