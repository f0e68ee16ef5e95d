case "a saving of 0.049999999 shares 0.0149999997, which rounds half-even to 0.01" {
  period = "2026-10", outcomes = { run_cost = "119999.950000001" },
  -- rounded to 9 places first, the share would be 0.015000000 and then 0.02
  lines = { cost_share = "0.01", thirty_percent = "35999.99" },
  -- 30 % of 119999.950000001 is 35999.9850000003: above the half cent, so 35999.99
}

case "an exact half cent stays a tie and goes to the even cent" {
  period = "2026-10", outcomes = { run_cost = "119999.95" },
  lines = { cost_share = "0.02", thirty_percent = "35999.98" },
  -- 30 % of 0.05 is exactly 0.015 (to 0.02); 30 % of 119999.95 is exactly 35999.985 (to .98)
}
