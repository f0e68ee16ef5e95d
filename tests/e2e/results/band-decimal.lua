-- The same threshold computed with decimal(): exactly 99.3.
local target = 99.9
contract { history = false,
  id = "band", title = "Band", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = { metric "availability" { unit = "%", target = target, better = "higher", precision = 2 } },
  terms = {
    service_credit "availability_credit" {
      metric = "availability", of = money "100.00",
      bands = { { below = target, percent = 5 }, { below = decimal(target) - 0.6, percent = 10 } },
    },
  },
}
