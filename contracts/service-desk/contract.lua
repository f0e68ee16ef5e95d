-- Outcome-based IT service desk agreement between Ashcombe Mutual Assurance Society (the
-- customer) and Meridale Support Services Ltd (the supplier).
-- Schedule 7: charges, the service desk scorecard and the collar. Settled quarterly.
--
-- How the money works, in one paragraph: the supplier is paid a fixed quarterly service
-- charge (para 1). Each quarter three KPIs are scored and weighted into one score out of 100
-- (para 3); the score picks a row of the payout table (para 4), which pays a bonus out of, or
-- takes a malus from, an at-risk pool of 10 % of the charge. Whatever the scorecard says, the
-- quarter's charges stay within 7.5 % either side of the service charge (para 6).

-- Para 1: the Quarterly Service Charge, one quarter of the annual charge of 749,650.00.
local charge = money "187412.50"

contract {
  id = "service-desk",
  title = "Outcome-based IT service desk",
  customer = "Ashcombe Mutual Assurance Society",
  vendor = "Meridale Support Services Ltd",
  currency = "GBP",
  cadence = "quarterly",             -- calendar quarters: 2026-Q2 is April to June 2026
  effective_from = "2026-04-01",     -- Service Commencement Date
  effective_to = "2029-03-31",       -- three-year initial term
  rounding = "half-even",

  -- Para 2: the KPIs, measured over each Contract Quarter. The targets are the service
  -- levels in Annex A; they are shown on the report as met or missed, but it is the scorecard
  -- (para 3), not the targets, that decides the money.
  metrics = {
    -- Total cost of the desk divided by tickets closed, from the monthly cost model.
    metric "cost_per_ticket" {
      unit = "GBP", target = "16.50", better = "lower", precision = 2, min = 0,
    },
    -- First-contact resolution: tickets resolved on the first call or chat, as a %.
    metric "fcr" {
      unit = "%", target = 75.0, better = "higher", precision = 1, min = 0, max = 100,
    },
    -- Customer satisfaction, the mean score of the post-ticket survey on a 1 to 5 scale.
    -- Optional: when the supplier runs no survey in a quarter there is no value (see para 3.3).
    metric "csat" {
      unit = "score", target = 4.30, better = "higher", required = false, precision = 2,
      min = 1, max = 5,
    },
  },

  terms = {
    -- Para 1: the Quarterly Service Charge, payable every quarter.
    fixed_fee "service_charge" {
      amount = charge,
      description = "Quarterly service charge",
    },

    -- Para 3: the scorecard. Each KPI scores from 0 at its zero point to 100 at its full
    -- point, in a straight line between them, and never below 0 or above 100:
    --   3.1 cost per ticket, weight 40 %: 0 at 19.00 or more, 100 at 15.00 or less
    --       (each 0.04 under 19.00 is one point);
    --   3.2 first-contact resolution, weight 40 %: 0 at 60.0 % or less, 100 at 80.0 % or
    --       more (each 0.2 % above 60.0 is one point);
    --   3.3 customer satisfaction, weight 20 %: 0 at 3.50 or less, 100 at 4.50 or more
    --       (each 0.01 above 3.50 is one point). A quarter with no survey scores 0 on CSAT:
    --       the supplier runs the survey, and the weights are not shared out again.
    -- The weighted score is the sum of each KPI's score times its weight.
    -- Para 4: the weighted score picks the first row it reaches, a percentage of the
    -- at-risk pool of 10 % of the Quarterly Service Charge (18,741.25):
    --   90 or more: bonus of 100 %     75 to under 90: bonus of 50 %
    --   55 to under 75: nothing        40 to under 55: malus of 50 %
    --   under 40: malus of 100 %
    -- A score exactly on a boundary takes the better row (75.00 earns the 50 % bonus).
    -- Para 3.4: each KPI's score and the weighted score are taken to two decimal places
    -- (half-even), and the weighted score so taken picks the row.
    scorecard "scorecard" {
      pool = charge * 0.10,
      kpis = {
        { metric = "cost_per_ticket", weight = 40, zero_at = 19.00, full_at = 15.00 },
        { metric = "fcr", weight = 40, zero_at = 60.0, full_at = 80.0 },
        { metric = "csat", weight = 20, zero_at = 3.50, full_at = 4.50 },
      },
      payout = {
        { at_least = 90, percent = 100 },
        { at_least = 75, percent = 50 },
        { at_least = 55, percent = 0 },
        { at_least = 40, percent = -50 },
        { percent = -100 },
      },
      description = "Service desk scorecard adjustment",
    },

    -- Para 6: the collar. The scorecard table in para 4 is the customer's standard supplier
    -- scorecard; for this agreement the charges for a quarter (the service charge plus or
    -- minus the scorecard adjustment) are never less than 92.5 % nor more than 107.5 % of the
    -- Quarterly Service Charge. A collar line brings the quarter back inside.
    -- 92.5 % is 173,356.5625 and 107.5 % is 201,468.4375; oce holds a floor to the penny
    -- above (173,356.57) and a ceiling to the penny below (201,468.43).
    collar_net "collar" {
      at_least = charge * 0.925,
      at_most = charge * 1.075,
      description = "Scorecard collar, 92.5 % to 107.5 % of the service charge",
    },
  },
}
