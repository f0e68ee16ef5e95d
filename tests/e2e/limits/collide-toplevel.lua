-- Colliding integer keys in the script's top-level code, which runs when it is loaded.
local M, t = 131071, {}
for i = 1, 131000 do t[i * M] = true end
contract { history = false,
  id = "collide", title = "Colliding keys", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = { term "fee" (function(ctx) return charge(money "100.00", "Fee") end) },
}
