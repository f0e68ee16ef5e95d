-- expect-exit: 5
-- expect-error: hostile/toplevel-budget.lua:14: term "fee": instruction limit exceeded
-- options: --max-instructions 1000000
-- Top-level code of about 600 000 instructions, which runs when the contract loads and counts
-- in the budget of every settlement, and a term of as many more: each would fit alone but not
-- together (tests/e2e/limits.sh settles it with a budget both fit in).
local n = 0
for i = 1, 300000 do n = n + i end
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = { term "fee" (function(ctx)
    local m = 0
    for i = 1, 300000 do m = m + i end
    return charge(money "1.00", "Fee")
  end) },
}
