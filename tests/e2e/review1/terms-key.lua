-- A term under a key of the terms list that is not a position: it would not be settled.
contract { history = false,
  id = "h", title = "H", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    fixed_fee "fee" { amount = money "1000.00", description = "Fee" },
    extra = fixed_fee "fee2" { amount = money "500.00", description = "Fee 2" },
  },
}
