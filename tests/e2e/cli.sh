# --- The command line's tables of commands and options (sourced by run.sh). ------------------
# oce --help and each command's --help byte for byte; how a command line in error is told,
# for each command: an unknown command or subcommand, an option it does not take, an option
# without its value, an option given twice, --name=value. A row lost from either table
# fails a case here: its command is unknown, or its option is.
CLI_G=tests/e2e/golden

# oce --help lists every command, and every command's --help is its own; each ledger
# subcommand shows the ledger's.
run cli-help 0 -- --help && expect_same cli-help $CLI_G/help.txt "$TMP/out"
run cli-help-h 0 -- -h && expect_same cli-help-h $CLI_G/help.txt "$TMP/out"
run cli-help-word 0 -- help && expect_same cli-help-word $CLI_G/help.txt "$TMP/out"
for c in check settle test verify finalize ledger; do
  run "cli-help-$c" 0 -- $c --help && expect_same "cli-help-$c" "$CLI_G/help-$c.txt" "$TMP/out"
  run "cli-help-$c-h" 0 -- $c -h && expect_same "cli-help-$c-h" "$CLI_G/help-$c.txt" "$TMP/out"
done
for s in init list show export check; do
  run "cli-help-ledger-$s" 0 -- ledger $s --help &&
    expect_same "cli-help-ledger-$s" $CLI_G/help-ledger.txt "$TMP/out"
done
# --help wins over an option the command does not take, but not over an unknown option.
run cli-help-refused 0 -- test $WAN/contract.lua --period 2026-10 --help &&
  expect_same cli-help-refused $CLI_G/help-test.txt "$TMP/out"
run cli-help-unknown 2 -- settle --bogus --help && expect_err cli-help-unknown "oce: unknown option '--bogus'"

# A usage error says what is wrong on its first line, then the usage of what was asked for.
cli_usage_err() { # NAME FIRST-LINE GOLDEN: stderr is the line, a blank line and the golden
  { printf '%s\n\n' "$2"; cat "$3"; } >"$TMP/want-err"
  if [ -s "$TMP/out" ]; then bad "$1" "stdout not empty: $(head -c 300 "$TMP/out")"; else
    expect_same "$1" "$TMP/want-err" "$TMP/err"; fi
}
run cli-no-command 2 -- && cli_usage_err cli-no-command "oce: no command given" $CLI_G/help.txt
run cli-unknown-command 2 -- frobnicate &&
  cli_usage_err cli-unknown-command "oce: unknown command 'frobnicate'" $CLI_G/help.txt
run cli-no-subcommand 2 -- ledger &&
  cli_usage_err cli-no-subcommand "oce: ledger needs a subcommand: init, list, show, export, check or merge" \
    $CLI_G/help-ledger.txt
run cli-unknown-subcommand 2 -- ledger frob &&
  cli_usage_err cli-unknown-subcommand "oce: unknown ledger subcommand 'frob'" $CLI_G/help-ledger.txt
run cli-unknown-option 2 -- verify x.json --perid 2026-10 &&
  cli_usage_err cli-unknown-option "oce: unknown option '--perid'" $CLI_G/help-verify.txt
run cli-short-option 2 -- settle -x && expect_err cli-short-option "oce: unknown option '-x'"
run cli-two-arguments 2 -- check a.lua b.lua && expect_err cli-two-arguments "oce: unexpected argument 'b.lua'"

# An option a command does not take: each command's own message, and its usage. Those from
# check-period on were once taken and ignored, so that a mistyped command line did less than
# it said.
while IFS='|' read -r name message args; do
  # shellcheck disable=SC2086 # args are words
  run "cli-refused-$name" 2 -- $args </dev/null && cli_usage_err "cli-refused-$name" "oce: $message" \
    "$CLI_G/help-$(echo "$args" | cut -d' ' -f1).txt"
