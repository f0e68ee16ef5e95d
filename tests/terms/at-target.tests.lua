case "at the target: credited by the band, but no shortfall" {
  period = "2026-10", outcomes = { availability = "99.80" },
  lines = { credit = "-50.00" },
  shortfalls = {},
}

case "below the target: credited and a shortfall" {
  period = "2026-10", outcomes = { availability = "99.79" },
  lines = { credit = "-50.00" },
  shortfalls = { availability = "50.00" },
}
