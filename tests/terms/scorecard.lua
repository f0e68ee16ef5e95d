-- Term library tests: a weighted scorecard paying a bonus or a malus out of a pool.
contract {
  history = false,
  id = "scorecard", title = "Scorecard", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = {
    metric "fcr" { unit = "%", target = 75, better = "higher", precision = 1 },
    metric "cost_per_ticket" { unit = "GBP", target = "12.00", better = "lower" },
    metric "csat" { unit = "score", target = 8, better = "higher", precision = 1, required = false },
  },
  terms = {
    scorecard "scorecard" {
      pool = money "10000.00",
      kpis = {
        { metric = "fcr", weight = 50, zero_at = 60, full_at = 80 },
        { metric = "cost_per_ticket", weight = 30, zero_at = 15, full_at = 11 },
        { metric = "csat", weight = 20, zero_at = 6, full_at = 9 },
      },
      payout = {
        { at_least = 80, percent = 100 },
        { at_least = 60, percent = 50 },
        { at_least = 40, percent = 0 },
        { at_least = 20, percent = -50 },
        { percent = -100 },
      },
    },
  },
}
