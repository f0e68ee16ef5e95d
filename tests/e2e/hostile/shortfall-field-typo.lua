-- expect-exit: 5
-- expect-error: term "missed": shortfall: unknown field 'explantion' (did you mean 'explanation'?)
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "missed" (function(ctx)
      return { kind = "shortfall", metric = "availability", explantion = "99.1 missed 99.9" }
    end),
  },
}
