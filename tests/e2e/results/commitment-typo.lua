-- minimum_commitment names a term that does not exist.
contract { history = false,
  id = "commitment", title = "Commitment", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "storage_usage" (function(ctx) return charge(money "10.00", "Storage") end),
    minimum_commitment "commitment" { terms = { "storage_usgae" }, at_least = money "50.00" },
  },
}
