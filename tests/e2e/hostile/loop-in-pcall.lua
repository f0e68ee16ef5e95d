-- expect-exit: 5
-- expect-error: term "spin": instruction limit exceeded
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "spin" (function(ctx)
      while true do pcall(function() while true do end end) end
    end),
  },
}
