-- A sum of amounts that binary floating point gets wrong: 0.1 + 0.2 is exactly 0.30.
-- expect-exit: 0
-- outcomes: empty.csv
contract { history = false,
  id = "sum", title = "Exact sums", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "tenth" (function(ctx) return charge(0.1, "A tenth") end),
    term "fifth" (function(ctx) return charge(money("0.2"), "A fifth") end),
    term "check" (function(ctx)
      local sum = ctx.lines[1].amount + ctx.lines[2].amount
      assert(sum == money("0.3"), "0.1 + 0.2 is not 0.3")
      assert(money(0.1) + money(0.2) == money("0.30"), "literals are not exact")
      return charge(sum, "Sum of the above", "0.1 + 0.2 = " .. sum)
    end),
    term "third" (function(ctx)
      return credit(money("100.00") / 3, "A third of 100.00", "100.00 / 3 = " .. money("100.00") / 3)
    end),
  },
}
