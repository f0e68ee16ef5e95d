-- expect-exit: 5
-- expect-error: term "deep": stack overflow
-- options: --max-memory 128
-- Lua's deepest stack and its call records take about 70 MiB of process memory, more than
-- the default limit bounds the process to (with it the same script stops for memory).
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "deep" (function(ctx) local function f(n) return f(n + 1) + 1 end return f(1) end),
  },
}
