-- expect-exit: 5
-- expect-error: term "ctl": result 'description' must be text of 1 to 200 bytes
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "ctl" (function(ctx) return charge(1, "bell\7") end),
  },
}
