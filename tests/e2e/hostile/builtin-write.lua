-- expect-exit: 5
-- expect-error: term "poke": cannot assign to a field of a built-in table
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "poke" (function(ctx) math.floor = nil end),
  },
}
