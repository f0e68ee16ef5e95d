-- Outcome-based IT service desk agreement between Ashcombe Mutual Assurance Society (the
-- customer) and Meridale Support Services Ltd (the supplier).
-- Schedule 7: charges, the service desk scorecard and the collar. Settled quarterly.
--
-- How the money works, in one paragraph: the supplier is paid a fixed quarterly service
-- charge (para 1). Each quarter three KPIs are scored and weighted into one score out of 100
-- (para 3); the score picks a row of the payout table (para 4), which pays a bonus out of, or
-- takes a malus from, an at-risk pool of 10 % of the charge. Whatever the scorecard says, the
-- quarter's charges stay within 7.5 % either side of the service charge (para 6). Outside the
-- collar, two terms look back over earlier quarters: a bonus or credit on customer
-- satisfaction sustained over three quarters (para 7), and, in the last quarter of each
-- contract year, a true-up of the year's ticket volume against the volume band the charge
-- was priced on (para 8).

-- Para 1: the Quarterly Service Charge, one quarter of the annual charge of 749,650.00. (Named
-- service_charge, not charge: charge is the function that makes a charge line.)
local service_charge = money "187412.50"

-- Para 7: the rolling three-quarter CSAT and its thresholds.
local csat_quarters = 3
local csat_bonus_at = 4.30                  -- at least this: bonus (the Annex A target)
local csat_credit_below = 4.10              -- below this: credit
local csat_bonus = service_charge * 0.01    -- 1 % of the charge: 1,874.125
local csat_credit = service_charge * 0.02   -- 2 % of the charge: 3,748.25

-- Para 8: the volume band of the annual charge, and the rates either side of it.
local band_from, band_to = 135000, 155000   -- tickets closed in a contract year, inclusive
local additional_rate = money "4.20"        -- per ticket above the band
local reduced_rate = money "2.10"           -- per ticket below the band

-- 156542 as "156,542", for ticket counts in explanations.
local function grouped(count)
  local digits, out = tostring(decimal(count)), ""
  while #digits > 3 do
    out = "," .. digits:sub(-3) .. out
    digits = digits:sub(1, -4)
  end
  return digits .. out
