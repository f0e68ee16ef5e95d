-- A table given a metatable at the top level and kept for the terms is refused when the
-- contract loads: its metatable would be a table every settlement could change.
local rates = setmetatable({}, { __index = function() return 5 end })
contract { id = "fixed", history = false, title = "Fixed", customer = "C", vendor = "V",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = { term "a" (function(ctx) return charge(rates.any, "a") end) } }
