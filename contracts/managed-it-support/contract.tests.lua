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

-- The three months in outcomes.csv ---------------------------------------------------------

case "October 2026, from the outcomes file: four credits under the fees at risk, and the bonus" {
  period = "2026-10",
  outcomes = "outcomes.csv",
  lines = {
    support_fee = "38450.00",
    availability_credit = "-1153.50",   -- 99.62 <= 99.80 but > 99.50: 3 % of 38450.00
    patch_credit = "-769.00",           -- 93.4 < 95.0 but not < 90.0: 2 % of 38450.00
    p1_restore_credit = "-800.00",      -- 5.5 h is 1.5 h beyond 4: 2 started hours x 400.00
    vulnerability_credit = "-250.00",   -- 3 open, 2 free: 1 x 250.00
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
    csat_bonus = "576.75",              -- 8.5 is at least 8.5: 1.5 % of 38450.00
  },
  charges = "39026.75",                 -- 38450.00 + 576.75
  credits = "-1153.50",
  net = "37873.25",                     -- 39026.75 - 1153.50
  shortfalls = { availability = "1153.50" },
}

-- Edge cases ---------------------------------------------------------------------------------

case "availability exactly 99.50 is the 7.5 % band: 'or less' includes the threshold" {
  period = "2027-01",
  outcomes = { availability = "99.50", p1_restore_hours = "0.0", patch_compliance = "97.2",
               open_critical_vulns = "0" },
  lines = { support_fee = "38450.00", availability_credit = "-2883.75" },  -- 7.5 % of 38450.00
  credits = "-2883.75",
  net = "35566.25",                     -- 38450.00 - 2883.75; csat not given: no bonus
  shortfalls = { availability = "2883.75" },
}

case "availability 99.81 misses the 99.90 target but is above the first credit band" {
  period = "2027-01",
  outcomes = { availability = "99.81", p1_restore_hours = "1.2", patch_compliance = "96.0",
               open_critical_vulns = "1", csat = "8.4" },
  lines = { support_fee = "38450.00" },  -- no credit: 99.81 > 99.80; no bonus: 8.4 < 8.5
  net = "38450.00",
  shortfalls = {},                      -- a miss with no credit has no shortfall entry
}

case "patch compliance exactly 90.0 is the 2 % band, not 4 %" {
  period = "2027-01",
  outcomes = { availability = "99.90", p1_restore_hours = "3.9", patch_compliance = "90.0",
               open_critical_vulns = "2", csat = "9.0" },
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

case "a month with no patch figure is refused, not settled as compliant" {
  period = "2027-01",
  outcomes = { availability = "99.95", p1_restore_hours = "0.0", open_critical_vulns = "0" },
  error = 'required metric "patch_compliance" has no value',
}

case "a negative vulnerability count is refused" {
  period = "2027-01",
  outcomes = { availability = "99.95", p1_restore_hours = "0.0", patch_compliance = "99.0",
               open_critical_vulns = "-1" },
  error = 'below the minimum 0 of "open_critical_vulns"',
}

case "availability to three decimals is refused: the report gives two" {
  period = "2027-01",
  outcomes = { availability = "99.805", p1_restore_hours = "0.0", patch_compliance = "99.0",
               open_critical_vulns = "0" },
  error = 'has 3 decimal places; "availability" is measured to 2',
}

case "a month before the contract started is refused" {
  period = "2026-03",
  outcomes = { availability = "99.95", p1_restore_hours = "0.0", patch_compliance = "99.0",
               open_critical_vulns = "0" },
  error = "is outside contract",
}
