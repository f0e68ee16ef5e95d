-- expect-exit: 3
-- expect-error: contract: maintenance[1]: a weekly window is { every = "sunday", from = "02:00", to = "04:00" }
contract { history = false,
  id = "window", title = "t", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", time_zone = "Europe/London",
  maintenance = { { every = "sundy", from = "02:00", to = "04:00" } },
  incidents = { services = { "core" }, severities = { "P1" }, causes = { "vendor" } },
  metrics = {},
  terms = { term "fee" (function() return charge(1, "Fee") end) },
}
