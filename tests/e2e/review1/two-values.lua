-- A term that returns two values rather than a list of two: the second would be lost.
contract { history = false,
  id = "h", title = "H", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "t" (function(ctx) return charge(money "100.00", "fee"), credit(money "50.00", "credit") end),
  },
}
