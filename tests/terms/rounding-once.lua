-- Term library tests: a line is rounded once, from its exact amount. Products and quotients
-- that end are kept exact however many places they have, so no figure is rounded twice.
contract {
  history = false,
  id = "rounding-once", title = "Rounding once", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", rounding = "half-even",
  metrics = {
    metric "run_cost" { unit = "GBP", better = "lower", min = 0 },
  },
  terms = {
    gain_share "cost_share" {
      metric = "run_cost", baseline = money "120000.00", savings_percent = 30,
    },
    term "thirty_percent" (function(ctx)
      return charge(ctx.metrics.run_cost * 30 / 100, "30 % of the run cost")
    end),
  },
}
