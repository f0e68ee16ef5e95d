-- Term library tests: thresholds computed from a target. Plain-number arithmetic is binary
-- (99.9 - 0.6 is 99.30000000000001, refused when the contract is read); decimal arithmetic is
-- exact, so decimal(target) - 0.6 is a threshold of exactly 99.3.
local target = 99.9
contract {
  history = false,
  id = "decimal-thresholds", title = "Decimal thresholds", customer = "C", vendor = "V",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01",
  metrics = {
    metric "availability" { unit = "%", target = target, better = "higher", precision = 2 },
    metric "csat" { unit = "score", target = 8, better = "higher", precision = 1 },
  },
  terms = {
    service_credit "availability_credit" {
      metric = "availability", of = money "10000.00",
      bands = {
        { below = target, percent = 5 },
        { below = decimal(target) - 0.6, percent = 10 },
        { below = decimal(target) - decimal "1.15", percent = 25 },
      },
    },
    threshold_bonus "csat_bonus" {
      metric = "csat", at_least = decimal(8) + 0.7, amount = money "500.00",
    },
  },
}
