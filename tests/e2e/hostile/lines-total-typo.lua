-- expect-exit: 5
-- expect-error: hostile/lines-total-typo.lua:11: term "repay": lines_total: 'credt' is not a term of the contract (did you mean 'credit'?)
contract {
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-10-01", metrics = {},
  terms = {
    term "credit" (function(ctx) return credit(money "10.00", "Credit") end),
    -- a misspelt name once totalled nothing, silently: it names no term and gave no line,
    -- and oce check cannot see it, as the names are known only when the term runs
    term "repay" (function(ctx)
      return charge(lines_total(ctx.history, { "credt" }):abs(), "Credits repaid")
    end),
  },
}
