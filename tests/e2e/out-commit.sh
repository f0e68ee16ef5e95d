# settle --out replaces its three files together or not at all, and a settle killed while
# writing them leaves nothing that the next settle into the folder does not finish or clear.
# (Sourced by run.sh.)
OC=$TMP/out-commit
mkdir -p "$OC"
sed 's/^managed-wan,2026-01,availability,99.97/managed-wan,2026-01,availability,99.42/' \
  $WAN/outcomes.csv >"$OC/b.csv"
oc_settle() { # OUTCOMES DIR: January, which looks back at nothing, outside the ledger
  "$OCE" settle $WAN/contract.lua --period 2026-01 --outcomes "$1" --out "$2" --dry-run
}
oc_settle $WAN/outcomes.csv "$OC/a" >/dev/null 2>&1 && oc_settle "$OC/b.csv" "$OC/b" >/dev/null 2>&1 ||
  bad out-commit-setup "cannot settle the two outcome sets"
if cmp -s "$OC/a/managed-wan-2026-01.json" "$OC/b/managed-wan-2026-01.json"; then
  bad out-commit-setup "the two outcome sets settle alike"
fi
# The folder holds one settlement's three files, or none of them, and nothing hidden.
oc_whole() { # NAME DIR
  local hidden f set=""
  hidden=$(ls -A "$2" | grep '^\.' | tr '\n' ' ')
  if [ -n "$hidden" ]; then bad "$1" "left behind: $hidden"; return; fi
  [ -e "$2/managed-wan-2026-01.json" ] || [ -e "$2/managed-wan-2026-01.csv" ] ||
    [ -e "$2/managed-wan-2026-01.txt" ] || { ok; return; }
  for s in a b; do
    set=$s
    for f in json csv txt; do
      cmp -s "$OC/$s/managed-wan-2026-01.$f" "$2/managed-wan-2026-01.$f" || set=""
    done
    [ -n "$set" ] && break
  done
  if [ -n "$set" ]; then ok; else bad "$1" "the files are of no one settlement: $(ls -l "$2")"; fi
}
# A settle that fails still first finishes or clears what a killed one left (2025-12 is
# before the contract).
oc_recover() { "$OCE" settle $WAN/contract.lua --period 2025-12 --outcomes $WAN/outcomes.csv --out "$1" >/dev/null 2>&1; }

# A journal left by a writer killed after it: the renames it names are finished.
mkdir -p "$OC/journal"
cp "$OC/a/managed-wan-2026-01.json" "$OC/journal/"
cp "$OC/b/managed-wan-2026-01.csv" "$OC/b/managed-wan-2026-01.txt" "$OC/journal/"
cp "$OC/b/managed-wan-2026-01.json" "$OC/journal/.managed-wan-2026-01.json.oce-tmp"
printf 'managed-wan-2026-01.json\nmanaged-wan-2026-01.csv\nmanaged-wan-2026-01.txt\n' >"$OC/journal/.oce-commit"
oc_recover "$OC/journal"
oc_whole out-commit-roll-forward "$OC/journal"
cmp -s "$OC/b/managed-wan-2026-01.json" "$OC/journal/managed-wan-2026-01.json" && ok ||
  bad out-commit-roll-forward-json "the journal's document was not put in place"
# Temporaries no journal names (and those of earlier versions) are removed; the files stay.
mkdir -p "$OC/stale" && cp "$OC/a/"* "$OC/stale/"
cp "$OC/b/managed-wan-2026-01.csv" "$OC/stale/.managed-wan-2026-01.csv.oce-tmp"
cp "$OC/b/managed-wan-2026-01.txt" "$OC/stale/.managed-wan-2026-01.txt.tmp.Ab12Cd"
oc_recover "$OC/stale"
oc_whole out-commit-stale "$OC/stale"
cmp -s "$OC/a/managed-wan-2026-01.csv" "$OC/stale/managed-wan-2026-01.csv" && ok ||
  bad out-commit-stale-csv "a temporary no journal names replaced a file"
# A journal that is not one of oce's is refused, not followed.
mkdir -p "$OC/foreign" && printf '../../etc/passwd\n' >"$OC/foreign/.oce-commit"
run out-commit-foreign 6 -- settle $WAN/contract.lua --period 2026-01 --outcomes $WAN/outcomes.csv \
  --out "$OC/foreign" --dry-run && expect_err out-commit-foreign ".oce-commit: is not a journal of oce's"

# Killed at random moments while settling into the folder, alternating two outcome sets:
# after each kill and the next settle's recovery, the folder holds one whole settlement.
for i in $(seq 1 40); do
  if [ $((i % 2)) = 0 ]; then o=$OC/b.csv; else o=$WAN/outcomes.csv; fi
  "$OCE" settle $WAN/contract.lua --period 2026-01 --outcomes "$o" --out "$OC/kill" --dry-run \
    >/dev/null 2>&1 &
  pid=$!
  sleep "0.$(printf %03d $((RANDOM % 40)))"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  oc_recover "$OC/kill"
  oc_whole "out-commit-killed-$i" "$OC/kill"
done
