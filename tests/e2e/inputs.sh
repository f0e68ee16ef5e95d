# End-to-end cases of reading inputs and making output folders: timestamps as ISO 8601 and
# RFC 3339 write them, the size limit on input files (regular files, devices and pipes), and
# settles racing to create the same missing parent of their --out folders.
# Sourced by run.sh, with its helpers.

# --- Timestamps as ISO 8601 and RFC 3339 write them. ------------------------------------------
# A log timed to fractions of a second, with a space for the T and offsets as +0100: half a
# second of F2 takes availability below 99.95 (the figures are worked out in the contract's
# header); the golden document was checked by hand.
FR=tests/e2e/incidents/fractions
run fractions-settle 0 -- settle $FR.lua --period 2026-10 --incidents $FR.csv --dry-run &&
  expect_same fractions-settle tests/e2e/golden/fractions-2026-10.json "$TMP/out"
run fractions-csv 0 -- settle $FR.lua --period 2026-10 --incidents $FR.csv --dry-run --format csv &&
  { grep -qF 'fractions,2026-10,availability_credit,credit,Availability credit,-500.00,0.00,GBP,5 % of 10000.00 because availability 99.949981 < 99.950000' "$TMP/out" &&
    ok || bad fractions-csv "$(cat "$TMP/out")"; }
head -n 2 $FR.csv >"$TMP/f1-only.csv"
run fractions-f1-only 0 -- settle $FR.lua --period 2026-10 --incidents "$TMP/f1-only.csv" --dry-run --format text &&
  { grep -qE '^  availability +99\.950000 % +99\.950000 % +higher +met' "$TMP/out" && grep -qE '^  Net +10,000\.00$' "$TMP/out" &&
    ok || bad fractions-f1-only "$(cat "$TMP/out")"; }
mkdir -p "$TMP/fr" && cp tests/e2e/golden/fractions-2026-10.json "$TMP/fr/"
run fractions-verify 0 -- verify "$TMP/fr/fractions-2026-10.json" --contract $FR.lua --incidents $FR.csv &&
  { grep -qF "verified" "$TMP/out" && ok || bad fractions-verify "$(cat "$TMP/out")"; }
# The same instants spelt otherwise settle the same: managed-network's log with every start
# written "2026-10-08 09:05:00.000Z" and every end "2026-10-08T12:10:00.000000000+0000". Only
# the log's SHA-256, and so the digest, differ.
MN=contracts/managed-network
sed -E 's/([0-9]{4}-[0-9]{2}-[0-9]{2})T([0-9]{2}:[0-9]{2})Z/\1 \2:00.000Z/; s/([0-9]{4}-[0-9]{2}-[0-9]{2})T([0-9]{2}:[0-9]{2})Z/\1T\2:00.000000000+0000/' \
  $MN/incidents.csv >"$TMP/mn-spelt.csv"
grep -qF 'managed-network,ANR,MN-77058,2026-10-08 09:05:00.000Z,2026-10-08T12:10:00.000000000+0000,' "$TMP/mn-spelt.csv" && ok ||
  bad mn-spelt "the log was not rewritten: $(head -n 2 "$TMP/mn-spelt.csv")"
for p in 2026-10 2026-11 2026-12; do
  run "mn-spelt-$p" 0 -- settle $MN/contract.lua --period $p --outcomes $MN/outcomes.csv --incidents "$TMP/mn-spelt.csv" --dry-run &&
    grep -vE '"(incidents_sha256|digest)":' "$TMP/out" >"$TMP/mn-spelt.json" &&
    "$OCE" settle $MN/contract.lua --period $p --outcomes $MN/outcomes.csv --incidents $MN/incidents.csv --dry-run |
    grep -vE '"(incidents_sha256|digest)":' >"$TMP/mn-plain.json" &&
    expect_same "mn-spelt-$p" "$TMP/mn-plain.json" "$TMP/mn-spelt.json"
done
# What stays malformed is refused, naming the file, the line and the form expected.
printf 'contract,service,id,start,end,severity,cause\nfractions,core,F1,2026-10-07T10:00:00.1234567891Z,,P1,vendor\n' >"$TMP/ten-digits.csv"
run fractions-ten-digits 4 -- settle $FR.lua --period 2026-10 --incidents "$TMP/ten-digits.csv" --dry-run &&
  expect_err fractions-ten-digits 'ten-digits.csv:2: start "2026-10-07T10:00:00.1234567891Z" is not a timestamp: more than 9 decimal places of a second; write it as ISO 8601 or RFC 3339 do: YYYY-MM-DD, T or a space, HH:MM, optional :SS and a fraction of up to 9 digits, then Z or an offset +HH:MM, +HHMM or +HH'
run incidents-no-offset 4 -- settle tests/terms/incidents.lua --period 2026-10 --incidents tests/e2e/incidents/bad-timestamp.csv --dry-run &&
  expect_err incidents-no-offset 'bad-timestamp.csv:3: start "2026-10-08 09:14" is not a timestamp: no offset from UTC; write it as'

# --- --out folders that share a missing parent. -------------------------------------------
# Settles started together into sibling folders of one missing parent all create it: a
# parent another settle made a moment ago is as good as one made here (mkdir -p). Before,
# with eight missing levels to race on, about 1 settle in 20 failed with "cannot create the
# output directory: File exists"; 20 rounds of 8 make a pass by luck very unlikely.
race_failed=0
for r in $(seq 1 20); do
  for i in 1 2 3 4 5 6 7 8; do
    "$OCE" settle tests/e2e/contracts/sum.lua --period 2026-10 --outcomes tests/e2e/contracts/empty.csv \
      --dry-run --out "$TMP/race/$r/a/b/c/d/e/f/g/s$i" >/dev/null 2>"$TMP/race-$i.err" &
  done
  wait
  for i in 1 2 3 4 5 6 7 8; do
    if [ ! -s "$TMP/race/$r/a/b/c/d/e/f/g/s$i/sum-2026-10.json" ]; then
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
