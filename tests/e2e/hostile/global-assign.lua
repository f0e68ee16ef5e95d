-- expect-exit: 5
-- expect-error: term "leak": assignment to global 'total': declare it with local
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "leak" (function(ctx) total = 1 end),
  },
}
