-- expect-exit: 3
-- expect-error: hostile/is-term-at-top-level.lua:4: is_term: the contract's terms are known only inside a term
-- top-level code must declare the same contract every time it runs, so it cannot ask
local with_fee = is_term("fee")
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "fee" (function(ctx) return charge(money "10.00", "Fee") end),
  },
}
