-- expect-exit: 3
-- expect-error: contract: unknown currency 'GPB' (expected an ISO 4217 code such as GBP)
contract { history = false,
  id = "cur", title = "Currency", customer = "C", vendor = "V", currency = "GPB",
  cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = { term "t" (function(ctx) end) },
}
