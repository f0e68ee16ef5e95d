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
