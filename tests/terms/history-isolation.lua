-- A term cannot change what it sees of the history: ctx is shared by the terms of a
-- settlement, and every change is refused, so nothing reaches another term.
contract {
  id = "isolation", title = "Isolation", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = { metric "units" { unit = "units", precision = 0 } },
  terms = {
    term "units" (function(ctx) return charge(ctx.metrics.units, "Units") end),
    term "meddle" (function(ctx)
      local h = ctx.history
      if #h == 0 then
        return nil
      end
      local refused = 0
      for _, change in ipairs({ function() h[1].net = money(999) end,
                                function() h[1].lines[1].amount = money(999) end,
                                function() table.remove(h) end }) do
        if not pcall(change) then
          refused = refused + 1
        end
      end
      return charge(refused, "Changes refused")
    end),
    -- The net of the first month, the number of earlier months, and whether reading
    -- ctx.history twice gives the same table.
    term "probe" (function(ctx)
      local h = ctx.history
      if #h == 0 then
        return nil
      end
      return { charge(h[1].net + h[1].lines[1].amount, "First month's net and line"),
               charge(#h, "Earlier periods"), charge(h == ctx.history and 1 or 0, "Same table") }
    end),
  },
}
