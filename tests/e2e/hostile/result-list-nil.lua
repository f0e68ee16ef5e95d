-- expect-exit: 5
-- expect-error: term "nil_first": the term's list of results has a gap: no result at 1, but one at 2
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "nil_first" (function(ctx)
      local bonus_line -- never set: a nil in the list literal
      return { bonus_line, credit(money "50.00", "Service credit") }
    end),
  },
}
