-- expect-exit: 5
-- expect-error: term "raise": AAAAAAAAAA
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "raise" (function(ctx) error(string.rep("A", 1000000)) end),
  },
}
