-- Term library tests: a KPI score of a third. Scores are rounded to two places as shown, so
-- the payout row is the one the shown score reaches.
contract {
  history = false,
  id = "scorecard-thirds", title = "Scorecard thirds", customer = "C", vendor = "V", currency = "GBP",
  cadence = "quarterly", effective_from = "2026-01-01",
  metrics = {
    metric "cost" { unit = "GBP", better = "lower", min = 0 },
    metric "fcr" { unit = "%", better = "higher", precision = 1, min = 0, max = 100 },
  },
  terms = {
    scorecard "sc" {
      pool = money "10000.00",
      kpis = { { metric = "cost", weight = 70, zero_at = 19.00, full_at = 15.00 },
               { metric = "fcr", weight = 30, zero_at = 65, full_at = 80 } },
      -- cost 16.60 scores 60 (x 0.70 = 42), fcr 70.0 scores 33 1/3 (x 0.30 = 10): exactly 52
      payout = { { at_least = 52, percent = 50 }, { percent = 0 } },
    },
  },
}
