-- expect-exit: 5
-- expect-error: term "reader": 'io' is not available in contract scripts
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "reader" (function(ctx) return io.open("/etc/passwd"):read("a") end),
  },
}
