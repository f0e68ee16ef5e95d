-- expect-exit: 3
-- expect-error: contracts/wrong-currency.lua:8: term "fee": 'amount' is 100.00 in EUR, but the contract is in GBP
contract { history = false,
  id = "misuse", title = "Misuse", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = { metric "m" { unit = "%", target = 99, better = "higher" } },
  terms = {
    fixed_fee "fee" { amount = money("100.00", "EUR"), description = "Fee" },
  },
}
