-- expect-exit: 5
-- expect-error: term "cap": limit: unknown field 'at_mots' (did you mean 'at_most'?)
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "fee" (function(ctx) return charge(money "100.00", "Fee") end),
    term "cap" (function(ctx)
      return limit { terms = { "fee" }, at_least = money "10.00", at_mots = money "50.00", description = "Collar" }
    end),
  },
}
