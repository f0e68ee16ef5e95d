-- Term library tests: a floor and then a collar on the net.
contract {
  history = false,
  id = "net-floor", title = "Net floor", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = {
    metric "penalty" { unit = "GBP", min = 0 },
    metric "extra" { unit = "GBP", min = 0, required = false },
  },
  terms = {
    fixed_fee "fee" { amount = money "100.00", description = "Fee" },
    term "penalty" (function(ctx) return credit(ctx.metrics.penalty, "Penalty") end),
    term "extra" (function(ctx) return bonus(ctx.metrics.extra or 0, "Extra") end),
    floor_net "minimum" { at_least = money "40.00" },
    collar_net "band" { at_least = money "0.00", at_most = money "80.00" },
  },
}
