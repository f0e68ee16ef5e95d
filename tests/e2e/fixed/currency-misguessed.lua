-- The text seems to declare EUR (currency = "EUR", in this comment) but the contract is in
-- GBP: loading finds out, and a helper that checks its settings' currency still loads.
local fee = money("100.00", "GBP")
contract { id = "fixed", history = false, title = "Fixed", customer = "C", vendor = "V",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = { fixed_fee "fee" { amount = fee, description = "Fee" },
            term "plain" (function(ctx) return charge(money "2.50", "Plain") end) } }
