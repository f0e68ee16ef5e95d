-- expect-exit: 5
-- expect-error: term "odd": the term returned something that is not a line
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "odd" (function(ctx) return { kind = "refund", amount = 1 } end),
  },
}
