-- expect-exit: 5
-- expect-error: hostile/toplevel-budget.lua:9: instruction limit exceeded
-- options: --max-instructions 1000000
-- Top-level code of about 600 000 instructions: the script runs twice when it loads (for its
-- currency, then for its declaration), and both runs count in the budget of every settlement,
-- so each would fit alone but not together (tests/e2e/limits.sh settles it with a budget the
-- two fit in).
local n = 0
for i = 1, 300000 do n = n + i end
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = { term "fee" (function(ctx) return charge(money "1.00", "Fee") end) },
}
