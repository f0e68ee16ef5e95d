# End-to-end cases of reading inputs and making output folders: timestamps as ISO 8601 and
# RFC 3339 write them, the size limit on input files (regular files, devices and pipes), and
# settles racing to create the same missing parent of their --out folders.
# Sourced by run.sh, with its helpers.

# --- --out folders that share a missing parent. -------------------------------------------
# Settles started together into sibling folders of one missing parent all create it: a
# parent another settle made a moment ago is as good as one made here (mkdir -p). Before,
# about 1 settle in 80 failed with "cannot create the output directory: File exists"; 60
# rounds of 8 make a pass by luck unlikely.
race_failed=0
for r in $(seq 1 60); do
  for i in 1 2 3 4 5 6 7 8; do
    "$OCE" settle tests/e2e/contracts/sum.lua --period 2026-10 --outcomes tests/e2e/contracts/empty.csv \
      --dry-run --out "$TMP/race/$r/shared/parent/s$i" >/dev/null 2>"$TMP/race-$i.err" &
  done
  wait
  for i in 1 2 3 4 5 6 7 8; do
    if [ ! -s "$TMP/race/$r/shared/parent/s$i/sum-2026-10.json" ]; then
      race_failed=$((race_failed + 1))
      [ "$race_failed" -eq 1 ] && bad out-shared-missing-parent "round $r, settle $i: $(cat "$TMP/race-$i.err")"
    fi
  done
done
[ "$race_failed" -eq 0 ] && ok
rm -rf "$TMP/race"
# A path that exists as a file is still no folder, whether it is the folder or a parent.
printf 'not a folder\n' >"$TMP/plain-file"
run out-is-a-file 6 -- settle tests/e2e/contracts/sum.lua --period 2026-10 --outcomes tests/e2e/contracts/empty.csv \
  --dry-run --out "$TMP/plain-file" &&
  expect_err out-is-a-file "plain-file: cannot create the output directory: Not a directory"
run out-under-a-file 6 -- settle tests/e2e/contracts/sum.lua --period 2026-10 --outcomes tests/e2e/contracts/empty.csv \
  --dry-run --out "$TMP/plain-file/sub" &&
  expect_err out-under-a-file "plain-file/sub: cannot create the output directory: Not a directory"
[ "$(cat "$TMP/plain-file")" = "not a folder" ] && ok || bad out-file-untouched "$(cat "$TMP/plain-file")"

# --- Input files are bounded. ----------------------------------------------------------------
# An outcomes file or incident log over 1 GiB is refused naming the file and the limit, a
# regular file before it is read (a sparse one here, of 1 GiB and a byte).
truncate -s 1073741825 "$TMP/huge.csv"
run input-over-limit 4 -- settle $WAN/contract.lua --period 2026-10 --outcomes "$TMP/huge.csv" --dry-run &&
  expect_err input-over-limit "huge.csv: the outcomes file is over 1 GiB (1073741824 bytes), the limit for an input file"
run incidents-over-limit 4 -- settle tests/terms/incidents.lua --period 2026-10 --incidents "$TMP/huge.csv" --dry-run &&
  expect_err incidents-over-limit "huge.csv: the incident log is over 1 GiB (1073741824 bytes), the limit for an input file"
rm -f "$TMP/huge.csv"
# A device that never ends is read no further than its first NUL byte, which no input file
# may hold (before, /dev/zero was read until memory ran out: exit 7, no file named). The
# timeout keeps a regression from eating the machine's memory.
ln -s /dev/zero "$TMP/zero.csv"
run input-dev-zero 4 -- settle $WAN/contract.lua --period 2026-10 --outcomes /dev/zero --dry-run &&
  expect_err input-dev-zero "/dev/zero: cannot tell the format of the outcomes"
bounded() { # NAME WANT_STATUS TEXT -- ARGS...: run, stopped after 20 s
  local name=$1 want=$2 text=$3 got
  shift 4
  timeout 20 "$OCE" "$@" >"$TMP/out" 2>"$TMP/err"
  got=$?
  if [ "$got" != "$want" ]; then bad "$name" "exit status $got, expected $want; stderr: $(cat "$TMP/err")"; else expect_err "$name" "$text"; fi
}
bounded input-zero-csv 4 "zero.csv:1: the file contains a NUL byte; outcomes are UTF-8 text" -- \
  settle $WAN/contract.lua --period 2026-10 --outcomes "$TMP/zero.csv" --dry-run
bounded incidents-zero-csv 4 "zero.csv:1: the file contains a NUL byte; incidents are UTF-8 text" -- \
  settle tests/terms/incidents.lua --period 2026-10 --incidents "$TMP/zero.csv" --dry-run
# Contract scripts and tests files were bounded already (1 MiB), devices too.
run script-dev-zero 3 -- check /dev/zero && expect_err script-dev-zero "/dev/zero: contract script is over 1 MiB"
cp tests/e2e/contracts/sum.lua "$TMP/zero.lua"
ln -s /dev/zero "$TMP/zero.tests.lua"
run tests-file-dev-zero 1 -- test "$TMP/zero.lua" &&
  { grep -qF "FAIL  cannot run the cases: $TMP/zero.tests.lua: the tests file is over 1 MiB" "$TMP/out" && ok ||
    bad tests-file-dev-zero "$(cat "$TMP/out")"; }
