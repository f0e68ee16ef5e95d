-- Test cases for the cloud migration contract (Larkspur Mutual / Stratowell Cloud Partners).
-- Run them with: oce test contracts/cloud-migration/contract.lua
--
-- Every amount below was worked out by hand from Schedule 5 before oce was run; the
-- arithmetic is in the comment beside it. Lines round half-up: an exact half cent goes up.
--   fee 47500.00 a month; October 2026 is 16 of 31 days: 47500.00 x 16 / 31
--     = 24516.129032... -> 24516.13
--   late waves: 1500.00 a day beyond 5 days' grace, at most 15000.00
--   run cost against the baseline 210000.00:
--     saving:  50 % of the first 20000.00 + 30 % of the rest, at most 18000.00
--     210000.00 to 220500.00: nothing
--     overrun above 220500.00: 25 % of the first 10000.00 + 40 % of the rest, at most 20000.00
--   the net is at least 20000.00

-- The four months in outcomes.csv ----------------------------------------------------------

case "October 2026, from the outcomes file: the part month, a wave within grace, a saving" {
  period = "2026-10",
  outcomes = "outcomes.csv",
  lines = {
    migration_fee = "24516.13",         -- 47500.00 x 16/31 = 24516.129032... -> 24516.13
    late_wave_credit = "0.00",          -- 3 days late is within the 5 days' grace
    run_cost_share = "5617.29",         -- saving 210000.00 - 198765.43 = 11234.57, all in the
                                        -- first slice: 50 % = 5617.285 -> half-up 5617.29
  },
  charges = "30133.42",                 -- 24516.13 + 5617.29
  credits = "0.00",
  net = "30133.42",
  shortfalls = {},                      -- the 3 days are a miss of the target 0, but cost nothing
}

case "November 2026, from the outcomes file: a late wave and a saving into the second slice" {
  period = "2026-11",
  outcomes = "outcomes.csv",
  lines = {
    migration_fee = "47500.00",
    late_wave_credit = "-6000.00",      -- 9 days late, 9 - 5 = 4 days x 1500.00
    run_cost_share = "12638.65",        -- saving 210000.00 - 181204.50 = 28795.50:
                                        -- 50 % x 20000.00 = 10000.00 + 30 % x 8795.50 = 2638.65
  },
  charges = "60138.65",                 -- 47500.00 + 12638.65
  credits = "-6000.00",
  net = "54138.65",                     -- 60138.65 - 6000.00
  shortfalls = { days_late = "6000.00" },
}

case "December 2026, from the outcomes file: the late credit capped and a pain-share" {
  period = "2026-12",
  outcomes = "outcomes.csv",
  lines = {
    migration_fee = "47500.00",
    late_wave_credit = "-15000.00",     -- 17 days late, 12 beyond grace x 1500.00 = 18000.00,
                                        -- held to 15000.00
    run_cost_share = "-5752.10",        -- overrun 238630.25 - 220500.00 = 18130.25:
                                        -- 25 % x 10000.00 = 2500.00 + 40 % x 8130.25 = 3252.10
  },
  charges = "47500.00",
  credits = "-20752.10",                -- 15000.00 + 5752.10
  net = "26747.90",                     -- 47500.00 - 20752.10, above the 20000.00 floor
  shortfalls = { days_late = "15000.00", run_cost = "5752.10" },
}

case "January 2027, from the outcomes file: no wave planned, run cost in the neutral zone" {
  period = "2027-01",
  outcomes = "outcomes.csv",
  lines = {
    migration_fee = "47500.00",
    late_wave_credit = "0.00",          -- days_late not given: no wave was planned
    run_cost_share = "0.00",            -- 214980.00 is between 210000.00 and 220500.00
  },
  charges = "47500.00", credits = "0.00",
  net = "47500.00",
  shortfalls = {},
}

-- Edge cases ---------------------------------------------------------------------------------

case "exactly 5 days late and exactly on the baseline: nothing either way" {
  period = "2027-02",
  outcomes = { days_late = "5", run_cost = "210000.00" },
  lines = { migration_fee = "47500.00" },  -- 5 days is the grace; 210000.00 saves nothing
  net = "47500.00",
  shortfalls = {},
}

case "6 days late is one day's credit; exactly on the 220500.00 target is no pain-share" {
  period = "2027-02",
  outcomes = { days_late = "6", run_cost = "220500.00" },
  lines = { migration_fee = "47500.00", late_wave_credit = "-1500.00" },  -- (6 - 5) x 1500.00
  net = "46000.00",                     -- 47500.00 - 1500.00
  shortfalls = { days_late = "1500.00" },
}

