-- expect-exit: 5
-- expect-error: number 0.30000000000000004 has more than 9 decimal places
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "inexact" (function(ctx) return charge(0.1 + 0.2, "Float sum") end),
  },
}
