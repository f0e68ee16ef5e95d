-- Top-level code of about 600 000 instructions, which runs twice when the contract loads; both
-- runs count in the budget of each settlement.
local n = 0
for i = 1, 300000 do n = n + i end
contract { history = false,
  id = "budget", title = "Busy top level", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = { term "fee" (function(ctx) return charge(money "1.00", "Fee") end) },
}
