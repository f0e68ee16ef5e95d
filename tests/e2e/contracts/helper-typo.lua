-- expect-exit: 3
-- expect-error: contracts/helper-typo.lua:8: term "bonus": unknown setting 'at_leat' (did you mean 'at_least'?)
contract { history = false,
  id = "misuse", title = "Misuse", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = { metric "m" { unit = "%", target = 99, better = "higher" } },
  terms = {
    threshold_bonus "bonus" { metric = "m", at_leat = 99, amount = money "1.00" },
  },
}
