case "two site credits collared to 150.00: each shortfall is its own site's share" {
  period = "2026-10", outcomes = { a = "99.00", b = "98.00" },
  lines = { fee = "1000.00", site_credits = { "-75.00", "-75.00" } },
  shortfalls = { a = { amount = "75.00", forgone = "25.00" },
                 b = { amount = "75.00", forgone = "25.00" } },
  net = "850.00",
}

case "no site misses: the term produces no line, so the collar's floor adds nothing" {
  period = "2026-10", outcomes = { a = "99.95", b = "99.90" },
  lines = { fee = "1000.00" },
  net = "1000.00",
  shortfalls = {},
}
