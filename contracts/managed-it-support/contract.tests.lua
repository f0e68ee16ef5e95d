-- Test cases for the managed IT support contract (Fernhollow Care Group / Quillstone).
-- Run them with: oce test contracts/managed-it-support/contract.lua
--
-- Every amount and derived value below was worked out from Schedule 3 and the incident
-- times before oce was run; the arithmetic is in the comment beside it. The monthly support charge is 38,450.00, so:
--   3 % = 1153.50    7.5 % = 2883.75    15 % = 5767.50 (held to the 5,000.00 cap)
--   2 % = 769.00     4 % = 1538.00      6 % = 2307.00
--   fees at risk 12.5 % = 4806.25       bonus 1.5 % = 576.75
-- When the fees at risk bite, the 4806.25 is shared in proportion to each credit: every
-- credit gets 480625 pence x its credit / the total, rounded down to the penny, and the
-- pence left over go one each to the largest fractions (the earlier credit on a tie).
--
-- Availability (para 2.1) and the P1 restore time (para 2.2) are not measured: they come
-- from the incident log the case gives in `incidents`, and `metrics` pins what the log comes
-- to, with the arithmetic beside it. The year's cases read incidents.csv; each edge case has
-- a small log of its own in cases/, and cases/none.csv is a log with no incident in it.
--
-- Availability: each of the four services has the month less its maintenance windows (every
-- Sunday 02:00 to 04:00 UK time, and 20:00 to 23:00 on 9 December 2026); the four together
-- are the agreed service time T, and availability is 100 x (T - D) / T for the D seconds
-- counted down, rounded half-even to two places. A month with no incident is 100.00.
--   month     hours in it                    less windows    a service   T, seconds
--   2026-04   720                            4 Sundays       712 h       10252800
--   2026-05   744                            5 Sundays       734 h       10569600
--   2026-06   720                            4 Sundays       712 h       10252800
--   2026-07   744                            4 Sundays       736 h       10598400
--   2026-08   744                            5 Sundays       734 h       10569600
--   2026-09   720                            4 Sundays       712 h       10252800
--   2026-10   745 (clocks back, the 25th)    4 Sundays       737 h       10612800
--   2026-11   720                            5 Sundays       710 h       10224000
--   2026-12   744                            4 Sundays, 3 h  733 h       10555200
--   2027-01   744                            5 Sundays       734 h       10569600
--   2027-02   672                            4 Sundays       664 h        9561600
--   2027-03   743 (clocks forward, the 28th) 4 Sundays       735 h       10584000
-- Not counted: time inside a window, time of the customer's or force majeure incidents, and
-- a second incident's time where it overlaps one already counted on the same service.
-- The P1 restore time is the longest start-to-end, in clock hours, of the P1 incidents
-- restored in the month that count against the supplier, rounded up to a tenth of an hour;
-- 0.0 when none was restored in it.
--
-- Para 4.6 (earn-back) looks back three months, so every case settles the months before its
-- own from 2026-04, the first month of the contract: a case reading outcomes.csv takes their
-- measures from the file and their availability and P1 restore time from the same log; the
-- other cases give their measures in `history`, most as a quiet month at target, and take
-- the rest from their own log. The earn-back of a month is the availability credit of the
-- month three before it, as that credit was given (after paras 4.1 and 4.5), when
-- availability met 99.90 in the two months between and meets it in this one; otherwise its
-- line is 0.00.

-- The measures of a month with every one at or better than its level and no survey: with no
-- incident in the log for it, no line but the fee.
local quiet = { patch_compliance = "97.5", open_critical_vulns = "0" }

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

