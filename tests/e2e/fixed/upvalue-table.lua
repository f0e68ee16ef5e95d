-- A table the script made at its top level is the same for every settlement: fixed.
local seen = {}
contract { id = "fixed", history = false, title = "Fixed", customer = "C", vendor = "V",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = { term "a" (function(ctx) seen[#seen + 1] = 1; return charge(#seen, "a") end) } }
