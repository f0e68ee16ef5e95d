-- expect-exit: 5
-- expect-error: term "weak": setmetatable: __mode is not allowed in contract scripts
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "weak" (function(ctx) setmetatable({}, { __mode = "k" }) end),
  },
}
