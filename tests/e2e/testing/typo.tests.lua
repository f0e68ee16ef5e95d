-- A tests file with a misspelt setting: the case cannot run, and the message says why.
case "misspelt" {
  period = "2026-10",
  outcome = { availability = "99.50", restore_hours = "6.5", run_cost = "4800.00" },
}
