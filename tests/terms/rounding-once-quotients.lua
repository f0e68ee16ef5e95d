-- Term library tests: helpers that divide round the exact quotient once. Each figure here has
-- a quotient that does not end and lies within a billionth of a rounding boundary, so a
-- quotient rounded to 9 places first would land on the other side of it.
contract {
  history = false,
  id = "rounding-once-quotients", title = "Quotients rounded once", customer = "C", vendor = "V",
  currency = "GBP", cadence = "monthly", effective_from = "2026-10-31", rounding = "half-even",
  metrics = {
    metric "calls" { unit = "calls", required = false },
    metric "late_hours" { unit = "hours", required = false },
    metric "cost_score" { unit = "points", required = false },
  },
  terms = {
    -- one day of 31: 3100.464999999 / 31 = 100.01499999996..., just below the half penny
    fixed_fee "fee" { amount = money "3100.464999999", description = "Service fee" },
    package_fee "packs" { metric = "calls", size = 3, price = money "10.00" },
    credit_per_unit "late" { metric = "late_hours", beyond = 0, per = 3, each = money "1.00" },
    scorecard "score" {
      pool = money "1000.00",
      kpis = { { metric = "cost_score", weight = 100, zero_at = 0, full_at = 3000000 } },
      payout = { { at_least = 10.02, percent = 100 }, { percent = 0 } },
    },
  },
}
