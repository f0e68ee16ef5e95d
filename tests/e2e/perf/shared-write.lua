-- shared.lua, with a term that writes to the shared table through a list and its cycle.
local shared = { rate = 3, name = "s" }
shared.self = shared
local a = { shared, shared, [5] = shared, other = { shared } }
contract { id = "fixed", history = false, title = "Fixed", customer = "C", vendor = "V",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "reads" (function(ctx)
      local n = a[1].rate + a[2].self.rate + a[5].self.self.rate + a.other[1].rate
      local keys = {}
      for k in pairs(a) do keys[#keys + 1] = tostring(k) end
      return charge(n, table.concat(keys, ",") .. ";" .. a.other[1].self.name)
    end),
    term "writes" (function(ctx) a.other[1].self.rate = 4; return charge(0, "never") end),
  } }
