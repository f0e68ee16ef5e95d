-- The -99.00 is under a key, not a position: it was never compared, and the case passed.
case "an amount under a key" {
  period = "2026-01", outcomes = { p1_restore_hours = "5" },
  lines = { late = { "-0.01", extra = "-99.00" } },
}
