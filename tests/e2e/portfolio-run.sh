# shellcheck shell=bash
# Sourced by run.sh. oce run --portfolio: contracts made from a template, one a row of the
# portfolio, settled from one outcomes file whose rows come in any order. The sample portfolio
# (contracts/portfolio-sla) is six sites of the SLA template, each with its own fee and
# baseline, over 2026-Q4. Its golden totals were checked by hand against an independent
# implementation of the template's clauses in Python's decimal module
# (tests/bench/sla-expected.py --portfolio ...): every contract period's charges, credits and
# net agree to the cent, and so do the sums (charges 1317515.49, credits -161566.36).

PF=$TMP/portfolio-run
PS=contracts/portfolio-sla
mkdir -p "$PF"

# totals FILE: each line's contract, period, charges, credits and net, sorted.
totals() {
  sed -E 's/.*"contract":\{"id":"([^"]*)".*"period":\{"id":"([^"]*)".*"totals":\{"charges":"([^"]*)","credits":"([^"]*)","net":"([^"]*)"\}.*/\1 \2 \3 \4 \5/' "$1" | sort
}
portfolio() { # NAME STATUS OUT [ARGS...]: runs the sample with ARGS added
  local name=$1 want=$2 out=$3
  shift 3
  run "$name" "$want" -- run --portfolio $PS/portfolio.csv --templates $PS/templates \
    --outcomes $PS/outcomes.csv --period 2026-Q4 --out "$out" "$@"
}

portfolio portfolio-sample 0 "$PF/q4" &&
  { sed "s|$PF/q4|OUT|" "$TMP/out" >"$PF/q4.txt"
    expect_same portfolio-sample tests/e2e/golden/run-portfolio-sla-2026-Q4.txt "$PF/q4.txt"; }
totals "$PF/q4/settlements.jsonl" >"$PF/q4.totals"
expect_same portfolio-totals tests/e2e/golden/run-portfolio-sla-2026-Q4.totals "$PF/q4.totals"
grep -qF '"parameters":{"contract_id":"SITE-0003","fee":"120500.50","baseline":"150000.00"}' \
  "$PF/q4/settlements.jsonl" && ok || bad portfolio-parameters "no SITE-0003 parameters in the documents"
# Each line's digest holds.
head -n 1 "$PF/q4/settlements.jsonl" >"$PF/first.json"
run portfolio-line-verifies 0 -- verify "$PF/first.json"

# The same portfolio as JSON Lines, and the outcomes in another order: the same documents.
{
  echo '{"contract_id": "SITE-0001", "template": "sla", "fee": "85000.00", "baseline": "120000.00"}'
  echo '{"contract_id": "SITE-0002", "template": "sla", "fee": "42000.00", "baseline": "60000.00"}'
  echo ''
  echo '{"contract_id": "SITE-0003", "template": "sla", "fee": "120500.50", "baseline": "150000.00"}'
  echo '{"contract_id": "SITE-0004", "template": "sla", "fee": "18750.00", "baseline": "25000.00"}'
  echo '{"contract_id": "SITE-0005", "template": "sla", "fee": "64000.00", "baseline": "88000.00"}'
  echo '{"contract_id": "SITE-0006", "template": "sla", "fee": "99999.99", "baseline": "130000.00"}'
} >"$PF/portfolio.jsonl"
{ head -n 1 $PS/outcomes.csv; tail -n +2 $PS/outcomes.csv | sort -r; } >"$PF/sorted.csv"
run portfolio-jsonl 0 -- run --portfolio "$PF/portfolio.jsonl" --templates $PS/templates \
  --outcomes "$PF/sorted.csv" --period 2026-Q4 --out "$PF/jsonl" &&
  expect_same portfolio-jsonl-same "$PF/q4/settlements.jsonl" "$PF/jsonl/settlements.jsonl"

