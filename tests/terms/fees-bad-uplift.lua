-- An uplift must fall on an anniversary of the contract.
contract {
  history = false,
  id = "bad-uplift", title = "Bad uplift", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    fixed_fee "fee" { amount = money "1000.00", description = "Fee",
                      uplifts = { { from = "2027-03-01", percent = 3 } } },
  },
}
