-- Test cases for the managed network contract (Halvorsen Logistics / Meridian Netcom).
-- Run them with: oce test contracts/managed-network/contract.lua
--
-- Every amount below was worked out by hand from Schedule 2 before oce was run; the
-- arithmetic is in the comment beside it.
--
-- The sites' availabilities come from an incident log (incidents.csv for October to
-- December 2026, a small log of its own in cases/ for each edge case); outcomes.csv and the
-- cases' outcomes give only the major incidents. Each case pins the availabilities the log
-- gives, `metrics = { ... }`, with the arithmetic: 100 x (agreed - down) / agreed, in
-- seconds, rounded half-even to two places. The agreed service time of a month is 24x7 less
-- two hours each Sunday (02:00 to 04:00 UK time):
--   October 2026   745 h (the clocks go back on the 25th) - 4 x 2 h = 737 h = 2653200 s
--   November 2026  720 h - 5 x 2 h (Sundays 1, 8, 15, 22, 29)   = 710 h = 2556000 s
--   December 2026  744 h - 4 x 2 h                              = 736 h = 2649600 s
--   January 2027   744 h - 5 x 2 h (Sundays 3, 10, 17, 24, 31)  = 734 h = 2642400 s
-- Not counted: time in the Sunday window, and outages of the customer or of force majeure.
-- Overlapping outages of a site count once. The credit bands compare the rounded figure.
--
-- Every month's charges are the same 20805.50:
--   site fees 6800.00 + 4200.00 + 2950.00 + 1875.50 + 1480.00 = 17305.50, plus NOC 3500.00
-- Site credits (Annex B), a percentage of the site's fee:
--   AMS 6800.00:  5 % 340.00   10 % 680.00   20 % 1360.00   40 % 2720.00
--   RTM 4200.00:  5 % 210.00   10 % 420.00   25 % 1050.00
--   ANR 2950.00:  5 % 147.50   15 % 442.50   30 % 885.00
--   DUS 1875.50:  5 % 93.775 -> 93.78   15 % 281.325 -> 281.32   30 % 562.65
--                 (half-even: an exact half cent goes to the even cent)
--   LIL 1480.00: 10 % 148.00   25 % 370.00
-- Para 4.5 holds the site credits to 2500.00 together, shared in proportion: each gets
-- 250000 cents x its credit / their total, rounded down to the cent, and the cents left over
-- go one each to the largest fractions. Para 5: 1250.00 a major incident, at most 5000.00.
-- Para 6: the net is at least 16000.00.
--
-- Why the collar's floor is 0.00: collar_terms tops the site credits up to its `at_least`
-- in every month, even a month in which every site met its level (a "minimum credit" it
-- cannot make depend on a site missing). Raise it only if the schedule really grants a
-- standing minimum credit.

-- The three months of incidents.csv ------------------------------------------------------

