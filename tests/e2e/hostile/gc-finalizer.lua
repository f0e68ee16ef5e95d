-- expect-exit: 5
-- expect-error: term "fin": setmetatable: __gc is not allowed in contract scripts
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "fin" (function(ctx) setmetatable({}, { __gc = function() while true do end end }) end),
  },
}
