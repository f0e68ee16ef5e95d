-- expect-exit: 5
-- expect-error: term "hog": memory limit exceeded
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "hog" (function(ctx)
      local keep = {}
      while true do
        pcall(function() local s = "xy" while true do s = s .. s; keep[#keep + 1] = s end end)
      end
    end),
  },
}
