-- expect-exit: 5
-- expect-error: term "t": result 'description' must be text of 1 to 200 bytes (printable UTF-8)
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "t" (function(ctx) return charge(1, "a \xC0\xAF b") end),
  },
}
