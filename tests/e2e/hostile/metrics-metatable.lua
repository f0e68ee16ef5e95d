-- expect-exit: 5
-- expect-error: term "t": metatable nil
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "t" (function(ctx) error("metatable " .. tostring(getmetatable(ctx.metrics)), 0) end),
  },
}
