-- A term that makes and drops 100 MB of strings, in a settlement whose incident log takes
-- the process past 64 MiB before any term runs: the host's own memory is not the script's
-- to answer for, and what the term holds at once is small.
contract {
  id = "churn", title = "Churn", customer = "C", vendor = "V",
  currency = "GBP", cadence = "monthly", effective_from = "2026-10-01", history = false,
  time_zone = "UTC", service_hours = "24x7",
  incidents = { services = { "core" }, severities = { "P2" }, causes = { "vendor" } },
  metrics = {
    metric "availability" { unit = "%", precision = 2,
      from_incidents = { measure = "availability", service = "core" } },
  },
  terms = {
    term "churn" (function(ctx)
      local n = 0
      for i = 1, 100000 do n = n + #(string.rep("x", 1000) .. i) end
      return charge(money "1.00", "Made and dropped " .. n .. " bytes")
    end),
  },
}
