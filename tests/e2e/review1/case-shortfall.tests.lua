-- "forgon" stated nothing that was checked: the case passed whatever was forgone.
case "a misspelt shortfall field" {
  period = "2026-01", outcomes = { p1_restore_hours = "5" },
  shortfalls = { p1_restore_hours = { amount = "0.01", forgon = "5.00" } },
}
