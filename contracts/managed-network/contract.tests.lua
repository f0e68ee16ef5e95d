-- Test cases for the managed network contract (Halvorsen Logistics / Meridian Netcom).
-- Run them with: oce test contracts/managed-network/contract.lua
--
-- Every amount below was worked out by hand from Schedule 2 before oce was run; the
-- arithmetic is in the comment beside it.
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

-- The three months in outcomes.csv ---------------------------------------------------------

case "October 2026, from the outcomes file: three sites miss, no cap, no floor" {
  period = "2026-10",
  outcomes = "outcomes.csv",
  lines = {
    site_fees = { "6800.00", "4200.00", "2950.00", "1875.50", "1480.00" },
    noc_fee = "3500.00",
    credit_ams = "0.00",                -- 99.99 is not below 99.99
    credit_rtm = "-210.00",             -- 99.91 < 99.95: 5 % of 4200.00
    credit_anr = "-147.50",             -- 99.62 < 99.90, not < 99.50: 5 % of 2950.00
    credit_dus = "-281.32",             -- 99.47 < 99.50, not < 99.00: 15 % of 1875.50 = 281.325
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

case "November 2026, from the outcomes file: every site misses, the collar and the floor bite" {
  period = "2026-11",
  outcomes = "outcomes.csv",
  -- Before para 4.5: AMS 99.86 < 99.90: 20 % = 1360.00; RTM 99.41 < 99.50: 25 % = 1050.00;
  -- ANR 98.90 < 99.00: 30 % = 885.00; DUS 99.87 < 99.90: 5 % = 93.775 -> 93.78;
  -- LIL 97.60 < 98.00: 25 % = 370.00. Together 3758.78 > 2500.00. Shares of 250000 cents:
  --   AMS x 1360.00/3758.78 = 90454.88 -> 90454 (.88)
  --   RTM x 1050.00/3758.78 = 69836.49 -> 69836 (.49)
  --   ANR x  885.00/3758.78 = 58862.18 -> 58862 (.18)
  --   DUS x   93.78/3758.78 =  6237.40 ->  6237 (.40)
  --   LIL x  370.00/3758.78 = 24609.05 -> 24609 (.05)
  --   floors 249998: the 2 cents left go to AMS (.88) and RTM (.49)
  lines = {
    site_fees = { "6800.00", "4200.00", "2950.00", "1875.50", "1480.00" },
    noc_fee = "3500.00",
    credit_ams = "-904.55",
    credit_rtm = "-698.37",
    credit_anr = "-588.62",
    credit_dus = "-62.37",
    credit_lil = "-246.09",
    major_incident_credit = "-2500.00",  -- 2 x 1250.00, under the 5000.00 cap
    minimum_charge = "194.50",          -- 20805.50 - 2500.00 - 2500.00 = 15805.50; 16000.00 - 15805.50
  },
  charges = "21000.00",                 -- 20805.50 + 194.50
  credits = "-5000.00",                 -- 2500.00 site credits + 2500.00 major incidents
  net = "16000.00",
  shortfalls = {
    availability_ams = { amount = "904.55", forgone = "455.45" },  -- 1360.00 - 904.55
    availability_rtm = { amount = "698.37", forgone = "351.63" },  -- 1050.00 - 698.37
    availability_anr = { amount = "588.62", forgone = "296.38" },  -- 885.00 - 588.62
    availability_dus = { amount = "62.37", forgone = "31.41" },    -- 93.78 - 62.37
    availability_lil = { amount = "246.09", forgone = "123.91" },  -- 370.00 - 246.09
    major_incidents = { amount = "2500.00", forgone = "0.00" },
  },
}

case "December 2026, from the outcomes file: Lille not reported, two sites on their levels" {
  period = "2026-12",
  outcomes = "outcomes.csv",
  lines = {
    site_fees = { "6800.00", "4200.00", "2950.00", "1875.50", "1480.00" },
    noc_fee = "3500.00",
    credit_ams = "-340.00",             -- 99.97 < 99.99, not < 99.95: 5 % of 6800.00
    credit_rtm = "0.00",                -- 99.95 is not below 99.95
    credit_anr = "0.00",                -- 99.90 is not below 99.90
    credit_dus = "-93.78",              -- 99.50 < 99.90 but not < 99.50: 5 % = 93.775 -> 93.78
    credit_lil = "0.00",                -- no reading: treated as met (para 4.4)
    major_incident_credit = "-1250.00", -- 1 x 1250.00
  },
  charges = "20805.50",
  credits = "-1683.78",                 -- 340.00 + 93.78 + 1250.00
  net = "19121.72",                     -- 20805.50 - 1683.78
  shortfalls = { availability_ams = "340.00", availability_dus = "93.78",
                 major_incidents = "1250.00" },
}

-- Edge cases ---------------------------------------------------------------------------------

case "every site exactly on its level: no credit, and the collar adds nothing" {
  period = "2027-01",
  outcomes = { availability_ams = "99.99", availability_rtm = "99.95", availability_anr = "99.90",
               availability_dus = "99.90", availability_lil = "99.50", major_incidents = "0" },
  lines = {
    site_fees = { "6800.00", "4200.00", "2950.00", "1875.50", "1480.00" },
    noc_fee = "3500.00",
  },
  charges = "20805.50", credits = "0.00", net = "20805.50",
  shortfalls = {},
}

case "Duesseldorf exactly 99.00 is the 15 % band, and its half cent rounds to even" {
  period = "2027-01",
  -- Lille left out: treated as met
  outcomes = { availability_ams = "99.99", availability_rtm = "99.95", availability_anr = "99.90",
               availability_dus = "99.00", major_incidents = "0" },
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
  outcomes = { availability_ams = "99.98", availability_rtm = "99.85", availability_anr = "99.70",
               availability_dus = "99.90", availability_lil = "99.00", major_incidents = "3" },
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
  outcomes = { availability_ams = "99.40", availability_rtm = "99.96", availability_anr = "99.95",
               availability_dus = "99.99", availability_lil = "100.00", major_incidents = "0" },
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
  outcomes = { availability_ams = "99.49", availability_rtm = "99.49", availability_anr = "98.99",
               availability_dus = "98.99", availability_lil = "97.99", major_incidents = "0" },
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
  outcomes = { availability_ams = "100.00", availability_rtm = "100.00", availability_anr = "99.99",
               availability_dus = "98.99", availability_lil = "98.00", major_incidents = "5" },
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

case "a missing reading for a supplier-monitored site is refused" {
  period = "2027-01",
  outcomes = { availability_ams = "99.99", availability_rtm = "99.95", availability_anr = "99.90",
               availability_lil = "99.50", major_incidents = "0" },
  error = 'required metric "availability_dus" has no value',
}

case "availability above 100 % is refused" {
  period = "2027-01",
  outcomes = { availability_ams = "100.01", availability_rtm = "99.95", availability_anr = "99.90",
               availability_dus = "99.90", major_incidents = "0" },
  error = 'is outside the range 0 to 100 of "availability_ams"',
}
