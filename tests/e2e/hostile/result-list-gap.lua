-- expect-exit: 5
-- expect-error: hostile/result-list-gap.lua:7: term "gap": the term's list of results has a gap: no result at 2, but one at 3 (a nil in a list leaves a gap, and what comes after it would be lost)
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "gap" (function(ctx)
      local l = {}; l[1] = charge(money "100.00", "fee"); l[3] = credit(money "50.00", "credit"); return l
    end),
  },
}
