-- A cap whose list of terms has a key that is not a position: check passed, settle refused.
contract { history = false,
  id = "h", title = "H", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = { metric "availability" { unit = "%", target = 99.9, better = "higher" },
              metric "cost" { unit = "GBP", target = "100.00", better = "lower" } },
  terms = {
    fixed_fee "fee" { amount = money "1000.00", description = "Fee" },
    service_credit "credit" { metric = "availability", of = money "1000.00", bands = { { below = 99.9, percent = 5 } } },
    cap_terms "cap" { terms = { "credit", x = "fee" }, at_most = money "5.00" },
  },
}
