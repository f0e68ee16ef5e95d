-- expect-exit: 3
-- expect-error: contracts/bands-out-of-order.lua:8: term "credit": bands out of order: band 2 (below 99.95) must be lower than band 1 (below 99.5)
contract { history = false,
  id = "bands", title = "Bands", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = { metric "availability" { unit = "%", target = 99.95, better = "higher" } },
  terms = {
    service_credit "credit" {
      metric = "availability", of = money "100.00",
      bands = { { below = 99.50, percent = 10 }, { below = 99.95, percent = 5 } },
    },
  },
}
