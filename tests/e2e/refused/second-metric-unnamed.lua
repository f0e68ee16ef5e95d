-- expect-exit: 3
-- expect-error: second-metric-unnamed.lua:5: contract: metrics[2]: 'name' must be a string, got nil
-- The second metric is a bare table with no name: the error names it by its place, not by
-- the metric before it, whose name lived in a buffer that no longer exists.
contract { history = false,
  id = "unnamed", title = "t", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = {
    metric "availability" { unit = "%", target = 99.9, better = "higher" },
    { unit = "%" },
  },
  terms = { term "fee" (function() return charge(1, "Fee") end) },
}
