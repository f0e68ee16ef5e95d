-- Cases for tests/terms/history-midmonth.lua.
case "the first, half-covered month counts in the first contract year" {
  period = "2026-08",
  history = { ["2026-07"] = { tickets = "100" } },
  outcomes = { tickets = "10" },
  lines = { year_tickets = { "110.00", "2.00", "100.00" }, pair = { "55.00", "100.00" } },
}

case "too young for the mean: a 0.00 line" {
  period = "2026-07", outcomes = { tickets = "7" },
  lines = { year_tickets = { "7.00", "1.00", "7.00" } },
  net = "15.00",
}

case "July 2027 holds the anniversary: it starts in, and counts in, the first year" {
  period = "2027-07",
  history = { others = { tickets = "1" } },
  outcomes = { tickets = "5" },
  -- 2026-07 to 2027-06 are 12 months of 1, then July's 5; July ends the first year
  lines = { year_tickets = { "17.00", "13.00", "1.00" }, year_end = "1.00",
            pair = { "3.00", "1.00" } },
}

case "August 2027 starts the second contract year" {
  period = "2027-08",
  history = { others = { tickets = "1" } },
  outcomes = { tickets = "3" },
  lines = { year_tickets = { "3.00", "1.00", "3.00" }, pair = { "2.00", "1.00" } },
}

case "the contract's last month is a year end" {
  period = "2027-12",
  history = { others = { tickets = "1" } },
  outcomes = { tickets = "1" },
  lines = { year_tickets = { "5.00", "5.00", "1.00" }, year_end = "1.00", pair = { "1.00", "1.00" } },
}
