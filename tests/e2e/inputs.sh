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