case "October 2026, from the incident log: three sites miss, no cap, no floor" {
  period = "2026-10",
  outcomes = "outcomes.csv",
  incidents = "incidents.csv",
  metrics = {
    -- MN-77031 (02:05 to 02:50 on Sunday 11 October) is wholly in the window: not counted.
    availability_ams = "99.99",         -- MN-77093 240 of 2653200 s: 99.990954 -> 99.99
    availability_rtm = "99.91",         -- MN-77064 2400 of 2653200 s: 99.909543 -> 99.91
    -- MN-77058 (3 h 05 min, the customer's forklift) is excluded.
    availability_anr = "99.62",         -- MN-77085 10140 of 2653200 s: 99.617820 -> 99.62
    -- MN-77120 08:10 to 11:25 and MN-77123 11:05 to 12:07 overlap by 20 min: 08:10 to 12:07.
    availability_dus = "99.46",         -- 14220 of 2653200 s: 99.464043 -> 99.46
    -- MN-77102 on 25 October runs 01:20 to 02:48 GMT, after the clocks went back: the window
    -- is 02:00 to 04:00 GMT that day, so 40 min count and 48 do not.
    availability_lil = "99.80",         -- MN-77071 2880 + MN-77102 2400 = 5280 of 2653200 s: 99.800995 -> 99.80
  },
  lines = {
    site_fees = { "6800.00", "4200.00", "2950.00", "1875.50", "1480.00" },
    noc_fee = "3500.00",
    credit_ams = "0.00",                -- 99.99 is not below 99.99
    credit_rtm = "-210.00",             -- 99.91 < 99.95: 5 % of 4200.00
    credit_anr = "-147.50",             -- 99.62 < 99.90, not < 99.50: 5 % of 2950.00
    credit_dus = "-281.32",             -- 99.46 < 99.50, not < 99.00: 15 % of 1875.50 = 281.325
    credit_lil = "0.00",                -- 99.80 is not below 99.50
    major_incident_credit = "0.00",     -- none
  },
  -- site credits 210.00 + 147.50 + 281.32 = 638.82, under 2500.00
  charges = "20805.50",
  credits = "-638.82",
  net = "20166.68",                     -- 20805.50 - 638.82, above the 16000.00 floor
  shortfalls = { availability_rtm = "210.00", availability_anr = "147.50",
                 availability_dus = "281.32" },
}

case "November 2026, from the incident log: every site misses, the collar and the floor bite" {
  period = "2026-11",
  outcomes = "outcomes.csv",
  incidents = "incidents.csv",
  metrics = {
    -- MI-2026-031 on 12 November: AMS down 10:04 to 11:04, the other sites 10:06 to 11:02.
    availability_ams = "99.86",         -- MN-77231 3600 of 2556000 s: 99.859155 -> 99.86
    availability_rtm = "99.41",         -- MN-77232 3360 + MN-77248 11700 (disputed, counted) = 15060 of 2556000 s: 99.410798 -> 99.41
    -- MN-77290 runs from 17:09 on 30 November into December: 6 h 51 min of it in November.
    availability_anr = "98.90",         -- MN-77233 3360 + MN-77290 24660 = 28020 of 2556000 s: 98.903756 -> 98.90
    availability_dus = "99.87",         -- MN-77234 3360 of 2556000 s: 99.868545 -> 99.87
    -- MN-77204 (17 h 17 min, storm flooding) is force majeure: excluded.
    availability_lil = "98.00",         -- MN-77235 3360 + MN-77263 47760 = 51120 of 2556000 s: exactly 98.00
  },
  -- Before para 4.5: AMS 99.86 < 99.90: 20 % = 1360.00; RTM 99.41 < 99.50: 25 % = 1050.00;
  -- ANR 98.90 < 99.00: 30 % = 885.00; DUS 99.87 < 99.90: 5 % = 93.775 -> 93.78;
  -- LIL exactly 98.00 is not below 98.00: 10 % = 148.00. Together 3536.78 > 2500.00.
  -- Shares of 250000 cents:
  --   AMS x 1360.00/3536.78 = 96132.64 -> 96132 (.64)
  --   RTM x 1050.00/3536.78 = 74220.05 -> 74220 (.05)
  --   ANR x  885.00/3536.78 = 62556.90 -> 62556 (.90)
  --   DUS x   93.78/3536.78 =  6628.91 ->  6628 (.91)
  --   LIL x  148.00/3536.78 = 10461.49 -> 10461 (.49)
  --   floors 249997: the 3 cents left go to DUS (.91), ANR (.90) and AMS (.64)
  lines = {
    site_fees = { "6800.00", "4200.00", "2950.00", "1875.50", "1480.00" },
    noc_fee = "3500.00",
    credit_ams = "-961.33",
    credit_rtm = "-742.20",
    credit_anr = "-625.57",
    credit_dus = "-66.29",
    credit_lil = "-104.61",
    major_incident_credit = "-2500.00",  -- 2 x 1250.00, under the 5000.00 cap
    minimum_charge = "194.50",          -- 20805.50 - 2500.00 - 2500.00 = 15805.50; 16000.00 - 15805.50
  },
  charges = "21000.00",                 -- 20805.50 + 194.50
  credits = "-5000.00",                 -- 2500.00 site credits + 2500.00 major incidents
  net = "16000.00",
  shortfalls = {
    availability_ams = { amount = "961.33", forgone = "398.67" },  -- 1360.00 - 961.33
    availability_rtm = { amount = "742.20", forgone = "307.80" },  -- 1050.00 - 742.20
    availability_anr = { amount = "625.57", forgone = "259.43" },  -- 885.00 - 625.57
    availability_dus = { amount = "66.29", forgone = "27.49" },    -- 93.78 - 66.29
    availability_lil = { amount = "104.61", forgone = "43.39" },   -- 148.00 - 104.61
    major_incidents = { amount = "2500.00", forgone = "0.00" },
  },
}

case "December 2026, from the incident log: Lille's only outage is the customer's, two sites on their levels" {
  period = "2026-12",
  outcomes = "outcomes.csv",
  incidents = "incidents.csv",
  metrics = {
    -- MN-77355 on Sunday 13 December runs 02:40 to 04:13: 80 min in the window, 13 counted.
    availability_ams = "99.95",         -- MN-77342 540 + MN-77355 780 = 1320 of 2649600 s: 99.950181 -> 99.95
    availability_rtm = "99.95",         -- MN-77343 1320 of 2649600 s: 99.950181 -> 99.95
    availability_anr = "99.90",         -- MN-77290 00:00 to 00:44 on 1 December, 2640 of 2649600 s: 99.900362 -> 99.90
    -- 13380 s is more than the 13248 s (0.5 %) that would make exactly 99.50, but the
    -- figure rounds half-even to 99.50, which is not below 99.50.
    availability_dus = "99.50",         -- MN-77318 13380 of 2649600 s: 99.495018 -> 99.50
    availability_lil = "100.00",        -- MN-77371 (1 h 15 min) is the customer's: nothing counted
  },
  lines = {
    site_fees = { "6800.00", "4200.00", "2950.00", "1875.50", "1480.00" },
    noc_fee = "3500.00",
    credit_ams = "-340.00",             -- 99.95 < 99.99, not < 99.95: 5 % of 6800.00
    credit_rtm = "0.00",                -- 99.95 is not below 99.95
    credit_anr = "0.00",                -- 99.90 is not below 99.90
    credit_dus = "-93.78",              -- 99.50 < 99.90 but not < 99.50: 5 % = 93.775 -> 93.78
    credit_lil = "0.00",                -- 100.00: no credit
    major_incident_credit = "-1250.00", -- 1 x 1250.00
  },
  charges = "20805.50",
  credits = "-1683.78",                 -- 340.00 + 93.78 + 1250.00
  net = "19121.72",                     -- 20805.50 - 1683.78
  shortfalls = { availability_ams = "340.00", availability_dus = "93.78",
                 major_incidents = "1250.00" },
}

-- Edge cases ---------------------------------------------------------------------------------
-- Each on January 2027 (2642400 s of agreed service time), from a log of its own in cases/.

case "every site exactly on its level: no credit, and the collar adds nothing" {
  period = "2027-01",
  outcomes = { major_incidents = "0" },
  incidents = "cases/on-levels.csv",
  metrics = {
    availability_ams = "99.99",         -- 300 of 2642400 s: 99.988647 -> 99.99
    availability_rtm = "99.95",         -- 1320 of 2642400 s: 99.950045 -> 99.95
    availability_anr = "99.90",         -- 2640 of 2642400 s: 99.900091 -> 99.90
    availability_dus = "99.90",         -- 2580 of 2642400 s: 99.902361 -> 99.90
    availability_lil = "99.50",         -- 13212 of 2642400 s (3 h 40 min 12 s): exactly 99.50
  },
  lines = {
    site_fees = { "6800.00", "4200.00", "2950.00", "1875.50", "1480.00" },
    noc_fee = "3500.00",
  },
  charges = "20805.50", credits = "0.00", net = "20805.50",
  shortfalls = {},
}

case "Duesseldorf exactly 99.00 is the 15 % band, and its half cent rounds to even" {
  period = "2027-01",
  outcomes = { major_incidents = "0" },
  incidents = "cases/dus-99.csv",      -- no incident at Lille
  metrics = {
    availability_ams = "99.99",         -- 300 of 2642400 s: 99.988647 -> 99.99
    availability_rtm = "99.95",         -- 1320 of 2642400 s: 99.950045 -> 99.95
    availability_anr = "99.90",         -- 2640 of 2642400 s: 99.900091 -> 99.90
    availability_dus = "99.00",         -- 26424 of 2642400 s (7 h 20 min 24 s): exactly 99.00
    availability_lil = "100.00",        -- 0 of 2642400 s
  },
  lines = {
    site_fees = { "6800.00", "4200.00", "2950.00", "1875.50", "1480.00" },
    noc_fee = "3500.00",
    credit_dus = "-281.32",             -- 99.00 < 99.50 but not < 99.00: 15 % of 1875.50 = 281.325 -> 281.32
  },
  net = "20524.18",                     -- 20805.50 - 281.32
  shortfalls = { availability_dus = "281.32" },
}

case "the net lands exactly on the 16000.00 floor: no top-up line" {
  period = "2027-01",
  outcomes = { major_incidents = "3" },
  incidents = "cases/net-on-floor.csv",
  metrics = {
    availability_ams = "99.98",         -- 480 of 2642400 s: 99.981835 -> 99.98
    availability_rtm = "99.85",         -- 3960 of 2642400 s: 99.850136 -> 99.85
    availability_anr = "99.70",         -- 7920 of 2642400 s: 99.700272 -> 99.70
    availability_dus = "99.90",         -- 2640 of 2642400 s: 99.900091 -> 99.90
    availability_lil = "99.00",         -- 26400 of 2642400 s: 99.000908 -> 99.00
  },
  lines = {
    site_fees = { "6800.00", "4200.00", "2950.00", "1875.50", "1480.00" },
    noc_fee = "3500.00",
    credit_ams = "-340.00",             -- 99.98 < 99.99: 5 %
    credit_rtm = "-420.00",             -- 99.85 < 99.90, not < 99.50: 10 %
    credit_anr = "-147.50",             -- 99.70 < 99.90, not < 99.50: 5 %
    credit_lil = "-148.00",             -- 99.00 < 99.50, not < 98.00: 10 %
    major_incident_credit = "-3750.00", -- 3 x 1250.00
    minimum_charge = "0.00",            -- 20805.50 - 1055.50 - 3750.00 = 16000.00, not less
  },
  credits = "-4805.50",
  net = "16000.00",
  shortfalls = { availability_ams = "340.00", availability_rtm = "420.00",
                 availability_anr = "147.50", availability_lil = "148.00",
                 major_incidents = "3750.00" },
}

case "one site alone over the site credit cap" {
  period = "2027-01",
  outcomes = { major_incidents = "0" },
  incidents = "cases/ams-over-cap.csv",
  metrics = {
    availability_ams = "99.40",         -- 15840 of 2642400 s: 99.400545 -> 99.40
    availability_rtm = "99.96",         -- 1080 of 2642400 s: 99.959128 -> 99.96
    availability_anr = "99.95",         -- 1320 of 2642400 s: 99.950045 -> 99.95
    availability_dus = "99.99",         -- 300 of 2642400 s: 99.988647 -> 99.99
    availability_lil = "100.00",        -- 120 of 2642400 s: 99.995459 -> 100.00
  },
  lines = {
    site_fees = { "6800.00", "4200.00", "2950.00", "1875.50", "1480.00" },
    noc_fee = "3500.00",
    credit_ams = "-2500.00",            -- 99.40 < 99.50: 40 % = 2720.00, held to 2500.00
  },
  net = "18305.50",                     -- 20805.50 - 2500.00
  shortfalls = { availability_ams = { amount = "2500.00", forgone = "220.00" } },
}

case "every site in its worst band: the cap shares three odd cents" {
  period = "2027-01",
  outcomes = { major_incidents = "0" },
  incidents = "cases/worst-bands.csv",
  metrics = {
    availability_ams = "99.49",         -- 13500 of 2642400 s: 99.489101 -> 99.49
    availability_rtm = "99.49",         -- 13500 of 2642400 s: 99.489101 -> 99.49
    availability_anr = "98.99",         -- 26700 of 2642400 s: 98.989555 -> 98.99
    availability_dus = "98.99",         -- 26700 of 2642400 s: 98.989555 -> 98.99
    availability_lil = "97.99",         -- 53040 of 2642400 s: 97.992734 -> 97.99
  },
  -- Before para 4.5: AMS 40 % 2720.00, RTM 25 % 1050.00, ANR 30 % 885.00, DUS 30 % 562.65,
  -- LIL 25 % 370.00; together 5587.65. Shares of 250000 cents:
  --   AMS x 2720.00/5587.65 = 121696.96 -> 121696 (.96)
  --   RTM x 1050.00/5587.65 =  46978.60 ->  46978 (.60)
  --   ANR x  885.00/5587.65 =  39596.25 ->  39596 (.25)
  --   DUS x  562.65/5587.65 =  25173.82 ->  25173 (.82)
  --   LIL x  370.00/5587.65 =  16554.37 ->  16554 (.37)
  --   floors 249997: 3 cents to AMS (.96), DUS (.82) and RTM (.60)
  lines = {
    site_fees = { "6800.00", "4200.00", "2950.00", "1875.50", "1480.00" },
    noc_fee = "3500.00",
    credit_ams = "-1216.97",
    credit_rtm = "-469.79",
    credit_anr = "-395.96",
    credit_dus = "-251.74",
    credit_lil = "-165.54",
  },
  credits = "-2500.00",
  net = "18305.50",                     -- 20805.50 - 2500.00
  shortfalls = {
    availability_ams = { amount = "1216.97", forgone = "1503.03" },
    availability_rtm = { amount = "469.79", forgone = "580.21" },
    availability_anr = { amount = "395.96", forgone = "489.04" },
    availability_dus = { amount = "251.74", forgone = "310.91" },
    availability_lil = { amount = "165.54", forgone = "204.46" },
  },
}

case "five major incidents: the 5000.00 cap, then the floor raises the net" {
  period = "2027-01",
  outcomes = { major_incidents = "5" },
  incidents = "cases/five-majors.csv",
  metrics = {
    availability_ams = "100.00",        -- no incident
    availability_rtm = "100.00",        -- no incident
    availability_anr = "99.99",         -- 300 of 2642400 s: 99.988647 -> 99.99
    availability_dus = "98.99",         -- 26700 of 2642400 s: 98.989555 -> 98.99
    availability_lil = "98.00",         -- 52848 of 2642400 s (14 h 40 min 48 s): exactly 98.00
  },
  lines = {
    site_fees = { "6800.00", "4200.00", "2950.00", "1875.50", "1480.00" },
    noc_fee = "3500.00",
    credit_dus = "-562.65",             -- 98.99 < 99.00: 30 % of 1875.50
    credit_lil = "-148.00",             -- 98.00 is not below 98.00: the 10 % band
    major_incident_credit = "-5000.00", -- 5 x 1250.00 = 6250.00, held to 5000.00
    minimum_charge = "905.15",          -- 20805.50 - 710.65 - 5000.00 = 15094.85; 16000.00 - 15094.85
  },
  charges = "21710.65",                 -- 20805.50 + 905.15
  credits = "-5710.65",
  net = "16000.00",
  shortfalls = { availability_dus = "562.65", availability_lil = "148.00",
                 major_incidents = "5000.00" },
}

case "a missing count of major incidents is refused" {
  period = "2027-01",
  outcomes = {},
  incidents = "cases/on-levels.csv",
  error = 'required metric "major_incidents" has no value',
}

case "an availability in the outcomes is refused: it comes from the incident log" {
  period = "2027-01",
  outcomes = { availability_ams = "100.01", major_incidents = "0" },
  incidents = "cases/on-levels.csv",
  error = 'metric "availability_ams" is derived from the incident log; it is not measured',
}

case "settling without the incident log is refused" {
  period = "2026-10",
  outcomes = "outcomes.csv",
  error = 'derives metrics from its incident log: give it',
}

case "a negative count of major incidents is refused" {
  period = "2027-01",
  outcomes = { major_incidents = "-1" },
  incidents = "cases/on-levels.csv",
  error = 'is below the minimum 0 of "major_incidents"',
}
