-- expect-exit: 5
-- expect-error: term "nan": result 'amount': not a number (NaN) cannot be an amount
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "nan" (function(ctx) return charge(0/0, "Not a number") end),
  },
}
