-- Managed network services agreement between Halvorsen Logistics B.V. (the customer) and
-- Meridian Netcom SE (the supplier), reference HL-NET-2026-07.
-- Schedule 2: site charges, site service levels, site credits and the minimum charge.
--
-- Settled monthly in euros. Each site has its own monthly fee, its own availability level
-- and its own table of credits, listed once in `params.sites` below; the terms read them
-- from there (ctx.params), so each site's fee and credit appears as a line of its own.
--
-- Each site's availability is worked out from the incident log (para 3.2), in which every
-- outage is logged against the site's code as its service. Settle a month with both files:
--   oce settle contract.lua --period 2026-10 --outcomes outcomes.csv --incidents incidents.csv
-- outcomes.csv holds what is still measured: the major incidents agreed at the service review.
--
-- To add a site (a change note under clause 9), do all four:
--   1. add it to `sites` (code, name, fee, the metric holding its availability, its bands);
--      its code becomes a service of the incident log;
--   2. declare its availability metric under `metrics`, with the site's level as target,
--      derived with site_availability "XXX";
--   3. add a credit term for it under para 4.2, like the others:
--        term "credit_xxx" (function(ctx) return site_credit(ctx, "XXX") end),
--   4. add that term's name to the collar in para 4.5.
-- oce check lists the terms it found: count them against the sites.

-- Para 3.1 and Annex B: the sites, their monthly fees and their credit tables. A band
-- applies when the site's availability is below its threshold; the lowest band reached
-- applies. Bands run from the mildest to the worst, thresholds falling.
local sites = {
  { code = "AMS", name = "Amsterdam data centre", fee = money "6800.00",
    metric = "availability_ams",
    bands = {
      { below = 99.99, percent = 5 },
      { below = 99.95, percent = 10 },
      { below = 99.90, percent = 20 },
      { below = 99.50, percent = 40 },
    } },
  { code = "RTM", name = "Rotterdam port hub", fee = money "4200.00",
    metric = "availability_rtm",
    bands = {
      { below = 99.95, percent = 5 },
      { below = 99.90, percent = 10 },
      { below = 99.50, percent = 25 },
    } },
  { code = "ANR", name = "Antwerp warehouse", fee = money "2950.00",
    metric = "availability_anr",
    bands = {
      { below = 99.90, percent = 5 },
      { below = 99.50, percent = 15 },
      { below = 99.00, percent = 30 },
    } },
  { code = "DUS", name = "Duesseldorf sales office", fee = money "1875.50",
    metric = "availability_dus",
    bands = {
      { below = 99.90, percent = 5 },
      { below = 99.50, percent = 15 },
      { below = 99.00, percent = 30 },
    } },
  { code = "LIL", name = "Lille cross-dock", fee = money "1480.00",
    metric = "availability_lil",
    bands = {
      { below = 99.50, percent = 10 },
      { below = 98.00, percent = 25 },
    } },
}

-- A mistake in the table above is reported when the contract is loaded (oce check), not
-- in the middle of a settlement.
for _, site in ipairs(sites) do
  local previous
  for i, b in ipairs(site.bands) do
    if type(b.below) ~= "number" or type(b.percent) ~= "number" or b.percent < 0
        or b.percent > 100 then
      error(("site %s: band %d needs below = a threshold and percent = 0 to 100"):format(
        site.code, i), 0)
    end
    if previous ~= nil and b.below >= previous then
      error(("site %s: bands out of order: band %d (below %s) must be lower than band %d "
        .. "(below %s)"):format(site.code, i, decimal(b.below), i - 1, decimal(previous)), 0)
    end
    previous = b.below
  end
end

