-- Term library tests: fixed fees, prorated in a partial period and uplifted on anniversaries.
-- 3100.00 a month is 100.00 a day in a 31-day month, so the prorations are easy to check.
contract {
  history = false,
  id = "fees", title = "Fixed fees", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-10-16", effective_to = "2028-03-10",
  metrics = {},
  terms = {
    fixed_fee "fee" {
      amount = money "3100.00", description = "Service fee",
      uplifts = { { from = "2027-10-16", percent = 10 }, { from = "2028-10-16", percent = 5 } },
    },
    fixed_fee "licence" { amount = money "500.00", description = "Licence", prorate = false },
  },
}
