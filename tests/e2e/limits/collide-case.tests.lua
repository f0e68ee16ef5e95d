case "an ordinary month" { period = "2026-10", outcomes = {}, lines = { collide = "100.00" } }
case "the month whose term never ends" { period = "2026-11", outcomes = {}, error = "time limit exceeded" }
