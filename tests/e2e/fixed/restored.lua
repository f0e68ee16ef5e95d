-- State kept in upvalues starts every settlement as the contract loaded it: a counter, a
-- table replaced rather than changed, and an iterator made at the top level. oce test
-- settles the cases of restored.tests.lua one after another in one process, and each must
-- see what the first sees.
local settled = 0
local box = { n = 0 }
local next_key = pairs({ a = 1, b = 2, c = 3 })
local weights = { a = 1, b = 2, c = 3 }
contract { id = "fixed", history = false, title = "Fixed", customer = "C", vendor = "V",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "count" (function(ctx) settled = settled + 1; return charge(settled, "Settlements so far") end),
    term "box" (function(ctx) box = { n = box.n + 1 }; return charge(box.n, "Box") end),
    term "iterator" (function(ctx) return charge(weights[next_key()], "First key") end),
  } }
