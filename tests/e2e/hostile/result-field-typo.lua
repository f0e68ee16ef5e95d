-- expect-exit: 5
-- expect-error: hostile/result-field-typo.lua:7: term "typo": charge: unknown field 'explanaton' (did you mean 'explanation'?)
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "typo" (function(ctx)
      return { kind = "charge", amount = money "100.00", description = "Fee", explanaton = "100.00 a month" }
    end),
  },
}
