case "a month" { period = "2026-10", outcomes = {}, lines = { fee = "1.00" } }
