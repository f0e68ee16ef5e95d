-- table.insert into a table made when the contract loaded is refused, as assignment is.
local seen = {}
contract { id = "fixed", history = false, title = "Fixed", customer = "C", vendor = "V",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = { term "a" (function(ctx) table.insert(seen, 1); return charge(#seen, "a") end) } }
