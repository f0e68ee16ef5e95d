-- expect-exit: 5
-- expect-error: term "t": too many results to unpack
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "t" (function(ctx) table.unpack({}, 1, math.maxinteger) end),
  },
}
