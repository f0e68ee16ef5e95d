-- Term library tests: a band at the target itself credits the customer, but a value at the
-- target has met it: no shortfall.
contract {
  history = false,
  id = "at-target", title = "At target", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = { metric "availability" { unit = "%", target = 99.8, better = "higher", precision = 2 } },
  terms = {
    service_credit "credit" { metric = "availability", of = money "1000.00",
                              bands = { { at_or_below = 99.8, percent = 5 } } },
  },
}
