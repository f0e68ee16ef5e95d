-- Test cases for the managed IT support contract (Fernhollow Care Group / Quillstone).
-- Run them with: oce test contracts/managed-it-support/contract.lua
--
-- Every amount below was worked out by hand from Schedule 3 before oce was run; the
-- arithmetic is in the comment beside it. The monthly support charge is 38,450.00, so:
--   3 % = 1153.50    7.5 % = 2883.75    15 % = 5767.50 (held to the 5,000.00 cap)
--   2 % = 769.00     4 % = 1538.00      6 % = 2307.00
--   fees at risk 12.5 % = 4806.25       bonus 1.5 % = 576.75
-- When the fees at risk bite, the 4806.25 is shared in proportion to each credit: every
-- credit gets 480625 pence x its credit / the total, rounded down to the penny, and the
-- pence left over go one each to the largest fractions (the earlier credit on a tie).
--
-- Para 4.6 (earn-back) looks back three months, so every case settles the months before its
-- own from 2026-04, the first month of the contract: a case reading outcomes.csv takes them
-- from the file; the other cases give them in `history`, most as a quiet month at target.
-- The earn-back of a month is the availability credit of the month three before it, as that
-- credit was given (after paras 4.1 and 4.5), when availability met 99.90 in the two months
-- between and meets it in this one; otherwise its line is 0.00.

-- A month with every measure at or better than its level, no survey, and no line but the fee.
local quiet = { availability = "99.95", p1_restore_hours = "0.0", patch_compliance = "97.5",
                open_critical_vulns = "0" }

-- The same month with some measures changed.
local function quiet_but(changes)
  local month = {}
  for metric, value in pairs(quiet) do
    month[metric] = value
  end
  for metric, value in pairs(changes) do
    month[metric] = value
  end
  return month
end

-- The first contract year, 2026-04 to 2027-03, from outcomes.csv --------------------------
--
-- Availability credits and their earn-back over the year:
--   credit given      the three months after                    earn-back
--   2026-05 2883.75   06 99.95, 07 99.90, 08 99.97: all met      2883.75 in 2026-08
--   2026-09 1153.50   10 99.62 missed                            none (2026-12)
--   2026-10 1153.50   11 98.95 missed                            none (2027-01)
--   2026-11 2358.78   12 99.80 missed                            none (2027-02)
--   2026-12 1153.50   01 99.93, 02 99.92, 03 99.96: all met      1153.50 in 2027-03

case "April 2026, from the outcomes file: the first month, inherited vulnerabilities" {
  period = "2026-04",
  outcomes = "outcomes.csv",
  lines = {
    support_fee = "38450.00",
    availability_credit = "0.00",       -- 99.94 is above 99.80
    patch_credit = "0.00",              -- 96.4 is not below 95.0
    p1_restore_credit = "0.00",         -- no P1 incident: 0.0 h
    vulnerability_credit = "-500.00",   -- 4 open, 2 free: 2 x 250.00
    availability_earn_back = "0.00",    -- the first month: no month three before it
    csat_bonus = "0.00",                -- no survey
  },
  charges = "38450.00",
  credits = "-500.00",
  net = "37950.00",                     -- 38450.00 - 500.00
  shortfalls = { open_critical_vulns = "500.00" },
}

case "May 2026, from the outcomes file: the SAN failure, a 7.5 % availability credit" {
  period = "2026-05",
  outcomes = "outcomes.csv",
  lines = {
    support_fee = "38450.00",
    availability_credit = "-2883.75",   -- 99.41 <= 99.50 but > 99.00: 7.5 % of 38450.00
    patch_credit = "0.00",              -- 95.8
    p1_restore_credit = "-400.00",      -- 4.4 h is 0.4 h beyond 4: 1 started hour x 400.00
    vulnerability_credit = "0.00",      -- 2 open, within the 2 free
    availability_earn_back = "0.00",    -- the second month: no month three before it
    csat_bonus = "0.00",
  },
  -- credits 2883.75 + 400.00 = 3283.75, under 4806.25: no cap
  charges = "38450.00",
  credits = "-3283.75",
  net = "35166.25",                     -- 38450.00 - 3283.75
  shortfalls = { availability = "2883.75", p1_restore_hours = "400.00" },
}

