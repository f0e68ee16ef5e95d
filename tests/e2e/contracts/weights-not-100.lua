-- expect-exit: 3
-- expect-error: contracts/weights-not-100.lua:8: term "card": the KPI weights add up to 90 %, not 100 %
contract { history = false,
  id = "misuse", title = "Misuse", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = { metric "m" { unit = "%", target = 99, better = "higher" } },
  terms = {
    scorecard "card" { pool = money "100.00", payout = { { percent = 0 } },
      kpis = { { metric = "m", weight = 60, zero_at = 90, full_at = 99 },
               { metric = "m", weight = 30, zero_at = 90, full_at = 99 } } },
  },
}
