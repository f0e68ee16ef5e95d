-- expect-exit: 5
-- expect-error: term "hog": memory limit exceeded
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "hog" (function(ctx)
      local t = {}
      for i = 1, 1e9 do t[i] = string.rep("x", 1000) .. i end
    end),
  },
}
