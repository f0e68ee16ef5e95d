-- expect-exit: 5
-- expect-error: term "slow": time limit exceeded
-- options: --timeout 100 --max-instructions 100000000000
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "slow" (function(ctx) while true do end end),
  },
}
