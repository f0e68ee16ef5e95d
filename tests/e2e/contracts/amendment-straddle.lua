-- expect-exit: 4
-- expect-error: amendment-straddle.lua:8: period 2026-10 straddles amendment "new fee", effective 2026-10-15: the amendment must say how to settle it, with split = "earlier" (by the version before it) or split = "later" (by the amendment)
contract { history = false,
  id = "straddle", title = "Straddle", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = { term "fee" (function() return charge(100, "Fee") end) },
  amendments = {
    amendment "new fee" {
      effective_from = "2026-10-15",
      terms = { term "fee" (function() return charge(120, "Fee") end) },
    },
  },
}
