-- expect-exit: 5
-- expect-error: contracts/not-a-line.lua:9: term "odd": the term returned something that is not a line: return charge(...), credit(...), bonus(...), share(...), shortfall(...) or limit { ... }, or a list of them
-- outcomes: misuse.csv
contract { history = false,
  id = "misuse", title = "Misuse", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = { metric "m" { unit = "%", target = 99, better = "higher" } },
  terms = {
    term "odd" (function(ctx)
      return { amount = 5 }
    end),
  },
}
