-- expect-exit: 5
-- expect-error: hostile/sort-forever.lua:10: term "sort": instruction limit exceeded
-- options: --max-instructions 1000000 --max-memory 64
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "sort" (function(ctx)
      local t = {} for i = 1, 100000 do t[i] = i * 7919 % 100003 end
      table.sort(t)
    end),
  },
}
