-- expect-exit: 5
-- expect-error: term "t": string.format: %p is not allowed in contract scripts
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "t" (function(ctx) return charge(1, string.format("%d\0%p", 1, {})) end),
  },
}