done <<EOF
settle-history|settle reads the earlier periods from the ledger, not --history|settle $WAN/contract.lua --period 2026-10 --outcomes $WAN/outcomes.csv --history d
test-period|test takes the periods and outcomes from its cases|test $WAN/contract.lua --period 2026-10
test-out|test takes the periods and outcomes from its cases|test $WAN/contract.lua --out d
test-history-from|test takes the periods and outcomes from its cases|test $WAN/contract.lua --history-from=outcomes
verify-period|verify takes the period from the document|verify x.json --period 2026-10
verify-format|verify takes the period from the document|verify x.json --format csv
verify-history-from|verify settles on the earlier periods' documents (--history DIR), not --history-from|verify x.json --history-from outcomes
finalize-dry-run|finalize takes a contract, --period, --prefix and --ledger only|finalize managed-wan --period 2026-10 --dry-run
finalize-outcomes|finalize takes a contract, --period, --prefix and --ledger only|finalize managed-wan --period 2026-10 --outcomes o.csv
finalize-contract|finalize takes a contract, --period, --prefix and --ledger only|finalize managed-wan --period 2026-10 --contract c.lua
ledger-init-period|ledger init takes the ledger's file only|ledger init $TMP/x.db --period 2026-10
ledger-init-prefix|ledger init takes the ledger's file only|ledger init $TMP/x.db --prefix NW-
ledger-list-format|an option this ledger subcommand does not take|ledger list --format json
ledger-show-period|an option this ledger subcommand does not take|ledger show INV-000001 --period 2026-10
ledger-export-contract|an option this ledger subcommand does not take|ledger export --period 2026-10 --contract x
ledger-check-period|an option this ledger subcommand does not take|ledger check --period 2026-10
ledger-check-dry-run|an option this ledger subcommand does not take|ledger check --dry-run
check-period|check does not take --period|check $WAN/contract.lua --period 2026-10
check-ledger|check does not take --ledger|check $WAN/contract.lua --ledger x.db
settle-contract|settle does not take --contract|settle $WAN/contract.lua --period 2026-10 --outcomes $WAN/outcomes.csv --dry-run --contract c.lua
test-ledger|test does not take --ledger|test $WAN/contract.lua --ledger x.db
test-dry-run|test does not take --dry-run|test $WAN/contract.lua --dry-run
test-incidents|test does not take --incidents|test $WAN/contract.lua --incidents i.csv
test-prefix|test does not take --prefix|test $WAN/contract.lua --prefix NW-
test-contract|test does not take --contract|test $WAN/contract.lua --contract c.lua
verify-ledger|verify does not take --ledger|verify x.json --ledger x.db
verify-dry-run|verify does not take --dry-run|verify x.json --dry-run
verify-prefix|verify does not take --prefix|verify x.json --prefix NW-
finalize-incidents|finalize takes a contract, --period, --prefix and --ledger only|finalize managed-wan --period 2026-10 --incidents i.csv
finalize-timeout|finalize takes a contract, --period, --prefix and --ledger only|finalize managed-wan --period 2026-10 --timeout 100
ledger-init-timeout|ledger init takes the ledger's file only|ledger init $TMP/x.db --timeout 100
ledger-list-incidents|an option this ledger subcommand does not take|ledger list --incidents i.csv
ledger-check-max-memory|an option this ledger subcommand does not take|ledger check --max-memory 64
EOF
# An option the command refuses is named before what the command then finds missing.
run cli-refused-first 2 -- settle --history d && cli_usage_err cli-refused-first \
  "oce: settle reads the earlier periods from the ledger, not --history" $CLI_G/help-settle.txt

# An option without its value, taken by the command or not: the option is named.
run cli-no-value 2 -- settle $WAN/contract.lua --outcomes $WAN/outcomes.csv --period &&
  cli_usage_err cli-no-value "oce: option --period needs a value" $CLI_G/help-settle.txt
run cli-no-value-refused 2 -- test $WAN/contract.lua --period &&
  expect_err cli-no-value-refused "oce: option --period needs a value"
