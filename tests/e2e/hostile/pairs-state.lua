-- expect-exit: 5
-- expect-error: term "order": pairs: keys must be numbers, strings or booleans
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "order" (function(ctx) for k in pairs({ [{}] = 1 }) do end end),
  },
}
