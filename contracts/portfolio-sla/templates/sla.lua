-- The SLA template: six metrics, eight terms, the shape of most managed service agreements,
-- for a portfolio of sites that each have their own fee and run-cost baseline. Each row of
-- a portfolio gives its parameters, as text:
--
--   contract_id  the contract's id, which its outcomes rows name
--   fee          the monthly service fee, "85000.00"
--   baseline     the monthly run cost the gain-share and pain-share are measured against
--
-- `make bench` settles it; its test cases (sla.tests.lua) pin every term's branches.

local fee = money(params.fee)            -- the monthly service fee
local baseline = money(params.baseline)  -- the monthly run cost baseline

contract {
  id = params.contract_id,
  title = "Managed service SLA",
  customer = "Northwind Retail Ltd",
  vendor = "Contoso Managed Services plc",
  currency = "GBP",
  cadence = "monthly",
  effective_from = "2026-01-01",
  effective_to = "2028-12-31",
  rounding = "half-even",
  history = false,                       -- no term looks at earlier months

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
      unit = "GBP", min = 0,
    },
    metric "patch_compliance" {
      unit = "%", target = 95, better = "higher", precision = 1, min = 0, max = 100,
    },
    metric "open_critical_vulns" {
      unit = "vulnerabilities", target = 0, better = "lower", precision = 0, min = 0,
    },
  },

  terms = {
    -- 1. The monthly fee.
    fixed_fee "service_fee" {
      amount = fee,
      description = "Managed service fee",
    },

    -- 2. Availability below 99.95, 99.50 or 99.00 earns a credit of 5, 10 or 25 % of the fee:
    -- only the worst band applies, and a value exactly on a threshold is not below it.
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

    -- 3. 1000.00 for each started hour a P1 incident takes to restore beyond 4 hours, at
    -- most 5000.00.
    credit_per_unit "p1_restore_credit" {
      metric = "p1_restore_hours",
      beyond = 4,
      each = money "1000.00",
      cap = money "5000.00",
      description = "P1 restore time service credit",
    },

    -- 4. 2 % of the fee when patch compliance is below 95 %.
    service_credit "patch_credit" {
      metric = "patch_compliance",
      of = fee,
      bands = { { below = 95, percent = 2 } },
      description = "Patch compliance service credit",
    },

    -- 5. 500.00 for each open critical vulnerability, at most 2500.00.
    per_incident_credit "vulnerability_credit" {
      metric = "open_critical_vulns",
      each = money "500.00",
      cap = money "2500.00",
      description = "Open critical vulnerabilities credit",
    },

    -- 6. The credits of terms 2 to 5 together never exceed 15 % of the fee (a cap is
    -- rounded down to the cent); where they would, each is reduced in proportion.
    cap_terms "fees_at_risk" {
      terms = { "availability_credit", "p1_restore_credit", "patch_credit",
                "vulnerability_credit" },
      at_most = fee * 0.15,
      description = "fees at risk, 15 % of the service fee",
    },

    -- 7. Outside that cap: 30 % of the saving when the run cost is under the baseline, or
    -- 20 % of the overrun, at most 10000.00, when it is over.
    gain_share "run_cost_share" {
      metric = "run_cost",
      baseline = baseline,
      savings_percent = 30,
      overrun_percent = 20,
      overrun_cap = money "10000.00",
      description = "Run cost gain-share / pain-share",
    },

    -- 8. A bonus of 2 % of the fee when customer satisfaction is at least 9.0.
    threshold_bonus "csat_bonus" {
      metric = "csat",
      at_least = 9.0,
      percent = 2,
      of = fee,
      description = "Customer satisfaction bonus",
    },
  },
}
