-- A contract that starts on 15 July: its first month, half covered, belongs to its first
-- contract year (15 July to 14 July); year_to_date, is_year_end and the rolling window.
contract {
  id = "midmonth", title = "Mid-month start", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-07-15", effective_to = "2027-12-20",
  metrics = { metric "tickets" { unit = "tickets", precision = 0 } },
  terms = {
    -- The contract year's tickets so far, the number of months counted, and the first of them.
    term "year_tickets" (function(ctx)
      local sum, count, values = year_to_date(ctx, "tickets")
      return { charge(sum, "Tickets this contract year"), charge(count, "Months"),
               charge(values[1].value, "First month's tickets (" .. values[1].period .. ")") }
    end),
    -- 1.00 in the last month of a contract year, or of the contract.
    term "year_end" (function(ctx)
      return charge(is_year_end(ctx) and 1 or 0, "Year end")
    end),
    -- The mean of two months, and the oldest value of its window.
    term "pair" (function(ctx)
      local mean, window = rolling_mean(ctx, "tickets", 2)
      if mean == nil then
        return charge(0, "Mean of two months", window)
      end
      return { charge(mean, "Mean of two months"), charge(window[1].value, "Oldest") }
    end),
  },
}
