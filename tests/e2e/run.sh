#!/usr/bin/env bash
# End-to-end tests of the oce command line. Each case runs the real binary and checks its
# exit status, its stderr message and its output byte for byte against golden files that
# were checked by hand. Data-driven cases live beside this script:
#   hostile/*.lua      hostile term scripts; each names its expected exit status and error
#   contracts/*.lua    small contracts with their own expectations (see their headers)
#   outcomes/          outcomes for contracts/managed-wan: the malformed ones, each with the
#                      error it must produce in cases.tsv, and other-rows.csv
# Prints "N passed, N failed" and exits non-zero on any failure.
set -u
cd "$(dirname "$0")/../.."
OCE=${OCE:-build/oce}
WAN=contracts/managed-wan
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# Settlements are recorded in a ledger of this run's own, never in the working tree.
export OCE_LEDGER="$TMP/ledger.db"
passed=0
failed=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); printf 'FAIL %s\n' "$1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | head -n 20 | sed 's/^/    /'; }

# run NAME EXPECTED_STATUS -- ARGS...: runs oce, keeping stdout and stderr in $TMP.
run() {
  local name=$1 want=$2
  shift 3
  "$OCE" "$@" >"$TMP/out" 2>"$TMP/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    bad "$name" "exit status $got, expected $want; stderr: $(cat "$TMP/err")"
    return 1
  fi
  return 0
}

expect_err() { # NAME TEXT: stderr holds TEXT and stdout is empty
  if ! grep -qF -- "$2" "$TMP/err"; then
    bad "$1" "stderr lacks: $2"$'\n'"got: $(cat "$TMP/err")"
  elif [ -s "$TMP/out" ]; then
    bad "$1" "stdout not empty on failure: $(head -c 300 "$TMP/out")"
  else
    ok
  fi
}

expect_same() { # NAME GOLDEN FILE
  if cmp -s "$2" "$3"; then ok; else bad "$1" "$(diff -u "$2" "$3" | head -n 40)"; fi
}

header() { # FILE KEY: value of a "-- KEY: value" header line
  sed -n "s/^-- $2: //p" "$1" | head -n 1
}

# --- The command line itself. ----------------------------------------------------------
run version 0 -- --version && { grep -q '^oce [0-9]' "$TMP/out" && ok || bad version "$(cat "$TMP/out")"; }
run help 0 -- --help && { grep -q 'exit status' "$TMP/out" && ok || bad help; }
run settle-help 0 -- settle --help && { grep -q -- '--period' "$TMP/out" && ok || bad settle-help; }
run check-help 0 -- check --help && { grep -q 'usage: oce check' "$TMP/out" && ok || bad check-help; }
run no-command 2 -- && expect_err no-command "no command given"
run unknown-command 2 -- frobnicate && expect_err unknown-command "unknown command 'frobnicate'"
run unknown-option 2 -- settle $WAN/contract.lua --perid 2026-10 && expect_err unknown-option "unknown option '--perid'"
run missing-period 2 -- settle $WAN/contract.lua --outcomes $WAN/outcomes.csv && expect_err missing-period "settle needs --period"
run bad-format 2 -- settle $WAN/contract.lua --period 2026-10 --outcomes $WAN/outcomes.csv --format xml && expect_err bad-format "--format must be json, text or csv"

# --- check. ------------------------------------------------------------------------------
run check 0 -- check $WAN/contract.lua && expect_same check tests/e2e/golden/check-managed-wan.txt "$TMP/out"
run check-missing 6 -- check no/such.lua && expect_err check-missing "no/such.lua: cannot open contract script"
# A contract is loaded as text only: a precompiled (binary) chunk is refused.
printf '\033Lua\124\000\031\223\r\n\032\n' >"$TMP/binary.lua"
run check-binary 3 -- check "$TMP/binary.lua" && expect_err check-binary "binary.lua: attempt to load a binary chunk (mode is 't')"

# --- The example, settled for every month of 2026, in every format. ------------------------
# Its annual cap looks back over the contract year, so each month is settled on the ones
# before it: this run's ledger takes the months in order (and a second ledger, for the
# ledger tests below, January to September only).
for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
  "$OCE" settle $WAN/contract.lua --period 2026-$m --outcomes $WAN/outcomes.csv --format csv >/dev/null 2>"$TMP/err" ||
    bad "year-2026-$m" "$(cat "$TMP/err")"
  if [ "$m" -le 9 ]; then
    "$OCE" settle $WAN/contract.lua --period 2026-$m --outcomes $WAN/outcomes.csv --ledger "$TMP/seed9.db" --format csv >/dev/null 2>&1
  fi
done
run year-list 0 -- ledger list && expect_same year-list tests/e2e/golden/ledger-year.txt "$TMP/out"
for period in 2026-01 2026-02 2026-03 2026-04 2026-05 2026-06 2026-07 2026-08 2026-09 2026-10 2026-11 2026-12; do
  for format in json text csv; do
    ext=$format; [ "$format" = text ] && ext=txt
    run "settle-$period-$format" 0 -- settle $WAN/contract.lua --period $period \
      --outcomes $WAN/outcomes.csv --format $format &&
      expect_same "settle-$period-$format" "$WAN/expected/managed-wan-$period.$ext" "$TMP/out"
  done
