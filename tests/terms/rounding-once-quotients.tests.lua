case "quotients just past a boundary are rounded from their exact value" {
  period = "2026-10",
  outcomes = { calls = "6.000000001", late_hours = "6.000000001", cost_score = "300449.999999999" },
  lines = {
    fee = "100.01",   -- 100.0149999999677...: not 100.015000000 and then 100.02
    packs = "30.00",  -- 6.000000001 / 3 is 2.0000000003...: 3 packages started, not 2
    late = "-3.00",   -- the same: 3 started blocks of 3 hours
    score = "0.00",   -- 300449.999999999 scores 10.01499999999996...: 10.01, below 10.02
  },
}

case "exact quotients on a boundary" {
  period = "2026-10",
  outcomes = { calls = "6", late_hours = "6", cost_score = "300600" },
  lines = {
    fee = "100.01",   -- the fee does not depend on the outcomes
    packs = "20.00",  -- exactly 2 packages
    late = "-2.00",
    score = "1000.00", -- exactly 10.02
  },
}
