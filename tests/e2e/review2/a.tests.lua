case "October" { period = "2026-10", outcomes = {}, lines = { fee = "1.00" } }
case "November" { period = "2026-11", outcomes = {}, lines = { fee = "1.00" } }