case "June 2026, from the outcomes file: a late vendor patch, the 2 % patch credit" {
  period = "2026-06",
  outcomes = "outcomes.csv",
  lines = {
    support_fee = "38450.00",
    availability_credit = "0.00",       -- 99.95
    patch_credit = "-769.00",           -- 94.1 < 95.0 but not < 90.0: 2 % of 38450.00
    p1_restore_credit = "0.00",         -- 2.1 h is within 4
    vulnerability_credit = "0.00",      -- 1 open
    availability_earn_back = "0.00",    -- the third month: no month three before it
    csat_bonus = "0.00",
  },
  charges = "38450.00",
  credits = "-769.00",
  net = "37681.00",                     -- 38450.00 - 769.00
  shortfalls = { patch_compliance = "769.00" },
}

case "July 2026, from the outcomes file: availability exactly on target, survey below 8.5" {
  period = "2026-07",
  outcomes = "outcomes.csv",
  lines = {
    support_fee = "38450.00",           -- 99.90 meets its target: no credit, no shortfall
    availability_earn_back = "0.00",    -- 2026-04 gave no availability credit
    csat_bonus = "0.00",                -- 8.3 < 8.5
  },
  charges = "38450.00",
  credits = "0.00",
  net = "38450.00",
  shortfalls = {},
}

case "August 2026, from the outcomes file: May's availability credit is earned back" {
  period = "2026-08",
  outcomes = "outcomes.csv",
  lines = {
    support_fee = "38450.00",
    availability_credit = "0.00",       -- 99.97
    patch_credit = "0.00",              -- 96.0
    p1_restore_credit = "0.00",         -- 3.5 h
    vulnerability_credit = "-500.00",   -- 4 open, 2 free: 2 x 250.00
    -- May's credit 2883.75; June 99.95, July 99.90 and August 99.97 all meet 99.90
    availability_earn_back = "2883.75",
    csat_bonus = "0.00",
  },
  charges = "41333.75",                 -- 38450.00 + 2883.75
  credits = "-500.00",
  net = "40833.75",                     -- 41333.75 - 500.00
  shortfalls = { open_critical_vulns = "500.00" },
}

case "September 2026, from the outcomes file: the remote access failover, a 3 % credit" {
  period = "2026-09",
  outcomes = "outcomes.csv",
  lines = {
    support_fee = "38450.00",
    availability_credit = "-1153.50",   -- 99.76 <= 99.80 but > 99.50: 3 % of 38450.00
    patch_credit = "0.00",              -- 95.5
    p1_restore_credit = "0.00",         -- 1.8 h
    vulnerability_credit = "0.00",      -- 2 open
    availability_earn_back = "0.00",    -- 2026-06 gave no availability credit
    csat_bonus = "0.00",
  },
  charges = "38450.00",
  credits = "-1153.50",
  net = "37296.50",                     -- 38450.00 - 1153.50
  shortfalls = { availability = "1153.50" },
}

case "October 2026, from the outcomes file: four credits under the fees at risk, and the bonus" {
  period = "2026-10",
  outcomes = "outcomes.csv",
  lines = {
    support_fee = "38450.00",
    availability_credit = "-1153.50",   -- 99.62 <= 99.80 but > 99.50: 3 % of 38450.00
    patch_credit = "-769.00",           -- 93.4 < 95.0 but not < 90.0: 2 % of 38450.00
    p1_restore_credit = "-800.00",      -- 5.5 h is 1.5 h beyond 4: 2 started hours x 400.00
    vulnerability_credit = "-250.00",   -- 3 open, 2 free: 1 x 250.00
    availability_earn_back = "0.00",    -- 2026-07 gave no availability credit
    csat_bonus = "576.75",              -- 8.7 >= 8.5: 1.5 % of 38450.00
  },
  -- credits 1153.50 + 769.00 + 800.00 + 250.00 = 2972.50, under 4806.25: no cap
  charges = "39026.75",                 -- 38450.00 + 576.75
  credits = "-2972.50",
  net = "36054.25",                     -- 39026.75 - 2972.50
  shortfalls = {
    availability = "1153.50", patch_compliance = "769.00", p1_restore_hours = "800.00",
    open_critical_vulns = "250.00",
  },
}

