-- expect-exit: 5
-- expect-error: term "cap": limit: 'terms' has a gap: no name at 2, but one at 3
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "fee" (function(ctx) return charge(money "100.00", "Fee") end),
    term "extra" (function(ctx) return charge(money "100.00", "Extra") end),
    term "cap" (function(ctx)
      local skipped
      return limit { terms = { "fee", skipped, "extra" }, at_most = money "50.00", description = "Cap" }
    end),
  },
}
