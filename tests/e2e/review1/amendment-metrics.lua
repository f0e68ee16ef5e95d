-- An amendment renames a metric and keeps the terms that read the old name.
contract { history = false,
  id = "h", title = "H", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = { metric "availability" { unit = "%", target = 99.9, better = "higher" } },
  terms = {
    service_credit "credit" { metric = "availability", of = money "1000.00", bands = { { below = 99.9, percent = 5 } } },
  },
  amendments = {
    amendment "renamed" { effective_from = "2026-07-01",
      metrics = { metric "uptime" { unit = "%", target = 99.9, better = "higher" } } },
  },
}
