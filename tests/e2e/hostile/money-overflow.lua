-- expect-exit: 5
-- expect-error: term "big": amount too large
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "big" (function(ctx) return charge(money("999999999999999999999999999") + 1, "Too big") end),
  },
}
