-- expect-exit: 3
-- expect-error: term "back": 'metric': unknown metric 'availabilty' (did you mean 'availability'?)
-- outcomes: earn-back.csv
contract {
  id = "eb", title = "Earn-back", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-10-01",
  metrics = { metric "availability" { unit = "%", target = 99.9, better = "higher" } },
  terms = {
    fixed_fee "fee" { amount = money "100.00", description = "Fee" },
    service_credit "availability_credit" {
      metric = "availability", of = money "100.00", description = "Credit",
      bands = { { below = 99.9, percent = 10 } },
    },
    earn_back "back" { term = "availability_credit", metric = "availabilty", periods = 3 },
  },
}
