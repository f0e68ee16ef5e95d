-- expect-exit: 5
-- expect-error: term "peek": unknown metric 'uptime'
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "peek" (function(ctx) return ctx.metrics.uptime end),
  },
}
