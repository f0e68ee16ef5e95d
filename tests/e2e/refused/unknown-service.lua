-- expect-exit: 3
-- expect-error: metric "availability": 'service' is "edge", which incidents { ... } does not declare
-- A derived metric naming a service the contract does not declare is refused, and nothing
-- read on the way is lost.
contract { history = false,
  id = "service", title = "t", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", time_zone = "Europe/London",
  incidents = { services = { "core" }, severities = { "P1" }, causes = { "vendor" } },
  metrics = {
    metric "availability" { unit = "%", precision = 2,
      from_incidents = { measure = "availability", service = "edge" } },
  },
  terms = { term "fee" (function() return charge(1, "Fee") end) },
}
