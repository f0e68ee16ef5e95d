-- Cases for tests/terms/amendments.lua.
local fine = { uptime = "99.99" }

case "March: the 2026 agreement" {
  period = "2026-03", history = { others = fine }, outcomes = { uptime = "99.80" },
  lines = { fee = "1000.00", uptime_credit = "-100.00" },
  net = "900.00",
}

case "April: the price review's fee and credit" {
  period = "2026-04", history = { others = fine }, outcomes = { uptime = "99.80" },
  lines = { fee = "1100.00", uptime_credit = "-110.00" },
  net = "990.00",
}

case "July, which the merger falls inside, is settled by the merger (split = later)" {
  period = "2026-07", history = { others = fine }, outcomes = { uptime = "99.92", sites = "12" },
  -- 99.92 meets the old 99.90 but not the merger's 99.95
  lines = { fee = "1500.00", site_fee = "120.00", uptime_credit = "-150.00" },
  net = "1470.00",
}

case "the merger's metrics: sites is required from July" {
  period = "2026-08", history = { others = { uptime = "99.99", sites = "1" } },
  outcomes = { uptime = "99.99" },
  error = 'required metric "sites" has no value',
}

case "June still takes the price review's metrics: sites is not one" {
  period = "2026-06", history = { others = fine }, outcomes = { uptime = "99.99", sites = "3" },
  error = "sites",
}

case "the annual cap counts credits across versions" {
  -- January to June: 100.00, 100.00, 100.00 used 300.00 before the cap: 100, 100, 50, then 0
  period = "2026-07",
  history = { others = { uptime = "99.80" } },
  outcomes = { uptime = "99.80", sites = "0" },
  lines = { fee = "1500.00" },
  net = "1500.00",
  shortfalls = { uptime = { amount = "0.00", forgone = "150.00" } },
}

case "July from amendments.csv, settled on the first half-year from the same file" {
  period = "2026-07", outcomes = "amendments.csv",
  lines = { fee = "1500.00", site_fee = "120.00", uptime_credit = "-150.00" },
  net = "1470.00",
}
