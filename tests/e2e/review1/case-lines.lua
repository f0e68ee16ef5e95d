-- A contract whose test case expects its lines under a key that is not a position.
contract {
  history = false, id = "case-lines", title = "Range", customer = "C", vendor = "V",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01",
  metrics = { metric "p1_restore_hours" { unit = "hours", better = "lower", target = 4 },
              metric "cost" { unit = "GBP", better = "lower", target = "100.00", required = false } },
  terms = {
    credit_per_unit "late" { metric = "p1_restore_hours", beyond = 4, each = money "0.01" },
    term "c" (function(ctx) local v = ctx.metrics.cost; if v == nil then return nil end return charge(v, "cost " .. tostring(v)) end),
  },
}