case "November 2026, from the outcomes file: every credit misses and the fees at risk bite" {
  period = "2026-11",
  outcomes = "outcomes.csv",
  -- Before para 4.5:
  --   availability 98.95 <= 99.00: 15 % = 5767.50, held to the 5000.00 cap of para 4.1
  --   patch 86.0 < 90.0 but not < 80.0: 4 % = 1538.00
  --   P1 10.4 h is 6.4 h beyond 4: 7 started hours x 400.00 = 2800.00, held to 2400.00
  --   vulnerabilities 7, 2 free: 5 x 250.00 = 1250.00
  --   together 5000.00 + 1538.00 + 2400.00 + 1250.00 = 10188.00 > 4806.25
  -- Para 4.5 shares 480625 pence over 10188.00:
  --   availability 480625 x 5000/10188 = 235877.99 -> 235877, fraction .99
  --   patch        480625 x 1538/10188 =  72556.07 ->  72556, fraction .07
  --   P1           480625 x 2400/10188 = 113221.44 -> 113221, fraction .44
  --   vulns        480625 x 1250/10188 =  58969.50 ->  58969, fraction .50
  --   floors sum to 480623: the 2 pence left go to availability (.99) and vulns (.50)
  lines = {
    support_fee = "38450.00",
    availability_credit = "-2358.78",
    patch_credit = "-725.56",
    p1_restore_credit = "-1132.21",
    vulnerability_credit = "-589.70",
    availability_earn_back = "0.00",    -- 2026-08 gave no availability credit
    csat_bonus = "0.00",                -- no survey in November: no bonus
  },
  charges = "38450.00",
  credits = "-4806.25",                 -- 2358.78 + 725.56 + 1132.21 + 589.70
  net = "33643.75",                     -- 38450.00 - 4806.25
  -- forgone is what the caps took off each: para 4.5 took 5000.00 - 2358.78 = 2641.22 off
  -- availability after para 4.1 had taken 767.50 (5767.50 - 5000.00): 3408.72 in all
  shortfalls = {
    availability = { amount = "2358.78", forgone = "3408.72" },
    patch_compliance = { amount = "725.56", forgone = "812.44" },
    p1_restore_hours = { amount = "1132.21", forgone = "1667.79" },   -- 400.00 + 1267.79
    open_critical_vulns = { amount = "589.70", forgone = "660.30" },
  },
}

case "December 2026, from the outcomes file: every measure exactly on its threshold" {
  period = "2026-12",
  outcomes = "outcomes.csv",
  lines = {
    support_fee = "38450.00",
    availability_credit = "-1153.50",   -- 99.80 is AT the 99.80 threshold: "or less" includes it, 3 %
    patch_credit = "0.00",              -- 95.0 is not below 95.0
    p1_restore_credit = "0.00",         -- 4.0 h is not beyond 4
    vulnerability_credit = "0.00",      -- 2 open is within the 2 free
    -- September's 1153.50 is not earned back: October's 99.62 missed 99.90
    availability_earn_back = "0.00",
    csat_bonus = "576.75",              -- 8.5 is at least 8.5: 1.5 % of 38450.00
  },
  charges = "39026.75",                 -- 38450.00 + 576.75
  credits = "-1153.50",
  net = "37873.25",                     -- 39026.75 - 1153.50
  shortfalls = { availability = "1153.50" },
}

case "January 2027, from the outcomes file: a clean month, October's credit not earned back" {
  period = "2027-01",
  outcomes = "outcomes.csv",
  lines = {
    support_fee = "38450.00",
    availability_credit = "0.00",       -- 99.93
    patch_credit = "0.00",              -- 96.8
    p1_restore_credit = "0.00",         -- 3.0 h
    vulnerability_credit = "0.00",      -- 1 open
    -- October's 1153.50 is not earned back: November's 98.95 missed 99.90
    availability_earn_back = "0.00",
    csat_bonus = "576.75",              -- 8.8 >= 8.5
  },
  charges = "39026.75",                 -- 38450.00 + 576.75
  credits = "0.00",
  net = "39026.75",
  shortfalls = {},
}

case "February 2027, from the outcomes file: November's credit not earned back" {
  period = "2027-02",
  outcomes = "outcomes.csv",
  lines = {
    support_fee = "38450.00",
    availability_credit = "0.00",       -- 99.92
    patch_credit = "0.00",              -- 96.1
    p1_restore_credit = "0.00",         -- no P1 incident
    vulnerability_credit = "-250.00",   -- 3 open, 2 free: 1 x 250.00
    -- November's 2358.78 is not earned back: December's 99.80 missed 99.90 (January and
    -- February met it)
    availability_earn_back = "0.00",
    csat_bonus = "0.00",                -- no survey
  },
  charges = "38450.00",
  credits = "-250.00",
  net = "38200.00",                     -- 38450.00 - 250.00
  shortfalls = { open_critical_vulns = "250.00" },
}

