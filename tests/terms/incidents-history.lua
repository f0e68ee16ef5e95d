-- A contract that looks back and measures nothing: a case for November takes October's
-- derived metrics from the same incident log, with no outcomes and no history to give.
contract {
  id = "incidents", title = "t", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-10-01", time_zone = "Europe/London",
  incidents = { services = { "core", "edge" }, severities = { "P1", "P2" },
                causes = { "vendor", "customer", "force_majeure" } },
  metrics = { metric "a" { unit = "%", precision = 2, from_incidents = { measure = "availability" } } },
  terms = { term "fee" (function(ctx) return charge(#ctx.history, "Fee") end) },
}
