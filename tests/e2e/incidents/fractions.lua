-- An incident log timed to fractions of a second (tests/e2e/inputs.sh). October 2026 in UTC,
-- 24x7: 744 hours, 2678400 seconds. F1 is down 1339.2 s, exactly 0.05 % of them: availability
-- 99.950000, on target. F2 adds half a second: 1339.7 s, 100 x 2677060.3 / 2678400 =
-- 99.949981332..., below 99.95, and the 5 % credit is due. Cut to whole seconds, F1 would be
-- 1339 s (99.950007) and F2 nothing.
local fee = money "10000.00"

contract {
  id = "fractions", title = "Fractions of a second", customer = "C", vendor = "V",
  currency = "GBP", cadence = "monthly", effective_from = "2026-10-01", history = false,
  time_zone = "UTC",
  service_hours = "24x7",
  incidents = { services = { "core" }, severities = { "P1" }, causes = { "vendor" } },
  metrics = {
    metric "availability" { unit = "%", precision = 6, target = 99.95, better = "higher",
      from_incidents = { measure = "availability", service = "core" } },
    metric "downtime" { unit = "minutes", precision = 4,
      from_incidents = { measure = "downtime_minutes", service = "core" } },
  },
  terms = {
    fixed_fee "fee" { amount = fee, description = "Service fee" },
    service_credit "availability_credit" {
      metric = "availability", of = fee, description = "Availability credit",
      bands = { { below = 99.95, percent = 5 } },
    },
  },
}
