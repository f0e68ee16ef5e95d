-- expect-exit: 5
-- expect-error: term "mix": mixed currencies
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "mix" (function(ctx) return charge(money("10.00") + money("1.00", "EUR"), "Mixed") end),
  },
}
