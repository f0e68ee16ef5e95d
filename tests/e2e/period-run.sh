# shellcheck shell=bash
# Sourced by run.sh. oce run: a period settled across a folder of contracts, each on its own.
# The examples' 2026-Q4 is 15 contract periods (three months each of the four monthly
# contracts but usage-service, whose October has no outcomes; service-desk's one quarter), in
# three currencies. The golden summary was checked by hand: every total is the sum of the
# documents' totals in settlements.jsonl, and every document is the one oce settle
# --history-from outcomes gives for the same contract and period (the same digest).

RN=$TMP/period-run
mkdir -p "$RN"

run run-help 0 -- run --help &&
  { grep -qF 'usage: oce run FOLDER --period PERIOD' "$TMP/out" && grep -qF -- '--quiet' "$TMP/out" && ok ||
    bad run-help "$(cat "$TMP/out")"; }

# The examples: usage-service's October fails (its outcomes start in November), the rest are
# settled and written, and the exit status says one failed.
run run-examples 1 -- run contracts --period 2026-Q4 --out "$RN/q4" &&
  { sed "s|$RN/q4|OUT|" "$TMP/out" >"$RN/q4.txt"
    expect_same run-examples tests/e2e/golden/run-contracts-2026-Q4.txt "$RN/q4.txt"; }
grep -qxF 'oce: run: usage-service 2026-10: contracts/usage-service/outcomes.csv: required metrics "storage_tb", "restore_requests" have no value for contract "usage-service" in period 2026-10; the nearest row for "storage_tb" is on line 2, for period 2026-11; the nearest row for "restore_requests" is on line 3, for period 2026-11' "$TMP/err" &&
  ok || bad run-examples-stderr "$(cat "$TMP/err")"
expect_same run-examples-summary tests/e2e/golden/run-contracts-2026-Q4.summary.json "$RN/q4/summary.json"
[ "$(wc -l <"$RN/q4/settlements.jsonl")" -eq 15 ] && ok || bad run-examples-lines "$(wc -l <"$RN/q4/settlements.jsonl")"
grep -qF "\"sha256\":	\"$(sha256sum "$RN/q4/settlements.jsonl" | cut -d' ' -f1)\"" "$RN/q4/summary.json" &&
  ok || bad run-examples-sha256 "summary.json does not give the file's SHA-256"
# Each line is a settlement document whose digest holds.
n=0
while IFS= read -r line; do
  n=$((n + 1))
  printf '%s\n' "$line" >"$RN/line-$n.json"
  "$OCE" verify "$RN/line-$n.json" >/dev/null 2>"$TMP/err" || bad "run-line-$n-verifies" "$(cat "$TMP/err")"
done <"$RN/q4/settlements.jsonl"
[ "$n" -eq 15 ] && ok || bad run-lines-read "$n"
# managed-wan's December looks back over its year: the same document oce settle gives.
"$OCE" settle $WAN/contract.lua --period 2026-12 --outcomes $WAN/outcomes.csv --history-from outcomes \
  --dry-run >"$RN/wan-12.json" 2>"$TMP/err" || bad run-wan-settle "$(cat "$TMP/err")"
want=$(sed -n 's/^	"digest":	"\(.*\)"$/\1/p' "$RN/wan-12.json")
grep -F '"id":"managed-wan"' "$RN/q4/settlements.jsonl" | grep -F '"id":"2026-12"' |
  grep -qF "\"digest\":\"$want\"}" && ok || bad run-wan-same "no managed-wan 2026-12 line with digest $want"

