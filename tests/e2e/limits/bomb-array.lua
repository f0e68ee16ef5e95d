-- One table whose array part doubles: realloc holds the old block and the new one.
contract { history = false,
  id = "limits", title = "Memory bomb", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "hog" (function(ctx)
      local t = {} for i = 1, 1e9 do t[i] = i end
    end),
  },
}
