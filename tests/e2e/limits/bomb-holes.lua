-- Small tables dropped, then big strings: the freed blocks stay resident as holes.
contract { history = false,
  id = "limits", title = "Memory bomb", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "hog" (function(ctx)
      local t = {} for i = 1, 300000 do t[i] = {i} end t = nil local keep, s = {}, string.rep("z", 1 << 20) for i = 1, 1e9 do keep[i] = s .. i end
    end),
  },
}