# A contract that fails costs only itself: one that spins is stopped by its instruction
# budget, the other is settled.
mkdir -p "$RN/two/a-spins" "$RN/two/b-fine"
cat >"$RN/two/a-spins/contract.lua" <<'EOF'
contract { history = false,
  id = "spins", title = "Spins", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = { term "spin" (function(ctx) while true do end end) },
}
EOF
cat >"$RN/two/b-fine/contract.lua" <<'EOF'
contract { history = false,
  id = "fine", title = "Fine", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = { fixed_fee "fee" { amount = money "100.00", description = "Fee" } },
}
EOF
run run-contained 1 -- run "$RN/two" --period 2026-10 --out "$RN/two-out" --max-instructions 2000000 &&
  { grep -qF 'oce: run: a-spins 2026-10: ' "$TMP/err" && grep -qF 'term "spin"' "$TMP/err" &&
    grep -qF 'instruction' "$TMP/err" &&
    grep -qF 'oce run 2026-10: 2 contracts: 1 period settled, 1 contract failed, 0 not due' "$TMP/out" &&
    grep -qE '^GBP +1 +100.00 +0.00 +100.00$' "$TMP/out" && ok ||
    bad run-contained "$(cat "$TMP/out" "$TMP/err")"; }
[ "$(wc -l <"$RN/two-out/settlements.jsonl")" -eq 1 ] && grep -qF '"term":	"spin"' "$RN/two-out/summary.json" &&
  ok || bad run-contained-files "$(cat "$RN/two-out/summary.json")"

# A quarterly contract has no period inside a month: not due, which is no failure.
mkdir -p "$RN/quarterly"
cp -r contracts/service-desk "$RN/quarterly/"
run run-not-due 0 -- run "$RN/quarterly" --period 2026-10 --out "$RN/quarterly-out" &&
  { grep -qF 'oce run 2026-10: 1 contract: 0 periods settled, 0 contracts failed, 1 not due' "$TMP/out" &&
    grep -qF 'service-desk: quarterly: no quarter of it lies inside 2026-10' "$TMP/out" && ok ||
    bad run-not-due "$(cat "$TMP/out")"; }
# A contract before its start is not due either.
run run-not-in-effect 0 -- run "$RN/quarterly" --period 2025-Q4 --out "$RN/quarterly-out" &&
  { grep -qF 'service-desk: not in effect in 2025-Q4' "$TMP/out" && ok || bad run-not-in-effect "$(cat "$TMP/out")"; }

# A contract that measures needs its outcomes beside it.
mkdir -p "$RN/bare/wan"
cp $WAN/contract.lua "$RN/bare/wan/"
run run-no-outcomes 1 -- run "$RN/bare" --period 2026-10 --out "$RN/bare-out" &&
  { grep -qF "oce: run: wan 2026-10: $RN/bare/wan: the contract measures its metrics, but there is no outcomes.csv or outcomes.json in its folder" "$TMP/err" &&
    ok || bad run-no-outcomes "$(cat "$TMP/err")"; }

# Refusals, and nothing written when the run cannot be.
mkdir -p "$RN/empty/not-a-contract"
run run-empty 2 -- run "$RN/empty" --period 2026-10 --out "$RN/empty-out" &&
  expect_err run-empty "no contracts here: oce run takes a folder of contract folders"
[ -e "$RN/empty-out" ] && bad run-empty-nothing "made $RN/empty-out" || ok
run run-bad-period 4 -- run contracts --period 2026-13 --out "$RN/bad" && expect_err run-bad-period 'period "2026-13"'
run run-no-period 2 -- run contracts && expect_err run-no-period "run needs --period"
run run-no-folder 6 -- run no/such --period 2026-10 && expect_err run-no-folder "no/such: cannot read the folder"
run run-refuses-outcomes 2 -- run contracts --period 2026-10 --outcomes $WAN/outcomes.csv &&
  expect_err run-refuses-outcomes "run finds each contract's outcomes.csv and incidents.csv in its folder"
: >"$RN/a-file"
run run-out-is-file 6 -- run "$RN/two" --period 2026-10 --out "$RN/a-file/x" --max-instructions 2000000 &&
  expect_err run-out-is-file "cannot create the output directory"

# A template read without its parameters says what it needs.
cat >"$RN/template.lua" <<'EOF'
local fee = money(params.fee)
contract { history = false,
  id = params.contract_id, title = "T", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = { fixed_fee "fee" { amount = fee, description = "Fee" } },
}
EOF
run run-template-alone 3 -- check "$RN/template.lua" &&
  expect_err run-template-alone "template.lua:1: params.fee is not given: this script is a template, whose parameters come from a portfolio (oce run --portfolio), a column each; none were given"

