-- Managed WAN services agreement between Northwind Retail Ltd and Contoso Networks plc.
-- Schedule 4: charges, service levels, service credits and shared savings.

local fee = money "85000.00"             -- Schedule 4, para 1: the monthly service fee

contract {
  id = "managed-wan",
  title = "Managed WAN services",
  customer = "Northwind Retail Ltd",
  vendor = "Contoso Networks plc",
  currency = "GBP",
  cadence = "monthly",
  effective_from = "2026-01-01",
  effective_to = "2028-12-31",
  rounding = "half-even",

  metrics = {
    metric "availability" {
      unit = "%", target = 99.95, better = "higher", precision = 2, min = 0, max = 100,
    },
    metric "p1_restore_hours" {
      unit = "hours", target = 4, better = "lower", precision = 1, min = 0,
    },
    metric "csat" {
      unit = "score", target = 9.0, better = "higher", required = false, precision = 1,
      min = 0, max = 10,
    },
    metric "run_cost" {
      unit = "GBP", target = "120000.00", better = "lower", min = 0,
    },
  },

  terms = {
    -- Para 1: the service fee.
    fixed_fee "service_fee" {
      amount = fee,
      description = "Managed WAN service fee",
    },

    -- Para 3.1: availability below target earns the customer a credit; the worst band applies.
    service_credit "availability_credit" {
      metric = "availability",
      of = fee,
      bands = {
        { below = 99.95, percent = 5 },
        { below = 99.50, percent = 10 },
        { below = 99.00, percent = 25 },
      },
      description = "Availability service credit",
    },

    -- Para 3.2: 1000.00 for each hour, or part of an hour, a P1 incident takes to restore
    -- beyond 4 hours, at most 5000.00 a month.
    credit_per_unit "p1_restore_credit" {
      metric = "p1_restore_hours",
      beyond = 4,
      each = money "1000.00",
      cap = money "5000.00",
      description = "P1 restore time service credit",
    },

    -- Para 3.3: service credits never exceed 15 % of the monthly fee (the fees at risk).
    cap_terms "fees_at_risk" {
      terms = { "availability_credit", "p1_restore_credit" },
      at_most = fee * 0.15,
      description = "fees at risk, 15 % of the service fee",
    },

    -- Para 3.4: and in a contract year they never exceed 6 % of the year's fees, 61200.00:
    -- once the year's credits reach it, later credits are trimmed to what is left.
    cap_per_year "annual_credit_cap" {
      terms = { "availability_credit", "p1_restore_credit" },
      at_most = fee * 12 * 0.06,
      description = "annual cap, 6 % of the year's fees",
    },

    -- Para 5: run cost against the 120000.00 monthly baseline. The vendor earns 30 % of a
    -- saving and bears 20 % of an overrun, at most 10000.00. Not subject to para 3.3.
    gain_share "run_cost_share" {
      metric = "run_cost",
      baseline = money "120000.00",
      savings_percent = 30,
      overrun_percent = 20,
      overrun_cap = money "10000.00",
      description = "Run cost gain-share / pain-share",
    },

    -- Para 6: customer satisfaction of 9.0 or more earns 2 % of the service fee.
    threshold_bonus "csat_bonus" {
      metric = "csat",
      at_least = 9.0,
      percent = 2,
      of = fee,
      description = "Customer satisfaction bonus",
    },
  },
}
