case "the services come to less than the floor: a charge makes up the difference" {
  period = "2026-10", outcomes = { hosting = "300.00", support = "120.50", latency_ms = "99" },
  lines = { hosting = "300.00", support = "120.50", minimum_charge = "79.50" },
  net = "500.00",
}

case "over the floor: nothing added; latency exactly 100 is at or above 100" {
  period = "2026-10", outcomes = { hosting = "400.00", support = "150.00", latency_ms = "100" },
  lines = { hosting = "400.00", support = "150.00", latency_credit = "-50.00" },
  shortfalls = {},                                -- 100 is the target itself: met
}

case "latency exactly 200 is the 10 % band" {
  period = "2026-10", outcomes = { hosting = "400.00", support = "150.00", latency_ms = "200" },
  lines = { hosting = "400.00", support = "150.00", latency_credit = "-100.00" },
  shortfalls = { latency_ms = "100.00" },
}
