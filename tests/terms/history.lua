-- Pins the term library's look-back helpers and functions: cap_per_year over the calendar
-- year and over the contract year (which starts on 1 July here), earn_back, rolling_mean and
-- year_to_date.
local fee = money "1000.00"

contract {
  id = "history", title = "Look-back terms", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-07-01", effective_to = "2028-06-30",

  metrics = {
    metric "uptime" { unit = "%", target = 99.9, better = "higher", precision = 2 },
    metric "tickets" { unit = "tickets", precision = 0, required = false },
  },

  terms = {
    fixed_fee "fee" { amount = fee, description = "Service fee" },
    service_credit "uptime_credit" {
      metric = "uptime", of = fee, bands = { { below = 99.9, percent = 10 } },
      description = "Uptime credit",
    },
    cap_per_year "calendar_cap" { terms = { "uptime_credit" }, at_most = money "250.00",
                                  year = "calendar" },
    cap_per_year "contract_cap" { terms = { "uptime_credit" }, at_most = money "300.00" },
    earn_back "earn_back" { term = "uptime_credit", metric = "uptime", periods = 2, percent = 50 },

    -- 10.00 when uptime averages 99.95 or more over this month and the two before it.
    term "rolling_bonus" (function(ctx)
      local mean, why = rolling_mean(ctx, "uptime", 3)
      if mean == nil then
        return bonus(0, "Rolling uptime bonus", "no bonus: " .. why)
      end
      local amount = mean >= 99.95 and 10 or 0
      return bonus(amount, "Rolling uptime bonus", "mean uptime " .. mean:round(2))
    end),

    -- The calendar year's tickets so far, and how many months had a count, as two lines.
    term "ticket_count" (function(ctx)
      local sum, count = year_to_date(ctx, "tickets", "calendar")
      return { charge(sum, "Tickets this year"), charge(count, "Months counted") }
    end),
  },
}
