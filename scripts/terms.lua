-- The term library: the vocabulary contract managers write terms with.
--
-- Compiled into oce and loaded into every contract's sandbox. Each helper reads like the
-- clause it implements: `service_credit "availability_credit" { ... }` returns a term, a
-- table { name, run, line } whose run(ctx) returns the term's results. Helpers check their
-- arguments when the contract is loaded. Errors are raised at level 0 (no position): the
-- host reports the line of the contract script that was running, which is where the author
-- wrote the call.
--
-- Results are plain tables with a `kind`: charge, credit, bonus, share (invoice lines),
-- shortfall (a missed target, costed by the engine from the term's lines) and cap (a limit on
-- earlier terms' lines). The engine rounds every line once, applies caps and sums totals.

local M = {}

-- Text ----------------------------------------------------------------------------------

-- A number or money as exact text: "99.42", "85000.00".
local function show(x)
  if is_money(x) then
    return tostring(x)
  end
  return tostring(decimal(x))
end

-- A metric value as the contract measures it: "99.50" for availability to 2 places.
local function show_metric(ctx, name, value)
  local decl = ctx.declared[name]
  if decl.precision and not is_money(value) then
    return decimal(value):format(decl.precision)
  end
  return show(value)
end

-- The shortfall entry for a missed metric, or nil when the metric declares no target (there
-- is then nothing it fell short of).
local function missed(ctx, metric, shown)
  local target = ctx.targets[metric]
  if target == nil then
    return nil
  end
  return { kind = "shortfall", metric = metric,
           explanation = ("%s %s missed its target of %s"):format(metric, shown,
             show_metric(ctx, metric, target)) }
end

local function percent_of(percent, base)
  return base * decimal(percent) / 100
end

-- Argument checks -----------------------------------------------------------------------

local function fail(name, message)
  error(("term \"%s\": %s"):format(name, message), 0)
end

local function need(spec, name, key, check, expected)
  local v = spec[key]
  if v == nil or not check(v) then
    fail(name, ("'%s' must be %s"):format(key, expected))
  end
  return v
end

local function is_amount(v)
  return is_money(v) or math.type(v) ~= nil
end

local function is_text(v)
  return type(v) == "string" and #v > 0
end

local function is_percent(v)
  return math.type(v) ~= nil and v >= 0 and v <= 100
end

local function optional(spec, name, key, check, expected)
  if spec[key] ~= nil then
    return need(spec, name, key, check, expected)
  end
end

local function check_keys(spec, name, known)
  for key in pairs(spec) do
    local ok = false
    for _, k in ipairs(known) do
      if k == key then
        ok = true
      end
    end
    if not ok then
      fail(name, ("unknown field '%s' (expected one of: %s)"):format(tostring(key),
        table.concat(known, ", ")))
    end
  end
end

-- helper "name" { spec }: checks the name now and the spec when it arrives. The term
-- remembers which helper made it, for oce check.
local function helper(kind, build)
  return function(name)
    if type(name) ~= "string" then
      error("a term needs a name: write helper \"name\" { ... }", 0)
    end
    return function(spec)
      if type(spec) ~= "table" then
        fail(name, "expected a table of settings { ... }")
      end
      local t = term(name)(build(name, spec))
      t.helper = kind
      return t
    end
  end
end

-- Results -------------------------------------------------------------------------------

local function line(kind)
  return function(amount, description, explanation)
    if not is_amount(amount) then
      error(("%s: the amount must be money or a number, got %s"):format(kind, type(amount)), 0)
    end
    if not is_text(description) then
      error(("%s: a line needs a description"):format(kind), 0)
    end
    return { kind = kind, amount = amount, description = description,
             explanation = explanation }
  end
end

M.charge = line("charge")
M.credit = line("credit")
M.bonus = line("bonus")
M.share = line("share")

function M.shortfall(metric, explanation)
  return { kind = "shortfall", metric = metric, explanation = explanation }
end

function M.cap(terms, limit, description)
  return { kind = "cap", terms = terms, limit = limit, description = description }
end

-- Declarations --------------------------------------------------------------------------

-- metric "availability" { unit = "%", target = 99.95, better = "higher", ... }
function M.metric(name)
  if type(name) ~= "string" then
    error("a metric needs a name: write metric \"name\" { ... }", 0)
  end
  local line_no = script_line()
  return function(spec)
    if type(spec) ~= "table" then
      error(("metric \"%s\": expected a table of settings { ... }"):format(name), 0)
    end
    local m = { name = name, line = line_no }
    for k, v in pairs(spec) do
      m[k] = v
    end
    return m
  end
end

-- Term helpers --------------------------------------------------------------------------

-- fixed_fee "service_fee" { amount = fee, description = "Managed WAN service fee" }
M.fixed_fee = helper("fixed_fee", function(name, spec)
  check_keys(spec, name, { "amount", "description" })
  local amount = need(spec, name, "amount", is_amount, "money")
  local description = need(spec, name, "description", is_text, "text")
  return function(ctx)
    return M.charge(money(amount), description,
      ("Fixed %s fee of %s for %s"):format(ctx.period.kind == "month" and "monthly"
        or ctx.period.kind == "quarter" and "quarterly" or "annual", show(money(amount)),
        ctx.period.id))
  end
end)

-- Bands must run from the mildest miss to the worst: thresholds falling for "below",
-- rising for "above", so that "the worst band that applies" is the last that matches.
local function check_bands(name, bands)
  if type(bands) ~= "table" or #bands == 0 then
    fail(name, "'bands' must be a list of { below = threshold, percent = p } entries")
  end
  local side = bands[1].below ~= nil and "below" or "above"
  local previous
  for i, band in ipairs(bands) do
    local threshold = band[side]
    if math.type(threshold) == nil or (band.below ~= nil and band.above ~= nil) then
      fail(name, ("band %d: give a numeric '%s' threshold (all bands use the same side)")
        :format(i, side))
    end
    if not is_percent(band.percent) then
      fail(name, ("band %d: 'percent' must be a number from 0 to 100"):format(i))
    end
    if previous and ((side == "below" and threshold >= previous)
        or (side == "above" and threshold <= previous)) then
      fail(name, ("bands out of order: band %d (%s %s) must be %s band %d (%s %s)")
        :format(i, side, show(threshold), side == "below" and "lower than" or "higher than",
          i - 1, side, show(previous)))
    end
    previous = threshold
  end
  return side
end

-- service_credit "availability_credit" {
--   metric = "availability", of = fee,
--   bands = { { below = 99.95, percent = 5 }, { below = 99.50, percent = 10 } },
-- }
-- The worst band that applies sets the credit; a value exactly at a threshold is not
-- below (or above) it.
M.service_credit = helper("service_credit", function(name, spec)
  check_keys(spec, name, { "metric", "of", "bands", "description" })
  local metric = need(spec, name, "metric", is_text, "a metric name")
  local base = need(spec, name, "of", is_amount, "the amount the percentages apply to")
  local side = check_bands(name, spec.bands)
  local bands = spec.bands
  local description = optional(spec, name, "description", is_text, "text")
    or ("Service credit for %s"):format(metric)
  return function(ctx)
    local value = ctx.metrics[metric]
    local base_money = money(base)
    if value == nil then
      return M.credit(0, description, ("no credit: %s was not measured"):format(metric))
    end
    local v = decimal(value)
    local hit
    for _, band in ipairs(bands) do
      local t = decimal(band[side])
      if (side == "below" and v < t) or (side == "above" and v > t) then
        hit = band
      end
    end
    local shown = show_metric(ctx, metric, value)
    if hit == nil then
      local edge = bands[1][side]
      return M.credit(0, description, ("no credit: %s %s is not %s %s"):format(metric, shown,
        side, show_metric(ctx, metric, edge)))
    end
    local why = ("%s %% of %s because %s %s %s %s"):format(show(hit.percent), show(base_money),
      metric, shown, side == "below" and "<" or ">", show_metric(ctx, metric, hit[side]))
    return {
      M.credit(percent_of(hit.percent, base_money), description, why),
      missed(ctx, metric, shown),
    }
  end
end)

-- credit_per_unit "p1_restore_credit" {
--   metric = "p1_restore_hours", beyond = 4, each = money "1000.00", per = 1, cap = ...
-- }
-- `each` for every `per` units, or part of them, by which the metric exceeds `beyond`
-- (or falls short of `under`, for metrics where higher is better).
M.credit_per_unit = helper("credit_per_unit", function(name, spec)
  check_keys(spec, name, { "metric", "beyond", "under", "each", "per", "cap", "description" })
  local metric = need(spec, name, "metric", is_text, "a metric name")
  local beyond = optional(spec, name, "beyond", is_amount, "a number")
  local under = optional(spec, name, "under", is_amount, "a number")
  if (beyond == nil) == (under == nil) then
    fail(name, "give exactly one of 'beyond' (credit above it) or 'under' (credit below it)")
  end
  local each = need(spec, name, "each", is_amount, "money")
  local per = optional(spec, name, "per", function(v) return is_amount(v) and v > 0 end,
    "a positive number") or 1
  local cap = optional(spec, name, "cap", is_amount, "money")
  local description = optional(spec, name, "description", is_text, "text")
    or ("Credit per unit of %s"):format(metric)
  return function(ctx)
    local value = ctx.metrics[metric]
    if value == nil then
      return M.credit(0, description, ("no credit: %s was not measured"):format(metric))
    end
    local limit = beyond or under
    local excess = beyond and decimal(value) - decimal(beyond) or decimal(under) - decimal(value)
    local shown = show_metric(ctx, metric, value)
    if excess <= 0 then
      return M.credit(0, description, ("no credit: %s %s is within %s"):format(metric, shown,
        show(limit)))
    end
    local units = (excess / decimal(per)):ceil()
    local amount = money(each) * units
    local unit = ctx.declared[metric].unit
    local counted = per == 1 and ("started %s"):format(unit)
      or ("started blocks of %s %s"):format(show(per), unit)
    local why = ("%s %s %s %s (%s %s) at %s each"):format(show(units), counted,
      beyond and "beyond" or "under", show(limit), metric, shown, show(money(each)))
    if cap ~= nil and amount > money(cap) then
      why = why .. (", %s capped at %s"):format(show(amount), show(money(cap)))
      amount = money(cap)
    end
    return {
      M.credit(amount, description, why),
      missed(ctx, metric, shown),
    }
  end
end)

-- cap_terms "fees_at_risk" { terms = { "availability_credit", ... }, at_most = fee * 0.15 }
-- The lines of the named earlier terms together never exceed at_most; when they would, they
-- are reduced in proportion and the report shows what was forgone.
M.cap_terms = helper("cap_terms", function(name, spec)
  check_keys(spec, name, { "terms", "at_most", "description" })
  local terms = need(spec, name, "terms", function(v) return type(v) == "table" and #v > 0 end,
    "a list of term names")
  local at_most = need(spec, name, "at_most", is_amount, "money")
  local description = optional(spec, name, "description", is_text, "text")
    or ("cap on %s"):format(table.concat(terms, ", "))
  return function()
    return M.cap(terms, money(at_most), description)
  end
end)

-- gain_share "run_cost_share" {
--   metric = "run_cost", baseline = money "120000.00",
--   savings_percent = 30, overrun_percent = 20, overrun_cap = money "10000.00",
-- }
-- Under the baseline the vendor earns its share of the saving; over it, it bears its share
-- of the overrun as a credit.
M.gain_share = helper("gain_share", function(name, spec)
  check_keys(spec, name, { "metric", "baseline", "savings_percent", "overrun_percent",
    "savings_cap", "overrun_cap", "description" })
  local metric = need(spec, name, "metric", is_text, "a metric name")
  local baseline = need(spec, name, "baseline", is_amount, "money")
  local gain = optional(spec, name, "savings_percent", is_percent, "a percentage, 0 to 100") or 0
  local pain = optional(spec, name, "overrun_percent", is_percent, "a percentage, 0 to 100") or 0
  local gain_cap = optional(spec, name, "savings_cap", is_amount, "money")
  local pain_cap = optional(spec, name, "overrun_cap", is_amount, "money")
  local description = optional(spec, name, "description", is_text, "text")
    or ("Gain-share and pain-share on %s"):format(metric)
  local function capped(amount, cap, why)
    if cap ~= nil and amount > money(cap) then
      return money(cap), why .. (" = %s, capped at %s"):format(show(amount), show(money(cap)))
    end
    return amount, why
  end
  return function(ctx)
    local value = ctx.metrics[metric]
    if value == nil then
      return M.share(0, description, ("no share: %s was not measured"):format(metric))
    end
    local base, actual = money(baseline), money(value)
    if actual < base then
      local saving = base - actual
      local amount, why = capped(percent_of(gain, saving), gain_cap,
        ("%s %% of savings %s (baseline %s - %s %s)"):format(show(gain), show(saving),
          show(base), metric, show(actual)))
      return M.share(amount, description, why)
    elseif actual > base then
      local overrun = actual - base
      local amount, why = capped(percent_of(pain, overrun), pain_cap,
        ("%s %% of overrun %s (%s %s - baseline %s)"):format(show(pain), show(overrun),
          metric, show(actual), show(base)))
      return {
        M.credit(amount, description, why),
        ctx.targets[metric] ~= nil and M.shortfall(metric, ("%s %s over baseline %s")
          :format(metric, show(actual), show(base))) or nil,
      }
    end
    return M.share(0, description, ("no share: %s equals the baseline %s"):format(metric,
      show(base)))
  end
end)

-- threshold_bonus "csat_bonus" { metric = "csat", at_least = 9.0, percent = 2, of = fee }
-- (or amount = money "1700.00" instead of percent and of).
M.threshold_bonus = helper("threshold_bonus", function(name, spec)
  check_keys(spec, name, { "metric", "at_least", "at_most", "amount", "percent", "of",
    "description" })
  local metric = need(spec, name, "metric", is_text, "a metric name")
  local at_least = optional(spec, name, "at_least", is_amount, "a number")
  local at_most = optional(spec, name, "at_most", is_amount, "a number")
  if (at_least == nil) == (at_most == nil) then
    fail(name, "give exactly one of 'at_least' or 'at_most'")
  end
  local amount = optional(spec, name, "amount", is_amount, "money")
  local percent = optional(spec, name, "percent", is_percent, "a percentage, 0 to 100")
  local of = optional(spec, name, "of", is_amount, "money")
  if (amount == nil) == (percent == nil) or (percent ~= nil) ~= (of ~= nil) then
    fail(name, "give either 'amount', or 'percent' and 'of'")
  end
  local description = optional(spec, name, "description", is_text, "text")
    or ("Bonus for %s"):format(metric)
  return function(ctx)
    local value = ctx.metrics[metric]
    if value == nil then
      return M.bonus(0, description, ("no bonus: %s was not measured this period"):format(metric))
    end
    local limit = at_least or at_most
    local v, shown = decimal(value), show_metric(ctx, metric, value)
    local earned = at_least and v >= decimal(at_least) or at_most and v <= decimal(at_most)
    local relation = at_least and "at least" or "at most"
    if not earned then
      return M.bonus(0, description, ("no bonus: %s %s is not %s %s"):format(metric, shown,
        relation, show_metric(ctx, metric, limit)))
    end
    local pay = amount and money(amount) or percent_of(percent, money(of))
    local how = amount and show(pay) or ("%s %% of %s"):format(show(percent), show(money(of)))
    return M.bonus(pay, description, ("%s because %s %s is %s %s"):format(how, metric, shown,
      relation, show_metric(ctx, metric, limit)))
  end
end)

return M
