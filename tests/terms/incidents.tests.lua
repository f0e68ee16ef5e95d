-- Cases for tests/terms/incidents.lua: October 2026 from incidents.csv, each figure worked
-- out by hand (see tests/unit/test_derive.c): 745 hours in the month less four Sunday
-- maintenance windows of two is 737 hours, 2653200 seconds of agreed service time; core down
-- 12600 of them, both services 14400 of 5306400.
case "October 2026: every kind of incident, counted as the contract says" {
  period = "2026-10", incidents = "incidents.csv",
  metrics = {
    core_availability = "99.53",   -- 100 x (2653200 - 12600) / 2653200 = 99.5251...
    availability = "99.729",       -- 100 x (5306400 - 14400) / 5306400 = 99.7286...
    core_downtime = "210",         -- PART 60, A 60, B 30 (its other 30 overlap A), ACROSS 60
    excluded = "150",              -- IN-MAINT 60 and PART 30 in maintenance, CUST 60
    p1_incidents = "3",            -- A, ACROSS, OPEN (CUST is the customer's)
    p2_worst_restore = "1.5",      -- PART, 03:30 to 05:00
    p2_mean_restore = "1.25",      -- (1.5 + 1) / 2: IN-MAINT, all in maintenance, counts not
    p2_breaches = "1",             -- PART took more than an hour
  },
  lines = { fee = "10000.00", availability_credit = "-500.00" },  -- 5 %: 99.53 < 99.95
  net = "9500.00",
  shortfalls = { core_availability = "500.00" },
}

case "November 2026: the hour of the incident across the month end, and the open one" {
  period = "2026-11", incidents = "incidents.csv",
  metrics = {
    core_availability = "99.86",   -- ACROSS: 3600 of 2556000 seconds (710 hours): 99.8591...
    p1_incidents = "0",            -- both began in October
    p2_worst_restore = "0",        -- none restored in November
  },
  lines = { fee = "10000.00", availability_credit = "-500.00" },
}

-- November 2026 has 720 hours less five Sunday windows of two: 710 hours, 2556000 seconds.
-- 0.05 % of it is 1278 seconds, so an outage of exactly that leaves core at 99.95 exactly:
-- the target met, no credit. The edge outage of 1280 seconds is 99.949921..., which rounds
-- (half-even, two places) to 99.95 too: the value as rounded is the one compared.
case "availability exactly on the 99.95 threshold earns no credit" {
  period = "2026-11", incidents = "incidents-threshold.csv",
  metrics = { core_availability = "99.95", core_downtime = "21.3",
              availability = "99.950" },    -- (5112000 - 2558) / 5112000 = 99.94996...
  lines = { fee = "10000.00" },
  net = "10000.00", shortfalls = {},
}
