# --- oce check shows the declaration as settling uses it (sourced by run.sh).
run check-target-places 0 -- check tests/e2e/check/target-places.lua &&
  { grep -qF 'x  unit %, target 99.95, higher is better, required, 1 decimal, range 0.05 to 99.99' "$TMP/out" &&
    grep -qF 'y  unit %, target 99.50, higher is better, required, 2 decimals, range 0.00 to 100.00' "$TMP/out" &&
    ok || bad check-target-places "$(grep -E ' [xy]  unit' "$TMP/out")"; }
