-- Not only bands: any number a helper is given must be exact. 4.1 - 0.1 is 3.9999999999999996.
local hours = 4.1
contract { history = false,
  id = "restore", title = "Restore", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = { metric "p1_restore_hours" { unit = "hours", target = 4, better = "lower" } },
  terms = {
    credit_per_unit "restore_credit" {
      metric = "p1_restore_hours", beyond = hours - 0.1, each = money "100.00",
    },
  },
}
