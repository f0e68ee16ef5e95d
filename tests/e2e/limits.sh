# Sourced by run.sh: the sandbox's limits bound the whole settlement.
#   - the deadline holds whatever the script does: a VM instruction that runs for seconds in
#     C (a rehash of colliding keys) is ended by the watchdog, in settle, test and verify;
#   - one budget of instructions covers every run of the script a settlement makes.
LIM=tests/e2e/limits
EMPTY=tests/e2e/contracts/empty.csv

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# within NAME START_MS BOUND_MS: the run that began at START_MS ended within BOUND_MS.
within() {
  local took=$(($(now_ms) - $2))
  if [ "$took" -lt "$3" ]; then ok; else bad "$1" "took $took ms, more than $3 ms"; fi
}

# --- The deadline. The watchdog ends the process 250 ms after the deadline; the bound
# leaves room for a loaded machine and the sanitizers. Without it this runs 5 to 22 s.
t0=$(now_ms)
run limits-collide-deadline 5 -- settle tests/e2e/hostile/colliding-keys.lua --period 2026-10 \
  --outcomes "$EMPTY" --timeout 500 --out "$TMP/collide-out" &&
  expect_err limits-collide-deadline \
    'tests/e2e/hostile/colliding-keys.lua:11: term "collide": time limit exceeded'
within limits-collide-deadline-time "$t0" 2500
# Ended from outside the script, it leaves nothing: outputs are written after settling.
if [ -e "$TMP/collide-out" ]; then bad limits-collide-nothing-written "$(ls -a "$TMP/collide-out")"; else ok; fi

# oce test reports the cases before the one the watchdog stops, then that one's error.
t0=$(now_ms)
run limits-collide-test 5 -- test "$LIM/collide-case.lua" --timeout 300 &&
  if ! grep -qF "oce: $LIM/collide-case.lua:7: term \"collide\": time limit exceeded" "$TMP/err"; then
    bad limits-collide-test "stderr: $(cat "$TMP/err")"
  elif ! grep -qF '  ok    an ordinary month' "$TMP/out"; then
    bad limits-collide-test "stdout lacks the case before: $(cat "$TMP/out")"
  else ok; fi
within limits-collide-test-time "$t0" 2500

# oce verify loads the contract to settle again: top-level code that never ends is stopped
# there, before any comparison, and named by its file.
run limits-collide-verify-doc 0 -- settle "$LIM/budget.lua" --period 2026-10 \
  --outcomes "$EMPTY" --dry-run --out "$TMP/budget-doc" &&
  run limits-collide-verify 5 -- verify "$TMP/budget-doc/budget-2026-10.json" \
    --contract "$LIM/collide-toplevel.lua" --outcomes "$EMPTY" --timeout 300 &&
  expect_err limits-collide-verify "oce: $LIM/collide-toplevel.lua: time limit exceeded"

# --- One budget per settlement. tests/e2e/hostile/toplevel-budget.lua is refused with a
# budget of 1 000 000 instructions, which each of its three runs fits in; the three fit
# in 2 000 000.
run limits-one-budget-fits 0 -- settle tests/e2e/hostile/toplevel-budget.lua --period 2026-10 \
  --outcomes "$EMPTY" --dry-run --format csv --max-instructions 2000000 &&
  if grep -q '^hostile,2026-10,fee,charge,Fee,1.00,' "$TMP/out"; then ok; else bad limits-one-budget-fits "$(cat "$TMP/out")"; fi
# oce test runs each case on the same budget as settle: the load's runs count in it.
run limits-one-budget-test 1 -- test "$LIM/budget.lua" --max-instructions 1000000 &&
  if grep -qF 'instruction limit exceeded' "$TMP/out"; then ok; else bad limits-one-budget-test "$(cat "$TMP/out")"; fi
