-- expect-exit: 3
-- expect-error: amendment "price review": 'split' must be "earlier"
-- An amendment refused part way names itself, from a name the reader still holds.
contract {
  id = "amended", title = "t", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = {},
  terms = { term "fee" (function() return charge(1, "Fee") end) },
  amendments = {
    amendment "price review" { effective_from = "2026-06-01", split = "sideways",
      terms = { term "fee" (function() return charge(2, "Fee") end) } },
  },
}
