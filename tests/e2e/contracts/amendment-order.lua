-- expect-exit: 3
-- expect-error: amendment-order.lua:8: amendment "early": 'effective_from' must come after the contract's effective_from and the amendment before it, and not after effective_to
contract { history = false,
  id = "order", title = "Order", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = { term "fee" (function() return charge(100, "Fee") end) },
  amendments = {
    amendment "early" {
      effective_from = "2025-12-01",
      terms = { term "fee" (function() return charge(120, "Fee") end) },
    },
  },
}