-- Para 3.2: the services of the incident log are the sites, by code.
local services = {}
for _, site in ipairs(sites) do
  services[#services + 1] = site.code
end

-- Para 3.2: a site's availability for the month, from the incident log: the agreed service
-- time (24x7 less the Sunday maintenance window) not counted down at the site, as a
-- percentage rounded half-even to two places. The comparisons in para 4.2 are made on the
-- rounded figure.
local function site_availability(code)
  return { measure = "availability", service = code, rounding = "half-even" }
end

-- Para 4.2: the availability credit of one site, as its own invoice line. `code` names the
-- site in `sites`; the term reads the site from ctx.params.
local function site_credit(ctx, code)
  local site
  for _, s in ipairs(ctx.params.sites) do
    if s.code == code then
      site = s
    end
  end
  if site == nil then
    error(("site %s is not in params.sites"):format(code), 0)
  end
  local description = ("Site availability credit: %s (%s)"):format(site.name, site.code)
  -- Para 4.4 (a site with no availability reading is treated as meeting its level) no longer
  -- arises: every site's availability comes from the incident log, and a site with no
  -- counted incident in the month is at 100.00 %.
  local availability = decimal(ctx.metrics[site.metric])
  local band
  for _, b in ipairs(site.bands) do
    if availability < decimal(b.below) then
      band = b                    -- the last band that applies is the worst
    end
  end
  local places = ctx.declared[site.metric].precision   -- 2: percentages to two places
  local shown = availability:format(places)
  if band == nil then
    return credit(0, description, ("no credit: %s availability %s %% is not below %s %%")
      :format(site.code, shown, decimal(site.bands[1].below):format(places)))
  end
  local fee = money(site.fee)
  return {
    credit(fee * band.percent / 100, description,
      ("%s %% of the %s site fee %s because availability %s %% is below %s %%"):format(
        decimal(band.percent), site.code, fee, shown, decimal(band.below):format(places))),
    shortfall(site.metric, ("%s (%s): availability %s %% missed the site level of %s %%")
      :format(site.name, site.code, shown, decimal(ctx.targets[site.metric]):format(places))),
  }
end

contract {
  id = "managed-network",
  title = "Managed network services",
  customer = "Halvorsen Logistics B.V.",
  vendor = "Meridian Netcom SE",
  currency = "EUR",
  cadence = "monthly",
  effective_from = "2026-07-01",
  effective_to = "2029-06-30",
  rounding = "half-even",
  history = false,  -- every term is settled on its own period: none looks back

  -- Para 3.2: the incident log and the calendar it is counted on. Times are UK time, the
  -- time zone of the supplier's network operations centre. The service is 24x7 but for the
  -- weekly maintenance window, Sundays 02:00 to 04:00: an outage, or the part of one, in the
  -- window is not counted, nor is one caused by the customer or by force majeure. A fault of
  -- an access circuit (cause "carrier") is the supplier's: it provides the circuits.
  time_zone = "Europe/London",
  service_hours = "24x7",
  maintenance = { { every = "sunday", from = "02:00", to = "04:00" } },
  incidents = {
    services = services,
    severities = { "P1", "P2", "P3" },
    causes = { "supplier", "carrier", "customer", "force_majeure" },
    excluded_causes = { "customer", "force_majeure" },
  },

  params = { sites = sites },

  metrics = {
    -- Para 3.2: each site's availability for the month, worked out from the incident log
    -- (site_availability above). The target is the site's level in Annex B.
    metric "availability_ams" {
      unit = "%", target = 99.99, better = "higher", precision = 2, min = 0, max = 100,
      from_incidents = site_availability "AMS",
    },
    metric "availability_rtm" {
      unit = "%", target = 99.95, better = "higher", precision = 2, min = 0, max = 100,
      from_incidents = site_availability "RTM",
    },
    metric "availability_anr" {
      unit = "%", target = 99.90, better = "higher", precision = 2, min = 0, max = 100,
      from_incidents = site_availability "ANR",
    },
    metric "availability_dus" {
      unit = "%", target = 99.90, better = "higher", precision = 2, min = 0, max = 100,
      from_incidents = site_availability "DUS",
    },
    metric "availability_lil" {
      unit = "%", target = 99.50, better = "higher", precision = 2, min = 0, max = 100,
      from_incidents = site_availability "LIL",
    },
    -- Para 3.3: network major incidents in the month: a P1 outage of two or more sites at
    -- once, or of the Amsterdam core, as agreed at the monthly service review. Measured
    -- (outcomes.csv), not counted from the log: the log cannot tell a network major incident
    -- from a P1 at one site.
    metric "major_incidents" {
      unit = "incidents", target = 0, better = "lower", precision = 0, min = 0,
    },
  },

  terms = {
    -- Para 3.1: each site's monthly fee, as its own line. The agreement runs from the first
    -- to the last day of a month, so no site fee is ever for part of a month.
    term "site_fees" (function(ctx)
      local lines = {}
      for _, site in ipairs(ctx.params.sites) do
        lines[#lines + 1] = charge(money(site.fee),
          ("Site service fee: %s (%s)"):format(site.name, site.code),
          ("Monthly site fee for %s, %s"):format(site.code, ctx.period.id))
      end
      return lines
    end),

    -- Para 3.4: the network operations centre and service management charge.
    fixed_fee "noc_fee" {
      amount = money "3500.00",
      description = "Network operations centre and service management",
    },

    -- Para 4.2: each site whose availability is below its level earns the customer a credit
    -- of a percentage of that site's fee, by the site's table in Annex B.
    term "credit_ams" (function(ctx) return site_credit(ctx, "AMS") end),
    term "credit_rtm" (function(ctx) return site_credit(ctx, "RTM") end),
    term "credit_anr" (function(ctx) return site_credit(ctx, "ANR") end),
    term "credit_dus" (function(ctx) return site_credit(ctx, "DUS") end),
    term "credit_lil" (function(ctx) return site_credit(ctx, "LIL") end),

    -- Para 4.5: the site credits of a month together are at most 2,500.00. Where they would
    -- be more, each is reduced in proportion. There is no minimum credit (the floor of the
    -- collar is 0.00: see the note in the test cases before raising it).
    collar_terms "site_credit_collar" {
      terms = { "credit_ams", "credit_rtm", "credit_anr", "credit_dus", "credit_lil" },
      at_least = money "0.00",
      at_most = money "2500.00",
      description = "site credit cap of para 4.5",
    },

    -- Para 5: each network major incident earns the customer a credit of 1,250.00, at most
    -- 5,000.00 a month. Not a site credit: para 4.5 does not apply to it.
    per_incident_credit "major_incident_credit" {
      metric = "major_incidents",
      each = money "1250.00",
      cap = money "5000.00",
      description = "Network major incident credit",
    },

    -- Para 6: whatever the credits, the customer pays at least 16,000.00 for a month.
    floor_net "minimum_charge" {
      at_least = money "16000.00",
      description = "minimum monthly charge of para 6",
    },
  },
}
