-- expect-exit: 5
-- expect-error: term "fraction": the term's list of results has the key 1.5, which is not a position
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "fraction" (function(ctx)
      return { charge(money "100.00", "Fee"), [1.5] = credit(money "50.00", "Credit") }
    end),
  },
}
