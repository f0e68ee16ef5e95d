-- Term library tests: banded gain-share below a baseline and banded pain-share above a
-- separate target, each capped.
contract {
  history = false,
  id = "shares", title = "Shares", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = {
    metric "run_cost" { unit = "GBP", target = "110000.00", better = "lower", min = 0 },
  },
  terms = {
    gain_share "cost_share" {
      metric = "run_cost", baseline = money "100000.00", target = money "110000.00",
      savings_bands = { { up_to = money "20000.00", percent = 50 }, { percent = 30 } },
      overrun_bands = { { up_to = money "10000.00", percent = 20 }, { percent = 40 } },
      savings_cap = money "15000.00", overrun_cap = money "5000.00",
    },
  },
}
