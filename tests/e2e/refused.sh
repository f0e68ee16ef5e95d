# Contracts refused as they load (sourced by run.sh): each file in refused/ names the exit
# status and the error that `oce check` and `oce settle` must give. Under SANITIZE=1 these
# also prove that a contract refused part way leaks nothing and reads no dead buffer.
for f in tests/e2e/refused/*.lua; do
  name=refused-$(basename "$f" .lua)
  run "$name-check" "$(header "$f" expect-exit)" -- check "$f" &&
    expect_err "$name-check" "$(header "$f" expect-error)"
  run "$name-settle" "$(header "$f" expect-exit)" -- settle "$f" --period 2026-10 \
    --outcomes tests/e2e/contracts/empty.csv --dry-run &&
    expect_err "$name-settle" "$(header "$f" expect-error)"
done
