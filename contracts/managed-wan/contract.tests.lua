-- Test cases for the managed WAN contract: each settles a period from the outcomes it gives
-- and states what must come out. Run them with: oce test contracts/managed-wan/contract.lua
--
-- The annual cap (para 3.4) looks back over the contract year, so every case settles the
-- months before its own first: from outcomes.csv when its outcomes come from there, else from
-- the history it gives.

-- A month at every target, with no credit, share or bonus; and a month of heavy credits.
local quiet = { availability = "99.95", p1_restore_hours = "4.0", run_cost = "120000.00" }
local heavy = { availability = "98.90", p1_restore_hours = "3.0", run_cost = "120000.00" }

case "October 2026: two credits under the cap, gain-share and bonus" {
  period = "2026-10",
  outcomes = { availability = "99.42", p1_restore_hours = "6.5", csat = "9.1",
               run_cost = "112340.55" },
  history = "outcomes.csv",
  lines = {
    service_fee = "85000.00",
    availability_credit = "-8500.00",   -- 10 %: 99.42 is below 99.50
    p1_restore_credit = "-3000.00",     -- 6.5 hours is 3 started hours beyond 4
    run_cost_share = "2297.84",         -- 30 % of 7659.45 is 2297.835, half-even
    csat_bonus = "1700.00",             -- 2 %: 9.1 is at least 9.0
  },
  charges = "88997.84", credits = "-11500.00", net = "77497.84",
  shortfalls = { availability = "8500.00", p1_restore_hours = "3000.00" },
}

case "November 2026, from the outcomes file: the fees-at-risk cap bites" {
  period = "2026-11",
  outcomes = "outcomes.csv",
  lines = {
    service_fee = "85000.00",
    availability_credit = "-12750.00",  -- 25 % is 21250.00, capped at 15 % of the fee
    p1_restore_credit = "0.00",         -- 3.0 hours is within 4
    run_cost_share = "-2200.00",        -- pain-share: 20 % of the 11000.00 overrun
    csat_bonus = "0.00",                -- not measured
  },
  net = "70050.00",
  shortfalls = { availability = { amount = "12750.00", forgone = "8500.00" },
                 run_cost = "2200.00" },
}

case "availability exactly at the target earns no credit" {
  period = "2026-12",
  history = { others = quiet },
  outcomes = { availability = "99.95", p1_restore_hours = "4.0", run_cost = "120000.00" },
  lines = { service_fee = "85000.00" },
  net = "85000.00",
  shortfalls = {},
}

case "availability exactly at 99.50 is the 5 % band, not 10 %" {
  period = "2026-12",
  history = { others = quiet },
  outcomes = { availability = "99.50", p1_restore_hours = "4.0", run_cost = "120000.00" },
  lines = { service_fee = "85000.00", availability_credit = "-4250.00" },
  net = "80750.00",
}

case "the P1 credit stops at 5000.00" {
  period = "2026-12",
  history = { others = quiet },
  outcomes = { availability = "99.95", p1_restore_hours = "11.2", run_cost = "120000.00" },
  lines = { service_fee = "85000.00", p1_restore_credit = "-5000.00" },
}

case "pain-share stops at 10000.00" {
  period = "2026-12",
  history = { others = quiet },
  outcomes = { availability = "99.95", p1_restore_hours = "1.0", run_cost = "200000.00" },
  lines = { service_fee = "85000.00", run_cost_share = "-10000.00" },
}

case "a required metric missing is refused" {
  period = "2026-12",
  history = { others = quiet },
  outcomes = { availability = "99.95", p1_restore_hours = "1.0" },
  error = 'required metric "run_cost" has no value',
}

case "a period before the contract is refused" {
  period = "2025-12",
  outcomes = { availability = "99.95", p1_restore_hours = "1.0", run_cost = "1.00" },
  error = "is outside contract",
}

-- The year 2026 from outcomes.csv, month by month. Credits come to 32750.00 from January to
-- September, 44250.00 with October and 57000.00 with November, so December's credit meets
-- the annual cap of 61200.00.

case "January 2026: a saving shared and the bonus" {
  period = "2026-01", outcomes = "outcomes.csv",
  lines = { service_fee = "85000.00", run_cost_share = "525.00", csat_bonus = "1700.00" },
  net = "87225.00", shortfalls = {},
}

