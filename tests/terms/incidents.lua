-- Pins metrics derived from an incident log, on the October figures of tests/unit/test_derive.c:
-- Europe/London, 24x7 but Sundays 02:00 to 04:00, customer and force majeure outages excluded.
local fee = money "10000.00"

contract {
  id = "incidents", title = "Incident-derived metrics", customer = "C", vendor = "V",
  currency = "GBP", cadence = "monthly", effective_from = "2026-10-01", history = false,
  time_zone = "Europe/London",
  service_hours = "24x7",
  maintenance = { { every = "sunday", from = "02:00", to = "04:00" } },
  incidents = {
    services = { "core", "edge" },
    severities = { "P1", "P2" },
    causes = { "vendor", "customer", "force_majeure" },
    excluded_causes = { "customer", "force_majeure" },
  },
  metrics = {
    metric "core_availability" { unit = "%", precision = 2, target = 99.95, better = "higher",
      from_incidents = { measure = "availability", service = "core" } },
    metric "availability" { unit = "%", precision = 3,
      from_incidents = { measure = "availability" } },
    metric "core_downtime" { unit = "minutes", precision = 1,
      from_incidents = { measure = "downtime_minutes", service = "core" } },
    metric "excluded" { unit = "minutes", precision = 0,
      from_incidents = { measure = "excluded_minutes", service = "core" } },
    metric "p1_incidents" { unit = "incidents",
      from_incidents = { measure = "incidents", severity = "P1" } },
    metric "p2_worst_restore" { unit = "hours", precision = 1,
      from_incidents = { measure = "worst_restore_hours", severity = "P2" } },
    metric "p2_mean_restore" { unit = "hours", precision = 2,
      from_incidents = { measure = "mean_restore_hours", severity = "P2" } },
    metric "p2_breaches" { unit = "incidents",
      from_incidents = { measure = "restore_breaches", severity = "P2", within_hours = 1 } },
  },
  terms = {
    fixed_fee "fee" { amount = fee, description = "Service fee" },
    service_credit "availability_credit" {
      metric = "core_availability", of = fee, description = "Availability credit",
      bands = { { below = 99.95, percent = 5 }, { below = 99.5, percent = 10 } },
    },
  },
}
