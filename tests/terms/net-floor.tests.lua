case "a net under its floor is raised by a charge" {
  period = "2026-10", outcomes = { penalty = "90.00" },
  lines = { fee = "100.00", penalty = "-90.00", minimum = "30.00" },
  net = "40.00",
}

case "within both" {
  period = "2026-10", outcomes = { penalty = "50.00" },
  lines = { fee = "100.00", penalty = "-50.00" },
  net = "50.00",
}

case "over the collar's top" {
  period = "2026-10", outcomes = { penalty = "0.00", extra = "50.00" },
  lines = { fee = "100.00", extra = "50.00", band = "-70.00" },
  net = "80.00",
}