case "February 2026: 5 % availability credit, a small overrun" {
  period = "2026-02", outcomes = "outcomes.csv",
  lines = { service_fee = "85000.00", availability_credit = "-4250.00",
            run_cost_share = "-280.00" },
  net = "80470.00", shortfalls = { availability = "4250.00", run_cost = "280.00" },
}

case "March 2026: satisfaction 8.7 earns no bonus" {
  period = "2026-03", outcomes = "outcomes.csv",
  lines = { service_fee = "85000.00", run_cost_share = "300.00" },
  net = "85300.00", shortfalls = {},
}

case "April 2026: 10 % availability credit" {
  period = "2026-04", outcomes = "outcomes.csv",
  lines = { service_fee = "85000.00", availability_credit = "-8500.00" },
  net = "76500.00", shortfalls = { availability = "8500.00" },
}

case "May 2026: a saving and the bonus" {
  period = "2026-05", outcomes = "outcomes.csv",
  lines = { service_fee = "85000.00", run_cost_share = "750.00", csat_bonus = "1700.00" },
  net = "87450.00", shortfalls = {},
}

case "June 2026: a P1 restore of 6.2 hours is 3 started hours beyond 4" {
  period = "2026-06", outcomes = "outcomes.csv",
  lines = { service_fee = "85000.00", p1_restore_credit = "-3000.00",
            run_cost_share = "-100.00" },
  net = "81900.00", shortfalls = { p1_restore_hours = "3000.00", run_cost = "100.00" },
}

case "July 2026: the 25 % credit is held to the monthly fees at risk" {
  period = "2026-07", outcomes = "outcomes.csv",
  lines = { service_fee = "85000.00", availability_credit = "-12750.00",
            run_cost_share = "-800.00" },
  net = "71450.00",
  shortfalls = { availability = { amount = "12750.00", forgone = "8500.00" },
                 run_cost = "800.00" },
}

case "August 2026: a saving and the bonus at exactly 9.0" {
  period = "2026-08", outcomes = "outcomes.csv",
  lines = { service_fee = "85000.00", run_cost_share = "60.00", csat_bonus = "1700.00" },
  net = "86760.00", shortfalls = {},
}

case "September 2026: 5 % availability credit" {
  period = "2026-09", outcomes = "outcomes.csv",
  lines = { service_fee = "85000.00", availability_credit = "-4250.00" },
  net = "80750.00", shortfalls = { availability = "4250.00" },
}

case "October 2026 from the file: 28450.00 of the annual cap is left, so nothing is trimmed" {
  period = "2026-10", outcomes = "outcomes.csv",
  lines = { service_fee = "85000.00", availability_credit = "-8500.00",
            p1_restore_credit = "-3000.00", run_cost_share = "2297.84",
            csat_bonus = "1700.00" },
  net = "77497.84",
}

case "December 2026: the annual cap leaves 4200.00 of the 8500.00 credit" {
  period = "2026-12", outcomes = "outcomes.csv",
  lines = { service_fee = "85000.00", availability_credit = "-4200.00",
            csat_bonus = "1700.00" },
  charges = "86700.00", credits = "-4200.00", net = "82500.00",
  shortfalls = { availability = { amount = "4200.00", forgone = "4300.00" } },
}

case "the annual cap trims a credit to what is left of the year" {
  period = "2026-05",                  -- January to April used 4 x 12750.00 = 51000.00
  history = { others = heavy },
  outcomes = heavy,                    -- 21250.00, 12750.00 after fees at risk, 10200.00 left
  lines = { service_fee = "85000.00", availability_credit = "-10200.00" },
  net = "74800.00",
  shortfalls = { availability = { amount = "10200.00", forgone = "11050.00" } },
}

case "once the year's credits reach the cap, a later credit is forgone in full" {
  period = "2026-06",                  -- January to May used the whole 61200.00
  history = { others = heavy },
  outcomes = { availability = "99.81", p1_restore_hours = "4.0", run_cost = "120000.00" },
  lines = { service_fee = "85000.00" },
  net = "85000.00",
  shortfalls = { availability = { amount = "0.00", forgone = "4250.00" } },
}

case "a new contract year starts with the whole cap again" {
  period = "2027-01",
  history = "outcomes.csv",            -- 2026 used all 61200.00
  outcomes = heavy,
  lines = { service_fee = "85000.00", availability_credit = "-12750.00" },
  net = "72250.00",
}
