-- expect-exit: 5
-- expect-error: hostile/limit-unknown-term.lua:9: term "cap": limit: 'credt' is not a term declared before this one (did you mean 'credit'?)
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "credit" (function(ctx) return credit(money "10.00", "Credit") end),
    -- names a term's own function gives limit are known only when it runs: settle refuses
    term "cap" (function(ctx)
      return limit { terms = { "credt" }, at_most = money "5.00", description = "Cap" }
    end),
  },
}
