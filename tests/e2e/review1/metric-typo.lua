-- A service credit whose metric is misspelt: check said valid, settle refused it.
contract { history = false,
  id = "h", title = "H", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = { metric "availability" { unit = "%", target = 99.9, better = "higher" },
              metric "cost" { unit = "GBP", target = "100.00", better = "lower" } },
  terms = {
    fixed_fee "fee" { amount = money "1000.00", description = "Fee" },
    service_credit "credit" { metric = "availability", of = money "1000.00", bands = { { below = 99.9, percent = 5 } } },
    service_credit "c2" { metric = "availabilty", of = money "1000.00", bands = { { below = 99.9, percent = 5 } } },
  },
}
