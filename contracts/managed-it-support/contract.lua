-- Managed IT support agreement between Fernhollow Care Group Ltd (the customer) and
-- Quillstone Managed Services Ltd (the supplier), reference FCG-MSA-2026-03.
-- Schedule 3: charges, service levels, service credits, their earn-back and the
-- satisfaction bonus.
--
-- Settled monthly in pounds sterling. Availability (para 2.1) and the P1 restore time
-- (para 2.2) are worked out from the service desk's incident log, exported from the ITSM
-- tool into incidents.csv, one row for each incident of each in-scope service; the other
-- three measures come from the supplier's service management report. The customer's IT
-- manager checks the log against the monitoring console, and the measures against the
-- patching and vulnerability consoles, before they are settled: settle a month with
--   oce settle contract.lua --period 2026-05 --outcomes outcomes.csv --incidents incidents.csv

local fee = money "38450.00"             -- Schedule 3, para 1.1: the monthly support charge

contract {
  id = "managed-it-support",
  title = "Managed IT support services",
  customer = "Fernhollow Care Group Ltd",
  vendor = "Quillstone Managed Services Ltd",
  currency = "GBP",
  cadence = "monthly",
  effective_from = "2026-04-01",
  effective_to = "2029-03-31",
  rounding = "half-even",

  -- Para 2.1 counts availability "over the month": the in-scope services are used round the
  -- clock (the care homes reach the EPR gateway, email and remote access at night and at
  -- weekends), so the service hours are every hour of every day, in UK time. No day is off:
  -- the England and Wales public holidays are service days like any other, and an outage on
  -- one counts in full. The only time that does not count is the agreed maintenance windows.
  time_zone = "Europe/London",
  service_hours = "24x7",

  -- Para 2.1: the agreed maintenance windows, in UK local time: every Sunday from 02:00 to
  -- 04:00, and the windows agreed one by one through change control (CHG-2291: the core
  -- switch upgrade, Wednesday 9 December 2026, 20:00 to 23:00). An outage inside a window
  -- does not count; the part of one that runs on past the window does.
  maintenance = {
    { every = "sunday", from = "02:00", to = "04:00" },
    { from = "2026-12-09T20:00", to = "2026-12-09T23:00" },
  },

  -- Para 2.6: the incident log. Each incident is logged against one in-scope service (an
  -- outage of two services is two incidents), with its priority and its cause. An outage
  -- caused by the customer (its staff, its contractors, equipment it manages) or by a force
  -- majeure event does not count against the supplier, in availability or in P1 restore
  -- times. One caused by a provider the supplier engages (third_party) counts as the
  -- supplier's own.
  incidents = {
    services = { "email", "epr_gateway", "file_print", "remote_access" },
    severities = { "P1", "P2", "P3", "P4" },
    causes = { "supplier", "third_party", "customer", "force_majeure" },
    excluded_causes = { "customer", "force_majeure" },
  },

  metrics = {
    -- Para 2.1: availability of the in-scope services (email, EPR gateway, file and print,
    -- remote access) over the month, excluding agreed maintenance windows. From the incident
    -- log: each service's agreed service time is the month less the maintenance windows, and
    -- the four services are taken together, so an hour's outage of one of them costs a
    -- quarter of what an hour of all four would. Incidents of a service that overlap count
    -- their time once; one still open runs to the end of the month; one across a month end
    -- counts in each month for its part of it. Given to the two decimal places the service
    -- management report used, rounded half to even.
    metric "availability" {
      unit = "%", target = 99.90, better = "higher", precision = 2, min = 0, max = 100,
      from_incidents = { measure = "availability" },
    },
    -- Para 2.2: the longest time to restore service for a Priority 1 incident closed in the
    -- month, in hours (0.0 when no P1 incident was closed in it). From the incident log: an
    -- incident's start to its end, in clock hours, because the service runs round the clock
    -- and para 2.2 stops the clock for nothing, maintenance windows included. An incident
    -- across a month end counts in the month it is restored in; the customer's and force
    -- majeure incidents (para 2.6) are not counted. Given to a tenth of an hour rounded up,
    -- so that a restore a minute over 4 hours is 4.1 and is credited as the "part of an
    -- hour" of para 4.3, not rounded away.
    metric "p1_restore_hours" {
      unit = "hours", target = 4, better = "lower", precision = 1, min = 0,
      from_incidents = { measure = "worst_restore_hours", severity = "P1", hours = "clock",
                         rounding = "up" },
    },
    -- Para 2.3: the percentage of critical security patches released by vendors that were
    -- applied to in-scope devices within 14 days of release.
    metric "patch_compliance" {
      unit = "%", target = 95.0, better = "higher", precision = 1, min = 0, max = 100,
    },
    -- Para 2.4: the number of critical vulnerabilities (CVSS 9.0 or more) open on in-scope
    -- devices at midnight on the last day of the month. Two or fewer meets the level.
    metric "open_critical_vulns" {
      unit = "vulnerabilities", target = 2, better = "lower", precision = 0, min = 0,
    },
    -- Para 2.5: the average score (0 to 10) of the month's user satisfaction survey. The
    -- survey is not run every month, so the measure may be left out.
    metric "csat" {
      unit = "score", target = 8.5, better = "higher", required = false, precision = 1,
      min = 0, max = 10,
    },
  },

  terms = {
    -- Para 1.1: the customer pays the monthly support charge of 38,450.00.
    fixed_fee "support_fee" {
      amount = fee,
      description = "Managed IT support charge",
    },

    -- Para 4.1: where availability is 99.80 % or less the supplier credits 3 % of the
    -- monthly support charge; 99.50 % or less, 7.5 %; 99.00 % or less, 15 %. The highest
    -- band reached applies. The availability credit is at most 5,000.00 in any month.
    service_credit "availability_credit" {
      metric = "availability",
      of = fee,
      bands = {
        { at_or_below = 99.80, percent = 3 },
        { at_or_below = 99.50, percent = 7.5 },
        { at_or_below = 99.00, percent = 15 },
      },
      cap = money "5000.00",
      description = "Availability service credit",
    },

    -- Para 4.2: where patch compliance is below 95.0 % the supplier credits 2 % of the
    -- monthly support charge; below 90.0 %, 4 %; below 80.0 %, 6 %. The lowest band
    -- reached applies.
    service_credit "patch_credit" {
      metric = "patch_compliance",
      of = fee,
      bands = {
        { below = 95.0, percent = 2 },
        { below = 90.0, percent = 4 },
        { below = 80.0, percent = 6 },
      },
      description = "Critical patching service credit",
    },

    -- Para 4.3: for each hour, or part of an hour, by which the longest P1 restore exceeds
    -- 4 hours the supplier credits 400.00, at most 2,400.00 in any month.
    credit_per_unit "p1_restore_credit" {
      metric = "p1_restore_hours",
      beyond = 4,
      each = money "400.00",
      cap = money "2400.00",
      description = "P1 restore time service credit",
    },

    -- Para 4.4: for each critical vulnerability open at month end beyond the first two, the
    -- supplier credits 250.00, at most 1,500.00 in any month.
    per_incident_credit "vulnerability_credit" {
      metric = "open_critical_vulns",
      free = 2,
      each = money "250.00",
      cap = money "1500.00",
      description = "Open critical vulnerabilities credit",
    },

    -- Para 4.5: the service credits of paras 4.1 to 4.4 together never exceed 12.5 % of the
    -- monthly support charge (4,806.25), the fees at risk. Where they would, each credit is
    -- reduced in proportion.
    cap_terms "fees_at_risk" {
      terms = { "availability_credit", "patch_credit", "p1_restore_credit",
                "vulnerability_credit" },
      at_most = fee * 12.5 / 100,
      description = "fees at risk, 12.5 % of the monthly support charge",
    },

    -- Para 4.6: earn-back. Where the supplier has given an availability credit under para 4.1
    -- for a month, and availability then meets the 99.90 % service level of para 2.1 in each
    -- of the three months that follow it, the supplier earns that credit back in full: the
    -- credit as it was given, after paras 4.1 and 4.5, is charged in the third of those
    -- months. A month below 99.90 % in between, with or without a credit of its own, means
    -- that credit is not earned back. The earn-back is a charge, not a service credit, so
    -- para 4.5 does not apply to it; the other service credits are not earned back.
    earn_back "availability_earn_back" {
      term = "availability_credit",
      metric = "availability",
      periods = 3,
      percent = 100,
      description = "Availability credit earned back",
    },

    -- Para 5: where the month's user satisfaction survey averages 8.5 or more, the supplier
    -- earns a bonus of 1.5 % of the monthly support charge (576.75). No survey, no bonus.
    -- The bonus is not a service credit and para 4.5 does not apply to it.
    threshold_bonus "csat_bonus" {
      metric = "csat",
      at_least = 8.5,
      percent = 1.5,
      of = fee,
      description = "User satisfaction bonus",
    },
  },
}