case "March 2027, from the outcomes file: December's availability credit is earned back" {
  period = "2027-03",
  outcomes = "outcomes.csv",
  lines = {
    support_fee = "38450.00",
    availability_credit = "0.00",       -- 99.96
    patch_credit = "0.00",              -- 97.9
    p1_restore_credit = "0.00",         -- 2.4 h
    vulnerability_credit = "0.00",      -- none open
    -- December's credit 1153.50; January 99.93, February 99.92 and March 99.96 all meet 99.90
    availability_earn_back = "1153.50",
    csat_bonus = "576.75",              -- 8.6 >= 8.5
  },
  charges = "40180.25",                 -- 38450.00 + 1153.50 + 576.75
  credits = "0.00",
  net = "40180.25",
  shortfalls = {},
}

-- Edge cases of paras 4.1 to 5, each on a quiet history ---------------------------------------

case "availability exactly 99.50 is the 7.5 % band: 'or less' includes the threshold" {
  period = "2027-01",
  outcomes = { availability = "99.50", p1_restore_hours = "0.0", patch_compliance = "97.2",
               open_critical_vulns = "0" },
  history = { others = quiet },
  lines = { support_fee = "38450.00", availability_credit = "-2883.75" },  -- 7.5 % of 38450.00
  credits = "-2883.75",
  net = "35566.25",                     -- 38450.00 - 2883.75; csat not given: no bonus
  shortfalls = { availability = "2883.75" },
}

case "availability 99.81 misses the 99.90 target but is above the first credit band" {
  period = "2027-01",
  outcomes = { availability = "99.81", p1_restore_hours = "1.2", patch_compliance = "96.0",
               open_critical_vulns = "1", csat = "8.4" },
  history = { others = quiet },
  lines = { support_fee = "38450.00" },  -- no credit: 99.81 > 99.80; no bonus: 8.4 < 8.5
  net = "38450.00",
  shortfalls = {},                      -- a miss with no credit has no shortfall entry
}

case "patch compliance exactly 90.0 is the 2 % band, not 4 %" {
  period = "2027-01",
  outcomes = { availability = "99.90", p1_restore_hours = "3.9", patch_compliance = "90.0",
               open_critical_vulns = "2", csat = "9.0" },
  history = { others = quiet },
  lines = {
    support_fee = "38450.00",
    patch_credit = "-769.00",           -- 90.0 < 95.0 but not < 90.0: 2 % of 38450.00
    csat_bonus = "576.75",              -- 9.0 >= 8.5
  },
  charges = "39026.75", credits = "-769.00",
  net = "38257.75",                     -- 38450.00 - 769.00 + 576.75
  shortfalls = { patch_compliance = "769.00" },
}

case "a deep availability miss: the 5000.00 cap, then the fees at risk on their own" {
  period = "2027-01",
  outcomes = { availability = "97.40", p1_restore_hours = "2.0", patch_compliance = "98.5",
               open_critical_vulns = "0", csat = "7.9" },
  history = { others = quiet },
  -- 97.40 <= 99.00: 15 % = 5767.50, held to 5000.00 by para 4.1; the only credit, and
  -- 5000.00 > 4806.25, so para 4.5 takes it to 4806.25 (767.50 + 193.75 forgone)
  lines = { support_fee = "38450.00", availability_credit = "-4806.25" },
  net = "33643.75",                     -- 38450.00 - 4806.25; 7.9 < 8.5: no bonus
  shortfalls = { availability = { amount = "4806.25", forgone = "961.25" } },
}

case "P1 credit exactly at its cap, vulnerability credit over its cap" {
  period = "2027-01",
  outcomes = { availability = "99.95", p1_restore_hours = "10.0", patch_compliance = "99.0",
               open_critical_vulns = "9", csat = "8.8" },
  history = { others = quiet },
  lines = {
    support_fee = "38450.00",
    p1_restore_credit = "-2400.00",     -- 10.0 h is 6 h beyond 4: 6 x 400.00 = 2400.00, the cap exactly
    vulnerability_credit = "-1500.00",  -- 9 open, 2 free: 7 x 250.00 = 1750.00, held to 1500.00
    csat_bonus = "576.75",
  },
  -- 2400.00 + 1500.00 = 3900.00, under 4806.25: para 4.5 does not bite
  charges = "39026.75", credits = "-3900.00",
  net = "35126.75",                     -- 38450.00 - 3900.00 + 576.75
  -- the para 4.4 cap took 250.00 off the vulnerability credit: that is its forgone amount
  shortfalls = { p1_restore_hours = { amount = "2400.00", forgone = "0.00" },
                 open_critical_vulns = { amount = "1500.00", forgone = "250.00" } },
}

