-- Cases for tests/terms/incidents-history.lua.
case "November on October from the same log" { period = "2026-11", incidents = "incidents.csv", lines = { fee = "1.00" } }
