case "on every threshold: at_or_below includes it, above and the free and grace allowances do not" {
  period = "2026-10",
  outcomes = { availability = "99.90", latency_ms = "50", p1_incidents = "2", days_late = "3" },
  lines = { availability_credit = "-500.00" },          -- 99.90 is at or below 99.9: 5 %
  shortfalls = { availability = "500.00" },
}

case "one past every threshold" {
  period = "2026-10",
  outcomes = { availability = "99.91", latency_ms = "51", p1_incidents = "3", days_late = "5" },
  lines = {
    latency_credit = "-200.00",    -- 51 ms is above 50: 2 % of 10000.00
    incident_credit = "-250.00",   -- 3 incidents, 1 beyond the 2 free
    late_credit = "-200.00",       -- 5 days late, 2 beyond 3 days' grace, at 100.00
  },
  credits = "-650.00",
  shortfalls = { latency_ms = "200.00", p1_incidents = "250.00", days_late = "200.00" },
}

case "the worst band, and every cap" {
  period = "2026-10",
  outcomes = { availability = "99.00", latency_ms = "150", p1_incidents = "10", days_late = "20" },
  lines = {
    availability_credit = "-1500.00",  -- 20 % is 2000.00, capped at 1500.00
    latency_credit = "-1000.00",       -- above 100: 10 %
    incident_credit = "-1000.00",      -- 8 incidents at 250.00 is 2000.00, capped
    late_credit = "-1000.00",          -- 17 days at 100.00 is 1700.00, capped
  },
  net = "-4500.00",
}

case "a helper's own cap is forgone too" {
  period = "2026-10",
  outcomes = { availability = "99.00", latency_ms = "10", p1_incidents = "10", days_late = "0" },
  lines = { availability_credit = "-1500.00", incident_credit = "-1000.00" },
  shortfalls = { availability = { amount = "1500.00", forgone = "500.00" },     -- 2000.00 capped
                 p1_incidents = { amount = "1000.00", forgone = "1000.00" } },  -- 2000.00 capped
}
