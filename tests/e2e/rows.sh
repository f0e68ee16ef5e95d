# End-to-end cases of what becomes of each row of an input file (sourced by run.sh, with its
# helpers): a row is the settlement's, another contract's or another period's, or it is a
# mistake and an error naming the file, the line and what was expected. Nothing is dropped
# without a word.

# --- The reproduction: a mistyped period made an optional metric read as not measured. -------
run rows-repro-original 0 -- settle $WAN/contract.lua --period 2026-01 --outcomes $WAN/outcomes.csv --format text --dry-run &&
  { grep -qE '^  csat_bonus +bonus +1,700\.00  Customer satisfaction bonus$' "$TMP/out" && ok || bad rows-repro-original "$(grep csat "$TMP/out")"; }
sed 's/^managed-wan,2026-01,csat,9\.2,/managed-wan,2026-1,csat,9.2,/' $WAN/outcomes.csv >"$TMP/rows-repro.csv"
grep -q '^managed-wan,2026-1,csat,9.2,' "$TMP/rows-repro.csv" && ok || bad rows-repro-edit "the reproduction's row was not changed"
run rows-repro 4 -- settle $WAN/contract.lua --period 2026-01 --outcomes "$TMP/rows-repro.csv" --format text --dry-run &&
  expect_err rows-repro "rows-repro.csv:4: period \"2026-1\" is not a period: contract \"managed-wan\" settles monthly, so write YYYY-MM (e.g. 2026-01)"

# Each kind of mistake, in a row of the period settled or of another: (sed expression, line, error).
rows_case() { # NAME SED LINE MESSAGE
  sed "$2" $WAN/outcomes.csv >"$TMP/rows-$1.csv"
  run "rows-$1" 4 -- settle $WAN/contract.lua --period 2026-10 --outcomes "$TMP/rows-$1.csv" --dry-run &&
    expect_err "rows-$1" "rows-$1.csv:$3: $4"
}
rows_case month-name 's/^managed-wan,2026-04,availability,/managed-wan,Apr-27,availability,/' 13 \
  'period "Apr-27" is not a period: contract "managed-wan" settles monthly, so write YYYY-MM (e.g. 2026-10)'
rows_case date 's/^managed-wan,2026-10,csat,/managed-wan,01\/04\/2027,csat,/' 35 \
  'period "01/04/2027" is not a period: contract "managed-wan" settles monthly, so write YYYY-MM (e.g. 2026-10)'
rows_case quarter 's/^managed-wan,2026-12,csat,/managed-wan,2026-Q4,csat,/' 42 \
  'period 2026-Q4 is a quarter, but contract "managed-wan" settles monthly: write YYYY-MM (e.g. 2026-10)'
rows_case underscore 's/^managed-wan,2026-10,csat,/managed_wan,2026-10,csat,/' 35 \
  'contract "managed_wan" (did you mean "managed-wan"?): contract ids are matched exactly, so this row would be set aside as another contract'"'"'s'
rows_case case 's/^managed-wan,2026-03,run_cost,/Managed-WAN,2026-03,run_cost,/' 12 \
  'contract "Managed-WAN" (did you mean "managed-wan"?): contract ids are matched exactly, so this row would be set aside as another contract'"'"'s'
printf '%s\n' '{"outcomes": [' \
  '  {"contract": "managed-wan", "period": "2026-10", "metric": "availability", "value": "99.42"},' \
  '  {"contract": "managed-wan", "period": "Oct 2026", "metric": "csat", "value": "9.1"}' ']}' >"$TMP/rows-json.json"
run rows-json 4 -- settle $WAN/contract.lua --period 2026-10 --outcomes "$TMP/rows-json.json" --dry-run &&
  expect_err rows-json 'rows-json.json:3: outcomes[1].period: period "Oct 2026" is not a period'

# Ordinary ids stay ordinary: in a portfolio file, ids a digit apart are other contracts.
sed 's/id = "managed-wan"/id = "C0000002"/' $WAN/contract.lua >"$TMP/C0000002.lua"
{ echo "contract,period,metric,value"
  for id in C0000001 C0000002 C0000003; do
    grep '^managed-wan,2026-0[12],' $WAN/outcomes.csv | cut -d, -f2-4 | sed "s/^/$id,/"
  done; } >"$TMP/portfolio.csv"
run rows-portfolio 0 -- settle "$TMP/C0000002.lua" --period 2026-01 --outcomes "$TMP/portfolio.csv" --format csv --dry-run &&
  { sed 's/^managed-wan,/C0000002,/' $WAN/expected/managed-wan-2026-01.csv | cmp -s - "$TMP/out" && ok ||
    bad rows-portfolio "$(cat "$TMP/out")"; }

# --- Incident logs: a mistyped contract id is an error; other contracts' rows are set aside. ---
IC=tests/terms/incidents.lua
sed 's/^incidents,core,PART,/Incidents,core,PART,/' tests/terms/incidents.csv >"$TMP/rows-incidents.csv"
run rows-incidents-case 4 -- settle $IC --period 2026-10 --incidents "$TMP/rows-incidents.csv" --dry-run &&
  expect_err rows-incidents-case 'rows-incidents.csv:3: contract "Incidents" (did you mean "incidents"?): contract ids are matched exactly'
{ cat tests/terms/incidents.csv; echo 'incidents2,core,X,not a time,,P9,nobody,,'; } >"$TMP/rows-incidents-other.csv"
run rows-incidents-other 0 -- settle $IC --period 2026-10 --incidents "$TMP/rows-incidents-other.csv" --format csv --dry-run

# --- oce test reads a case's outcomes file the same way. --------------------------------------
mkdir -p "$TMP/rows-test"
cp $WAN/contract.lua "$TMP/rows-test/contract.lua"
sed 's/^managed-wan,2026-01,csat,9\.2,/managed-wan,2026-1,csat,9.2,/' $WAN/outcomes.csv >"$TMP/rows-test/outcomes.csv"
cat >"$TMP/rows-test/contract.tests.lua" <<'EOF'
case "January with a mistyped period" {
  period = "2026-01", outcomes = "outcomes.csv",
  net = "87225.00",
}
EOF
run rows-test-case 1 -- test "$TMP/rows-test" &&
  { grep -qF "outcomes.csv:4: period \"2026-1\" is not a period: contract \"managed-wan\" settles monthly, so write YYYY-MM (e.g. 2026-01)" "$TMP/out" && ok ||
    bad rows-test-case "$(cat "$TMP/out")"; }

# --- A missing required metric names the row nearest to what its row would be. ---------------
# October's run cost typed as November's: November then has it twice, and both rows are named.
sed 's/^managed-wan,2026-10,run_cost,/managed-wan,2026-11,run_cost,/' $WAN/outcomes.csv >"$TMP/rows-nearest.csv"
run rows-nearest 4 -- settle $WAN/contract.lua --period 2026-10 --outcomes "$TMP/rows-nearest.csv" --dry-run &&
  expect_err rows-nearest 'rows-nearest.csv: required metric "run_cost" has no value for contract "managed-wan" in period 2026-10; the nearest row for "run_cost" is on line 39, for period 2026-11, which has it on line 36 too'