# Shards: each settles its own contracts, and together they settle every one, once.
portfolio portfolio-shard-1 0 "$PF/s1" --shard 1/2
portfolio portfolio-shard-2 0 "$PF/s2" --shard 2/2
cat "$PF/s1/settlements.jsonl" "$PF/s2/settlements.jsonl" | sort >"$PF/shards.sorted"
sort "$PF/q4/settlements.jsonl" >"$PF/whole.sorted"
expect_same portfolio-shards-whole "$PF/whole.sorted" "$PF/shards.sorted"
[ -s "$PF/s1/settlements.jsonl" ] && [ -s "$PF/s2/settlements.jsonl" ] && ok ||
  bad portfolio-shards-split "a shard settled nothing: $(wc -l "$PF"/s?/settlements.jsonl)"
portfolio portfolio-shard-bad 2 "$PF/s3" --shard 3/2 && expect_err portfolio-shard-bad "--shard is K/N"

# A row of a contract the portfolio does not hold is reported with its line; the rest settle.
{ cat $PS/outcomes.csv; echo 'SITE-0099,2026-10,availability,99.99'; } >"$PF/stray.csv"
run portfolio-stray 1 -- run --portfolio $PS/portfolio.csv --templates $PS/templates \
  --outcomes "$PF/stray.csv" --period 2026-Q4 --out "$PF/stray" &&
  { grep -qxF "oce: run: $PF/stray.csv:104: contract \"SITE-0099\" is not in the portfolio $PS/portfolio.csv (1 row of it, the first on this line)" "$TMP/err" &&
    grep -qF 'oce run 2026-Q4: 6 contracts: 18 periods settled, 0 contracts failed, 0 not due' "$TMP/out" &&
    grep -qF 'rows of no contract:' "$TMP/out" && ok || bad portfolio-stray "$(cat "$TMP/out" "$TMP/err")"; }

# Contracts that fail, each on its own: a contract_id given twice, a template that is not
# there, a parameter the portfolio does not give, a template that does not take its id from
# the portfolio.
mkdir -p "$PF/templates"
cp $PS/templates/sla.lua "$PF/templates/sla.lua"
sed 's/id = params.contract_id,/id = "fixed",/' $PS/templates/sla.lua >"$PF/templates/fixed.lua"
cat >"$PF/mixed.csv" <<'EOF'
contract_id,template,fee,baseline
SITE-0001,sla,85000.00,120000.00
SITE-0002,nowhere,42000.00,60000.00
SITE-0003,sla,120500.50,
SITE-0004,fixed,18750.00,25000.00
SITE-0001,sla,85000.00,120000.00
EOF
run portfolio-failures 1 -- run --portfolio "$PF/mixed.csv" --templates "$PF/templates" \
  --outcomes $PS/outcomes.csv --period 2026-10 --out "$PF/mixed" &&
  { grep -qF "oce: run: SITE-0002: $PF/templates/nowhere.lua: cannot open template" "$TMP/err" &&
    grep -qF "oce: run: SITE-0003: $PF/templates/sla.lua:12: params.baseline is not given: the parameters given are contract_id, fee" "$TMP/err" &&
    grep -qF "oce: run: SITE-0004 2026-10: $PF/templates/fixed.lua:" "$TMP/err" &&
    grep -qF 'the template declares id "fixed", but the portfolio'"'"'s contract_id is "SITE-0004": a template writes id = params.contract_id' "$TMP/err" &&
    grep -qF "oce: run: SITE-0001: $PF/mixed.csv:6: contract_id \"SITE-0001\" is given twice: first on line 2" "$TMP/err" &&
    grep -qF 'oce run 2026-10: 5 contracts: 1 period settled, 4 contracts failed, 0 not due' "$TMP/out" &&
    grep -qF 'rows of no contract:' "$TMP/out" && ok ||
    bad portfolio-failures "$(cat "$TMP/out" "$TMP/err")"; }

# A malformed portfolio settles nothing.
printf 'contract_id,template,fee amount\nA,sla,1\n' >"$PF/bad-header.csv"
run portfolio-bad-header 3 -- run --portfolio "$PF/bad-header.csv" --templates $PS/templates \
  --outcomes $PS/outcomes.csv --period 2026-10 --out "$PF/bad" &&
  expect_err portfolio-bad-header "bad-header.csv:1: column \"fee amount\" of the header is not a name"
