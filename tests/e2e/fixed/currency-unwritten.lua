-- A currency the text does not spell out: money() at the top level is still in it.
local code = "GB" .. "P"
local base = money "40.00"
contract { id = "fixed", history = false, title = "Fixed", customer = "C", vendor = "V",
  currency = code, cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = { term "base" (function(ctx) return charge(base, "Base in " .. base:currency()) end) } }
