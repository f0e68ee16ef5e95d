-- Megabyte strings made by concatenation and kept: each its own mapped block.
contract { history = false,
  id = "limits", title = "Memory bomb", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "hog" (function(ctx)
      local s, keep = string.rep("x", 1 << 20), {} while true do keep[#keep + 1] = s .. #keep end
    end),
  },
}
