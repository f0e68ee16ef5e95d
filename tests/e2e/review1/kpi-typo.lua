-- A scorecard KPI whose metric is misspelt.
contract { history = false,
  id = "h", title = "H", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = { metric "availability" { unit = "%", target = 99.9, better = "higher" },
              metric "cost" { unit = "GBP", target = "100.00", better = "lower" } },
  terms = {
    fixed_fee "fee" { amount = money "1000.00", description = "Fee" },
    service_credit "credit" { metric = "availability", of = money "1000.00", bands = { { below = 99.9, percent = 5 } } },
    scorecard "sc" { pool = money "100.00", kpis = { { metric = "availability", weight = 50, zero_at = 99, full_at = 99.9 }, { metric = "cst", weight = 50, zero_at = 1, full_at = 5 } }, payout = { { at_least = 0, percent = 0 } } },
  },
}
