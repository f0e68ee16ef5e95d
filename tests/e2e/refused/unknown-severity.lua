-- expect-exit: 3
-- expect-error: metric "p1_incidents": 'severity' is "P7", which incidents { ... } does not declare
-- A derived metric naming a severity the contract does not declare is refused.
contract { history = false,
  id = "severity", title = "t", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", time_zone = "Europe/London",
  incidents = { services = { "core" }, severities = { "P1" }, causes = { "vendor" } },
  metrics = {
    metric "p1_incidents" { unit = "count",
      from_incidents = { measure = "incidents", service = "core", severity = "P7" } },
  },
  terms = { term "fee" (function() return charge(1, "Fee") end) },
}
