-- A string doubled until memory runs out: one block of 2^k bytes after another.
contract { history = false,
  id = "limits", title = "Memory bomb", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "hog" (function(ctx)
      local s = "xy" while true do s = s .. s end
    end),
  },
}
