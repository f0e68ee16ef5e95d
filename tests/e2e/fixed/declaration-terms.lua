-- A term that changes the contract's list of terms under the next term is refused.
local terms = {}
terms[1] = term "a" (function(ctx) terms[2] = 5 end)
terms[2] = term "b" (function(ctx) return charge(money "1.00", "b") end)
contract { id = "fixed", history = false, title = "Fixed", customer = "C", vendor = "V",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = terms }
