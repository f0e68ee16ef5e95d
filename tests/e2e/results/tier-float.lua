-- A number deep in a helper's settings: the first tier ends at 0.1 + 0.2, which plain
-- numbers compute as 0.30000000000000004.
contract { history = false,
  id = "tiers", title = "Tiers", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = { metric "storage_tb" { unit = "TB", better = "lower" } },
  terms = {
    usage_fee "storage" {
      metric = "storage_tb",
      tiers = { { up_to = 0.1 + 0.2, price = money "20.00" }, { price = money "15.00" } },
    },
  },
}
