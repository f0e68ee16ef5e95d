case "usage short of the commitment is trued up; credits under the collar are topped up" {
  period = "2026-10", outcomes = { units = "60", credit_a = "30.00", credit_b = "20.00" },
  lines = {
    usage = "600.00",
    commitment = "400.00",        -- the usage came to 600.00, less than the 1000.00 minimum
    credit_a = "-30.00", credit_b = "-20.00",
    credit_collar = "-50.00",     -- the credits came to 50.00: 50.00 more makes 100.00
  },
  net = "900.00",                 -- under the cap on the net
}

case "credits over the collar are trimmed in proportion, 3 to 1" {
  period = "2026-10", outcomes = { units = "150", credit_a = "600.00", credit_b = "200.00" },
  lines = { usage = "1500.00", credit_a = "-375.00", credit_b = "-125.00" },
  net = "1000.00",                -- exactly at the cap: nothing more
}

case "the net over its cap is brought down by a credit" {
  period = "2026-10", outcomes = { units = "300", credit_a = "0.00", credit_b = "0.00" },
  lines = { usage = "3000.00", credit_collar = "-100.00", net_cap = "-1900.00" },
  net = "1000.00",
}
