-- Term library tests: a limit on terms bounds lines of one kind; a group that mixes a charge
-- and a credit is refused, pointing to the limits on the net.
contract {
  history = false,
  id = "mixed-group", title = "Mixed group", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    fixed_fee "fee" { amount = money "100000.00", description = "Fee" },
    term "malus" (function() return credit(money "10000.00", "Malus") end),
    floor_terms "floor" { terms = { "fee", "malus" }, at_least = money "95000.00" },
  },
}
