-- A target and range with more places than the metric's precision: check shows them as
-- settling uses them, not cut to the precision.
contract { history = false, id = 'c', title = 'T', customer = 'C', vendor = 'V', currency = 'GBP',
  cadence = 'monthly', effective_from = '2026-01-01',
  metrics = { metric 'x' { unit = '%', target = 99.95, better = 'higher', precision = 1, min = 0.05, max = 99.99 },
              metric 'y' { unit = '%', target = 99.5, better = 'higher', precision = 2, min = 0, max = 100 } },
  terms = { term 'fee' (function() return charge(100, 'Fee') end) } }
