# End-to-end cases for reading what a contract declares and what its terms return: oce check
# refuses what settle would refuse, so a contract that passes check does not fail on the
# first period. Sourced by run.sh with its helpers; fixtures in tests/e2e/results/.
R=tests/e2e/results

# A term a cap, floor, commitment or earn-back names must be a term declared before it:
# check says so, with the name meant, and settle refuses the contract the same way.
run results-check-cap-typo 3 -- check tests/e2e/contracts/cap-unknown-term.lua &&
  expect_err results-check-cap-typo "cap-unknown-term.lua:8: term \"cap\": 'credt' is not a term declared before this one (did you mean 'credit'?)"
run results-check-earn-back-typo 3 -- check tests/e2e/contracts/earn-back-term-typo.lua &&
  expect_err results-check-earn-back-typo "earn-back-term-typo.lua:14: term \"back\": 'availability_credt' is not a term declared before this one (did you mean 'availability_credit'?)"
run results-check-cap-per-year-typo 3 -- check $R/cap-per-year-typo.lua &&
  expect_err results-check-cap-per-year-typo "cap-per-year-typo.lua:8: term \"annual_cap\": 'restore_credti' is not a term declared before this one (did you mean 'restore_credit'?)"
run results-check-commitment-typo 3 -- check $R/commitment-typo.lua &&
  expect_err results-check-commitment-typo "commitment-typo.lua:7: term \"commitment\": 'storage_usgae' is not a term declared before this one (did you mean 'storage_usage'?)"
run results-check-floor-later 3 -- check $R/floor-later-term.lua &&
  expect_err results-check-floor-later "floor-later-term.lua:6: term \"minimum\": 'usage' is not a term declared before this one (it comes after it, and a term sees only the lines of the terms before it)"
# Each version's terms are checked against that version's own.
run results-check-amendment-cap 3 -- check $R/amendment-cap-typo.lua &&
  expect_err results-check-amendment-cap "amendment-cap-typo.lua:14: term \"cap\": 'credit' is not a term declared before this one"
run results-settle-cap-typo 3 -- settle $R/cap-per-year-typo.lua --period 2026-01 --outcomes tests/e2e/contracts/empty.csv &&
  expect_err results-settle-cap-typo "'restore_credti' is not a term declared before this one (did you mean 'restore_credit'?)"

# A threshold computed with plain numbers is inexact (99.9 - 0.6 is 99.30000000000001):
# check refuses it, as settle would; so with any number a helper is given.
run results-check-band-float 3 -- check $R/band-float.lua &&
  expect_err results-check-band-float "band-float.lua:8: term \"availability_credit\": 'bands[2].below': number 99.30000000000001 has more than 9 decimal places; it is probably the inexact result of arithmetic on plain numbers: compute with money() values instead, or decimal() for a plain number, as in decimal(target) - 0.6"
run results-check-tier-float 3 -- check $R/tier-float.lua &&
  expect_err results-check-tier-float "tier-float.lua:8: term \"storage\": 'tiers[1].up_to': number 0.30000000000000004 has more than 9 decimal places"
run results-check-restore-float 3 -- check $R/restore-float.lua &&
  expect_err results-check-restore-float "restore-float.lua:8: term \"restore_credit\": 'beyond': number 3.9999999999999996 has more than 9 decimal places"

# decimal(target) - 0.6 is exactly 99.3, and a threshold: 99.20 is below it (10 %), 99.30 is
# not (5 %, below 99.9), and the explanation shows it to the metric's 2 places.
if run results-check-band-decimal 0 -- check $R/band-decimal.lua; then
  grep -q ': valid contract$' "$TMP/out" && ok || bad results-check-band-decimal "$(cat "$TMP/out")"
fi
if run results-band-decimal-below 0 -- settle $R/band-decimal.lua --period 2026-10 --outcomes $R/band-99.20.csv --format csv; then
  grep -qxF 'band,2026-10,availability_credit,credit,Service credit for availability,-10.00,0.00,GBP,10 % of 100.00 because availability 99.20 < 99.30' "$TMP/out" &&
    ok || bad results-band-decimal-below "$(cat "$TMP/out")"
fi
if run results-band-decimal-at 0 -- settle $R/band-decimal.lua --period 2026-10 --outcomes $R/band-99.30.csv --format csv; then
  grep -qxF 'band,2026-10,availability_credit,credit,Service credit for availability,-5.00,0.00,GBP,5 % of 100.00 because availability 99.30 < 99.90' "$TMP/out" &&
    ok || bad results-band-decimal-at "$(cat "$TMP/out")"
fi
