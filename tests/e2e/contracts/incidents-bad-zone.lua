-- expect-exit: 3
-- expect-error: contract: 'time_zone' unknown time zone 'Europe/Lodnon' (expected an IANA name such as Europe/London or America/New_York, from the tzdata package)
contract { history = false,
  id = "zone", title = "t", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", time_zone = "Europe/Lodnon",
  incidents = { services = { "core" }, severities = { "P1" }, causes = { "vendor" } },
  metrics = {},
  terms = { term "fee" (function() return charge(1, "Fee") end) },
}