done

# The same settlement from the JSON form of the outcomes: only the input digest differs.
run settle-json-outcomes 0 -- settle $WAN/contract.lua --period 2026-10 --outcomes $WAN/outcomes.json --format csv --dry-run &&
  expect_same settle-json-outcomes "$WAN/expected/managed-wan-2026-10.csv" "$TMP/out"

# --out writes all three files and prints a summary line.
run settle-out 0 -- settle $WAN/contract.lua --period 2026-11 --outcomes $WAN/outcomes.csv --out "$TMP/o" && {
  grep -qF 'managed-wan 2026-11: net 70050.00 GBP' "$TMP/out" && ok || bad settle-out-summary "$(cat "$TMP/out")"
  for ext in json csv txt; do
    expect_same "settle-out-$ext" "$WAN/expected/managed-wan-2026-11.$ext" "$TMP/o/managed-wan-2026-11.$ext"
  done
  [ -z "$(find "$TMP/o" -name '.*')" ] && ok || bad settle-out-temp "temporary files left: $(ls -a "$TMP/o")"
}

# A failed settlement with --out leaves the directory as it was.
mkdir -p "$TMP/keep"
run settle-out-fail 4 -- settle $WAN/contract.lua --period 2027-01 --outcomes $WAN/outcomes.csv --out "$TMP/keep" &&
  { [ -z "$(ls -A "$TMP/keep")" ] && ok || bad settle-out-fail "files left: $(ls -A "$TMP/keep")"; }

# Same inputs, byte-identical output, in any locale. A German locale writes 1,5 for 1.5 in
# C's printf; oce must not. The locale is compiled into a private folder when missing.
locale_dir="$TMP/locale"
mkdir -p "$locale_dir"
if [ -n "$(command -v localedef)" ] && localedef -i de_DE -f UTF-8 "$locale_dir/de_DE.UTF-8" 2>/dev/null; then
  # The locale must really be in force, or the comparison below proves nothing.
  [ "$(LOCPATH="$locale_dir" LC_ALL=de_DE.UTF-8 locale decimal_point 2>/dev/null)" = "," ] && ok ||
    bad locale-de-active "the compiled de_DE.UTF-8 locale does not use a decimal comma"
  LOCPATH="$locale_dir" LC_ALL=de_DE.UTF-8 "$OCE" settle $WAN/contract.lua --period 2026-10 \
    --outcomes $WAN/outcomes.csv >"$TMP/de.json" 2>"$TMP/err"
  expect_same locale-de "$WAN/expected/managed-wan-2026-10.json" "$TMP/de.json"
  LOCPATH="$locale_dir" LC_ALL=de_DE.UTF-8 "$OCE" settle $WAN/contract.lua --period 2026-10 \
    --outcomes $WAN/outcomes.csv --format text >"$TMP/de.txt" 2>"$TMP/err"
  expect_same locale-de-text "$WAN/expected/managed-wan-2026-10.txt" "$TMP/de.txt"
else
  echo "skip locale-de: no localedef or de_DE locale source on this machine"
fi

# Periods the contract does not cover.
run period-before 4 -- settle $WAN/contract.lua --period 2025-12 --outcomes $WAN/outcomes.csv &&
  expect_err period-before 'period 2025-12 is outside contract "managed-wan", effective 2026-01-01 to 2028-12-31'
run period-quarter 4 -- settle $WAN/contract.lua --period 2026-Q4 --outcomes $WAN/outcomes.csv &&
  expect_err period-quarter 'period 2026-Q4 is a quarter, but contract "managed-wan" settles monthly'
run period-bad 4 -- settle $WAN/contract.lua --period 2026-13 --outcomes $WAN/outcomes.csv &&
  expect_err period-bad 'period "2026-13": expected'

# --- Malformed outcomes for the example contract: each file names its error. ---------------
while IFS=$'\t' read -r file want; do
  case "$file" in ''|'#'*) continue ;; esac
  run "outcomes-$file" 4 -- settle $WAN/contract.lua --period 2026-10 --outcomes "tests/e2e/outcomes/$file" --dry-run &&
    expect_err "outcomes-$file" "$want"
done < tests/e2e/outcomes/cases.tsv

# Rows for other contracts and periods are ignored, even ones that would be errors here.
run other-rows 0 -- settle $WAN/contract.lua --period 2026-10 --outcomes tests/e2e/outcomes/other-rows.csv --format csv --dry-run &&
  expect_same other-rows "$WAN/expected/managed-wan-2026-10.csv" "$TMP/out"

