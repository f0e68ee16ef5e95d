-- expect-exit: 5
-- expect-error: term "euro": result 'amount' is in EUR but the contract is in GBP
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "euro" (function(ctx) return charge(money("10.00", "EUR"), "Euro fee") end),
  },
}
