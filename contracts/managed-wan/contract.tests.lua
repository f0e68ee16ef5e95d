-- Test cases for the managed WAN contract: each settles a period from the outcomes it gives
-- and states what must come out. Run them with: oce test contracts/managed-wan/contract.lua

case "October 2026: two credits under the cap, gain-share and bonus" {
  period = "2026-10",
  outcomes = { availability = "99.42", p1_restore_hours = "6.5", csat = "9.1",
               run_cost = "112340.55" },
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
  outcomes = { availability = "99.95", p1_restore_hours = "4.0", run_cost = "120000.00" },
  lines = { service_fee = "85000.00" },
  net = "85000.00",
  shortfalls = {},
}

case "availability exactly at 99.50 is the 5 % band, not 10 %" {
  period = "2026-12",
  outcomes = { availability = "99.50", p1_restore_hours = "4.0", run_cost = "120000.00" },
  lines = { service_fee = "85000.00", availability_credit = "-4250.00" },
  net = "80750.00",
}

case "the P1 credit stops at 5000.00" {
  period = "2026-12",
  outcomes = { availability = "99.95", p1_restore_hours = "11.2", run_cost = "120000.00" },
  lines = { service_fee = "85000.00", p1_restore_credit = "-5000.00" },
}

case "pain-share stops at 10000.00" {
  period = "2026-12",
  outcomes = { availability = "99.95", p1_restore_hours = "1.0", run_cost = "200000.00" },
  lines = { service_fee = "85000.00", run_cost_share = "-10000.00" },
}

case "a required metric missing is refused" {
  period = "2026-12",
  outcomes = { availability = "99.95", p1_restore_hours = "1.0" },
  error = 'required metric "run_cost" has no value',
}

case "a period before the contract is refused" {
  period = "2025-12",
  outcomes = { availability = "99.95", p1_restore_hours = "1.0", run_cost = "1.00" },
  error = "is outside contract",
}
