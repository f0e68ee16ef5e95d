-- expect-exit: 5
-- expect-error: hostile/sort-inconsistent-order.lua:9: term "sort": invalid order function for sorting
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "sort" (function(ctx)
      local fees = { money "30.00", money "10.00", money "20.00" }
      table.sort(fees, function(a, b) return true end)
      return charge(fees[1], "First fee")
    end),
  },
}
