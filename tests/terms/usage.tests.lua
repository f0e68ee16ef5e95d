case "every tier used" {
  period = "2026-10",
  outcomes = { storage = "650.5", requests = "650", egress = "650" },
  lines = {
    storage_fee = "950.50",   -- graduated: 100 x 2.00 + 400 x 1.50 + 150.5 x 1.00
    request_fee = "650.00",   -- volume: all 650 at the top tier's 1.00
    egress_fee = "175.00",    -- 650 GB is 7 packages of 100 (6.5, a part counts whole) x 25.00
  },
  net = "1775.50",
}

case "exactly at a tier's end" {
  period = "2026-10",
  outcomes = { storage = "500", requests = "500", egress = "700", seats = "50" },
  lines = {
    storage_fee = "800.00",   -- 100 x 2.00 + 400 x 1.50
    request_fee = "750.00",   -- 500 is in the tier up to 500: all at 1.50
    egress_fee = "175.00",    -- exactly 7 packages
    seat_fee = "500.00",
  },
}

case "the first tier only, and nothing used" {
  period = "2026-10",
  outcomes = { storage = "40", requests = "0", egress = "0" },
  lines = { storage_fee = "80.00" },
  net = "80.00",
}

case "usage beyond a last tier that has an end is refused" {
  period = "2026-10",
  outcomes = { storage = "1", requests = "1", egress = "1", seats = "51" },
  error = 'term "seat_fee": seats 51 is beyond the last tier, which ends at 50',
}
