-- Test cases for the outcome-based service desk: each settles a quarter from the outcomes it
-- gives and states what must come out. Run them with:
--   oce test contracts/service-desk/contract.lua
--
-- The contract looks back (paras 7 and 8), so a case settles every quarter from 2026-Q2 up
-- to its own first: a case whose outcomes are the file takes the earlier quarters from the
-- file; the others give them with `history` (the file, or a table by quarter with `others`
-- for every quarter not listed).
--
-- The numbers every case uses (Schedule 7 of the agreement):
--   Quarterly Service Charge   187,412.50
--   at-risk pool, 10 %          18,741.25
--   50 % of the pool             9,370.625, rounded half-even to 9,370.62 (the 2 is even)
--   collar floor, 92.5 %       173,356.5625, held to the penny above: 173,356.57
--   collar ceiling, 107.5 %    201,468.4375, held to the penny below: 201,468.43
-- KPI scores (each held between 0 and 100):
--   cost_per_ticket  (19.00 - cost) / 4.00 x 100, i.e. 25 points per pound under 19.00
--   fcr              (fcr - 60.0) / 20.0 x 100, i.e. 5 points per percentage point over 60
--   csat             (csat - 3.50) / 1.00 x 100, i.e. 1 point per 0.01 over 3.50
--   weighted score = 0.40 x cost score + 0.40 x fcr score + 0.20 x csat score
-- Payout rows: 90+ bonus 100 %, 75+ bonus 50 %, 55+ nothing, 40+ malus 50 %, under 40 malus
-- 100 %.
-- Para 7, sustained satisfaction (outside the collar): the rolling CSAT is the mean of the
-- quarter's CSAT and the two before it, to 2 places half-even. 4.30 or more: bonus of 1 % of
-- the charge, 1,874.125, half-even 1,874.12 (the 2 is even); below 4.10: credit of 2 %,
-- 3,748.25. Nothing in Contract Quarters 1 and 2, nor when a quarter of the three had no
-- survey.
-- Para 8, volume true-up (outside the collar): in the last quarter of a contract year
-- (January to March), the year's tickets closed over 155,000 are charged at 4.20 each, and
-- under 135,000 credited at 2.10 each. Nothing in the other quarters.
--
-- Neither the scorecard nor paras 7 and 8 record shortfall entries: a missed KPI target shows
-- as "missed" in the metrics table, and the money is in the lines. So every case states
-- shortfalls = {}.
--
-- A steady quarter, for the history of the cases that give it as a table: cost 16.50 scores
-- 62.50, fcr 75.0 scores 75.00, csat 4.20 scores 70.00; weighted 25 + 30 + 14 = 69.00, no
-- scorecard adjustment; three of them make a rolling CSAT of 4.20, no para 7 adjustment; four
-- of them close 150,000 tickets, inside the band.
local function steady(changes)
  local q = { cost_per_ticket = "16.50", fcr = "75.0", csat = "4.20", tickets_closed = "37500" }
  for metric, value in pairs(changes or {}) do
    q[metric] = value ~= false and value or nil   -- false: not measured
  end
  return q
end

-- The four quarters in outcomes.csv: the first contract year -----------------------------

case "2026-Q2, from the outcomes file: first quarter, full malus, held by the collar" {
  period = "2026-Q2",
  outcomes = "outcomes.csv",
  -- cost 18.40: (19.00 - 18.40) x 25 = 15.00; fcr 63.5: 3.5 x 5 = 17.50;
  -- csat 3.82: 32.00. Weighted 0.4 x 15 + 0.4 x 17.5 + 0.2 x 32 = 6 + 7 + 6.4 = 19.40,
  -- under 40: malus of 100 % of the pool, 18,741.25.
  -- Net before the collar 187,412.50 - 18,741.25 = 168,671.25, under the floor 173,356.57:
  -- the collar adds 173,356.57 - 168,671.25 = 4,685.32.
  -- Para 7: Contract Quarter 1, no rolling CSAT yet. Para 8: 41,206 tickets so far, no
  -- true-up before 2027-Q1.
  lines = {
    service_charge = "187412.50",
    scorecard = "-18741.25",
    collar = "4685.32",
    sustained_csat = "0.00",
    volume_true_up = "0.00",
  },
  charges = "192097.82",   -- 187,412.50 + 4,685.32
  credits = "-18741.25",
  net = "173356.57",
  shortfalls = {},
}

