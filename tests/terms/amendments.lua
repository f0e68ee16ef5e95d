-- Pins amendments: versions of a contract by date. A price review from April restates the
-- terms; a merger from 15 July restates the metrics and terms and settles July, which it falls
-- inside, by the later version; an annual cap on the uptime credit runs across the versions.
local function credit_terms(fee, target)
  return {
    fixed_fee "fee" { amount = money(fee), description = "Service fee" },
    service_credit "uptime_credit" {
      metric = "uptime", of = money(fee), bands = { { below = target, percent = 10 } },
      description = "Uptime credit",
    },
    cap_per_year "annual_cap" { terms = { "uptime_credit" }, at_most = money "250.00" },
  }
end

contract {
  id = "amended", title = "Amended", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", effective_to = "2027-12-31",
  version = "2026 agreement",
  metrics = { metric "uptime" { unit = "%", target = 99.9, better = "higher", precision = 2 } },
  terms = credit_terms("1000.00", 99.9),
  amendments = {
    amendment "price review" {
      effective_from = "2026-04-01",
      terms = credit_terms("1100.00", 99.9),
    },
    amendment "merger" {
      effective_from = "2026-07-15",
      split = "later",
      metrics = {
        metric "uptime" { unit = "%", target = 99.95, better = "higher", precision = 2 },
        metric "sites" { unit = "sites", precision = 0 },
      },
      terms = {
        fixed_fee "fee" { amount = money "1500.00", description = "Service fee" },
        usage_fee "site_fee" {
          metric = "sites", pricing = "volume", tiers = { { price = money "10.00" } },
          description = "Sites",
        },
        service_credit "uptime_credit" {
          metric = "uptime", of = money "1500.00", bands = { { below = 99.95, percent = 10 } },
          description = "Uptime credit",
        },
        cap_per_year "annual_cap" { terms = { "uptime_credit" }, at_most = money "250.00" },
      },
    },
  },
}
