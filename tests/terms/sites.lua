-- Term library tests: one hand-written term crediting several sites, each credit followed by
-- its own shortfall, under a collar. Each shortfall is costed by the credit it follows, and a
-- floor tops up nothing when the terms produced no line.
contract {
  history = false,
  id = "sites", title = "Sites", customer = "C", vendor = "V", currency = "EUR",
  cadence = "monthly", effective_from = "2026-01-01",
  params = { sites = { { name = "A", metric = "a" }, { name = "B", metric = "b" } } },
  metrics = {
    metric "a" { unit = "%", target = 99.9, better = "higher", precision = 2 },
    metric "b" { unit = "%", target = 99.9, better = "higher", precision = 2 },
  },
  terms = {
    fixed_fee "fee" { amount = money "1000.00", description = "Fee" },
    term "site_credits" (function(ctx)
      local out = {}
      for _, site in ipairs(ctx.params.sites) do
        if ctx.metrics[site.metric] < 99.9 then
          out[#out + 1] = credit(money "100.00", "Credit for site " .. site.name)
          out[#out + 1] = shortfall(site.metric, site.name .. " missed 99.9")
        end
      end
      return out
    end),
    collar_terms "collar" {
      terms = { "site_credits" }, at_least = money "50.00", at_most = money "150.00",
    },
  },
}