case "2026-Q3, from the outcomes file: half malus, inside the collar" {
  period = "2026-Q3",
  outcomes = "outcomes.csv",
  -- cost 17.15: 1.85 x 25 = 46.25; fcr 71.2: 11.2 x 5 = 56.00; csat 4.05: 55.00.
  -- Weighted 18.50 + 22.40 + 11.00 = 51.90: 40 to under 55, malus of 50 % = 9,370.62.
  -- Net 187,412.50 - 9,370.62 = 178,041.88, inside 173,356.57 to 201,468.43.
  -- Para 7: Contract Quarter 2, still no rolling CSAT. Para 8: 41,206 + 38,870 = 80,076
  -- tickets so far, no true-up.
  lines = {
    service_charge = "187412.50",
    scorecard = "-9370.62",
    collar = "0.00",
    sustained_csat = "0.00",
    volume_true_up = "0.00",
  },
  charges = "187412.50",
  credits = "-9370.62",
  net = "178041.88",
  shortfalls = {},
}

case "2026-Q4, from the outcomes file: half bonus, and the first rolling CSAT is a credit" {
  period = "2026-Q4",
  outcomes = "outcomes.csv",
  -- cost 16.08: 2.92 x 25 = 73.00; fcr 76.4: 16.4 x 5 = 82.00; csat 4.36: 86.00.
  -- Weighted 29.20 + 32.80 + 17.20 = 79.20: 75 to under 90, bonus of 50 % = 9,370.62.
  -- Net of charge and scorecard 187,412.50 + 9,370.62 = 196,783.12, under the ceiling.
  -- Para 7: the first quarter with three to average, (3.82 + 4.05 + 4.36) / 3 = 12.23 / 3 =
  -- 4.0766..., taken to 4.08: below 4.10, credit of 3,748.25, although this quarter's own
  -- 4.36 met its target. Para 8: 80,076 + 36,512 = 116,588 tickets so far, no true-up.
  lines = {
    service_charge = "187412.50",
    scorecard = "9370.62",
    collar = "0.00",
    sustained_csat = "-3748.25",
    volume_true_up = "0.00",
  },
  charges = "196783.12",
  credits = "-3748.25",
  net = "193034.87",       -- 196,783.12 - 3,748.25
  shortfalls = {},
}

case "2027-Q1, from the outcomes file: full bonus held by the collar, CSAT bonus, true-up" {
  period = "2027-Q1",
  outcomes = "outcomes.csv",
  -- cost 15.22: 3.78 x 25 = 94.50; fcr 81.3: 21.3 x 5 = 106.5, held to 100.00;
  -- csat 4.58: 108, held to 100.00. Weighted 37.80 + 40.00 + 20.00 = 97.80: 90 or more,
  -- bonus of 100 % = 18,741.25. Net before the collar 187,412.50 + 18,741.25 = 206,153.75,
  -- over the ceiling 201,468.43: the collar takes off 206,153.75 - 201,468.43 = 4,685.32.
  -- Para 7: (4.05 + 4.36 + 4.58) / 3 = 12.99 / 3 = 4.33, at least 4.30: bonus of 1,874.125,
  -- 1,874.12 half-even. Para 8, the last quarter of the contract year: 41,206 + 38,870 +
  -- 36,512 + 39,954 = 156,542 tickets, 1,542 above 155,000: 1,542 x 4.20 = 6,476.40.
  -- Neither is held by the collar, so the net is above its ceiling.
  lines = {
    service_charge = "187412.50",
    scorecard = "18741.25",
    collar = "-4685.32",
    sustained_csat = "1874.12",
    volume_true_up = "6476.40",
  },
  charges = "214504.27",   -- 187,412.50 + 18,741.25 + 1,874.12 + 6,476.40
  credits = "-4685.32",
  net = "209818.95",       -- 201,468.43 + 1,874.12 + 6,476.40
  shortfalls = {},
}

