case "2297.835, 2297.825 and a credit of 2.345, rounded floor" {
  period = "2026-10", outcomes = {},
  lines = { odd_half = "2297.83", even_half = "2297.82", credit_half = "-2.34" },
}
