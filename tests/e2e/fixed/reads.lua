-- What the script made when it loaded reads as it did: fields, #, ipairs, pairs (in key
-- order), rawget, rawlen, table.concat and table.unpack; a line made then can be returned,
-- and a limit can name its terms from a list made then.
local t = { b = 2, a = 1, [1] = "x", [2] = "y" }
local list = { "p", "q", "r" }
local fee = charge(money "100.00", "Fee")
local capped = { "credit" }
contract { id = "fixed", history = false, title = "Fixed", customer = "C", vendor = "V",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "fee" (function(ctx) return fee end),
    term "credit" (function(ctx) return credit(money "40.00", "Credit") end),
    term "cap" (function(ctx) return limit { terms = capped, at_most = money "10.00", description = "Cap" } end),
    term "reads" (function(ctx)
      local keys = {}
      for k, v in pairs(t) do keys[#keys + 1] = tostring(k) .. "=" .. tostring(v) end
      local ip = {}
      for i, v in ipairs(list) do ip[i] = v end
      local a, b = table.unpack(list, 1, 2)
      return charge(#list + rawlen(list) + t.a + rawget(t, "b"),
        table.concat(keys, ",") .. ";" .. table.concat(ip) .. ";" .. table.concat(list, "-") .. ";" .. a .. b)
    end),
  } }
