-- A contract is a schedule of terms, not a database: more than 1000 terms is refused.
-- expect-exit: 3
-- expect-error: contracts/too-many-terms.lua:6: contract: 1001 terms; a contract has at most 1000
local terms = {}
for i = 1, 1001 do terms[i] = term("t" .. i)(function() end) end
contract { history = false,
  id = "many", title = "Many", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", metrics = {}, terms = terms,
}
