-- expect-exit: 5
-- expect-error: term "t": invalid value (nil) at index 1 in table for 'concat'
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "t" (function(ctx) table.concat(setmetatable({}, { __index = table.concat }), "", 1, math.maxinteger) end),
  },
}
