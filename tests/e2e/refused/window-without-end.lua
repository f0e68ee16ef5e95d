-- expect-exit: 3
-- expect-error: maintenance[1]: 'to' must be a string, got nil
-- A weekly maintenance window with no end is refused, and its day and start are not lost.
contract { history = false,
  id = "window", title = "t", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", time_zone = "Europe/London",
  maintenance = { { every = "sunday", from = "02:00" } },
  incidents = { services = { "core" }, severities = { "P1" }, causes = { "vendor" } },
  metrics = {},
  terms = { term "fee" (function() return charge(1, "Fee") end) },
}
