/* oce verify: checks a settlement document, or settles it again and compares. */
#include <stdio.h>

#include "cli_cmd.h"
#include "error.h"
#include "verify.h"

const char cli_verify_usage[] =
    "usage: oce verify SETTLEMENT.json [--contract CONTRACT.lua --outcomes FILE\n"
    "                                   [--history DIR]]\n"
    "       oce verify SETTLEMENTS.jsonl\n"
    "\n"
    "Checks a settlement document. Alone, it checks that the document's digest matches its\n"
    "contents. With the contract script and the outcomes file it was settled from, it checks\n"
    "that they are those files (by their SHA-256 in the document), settles the period again\n"
    "and compares the two documents, naming the first difference. Either party can verify\n"
    "the other's document this way. A contract whose terms look at earlier periods is\n"
    "settled again on their documents, each checked against its digest: the files\n"
    "<contract>-<period>.json (as oce settle --out names them) beside the document, or in\n"
    "--history DIR. A .jsonl file (oce run's settlements.jsonl) is checked line by line:\n"
    "every line's digest must match its contents.\n"
    "\n"
    "  --contract FILE, --outcomes FILE   the inputs to settle again (both, or neither)\n"
    "  --incidents FILE       the incident log, for a contract that derives metrics from one\n"
    "  --history DIR          the folder of the earlier periods' settlement documents\n"
    "  --max-instructions N, --max-memory MIB, --timeout MS   as for oce settle\n"
    "\n"
    "Exit status 0 when the document verifies, 1 when it does not; the others are listed in\n"
    "oce --help.\n";

int cli_verify(Options *o)
{
    if (o->contract == NULL)
        return cli_usage_error(o, "%s", "verify needs a settlement document");
    if ((o->script == NULL) != (o->outcomes == NULL && o->incidents == NULL))
        return cli_usage_error(
            o, "%s",
            "give both --contract and --outcomes to settle again (and --incidents "
            "for a contract that derives metrics from an incident log), or "
            "neither");
    if (o->history && o->script == NULL)
        return cli_usage_error(o, "%s",
                               "--history is for settling again: give --contract and --outcomes");
    OceError err;
    error_init(&err);
    VerifyResult r = {0};
    if (cli_ends_with(o->contract, ".jsonl")) {
        if (o->script != NULL || o->history != NULL)
            return cli_usage_error(o, "%s",
                                   "a JSON Lines file is verified by its lines' digests: to "
                                   "settle a line again, save it to a file of its own");
        if (verify_lines(o->contract, &r, &err) != 0)
            return cli_report(&err);
        printf("%s: %s\n", o->contract, r.message);
        return r.verified ? 0 : 1;
    }
    if (verify_document(o->contract, o->script, o->outcomes, o->incidents, o->history, &o->limits,
                        &r, &err) != 0)
        return cli_report(&err);
    printf("%s: %s\n", o->contract, r.message);
    return r.verified ? 0 : 1;
}
