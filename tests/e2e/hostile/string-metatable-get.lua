-- expect-exit: 5
-- expect-error: term "escape": attempt to index a nil value (field '__index')
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "escape" (function(ctx) return getmetatable("").__index.dump end),
  },
}
