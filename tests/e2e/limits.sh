# Sourced by run.sh: the sandbox's limits bound the process, not only what Lua counts.
#   - the deadline holds whatever the script does: a VM instruction that runs for seconds in
#     C (a rehash of colliding keys) is ended by the watchdog, in settle, test and verify;
#   - a term stopped for memory leaves the process's peak resident memory within the limit;
#   - one budget of instructions covers every run of the script a settlement makes.
# Under the sanitizers (SANITIZE=1) resident memory is mostly the sanitizer's and the limit
# counts the Lua state alone, so the checks of peak memory are skipped there.
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

# --- Memory. Each bomb stops with the memory limit named; its peak resident memory, as
# /usr/bin/time reports it, is at most the limit (64 MiB, the default, and 16 MiB).
bomb() { # NAME LIMIT_MIB SCRIPT [OPTIONS]
  local name=$1 limit=$2 script=$3 timer=() got kib
  shift 3
  [ -x /usr/bin/time ] && timer=(/usr/bin/time -f %M -o "$TMP/peak")
  # A minute of time, so that on a busy machine (or under the sanitizers) memory, which is
  # what these test, runs out before the time does.
  "${timer[@]}" "$OCE" settle "$script" --period 2026-10 --outcomes "$EMPTY" --timeout 60000 "$@" \
    >"$TMP/out" 2>"$TMP/err"
  got=$?
  if [ "$got" != 5 ]; then
    bad "$name" "exit status $got, expected 5; stderr: $(cat "$TMP/err")"
    return
  fi
  expect_err "$name" 'term "hog": memory limit exceeded'
  if [ "${SANITIZE:-}" = 1 ] || [ ${#timer[@]} = 0 ]; then return; fi
  kib=$(tail -n 1 "$TMP/peak")
  if [ "$kib" -le $((limit * 1024)) ] 2>/dev/null; then ok; else
    bad "$name-peak" "peak RSS $kib KiB, more than the limit of $limit MiB"
  fi
}
for f in "$LIM"/bomb-*.lua; do
  name=limits-$(basename "$f" .lua)
  bomb "$name" 64 "$f"
  bomb "$name-64" 64 "$f" --max-memory 64
done
bomb limits-bomb-small-tables-16 16 "$LIM/bomb-small-tables.lua" --max-memory 16

# A limit the process is already past before any script runs is refused, not half-kept.
if [ "${SANITIZE:-}" != 1 ]; then
  run limits-memory-below-host 5 -- settle "$WAN/contract.lua" --period 2026-10 \
    --outcomes "$WAN/outcomes.csv" --dry-run --max-memory 2 &&
    expect_err limits-memory-below-host 'the memory limit of 2 MiB is not above the'
fi

# The host's own memory is not the script's: with an incident log that takes the process past
# 64 MiB before any term runs, a term that makes and drops 100 MB of strings, holding little
# at once, still settles (the resident bound is then what the host holds and the script's
# share).
if [ "${SANITIZE:-}" != 1 ]; then
  awk 'function at(s) { return sprintf("2026-10-%02dT%02d:%02d:%02dZ", int(s / 86400) + 1,
      int(s % 86400 / 3600), int(s % 3600 / 60), s % 60) }
    BEGIN { print "contract,service,id,start,end,severity,cause,note,disputed"
      for (i = 0; i < 250000; i++) printf "churn,core,I%d,%s,%s,P2,vendor,x,\n", i, at(i * 10), at(i * 10 + 5) }' \
    >"$TMP/churn-incidents.csv"
  run limits-host-memory-is-not-the-script-s 0 -- settle "$LIM/churn-incidents.lua" \
    --period 2026-10 --incidents "$TMP/churn-incidents.csv" --dry-run --format csv &&
    if grep -q '^churn,2026-10,churn,charge,Made and dropped 100488895 bytes,1.00,' "$TMP/out"; then ok
    else bad limits-host-memory-is-not-the-script-s "$(cat "$TMP/out")"; fi
fi

# --- One budget per settlement. tests/e2e/hostile/toplevel-budget.lua is refused with a
# budget of 1 000 000 instructions, which its run at load and its term each fit in; both fit
# in 2 000 000.
run limits-one-budget-fits 0 -- settle tests/e2e/hostile/toplevel-budget.lua --period 2026-10 \
  --outcomes "$EMPTY" --dry-run --format csv --max-instructions 2000000 &&
  if grep -q '^hostile,2026-10,fee,charge,Fee,1.00,' "$TMP/out"; then ok; else bad limits-one-budget-fits "$(cat "$TMP/out")"; fi
# oce test runs each case on the same budget as settle: the load's runs count in it.
run limits-one-budget-test 1 -- test "$LIM/budget.lua" --max-instructions 1000000 &&
  if grep -qF 'instruction limit exceeded' "$TMP/out"; then ok; else bad limits-one-budget-test "$(cat "$TMP/out")"; fi
