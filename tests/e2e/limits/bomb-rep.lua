-- Small strings from string.rep and concatenation: malloc rounds each up and adds a header.
contract { history = false,
  id = "limits", title = "Memory bomb", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "hog" (function(ctx)
      local keep = {} for i = 1, 1e9 do keep[i] = string.rep("y", 100) .. i end
    end),
  },
}
