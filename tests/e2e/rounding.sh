# End-to-end cases of rounding once and of the range of metric values (sourced by run.sh,
# with its helpers).

# --- A line is rounded once, from its exact amount. ---------------------------------------
# 30 % of a saving of 0.049999999 is 0.0149999997: 0.01 half-even, and the explanation states
# the exact amount that was rounded (rounded to 9 places first it was 0.015, and then 0.02).
printf 'contract,period,metric,value\nrounding-once,2026-10,run_cost,119999.950000001\n' \
  >"$TMP/rounding-once.csv"
if run rounding-once-settle 0 -- settle tests/terms/rounding-once.lua --period 2026-10 \
  --outcomes "$TMP/rounding-once.csv" --dry-run --format csv; then
  want='rounding-once,2026-10,cost_share,share,Gain-share and pain-share on run_cost,0.01,0.00,GBP,30 % of savings 0.049999999 (baseline 120000.00 - run_cost 119999.950000001); 0.0149999997 rounded half-even to 0.01'
  if grep -qxF -- "$want" "$TMP/out"; then ok; else bad rounding-once-settle "$(cat "$TMP/out")"; fi
fi

# --- Every metric value is below 10^18, however it is written. ---------------------------
# A valid-looking restore time of 2 * 10^18 hours used to fail inside the term ("integer ...
# may have wrapped around"), and 10^19 used to settle; both are refused where they are read.
cat >"$TMP/range.lua" <<'EOF'
contract {
  history = false, id = "range", title = "Range", customer = "C", vendor = "V",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01",
  metrics = { metric "p1_restore_hours" { unit = "hours", better = "lower", target = 4 } },
  terms = {
    credit_per_unit "late" { metric = "p1_restore_hours", beyond = 4, each = money "0.01" },
  },
}
EOF
for v in 1000000000000000000 2000000000000000000 10000000000000000000 1000000000000000000.0 \
  -1000000000000000000; do
  printf 'contract,period,metric,value\nrange,2026-01,p1_restore_hours,%s\n' "$v" >"$TMP/range.csv"
  run "range-csv-$v" 4 -- settle "$TMP/range.lua" --period 2026-01 --outcomes "$TMP/range.csv" \
    --dry-run &&
    expect_err "range-csv-$v" "$TMP/range.csv:2: metric \"p1_restore_hours\": value \"$v\" is out of range: a metric value is below 10^18"
done
printf '{"outcomes": [\n {"contract": "range", "period": "2026-01", "metric": "p1_restore_hours", "value": "5000000000000000000"}\n]}\n' \
  >"$TMP/range.json"
run range-json 4 -- settle "$TMP/range.lua" --period 2026-01 --outcomes "$TMP/range.json" \
  --dry-run &&
  expect_err range-json "range.json:2: outcomes[0].value: metric \"p1_restore_hours\": value \"5000000000000000000\" is out of range"
# Just below the limit, as an integer and with places, the value settles exactly.
for v in 999999999999999000 999999999999999000.000; do
  printf 'contract,period,metric,value\nrange,2026-01,p1_restore_hours,%s\n' "$v" >"$TMP/range.csv"
  if run "range-below-$v" 0 -- settle "$TMP/range.lua" --period 2026-01 \
    --outcomes "$TMP/range.csv" --dry-run --format csv; then
    if grep -qF -- ',-9999999999999989.96,0.00,GBP,999999999999998996 started hours beyond 4' \
      "$TMP/out"; then ok; else bad "range-below-$v" "$(cat "$TMP/out")"; fi
  fi
done
# A metric's declared target, min and max follow the same rule, so every value a term can
# receive as a number becomes money.
while IFS='|' read -r key decl want; do
  sed "s/target = 4 }/$decl }/" "$TMP/range.lua" >"$TMP/range-decl.lua"
  run "range-decl-$key" 3 -- check "$TMP/range-decl.lua" &&
    expect_err "range-decl-$key" "range-decl.lua:4: metric \"p1_restore_hours\": $want"
done <<'CASES'
target-text|target = "1000000000000000000"|'target' is out of range: a metric value is below 10^18
target-places|target = "-1000000000000000000.0"|'target' is out of range: a metric value is below 10^18
max-text|target = 4, max = "2000000000000000000"|'max' is out of range: a metric value is below 10^18
min-text|target = 4, min = "-10000000000000000000"|'min' is out of range: a metric value is below 10^18
target-integer|target = 1000000000000000000|'target': integer 1000000000000000000 is out of range: a number becomes money only below 10^18
min-float|target = 4, min = -1e19|'min': number -1e+19 is out of range: a number becomes money only below 10^18
CASES
sed 's/target = 4 }/target = 999999999999999000, max = "999999999999999999" }/' "$TMP/range.lua" \
  >"$TMP/range-decl.lua"
run range-decl-below 0 -- check "$TMP/range-decl.lua" && ok
