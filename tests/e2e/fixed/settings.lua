-- A term cannot change a helper's settings, which the helper checked when the contract loaded.
local fee = { amount = money "100.00", description = "Fee" }
contract { id = "fixed", history = false, title = "Fixed", customer = "C", vendor = "V",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = { fixed_fee "fee" (fee),
            term "b" (function(ctx) fee.amount = money "-5.00" end) } }
