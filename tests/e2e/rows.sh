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

# --- The settlement document and the text report account for every row. ----------------------
# January: 42 rows in the file, the month's 4 used, the other months' 38 set aside.
run rows-count-json 0 -- settle $WAN/contract.lua --period 2026-01 --outcomes $WAN/outcomes.csv --dry-run &&
  { tr -d '\n\t' <"$TMP/out" | grep -qF '"outcomes_rows":{"read":"42","used":"4","set_aside":{"other_contracts":"0","other_periods":"38"}},"history"' && ok ||
    bad rows-count-json "$(grep -A8 outcomes_rows "$TMP/out")"; }
run rows-count-text 0 -- settle $WAN/contract.lua --period 2026-01 --outcomes $WAN/outcomes.csv --format text --dry-run &&
  { grep -qxF '  Outcomes      42 rows read: 4 used, 38 set aside (0 of other contracts, 38 of other periods)' "$TMP/out" && ok ||
    bad rows-count-text "$(grep -A4 '^Inputs' "$TMP/out")"; }
# The portfolio file: 24 rows, 4 used, 16 of the two other contracts, 4 of February.
run rows-count-portfolio 0 -- settle "$TMP/C0000002.lua" --period 2026-01 --outcomes "$TMP/portfolio.csv" --format text --dry-run &&
  { grep -qxF '  Outcomes      21 rows read: 4 used, 17 set aside (14 of other contracts, 3 of other periods)' "$TMP/out" && ok ||
    bad rows-count-portfolio "$(grep -A4 '^Inputs' "$TMP/out")"; }
# An incident log with another contract's row and one of September: 9 incidents, 7 in October.
{ cat tests/terms/incidents.csv
  echo 'incidents2,core,X,not a time,,P9,nobody,,'
  echo 'incidents,edge,SEPT,2026-09-20T10:00Z,2026-09-20T11:00Z,P2,vendor,,'; } >"$TMP/rows-incidents-count.csv"
run rows-count-incidents 0 -- settle $IC --period 2026-10 --incidents "$TMP/rows-incidents-count.csv" --format text --dry-run &&
  { grep -qxF '  Incident log  9 incidents read: 7 in the period, 2 set aside (1 of other contracts, 1 outside the period)' "$TMP/out" && ok ||
    bad rows-count-incidents "$(grep -A4 '^Inputs' "$TMP/out")"; }
run rows-count-incidents-json 0 -- settle $IC --period 2026-10 --incidents "$TMP/rows-incidents-count.csv" --dry-run &&
  { tr -d '\n\t' <"$TMP/out" | grep -qF '"incidents_rows":{"read":"9","used":"7","set_aside":{"other_contracts":"1","other_periods":"1"}},"incidents"' && ok ||
    bad rows-count-incidents-json "$(grep -A8 incidents_rows "$TMP/out")"; }
# A test case reads the same file, so its account is the same: the case holds on its net.
mkdir -p "$TMP/rows-test-ok"
cp $WAN/contract.lua $WAN/outcomes.csv "$TMP/rows-test-ok/"
printf '%s\n' 'case "January" {' '  period = "2026-01", outcomes = "outcomes.csv",' '  net = "87225.00",' '}' >"$TMP/rows-test-ok/contract.tests.lua"
run rows-test-ok 0 -- test "$TMP/rows-test-ok" && { grep -qF '1 case: 1 passed, 0 failed' "$TMP/out" && ok || bad rows-test-ok "$(cat "$TMP/out")"; }

# --- Documents of the layout before (oce-settlement-2, without the counts) still verify. --------
V2=tests/e2e/verify/v2
run rows-verify-v2 0 -- verify $V2/managed-wan-2026-02.json --contract $WAN/contract.lua --outcomes $WAN/outcomes.csv &&
  { grep -qF 'verified: settling 2026-02 of managed-wan again from contracts/managed-wan/outcomes.csv gives the same document (as oce-settlement-2, the layout it was written in)' "$TMP/out" && ok ||
    bad rows-verify-v2 "$(cat "$TMP/out")"; }
run rows-verify-v2-incidents 0 -- verify $V2/incidents-2026-10.json --contract $IC --incidents tests/terms/incidents.csv &&
  { grep -qF 'gives the same document (as oce-settlement-2' "$TMP/out" && ok || bad rows-verify-v2-incidents "$(cat "$TMP/out")"; }
run rows-verify-v2-forged 1 -- verify $V2/forged-2026-02.json --contract $WAN/contract.lua --outcomes $WAN/outcomes.csv --history $V2 &&
  { grep -qF 'at lines[1].amount it says "-3250.00", the settlement gives "-4250.00"' "$TMP/out" && ok || bad rows-verify-v2-forged "$(cat "$TMP/out")"; }

# A ledger an earlier oce wrote (documents-v2.db: January and March drafts, February final, as
# oce-settlement-2) holds the same settlements: settling them again changes nothing, and later
# periods are settled on them as they stand.
cp tests/e2e/ledger/documents-v2.db "$TMP/rows-v2.db"
for m in 01 02 03; do
  run "rows-ledger-v2-$m" 0 -- settle $WAN/contract.lua --period 2026-$m --outcomes $WAN/outcomes.csv --ledger "$TMP/rows-v2.db" --out "$TMP/rows-v2" &&
    { grep -qF "managed-wan 2026-$m unchanged: the ledger already holds this settlement" "$TMP/err" && ok || bad "rows-ledger-v2-$m" "$(cat "$TMP/err")"; }
done
run rows-ledger-v2-show 0 -- ledger show managed-wan/2026-02 --ledger "$TMP/rows-v2.db" &&
  { grep -qF '"format":	"oce-settlement-2"' "$TMP/out" && ok || bad rows-ledger-v2-show "$(head -n 3 "$TMP/out")"; }
run rows-ledger-v2-04 0 -- settle $WAN/contract.lua --period 2026-04 --outcomes $WAN/outcomes.csv --ledger "$TMP/rows-v2.db" --out "$TMP/rows-v2" &&
  { grep -qF "managed-wan 2026-04 recorded as a draft" "$TMP/err" && ok || bad rows-ledger-v2-04 "$(cat "$TMP/err")"; }
run rows-ledger-v2-check 0 -- ledger check --ledger "$TMP/rows-v2.db" && { grep -qF ': ok' "$TMP/out" && ok || bad rows-ledger-v2-check "$(cat "$TMP/out")"; }
# April was settled on the ledger's earlier documents; beside it are the same settlements as
# this oce writes them, and it verifies on them.
run rows-ledger-v2-verify 0 -- verify "$TMP/rows-v2/managed-wan-2026-04.json" --contract $WAN/contract.lua --outcomes $WAN/outcomes.csv &&
  { grep -qF 'verified: settling 2026-04 of managed-wan again' "$TMP/out" && ok || bad rows-ledger-v2-verify "$(cat "$TMP/out")"; }
