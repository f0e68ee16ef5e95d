case "just above the computed threshold: the milder band" {
  period = "2026-10", outcomes = { availability = "99.31", csat = "8.6" },
  lines = { availability_credit = "-500.00", csat_bonus = "0.00" },
  shortfalls = { availability = "500.00" },
}

case "at the computed threshold: below excludes it" {
  period = "2026-10", outcomes = { availability = "99.30", csat = "8.7" },
  lines = { availability_credit = "-500.00", csat_bonus = "500.00" },   -- 8.7 is at least 8.7
  shortfalls = { availability = "500.00" },
}

case "below the computed thresholds" {
  period = "2026-10", outcomes = { availability = "99.29", csat = "9.0" },
  lines = { availability_credit = "-1000.00", csat_bonus = "500.00" },
  shortfalls = { availability = "1000.00" },
}

case "below 98.75, the third band" {
  period = "2026-10", outcomes = { availability = "98.74", csat = "7.0" },
  lines = { availability_credit = "-2500.00", csat_bonus = "0.00" },
  shortfalls = { availability = { amount = "2500.00" } },
}
