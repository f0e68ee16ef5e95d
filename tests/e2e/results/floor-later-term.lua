-- floor_terms names a term that comes after it: a limit sees only the terms before it.
contract { history = false,
  id = "floor-later", title = "Floor", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    floor_terms "minimum" { terms = { "usage" }, at_least = money "50.00" },
    term "usage" (function(ctx) return charge(money "10.00", "Usage") end),
  },
}
