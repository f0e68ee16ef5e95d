-- Cloud migration and run services agreement between Larkspur Mutual Insurance Company (the
-- customer) and Stratowell Cloud Partners LLC (the supplier), reference LMI-CMS-2026-10.
-- Schedule 5: the migration fee, late wave credits, shared run-cost savings and the minimum
-- monthly charge.
--
-- Settled monthly in US dollars, rounding half-up (an exact half cent goes up). The
-- agreement starts on 16 October 2026, part way through a month: October 2026 is a part
-- month of 16 of its 31 days, and the migration fee for it is 16/31 of the monthly fee.

local fee = money "47500.00"             -- Schedule 5, para 1.1: the monthly migration fee

contract {
  id = "cloud-migration",
  title = "Cloud migration and run services",
  customer = "Larkspur Mutual Insurance Company",
  vendor = "Stratowell Cloud Partners LLC",
  currency = "USD",
  cadence = "monthly",
  effective_from = "2026-10-16",
  effective_to = "2027-12-31",
  rounding = "half-up",
  history = false,  -- every term is settled on its own period: none looks back

  metrics = {
    -- Para 3.2: for the migration wave whose planned cutover date falls in the month, the
    -- number of days from the planned to the actual cutover (0 when on time). A month in
    -- which no wave is planned has no value.
    metric "days_late" {
      unit = "days", target = 0, better = "lower", precision = 0, min = 0, required = false,
    },
    -- Para 5.1: the customer's total infrastructure run cost for the calendar month (data
    -- centre, hosting and cloud invoices), from the FinOps report. It is always measured for
    -- the whole calendar month, October 2026 included (para 5.4). The target is the top of
    -- the neutral zone, where pain-share starts.
    metric "run_cost" {
      unit = "USD", target = "220500.00", better = "lower", min = 0,
    },
  },

  terms = {
    -- Para 1.1 and 1.2: the customer pays the monthly migration fee of 47,500.00; for a month
    -- the agreement covers only in part, the fee for the days it covers (October 2026:
    -- 47,500.00 x 16/31).
    fixed_fee "migration_fee" {
      amount = fee,
      description = "Cloud migration and run services fee",
    },

    -- Para 3.3: where a wave cuts over more than 5 days after its planned date, the supplier
    -- credits 1,500.00 for each day beyond those 5 days' grace, at most 15,000.00 for a wave.
    late_delivery_credit "late_wave_credit" {
      metric = "days_late",
      grace = 5,
      each = money "1500.00",
      cap = money "15000.00",
      description = "Late migration wave credit",
    },

    -- Para 5.2: the run cost is compared with the pre-migration baseline of 210,000.00 a
    -- month. Below the baseline, the supplier earns 50 % of the first 20,000.00 saved and
    -- 30 % of any saving above that, at most 18,000.00 a month.
    -- Para 5.3: from the baseline up to 220,500.00 (the neutral zone, 5 % above baseline)
    -- neither party shares. Above 220,500.00 the supplier bears 25 % of the first 10,000.00
    -- of overrun and 40 % of any overrun above that, as a credit of at most 20,000.00.
    -- Para 5.4: in October 2026 the whole month's run cost is compared with the full
    -- baseline.
    gain_share "run_cost_share" {
      metric = "run_cost",
      baseline = money "210000.00",
      target = money "220500.00",
      savings_bands = {
        { up_to = money "20000.00", percent = 50 },
        { percent = 30 },
      },
      savings_cap = money "18000.00",
      overrun_bands = {
        { up_to = money "10000.00", percent = 25 },
        { percent = 40 },
      },
      overrun_cap = money "20000.00",
      description = "Run cost gain-share / pain-share",
    },

    -- Para 7: whatever the credits and pain-share, the customer pays at least 20,000.00 for
    -- any month, the part month of October 2026 included.
    floor_net "minimum_charge" {
      at_least = money "20000.00",
      description = "minimum monthly charge of para 7",
    },
  },
}
