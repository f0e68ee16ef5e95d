# --- Loading and settling made cheaper, with what they do unchanged (sourced by run.sh).
PERF=tests/e2e/perf
# A table reached through several fields, a list and itself is fixed once: each path reads
# it (3 * 4 = 12), pairs visits the keys in order, and a write through a cycle is refused.
run perf-shared-reads 0 -- settle "$PERF/shared.lua" --period 2026-10 --outcomes tests/e2e/contracts/empty.csv --dry-run --format csv &&
  { grep -qx 'fixed,2026-10,reads,charge,"1,2,5,other;s",12.00,0.00,GBP,"1,2,5,other;s"' "$TMP/out" && ok ||
    bad perf-shared-reads "$(cat "$TMP/out")"; }
run perf-shared-write 5 -- settle "$PERF/shared-write.lua" --period 2026-10 --outcomes tests/e2e/contracts/empty.csv --dry-run &&
  expect_err perf-shared-write "$PERF/shared-write.lua:14: term \"writes\": cannot change field 'rate' of a table made when the contract loaded"
