-- expect-exit: 5
-- expect-error: term "raise": error object is a nil value, not a message
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "raise" (function(ctx) error(nil) end),
  },
}
