-- expect-exit: 5
-- expect-error: term "flood": the term returned 1001 results; at most 1000 are allowed
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "flood" (function(ctx)
      local t = {}
      for i = 1, 1001 do t[i] = charge(1, "Line") end
      return t
    end),
  },
}
