-- Cases for tests/terms/history.lua. A month at the target, and one 0.4 below it (a credit of
-- 10 % of 1000.00 = 100.00).
local good = { uptime = "99.95" }
local bad = { uptime = "99.50" }

case "the first month sees no history: nothing to earn back, too young for the mean" {
  period = "2026-07", outcomes = bad,
  lines = { fee = "1000.00", uptime_credit = "-100.00" },
  net = "900.00",
}

case "the calendar cap trims September to what is left of 250.00" {
  period = "2026-09", history = { others = bad }, outcomes = bad,  -- 100 + 100 used
  lines = { fee = "1000.00", uptime_credit = "-50.00" },
  shortfalls = { uptime = { amount = "50.00", forgone = "50.00" } },
}

case "once the calendar cap is used, a credit is forgone in full" {
  period = "2026-10", history = { others = bad }, outcomes = bad,
  lines = { fee = "1000.00" },
  net = "1000.00",
  shortfalls = { uptime = { amount = "0.00", forgone = "100.00" } },
}

case "January: the calendar year starts afresh, the contract year does not" {
  period = "2027-01", history = { others = bad }, outcomes = bad,
  -- calendar 2027: 250.00 left; contract year from July 2026: 250.00 used of 300.00
  lines = { fee = "1000.00", uptime_credit = "-50.00" },
  shortfalls = { uptime = { amount = "50.00", forgone = "50.00" } },
}

case "a credit is half earned back after two months at target" {
  period = "2026-09", history = { ["2026-07"] = bad, ["2026-08"] = good }, outcomes = good,
  lines = { fee = "1000.00", earn_back = "50.00" },
  net = "1050.00", shortfalls = {},
}

case "exactly on the target counts as met for the earn-back" {
  period = "2026-09", history = { ["2026-07"] = bad, ["2026-08"] = { uptime = "99.90" } },
  outcomes = { uptime = "99.90" },
  lines = { fee = "1000.00", earn_back = "50.00" },
}

case "a miss in between loses the earn-back" {
  period = "2026-09", history = { ["2026-07"] = bad, ["2026-08"] = { uptime = "99.89" } },
  outcomes = good,
  lines = { fee = "1000.00" },
  net = "1000.00",
}

case "a miss in the month itself loses the earn-back" {
  period = "2026-09", history = { ["2026-07"] = bad, ["2026-08"] = good }, outcomes = bad,
  lines = { fee = "1000.00", uptime_credit = "-100.00" },
  net = "900.00",
}

case "what is earned back is the credit after caps" {
  period = "2026-12", history = { others = bad, ["2026-11"] = good }, outcomes = good,
  -- October's credit was capped to 0.00: nothing to earn back
  lines = { fee = "1000.00" },
  net = "1000.00",
}

case "the rolling mean of three months reaches 99.95 exactly" {
  period = "2026-09", history = { ["2026-07"] = { uptime = "99.99" }, ["2026-08"] = { uptime = "99.91" } },
  outcomes = good,                     -- (99.99 + 99.91 + 99.95) / 3 = 99.95
  lines = { fee = "1000.00", rolling_bonus = "10.00" },
  net = "1010.00",
}

case "the rolling mean just below" {
  period = "2026-09", history = { ["2026-07"] = { uptime = "99.99" }, ["2026-08"] = { uptime = "99.90" } },
  outcomes = good,                     -- 299.84 / 3 = 99.946666667
  lines = { fee = "1000.00" },
}

case "year to date: the calendar year's tickets, months without a count left out" {
  period = "2026-09",
  history = { ["2026-07"] = { uptime = "99.95", tickets = "3" }, ["2026-08"] = good },
  outcomes = { uptime = "99.95", tickets = "5" },
  lines = { fee = "1000.00", rolling_bonus = "10.00", ticket_count = { "8.00", "2.00" } },
}

case "year to date restarts with the calendar year" {
  period = "2027-01",
  history = { others = { uptime = "99.95", tickets = "4" } },
  outcomes = { uptime = "99.95", tickets = "1" },
  lines = { fee = "1000.00", rolling_bonus = "10.00", ticket_count = { "1.00", "1.00" } },
}