case "availability exactly 99.00 is the 15 % band; the fees at risk share two odd pence" {
  period = "2027-01",
  outcomes = { availability = "99.00", p1_restore_hours = "4.1", patch_compliance = "79.9",
               open_critical_vulns = "3" },
  history = { others = quiet },
  -- Before para 4.5: availability 15 % = 5767.50 -> 5000.00; patch 79.9 < 80.0: 6 % = 2307.00;
  -- P1 4.1 h is 0.1 h beyond 4: 1 started hour = 400.00; vulns 3 - 2 = 1 x 250.00.
  -- Together 7957.00 > 4806.25. Shares of 480625 pence over 7957.00:
  --   availability x 5000/7957 = 302013.95 -> 302013 (.95)
  --   patch        x 2307/7957 = 139349.24 -> 139349 (.24)
  --   P1           x  400/7957 =  24161.12 ->  24161 (.12)
  --   vulns        x  250/7957 =  15100.70 ->  15100 (.70)
  --   floors 480623: 2 pence to availability (.95) and vulns (.70)
  lines = {
    support_fee = "38450.00",
    availability_credit = "-3020.14",
    patch_credit = "-1393.49",
    p1_restore_credit = "-241.61",
    vulnerability_credit = "-151.01",
  },
  credits = "-4806.25",
  net = "33643.75",
  shortfalls = {
    availability = { amount = "3020.14", forgone = "2747.36" },      -- 5767.50 - 3020.14
    patch_compliance = { amount = "1393.49", forgone = "913.51" },   -- 2307.00 - 1393.49
    p1_restore_hours = { amount = "241.61", forgone = "158.39" },    -- 400.00 - 241.61
    open_critical_vulns = { amount = "151.01", forgone = "98.99" },  -- 250.00 - 151.01
  },
}

-- Edge cases of the earn-back, para 4.6 -------------------------------------------------------

case "earned back when availability lands exactly on 99.90 in each of the three months" {
  period = "2027-01",
  outcomes = quiet_but { availability = "99.90" },
  history = {
    ["2026-10"] = quiet_but { availability = "99.62" },   -- 3 % credit: 1153.50
    ["2026-11"] = quiet_but { availability = "99.90" },   -- 99.90 is not below 99.90: met
    ["2026-12"] = quiet_but { availability = "99.90" },
    others = quiet,
  },
  lines = {
    support_fee = "38450.00",
    availability_credit = "0.00",       -- 99.90 is above 99.80, and meets the target
    availability_earn_back = "1153.50", -- 100 % of October's 1153.50
  },
  charges = "39603.50",                 -- 38450.00 + 1153.50
  credits = "0.00",
  net = "39603.50",
  shortfalls = {},
}

case "not earned back when a month in between misses, even without a credit of its own" {
  period = "2027-01",
  outcomes = quiet,
  history = {
    ["2026-10"] = quiet_but { availability = "99.62" },   -- 3 % credit: 1153.50
    ["2026-11"] = quiet_but { availability = "99.89" },   -- below 99.90, above 99.80: no credit
    others = quiet,                                       -- December 99.95
  },
  lines = { support_fee = "38450.00", availability_earn_back = "0.00" },
  charges = "38450.00",
  net = "38450.00",
  shortfalls = {},
}

case "not earned back when the third month itself misses" {
  period = "2027-01",
  outcomes = quiet_but { availability = "99.85" },        -- below 99.90, above 99.80: no credit
  history = {
    ["2026-10"] = quiet_but { availability = "99.62" },   -- 3 % credit: 1153.50
    others = quiet,                                       -- November and December 99.95
  },
  lines = { support_fee = "38450.00", availability_credit = "0.00",
            availability_earn_back = "0.00" },
  net = "38450.00",
  shortfalls = {},                      -- a miss with no credit has no shortfall entry
}

