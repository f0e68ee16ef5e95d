-- expect-exit: 3
-- expect-error: cap-unknown-term.lua:8: term "cap": 'credt' is not a term declared before this one (did you mean 'credit'?)
contract { history = false,
  id = "cap", title = "Cap", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "credit" (function(ctx) return credit(10, "Credit") end),
    cap_terms "cap" { terms = { "credt" }, at_most = 5 },
  },
}
