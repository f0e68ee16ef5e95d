-- A term cannot change the lines before it as the next term sees them.
contract { id = "fixed", history = false, title = "Fixed", customer = "C", vendor = "V",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = { term "a" (function(ctx) return charge(money "1.00", "a") end),
            term "b" (function(ctx) ctx.lines[1].amount = money "5.00" end) } }
