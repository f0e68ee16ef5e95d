-- expect-exit: 5
-- expect-error: term "inf": result 'amount': an infinite number cannot be an amount
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "inf" (function(ctx) return charge(1/0, "Infinite") end),
  },
}