-- The scorecard's rows, in 2027-Q2 --------------------------------------------------------
-- 2027-Q2 is the first quarter of the second contract year, after the four quarters of the
-- file. Para 7's rolling CSAT is then (4.36 + 4.58 + this quarter's CSAT) / 3, from 2026-Q4
-- and 2027-Q1; para 8 has no true-up (the year's first quarter). The cases give 38,000
-- tickets closed.

case "a weighted score of exactly 75.00 takes the 50 % bonus row" {
  period = "2027-Q2",
  history = "outcomes.csv",
  -- cost 16.00: 3.00 x 25 = 75; fcr 75.0: 15 x 5 = 75; csat 4.25: 75.
  -- Weighted 30 + 30 + 15 = 75.00: at least 75, bonus 9,370.62.
  -- Para 7: (4.36 + 4.58 + 4.25) / 3 = 13.19 / 3 = 4.3966..., 4.40: bonus 1,874.12.
  outcomes = { cost_per_ticket = "16.00", fcr = "75.0", csat = "4.25", tickets_closed = "38000" },
  lines = { service_charge = "187412.50", scorecard = "9370.62", sustained_csat = "1874.12" },
  net = "198657.24",       -- 187,412.50 + 9,370.62 + 1,874.12
  shortfalls = {},
}

case "one survey point less, 74.80, earns nothing" {
  period = "2027-Q2",
  history = "outcomes.csv",
  -- As above but csat 4.24: 74 points. Weighted 30 + 30 + 14.80 = 74.80: under 75.
  -- Para 7: 13.18 / 3 = 4.3933..., 4.39: still the bonus of 1,874.12.
  outcomes = { cost_per_ticket = "16.00", fcr = "75.0", csat = "4.24", tickets_closed = "38000" },
  lines = { service_charge = "187412.50", scorecard = "0.00", sustained_csat = "1874.12" },
  net = "189286.62",       -- 187,412.50 + 1,874.12
  shortfalls = {},
}

case "no survey run: csat scores 0 and the bonus is lost" {
  period = "2027-Q2",
  history = "outcomes.csv",
  -- cost 16.00: 75; fcr 75.0: 75; csat not measured: 0 (para 3.3).
  -- Weighted 30 + 30 + 0 = 60.00: 55 to under 75, nothing. With the survey at 4.25 the same
  -- quarter would have earned 9,370.62 (first case of this section).
  -- Para 7: no rolling CSAT without this quarter's survey (para 7.4): no bonus either.
  outcomes = { cost_per_ticket = "16.00", fcr = "75.0", tickets_closed = "38000" },
  lines = { service_charge = "187412.50", scorecard = "0.00", sustained_csat = "0.00" },
  net = "187412.50",
  shortfalls = {},
}

case "a weighted score of exactly 55.00 is the neutral row, not the malus" {
  period = "2027-Q2",
  history = "outcomes.csv",
  -- cost 16.80: 2.20 x 25 = 55; fcr 71.0: 11 x 5 = 55; csat 4.05: 55.
  -- Weighted 22 + 22 + 11 = 55.00: at least 55, nothing.
  -- Para 7: (4.36 + 4.58 + 4.05) / 3 = 12.99 / 3 = 4.33: bonus 1,874.12.
  outcomes = { cost_per_ticket = "16.80", fcr = "71.0", csat = "4.05", tickets_closed = "38000" },
  lines = { service_charge = "187412.50", sustained_csat = "1874.12" },
  net = "189286.62",
  shortfalls = {},
}

case "a weighted score of exactly 40.00 is the half malus, not the full one" {
  period = "2027-Q2",
  history = "outcomes.csv",
  -- cost 17.40: 1.60 x 25 = 40; fcr 68.0: 8 x 5 = 40; csat 3.90: 40.
  -- Weighted 16 + 16 + 8 = 40.00: at least 40, malus of 50 % = 9,370.62.
  -- Net 178,041.88 is above the collar floor, so no collar line.
  -- Para 7: (4.36 + 4.58 + 3.90) / 3 = 12.84 / 3 = 4.28: between 4.10 and 4.30, nothing.
  outcomes = { cost_per_ticket = "17.40", fcr = "68.0", csat = "3.90", tickets_closed = "38000" },
  lines = { service_charge = "187412.50", scorecard = "-9370.62" },
  credits = "-9370.62",
  net = "178041.88",
  shortfalls = {},
}

case "KPI scores stop at 0 and 100: beyond the zero and full points counts no more" {
  period = "2027-Q2",
  history = "outcomes.csv",
  -- cost 19.60 is past the zero point 19.00: 0, not -15; fcr 85.0 is past the full point
  -- 80.0: 100, not 125; csat 4.90: 100, not 140.
  -- Weighted 0 + 40 + 20 = 60.00: nothing. (Unheld scores would give -6 + 50 + 28 = 72.)
  -- Para 7: (4.36 + 4.58 + 4.90) / 3 = 13.84 / 3 = 4.6133..., 4.61: bonus 1,874.12.
  outcomes = { cost_per_ticket = "19.60", fcr = "85.0", csat = "4.90", tickets_closed = "38000" },
  lines = { service_charge = "187412.50", scorecard = "0.00", sustained_csat = "1874.12" },
  net = "189286.62",
  shortfalls = {},
}

case "a score of 35.00 takes the whole pool, and the collar gives back 4,685.32" {
  period = "2027-Q2",
  history = "outcomes.csv",
  -- cost 17.50: 1.50 x 25 = 37.5; fcr 67.5: 7.5 x 5 = 37.5; csat 3.75: 25.
  -- Weighted 15 + 15 + 5 = 35.00: under 40, malus 18,741.25; the net 168,671.25 is raised
  -- to the floor 173,356.57 by 4,685.32.
  -- Para 7: (4.36 + 4.58 + 3.75) / 3 = 12.69 / 3 = 4.23: nothing.
  outcomes = { cost_per_ticket = "17.50", fcr = "67.5", csat = "3.75", tickets_closed = "38000" },
  lines = { service_charge = "187412.50", scorecard = "-18741.25", collar = "4685.32" },
  net = "173356.57",
  shortfalls = {},
}

-- Para 7: the rolling three-quarter CSAT ---------------------------------------------------

case "a rolling CSAT of exactly 4.30 earns the bonus" {
  period = "2027-Q2",
  history = "outcomes.csv",
  -- (4.36 + 4.58 + 3.96) / 3 = 12.90 / 3 = 4.30 exactly: at least 4.30, bonus 1,874.125,
  -- 1,874.12 half-even. This quarter's own 3.96 is far below the target: para 7 rewards the
  -- three quarters, not the one.
  -- Scorecard: 75 and 75, csat 3.96 scores 46; 30 + 30 + 9.20 = 69.20, nothing.
  outcomes = { cost_per_ticket = "16.00", fcr = "75.0", csat = "3.96", tickets_closed = "38000" },
  lines = { service_charge = "187412.50", scorecard = "0.00", sustained_csat = "1874.12" },
  charges = "189286.62",
  credits = "0.00",
  net = "189286.62",
  shortfalls = {},
}

case "a rolling mean of 4.2967 is taken to 4.30 and earns the bonus" {
  period = "2027-Q2",
  history = "outcomes.csv",
  -- (4.36 + 4.58 + 3.95) / 3 = 12.89 / 3 = 4.29666..., taken to two places: 4.30 (para
  -- 7.1), at least 4.30: bonus 1,874.12. Scorecard 30 + 30 + 9.00 = 69.00, nothing.
  outcomes = { cost_per_ticket = "16.00", fcr = "75.0", csat = "3.95", tickets_closed = "38000" },
  lines = { service_charge = "187412.50", scorecard = "0.00", sustained_csat = "1874.12" },
  net = "189286.62",
  shortfalls = {},
}

case "a rolling mean of 4.2933 is taken to 4.29: no bonus" {
  period = "2027-Q2",
  history = "outcomes.csv",
  -- (4.36 + 4.58 + 3.94) / 3 = 12.88 / 3 = 4.29333..., 4.29: from 4.10 up to under 4.30,
  -- nothing. Scorecard 30 + 30 + 8.80 = 68.80, nothing.
  outcomes = { cost_per_ticket = "16.00", fcr = "75.0", csat = "3.94", tickets_closed = "38000" },
  lines = { service_charge = "187412.50", scorecard = "0.00", sustained_csat = "0.00" },
  net = "187412.50",
  shortfalls = {},
}

case "a rolling CSAT of exactly 4.10 is not below 4.10: no credit" {
  period = "2027-Q2",
  history = { ["2026-Q4"] = steady { csat = "4.00" }, ["2027-Q1"] = steady { csat = "4.20" },
              others = steady() },
  -- (4.00 + 4.20 + 4.10) / 3 = 12.30 / 3 = 4.10 exactly: not below 4.10, nothing.
  -- Scorecard: 62.50, 75, csat 4.10 scores 60; 25 + 30 + 12 = 67.00, nothing.
  outcomes = steady { csat = "4.10", tickets_closed = "38000" },
  lines = { service_charge = "187412.50", scorecard = "0.00", sustained_csat = "0.00" },
  net = "187412.50",
  shortfalls = {},
}

case "a rolling mean of 4.0967 is taken to 4.10: no credit" {
  period = "2027-Q2",
  history = { ["2026-Q4"] = steady { csat = "4.00" }, ["2027-Q1"] = steady { csat = "4.20" },
              others = steady() },
  -- (4.00 + 4.20 + 4.09) / 3 = 12.29 / 3 = 4.09666..., taken to 4.10: not below 4.10.
  -- Scorecard 25 + 30 + 11.80 = 66.80, nothing.
  outcomes = steady { csat = "4.09", tickets_closed = "38000" },
  lines = { service_charge = "187412.50", scorecard = "0.00", sustained_csat = "0.00" },
  net = "187412.50",
  shortfalls = {},
}

case "a rolling mean of 4.0933 is taken to 4.09: the credit of 3,748.25" {
  period = "2027-Q2",
  history = { ["2026-Q4"] = steady { csat = "4.00" }, ["2027-Q1"] = steady { csat = "4.20" },
              others = steady() },
  -- (4.00 + 4.20 + 4.08) / 3 = 12.28 / 3 = 4.09333..., 4.09: below 4.10, credit of 2 % of
  -- 187,412.50 = 3,748.25. Scorecard 25 + 30 + 11.60 = 66.60, nothing.
  outcomes = steady { csat = "4.08", tickets_closed = "38000" },
  lines = { service_charge = "187412.50", scorecard = "0.00", sustained_csat = "-3748.25" },
  charges = "187412.50",
  credits = "-3748.25",
  net = "183664.25",       -- 187,412.50 - 3,748.25
  shortfalls = {},
}

case "the contract is too young in its second quarter: no bonus, however good the surveys" {
  period = "2026-Q3",
  history = { ["2026-Q2"] = steady { csat = "4.80" } },
  -- Two quarters of 4.80, but para 7.4: no rolling CSAT before Contract Quarter 3; the line
  -- is 0.00 and says so. Scorecard: 62.50, 75, csat 4.80 held to 100; 25 + 30 + 20 = 75.00,
  -- bonus 9,370.62.
  outcomes = steady { csat = "4.80" },
  lines = { service_charge = "187412.50", scorecard = "9370.62", sustained_csat = "0.00" },
  net = "196783.12",
  shortfalls = {},
}

case "the third quarter is the first with a rolling CSAT" {
  period = "2026-Q4",
  history = { others = steady { csat = "4.80" } },
  -- (4.80 + 4.80 + 4.80) / 3 = 4.80: bonus 1,874.12, on top of the scorecard's 9,370.62
  -- (75.00, as in the case above).
  outcomes = steady { csat = "4.80" },
  lines = { service_charge = "187412.50", scorecard = "9370.62", sustained_csat = "1874.12" },
  net = "198657.24",       -- 187,412.50 + 9,370.62 + 1,874.12
  shortfalls = {},
}

case "a quarter without a survey in the window: no rolling CSAT, no bonus" {
  period = "2027-Q2",
  history = { ["2027-Q1"] = steady { csat = false }, others = steady { csat = "4.60" } },
  -- 2026-Q4 4.60, 2027-Q1 no survey, 2027-Q2 4.60: para 7.4, no adjustment (the line says
  -- csat was not measured in 2027-Q1). Scorecard: 25 + 30 + 20 = 75.00, bonus 9,370.62.
  outcomes = steady { csat = "4.60", tickets_closed = "38000" },
  lines = { service_charge = "187412.50", scorecard = "9370.62", sustained_csat = "0.00" },
  net = "196783.12",
  shortfalls = {},
}

-- Para 8: the annual volume true-up ------------------------------------------------------
-- The quarters are steady (no scorecard or para 7 adjustment) but for their tickets closed.

case "the contract year closes exactly 155,000 tickets: the top of the band, no true-up" {
  period = "2027-Q1",
  history = { others = steady { tickets_closed = "38750" } },
  -- 4 x 38,750 = 155,000: within 135,000 to 155,000, both included.
  outcomes = steady { tickets_closed = "38750" },
  lines = { service_charge = "187412.50", volume_true_up = "0.00" },
  net = "187412.50",
  shortfalls = {},
}

case "one ticket over the band is charged at 4.20" {
  period = "2027-Q1",
  history = { others = steady { tickets_closed = "38750" } },
  -- 3 x 38,750 + 38,751 = 155,001: 1 ticket above 155,000, 1 x 4.20 = 4.20.
  outcomes = steady { tickets_closed = "38751" },
  lines = { service_charge = "187412.50", volume_true_up = "4.20" },
  charges = "187416.70",
  net = "187416.70",
  shortfalls = {},
}

case "the contract year closes exactly 135,000 tickets: the bottom of the band, no true-up" {
  period = "2027-Q1",
  history = { others = steady { tickets_closed = "33750" } },
  -- 4 x 33,750 = 135,000: within the band.
  outcomes = steady { tickets_closed = "33750" },
  lines = { service_charge = "187412.50", volume_true_up = "0.00" },
  net = "187412.50",
  shortfalls = {},
}

case "a quiet year: each ticket under 135,000 is credited at 2.10" {
  period = "2027-Q1",
  history = { others = steady { tickets_closed = "32500" } },
  -- 3 x 32,500 + 31,911 = 129,411: 5,589 below 135,000, 5,589 x 2.10 = 11,736.90 credit.
  outcomes = steady { tickets_closed = "31911" },
  lines = { service_charge = "187412.50", volume_true_up = "-11736.90" },
  charges = "187412.50",
  credits = "-11736.90",
  net = "175675.60",       -- 187,412.50 - 11,736.90
  shortfalls = {},
}

case "no true-up before the year's last quarter, however many tickets" {
  period = "2026-Q4",
  history = { others = steady { tickets_closed = "60000" } },
  -- 3 x 60,000 = 180,000 tickets already, 25,000 over the band: but para 8.3, the year is
  -- trued up in 2027-Q1 only.
  outcomes = steady { tickets_closed = "60000" },
  lines = { service_charge = "187412.50", volume_true_up = "0.00" },
  net = "187412.50",
  shortfalls = {},
}

case "the second contract year counts its own four quarters only" {
  period = "2028-Q1",
  history = { others = steady { tickets_closed = "40000" } },
  -- 2027-Q2 to 2028-Q1: 4 x 40,000 = 160,000, 5,000 over 155,000: 5,000 x 4.20 =
  -- 21,000.00. (Counting the first year's quarters too would make 320,000.) The first year
  -- was trued up in 2027-Q1 on its own 160,000.
  outcomes = steady { tickets_closed = "40000" },
  lines = { service_charge = "187412.50", volume_true_up = "21000.00" },
  charges = "208412.50",
  net = "208412.50",
  shortfalls = {},
}

-- Refused outcomes and periods -----------------------------------------------------------

case "first-contact resolution is required" {
  period = "2027-Q2",
  outcomes = { cost_per_ticket = "16.00", csat = "4.25", tickets_closed = "38000" },
  error = 'required metric "fcr" has no value',
}

case "tickets closed are required" {
  period = "2027-Q2",
  outcomes = { cost_per_ticket = "16.00", fcr = "75.0", csat = "4.25" },
  error = 'required metric "tickets_closed" has no value',
}

case "a CSAT above 5 is refused" {
  period = "2027-Q2",
  outcomes = { cost_per_ticket = "16.00", fcr = "75.0", csat = "5.20", tickets_closed = "38000" },
  error = 'is outside the range 1 to 5 of "csat"',
}

case "cost per ticket is in pence, not fractions of a penny" {
  period = "2027-Q2",
  outcomes = { cost_per_ticket = "16.255", fcr = "75.0", csat = "4.25", tickets_closed = "38000" },
  error = '"cost_per_ticket" is measured to 2',
}

case "a month cannot be settled: the contract is quarterly" {
  period = "2026-07",
  outcomes = { cost_per_ticket = "16.00", fcr = "75.0", csat = "4.25", tickets_closed = "12000" },
  error = "settles quarterly",
}

case "the quarter before service commencement is refused" {
  period = "2026-Q1",
  outcomes = { cost_per_ticket = "16.00", fcr = "75.0", csat = "4.25", tickets_closed = "38000" },
  error = "is outside contract",
}
