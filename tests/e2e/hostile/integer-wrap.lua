-- expect-exit: 5
-- expect-error: integer -9223372036854775808 is out of range
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "wrap" (function(ctx) return charge(math.maxinteger + 1, "Wrapped") end),
  },
}