-- The first contract year, 2026-04 to 2027-03, from outcomes.csv and incidents.csv -------
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
  incidents = "incidents.csv",
  -- T 10252800 s. Counted down: email 57 min on Easter Monday, a public holiday counted like
  -- any day (INC-45530), and remote access 45 min (INC-45811): 6120 s. INC-45702, 02:15 to
  -- 03:40 on Sunday 19 April, is all inside the window. 100 x (10252800 - 6120) / 10252800 =
  -- 99.9403. No P1 incident: 0.0 h.
  metrics = { availability = "99.94", p1_restore_hours = "0.0" },
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
  incidents = "incidents.csv",
  -- T 10569600 s. The SAN failure of 12 May: EPR gateway 09:12 to 13:36, 264 min (INC-46107),
  -- file and print 09:12 to 17:55, 523 min (INC-46108); INC-46112, 09:40 to 10:30 on file and
  -- print, overlaps INC-46108 and adds nothing. With remote access 180 min (INC-46390, the
  -- supplier's authentication provider: counted) and email 70 (INC-46455): 1037 min, 62220 s.
  -- 100 x (10569600 - 62220) / 10569600 = 99.4113. P1: INC-46107, 4 h 24 min = 4.4 h.
  metrics = { availability = "99.41", p1_restore_hours = "4.4" },
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
  incidents = "incidents.csv",
  -- T 10252800 s. INC-46822, remote access, 03:15 to 05:21 on Sunday 14 June: 45 min inside
  -- the window, 81 min (4860 s) after it. 100 x (10252800 - 4860) / 10252800 = 99.9526.
  -- P1: INC-46822 took 2 h 6 min = 2.1 h, the window included.
  metrics = { availability = "99.95", p1_restore_hours = "2.1" },
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
  incidents = "incidents.csv",
  -- T 10598400 s. Email 25 min (INC-47105) and the EPR gateway from 21:30 on 31 July to
  -- midnight, 150 min (INC-47530, restored in August): 175 min, 10500 s. 100 x (10598400 -
  -- 10500) / 10598400 = 99.9009, 99.90. No P1 restored in July: 0.0 h.
  metrics = { availability = "99.90", p1_restore_hours = "0.0" },
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
  incidents = "incidents.csv",
  -- T 10569600 s. Only INC-47530's 60 min after midnight on 1 August: 3600 s. 100 x (10569600
  -- - 3600) / 10569600 = 99.9659. P1: INC-47530, 21:30 to 01:00 = 3.5 h, restored in August.
  metrics = { availability = "99.97", p1_restore_hours = "3.5" },
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
  incidents = "incidents.csv",
  -- T 10252800 s. Email 125 min (INC-47711), remote access 108 (INC-47962), file and print
  -- 180 (INC-48102): 413 min, 24780 s. 100 x (10252800 - 24780) / 10252800 = 99.7583.
  -- P1: INC-47962, 08:40 to 10:28 = 1.8 h.
  metrics = { availability = "99.76", p1_restore_hours = "1.8" },
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
  incidents = "incidents.csv",
  -- T 10612800 s (745 h: the clocks went back on Sunday 25 October). File and print 330 min
  -- (INC-48821) and 100 (INC-49160: 01:20 BST to 02:30 GMT is 2 h 10 min, the last 30 inside
  -- that Sunday's window, from 02:00 GMT); EPR gateway 164 (INC-48990); remote access 75
  -- (INC-49044): 669 min, 40140 s. INC-49102, the EPR gateway down 6 h 10 min on 22 October,
  -- was the customer's: not counted. 100 x (10612800 - 40140) / 10612800 = 99.6218.
  -- P1: INC-48821, 07:50 to 13:20 = 5.5 h (the customer's INC-49102, 6.2 h, is not counted).
  metrics = { availability = "99.62", p1_restore_hours = "5.5" },
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
  incidents = "incidents.csv",
  -- T 10224000 s. The certificate expiry of Saturday 21 and Sunday 22 November, less the 2 h
  -- of each in the Sunday window: email 624 - 120 = 504 min (INC-49306), remote access 576 -
  -- 120 = 456 (INC-49307), EPR gateway 330, restored by 01:35 (INC-49309). With file and print
  -- 360 (INC-49201) and email 140 (INC-49255): 1790 min, 107400 s. 100 x (10224000 - 107400)
  -- / 10224000 = 98.9495. P1: INC-49306, 19:48 to 06:12 = 10.4 h, the window included.
  metrics = { availability = "98.95", p1_restore_hours = "10.4" },
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
  incidents = "incidents.csv",
  -- T 10555200 s (733 h: less the 3 h window of the 9th). The core switch upgrade: EPR gateway
  -- and file and print down 22:45 to 00:10, 15 min of it in the window and 70 after it, each
  -- (INC-50021, INC-50022); remote access 01:45 to 05:45 on Sunday 13 December, 120 min
  -- outside the window (INC-50117); email 32 min on Christmas Day (INC-50380); the EPR gateway
  -- from 23:00 on the 31st, 60 min to midnight (INC-50688): 352 min, 21120 s. 100 x (10555200
  -- - 21120) / 10555200 = 99.7999, 99.80. P1: INC-50117 took 4.0 h exactly (INC-50688 is
  -- restored in January).
  metrics = { availability = "99.80", p1_restore_hours = "4.0" },
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
  incidents = "incidents.csv",
  -- T 10569600 s. INC-50688's 120 min after midnight on New Year's Day: 7200 s. INC-50802 (file
  -- and print, storm flooding) is force majeure: not counted. 100 x (10569600 - 7200) /
  -- 10569600 = 99.9319. P1: INC-50688, 23:00 on 31 December to 02:00 = 3.0 h.
  metrics = { availability = "99.93", p1_restore_hours = "3.0" },
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
  incidents = "incidents.csv",
  -- T 9561600 s. Email 70 min (INC-51003) and remote access 55 (INC-51090): 125 min, 7500 s.
  -- 100 x (9561600 - 7500) / 9561600 = 99.9216. No P1 incident: 0.0 h.
  metrics = { availability = "99.92", p1_restore_hours = "0.0" },
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
  incidents = "incidents.csv",
  -- T 10584000 s (743 h: the clocks went forward on the 28th). EPR gateway 02:30 to 04:54 on
  -- Sunday 21 March, 54 min after the window (INC-51274); remote access from 23:45 on the 31st,
  -- still open, counted to midnight: 15 min (INC-51390). 69 min, 4140 s. 100 x (10584000 -
  -- 4140) / 10584000 = 99.9609. P1: INC-51274 took 2.4 h, the window included.
  metrics = { availability = "99.96", p1_restore_hours = "2.4" },
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
--
-- Each gives January 2027 its own log in cases/, with no incident in the months before it
-- (availability 100.00, no P1). T for January is 10569600 s (734 h for each of 4 services).

case "availability exactly 99.50 is the 7.5 % band: 'or less' includes the threshold" {
  period = "2027-01",
  outcomes = { patch_compliance = "97.2", open_critical_vulns = "0" },
  incidents = "cases/availability-99.50.csv",
  history = { others = quiet },
  -- file and print down 11 h (39600 s) and the EPR gateway 3 h 40 min 48 s (13248 s): 52848 s,
  -- T / 200. 100 x (10569600 - 52848) / 10569600 = 99.50 exactly, no rounding. No P1.
  metrics = { availability = "99.50", p1_restore_hours = "0.0" },
  lines = { support_fee = "38450.00", availability_credit = "-2883.75" },  -- 7.5 % of 38450.00
  credits = "-2883.75",
  net = "35566.25",                     -- 38450.00 - 2883.75; csat not given: no bonus
  shortfalls = { availability = "2883.75" },
}

case "availability 99.81 misses the 99.90 target but is above the first credit band" {
  period = "2027-01",
  outcomes = { patch_compliance = "96.0", open_critical_vulns = "1", csat = "8.4" },
  incidents = "cases/availability-99.81.csv",
  history = { others = quiet },
  -- an email P1 of 1 h 12 min (4320 s) and file and print 4 h 20 min (15600 s): 19920 s.
  -- 100 x (10569600 - 19920) / 10569600 = 99.8115. P1 1.2 h.
  metrics = { availability = "99.81", p1_restore_hours = "1.2" },
  lines = { support_fee = "38450.00" },  -- no credit: 99.81 > 99.80; no bonus: 8.4 < 8.5
  net = "38450.00",
  shortfalls = {},                      -- a miss with no credit has no shortfall entry
}

case "patch compliance exactly 90.0 is the 2 % band, not 4 %" {
  period = "2027-01",
  outcomes = { patch_compliance = "90.0", open_critical_vulns = "2", csat = "9.0" },
  incidents = "cases/patch-90.csv",
  history = { others = quiet },
  -- a remote access P1 from 03:01 to 06:55 on Sunday 10 January: 3 h 54 min = 3.9 h, under 4,
  -- of which 175 min (10500 s) after the window. 100 x (10569600 - 10500) / 10569600 =
  -- 99.9007, 99.90: on the target.
  metrics = { availability = "99.90", p1_restore_hours = "3.9" },
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
  outcomes = { patch_compliance = "98.5", open_critical_vulns = "0", csat = "7.9" },
  incidents = "cases/availability-97.40.csv",
  history = { others = quiet },
  -- an email P1 of 2 h (7200 s); a storage failure, file and print 34 h (122400 s) and the
  -- EPR gateway 32 h (115200 s); remote access 8 h 20 min (30000 s): 274800 s.
  -- 100 x (10569600 - 274800) / 10569600 = 97.4001. P1 2.0 h.
  metrics = { availability = "97.40", p1_restore_hours = "2.0" },
  -- 97.40 <= 99.00: 15 % = 5767.50, held to 5000.00 by para 4.1; the only credit, and
  -- 5000.00 > 4806.25, so para 4.5 takes it to 4806.25 (767.50 + 193.75 forgone)
  lines = { support_fee = "38450.00", availability_credit = "-4806.25" },
  net = "33643.75",                     -- 38450.00 - 4806.25; 7.9 < 8.5: no bonus
  shortfalls = { availability = { amount = "4806.25", forgone = "961.25" } },
}

case "P1 credit exactly at its cap, vulnerability credit over its cap" {
  period = "2027-01",
  outcomes = { patch_compliance = "99.0", open_critical_vulns = "9", csat = "8.8" },
  incidents = "cases/p1-at-cap.csv",
  history = { others = quiet },
  -- a remote access P1 from 19:00 on 31 December to 05:00 on New Year's Day: 10.0 h, restored
  -- in January, 5 h (18000 s) of it in each month. January 100 x (10569600 - 18000) /
  -- 10569600 = 99.8297 (December 99.8295): both 99.83, below the target but above the 99.80
  -- band, so no availability credit. A 10 h P1 of one service cannot leave a month at 99.90.
  metrics = { availability = "99.83", p1_restore_hours = "10.0" },
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
  outcomes = { patch_compliance = "79.9", open_critical_vulns = "3" },
  incidents = "cases/availability-99.00.csv",
  history = { others = quiet },
  -- an email P1 of 4 h 6 min (14760 s) and file and print 25 h 15 min 36 s (90936 s): 105696 s,
  -- T / 100. 100 x (10569600 - 105696) / 10569600 = 99.00 exactly. P1 4.1 h.
  metrics = { availability = "99.00", p1_restore_hours = "4.1" },
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

case "availability is taken to two places: 99.8013 % is 99.80, the 3 % band" {
  period = "2027-01",
  outcomes = quiet,
  incidents = "cases/availability-rounded.csv",
  history = { others = quiet },
  -- file and print down 5 h 50 min: 21000 s. 100 x (10569600 - 21000) / 10569600 = 99.80132...,
  -- 99.80 to the two places of para 2.1, and 99.80 is "99.80 % or less"
  metrics = { availability = "99.80", p1_restore_hours = "0.0" },
  lines = { support_fee = "38450.00", availability_credit = "-1153.50" },  -- 3 % of 38450.00
  credits = "-1153.50",
  net = "37296.50",                     -- 38450.00 - 1153.50
  shortfalls = { availability = "1153.50" },
}

case "a P1 restored a minute over 4 hours is 4.1 h: the part of an hour is credited" {
  period = "2027-01",
  outcomes = quiet,
  incidents = "cases/p1-minute-over.csv",
  history = { others = quiet },
  -- an email P1 from 09:00 to 13:01: 4 h 1 min = 4.0167 h, rounded up to 4.1 (half-even would
  -- make it 4.0 and no credit). 14460 s down: 100 x (10569600 - 14460) / 10569600 = 99.8632.
  metrics = { availability = "99.86", p1_restore_hours = "4.1" },
  lines = {
    support_fee = "38450.00",
    availability_credit = "0.00",       -- 99.86 is above 99.80
    p1_restore_credit = "-400.00",      -- 0.1 h beyond 4: 1 started hour x 400.00
  },
  credits = "-400.00",
  net = "38050.00",                     -- 38450.00 - 400.00
  shortfalls = { p1_restore_hours = "400.00" },
}

-- Edge cases of the earn-back, para 4.6 -------------------------------------------------------
--
-- In each log October's availability credit, where there is one, is file and print down
-- 11 h 10 min on 13 October: 40200 s of 10612800, 100 x (10612800 - 40200) / 10612800 =
-- 99.6212, 99.62: 3 %, 1153.50.

case "earned back when availability lands exactly on 99.90 in each of the three months" {
  period = "2027-01",
  outcomes = quiet,
  incidents = "cases/earn-back-at-99.90.csv",
  history = { others = quiet },
  -- October 99.62: 3 % credit, 1153.50. Then email down 170 min in November, 10200 s of
  -- 10224000: 99.9002; 175 min in December, 10500 of 10555200: 99.9005; 176 min in January,
  -- 10560 of 10569600: 99.9001. Each is 99.90 to two places, and 99.90 is not below 99.90.
  metrics = { availability = "99.90", p1_restore_hours = "0.0" },
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
  incidents = "cases/earn-back-missed-between.csv",
  history = { others = quiet },
  -- October 99.62: 3 % credit, 1153.50. November: email down 186 min, 11160 s of 10224000:
  -- 99.8908, 99.89, below 99.90 and above 99.80, so no credit. No incident in December or
  -- January: 100.00.
  metrics = { availability = "100.00", p1_restore_hours = "0.0" },
  lines = { support_fee = "38450.00", availability_earn_back = "0.00" },
  charges = "38450.00",
  net = "38450.00",
  shortfalls = {},
}

case "not earned back when the third month itself misses" {
  period = "2027-01",
  outcomes = quiet,
  incidents = "cases/earn-back-missed-third.csv",
  history = { others = quiet },
  -- October 99.62: 3 % credit, 1153.50; November and December 100.00. January: email down
  -- 264 min, 15840 s: 100 x (10569600 - 15840) / 10569600 = 99.8501, 99.85: below 99.90,
  -- above 99.80, no credit.
  metrics = { availability = "99.85", p1_restore_hours = "0.0" },
  lines = { support_fee = "38450.00", availability_credit = "0.00",
            availability_earn_back = "0.00" },
  net = "38450.00",
  shortfalls = {},                      -- a miss with no credit has no shortfall entry
}

case "nothing to earn back with no availability credit three months back" {
  period = "2027-01",
  outcomes = quiet,
  incidents = "cases/earn-back-none-due.csv",
  history = {
    -- October: patch and vulnerability credits (769.00 and 750.00), which para 4.6 does
    -- not earn back, and no availability credit (no incident: 100.00)
    ["2026-10"] = quiet_but { patch_compliance = "93.4", open_critical_vulns = "5" },
    others = quiet,
  },
  -- November: an availability credit, but only two months back, so not yet due: file and
  -- print down 10 h 50 min, 39000 s of 10224000: 99.6185, 99.62, 3 %. January 100.00.
  metrics = { availability = "100.00", p1_restore_hours = "0.0" },
  lines = { support_fee = "38450.00", availability_earn_back = "0.00" },
  net = "38450.00",
  shortfalls = {},
}

case "the earn-back returns the credit as given after the caps, not the 15 % band" {
  period = "2027-01",
  outcomes = quiet,
  incidents = "cases/earn-back-after-caps.csv",
  history = { others = quiet },
  -- October: a storage failure, file and print down 40 h (144000 s) and the EPR gateway
  -- 36 h 38 min (131880 s): 275880 s of 10612800, 100 x (10612800 - 275880) / 10612800 =
  -- 97.4005, 97.40. 15 % = 5767.50, held to 5000.00 by para 4.1 and to 4806.25 by para 4.5.
  -- November to January: no incident, 100.00.
  metrics = { availability = "100.00", p1_restore_hours = "0.0" },
  lines = { support_fee = "38450.00", availability_earn_back = "4806.25" },
  charges = "43256.25",                 -- 38450.00 + 4806.25
  net = "43256.25",
  shortfalls = {},
}

case "the earn-back is paid in full in a month the fees at risk bite: para 4.5 is not on it" {
  period = "2027-01",
  outcomes = { patch_compliance = "70.0", open_critical_vulns = "12" },
  incidents = "cases/earn-back-fees-at-risk.csv",
  history = { others = quiet },
  -- October 99.62: 3 % credit, 1153.50; November 100.00. A remote access P1 from 20:57 on
  -- 31 December to 03:03 on New Year's Day: 6 h 6 min = 6.1 h, restored in January, 3 h 3 min
  -- (10980 s) of it in each month. December 100 x (10555200 - 10980) / 10555200 = 99.8960,
  -- January 100 x (10569600 - 10980) / 10569600 = 99.8961: both 99.90 to two places, so both
  -- meet the target. (A P1 of one service much longer than 6.1 h would take a month below
  -- 99.895 and lose the earn-back: the long P1 is split over the month end to fit.)
  metrics = { availability = "99.90", p1_restore_hours = "6.1" },
  -- Before para 4.5: patch 70.0 < 80.0: 6 % = 2307.00; P1 6.1 h is 2.1 h beyond 4: 3 started
  -- hours x 400.00 = 1200.00; vulns 12 - 2 = 10 x 250.00 = 2500.00, held to 1500.00.
  -- Together 5007.00 > 4806.25. Shares of 480625 pence over 5007.00:
  --   patch  x 2307/5007 = 221450.34 -> 221450 (.34)
  --   P1     x 1200/5007 = 115188.74 -> 115188 (.74)
  --   vulns  x 1500/5007 = 143985.92 -> 143985 (.92)
  --   floors 480623: 2 pence, to vulns (.92) and P1 (.74)
  lines = {
    support_fee = "38450.00",
    patch_credit = "-2214.50",
    p1_restore_credit = "-1151.89",
    vulnerability_credit = "-1439.86",
    availability_earn_back = "1153.50", -- October's 1153.50: November, December, January met
  },
  charges = "39603.50",                 -- 38450.00 + 1153.50
  credits = "-4806.25",                 -- 2214.50 + 1151.89 + 1439.86
  net = "34797.25",                     -- 39603.50 - 4806.25
  shortfalls = {
    patch_compliance = { amount = "2214.50", forgone = "92.50" },      -- 2307.00 - 2214.50
    p1_restore_hours = { amount = "1151.89", forgone = "48.11" },      -- 1200.00 - 1151.89
    open_critical_vulns = { amount = "1439.86", forgone = "1060.14" }, -- 2500.00 - 1439.86
  },
}

-- Refusals ------------------------------------------------------------------------------------

case "a month with no patch figure is refused, not settled as compliant" {
  period = "2027-01",
  outcomes = { open_critical_vulns = "0" },
  incidents = "cases/none.csv",
  history = { others = quiet },
  error = 'required metric "patch_compliance" has no value',
}

case "a negative vulnerability count is refused" {
  period = "2027-01",
  outcomes = { patch_compliance = "99.0", open_critical_vulns = "-1" },
  incidents = "cases/none.csv",
  history = { others = quiet },
  error = 'below the minimum 0 of "open_critical_vulns"',
}

case "a measured availability is refused: para 2.1 takes it from the incident log" {
  period = "2027-01",
  outcomes = { availability = "99.95", patch_compliance = "99.0", open_critical_vulns = "0" },
  incidents = "cases/none.csv",
  history = { others = quiet },
  error = 'metric "availability" is derived from the incident log; it is not measured',
}

case "patch compliance to two decimals is refused: the console gives one" {
  period = "2027-01",
  outcomes = { patch_compliance = "96.45", open_critical_vulns = "0" },
  incidents = "cases/none.csv",
  history = { others = quiet },
  error = 'has 2 decimal places; "patch_compliance" is measured to 1',
}

case "a month before the contract started is refused" {
  period = "2026-03",
  outcomes = { patch_compliance = "99.0", open_critical_vulns = "0" },
  incidents = "cases/none.csv",
  error = "is outside contract",
}
