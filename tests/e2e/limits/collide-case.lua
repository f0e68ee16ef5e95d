-- A term that inserts colliding integer keys in 2026-11 only: the table's rehash is one VM
-- instruction that runs for seconds in C, where the count hook never runs.
contract { history = false,
  id = "collide", title = "Colliding keys", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "collide" (function(ctx)
      if ctx.period.id == "2026-11" then
        local M, t = 131071, {}
        for i = 1, 131000 do t[i * M] = true end
      end
      return charge(money "100.00", "Fee")
    end),
  },
}
