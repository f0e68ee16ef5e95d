-- expect-exit: 5
-- expect-error: term "escape": attempt to call a nil value (field 'dump')
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "escape" (function(ctx) return ("").dump(tostring) end),
  },
}
