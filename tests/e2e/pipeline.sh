# shellcheck shell=bash
# Sourced by run.sh. oce settle --history-from outcomes: a contract that looks back settled on
# its earlier periods settled in order from the outcomes file, rather than from the ledger.
# managed-wan caps its credits over the contract year (6 % of 12 x 85000.00 = 61200.00), so
# December's availability credit depends on every earlier month: 10 % of 85000.00 = 8500.00
# for availability 99.45 < 99.50, held to the 4200.00 the year's first eleven months
# (57000.00 of credits) leave, 4300.00 forgone; with its csat bonus of 1700.00 the net is
# 85000.00 - 4200.00 + 1700.00 = 82500.00.

PL=$TMP/pipeline
mkdir -p "$PL"

run pipeline-help 0 -- settle --help &&
  { grep -qF -- '--history-from SOURCE' "$TMP/out" && grep -qF 'ledger (default)' "$TMP/out" && ok ||
    bad pipeline-help "$(cat "$TMP/out")"; }

# The ledger route: January to November into a ledger of their own, then December from it.
for m in 01 02 03 04 05 06 07 08 09 10 11; do
  "$OCE" settle $WAN/contract.lua --period 2026-$m --outcomes $WAN/outcomes.csv \
    --ledger "$PL/books.db" --format csv >/dev/null 2>"$TMP/err" || bad "pipeline-ledger-$m" "$(cat "$TMP/err")"
done
run pipeline-ledger-route 0 -- settle $WAN/contract.lua --period 2026-12 --outcomes $WAN/outcomes.csv \
  --ledger "$PL/books.db" --dry-run && cp "$TMP/out" "$PL/from-ledger.json" && ok

# The same December from the outcomes file alone, with no ledger at all: the same document,
# byte for byte, its history digests included (they are the ledger's documents' digests).
run pipeline-from-outcomes 0 -- settle $WAN/contract.lua --period 2026-12 --outcomes $WAN/outcomes.csv \
  --history-from outcomes --ledger "$PL/none.db" --dry-run && cp "$TMP/out" "$PL/from-file.json" &&
  expect_same pipeline-same-document "$PL/from-ledger.json" "$PL/from-file.json"
[ -e "$PL/none.db" ] && bad pipeline-dry-run-no-ledger "a dry run made $PL/none.db" || ok
grep -c '"digest"' "$PL/from-file.json" | grep -qx 12 && ok ||
  bad pipeline-history-digests "expected 11 history digests and the document's own"
run pipeline-amounts 0 -- settle $WAN/contract.lua --period 2026-12 --outcomes $WAN/outcomes.csv \
  --history-from outcomes --dry-run --format csv &&
  { grep -qF 'availability_credit,credit,Availability service credit,-4200.00,4300.00,GBP' "$TMP/out" &&
    grep -qF '57000.00 used in 2026-01 to 2026-11, at most 4200.00' "$TMP/out" &&
    grep -qF 'csat_bonus,bonus,Customer satisfaction bonus,1700.00,0.00' "$TMP/out" && ok ||
    bad pipeline-amounts "$(cat "$TMP/out")"; }
run pipeline-net 0 -- settle $WAN/contract.lua --period 2026-12 --outcomes $WAN/outcomes.csv \
  --history-from outcomes --dry-run --out "$PL/out" &&
  { grep -qxF "managed-wan 2026-12: net 82500.00 GBP, 5 lines, 1 shortfall, on 11 earlier periods settled from $WAN/outcomes.csv -> $PL/out/managed-wan-2026-12.{json,csv,txt}" "$TMP/out" &&
    cmp -s "$PL/out/managed-wan-2026-12.json" "$PL/from-ledger.json" && ok ||
    bad pipeline-net "$(cat "$TMP/out")"; }
# The default is the ledger, and naming it changes nothing.
run pipeline-named-ledger 0 -- settle $WAN/contract.lua --period 2026-12 --outcomes $WAN/outcomes.csv \
  --ledger "$PL/books.db" --history-from ledger --dry-run &&
  expect_same pipeline-named-ledger "$PL/from-ledger.json" "$TMP/out"
