case "halfway on two KPIs, full on the third: a score of 60 earns half the pool" {
  period = "2026-10", outcomes = { fcr = "70.0", cost_per_ticket = "13.00", csat = "9.0" },
  lines = { scorecard = "5000.00" },   -- 50 x 50 % + 50 x 30 % + 100 x 20 % = 60
}

case "full marks, past the top of a KPI too" {
  period = "2026-10", outcomes = { fcr = "80.0", cost_per_ticket = "11.00", csat = "9.5" },
  lines = { scorecard = "10000.00" },
}

case "nothing scores, and csat is not measured: the whole pool is a malus" {
  period = "2026-10", outcomes = { fcr = "50.0", cost_per_ticket = "16.00" },
  lines = { scorecard = "-10000.00" },
}

case "a score of 32.5 gives back half the pool" {
  period = "2026-10", outcomes = { fcr = "66.0", cost_per_ticket = "14.00", csat = "7.5" },
  lines = { scorecard = "-5000.00" },  -- 30 x 50 % + 25 x 30 % + 50 x 20 % = 32.5
}
