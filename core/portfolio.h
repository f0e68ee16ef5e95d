/*
 * portfolio: the contracts of a portfolio run, one a row: its contract_id, the template it is
 * made from and the template's parameters. CSV has a header naming the columns, contract_id
 * and template among them and one column per parameter, each a name (a letter or '_', then
 * letters, digits and '_'); a row's empty cell is a parameter it does not give. JSON Lines
 * (.jsonl) has an object a line, {"contract_id": "...", "template": "sla", "fee":
 * "85000.00"}, every value a string. The file is read as a stream: rows are given as they are
 * read, and memory does not grow with the file. Errors name the file and line. No Lua.
 */
#ifndef OCE_PORTFOLIO_H
#define OCE_PORTFOLIO_H

#include <stddef.h>

#include "error.h"

/* The parameters a row may give. */
#define PORTFOLIO_PARAMS_MAX 22

typedef struct PortfolioRow {
    int line;
    const char *contract_id;
    const char *template_name;
    /* Its parameters, contract_id first, then the others in the order of the file, every
     * column but template: n of each. */
    const char *names[PORTFOLIO_PARAMS_MAX + 1];
    const char *values[PORTFOLIO_PARAMS_MAX + 1];
    size_t n;
} PortfolioRow;

/* Takes a row; 0 to go on, else the reading stops and returns it. */
typedef int (*PortfolioVisit)(void *ctx, const PortfolioRow *row, OceError *err);

/* Reads the portfolio at path (.csv or .jsonl) and gives each row to visit. Refused, each an
 * OCE_ECONTRACT error naming the file and line: no contract_id or template column (or
 * member), a column name that is not a name or is given twice, more than
 * PORTFOLIO_PARAMS_MAX parameters, an empty contract_id, a template name that is not a plain
 * file name (letters, digits, '-' and '_'), a JSON line that is not an object of strings (a
 * number is refused: give "85000.00"), and anything table_stream refuses of a CSV file. */
int portfolio_read(const char *path, PortfolioVisit visit, void *ctx, OceError *err);

#endif
