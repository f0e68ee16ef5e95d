-- expect-exit: 3
-- expect-error: contracts/percent-over-100.lua:8: term "credit": band 1: 'percent' must be a number from 0 to 100
contract { history = false,
  id = "misuse", title = "Misuse", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = { metric "m" { unit = "%", target = 99, better = "higher" } },
  terms = {
    service_credit "credit" { metric = "m", of = money "100.00",
      bands = { { below = 99, percent = 150 } } },
  },
}
