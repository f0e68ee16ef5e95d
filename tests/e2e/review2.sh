# Sourced by run.sh: what a settle --out meets in its folder that no settle of oce put there.
R2=$TMP/review2
mkdir -p "$R2"
r2_settle() { # DIR: January of managed-wan, outside the ledger
  "$OCE" settle $WAN/contract.lua --period 2026-01 --outcomes $WAN/outcomes.csv --dry-run --out "$1"
}

# A pipe where the journal goes is refused as no journal of oce's; before, the settle waited
# on it forever, holding the folder's lock so that every other settle into it waited too.
mkdir -p "$R2/pipe" && mkfifo "$R2/pipe/.oce-commit"
timeout 10 "$OCE" settle $WAN/contract.lua --period 2026-01 --outcomes $WAN/outcomes.csv \
  --dry-run --out "$R2/pipe" >"$TMP/out" 2>"$TMP/err"
got=$?
if [ "$got" = 6 ]; then
  expect_err review2-journal-pipe "$R2/pipe/.oce-commit: is not a journal of oce's"
else bad review2-journal-pipe "exit status $got, expected 6; stderr: $(cat "$TMP/err")"; fi

# A folder where one of the three files goes is refused before anything is replaced: before,
# the journal was put in place and the JSON document replaced, then the rename onto the
# folder failed, leaving the new JSON beside the old text (and a journal no settle could
# finish).
mkdir -p "$R2/dir" && r2_settle "$R2/dir" >/dev/null 2>&1
cp "$R2/dir/managed-wan-2026-01.json" "$R2/old.json"
echo changed >"$R2/dir/managed-wan-2026-01.json"
rm "$R2/dir/managed-wan-2026-01.csv" && mkdir "$R2/dir/managed-wan-2026-01.csv"
run review2-file-is-a-folder 6 -- settle $WAN/contract.lua --period 2026-01 \
  --outcomes $WAN/outcomes.csv --dry-run --out "$R2/dir" &&
  expect_err review2-file-is-a-folder "$R2/dir/managed-wan-2026-01.csv: cannot write: Is a directory"
if [ "$(cat "$R2/dir/managed-wan-2026-01.json")" = changed ] && [ -z "$(ls -A "$R2/dir" | grep '^\.')" ]; then ok
else bad review2-file-is-a-folder-untouched "$(ls -lA "$R2/dir")"; fi

# --- An oce.db that is a symbolic link to nothing (the share it names not mounted) is the
# ledger of its folder, and refused: before, it was passed over for a ledger in a folder
# further up, which then took the folder's settlements and issued their invoice numbers.
R2B=$R2/books
mkdir -p "$R2B/team"
(cd "$R2B" && env -u OCE_LEDGER "$OCE_ABS" ledger init >/dev/null 2>&1)
ln -s "$R2/unmounted/oce.db" "$R2B/team/oce.db"
in_folder "$R2B/team" -- settle "$FEES" --period 2027-01 --outcomes "$ROOT/tests/e2e/contracts/empty.csv" --format csv
status_is review2-ledger-dangling-link 6 $? &&
  has review2-ledger-dangling-link "$TMP/err" "oce.db: ledger: it is a symbolic link to a file that is not there"
in_folder "$R2B" -- ledger list
status_is review2-ledger-dangling-link-above 0 $? &&
  has review2-ledger-dangling-link-above "$TMP/out" "no settlements in oce.db"

# --- The memory a contract's scripts may use does not depend on the contracts oce test ran
# before it in the same run. Each of these three holds some 35 MiB in its term, and passes on
# its own; before, malloc kept the pages of the first contract's freed state resident, the
# next contract's sandbox counted them as the host's, and the second and third contracts
# failed with "memory limit exceeded".
run review2-memory-in-turn 0 -- test tests/e2e/review2 &&
  if grep -qF '3 contracts, 6 cases: 6 passed, 0 failed' "$TMP/out"; then ok
  else bad review2-memory-in-turn "$(cat "$TMP/out")"; fi
