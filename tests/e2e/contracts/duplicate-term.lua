-- expect-exit: 3
-- expect-error: contracts/duplicate-term.lua:8: term "fee" is declared twice
contract { history = false,
  id = "dup", title = "Duplicate", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "fee" (function(ctx) end),
    term "fee" (function(ctx) end),
  },
}
