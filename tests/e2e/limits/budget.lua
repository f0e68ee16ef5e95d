-- Top-level code of about 600 000 instructions, which runs when the contract loads and counts
-- in the budget of each settlement, and a term of as many more.
local n = 0
for i = 1, 300000 do n = n + i end
contract { history = false,
  id = "budget", title = "Busy top level", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = { term "fee" (function(ctx)
    local m = 0
    for i = 1, 300000 do m = m + i end
    return charge(money "1.00", "Fee")
  end) },
}
