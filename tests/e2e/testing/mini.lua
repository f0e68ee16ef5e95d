-- A small contract for the tests of oce test itself: a fee, a credit by attainment, a
-- capped per-hour credit and a gain-share.
local fee = money "10000.00"
contract { history = false,
  id = "mini", title = "Mini", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = {
    metric "availability" { unit = "%", target = 99.9, better = "higher", precision = 2 },
    metric "restore_hours" { unit = "hours", target = 4, better = "lower", precision = 1 },
    metric "run_cost" { unit = "GBP", target = "5000.00", better = "lower" },
  },
  terms = {
    fixed_fee "fee" { amount = fee, description = "Fee" },
    service_credit "availability_credit" {
      metric = "availability", of = fee,
      bands = { { below = 99.9, percent = 5 }, { below = 99.0, percent = 20 } },
    },
    credit_per_unit "restore_credit" { metric = "restore_hours", beyond = 4, each = money "100.00" },
    cap_terms "at_risk" { terms = { "availability_credit", "restore_credit" }, at_most = fee * 0.1 },
    gain_share "cost_share" { metric = "run_cost", baseline = money "5000.00", savings_percent = 50,
                              overrun_percent = 50 },
  },
}
