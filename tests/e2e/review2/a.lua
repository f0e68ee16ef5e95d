-- A term that holds some 35 MiB at once (300 000 small tables): within the default limit of
-- 64 MiB, and so in every contract of one oce test run.
contract { history = false,
  id = "memory_a", title = "Memory in turn", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = { term "fee" (function(ctx)
    local t = {} for i = 1, 300000 do t[i] = { i } end
    return charge(money "1.00", "Fee, after " .. #t .. " tables")
  end) },
}
