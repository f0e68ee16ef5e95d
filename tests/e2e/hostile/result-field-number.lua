-- expect-exit: 5
-- expect-error: term "numbered": charge: unknown field 1 (its fields are kind, amount, description, explanation and forgone)
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "numbered" (function(ctx)
      return { kind = "charge", amount = money "100.00", description = "Fee", "a stray value" }
    end),
  },
}