[ -e "$PF/bad" ] && bad portfolio-bad-nothing "made $PF/bad" || ok
printf '{"contract_id": "A", "template": "sla", "fee": 85000.00}\n' >"$PF/number.jsonl"
run portfolio-json-number 3 -- run --portfolio "$PF/number.jsonl" --templates $PS/templates \
  --outcomes $PS/outcomes.csv --period 2026-10 --out "$PF/bad" &&
  expect_err portfolio-json-number 'number.jsonl:1: "fee" must be a string ("85000.00", not 85000.00: a JSON number is read as a binary fraction)'
printf 'contract_id,fee\nA,1\n' >"$PF/no-template.csv"
run portfolio-no-template-column 3 -- run --portfolio "$PF/no-template.csv" --templates $PS/templates \
  --outcomes $PS/outcomes.csv --period 2026-10 --out "$PF/bad" &&
  expect_err portfolio-no-template-column 'the header has no column "template"'
run portfolio-needs-templates 2 -- run --portfolio $PS/portfolio.csv --outcomes $PS/outcomes.csv --period 2026-10 &&
  expect_err portfolio-needs-templates "--portfolio needs --templates"
run portfolio-needs-outcomes 2 -- run --portfolio $PS/portfolio.csv --templates $PS/templates --period 2026-10 &&
  expect_err portfolio-needs-outcomes "--portfolio needs --outcomes"
run portfolio-not-both 2 -- run contracts --portfolio $PS/portfolio.csv --templates $PS/templates \
  --outcomes $PS/outcomes.csv --period 2026-10 &&
  expect_err portfolio-not-both "run takes a folder of contracts or --portfolio, not both"

# The template is tested like any contract, with the parameters its tests file gives.
run portfolio-template-tests 0 -- test $PS &&
  { grep -qF '1 contract, 8 cases: 8 passed, 0 failed' "$TMP/out" && ok || bad portfolio-template-tests "$(cat "$TMP/out")"; }

# A contract that hangs inside one VM instruction (a rehash of colliding keys, where the count
# hook never runs) is ended by its worker's watchdog: it costs that contract alone, reported
# as the watchdog says, and a new worker settles the contracts after it.
cat >"$PF/templates/hangs.lua" <<'EOF2'
contract { history = false,
  id = params.contract_id, title = "Hangs", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    fixed_fee "fee" { amount = money(params.fee), description = "Fee" },
    term "collide" (function(ctx)
      if params.hang == "yes" then
        local M, t = 131071, {}
        for i = 1, 131000 do t[i * M] = true end
      end
      return charge(0, "Nothing")
    end),
  },
}
EOF2
cat >"$PF/hangs.csv" <<'EOF2'
contract_id,template,fee,hang
H-1,hangs,10.00,no
H-2,hangs,20.00,yes
H-3,hangs,30.00,no
EOF2
printf 'contract,period,metric,value\n' >"$PF/none.csv"
t0=$(date +%s%N)
run portfolio-hang 1 -- run --portfolio "$PF/hangs.csv" --templates "$PF/templates" \
  --outcomes "$PF/none.csv" --period 2026-10 --out "$PF/hang" --jobs 1 --timeout 500 &&
  { grep -qxF "oce: run: H-2: $PF/templates/hangs.lua:6: term \"collide\": time limit exceeded" "$TMP/err" &&
    grep -qF 'oce run 2026-10: 3 contracts: 2 periods settled, 1 contract failed, 0 not due' "$TMP/out" &&
    grep -qE '^GBP +2 +40.00 +0.00 +40.00$' "$TMP/out" && ok ||
    bad portfolio-hang "$(cat "$TMP/out" "$TMP/err")"; }
[ $(( ($(date +%s%N) - t0) / 1000000 )) -lt 5000 ] && ok || bad portfolio-hang-time "took more than 5 s"
grep -c '"id":"H-' "$PF/hang/settlements.jsonl" | grep -qx 2 && ok || bad portfolio-hang-lines "$(cat "$PF/hang/settlements.jsonl" | cut -c1-200)"

