-- A month whose every hour is in a maintenance window has no service time: availability of
-- it is refused, naming the metric and the incident log.
contract { history = false,
  id = "no-hours", title = "t", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", time_zone = "Europe/London",
  maintenance = {
    { every = "monday", from = "00:00", to = "24:00" }, { every = "tuesday", from = "00:00", to = "24:00" },
    { every = "wednesday", from = "00:00", to = "24:00" }, { every = "thursday", from = "00:00", to = "24:00" },
    { every = "friday", from = "00:00", to = "24:00" }, { every = "saturday", from = "00:00", to = "24:00" },
    { every = "sunday", from = "00:00", to = "24:00" },
  },
  incidents = { services = { "core" }, severities = { "P1" }, causes = { "vendor" } },
  metrics = {
    metric "availability" { unit = "%", precision = 2, from_incidents = { measure = "availability" } },
  },
  terms = { term "fee" (function() return charge(1, "Fee") end) },
}
