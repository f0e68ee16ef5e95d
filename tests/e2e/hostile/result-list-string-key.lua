-- expect-exit: 5
-- expect-error: term "keyed": the term's list of results has the key 'total', which is not a position: a list holds its results at 1, 2, 3, ... and nothing else
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "keyed" (function(ctx)
      return { charge(money "100.00", "Fee"), total = credit(money "50.00", "Credit") }
    end),
  },
}
