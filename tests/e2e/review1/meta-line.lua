-- A term that returns a line behind a metatable: read raw, the table is an empty list.
contract { history = false,
  id = "h", title = "H", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "t" (function(ctx) return setmetatable({}, { __index = charge(money "100.00", "fee") }) end),
  },
}
