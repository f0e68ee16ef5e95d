# --- What a contract made when it loaded is fixed. The script runs once, when the contract
# loads, and every settlement after it shares what it made: the declaration, the helpers'
# settings, the tables its terms keep. A term that changes one is refused, naming the field;
# upvalues start every settlement as the contract loaded them; and what was made then reads as
# it did (sourced by run.sh).
FIX=tests/e2e/fixed
FIXMSG='of a table made when the contract loaded: what a contract declares is fixed, so that no settlement changes the next (make a new table inside the term)'
fixed_refused() { # NAME LINE TERM FIELD
  run "fixed-$1" 5 -- settle "$FIX/$1.lua" --period 2026-10 --outcomes tests/e2e/contracts/empty.csv --dry-run &&
    expect_err "fixed-$1" "$FIX/$1.lua:$2: term \"$3\": cannot change field $4 $FIXMSG"
}
fixed_refused declaration-terms 3 a 2
fixed_refused params 6 a "'rate'"
fixed_refused ctx-params 5 a "'x'"
run fixed-ctx-lines 5 -- settle "$FIX/ctx-lines.lua" --period 2026-10 --outcomes tests/e2e/contracts/empty.csv --dry-run &&
  expect_err fixed-ctx-lines "$FIX/ctx-lines.lua:5: term \"b\": cannot change field 'amount' of ctx: every term of a settlement sees the same ctx, so that no term changes what the next sees (make a new table inside the term)"
fixed_refused settings 6 b "'amount'"
fixed_refused upvalue-table 5 a 1
run fixed-insert 5 -- settle "$FIX/insert.lua" --period 2026-10 --outcomes tests/e2e/contracts/empty.csv --dry-run &&
  expect_err fixed-insert "$FIX/insert.lua:5: term \"a\": table.insert cannot change a table made when the contract loaded"
run fixed-metatable 3 -- settle "$FIX/metatable.lua" --period 2026-10 --outcomes tests/e2e/contracts/empty.csv --dry-run &&
  expect_err fixed-metatable "$FIX/metatable.lua:4: a table given a metatable when the contract loaded is kept for its terms"
# check refuses it too: it is found when the contract loads.
run fixed-metatable-check 3 -- check "$FIX/metatable.lua" &&
  expect_err fixed-metatable-check "a table given a metatable when the contract loaded is kept for its terms"
# Reads of fixed tables: a line and a limit's list made at load work; pairs visits keys in
# order; #, rawlen, rawget, ipairs, concat and unpack see the contents (3 + 3 + 1 + 2 = 9).
run fixed-reads 0 -- settle "$FIX/reads.lua" --period 2026-10 --outcomes tests/e2e/contracts/empty.csv --dry-run --format csv &&
  { grep -qx 'fixed,2026-10,fee,charge,Fee,100.00,0.00,GBP,Fee' "$TMP/out" &&
    grep -q '^fixed,2026-10,credit,credit,Credit,-10.00,30.00,GBP,' "$TMP/out" &&
    grep -qx 'fixed,2026-10,reads,charge,"1=x,2=y,a=1,b=2;pqr;p-q-r;pq",9.00,0.00,GBP,"1=x,2=y,a=1,b=2;pqr;p-q-r;pq"' "$TMP/out" &&
    ok || bad fixed-reads "$(cat "$TMP/out")"; }
# Three identical cases settled in one process give the same lines: a counter in an upvalue,
# a table replaced in an upvalue and an iterator kept from the top level start afresh.
run fixed-restored 0 -- test "$FIX/restored.lua" &&
  { grep -q '3 cases: 3 passed, 0 failed' "$TMP/out" && ok || bad fixed-restored "$(cat "$TMP/out")"; }
# The script runs once when the contract loads, in the currency its text seems to declare;
# when that is not it (a comment names EUR), or the text does not spell it out, it runs again
# in the one it declared, and money() at the top level is in it.
run fixed-currency-misguessed 0 -- settle "$FIX/currency-misguessed.lua" --period 2026-10 --outcomes tests/e2e/contracts/empty.csv --dry-run --format csv &&
  { grep -qx 'fixed,2026-10,fee,charge,Fee,100.00,0.00,GBP,Fixed monthly fee of 100.00 for 2026-10' "$TMP/out" &&
    grep -qx 'fixed,2026-10,plain,charge,Plain,2.50,0.00,GBP,Plain' "$TMP/out" && ok ||
    bad fixed-currency-misguessed "$(cat "$TMP/out")"; }
run fixed-currency-unwritten 0 -- settle "$FIX/currency-unwritten.lua" --period 2026-10 --outcomes tests/e2e/contracts/empty.csv --dry-run --format csv &&
  { grep -qx 'fixed,2026-10,base,charge,Base in GBP,40.00,0.00,GBP,Base in GBP' "$TMP/out" && ok ||
    bad fixed-currency-unwritten "$(cat "$TMP/out")"; }
