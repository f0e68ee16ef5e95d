-- A term that changes the declaration and params under the next term changes nothing:
-- each settlement runs the terms it started with, and each term sees its own copy of params.
-- expect-exit: 0
-- outcomes: empty.csv
local terms, params = {}, { rate = 5, nested = { x = 1 } }
terms[1] = term "a" (function(ctx) terms[2] = 5; params.rate = 7; ctx.params.nested.x = 99 end)
terms[2] = term "b" (function(ctx) return charge(ctx.params.rate * ctx.params.nested.x, "b") end)
contract { id="mut", history=false, title="t", customer="C", vendor="V", currency="GBP",
  cadence="monthly", effective_from="2026-01-01", metrics={}, params = params, terms = terms }
