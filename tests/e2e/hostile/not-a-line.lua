-- expect-exit: 5
-- expect-error: term "num": the term returned a number; return a line, a list of lines, or nothing
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "num" (function(ctx) return 42 end),
  },
}
