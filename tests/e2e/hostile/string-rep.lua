-- expect-exit: 5
-- expect-error: term "rep": string.rep: result would exceed
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "rep" (function(ctx) return string.rep("", 1e9) end),
  },
}
