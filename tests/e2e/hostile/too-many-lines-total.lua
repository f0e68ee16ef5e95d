-- expect-exit: 5
-- expect-error: term "t11": the settlement has more than 10000 lines
local lines = {}
for i = 1, 1000 do lines[i] = credit(money("0.03"), "c") end
local terms = {}
for i = 1, 11 do terms[i] = term("t" .. i)(function() return lines end) end
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = terms,
}
