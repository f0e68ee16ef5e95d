-- A terms list with a gap: the term after it would not be settled.
local t = { fixed_fee "fee" { amount = money "1000.00", description = "Fee" } }
t[3] = fixed_fee "fee2" { amount = money "500.00", description = "Fee 2" }
contract { history = false,
  id = "h", title = "H", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = t,
}
