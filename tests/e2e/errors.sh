# Context added to an error once it is set keeps the root cause and says where it is.
# (Sourced by run.sh.)
run errors-derived-context 4 -- settle tests/e2e/errors/no-service-hours.lua --period 2026-10 \
  --incidents tests/e2e/errors/empty-log.csv --dry-run &&
  expect_err errors-derived-context 'empty-log.csv: metric "availability": availability of all services: the period has no service hours'
