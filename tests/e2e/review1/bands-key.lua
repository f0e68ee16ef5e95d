-- A band under a key that is not a position: the 25 % band would be skipped.
contract { history = false,
  id = "h", title = "H", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = { metric "availability" { unit = "%", target = 99.95, better = "higher" } },
  terms = {
    service_credit "credit" { metric = "availability", of = money "1000.00", bands = { { below = 99.95, percent = 5 }, { below = 99.5, percent = 10 }, x = { below = 99.0, percent = 25 } } },
  },
}
