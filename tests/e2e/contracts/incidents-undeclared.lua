-- expect-exit: 3
-- expect-error: incidents-undeclared.lua:6: metric "availability": it is derived from the incident log, but the contract declares no incidents { services = ..., severities = ..., causes = ... }
contract { history = false,
  id = "undeclared", title = "t", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = { metric "availability" { unit = "%", precision = 2,
                                      from_incidents = { measure = "availability" } } },
  terms = { term "fee" (function() return charge(1, "Fee") end) },
}
