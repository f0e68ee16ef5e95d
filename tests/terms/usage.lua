-- Term library tests: usage pricing by graduated and volume tiers, and by packages.
local tiers = {
  { up_to = 100, price = money "2.00" },
  { up_to = 500, price = money "1.50" },
  { price = money "1.00" },
}
contract {
  history = false,
  id = "usage", title = "Usage", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = {
    metric "storage" { unit = "TB", min = 0 },
    metric "requests" { unit = "requests", min = 0, precision = 0 },
    metric "egress" { unit = "GB", min = 0 },
    metric "seats" { unit = "seats", min = 0, precision = 0, required = false },
  },
  terms = {
    usage_fee "storage_fee" { metric = "storage", pricing = "graduated", tiers = tiers },
    usage_fee "request_fee" { metric = "requests", pricing = "volume", tiers = tiers },
    package_fee "egress_fee" { metric = "egress", size = 100, price = money "25.00" },
    usage_fee "seat_fee" { metric = "seats", tiers = { { up_to = 50, price = money "10.00" } } },
  },
}
