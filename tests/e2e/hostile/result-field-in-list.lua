-- expect-exit: 5
-- expect-error: term "listed": result 2 (credit): unknown field 'note' (its fields are kind, amount, description, explanation and forgone)
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "listed" (function(ctx)
      return { charge(money "100.00", "Fee"),
               { kind = "credit", amount = money "5.00", description = "Credit", note = "why" } }
    end),
  },
}