end

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
  history = true,                    -- paras 7 and 8 look back: quarters settle in order

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
    -- Tickets closed in the quarter, from the service desk's closed-ticket report (duplicates
    -- merged into their parent are not counted). No service level: it sizes the charge
    -- (para 8).
    metric "tickets_closed" { unit = "tickets", precision = 0, min = 0 },
  },

  terms = {
    -- Para 1: the Quarterly Service Charge, payable every quarter.
    fixed_fee "service_charge" {
      amount = service_charge,
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
      pool = service_charge * 0.10,
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
      at_least = service_charge * 0.925,
      at_most = service_charge * 1.075,
      description = "Scorecard collar, 92.5 % to 107.5 % of the service charge",
    },

    -- Para 7: sustained customer satisfaction. Outside the collar of para 6.
    --   7.1 Each quarter the rolling CSAT is the mean of the CSAT of that quarter and of the
    --       two quarters before it, taken to two decimal places (half-even).
    --   7.2 A rolling CSAT of 4.30 (the Annex A target) or more earns a bonus of 1 % of the
    --       Quarterly Service Charge: 1,874.125, paid as 1,874.12 (half-even).
    --   7.3 A rolling CSAT below 4.10 gives the customer a credit of 2 % of the Quarterly
    --       Service Charge: 3,748.25. From 4.10 up to under 4.30 there is no adjustment.
    --   7.4 There is no adjustment in the first two Contract Quarters (there are not yet three
    --       to average), nor while any of the three quarters had no survey (para 3.3 has
    --       already scored that quarter 0 on CSAT). The invoice shows a line of 0.00 saying why.
    -- The credit is not a shortfall of the quarter's CSAT: para 2 reports the quarter's own
    -- value as met or missed.
    term "sustained_csat" (function(ctx)
      local what = "Sustained satisfaction, rolling three-quarter CSAT"
      local quarter = #ctx.history + 1   -- every earlier quarter is in the history
      if quarter < csat_quarters then
        return bonus(0, what, ("no adjustment: %s is Contract Quarter %d, and the rolling CSAT "
          .. "needs %d quarters (para 7.4)"):format(ctx.period.id, quarter, csat_quarters))
      end
      local mean, window = rolling_mean(ctx, "csat", csat_quarters)
      if mean == nil then
        return bonus(0, what, ("no adjustment: %s (para 7.4)"):format(window))
      end
      local shown = {}
      for _, w in ipairs(window) do
        shown[#shown + 1] = ("%s %s"):format(w.period, w.value:format(2))
      end
      local rolling = mean:round(2)    -- para 7.1: two places, half-even
      local sum = ("rolling CSAT (%s) / %d = %s"):format(table.concat(shown, " + "),
        csat_quarters, rolling == mean and rolling:format(2)
          or ("%s, taken to %s"):format(tostring(mean), rolling:format(2)))
      if rolling >= csat_bonus_at then
        return bonus(csat_bonus, what, ("%s, at least %s: bonus of 1 %% of %s (para 7.2)")
          :format(sum, decimal(csat_bonus_at):format(2), tostring(service_charge)))
      elseif rolling < csat_credit_below then
        return credit(csat_credit, what, ("%s, below %s: credit of 2 %% of %s (para 7.3)")
          :format(sum, decimal(csat_credit_below):format(2), tostring(service_charge)))
      end
      return bonus(0, what, ("%s: from %s up to under %s, no adjustment (para 7.3)")
        :format(sum, decimal(csat_credit_below):format(2), decimal(csat_bonus_at):format(2)))
    end),

    -- Para 8: the annual volume true-up. Outside the collar of para 6.
    --   8.1 The annual charge is priced on 135,000 to 155,000 tickets closed in a contract
    --       year (1 April to 31 March), both included: the volume band.
    --   8.2 In the last quarter of each contract year (January to March), the tickets closed
    --       in the four quarters of the year are added up. Each ticket above 155,000 is
    --       charged at 4.20 (the additional resource charge); for each ticket below 135,000
    --       the customer is credited 2.10 (the reduced resource credit).
    --   8.3 In the other quarters there is no true-up; the invoice shows the year's tickets
    --       so far on a line of 0.00.
    term "volume_true_up" (function(ctx)
      local what = "Annual volume true-up, tickets closed in the contract year"
      local total, quarters, values = year_to_date(ctx, "tickets_closed")
      local shown = {}
      for _, v in ipairs(values) do
        shown[#shown + 1] = ("%s %s"):format(v.period, grouped(v.value))
      end
      local band = ("the band of %s to %s"):format(grouped(band_from), grouped(band_to))
      local year = #shown == 1 and shown[1] .. " tickets"
        or ("%s = %s tickets"):format(table.concat(shown, " + "), grouped(total))
      if not is_year_end(ctx) then
        return charge(0, what, ("no true-up this quarter: the contract year so far, %d %s, %s; "
          .. "the year is trued up in its last quarter (para 8.3)"):format(quarters,
          quarters == 1 and "quarter" or "quarters", year))
      end
      if total > band_to then
        local over = total - band_to
        return charge(additional_rate * over, what, ("the contract year, %s, is %s above %s: "
          .. "%s x %s (para 8.2)"):format(year, grouped(over), band, grouped(over),
          tostring(additional_rate)))
      elseif total < band_from then
        local under = band_from - total
        return credit(reduced_rate * under, what, ("the contract year, %s, is %s below %s: "
          .. "%s x %s (para 8.2)"):format(year, grouped(under), band, grouped(under),
          tostring(reduced_rate)))
      end
      return charge(0, what, ("no true-up: the contract year, %s, is within %s (para 8.2)")
        :format(year, band))
    end),
  },
}
