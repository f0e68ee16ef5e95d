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