# The contract's first period has no earlier one: the option changes nothing, and says nothing.
run pipeline-first 0 -- settle $WAN/contract.lua --period 2026-01 --outcomes $WAN/outcomes.csv \
  --history-from outcomes --dry-run --out "$PL/first" &&
  { grep -qF 'earlier period' "$TMP/out" && bad pipeline-first "$(cat "$TMP/out")" || ok; }
run pipeline-first-same 0 -- ledger show managed-wan/2026-01 --ledger "$PL/books.db" &&
  expect_same pipeline-first-same "$TMP/out" "$PL/first/managed-wan-2026-01.json"

# Recorded: only where the ledger holds every earlier period as the file settles it, and then
# it is the ledger's own settlement; the earlier months are recorded nowhere.
run pipeline-record 0 -- settle $WAN/contract.lua --period 2026-12 --outcomes $WAN/outcomes.csv \
  --history-from outcomes --ledger "$PL/books.db" &&
  { grep -qF "managed-wan 2026-12 recorded as a draft" "$TMP/err" && ok || bad pipeline-record "$(cat "$TMP/err")"; }
run pipeline-record-show 0 -- ledger show managed-wan/2026-12 --ledger "$PL/books.db" &&
  expect_same pipeline-record-show "$PL/from-ledger.json" "$TMP/out"
run pipeline-record-empty 4 -- settle $WAN/contract.lua --period 2026-12 --outcomes $WAN/outcomes.csv \
  --history-from outcomes --ledger "$PL/new.db" &&
  expect_err pipeline-record-empty "$PL/new.db: ledger: managed-wan 2026-12 was settled on 2026-01 as settled from $WAN/outcomes.csv, and the ledger holds no settlement of 2026-01: with --history-from outcomes a settlement is recorded only on earlier periods the ledger holds as the file settles them; settle with --dry-run"
[ -e "$PL/new.db" ] && bad pipeline-record-empty-nothing "a refused settle made $PL/new.db" || ok
# A ledger whose March was settled from another file (availability 99.40, not 99.96), the
# other months from the same one. (Every month settled from another file would differ from
# January on: a document names the digest of the file it was settled from.)
sed 's/^managed-wan,2026-03,availability,99.96,/managed-wan,2026-03,availability,99.40,/' $WAN/outcomes.csv >"$PL/other-march.csv"
cmp -s "$PL/other-march.csv" $WAN/outcomes.csv && bad pipeline-other-march "the March row was not changed"
for m in 01 02 03 04 05 06 07 08 09 10 11; do
  f=$WAN/outcomes.csv
  [ $m = 03 ] && f=$PL/other-march.csv
  "$OCE" settle $WAN/contract.lua --period 2026-$m --outcomes "$f" \
    --ledger "$PL/other.db" --format csv >/dev/null 2>"$TMP/err" || bad "pipeline-other-$m" "$(cat "$TMP/err")"
done
run pipeline-record-other 4 -- settle $WAN/contract.lua --period 2026-12 --outcomes $WAN/outcomes.csv \
  --history-from outcomes --ledger "$PL/other.db" &&
  expect_err pipeline-record-other "ledger: managed-wan 2026-12 was settled on 2026-03 as settled from $WAN/outcomes.csv, and the ledger holds another settlement of 2026-03 (its digest is "
run pipeline-record-other-list 0 -- ledger list --ledger "$PL/other.db" &&
  { grep -q '2026-12' "$TMP/out" && bad pipeline-record-other-list "2026-12 was recorded" || ok; }