case "a one-cent overrun is a shortfall that costs 0.00" {
  period = "2027-02",
  outcomes = { days_late = "0", run_cost = "220500.01" },
  -- overrun 0.01: 25 % = 0.0025, half-up to 0.00
  lines = { migration_fee = "47500.00", run_cost_share = "0.00" },
  net = "47500.00",
  shortfalls = { run_cost = "0.00" },
}

case "a saving of exactly 20000.00 is all in the 50 % slice" {
  period = "2027-02",
  outcomes = { run_cost = "190000.00" },  -- no wave planned
  lines = { migration_fee = "47500.00", run_cost_share = "10000.00" },  -- 50 % x 20000.00
  charges = "57500.00", net = "57500.00",
  shortfalls = {},
}

case "the savings share stops at 18000.00" {
  period = "2027-02",
  outcomes = { run_cost = "150000.00" },
  -- saving 60000.00: 50 % x 20000.00 = 10000.00 + 30 % x 40000.00 = 12000.00 = 22000.00,
  -- held to 18000.00
  lines = { migration_fee = "47500.00", run_cost_share = "18000.00" },
  net = "65500.00",                     -- 47500.00 + 18000.00
}

case "late credit exactly at its cap, net exactly at the floor: no top-up" {
  period = "2027-02",
  outcomes = { days_late = "15", run_cost = "255500.00" },
  lines = {
    migration_fee = "47500.00",
    late_wave_credit = "-15000.00",     -- 15 - 5 = 10 days x 1500.00 = 15000.00, the cap exactly
    run_cost_share = "-12500.00",       -- overrun 35000.00: 2500.00 + 40 % x 25000.00 = 12500.00
    minimum_charge = "0.00",            -- 47500.00 - 15000.00 - 12500.00 = 20000.00, not less
  },
  credits = "-27500.00",
  net = "20000.00",
  shortfalls = { days_late = "15000.00", run_cost = "12500.00" },
}

case "a full month with both caps biting: the floor raises the net to 20000.00" {
  period = "2027-02",
  outcomes = { days_late = "30", run_cost = "280000.00" },
  lines = {
    migration_fee = "47500.00",
    late_wave_credit = "-15000.00",     -- 25 days x 1500.00 = 37500.00, held to 15000.00
    run_cost_share = "-20000.00",       -- overrun 59500.00: 2500.00 + 40 % x 49500.00 = 22300.00,
                                        -- held to 20000.00
    minimum_charge = "7500.00",         -- 47500.00 - 35000.00 = 12500.00; 20000.00 - 12500.00
  },
  charges = "55000.00",                 -- 47500.00 + 7500.00
  credits = "-35000.00",
  net = "20000.00",
  shortfalls = { days_late = "15000.00", run_cost = "20000.00" },
}

case "October 2026 at its worst: the floor is not prorated and lifts the part month to 20000.00" {
  period = "2026-10",
  outcomes = { days_late = "20", run_cost = "260000.00" },
  -- Para 7 applies the full 20000.00 to the part month, although the fee is 16/31 of a
  -- month: floor_net has no proration. If a schedule prorates its minimum charge, this
  -- contract cannot say so with floor_net; ask before copying it.
  lines = {
    migration_fee = "24516.13",         -- 47500.00 x 16/31
    late_wave_credit = "-15000.00",     -- 15 days beyond grace x 1500.00 = 22500.00, held to 15000.00
    run_cost_share = "-14300.00",       -- overrun 39500.00: 2500.00 + 40 % x 29500.00 = 14300.00
    minimum_charge = "24783.87",        -- 24516.13 - 15000.00 - 14300.00 = -4783.87;
                                        -- 20000.00 - (-4783.87) = 24783.87
  },
  charges = "49300.00",                 -- 24516.13 + 24783.87
  credits = "-29300.00",                -- 15000.00 + 14300.00
  net = "20000.00",
  shortfalls = { days_late = "15000.00", run_cost = "14300.00" },
}

case "a month without a run cost is refused" {
  period = "2027-02",
  outcomes = { days_late = "0" },
  error = 'required metric "run_cost" has no value',
}

case "days late in part days is refused: the schedule counts whole days" {
  period = "2027-02",
  outcomes = { days_late = "2.5", run_cost = "210000.00" },
  error = '"days_late" is measured in whole numbers',
}

case "the first half of October 2026 is before the agreement: September is refused" {
  period = "2026-09",
  outcomes = { run_cost = "210000.00" },
  error = "is outside contract",
}
