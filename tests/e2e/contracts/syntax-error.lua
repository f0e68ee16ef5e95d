-- expect-exit: 3
-- expect-error: contracts/syntax-error.lua:6: '}' expected (to close '{' at line 3) near 'terms'
contract { history = false,
  id = "broken", title = "Broken", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", metrics = {}
  terms = {},
}
