-- Term library tests: a minimum commitment, a collar on a group of credits, and a cap on the
-- net. Usage is charged at 10.00 a unit; the two credits are given as amounts.
contract {
  history = false,
  id = "limits", title = "Limits", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = {
    metric "units" { unit = "units", min = 0 },
    metric "credit_a" { unit = "GBP", min = 0 },
    metric "credit_b" { unit = "GBP", min = 0 },
  },
  terms = {
    term "usage" (function(ctx)
      return charge(money "10.00" * ctx.metrics.units, "Usage",
        ctx.metrics.units .. " units at 10.00")
    end),
    minimum_commitment "commitment" { terms = { "usage" }, at_least = money "1000.00" },
    term "credit_a" (function(ctx) return credit(ctx.metrics.credit_a, "Credit A") end),
    term "credit_b" (function(ctx) return credit(ctx.metrics.credit_b, "Credit B") end),
    collar_terms "credit_collar" {
      terms = { "credit_a", "credit_b" }, at_least = money "100.00", at_most = money "500.00",
      description = "Credits between 100.00 and 500.00",
    },
    cap_net "net_cap" { at_most = money "1000.00", description = "The net is at most 1000.00" },
  },
}
