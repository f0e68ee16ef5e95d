-- Term library tests: each line is rounded once by the contract's rule, here down.
contract {
  history = false,
  id = "rounding-down", title = "Rounding", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", rounding = "down", metrics = {},
  terms = {
    term "odd_half" (function() return charge(money "2297.835", "An odd half") end),
    term "even_half" (function() return charge(money "2297.825", "An even half") end),
    term "credit_half" (function() return credit(money "2.345", "A credit's half") end),
  },
}