# Errors in an earlier month name the month and the file (and the line of a bad row).
grep -v '^managed-wan,2026-03,' $WAN/outcomes.csv >"$PL/no-march.csv"
run pipeline-missing-month 4 -- settle $WAN/contract.lua --period 2026-12 --outcomes "$PL/no-march.csv" \
  --history-from outcomes --dry-run &&
  expect_err pipeline-missing-month "$PL/no-march.csv: settling the earlier period 2026-03 from $PL/no-march.csv: required metrics \"availability\", \"p1_restore_hours\", \"run_cost\" have no value for contract \"managed-wan\" in period 2026-03"
sed 's/^managed-wan,2026-02,p1_restore_hours,3.5,/managed-wan,2026-02,p1_restore_hours,3.x5,/' $WAN/outcomes.csv >"$PL/bad-feb.csv"
run pipeline-bad-row 4 -- settle $WAN/contract.lua --period 2026-12 --outcomes "$PL/bad-feb.csv" \
  --history-from outcomes --dry-run &&
  expect_err pipeline-bad-row "$PL/bad-feb.csv:7: settling the earlier period 2026-02 from $PL/bad-feb.csv: metric \"p1_restore_hours\": value \"3.x5\" is not a decimal number"

# Incidents: the earlier periods derive their metrics from the same log.
IT=contracts/managed-it-support
run pipeline-incidents 0 -- settle $IT/contract.lua --period 2026-06 --outcomes $IT/outcomes.csv \
  --incidents $IT/incidents.csv --history-from outcomes --dry-run --out "$PL/it" &&
  { grep -qF "on 2 earlier periods settled from $IT/outcomes.csv and $IT/incidents.csv -> " "$TMP/out" && ok ||
    bad pipeline-incidents "$(cat "$TMP/out")"; }
for m in 04 05; do
  "$OCE" settle $IT/contract.lua --period 2026-$m --outcomes $IT/outcomes.csv --incidents $IT/incidents.csv \
    --ledger "$PL/it.db" --format csv >/dev/null 2>"$TMP/err" || bad "pipeline-it-$m" "$(cat "$TMP/err")"
done
run pipeline-incidents-ledger 0 -- settle $IT/contract.lua --period 2026-06 --outcomes $IT/outcomes.csv \
  --incidents $IT/incidents.csv --ledger "$PL/it.db" --dry-run &&
  expect_same pipeline-incidents-same "$TMP/out" "$PL/it/managed-it-support-2026-06.json"

# A contract that does not look back (history = false): harmless, the same document.
NET=contracts/managed-network
run pipeline-no-history-a 0 -- settle $NET/contract.lua --period 2026-10 --outcomes $NET/outcomes.csv \
  --incidents $NET/incidents.csv --dry-run && cp "$TMP/out" "$PL/net.json"
run pipeline-no-history 0 -- settle $NET/contract.lua --period 2026-10 --outcomes $NET/outcomes.csv \
  --incidents $NET/incidents.csv --history-from outcomes --dry-run &&
  expect_same pipeline-no-history "$PL/net.json" "$TMP/out"

# Refused where it makes no sense.
run pipeline-bad-source 2 -- settle $WAN/contract.lua --period 2026-12 --outcomes $WAN/outcomes.csv \
  --history-from files && expect_err pipeline-bad-source "--history-from must be ledger or outcomes, not 'files'"
run pipeline-no-value 2 -- settle $WAN/contract.lua --period 2026-12 --outcomes $WAN/outcomes.csv \
  --history-from && expect_err pipeline-no-value "option --history-from needs a value"
run pipeline-test 2 -- test $WAN/contract.lua --history-from outcomes &&
  expect_err pipeline-test "test takes the periods and outcomes from its cases"
run pipeline-verify 2 -- verify "$PL/from-file.json" --contract $WAN/contract.lua --outcomes $WAN/outcomes.csv \
  --history-from outcomes && expect_err pipeline-verify "verify settles on the earlier periods' documents (--history DIR), not --history-from"
run pipeline-finalize 2 -- finalize managed-wan --period 2026-12 --history-from outcomes \
  --ledger "$PL/books.db" && expect_err pipeline-finalize "finalize takes a contract, --period, --prefix and --ledger only"