run cli-no-value-limit 2 -- test $WAN/contract.lua --timeout &&
  expect_err cli-no-value-limit "oce: option --timeout needs a value"
# The word after a valued option is its value, even one that looks like an option.
run cli-value-dashes 4 -- settle $WAN/contract.lua --period --dry-run --outcomes $WAN/outcomes.csv &&
  expect_err cli-value-dashes 'period "--dry-run": expected YYYY-MM'
run cli-value-eats 2 -- settle $WAN/contract.lua --period --outcomes $WAN/outcomes.csv &&
  expect_err cli-value-eats "oce: unexpected argument '$WAN/outcomes.csv'"
run cli-value-empty 4 -- settle $WAN/contract.lua --period= --outcomes $WAN/outcomes.csv &&
  expect_err cli-value-empty 'period "": expected YYYY-MM'
# A flag takes no value.
run cli-flag-value 2 -- settle $WAN/contract.lua --period 2026-10 --outcomes $WAN/outcomes.csv --dry-run=1 &&
  expect_err cli-flag-value "oce: unknown option '--dry-run=1'"
# A sandbox limit is a whole number from 1 to its maximum, in either form.
run cli-limit-word 2 -- test $WAN/contract.lua --max-memory abc &&
  expect_err cli-limit-word "oce: --max-memory expects a positive whole number, got 'abc'"
run cli-limit-zero 2 -- test $WAN/contract.lua --max-instructions=0 &&
  expect_err cli-limit-zero "oce: --max-instructions expects a positive whole number, got '0'"
run cli-limit-over 2 -- test $WAN/contract.lua --max-memory 4097 &&
  expect_err cli-limit-over "oce: --max-memory expects a positive whole number, got '4097'"
run cli-limit-timeout 2 -- test $WAN/contract.lua --timeout=3600001 &&
  expect_err cli-limit-timeout "oce: --timeout expects a positive whole number, got '3600001'"

# --name=value is --name value; an option given twice keeps its last value. (The earlier
# months are settled from the outcomes file, so the cases need no ledger.)
CLI_S="settle $WAN/contract.lua --history-from outcomes --dry-run"
run cli-spaced 0 -- $CLI_S --period 2026-10 --outcomes $WAN/outcomes.csv --format csv &&
  cp "$TMP/out" "$TMP/cli-spaced.csv"
run cli-equals 0 -- $CLI_S --period=2026-10 --outcomes=$WAN/outcomes.csv --format=csv &&
  expect_same cli-equals "$TMP/cli-spaced.csv" "$TMP/out"
run cli-twice 0 -- $CLI_S --period 2026-09 --outcomes $WAN/outcomes.csv --format json \
  --period 2026-10 --format csv &&
  expect_same cli-twice "$TMP/cli-spaced.csv" "$TMP/out"
if ! grep -q ',2026-10,' "$TMP/cli-spaced.csv" || grep -q ',2026-09,' "$TMP/cli-spaced.csv"; then
  bad cli-twice-period "the settlement is not 2026-10's: $(head -n 3 "$TMP/cli-spaced.csv")"
else ok; fi
# A limit given twice: the last, generous one holds (the first alone stops the settlement).
run cli-twice-limit-first 5 -- $CLI_S --period 2026-10 --outcomes $WAN/outcomes.csv \
  --max-instructions 1 && expect_err cli-twice-limit-first "instruction"
run cli-twice-limit 0 -- $CLI_S --period 2026-10 --outcomes $WAN/outcomes.csv --format csv \
  --max-instructions 1 --max-instructions 50000000 &&
  expect_same cli-twice-limit "$TMP/cli-spaced.csv" "$TMP/out"
# A bad first value is refused even when a good one follows.
run cli-twice-bad-first 2 -- test $WAN/contract.lua --timeout 0 --timeout 5000 &&
  expect_err cli-twice-bad-first "oce: --timeout expects a positive whole number, got '0'"
