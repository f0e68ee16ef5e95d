local same = { period = "2026-10", outcomes = {},
               lines = { count = "1.00", box = "1.00", iterator = "1.00" }, net = "3.00" }
case "first" (same)
case "second" (same)
case "third" (same)
