case "2297.835, 2297.825 and a credit of 2.345, rounded up" {
  period = "2026-10", outcomes = {},
  lines = { odd_half = "2297.84", even_half = "2297.83", credit_half = "-2.35" },
}
