# $OCE_LEDGER names one ledger wherever oce runs, so a relative one is refused by every
# command, before anything is made: set in one folder and used in another, it would make a
# second ledger there that numbers invoices from INV-000001 again. (Sourced by run.sh.)
mkdir -p "$TMP/env-rel/books" "$TMP/env-rel/elsewhere"
ENV_OCE=$(cd "$(dirname "$OCE")" && pwd)/$(basename "$OCE")
env_rel() { # NAME ARGS...: runs oce in $TMP/env-rel/elsewhere with OCE_LEDGER=oce.db
  local name=$1
  shift
  (cd "$TMP/env-rel/elsewhere" && OCE_LEDGER=oce.db "$ENV_OCE" "$@") >"$TMP/out" 2>"$TMP/err"
  local got=$?
  if [ "$got" != 2 ]; then bad "$name" "exit status $got, expected 2: $(cat "$TMP/err")"; return; fi
  expect_err "$name" "\$OCE_LEDGER is 'oce.db', a relative path; it names the one ledger"
}
env_rel ledger-env-relative-settle settle "$PWD/$WAN/contract.lua" --period 2026-01 \
  --outcomes "$PWD/$WAN/outcomes.csv"
env_rel ledger-env-relative-finalize finalize managed-wan --period 2026-01
env_rel ledger-env-relative-list ledger list
env_rel ledger-env-relative-init ledger init
[ -e "$TMP/env-rel/elsewhere/oce.db" ] && bad ledger-env-relative-made "a ledger was made" || ok
# --ledger with a relative path is the command line's own, and still works.
(cd "$TMP/env-rel/books" && OCE_LEDGER=oce.db "$ENV_OCE" ledger init --ledger here.db) >"$TMP/out" 2>"$TMP/err" &&
  [ -e "$TMP/env-rel/books/here.db" ] && ok || bad ledger-env-relative-ledger-option "$(cat "$TMP/err")"
