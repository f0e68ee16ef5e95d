-- Of several misspelt fields, the first in byte order is named, whatever the table layout.
-- expect-exit: 3
-- expect-error: contracts/many-unknown-fields.lua:4: contract: unknown field 'alpha'
contract { history = false,
  id = "fields", title = "Fields", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  echo = 1, delta = 2, charlie = 3, alpha = 4, bravo = 5,
  terms = { term "fee" (function() return charge(1, "fee") end) },
}
