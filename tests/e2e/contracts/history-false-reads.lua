-- expect-exit: 5
-- expect-error: term "annual_cap": ctx.history: the contract declares history = false, so its terms see no earlier period (leave history = false out for terms that look back)
contract { history = false,
  id = "nohist", title = "No history", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "credit" (function(ctx) return credit(100, "Credit") end),
    cap_per_year "annual_cap" { terms = { "credit" }, at_most = money "250.00" },
  },
}
