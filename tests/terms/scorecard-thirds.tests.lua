case "a weighted score of exactly 52 as shown picks the row at least 52" {
  period = "2026-Q1", outcomes = { cost = "16.60", fcr = "70.0" },
  -- cost scores 60.00 (x 70 % = 42), fcr scores 33.33 (5/15, x 30 % = 9.999): 51.999 is 52.00
  lines = { sc = "5000.00" },
}

case "a hundredth below it does not" {
  period = "2026-Q1", outcomes = { cost = "16.60", fcr = "69.9" },
  -- fcr scores 32.67 (4.9/15 is 32.666...), x 30 % = 9.801: 51.801 is 51.80
  lines = { sc = "0.00" },
}
