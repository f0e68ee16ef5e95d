case "a saving across both slices" {
  period = "2026-10", outcomes = { run_cost = "70000.00" },
  lines = { cost_share = "13000.00" },   -- 50 % of the first 20000.00 + 30 % of 10000.00
  shortfalls = {},
}

case "a saving past the cap" {
  period = "2026-10", outcomes = { run_cost = "40000.00" },
  lines = { cost_share = "15000.00" },   -- 10000.00 + 30 % of 40000.00 = 22000.00, capped
}

case "exactly the baseline, and between baseline and target: no share either way" {
  period = "2026-10", outcomes = { run_cost = "105000.00" },
  lines = { cost_share = "0.00" },
  net = "0.00",
}

case "an overrun across both slices" {
  period = "2026-10", outcomes = { run_cost = "125000.00" },
  lines = { cost_share = "-4000.00" },   -- 20 % of 10000.00 + 40 % of 5000.00 over the target
  shortfalls = { run_cost = "4000.00" },
}

case "an overrun past the cap" {
  period = "2026-10", outcomes = { run_cost = "150000.00" },
  lines = { cost_share = "-5000.00" },   -- 2000.00 + 40 % of 30000.00 = 14000.00, capped
}

case "a saving of a cent, rounded half-even" {
  period = "2026-10", outcomes = { run_cost = "99999.99" },
  lines = { cost_share = "0.00" },       -- 50 % of 0.01 is 0.005: half-even rounds it to 0.00
}
