-- expect-exit: 5
-- expect-error: term "neg": a charge amount cannot be negative
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "neg" (function(ctx) return charge(-5, "Negative") end),
  },
}