case "nothing to earn back with no availability credit three months back" {
  period = "2027-01",
  outcomes = quiet,
  history = {
    -- October: patch and vulnerability credits (769.00 and 750.00), which para 4.6 does
    -- not earn back, and no availability credit
    ["2026-10"] = quiet_but { patch_compliance = "93.4", open_critical_vulns = "5" },
    -- November: an availability credit, but only two months back: not yet due
    ["2026-11"] = quiet_but { availability = "99.62" },
    others = quiet,
  },
  lines = { support_fee = "38450.00", availability_earn_back = "0.00" },
  net = "38450.00",
  shortfalls = {},
}

case "the earn-back returns the credit as given after the caps, not the 15 % band" {
  period = "2027-01",
  outcomes = quiet,
  history = {
    -- October 97.40: 15 % = 5767.50, held to 5000.00 by para 4.1 and to 4806.25 by para 4.5
    ["2026-10"] = quiet_but { availability = "97.40" },
    others = quiet,
  },
  lines = { support_fee = "38450.00", availability_earn_back = "4806.25" },
  charges = "43256.25",                 -- 38450.00 + 4806.25
  net = "43256.25",
  shortfalls = {},
}

case "the earn-back is paid in full in a month the fees at risk bite: para 4.5 is not on it" {
  period = "2027-01",
  outcomes = { availability = "99.90", p1_restore_hours = "12.0", patch_compliance = "70.0",
               open_critical_vulns = "12" },
  history = {
    ["2026-10"] = quiet_but { availability = "99.62" },   -- 3 % credit: 1153.50
    others = quiet,
  },
  -- Before para 4.5: patch 70.0 < 80.0: 6 % = 2307.00; P1 12.0 h is 8 h beyond 4:
  -- 8 x 400.00 = 3200.00, held to 2400.00; vulns 12 - 2 = 10 x 250.00 = 2500.00, held to
  -- 1500.00. Together 6207.00 > 4806.25. Shares of 480625 pence over 6207.00:
  --   patch  x 2307/6207 = 178637.32 -> 178637 (.32)
  --   P1     x 2400/6207 = 185838.57 -> 185838 (.57)
  --   vulns  x 1500/6207 = 116149.11 -> 116149 (.11)
  --   floors 480624: 1 penny to P1 (.57)
  lines = {
    support_fee = "38450.00",
    patch_credit = "-1786.37",
    p1_restore_credit = "-1858.39",
    vulnerability_credit = "-1161.49",
    availability_earn_back = "1153.50", -- October's 1153.50: November, December, January met
  },
  charges = "39603.50",                 -- 38450.00 + 1153.50
  credits = "-4806.25",                 -- 1786.37 + 1858.39 + 1161.49
  net = "34797.25",                     -- 39603.50 - 4806.25
  shortfalls = {
    patch_compliance = { amount = "1786.37", forgone = "520.63" },    -- 2307.00 - 1786.37
    p1_restore_hours = { amount = "1858.39", forgone = "1341.61" },   -- 3200.00 - 1858.39
    open_critical_vulns = { amount = "1161.49", forgone = "1338.51" }, -- 2500.00 - 1161.49
  },
}

-- Refusals ------------------------------------------------------------------------------------

case "a month with no patch figure is refused, not settled as compliant" {
  period = "2027-01",
  outcomes = { availability = "99.95", p1_restore_hours = "0.0", open_critical_vulns = "0" },
  history = { others = quiet },
  error = 'required metric "patch_compliance" has no value',
}

case "a negative vulnerability count is refused" {
  period = "2027-01",
  outcomes = { availability = "99.95", p1_restore_hours = "0.0", patch_compliance = "99.0",
               open_critical_vulns = "-1" },
  history = { others = quiet },
  error = 'below the minimum 0 of "open_critical_vulns"',
}

case "availability to three decimals is refused: the report gives two" {
  period = "2027-01",
  outcomes = { availability = "99.805", p1_restore_hours = "0.0", patch_compliance = "99.0",
               open_critical_vulns = "0" },
  history = { others = quiet },
  error = 'has 3 decimal places; "availability" is measured to 2',
}

case "a month before the contract started is refused" {
  period = "2026-03",
  outcomes = { availability = "99.95", p1_restore_hours = "0.0", patch_compliance = "99.0",
               open_critical_vulns = "0" },
  error = "is outside contract",
}
