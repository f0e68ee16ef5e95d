-- Test cases for the SLA template: between them the months of sla-outcomes.csv take every
-- branch of its eight terms, for a site with a fee of 85000.00 and a baseline of 120000.00.
-- The amounts were computed apart from oce, from the clauses, by tests/bench/sla-expected.py
-- (Python's decimal module). Run them with: oce test contracts/portfolio-sla

params { contract_id = "sla-bench", fee = "85000.00", baseline = "120000.00" }

case "January 2026: every value exactly on its threshold, and the bonus at exactly 9.0" {
  period = "2026-01", outcomes = "sla-outcomes.csv",
  lines = {
    service_fee = "85000.00",
    availability_credit = "0.00",       -- 99.95 is not below 99.95
    p1_restore_credit = "0.00",         -- 4.0 hours is not beyond 4
    patch_credit = "0.00",              -- 95.0 is not below 95
    vulnerability_credit = "0.00",      -- none open
    run_cost_share = "0.00",            -- the run cost equals the baseline
    csat_bonus = "1700.00",             -- 9.0 is at least 9.0
  },
  charges = "86700.00", credits = "0.00", net = "86700.00",
  shortfalls = {},
}

case "February 2026: four credits under the cap, a gain-share rounded half-even up, csat missing" {
  period = "2026-02", outcomes = "sla-outcomes.csv",
  lines = {
    service_fee = "85000.00",
    availability_credit = "-4250.00",   -- 5 %: 99.50 is on the 10 % threshold, not below it
    p1_restore_credit = "-3000.00",     -- 6.2 hours is 3 started hours beyond 4
    patch_credit = "-1700.00",          -- 2 %: 93.5 is below 95
    vulnerability_credit = "-1000.00",  -- 2 at 500.00
    run_cost_share = "2297.84",         -- 30 % of the 7659.45 saving is 2297.835
    csat_bonus = "0.00",                -- not measured
  },
  charges = "87297.84", credits = "-9950.00", net = "77347.84",
  shortfalls = { availability = "4250.00", p1_restore_hours = "3000.00",
                 patch_compliance = "1700.00", open_critical_vulns = "1000.00" },
}

case "March 2026: both per-unit caps, then the fees-at-risk cap shares 12750.00 in proportion" {
  period = "2026-03", outcomes = "sla-outcomes.csv",
  -- 8500.00 + 5000.00 + 1700.00 + 2500.00 = 17700.00 is cut to 12750.00; rounded down the
  -- parts come to 12749.98, and the two cents left go to the largest remainders (1224.576...
  -- and 1800.847...).
  lines = {
    service_fee = "85000.00",
    availability_credit = "-6122.88",   -- 10 %: 99.00 is on the 25 % threshold, not below it
    p1_restore_credit = "-3601.69",     -- 11.5 hours: 8 started hours, 8000.00 held to 5000.00
    patch_credit = "-1224.58",          -- 94.9 is below 95
    vulnerability_credit = "-1800.85",  -- 7 at 500.00, 3500.00 held to 2500.00
    run_cost_share = "-280.00",         -- pain-share, outside the cap: 20 % of 1400.00
    csat_bonus = "1700.00",
  },
  charges = "86700.00", credits = "-13030.00", net = "73670.00",
  shortfalls = {
    availability = { amount = "6122.88", forgone = "2377.12" },
    p1_restore_hours = { amount = "3601.69", forgone = "4398.31" },      -- 3000.00 + 1398.31
    patch_compliance = { amount = "1224.58", forgone = "475.42" },
    open_critical_vulns = { amount = "1800.85", forgone = "1699.15" },   -- 1000.00 + 699.15
  },
}

case "April 2026: the 25 % band held to the fees at risk, and the pain-share held to 10000.00" {
  period = "2026-04", outcomes = "sla-outcomes.csv",
  lines = {
    service_fee = "85000.00",
    availability_credit = "-12750.00",  -- 25 % is 21250.00: 98.99 is below 99.00
    run_cost_share = "-10000.00",       -- 20 % of the 65000.00 overrun is 13000.00
  },
  charges = "85000.00", credits = "-22750.00", net = "62250.00",
  shortfalls = { availability = { amount = "12750.00", forgone = "8500.00" } },
}

case "May 2026: a started hour from 0.1 of one, a gain-share rounded half-even down, csat 8.9" {
  period = "2026-05", outcomes = "sla-outcomes.csv",
  lines = {
    service_fee = "85000.00",
    availability_credit = "-4250.00",   -- 5 %: 99.94 is below 99.95
    p1_restore_credit = "-1000.00",     -- 4.1 hours is 1 started hour beyond 4
    vulnerability_credit = "-500.00",
    run_cost_share = "2297.74",         -- 30 % of the 7659.15 saving is 2297.745
    csat_bonus = "0.00",                -- 8.9 is not at least 9.0
  },
  charges = "87297.74", credits = "-5750.00", net = "81547.74",
  shortfalls = { availability = "4250.00", p1_restore_hours = "1000.00",
                 open_critical_vulns = "500.00" },
}

case "June 2026: the 10 % band and a pain-share in pence" {
  period = "2026-06", outcomes = "sla-outcomes.csv",
  lines = {
    service_fee = "85000.00",
    availability_credit = "-8500.00",   -- 10 %: 99.42 is below 99.50
    run_cost_share = "-246.91",         -- 20 % of 1234.56 is 246.912
    csat_bonus = "1700.00",
  },
  charges = "86700.00", credits = "-8746.91", net = "77953.09",
  shortfalls = { availability = "8500.00" },
}

case "July 2026: both per-unit credits exactly at their caps, the fees-at-risk cap binding" {
  period = "2026-07", outcomes = "sla-outcomes.csv",
  -- 4250.00 + 5000.00 + 1700.00 + 2500.00 = 13450.00, cut to 12750.00.
  lines = {
    service_fee = "85000.00",
    availability_credit = "-4028.81",
    p1_restore_credit = "-4739.78",     -- 9.0 hours: 5 started hours, 5000.00, not past the cap
    patch_credit = "-1611.52",
    vulnerability_credit = "-2369.89",  -- 5 at 500.00 is 2500.00, not past the cap
    run_cost_share = "0.00",            -- 20 % of a 0.01 overrun is 0.002
    csat_bonus = "1700.00",
  },
  charges = "86700.00", credits = "-12750.00", net = "73950.00",
  shortfalls = {
    availability = { amount = "4028.81", forgone = "221.19" },
    p1_restore_hours = { amount = "4739.78", forgone = "260.22" },
    patch_compliance = { amount = "1611.52", forgone = "88.48" },
    open_critical_vulns = { amount = "2369.89", forgone = "130.11" },
  },
}

case "a required metric missing is refused" {
  period = "2026-08",
  outcomes = { availability = "99.99", p1_restore_hours = "1.0", run_cost = "120000.00",
               open_critical_vulns = "0" },
  error = 'required metric "patch_compliance" has no value',
}
