-- expect-exit: 3
-- expect-error: amendment-nothing.lua:8: amendment "empty" changes nothing: give it 'metrics', 'terms' or 'params'
contract { history = false,
  id = "nothing", title = "Nothing", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = { term "fee" (function() return charge(100, "Fee") end) },
  amendments = {
    amendment "empty" { effective_from = "2026-06-01" },
  },
}
