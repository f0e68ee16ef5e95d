-- ctx is shared by the terms of a settlement, and fixed: a term cannot change it for the next.
contract { id = "fixed", history = false, title = "Fixed", customer = "C", vendor = "V",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  params = { nested = { x = 1 } },
  terms = { term "a" (function(ctx) ctx.params.nested.x = 99 end),
            term "b" (function(ctx) return charge(ctx.params.nested.x, "b") end) } }
