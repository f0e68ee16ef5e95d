-- A term that changes the params it was declared with is refused.
local params = { rate = 5 }
contract { id = "fixed", history = false, title = "Fixed", customer = "C", vendor = "V",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  params = params,
  terms = { term "a" (function(ctx) params.rate = 7 end),
            term "b" (function(ctx) return charge(ctx.params.rate, "b") end) } }
