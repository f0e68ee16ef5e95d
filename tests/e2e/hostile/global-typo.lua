-- expect-exit: 5
-- expect-error: term "typo": unknown name 'chrage' (did you mean 'charge'?)
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "typo" (function(ctx) return chrage(1, "x") end),
  },
}