# A year of the examples: a contract counts once among those that failed, however many of its
# periods did (usage-service's January to October, managed-network's July to September: 13).
run run-year 1 -- run contracts --period 2026 --out "$RN/year" &&
  { grep -qxF 'oce run 2026: 6 contracts: 32 periods settled, 2 contracts failed, 0 not due' "$TMP/out" &&
    [ "$(grep -c '^oce: run: ' "$TMP/err")" -eq 13 ] &&
    grep -qF '"failure_count":	13' "$RN/year/summary.json" && ok || bad run-year "$(head -3 "$TMP/out")"; }
run run-jobs-folder 2 -- run contracts --period 2026-10 --jobs 2 && expect_err run-jobs-folder "--jobs goes with --portfolio"

# --ledger: a contract that looks back is recorded only on earlier periods the ledger holds as
# the run settled them; a quarter into a new ledger records the rest, and says which are not.
run run-ledger-quarter 1 -- run contracts --period 2026-Q4 --out "$RN/lq" --ledger "$RN/q4.db" &&
  { grep -qxF "ledger $RN/q4.db: 8 recorded as drafts, 0 drafts replaced, 0 unchanged, 0 adjusted, 0 restated, 7 not recorded" "$TMP/out" &&
    grep -qF "oce: run: managed-wan 2026-10: not recorded: $RN/q4.db: ledger: managed-wan 2026-10 was settled on a 2026-01 that the ledger does not hold: settle the earlier periods into the ledger first, in order" "$TMP/err" &&
    ok || bad run-ledger-quarter "$(tail -1 "$TMP/out"; head -3 "$TMP/err")"; }
# The year records every period in order, each on the ones before it.
run run-ledger-year 1 -- run contracts --period 2026 --out "$RN/ly" --ledger "$RN/year.db" &&
  { grep -qxF "ledger $RN/year.db: 32 recorded as drafts, 0 drafts replaced, 0 unchanged, 0 adjusted, 0 restated, 0 not recorded" "$TMP/out" &&
    ok || bad run-ledger-year "$(tail -1 "$TMP/out")"; }
run run-ledger-year-check 0 -- ledger check --ledger "$RN/year.db"
# What the run recorded is what oce settle gives: settling December again changes nothing.
run run-ledger-settle-same 0 -- settle $WAN/contract.lua --period 2026-12 --outcomes $WAN/outcomes.csv \
  --ledger "$RN/year.db" --format csv &&
  { grep -qF "managed-wan 2026-12 unchanged: the ledger already holds this settlement" "$TMP/err" && ok ||
    bad run-ledger-settle-same "$(cat "$TMP/err")"; }

# A contract whose term hangs inside one VM instruction (a rehash of colliding keys, where the
# count hook never runs) ends the worker that settles the folder's contracts: that contract
# is reported as the watchdog says, and a new worker settles the ones after it.
mkdir -p "$RN/hang/a-hangs" "$RN/hang/b-fine"
cp tests/e2e/hostile/colliding-keys.lua "$RN/hang/a-hangs/contract.lua"
cp "$RN/two/b-fine/contract.lua" "$RN/hang/b-fine/contract.lua"
run run-hang 1 -- run "$RN/hang" --period 2026-10 --out "$RN/hang-out" --timeout 500 &&
  { grep -qxF "oce: run: a-hangs: $RN/hang/a-hangs/contract.lua:11: term \"collide\": time limit exceeded" "$TMP/err" &&
    grep -qF 'oce run 2026-10: 2 contracts: 1 period settled, 1 contract failed, 0 not due' "$TMP/out" &&
    grep -qE '^GBP +1 +100.00 +0.00 +100.00$' "$TMP/out" && ok || bad run-hang "$(cat "$TMP/out" "$TMP/err")"; }
