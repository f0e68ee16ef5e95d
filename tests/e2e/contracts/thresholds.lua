-- Availability exactly on a threshold is not below it: 99.95 earns no credit, 99.50 the 5 %
-- band (not 10 %), 99.49 the 10 % band. One contract per case would repeat itself, so the
-- three cases are three availability metrics settled by the same band table.
-- expect-exit: 0
-- outcomes: thresholds.csv
local fee = money "85000.00"
local bands = {
  { below = 99.95, percent = 5 },
  { below = 99.50, percent = 10 },
  { below = 99.00, percent = 25 },
}
contract { history = false,
  id = "thresholds", title = "Threshold edges", customer = "Customer", vendor = "Vendor",
  currency = "GBP", cadence = "monthly", effective_from = "2026-01-01",
  metrics = {
    metric "at_target" { unit = "%", target = 99.95, better = "higher", precision = 2 },
    metric "at_band" { unit = "%", target = 99.95, better = "higher", precision = 2 },
    metric "under_band" { unit = "%", target = 99.95, better = "higher", precision = 2 },
  },
  terms = {
    service_credit "at_target_credit" { metric = "at_target", of = fee, bands = bands },
    service_credit "at_band_credit" { metric = "at_band", of = fee, bands = bands },
    service_credit "under_band_credit" { metric = "under_band", of = fee, bands = bands },
  },
}