# --- Small contracts with their own expectations. -----------------------------------------
for f in tests/e2e/contracts/*.lua; do
  name=contract-$(basename "$f" .lua)
  status=$(header "$f" expect-exit)
  outcomes=$(header "$f" outcomes)
  period=$(header "$f" period)
  if [ "$status" = 0 ]; then
    run "$name" 0 -- settle "$f" --period "${period:-2026-10}" --outcomes "tests/e2e/contracts/$outcomes" --format csv &&
      expect_same "$name" "tests/e2e/contracts/$(basename "$f" .lua).expected.csv" "$TMP/out"
  else
    run "$name" "$status" -- settle "$f" --period "${period:-2026-10}" --outcomes "tests/e2e/contracts/${outcomes:-empty.csv}" &&
      expect_err "$name" "$(header "$f" expect-error)"
  fi
done

# --- oce test: contract test cases. -------------------------------------------------------
run test-help 0 -- test --help && { grep -q 'usage: oce test' "$TMP/out" && ok || bad test-help; }
# Every kind of difference is reported, case by case, and the run exits 1.
run test-mini 1 -- test tests/e2e/testing/mini.lua && expect_same test-mini tests/e2e/golden/test-mini.txt "$TMP/out"
run test-examples 0 -- test contracts && { grep -q ' 0 failed' "$TMP/out" && ok || bad test-examples "$(tail -n 3 "$TMP/out")"; }
run test-typo 1 -- test tests/e2e/testing/typo.lua && { grep -qF "typo.tests.lua:2: case \"misspelt\": unknown setting 'outcome' (did you mean 'outcomes'?)" "$TMP/out" && ok || bad test-typo "$(cat "$TMP/out")"; }
run test-tests-file 2 -- test tests/e2e/testing/mini.tests.lua && expect_err test-tests-file "is a tests file: give the contract script beside it"
run test-missing 6 -- test no/such/folder && expect_err test-missing "no/such/folder: cannot open"
mkdir -p "$TMP/untested" && cp tests/e2e/contracts/sum.lua "$TMP/untested/"
run test-untested 0 -- test "$TMP/untested" && { grep -q '1 contract, 0 cases: 0 passed, 0 failed, 1 contract without tests' "$TMP/out" && ok || bad test-untested "$(cat "$TMP/out")"; }

# --- The ledger: drafts, finalising with gap-free invoice numbers. --------------------------
L="$TMP/wan.db"
cp "$TMP/seed9.db" "$L"
run ledger-draft 0 -- settle $WAN/contract.lua --period 2026-10 --outcomes $WAN/outcomes.csv --ledger "$L" --format csv &&
  { grep -qF "managed-wan 2026-10 recorded as a draft" "$TMP/err" && ok || bad ledger-draft "$(cat "$TMP/err")"; }
run ledger-same 0 -- settle $WAN/contract.lua --period 2026-10 --outcomes $WAN/outcomes.csv --ledger "$L" --format csv &&
  { grep -qF "unchanged: the ledger already holds this settlement" "$TMP/err" && ok || bad ledger-same "$(cat "$TMP/err")"; }
run ledger-replace 0 -- settle $WAN/contract.lua --period 2026-10 --outcomes $WAN/outcomes.json --ledger "$L" --format csv &&
  { grep -qF "replaced the draft" "$TMP/err" && ok || bad ledger-replace "$(cat "$TMP/err")"; }
run ledger-dry-run 0 -- settle $WAN/contract.lua --period 2026-11 --outcomes $WAN/outcomes.csv --ledger "$L" --dry-run --format csv &&
  { [ ! -s "$TMP/err" ] && ok || bad ledger-dry-run "$(cat "$TMP/err")"; }
run finalize-first 0 -- finalize $WAN/contract.lua --period 2026-10 --ledger "$L" &&
  { grep -qF "managed-wan 2026-10: final as invoice INV-000001" "$TMP/out" && ok || bad finalize-first "$(cat "$TMP/out")"; }
run finalize-unsettled 2 -- finalize managed-wan --period 2026-11 --ledger "$L" &&
  expect_err finalize-unsettled 'contract "managed-wan" has no settlement for 2026-11: settle it first'
run ledger-second 0 -- settle $WAN/contract.lua --period 2026-11 --outcomes $WAN/outcomes.csv --ledger "$L" --format csv
run finalize-second 0 -- finalize managed-wan --period 2026-11 --ledger "$L" --prefix NW- &&
  { grep -qF "managed-wan 2026-11: final as invoice NW-000002" "$TMP/out" && ok || bad finalize-second "$(cat "$TMP/out")"; }
run finalize-again 0 -- finalize managed-wan --period 2026-10 --ledger "$L" &&
  { grep -qF "already final as invoice INV-000001" "$TMP/out" && ok || bad finalize-again "$(cat "$TMP/out")"; }
run ledger-final-same 0 -- settle $WAN/contract.lua --period 2026-10 --outcomes $WAN/outcomes.json --ledger "$L" --format csv &&
  { grep -qF "unchanged" "$TMP/err" && ok || bad ledger-final-same "$(cat "$TMP/err")"; }
# A final period settled with corrected outcomes gets an adjustment of its own number,
# holding only the difference; the same correction again is a no-op; undoing it is another.
sed 's/managed-wan,2026-11,availability,98.7/managed-wan,2026-11,availability,99.7/' $WAN/outcomes.csv >"$TMP/corrected.csv"
run ledger-adjust 0 -- settle $WAN/contract.lua --period 2026-11 --outcomes "$TMP/corrected.csv" --ledger "$L" --format csv &&
  { grep -qF "managed-wan 2026-11 is final as NW-000002; these inputs settle it differently: debit-note INV-000003 issued, a difference of 8500.00 GBP" "$TMP/err" && ok || bad ledger-adjust "$(cat "$TMP/err")"; }
run ledger-adjust-again 0 -- settle $WAN/contract.lua --period 2026-11 --outcomes "$TMP/corrected.csv" --ledger "$L" --format csv &&
  { grep -qF "unchanged" "$TMP/err" && ok || bad ledger-adjust-again "$(cat "$TMP/err")"; }
run ledger-adjust-back 0 -- settle $WAN/contract.lua --period 2026-11 --outcomes $WAN/outcomes.csv --ledger "$L" --format csv &&
  { grep -qF "credit-note INV-000004 issued, a difference of -8500.00 GBP" "$TMP/err" && ok || bad ledger-adjust-back "$(cat "$TMP/err")"; }
run ledger-list 0 -- ledger list --ledger "$L" && {
  { head -n 9 tests/e2e/golden/ledger-year.txt
  printf '%s\n' "managed-wan              2026-10  final       INV-000001   GBP       77497.84" \
    "managed-wan              2026-11  final       NW-000002    GBP       70050.00" \
    "managed-wan              2026-11  debit-note  INV-000003   GBP        8500.00" \
    "managed-wan              2026-11  credit-note INV-000004   GBP       -8500.00"; } > "$TMP/want"
  expect_same ledger-list "$TMP/want" "$TMP/out"; }
# Per-site lines are matched by their description: site A's credit gone, site B's larger.
S="$TMP/sites.db"
printf 'contract,period,metric,value\nsites,2026-10,a,99.00\nsites,2026-10,b,98.00\n' >"$TMP/s1.csv"
printf 'contract,period,metric,value\nsites,2026-10,a,99.95\nsites,2026-10,b,98.00\n' >"$TMP/s2.csv"
"$OCE" settle tests/terms/sites.lua --period 2026-10 --outcomes "$TMP/s1.csv" --ledger "$S" --format csv >/dev/null 2>&1
"$OCE" finalize sites --period 2026-10 --ledger "$S" >/dev/null 2>&1
"$OCE" settle tests/terms/sites.lua --period 2026-10 --outcomes "$TMP/s2.csv" --ledger "$S" --format csv >/dev/null 2>&1
run ledger-adjust-sites 0 -- ledger show INV-000002 --ledger "$S" --format text && {
  printf '%s\n' "sites 2026-10 debit-note INV-000002" \
    "  site_credits             credit          -25.00  Credit for site B" \
    "  site_credits             credit           75.00  Credit for site A" \
    "  difference                                50.00  EUR" > "$TMP/want"
  expect_same ledger-adjust-sites "$TMP/want" "$TMP/out"; }

# A ledger of schema version 1 (before adjustments) is migrated forward when opened.
cp tests/e2e/ledger/v1.db "$TMP/v1.db"
for m in 01 02 03 04 05 06 07 08 09; do # the months before the October it holds
  "$OCE" settle $WAN/contract.lua --period 2026-$m --outcomes $WAN/outcomes.csv --ledger "$TMP/v1.db" --format csv >/dev/null 2>&1
done
run ledger-migrate 0 -- settle $WAN/contract.lua --period 2026-10 --outcomes $WAN/outcomes.json --ledger "$TMP/v1.db" --format csv &&
  { grep -qF "is final, and these inputs settle it to the same amounts: no adjustment is due" "$TMP/err" && ok || bad ledger-migrate "$(cat "$TMP/err")"; }
sed 's/managed-wan,2026-10,csat,9.1/managed-wan,2026-10,csat,8.9/' $WAN/outcomes.csv >"$TMP/no-bonus.csv"
run ledger-migrate-adjust 0 -- settle $WAN/contract.lua --period 2026-10 --outcomes "$TMP/no-bonus.csv" --ledger "$TMP/v1.db" --format csv &&
  { grep -qF "credit-note INV-000002 issued, a difference of -1700.00 GBP" "$TMP/err" && ok || bad ledger-migrate-adjust "$(cat "$TMP/err")"; }
run ledger-list-period 0 -- ledger list --ledger "$L" --period 2026-10 && { grep -c . "$TMP/out" | grep -qx 1 && ok || bad ledger-list-period "$(cat "$TMP/out")"; }

run ledger-show-text 0 -- ledger show INV-000003 --format text --ledger "$L" && {
  printf '%s\n' "managed-wan 2026-11 debit-note INV-000003" \
    "  availability_credit      credit         8500.00  Availability service credit" \
    "  difference                              8500.00  GBP" > "$TMP/want"
  expect_same ledger-show-text "$TMP/want" "$TMP/out"; }
"$OCE" settle $WAN/contract.lua --period 2026-10 --outcomes $WAN/outcomes.json --dry-run >"$TMP/final.json" 2>/dev/null
run ledger-show-json 0 -- ledger show managed-wan/2026-10 --ledger "$L" &&
  expect_same ledger-show-json "$TMP/final.json" "$TMP/out"
run ledger-show-none 2 -- ledger show INV-999999 --ledger "$L" && expect_err ledger-show-none 'no settlement or adjustment "INV-999999"'
run ledger-export 0 -- ledger export --period 2026-11 --ledger "$L" && {
  cut -d, -f1-7 "$TMP/out" > "$TMP/got"
  printf '%s\n' "number,kind,contract,period,currency,amount,adjusts" \
    "NW-000002,invoice,managed-wan,2026-11,GBP,70050.00," \
    "INV-000003,debit-note,managed-wan,2026-11,GBP,8500.00,NW-000002" \
    "INV-000004,credit-note,managed-wan,2026-11,GBP,-8500.00,NW-000002" > "$TMP/want"
  expect_same ledger-export "$TMP/want" "$TMP/got"; }
run ledger-check-missing 6 -- ledger check --ledger "$TMP/typo.db" && { expect_err ledger-check-missing "there is no ledger here"; [ ! -e "$TMP/typo.db" ] && ok || bad ledger-check-missing-created; }
run finalize-dry-run 2 -- finalize managed-wan --period 2026-10 --dry-run --ledger "$L" && expect_err finalize-dry-run "finalize takes a contract, --period, --prefix and --ledger only"
run prefix-digit 2 -- finalize managed-wan --period 2026-10 --prefix INV2026 --ledger "$L" && expect_err prefix-digit "not ending in a digit"
run export-bad-period 2 -- ledger export --period 2026/11 --ledger "$L" && expect_err export-bad-period "'2026/11' is not a period"
run export-bad-format 2 -- ledger export --period 2026-11 --format xml --ledger "$L" && expect_err export-bad-format "--format must be csv or json"
# A ledger whose net was edited by hand beside its document (net-edited.db) fails the check.
cp tests/e2e/ledger/net-edited.db "$TMP/edited.db"
run ledger-check-edited 6 -- ledger check --ledger "$TMP/edited.db" &&
  expect_err ledger-check-edited "the stored document of managed-wan 2026-10 does not match its digest or the columns beside it"
# An adjustment whose previous_digest was rewritten (and its digest recomputed, so the
# document itself holds) no longer follows from the settlement it corrects (chain-broken.db).
cp tests/e2e/ledger/chain-broken.db "$TMP/chain.db"
run ledger-check-chain 6 -- ledger check --ledger "$TMP/chain.db" &&
  expect_err ledger-check-chain "adjustment INV-000003 does not follow from the settlement it corrects (its previous_digest or settlement_digest)"
run ledger-check 0 -- ledger check --ledger "$L" && { grep -qF ': ok' "$TMP/out" && ok || bad ledger-check "$(cat "$TMP/out")"; }

# Settling and finalising killed at random points, over and over: the ledger is always before
# or after each write, never between, its integrity holds and its numbers never skip.
K="$TMP/killed.db"
"$OCE" ledger init "$K" >/dev/null
( for i in $(seq 1 40); do
  m=$(printf '%02d' $(( (i % 12) + 1 )))
  # A session of its own, so that the kill reaches whichever oce is running in it.
  setsid sh -c '"$1" settle tests/terms/fees.lua --period 2027-$2 --outcomes tests/e2e/contracts/empty.csv --ledger "$3" --format csv &&
    "$1" finalize fees --period 2027-$2 --ledger "$3"' sh "$OCE" "$m" "$K" >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '0.%03d' $(( RANDOM % 40 + 1 )))"
  kill -9 -- -"$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
done ) 2>/dev/null
run ledger-killed 0 -- ledger check --ledger "$K" && { grep -qF ': ok' "$TMP/out" && ok || bad ledger-killed "$(cat "$TMP/out")"; }

# Twelve processes settling at once, then twelve finalising at once, against one ledger: every
# settlement is there, and the invoice numbers are 1 to 12, none twice, none skipped.
C="$TMP/conc.db"
for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
  "$OCE" settle tests/terms/fees.lua --period 2027-$m --outcomes tests/e2e/contracts/empty.csv --ledger "$C" --format csv >/dev/null 2>&1 &
done; wait
for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
  "$OCE" finalize fees --period 2027-$m --ledger "$C" >>"$TMP/fin" 2>&1 &
done; wait
numbers=$(grep -o 'INV-[0-9]*' "$TMP/fin" | sort | tr '\n' ' ')
want=$(for i in $(seq 1 12); do printf 'INV-%06d ' "$i"; done)
[ "$numbers" = "$want" ] && ok || bad ledger-concurrent "got: $numbers"$'\n'"$(cat "$TMP/fin")"

# --- oce verify: a document's digest, and settling it again. ---------------------------------
DOC=$WAN/expected/managed-wan-2026-11.json
run verify-help 0 -- verify --help && { grep -q 'usage: oce verify' "$TMP/out" && ok || bad verify-help; }
run verify-digest 0 -- verify $DOC && { grep -qF 'its digest matches its contents' "$TMP/out" && ok || bad verify-digest "$(cat "$TMP/out")"; }
run verify-again 0 -- verify $DOC --contract $WAN/contract.lua --outcomes $WAN/outcomes.csv &&
  { grep -qF 'verified: settling 2026-11 of managed-wan again' "$TMP/out" && ok || bad verify-again "$(cat "$TMP/out")"; }
# An amount edited by hand (tampered.json) breaks the digest; an edit whose digest was
# recomputed (forged.json) passes the digest and is caught by settling again.
run verify-tampered 1 -- verify tests/e2e/verify/tampered.json &&
  { grep -qF 'its digest does not match its contents' "$TMP/out" && ok || bad verify-tampered "$(cat "$TMP/out")"; }
run verify-forged 1 -- verify tests/e2e/verify/forged.json --contract $WAN/contract.lua --outcomes $WAN/outcomes.csv --history $WAN/expected &&
  { grep -qF 'at lines[1].amount it says "-11750.00", the settlement gives "-12750.00"' "$TMP/out" && ok || bad verify-forged "$(cat "$TMP/out")"; }
run verify-other-outcomes 1 -- verify $DOC --contract $WAN/contract.lua --outcomes $WAN/outcomes.json &&
  { grep -qF 'outcomes.json is not the outcomes it was settled from' "$TMP/out" && ok || bad verify-other-outcomes "$(cat "$TMP/out")"; }
run verify-other-contract 1 -- verify $DOC --contract tests/e2e/testing/mini.lua --outcomes $WAN/outcomes.csv &&
  { grep -qF 'mini.lua is not the contract script it was settled with' "$TMP/out" && ok || bad verify-other-contract "$(cat "$TMP/out")"; }
run verify-half 2 -- verify $DOC --contract $WAN/contract.lua && expect_err verify-half "give both --contract and --outcomes"
run verify-not-json 1 -- verify $WAN/outcomes.csv && { grep -qF 'is not a JSON object' "$TMP/out" && ok || bad verify-not-json "$(cat "$TMP/out")"; }

# --- History: a contract that looks back is settled on every period before the one settled. --
H="$TMP/hist.db"
run history-hole 4 -- settle $WAN/contract.lua --period 2026-10 --outcomes $WAN/outcomes.csv --ledger "$H" &&
  expect_err history-hole 'contract "managed-wan" settles 2026-10 on every period before it, and 2026-01 has not been settled: settle the periods in order from 2026-01'
run history-dry-first 0 -- settle $WAN/contract.lua --period 2026-01 --outcomes $WAN/outcomes.csv --ledger "$TMP/none.db" --dry-run --format csv &&
  { [ ! -e "$TMP/none.db" ] && ok || bad history-dry-first "a dry run created the ledger"; }
run history-dry-hole 4 -- settle $WAN/contract.lua --period 2026-02 --outcomes $WAN/outcomes.csv --ledger "$TMP/none.db" --dry-run &&
  expect_err history-dry-hole "2026-01 has not been settled"
# Settling an earlier month again names the later ones settled on the old one; until they are
# settled again, ledger check flags them and finalize refuses them.
cp "$OCE_LEDGER" "$H"
run history-stale 0 -- settle $WAN/contract.lua --period 2026-10 --outcomes $WAN/outcomes.json --ledger "$H" --format csv &&
  { grep -qF "later periods of managed-wan were settled on another 2026-10 and look back at it: 2026-11 (draft), 2026-12 (draft); settle them again, in order" "$TMP/err" && ok || bad history-stale "$(cat "$TMP/err")"; }
run history-stale-check 6 -- ledger check --ledger "$H" &&
  expect_err history-stale-check "managed-wan 2026-11 (draft), settled on a 2026-10 that no longer stands: settle it again"
run history-stale-finalize 4 -- finalize managed-wan --period 2026-11 --ledger "$H" &&
  expect_err history-stale-finalize "the draft of managed-wan 2026-11 was settled on a 2026-10 that has changed since: settle 2026-11 again, then finalise it"
for m in 11 12; do
  "$OCE" settle $WAN/contract.lua --period 2026-$m --outcomes $WAN/outcomes.csv --ledger "$H" --format csv >/dev/null 2>&1
done
run history-settled-again 0 -- ledger check --ledger "$H" && { grep -qF ': ok' "$TMP/out" && ok || bad history-settled-again "$(cat "$TMP/out")"; }
run history-finalize 0 -- finalize managed-wan --period 2026-11 --ledger "$H" &&
  { grep -qF "final as invoice INV-000001" "$TMP/out" && ok || bad history-finalize "$(cat "$TMP/out")"; }
# A final earlier period corrected to the same amounts is restated: the later final periods,
# settled again, are restated on it in turn, and nothing is left out of date.
R="$TMP/restate.db"
cp "$OCE_LEDGER" "$R"
for m in 09 10 11 12; do "$OCE" finalize managed-wan --period 2026-$m --ledger "$R" >/dev/null 2>&1; done
sed 's/Two core router outages, 7 and 9 October/Two core router outages (7 and 9 October)/' $WAN/outcomes.csv >"$TMP/renoted.csv"
run restate-final 0 -- settle $WAN/contract.lua --period 2026-10 --outcomes "$TMP/renoted.csv" --ledger "$R" --out "$TMP/restated" &&
  { grep -qF "no adjustment is due (the period is restated: later periods are settled on this settlement)" "$TMP/err" &&
    grep -qF "later periods of managed-wan were settled on another 2026-10 and look back at it: 2026-11 (final), 2026-12 (final)" "$TMP/err" && ok || bad restate-final "$(cat "$TMP/err")"; }
run restate-stale 6 -- ledger check --ledger "$R" && expect_err restate-stale "managed-wan 2026-11 (final), settled on a 2026-10 that no longer stands"
run restate-out-of-order 4 -- settle $WAN/contract.lua --period 2026-12 --outcomes $WAN/outcomes.csv --ledger "$R" &&
  expect_err restate-out-of-order "managed-wan 2026-11, settled on a 2026-10 that has changed since, so 2026-12 would be settled on an out of date settlement: settle the periods from 2026-11 again, in order, first"
for m in 11 12; do
  "$OCE" settle $WAN/contract.lua --period 2026-$m --outcomes "$TMP/renoted.csv" --ledger "$R" --out "$TMP/restated" >/dev/null 2>&1
done
run restate-check 0 -- ledger check --ledger "$R" && { grep -qF ': ok' "$TMP/out" && ok || bad restate-check "$(cat "$TMP/out")"; }
run restate-list 0 -- ledger list --ledger "$R" --period 2026-12 && {
  printf '%s\n' "managed-wan              2026-12  final       INV-000004   GBP       82500.00" \
    "managed-wan              2026-12  restated    -            GBP           0.00" > "$TMP/want"
  expect_same restate-list "$TMP/want" "$TMP/out"; }
for m in 01 02 03 04 05 06 07 08 09; do cp $WAN/expected/managed-wan-2026-$m.json "$TMP/restated/"; done
run restate-verify 0 -- verify "$TMP/restated/managed-wan-2026-12.json" --contract $WAN/contract.lua --outcomes "$TMP/renoted.csv" &&
  { grep -qF "verified" "$TMP/out" && ok || bad restate-verify "$(cat "$TMP/out")"; }
"$OCE" ledger show managed-wan/2026-12 --ledger "$R" >"$TMP/shown.json" 2>/dev/null
expect_same restate-show "$TMP/restated/managed-wan-2026-12.json" "$TMP/shown.json"
# A settlement the ledger refuses leaves the files of the period, and the ledger, as they were.
sed 's/currency = "GBP"/currency = "EUR"/' tests/terms/fees.lua >"$TMP/fees-eur.lua"
"$OCE" settle tests/terms/fees.lua --period 2027-01 --outcomes tests/e2e/contracts/empty.csv --ledger "$TMP/fees.db" --out "$TMP/fees" >/dev/null 2>&1
"$OCE" finalize fees --period 2027-01 --ledger "$TMP/fees.db" >/dev/null 2>&1
cp "$TMP/fees/fees-2027-01.json" "$TMP/fees-before.json"
run refused-keeps-files 4 -- settle "$TMP/fees-eur.lua" --period 2027-01 --outcomes tests/e2e/contracts/empty.csv --ledger "$TMP/fees.db" --out "$TMP/fees" &&
  expect_err refused-keeps-files "is final in another currency than EUR"
expect_same refused-files-kept "$TMP/fees-before.json" "$TMP/fees/fees-2027-01.json"
# A failed settlement makes no ledger at a mistyped path, and a dry run does not migrate one.
run failed-no-ledger 4 -- settle $WAN/contract.lua --period 2026-05 --outcomes $WAN/outcomes.csv --ledger "$TMP/typo2.db" &&
  { [ ! -e "$TMP/typo2.db" ] && ok || bad failed-no-ledger "a failed settlement created the ledger"; }
cp tests/e2e/ledger/v1.db "$TMP/v1-dry.db"
run dry-run-no-migrate 6 -- settle $WAN/contract.lua --period 2026-10 --outcomes $WAN/outcomes.csv --ledger "$TMP/v1-dry.db" --dry-run &&
  expect_err dry-run-no-migrate "its schema is version 1, this oce's 5: it is migrated when a command writes to it"
# One kind of period per contract: a quarterly script with managed-wan's id is refused.
sed 's/cadence = "monthly"/cadence = "quarterly"/' $WAN/contract.lua >"$TMP/wan-q.lua"
grep '^managed-wan,2026-01,' $WAN/outcomes.csv | sed 's/,2026-01,/,2026-Q1,/' | { echo "contract,period,metric,value,note,source"; cat; } >"$TMP/q1.csv"
run other-kind 4 -- settle "$TMP/wan-q.lua" --period 2026-Q1 --outcomes "$TMP/q1.csv" --ledger "$R" &&
  expect_err other-kind "it holds managed-wan 2026-01, a period of another kind than 2026-Q1"

# verify settles again on the earlier documents beside the one verified, or in --history.
run verify-history-missing 6 -- verify $DOC --contract $WAN/contract.lua --outcomes $WAN/outcomes.csv --history "$TMP/keep" &&
  expect_err verify-history-missing "managed-wan-2026-01.json: cannot open the settlement document"
mkdir -p "$TMP/hist" && cp $WAN/expected/*.json "$TMP/hist/"
"$OCE" settle $WAN/contract.lua --period 2026-10 --outcomes $WAN/outcomes.json --dry-run >"$TMP/hist/managed-wan-2026-10.json" 2>/dev/null
run verify-history-other 1 -- verify $DOC --contract $WAN/contract.lua --outcomes $WAN/outcomes.csv --history "$TMP/hist" &&
  { grep -qF "is not the settlement of 2026-10 this one was settled on" "$TMP/out" && ok || bad verify-history-other "$(cat "$TMP/out")"; }
sed 's/"-8500.00"/"-8400.00"/' $WAN/expected/managed-wan-2026-10.json >"$TMP/hist/managed-wan-2026-10.json"
run verify-history-edited 1 -- verify $DOC --contract $WAN/contract.lua --outcomes $WAN/outcomes.csv --history "$TMP/hist" &&
  { grep -qF "the earlier period's document $TMP/hist/managed-wan-2026-10.json: its digest does not match its contents" "$TMP/out" && ok || bad verify-history-edited "$(cat "$TMP/out")"; }
run verify-history-settle 2 -- settle $WAN/contract.lua --period 2026-10 --outcomes $WAN/outcomes.csv --history "$TMP/hist" &&
  expect_err verify-history-settle "settle reads the earlier periods from the ledger, not --history"
# A test case for a contract that looks back must give the months before its own.
# The history it gives must be of periods before its own, and an earlier period that fails
# fails the case whatever error it expects.
run test-no-history 1 -- test tests/e2e/testing/no-history.lua &&
  expect_same test-no-history tests/e2e/golden/test-no-history.txt "$TMP/out"

# --- Amendments: each period is settled by the version in force, and says which. ----------
AM=tests/terms/amendments.lua
run check-amended 0 -- check $AM && expect_same check-amended tests/e2e/golden/check-amended.txt "$TMP/out"
for m in 01 02 03 04 05 06; do
  "$OCE" settle $AM --period 2026-$m --outcomes tests/terms/amendments.csv --ledger "$TMP/am.db" --format csv >/dev/null 2>&1
done
run amended-july 0 -- settle $AM --period 2026-07 --outcomes tests/terms/amendments.csv --ledger "$TMP/am.db" --format text &&
  { grep -qxF "Version   merger, in force from 2026-07-15" "$TMP/out" && grep -qF "12 sites, all at 10.00 (the one price)" "$TMP/out" && grep -qE "^  Net +1,470.00$" "$TMP/out" && ok || bad amended-july "$(head -n 30 "$TMP/out")"; }
run amended-doc 0 -- ledger show amended/2026-04 --ledger "$TMP/am.db" &&
  { grep -qF '"version":	"price review"' "$TMP/out" && ok || bad amended-doc "$(head -n 12 "$TMP/out")"; }

# --- Metrics from incident logs. ------------------------------------------------------------
IC=tests/terms/incidents.lua
ILOG=tests/terms/incidents.csv
run incidents-settle 0 -- settle $IC --period 2026-10 --incidents $ILOG --dry-run &&
  expect_same incidents-settle tests/e2e/golden/incidents-2026-10.json "$TMP/out"
run incidents-missing 2 -- settle $IC --period 2026-10 --outcomes tests/e2e/contracts/empty.csv --dry-run &&
  expect_err incidents-missing 'contract "incidents" derives metrics from its incident log: give it (--incidents FILE'
run incidents-bad-timestamp 4 -- settle $IC --period 2026-10 --incidents tests/e2e/incidents/bad-timestamp.csv --dry-run &&
  expect_err incidents-bad-timestamp 'bad-timestamp.csv:3: start "2026-10-08 09:14" is not a timestamp'
run incidents-measured 4 -- settle $IC --period 2026-10 --incidents $ILOG --outcomes tests/e2e/incidents/measured-derived.csv --dry-run &&
  expect_err incidents-measured 'measured-derived.csv:2: metric "core_availability" is derived from the incident log; it is not measured'
run incidents-not-wanted 2 -- settle $WAN/contract.lua --period 2026-01 --outcomes $WAN/outcomes.csv --incidents $ILOG --dry-run &&
  expect_err incidents-not-wanted 'contract "managed-wan" declares no incidents: leave out --incidents'
mkdir -p "$TMP/inc" && cp tests/e2e/golden/incidents-2026-10.json "$TMP/inc/"
run incidents-verify 0 -- verify "$TMP/inc/incidents-2026-10.json" --contract $IC --incidents $ILOG &&
  { grep -qF "verified" "$TMP/out" && ok || bad incidents-verify "$(cat "$TMP/out")"; }
sed 's/2026-10-20T10:30Z/2026-10-20T10:31Z/' $ILOG >"$TMP/inc/edited.csv"
run incidents-verify-other 1 -- verify "$TMP/inc/incidents-2026-10.json" --contract $IC --incidents "$TMP/inc/edited.csv" &&
  { grep -qF "edited.csv is not the incident log it was settled from" "$TMP/out" && ok || bad incidents-verify-other "$(cat "$TMP/out")"; }
run incidents-verify-without 1 -- verify "$TMP/inc/incidents-2026-10.json" --contract $IC --outcomes tests/e2e/contracts/empty.csv &&
  { grep -qF "it was settled from an incident log too: give it with --incidents" "$TMP/out" && ok || bad incidents-verify-without "$(cat "$TMP/out")"; }

# --- Hostile scripts: stopped with a clear error naming the term, never a crash. ---------
for f in tests/e2e/hostile/*.lua; do
  name=hostile-$(basename "$f" .lua)
  extra=$(header "$f" options)
  # shellcheck disable=SC2086
  run "$name" "$(header "$f" expect-exit)" -- settle "$f" --period 2026-10 \
    --outcomes tests/e2e/contracts/empty.csv $extra && expect_err "$name" "$(header "$f" expect-error)"
done

# --- Topic files beside this script (tests/e2e/*.sh), each sourced here in name order with
# the helpers above, so that each concern keeps its end-to-end cases in a file of its own.
for f in tests/e2e/*.sh; do
  [ "$(basename "$f")" = run.sh ] && continue
  # shellcheck disable=SC1090
  . "$f"
done

printf '%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
