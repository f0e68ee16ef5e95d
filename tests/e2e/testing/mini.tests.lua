-- Cases that do not hold, to show how oce test reports each kind of difference; one holds.
local ok = { availability = "99.50", restore_hours = "6.5", run_cost = "4800.00" }

case "holds" {
  period = "2026-10", outcomes = ok,
  lines = { fee = "10000.00", availability_credit = "-500.00", restore_credit = "-300.00",
            cost_share = "100.00" },
  net = "9300.00",
}

case "wrong amounts, a missing line and an unexpected one" {
  period = "2026-10", outcomes = ok,
  lines = { fee = "10000.00", availability_credit = "-250.00", cost_share = { "100.00", "5.00" },
            sla_credit = "-1.00" },
  net = "9300.01",
  credits = "-800.00",
}

case "shortfalls that differ" {
  period = "2026-10",
  outcomes = { availability = "98.00", restore_hours = "9.0", run_cost = "6000.00" },
  shortfalls = { availability = { amount = "1000.00", forgone = "0.00" }, restore_hours = true },
}

case "an error that does not come" {
  period = "2026-10", outcomes = ok,
  error = "instruction limit",
}

case "an error that is not the one stated" {
  period = "2026-10",
  outcomes = { availability = "99.505", restore_hours = "6.5", run_cost = "4800.00" },
  error = "outside the range",
}

case "a stated amount that is not a number" {
  period = "2026-10", outcomes = ok,
  net = "about 9300",
}
