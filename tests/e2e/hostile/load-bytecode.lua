-- expect-exit: 5
-- expect-error: term "loader": 'load' is not available in contract scripts
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "loader" (function(ctx) return load("\27Lua\84\0", "x", "b")() end),
  },
}