# Any number of workers gives the same settlements, in the same order.
run portfolio-jobs-3 0 -- run --portfolio $PS/portfolio.csv --templates $PS/templates \
  --outcomes $PS/outcomes.csv --period 2026-Q4 --out "$PF/jobs3" --jobs 3 &&
  expect_same portfolio-jobs-same "$PF/q4/settlements.jsonl" "$PF/jobs3/settlements.jsonl"

# A period that is not one refuses the file; a period of another kind than the contract's
# cadence fails that contract, naming the row.
{ cat $PS/outcomes.csv; echo 'SITE-0001,2026-1,availability,99.99'; } >"$PF/bad-period.csv"
run portfolio-bad-period 4 -- run --portfolio $PS/portfolio.csv --templates $PS/templates \
  --outcomes "$PF/bad-period.csv" --period 2026-Q4 --out "$PF/bad-period" &&
  expect_err portfolio-bad-period "bad-period.csv:104: period \"2026-1\" is not a period: expected YYYY-MM, YYYY-Qn or YYYY"
[ -e "$PF/bad-period" ] && bad portfolio-bad-period-nothing "made $PF/bad-period" || ok
{ cat $PS/outcomes.csv; echo 'SITE-0001,2026-Q4,availability,99.99'; } >"$PF/quarter.csv"
run portfolio-other-kind 1 -- run --portfolio $PS/portfolio.csv --templates $PS/templates \
  --outcomes "$PF/quarter.csv" --period 2026-Q4 --out "$PF/quarter" &&
  { grep -qF "oce: run: SITE-0001 2026-10: $PF/quarter.csv:104: period 2026-Q4 is a quarter, but contract \"SITE-0001\" is settled monthly" "$TMP/err" &&
    grep -qF 'oce run 2026-Q4: 6 contracts: 15 periods settled, 1 contract failed, 0 not due' "$TMP/out" && ok ||
    bad portfolio-other-kind "$(cat "$TMP/out" "$TMP/err" | head -5)"; }
grep -qF '"rows_of_no_contract":	1,' "$PF/stray/summary.json" && ok || bad portfolio-stray-rows "$(grep rows_of "$PF/stray/summary.json")"

# --ledger: every settlement recorded as a draft, in batched transactions; a second run of the
# same inputs changes nothing; and the ledger checks.
portfolio portfolio-ledger 0 "$PF/ledger-out" --ledger "$PF/run.db" --jobs 2 &&
  { grep -qxF "ledger $PF/run.db: 18 recorded as drafts, 0 drafts replaced, 0 unchanged, 0 adjusted, 0 restated, 0 not recorded" "$TMP/out" &&
    ok || bad portfolio-ledger "$(tail -2 "$TMP/out")"; }
run portfolio-ledger-list 0 -- ledger list --ledger "$PF/run.db" &&
  { [ "$(grep -c ' draft ' "$TMP/out")" -eq 18 ] && grep -qE '^SITE-0001 +2026-11 +draft +- +GBP +77347.84$' "$TMP/out" && ok ||
    bad portfolio-ledger-list "$(cat "$TMP/out")"; }
run portfolio-ledger-check 0 -- ledger check --ledger "$PF/run.db"
portfolio portfolio-ledger-again 0 "$PF/ledger-out" --ledger "$PF/run.db" &&
  { grep -qxF "ledger $PF/run.db: 0 recorded as drafts, 0 drafts replaced, 18 unchanged, 0 adjusted, 0 restated, 0 not recorded" "$TMP/out" &&
    ok || bad portfolio-ledger-again "$(tail -1 "$TMP/out")"; }
# The ledger holds the document the run wrote: its line, and its digest.
run portfolio-ledger-show 0 -- ledger show SITE-0003/2026-12 --ledger "$PF/run.db" &&
  { grep -F '"id":"SITE-0003"' "$PF/q4/settlements.jsonl" | grep -F '"id":"2026-12"' | cmp -s - "$TMP/out" && ok ||
    bad portfolio-ledger-show "$(head -c 300 "$TMP/out")"; }

