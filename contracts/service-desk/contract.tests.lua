-- Test cases for the outcome-based service desk: each settles a quarter from the outcomes it
-- gives and states what must come out. Run them with:
--   oce test contracts/service-desk/contract.lua
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
--
-- The scorecard records no shortfall entries: a missed KPI target shows as "missed" in the
-- metrics table, and the money is in the scorecard line. So every case states shortfalls = {}.

-- The four quarters in outcomes.csv -----------------------------------------------------

case "2026-Q2, from the outcomes file: first quarter, full malus, held by the collar" {
  period = "2026-Q2",
  outcomes = "outcomes.csv",
  -- cost 18.40: (19.00 - 18.40) x 25 = 15.00; fcr 63.5: 3.5 x 5 = 17.50;
  -- csat 3.82: 32.00. Weighted 0.4 x 15 + 0.4 x 17.5 + 0.2 x 32 = 6 + 7 + 6.4 = 19.40,
  -- under 40: malus of 100 % of the pool, 18,741.25.
  -- Net before the collar 187,412.50 - 18,741.25 = 168,671.25, under the floor 173,356.57:
  -- the collar adds 173,356.57 - 168,671.25 = 4,685.32.
  lines = {
    service_charge = "187412.50",
    scorecard = "-18741.25",
    collar = "4685.32",
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
  lines = {
    service_charge = "187412.50",
    scorecard = "-9370.62",
    collar = "0.00",
  },
  charges = "187412.50",
  credits = "-9370.62",
  net = "178041.88",
  shortfalls = {},
}

case "2026-Q4, from the outcomes file: every target met, half bonus" {
  period = "2026-Q4",
  outcomes = "outcomes.csv",
  -- cost 16.08: 2.92 x 25 = 73.00; fcr 76.4: 16.4 x 5 = 82.00; csat 4.36: 86.00.
  -- Weighted 29.20 + 32.80 + 17.20 = 79.20: 75 to under 90, bonus of 50 % = 9,370.62.
  -- Net 187,412.50 + 9,370.62 = 196,783.12, under the ceiling 201,468.43.
  lines = {
    service_charge = "187412.50",
    scorecard = "9370.62",
    collar = "0.00",
  },
  charges = "196783.12",
  credits = "0.00",
  net = "196783.12",
  shortfalls = {},
}

case "2027-Q1, from the outcomes file: full bonus, held by the collar" {
  period = "2027-Q1",
  outcomes = "outcomes.csv",
  -- cost 15.22: 3.78 x 25 = 94.50; fcr 81.3: 21.3 x 5 = 106.5, held to 100.00;
  -- csat 4.58: 108, held to 100.00. Weighted 37.80 + 40.00 + 20.00 = 97.80: 90 or more,
  -- bonus of 100 % = 18,741.25. Net before the collar 187,412.50 + 18,741.25 = 206,153.75,
  -- over the ceiling 201,468.43: the collar takes off 206,153.75 - 201,468.43 = 4,685.32.
  lines = {
    service_charge = "187412.50",
    scorecard = "18741.25",
    collar = "-4685.32",
  },
  charges = "206153.75",   -- 187,412.50 + 18,741.25
  credits = "-4685.32",
  net = "201468.43",
  shortfalls = {},
}

-- Edge cases ---------------------------------------------------------------------------

case "a weighted score of exactly 75.00 takes the 50 % bonus row" {
  period = "2027-Q2",
  -- cost 16.00: 3.00 x 25 = 75; fcr 75.0: 15 x 5 = 75; csat 4.25: 75.
  -- Weighted 30 + 30 + 15 = 75.00: at least 75, bonus 9,370.62.
  outcomes = { cost_per_ticket = "16.00", fcr = "75.0", csat = "4.25" },
  lines = { service_charge = "187412.50", scorecard = "9370.62" },
  net = "196783.12",       -- 187,412.50 + 9,370.62
  shortfalls = {},
}

case "one survey point less, 74.80, earns nothing" {
  period = "2027-Q2",
  -- As above but csat 4.24: 74 points. Weighted 30 + 30 + 14.80 = 74.80: under 75.
  outcomes = { cost_per_ticket = "16.00", fcr = "75.0", csat = "4.24" },
  lines = { service_charge = "187412.50", scorecard = "0.00" },
  net = "187412.50",
  shortfalls = {},
}

case "no survey run: csat scores 0 and the bonus is lost" {
  period = "2027-Q2",
  -- cost 16.00: 75; fcr 75.0: 75; csat not measured: 0 (para 3.3).
  -- Weighted 30 + 30 + 0 = 60.00: 55 to under 75, nothing. With the survey at 4.25 the same
  -- quarter would have earned 9,370.62 (first edge case).
  outcomes = { cost_per_ticket = "16.00", fcr = "75.0" },
  lines = { service_charge = "187412.50", scorecard = "0.00" },
  net = "187412.50",
  shortfalls = {},
}

case "a weighted score of exactly 55.00 is the neutral row, not the malus" {
  period = "2027-Q2",
  -- cost 16.80: 2.20 x 25 = 55; fcr 71.0: 11 x 5 = 55; csat 4.05: 55.
  -- Weighted 22 + 22 + 11 = 55.00: at least 55, nothing.
  outcomes = { cost_per_ticket = "16.80", fcr = "71.0", csat = "4.05" },
  lines = { service_charge = "187412.50" },
  net = "187412.50",
  shortfalls = {},
}

case "a weighted score of exactly 40.00 is the half malus, not the full one" {
  period = "2027-Q2",
  -- cost 17.40: 1.60 x 25 = 40; fcr 68.0: 8 x 5 = 40; csat 3.90: 40.
  -- Weighted 16 + 16 + 8 = 40.00: at least 40, malus of 50 % = 9,370.62.
  -- Net 178,041.88 is above the collar floor, so no collar line.
  outcomes = { cost_per_ticket = "17.40", fcr = "68.0", csat = "3.90" },
  lines = { service_charge = "187412.50", scorecard = "-9370.62" },
  credits = "-9370.62",
  net = "178041.88",
  shortfalls = {},
}

case "KPI scores stop at 0 and 100: beyond the zero and full points counts no more" {
  period = "2027-Q2",
  -- cost 19.60 is past the zero point 19.00: 0, not -15; fcr 85.0 is past the full point
  -- 80.0: 100, not 125; csat 4.90: 100, not 140.
  -- Weighted 0 + 40 + 20 = 60.00: nothing. (Unheld scores would give -6 + 50 + 28 = 72.)
  outcomes = { cost_per_ticket = "19.60", fcr = "85.0", csat = "4.90" },
  lines = { service_charge = "187412.50", scorecard = "0.00" },
  net = "187412.50",
  shortfalls = {},
}

case "a score of 35.00 takes the whole pool, and the collar gives back 4,685.32" {
  period = "2027-Q2",
  -- cost 17.50: 1.50 x 25 = 37.5; fcr 67.5: 7.5 x 5 = 37.5; csat 3.75: 25.
  -- Weighted 15 + 15 + 5 = 35.00: under 40, malus 18,741.25; the net 168,671.25 is raised
  -- to the floor 173,356.57 by 4,685.32.
  outcomes = { cost_per_ticket = "17.50", fcr = "67.5", csat = "3.75" },
  lines = { service_charge = "187412.50", scorecard = "-18741.25", collar = "4685.32" },
  net = "173356.57",
  shortfalls = {},
}

case "first-contact resolution is required" {
  period = "2027-Q2",
  outcomes = { cost_per_ticket = "16.00", csat = "4.25" },
  error = 'required metric "fcr" has no value',
}

case "a CSAT above 5 is refused" {
  period = "2027-Q2",
  outcomes = { cost_per_ticket = "16.00", fcr = "75.0", csat = "5.20" },
  error = 'is outside the range 1 to 5 of "csat"',
}

case "cost per ticket is in pence, not fractions of a penny" {
  period = "2027-Q2",
  outcomes = { cost_per_ticket = "16.255", fcr = "75.0", csat = "4.25" },
  error = '"cost_per_ticket" is measured to 2',
}

case "a month cannot be settled: the contract is quarterly" {
  period = "2026-07",
  outcomes = { cost_per_ticket = "16.00", fcr = "75.0", csat = "4.25" },
  error = "settles quarterly",
}

case "the quarter before service commencement is refused" {
  period = "2026-Q1",
  outcomes = { cost_per_ticket = "16.00", fcr = "75.0", csat = "4.25" },
  error = "is outside contract",
}
