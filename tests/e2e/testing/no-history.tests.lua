-- A case for a contract that looks back (managed-wan) that gives none of the months before it.
case "isolated" {
  period = "2026-03",
  outcomes = { availability = "99.95", p1_restore_hours = "4.0", run_cost = "120000.00" },
  net = "85000.00",
}
