# Sourced by run.sh: the sandbox's limits bound the whole settlement.
#   - one budget of instructions covers every run of the script a settlement makes.
LIM=tests/e2e/limits
EMPTY=tests/e2e/contracts/empty.csv

# --- One budget per settlement. tests/e2e/hostile/toplevel-budget.lua is refused with a
# budget of 1 000 000 instructions, which each of its three runs fits in; the three fit
# in 2 000 000.
run limits-one-budget-fits 0 -- settle tests/e2e/hostile/toplevel-budget.lua --period 2026-10 \
  --outcomes "$EMPTY" --dry-run --format csv --max-instructions 2000000 &&
  if grep -q '^hostile,2026-10,fee,charge,Fee,1.00,' "$TMP/out"; then ok; else bad limits-one-budget-fits "$(cat "$TMP/out")"; fi
# oce test runs each case on the same budget as settle: the load's runs count in it.
run limits-one-budget-test 1 -- test "$LIM/budget.lua" --max-instructions 1000000 &&
  if grep -qF 'instruction limit exceeded' "$TMP/out"; then ok; else bad limits-one-budget-test "$(cat "$TMP/out")"; fi
