-- A term that changes what it sees of the history changes nothing another term sees.
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
      h[1].net = money(999)
      h[1].lines[1].amount = money(999)
      table.remove(h)
      return charge(#h, "Earlier periods left after removing one")
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
