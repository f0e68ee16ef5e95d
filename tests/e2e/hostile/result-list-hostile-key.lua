-- expect-exit: 5
-- expect-error: term "garbled": the term's list of results has the key '?[2J?[2J?[2J?[2J?[2J?[2J?[2J?[2J?[2J?[2J...', which is not a position
contract { history = false,
  id = "hostile", title = "Hostile script", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "garbled" (function(ctx)
      -- a key that would clear the terminal, a thousand times over: shown cut and escaped
      return { charge(money "100.00", "Fee"), [string.rep("\27[2J", 1000)] = credit(money "50.00", "Credit") }
    end),
  },
}
