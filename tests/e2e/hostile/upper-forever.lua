-- expect-exit: 5
-- expect-error: term "t": time limit exceeded
-- options: --timeout 300 --max-instructions 1000000000000
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "t" (function(ctx) local s = string.rep("x", 1 << 20) s = s .. s .. s .. s .. s .. s .. s .. s while true do local u = s:upper() end end),
  },
}
