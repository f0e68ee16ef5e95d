case "the first month is prorated: 16 of October's 31 days from the 16th" {
  period = "2026-10", outcomes = {},
  lines = { fee = "1600.00", licence = "500.00" },   -- 3100.00 x 16/31; the licence is whole
}

case "a whole month" {
  period = "2026-11", outcomes = {},
  lines = { fee = "3100.00", licence = "500.00" },
}

case "the month of the anniversary: 15 days at the old fee, 16 at the uplifted one" {
  period = "2027-10", outcomes = {},
  lines = { fee = "3260.00", licence = "500.00" },   -- 3100 x 15/31 + 3410 x 16/31 = 1500 + 1760
}

case "the uplifted fee after the anniversary: 3100.00 + 10 %" {
  period = "2027-11", outcomes = {},
  lines = { fee = "3410.00", licence = "500.00" },
}

case "the last month is prorated: 10 of March's 31 days" {
  period = "2028-03", outcomes = {},
  lines = { fee = "1100.00", licence = "500.00" },   -- 3410.00 x 10/31
}

case "a period before the contract" {
  period = "2026-09", outcomes = {},
  error = "is outside contract",
}
