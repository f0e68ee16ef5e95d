-- Term library tests: service credits by attainment (inclusive and exclusive thresholds,
-- both directions, a cap), per-incident and late-delivery credits.
local fee = money "10000.00"
contract {
  history = false,
  id = "credits", title = "Credits", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = {
    metric "availability" { unit = "%", target = 99.95, better = "higher", precision = 2 },
    metric "latency_ms" { unit = "ms", target = 50, better = "lower", precision = 0 },
    metric "p1_incidents" { unit = "incidents", target = 0, better = "lower", precision = 0 },
    metric "days_late" { unit = "days", target = 0, better = "lower", precision = 0 },
  },
  terms = {
    service_credit "availability_credit" {
      metric = "availability", of = fee, cap = money "1500.00",
      bands = { { at_or_below = 99.9, percent = 5 }, { at_or_below = 99.0, percent = 20 } },
    },
    service_credit "latency_credit" {
      metric = "latency_ms", of = fee,
      bands = { { above = 50, percent = 2 }, { above = 100, percent = 10 } },
    },
    per_incident_credit "incident_credit" {
      metric = "p1_incidents", each = money "250.00", free = 2, cap = money "1000.00",
    },
    late_delivery_credit "late_credit" {
      metric = "days_late", each = money "100.00", grace = 3, cap = money "1000.00",
    },
  },
}
