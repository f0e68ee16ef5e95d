-- expect-exit: 5
-- expect-error: term "t": table.insert changes plain tables only, not one with a metatable
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "t" (function(ctx) table.insert(setmetatable({}, { __len = function() return 1 << 62 end }), 1, 0) end),
  },
}
