-- expect-exit: 3
-- expect-error: contracts/tiers-out-of-order.lua:8: term "usage": tiers out of order: tier 2 (up to 50) must end above 100
contract { history = false,
  id = "misuse", title = "Misuse", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = { metric "m" { unit = "%", target = 99, better = "higher" } },
  terms = {
    usage_fee "usage" { metric = "m", tiers = { { up_to = 100, price = money "1.00" },
      { up_to = 50, price = money "0.50" }, { price = money "0.10" } } },
  },
}
