-- Term library tests: a floor on a group of charges (two services together pay at least
-- 500.00), and a service credit whose thresholds include the value (at_or_above).
contract {
  history = false,
  id = "floor-terms", title = "Floor on terms", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = {
    metric "hosting" { unit = "GBP", min = 0 },
    metric "support" { unit = "GBP", min = 0 },
    metric "latency_ms" { unit = "ms", target = 100, better = "lower", precision = 0 },
  },
  terms = {
    term "hosting" (function(ctx) return charge(ctx.metrics.hosting, "Hosting") end),
    term "support" (function(ctx) return charge(ctx.metrics.support, "Support") end),
    floor_terms "minimum_charge" {
      terms = { "hosting", "support" }, at_least = money "500.00",
      description = "Minimum monthly charge",
    },
    service_credit "latency_credit" {
      metric = "latency_ms", of = money "1000.00",
      bands = { { at_or_above = 100, percent = 5 }, { at_or_above = 200, percent = 10 } },
    },
  },
}
