-- expect-exit: 3
-- expect-error: contracts/field-typo.lua:4: contract: unknown field 'efective_from' (did you mean 'effective_from'?)
local fee = money "100.00"
contract { history = false,
  id = "typo", title = "Typo", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", efective_from = "2026-01-01", metrics = {},
  terms = { fixed_fee "fee" { amount = fee, description = "Fee" } },
}