# oce verify checks every line of a settlements.jsonl by its digest, and names the first that
# was changed.
run portfolio-verify-lines 0 -- verify "$PF/q4/settlements.jsonl" &&
  { grep -qxF "$PF/q4/settlements.jsonl: 18 settlement documents, each matching its digest" "$TMP/out" && ok ||
    bad portfolio-verify-lines "$(cat "$TMP/out")"; }
sed '3s/"net":"\([0-9]*\)\.\([0-9]*\)"/"net":"\1.9\2"/' "$PF/q4/settlements.jsonl" >"$PF/tampered.jsonl"
run portfolio-verify-tampered 1 -- verify "$PF/tampered.jsonl" &&
  { grep -qF "$PF/tampered.jsonl: line 3 (SITE-0001 2026-12): its digest does not match its contents" "$TMP/out" && ok ||
    bad portfolio-verify-tampered "$(cat "$TMP/out")"; }
run portfolio-verify-lines-contract 2 -- verify "$PF/q4/settlements.jsonl" --contract $PS/templates/sla.lua --outcomes $PS/outcomes.csv &&
  expect_err portfolio-verify-lines-contract "a JSON Lines file is verified by its lines' digests"

# A template that derives metrics from incidents: one incident log for the whole portfolio,
# its rows in any order. Two contracts of the managed-network contract made a template settle
# as the contract itself settles from its own files: the same metrics, lines and totals (the
# folder run's EUR quarter, 62611.00 charges and -7322.60 credits, twice).
mkdir -p "$PF/net/templates"
sed 's/  id = "managed-network",/  id = params.contract_id,/' contracts/managed-network/contract.lua >"$PF/net/templates/network.lua"
printf 'contract_id,template\nNET-A,network\nNET-B,network\n' >"$PF/net/portfolio.csv"
{ head -n 1 contracts/managed-network/outcomes.csv
  for c in NET-A NET-B; do tail -n +2 contracts/managed-network/outcomes.csv | sed "s/^managed-network,/$c,/"; done; } >"$PF/net/outcomes.csv"
{ head -n 1 contracts/managed-network/incidents.csv
  for c in NET-B NET-A; do tail -n +2 contracts/managed-network/incidents.csv | sed "s/^managed-network,/$c,/"; done
  echo 'NET-Z,ANR,MN-1,2026-10-08T09:05Z,2026-10-08T12:10Z,P1,customer,,false'; } >"$PF/net/incidents.csv"
run portfolio-incidents 1 -- run --portfolio "$PF/net/portfolio.csv" --templates "$PF/net/templates" \
  --outcomes "$PF/net/outcomes.csv" --incidents "$PF/net/incidents.csv" --period 2026-Q4 --out "$PF/net/out" &&
  { grep -qF 'oce run 2026-Q4: 2 contracts: 6 periods settled, 0 contracts failed, 0 not due' "$TMP/out" &&
    grep -qE '^EUR +6 +125222.00 +-14645.20 +110576.80$' "$TMP/out" &&
    grep -qF "oce: run: $PF/net/incidents.csv:48: contract \"NET-Z\" is not in the portfolio $PF/net/portfolio.csv (1 row of it, the first on this line)" "$TMP/err" &&
    ok || bad portfolio-incidents "$(cat "$TMP/out" "$TMP/err" | head -12)"; }
"$OCE" settle contracts/managed-network/contract.lua --period 2026-11 --outcomes contracts/managed-network/outcomes.csv \
  --incidents contracts/managed-network/incidents.csv --dry-run --format csv >"$PF/net/mn-11.csv" 2>/dev/null
