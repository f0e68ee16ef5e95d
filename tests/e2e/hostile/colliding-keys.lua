-- expect-exit: 5
-- expect-error: term "collide": time limit exceeded
-- options: --timeout 1000
-- Inserting integer keys that all fall in one hash slot makes the table's rehash one VM
-- instruction that runs for seconds in C, where the count hook never runs; the watchdog
-- ends it (tests/e2e/limits.sh checks how soon).
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "collide" (function(ctx)
      local M, t = 131071, {}
      for i = 1, 131000 do t[i * M] = true end
    end),
  },
}