grep -F '"id":"NET-A"' "$PF/net/out/settlements.jsonl" | grep -F '"id":"2026-11"' >"$PF/net/a-11.json"
grep -qF '"totals":{"charges":"21000.00","credits":"-5000.00","net":"16000.00"}' "$PF/net/a-11.json" &&
  grep -qF 'major_incident_credit,credit,Network major incident credit,-2500.00' "$PF/net/mn-11.csv" &&
  grep -qF '"term":"major_incident_credit","kind":"credit","description":"Network major incident credit","amount":"-2500.00"' "$PF/net/a-11.json" &&
  ok || bad portfolio-incidents-same "$(head -c 300 "$PF/net/a-11.json")"
# Without the log, a template that derives says what it needs.
run portfolio-incidents-missing 1 -- run --portfolio "$PF/net/portfolio.csv" --templates "$PF/net/templates" \
  --outcomes "$PF/net/outcomes.csv" --period 2026-10 --out "$PF/net/out2" &&
  { grep -qF 'the contract derives metrics from incidents: give the run --incidents, the incident log of the portfolio' "$TMP/err" && ok ||
    bad portfolio-incidents-missing "$(cat "$TMP/err")"; }

# A worker ended inside a contract's later period keeps what it settled of it before, and
# says the periods after those were not settled.
cat >"$PF/templates/hangs-dec.lua" <<'EOF2'
contract { history = false,
  id = params.contract_id, title = "Hangs in December", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    fixed_fee "fee" { amount = money(params.fee), description = "Fee" },
    term "collide" (function(ctx)
      if ctx.period.id == "2026-12" then
        local M, t = 131071, {}
        for i = 1, 131000 do t[i * M] = true end
      end
      return charge(0, "Nothing")
    end),
  },
}
EOF2
printf 'contract_id,template,fee\nD-1,hangs-dec,10.00\nD-2,hangs-dec,20.00\n' >"$PF/hangs-dec.csv"
run portfolio-hang-later 1 -- run --portfolio "$PF/hangs-dec.csv" --templates "$PF/templates" \
  --outcomes "$PF/none.csv" --period 2026-Q4 --out "$PF/hang-dec" --jobs 1 --timeout 500 &&
  { grep -qxF "oce: run: D-1: $PF/templates/hangs-dec.lua:6: term \"collide\": time limit exceeded; its periods after the 2 reported were not settled" "$TMP/err" &&
    grep -qF 'oce run 2026-Q4: 2 contracts: 4 periods settled, 2 contracts failed, 0 not due' "$TMP/out" &&
    [ "$(wc -l <"$PF/hang-dec/settlements.jsonl")" -eq 4 ] && ok ||
    bad portfolio-hang-later "$(cat "$TMP/out" "$TMP/err" | head -8)"; }

# A run stopped by SIGTERM (as a scheduler stops a job) leaves nothing: no output, no scratch.
awk -v n=20000 -v period=2026-10 -v portfolio="$PF/big.csv" -v outcomes="$PF/big-outcomes.csv" -f tests/scale/portfolio.awk
mkdir -p "$PF/tmpdir"
TMPDIR="$PF/tmpdir" "$OCE" run --portfolio "$PF/big.csv" --templates $PS/templates --outcomes "$PF/big-outcomes.csv" \
  --period 2026-10 --out "$PF/stopped" --jobs 2 --quiet >/dev/null 2>"$TMP/err" &
pid=$!
sleep 1.5
kill -TERM $pid
wait $pid
status=$?
[ "$status" -eq 143 ] && ok || bad portfolio-sigterm-status "exit $status: $(cat "$TMP/err")"
grep -qF 'the run was stopped by signal 15' "$TMP/err" && ok || bad portfolio-sigterm-message "$(cat "$TMP/err")"
left=$(find "$PF/tmpdir" -mindepth 1 -not -type d | wc -l)
[ "$left" -eq 0 ] && ok || bad portfolio-sigterm-scratch "$(find "$PF/tmpdir")"
[ ! -e "$PF/stopped/settlements.jsonl" ] && [ -z "$(ls -A "$PF/stopped" 2>/dev/null)" ] && ok ||
  bad portfolio-sigterm-out "$(ls -A "$PF/stopped")"
