-- The term library: the vocabulary contract managers write terms with.
--
-- Compiled into oce and loaded into every contract's sandbox. Each helper reads like the
-- clause it implements: `service_credit "availability_credit" { ... }` returns a term, a
-- table { name, run, line, helper, refers, settings } whose run(ctx) returns the term's
-- results. Helpers check their settings when the contract is loaded; the host then checks
-- that the terms a helper names (refers) are terms declared before it and that every number
-- in its settings is an exact decimal. Errors are raised at level 0 (no position): the host
-- reports the line of the contract script that was running, which is where the author wrote
-- the call.
--
-- Results are plain tables with a `kind`: charge, credit, bonus, share (invoice lines),
-- shortfall (a missed target, costed by the engine from the term's lines) and limit (a cap,
-- floor or collar on earlier terms' lines or on the net). The engine rounds every line once,
-- applies limits and sums totals.
--
-- Terms that look back over earlier periods (a cap over the contract year, earn-back,
-- rolling and year-to-date figures) read ctx.history: the contract's earlier periods as they
-- stand in the ledger, oldest first.

local M = {}

-- next() in a table's own order, from the host: only for what the order cannot show
-- (counting, copying, whether any key is unknown). Everything a script or a message can see
-- goes through pairs, in sorted order.
local next_any = ...

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
  if decl.precision and not (is_money(value) and value:currency()) then
    return decimal(value):format(decl.precision)
  end
  return show(value)
end

-- "a, b and c"
local function list_text(items)
  if #items <= 1 then
    return items[1] or ""
  end
  return table.concat(items, ", ", 1, #items - 1) .. " and " .. items[#items]
end

-- The shortfall entry for a missed metric, or nil when the metric declares no target (there
-- is then nothing it fell short of).
local function missed(ctx, metric, value, shown)
  local target = ctx.targets[metric]
  if target == nil or value == target or
      (ctx.declared[metric].better == "lower") == (value < target) then
    return nil -- no target, or met: a credit due at the target itself is no shortfall
  end
  return { kind = "shortfall", metric = metric,
           explanation = ("%s %s missed its target of %s"):format(metric, shown,
             show_metric(ctx, metric, target)) }
end

-- A measured value as a plain decimal, for comparing with thresholds written as numbers: a
-- money metric's amount without its currency.
local function plain(value)
  if is_money(value) and value:currency() then
    return value / money(1, value:currency())
  end
  return decimal(value)
end

local function percent_of(percent, base)
  return base * decimal(percent) / 100
end

-- Dates ---------------------------------------------------------------------------------

-- Days since 1970-01-01 of a "YYYY-MM-DD" date, or nil when it is not one.
local function day_number(s)
  if type(s) ~= "string" or #s ~= 10 or s:sub(5, 5) ~= "-" or s:sub(8, 8) ~= "-" then
    return nil
  end
  local y, m, d = math.tointeger(tonumber(s:sub(1, 4))), math.tointeger(tonumber(s:sub(6, 7))),
    math.tointeger(tonumber(s:sub(9, 10)))
  if not (y and m and d) or m < 1 or m > 12 or d < 1 or d > 31 then
    return nil
  end
  y = m <= 2 and y - 1 or y
  local era = y // 400
  local yoe = y - era * 400
  local doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end

local function is_date(v)
  return day_number(v) ~= nil
end

-- Settings ------------------------------------------------------------------------------

local function fail(name, message)
  error(("term \"%s\": %s"):format(name, message), 0)
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

local function is_positive(v)
  return is_amount(v) and v > 0
end

-- A list holds its items at 1, 2, ..., n and nothing else: past a gap (a nil in a list
-- literal) or under another key, an item would be skipped without a word.
local function is_list(v)
  if type(v) ~= "table" then
    return false
  end
  local n, last = 0, 0
  for k in next_any, v do
    if math.type(k) ~= "integer" or k < 1 then
      return false
    end
    n, last = n + 1, math.max(last, k)
  end
  return n > 0 and n == last
end

local function is_empty(v)
  return next_any(v) == nil
end

-- The contract's currency while settling (money() takes it by default), nil while the
-- script is first read.
local function contract_currency()
  return money(0):currency()
end

-- A threshold: a number or a plain decimal (decimal(target) - 0.6), not money.
local function is_threshold(v)
  return math.type(v) ~= nil or (is_money(v) and v:currency() == nil)
end

local function need(spec, name, key, check, expected)
  local v = spec[key]
  if v == nil or not check(v) then
    fail(name, ("'%s' must be %s"):format(key, expected))
  end
  local own = is_money(v) and v:currency()
  local currency = own and contract_currency()
  if own and currency and own ~= currency then
    fail(name, ("'%s' is %s in %s, but the contract is in %s"):format(key, show(v),
      own, currency))
  end
  return v
end

local function optional(spec, name, key, check, expected)
  if spec[key] ~= nil then
    return need(spec, name, key, check, expected)
  end
end

-- Edit distance between two short names, for "did you mean".
local function distance(a, b)
  local row = {}
  for j = 0, #b do
    row[j] = j
  end
  for i = 1, #a do
    local diag, left = row[0], i
    row[0] = i
    for j = 1, #b do
      local up = row[j]
      local best = diag + (a:byte(i) == b:byte(j) and 0 or 1)
      best = math.min(best, up + 1, left + 1)
      row[j], diag, left = best, up, best
    end
  end
  return row[#b]
end

-- The first key of spec that is not one of known, and the known name nearest it, if any.
local function unknown_key(spec, known)
  local is_known = {}
  for _, k in ipairs(known) do
    is_known[k] = true
  end
  local any = false
  for key in next_any, spec do
    if not is_known[key] then
      any = true
      break
    end
  end
  if not any then
    return nil
  end
  for key in pairs(spec) do -- the first in sorted order, so that the message is the same
    if not is_known[key] then
      local near, best = nil, 3
      for _, k in ipairs(known) do
        local d = type(key) == "string" and #key < 40 and distance(key, k) or best
        if d < best then
          near, best = k, d
        end
      end
      return key, near
    end
  end
end

local function check_keys(spec, name, known)
  local key, near = unknown_key(spec, known)
  if key ~= nil then
    fail(name, near and ("unknown setting '%s' (did you mean '%s'?)"):format(tostring(key), near)
      or ("unknown setting '%s' (the settings are: %s)"):format(tostring(key),
        table.concat(known, ", ")))
  end
end

-- "give exactly one of ..." for settings that exclude each other.
local function one_of(spec, name, keys)
  local given = 0
  for _, k in ipairs(keys) do
    if spec[k] ~= nil then
      given = given + 1
    end
  end
  if given ~= 1 then
    fail(name, ("give exactly one of '%s'"):format(table.concat(keys, "' or '")))
  end
end

-- helper "name" { spec }: checks the name now and the spec when it arrives. build returns
-- the term's function and, when the spec names other terms (the terms a cap bounds, the
-- credit an earn-back returns), the list of them. The term remembers which helper made it,
-- for oce check, the terms it names as `refers` and its `settings`: when the host reads the
-- contract it checks that each term named is one declared before it, and that every number
-- in the settings is an exact decimal (target - 0.6, computed with plain numbers, is
-- 99.30000000000001, which settling would refuse).
local function helper(kind, build)
  return function(name)
    if type(name) ~= "string" then
      error(("%s needs a name: write %s \"name\" { ... }"):format(kind, kind), 0)
    end
    return function(spec)
      if type(spec) ~= "table" then
        fail(name, "expected a table of settings { ... }")
      end
      local run, refers = build(name, spec)
      local t = term(name)(run)
      t.helper = kind
      t.refers = refers
      t.settings = spec
      return t
    end
  end
end

-- Results -------------------------------------------------------------------------------

local function line(kind)
  return function(amount, description, explanation, forgone)
    if not is_amount(amount) then
      error(("%s: the amount must be money or a number, got %s"):format(kind, type(amount)), 0)
    end
    if not is_text(description) then
      error(("%s: a line needs a description"):format(kind), 0)
    end
    return { kind = kind, amount = amount, description = description,
             explanation = explanation, forgone = forgone }
  end
end

M.charge = line("charge")
M.credit = line("credit")
M.bonus = line("bonus")
M.share = line("share")

function M.shortfall(metric, explanation)
  return { kind = "shortfall", metric = metric, explanation = explanation }
end

-- limit { terms = { ... }, at_most = ..., at_least = ..., description = ... }: without
-- terms, it bounds the net of all the lines before it. The table itself is the result,
-- marked as a limit, so that the host reads every field of it: a misspelt at_most is then
-- refused (unknown field 'at_mots') rather than leaving the lines unbounded.
function M.limit(spec)
  if type(spec) ~= "table" then
    error("limit: expected a table { terms = ..., at_most = ..., at_least = ..., description = ... }", 0)
  end
  spec.kind = "limit"
  return spec
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
    for k, v in next_any, spec do
      m[k] = v
    end
    return m
  end
end

-- amendment "2027 price review" { effective_from = "2027-02-01", terms = { ... }, ... }:
-- the contract from that date on, in the contract's amendments list. What it leaves out
-- (metrics, terms, params) stays as the version before it had it.
function M.amendment(name)
  if type(name) ~= "string" then
    error("an amendment needs a name: write amendment \"name\" { ... }", 0)
  end
  local line_no = script_line()
  return function(spec)
    if type(spec) ~= "table" then
      error(("amendment \"%s\": expected a table of settings { ... }"):format(name), 0)
    end
    local a = { name = name, line = line_no }
    for k, v in next_any, spec do
      a[k] = v
    end
    return a
  end
end

-- The value of a metric a term reads, or nil with the line that says it was not measured.
local function measured(ctx, metric, make, description, what)
  local value = ctx.metrics[metric]
  if value == nil then
    return nil, make(0, description, ("no %s: %s was not measured"):format(what, metric))
  end
  return value
end

-- Fixed fees ----------------------------------------------------------------------------

local cadence_word = { month = "monthly", quarter = "quarterly", year = "annual" }

-- Indexation: each uplift must fall on an anniversary of the contract, and they must run in
-- date order. Checked when settling, as the contract's dates are known then.
local function check_uplifts(name, uplifts, ctx)
  local from = ctx.contract.effective_from
  local previous
  for i, u in ipairs(uplifts) do
    if u.from:sub(5) ~= from:sub(5) or u.from <= from then
      fail(name, ("uplift %d: %s is not an anniversary of the contract, which is effective from %s")
        :format(i, u.from, from))
    end
    if previous and u.from <= previous then
      fail(name, ("uplift %d: %s must come after uplift %d (%s)"):format(i, u.from, i - 1, previous))
    end
    previous = u.from
  end
end

-- The fee in force on each stretch of the days the contract covers: { from, to, fee, note }.
local function fee_segments(ctx, base, uplifts)
  local segments = {}
  local fee, note = base, nil
  local from, to = ctx.period.covered_from, ctx.period.covered_to
  local places, rule = ctx.contract.minor_unit, ctx.contract.rounding
  for _, u in ipairs(uplifts) do
    if u.from > to then
      break
    end
    local uplifted = (fee * (1 + decimal(u.percent) / 100)):round(places, rule)
    local uplift_note = ("%s uplifted %s %% on %s to %s"):format(show(fee), show(u.percent), u.from,
      show(uplifted))
    if u.from > from then
      segments[#segments + 1] = { from = from, fee = fee, note = note }
      from = u.from
    end
    fee, note = uplifted, (note and note .. ", then " or "") .. uplift_note
  end
  segments[#segments + 1] = { from = from, fee = fee, note = note }
  for i, seg in ipairs(segments) do
    local next_from = segments[i + 1] and segments[i + 1].from
    seg.days = (next_from and day_number(next_from) or day_number(to) + 1) - day_number(seg.from)
  end
  return segments
end

-- fixed_fee "service_fee" { amount = fee, description = "Managed WAN service fee" }
-- A charge of the amount each period; in a period the contract covers only in part, the
-- covered days' share (prorate = false charges it whole). uplifts = { { from = "2027-07-01",
-- percent = 3.2 }, ... } raises the fee from each anniversary by the index, compounding.
M.fixed_fee = helper("fixed_fee", function(name, spec)
  check_keys(spec, name, { "amount", "description", "prorate", "uplifts" })
  local amount = need(spec, name, "amount", is_amount, "money")
  local description = need(spec, name, "description", is_text, "text")
  local prorate = spec.prorate ~= false
  local uplifts = spec.uplifts or {}
  if type(uplifts) ~= "table" or (not is_empty(uplifts) and not is_list(uplifts)) then
    fail(name, "'uplifts' must be a list of { from = \"YYYY-MM-DD\", percent = p }")
  end
  for i, u in ipairs(uplifts) do
    if type(u) ~= "table" or not is_date(u.from) or not is_percent(u.percent) then
      fail(name, ("uplift %d: give from = \"YYYY-MM-DD\" (an anniversary) and percent = 0 to 100")
        :format(i))
    end
  end
  return function(ctx)
    check_uplifts(name, uplifts, ctx)
    local p = ctx.period
    local segments = fee_segments(ctx, money(amount), uplifts)
    local denominator = prorate and p.days or p.covered_days
    local word = cadence_word[p.kind]
    if #segments == 1 and segments[1].days == denominator then
      local fee = segments[1].fee
      local why = ("Fixed %s fee of %s for %s"):format(word, show(fee), p.id)
      if segments[1].note then
        why = ("Fixed %s fee for %s: %s"):format(word, p.id, segments[1].note)
      end
      return M.charge(fee, description, why)
    end
    local fee_days, parts = money(0), {}
    for _, seg in ipairs(segments) do
      fee_days = fee_days + seg.fee * seg.days
      parts[#parts + 1] = ("%s x %d/%d days from %s%s"):format(show(seg.fee), seg.days,
        denominator, seg.from, seg.note and (" (" .. seg.note .. ")") or "")
    end
    local covering = p.covered_days < p.days
      and (", the contract covering %s to %s"):format(p.covered_from, p.covered_to) or ""
    local why = ("%s fee for %s%s: %s"):format(word, p.id, covering, table.concat(parts, " + "))
    why = why:sub(1, 1):upper() .. why:sub(2)
    -- One division, rounded once from the exact quotient to the minor unit as the engine rounds
    -- lines (so a quotient that does not end is not rounded to 9 places first); the note says
    -- so as the engine would, from the quotient as `/` shows it.
    local shown = fee_days / denominator
    local total = fee_days:div(denominator, ctx.contract.minor_unit, ctx.contract.rounding)
    if total ~= shown then
      why = ("%s; %s rounded %s to %s"):format(why, show(shown), ctx.contract.rounding, show(total))
    end
    return M.charge(total, description, why)
  end
end)

-- Usage ---------------------------------------------------------------------------------

-- Tiers run upward: each but the last has an up_to above the one before; the last may be
-- open (no up_to).
local function check_tiers(name, tiers)
  if not is_list(tiers) then
    fail(name, "'tiers' must be a list of { up_to = units, price = money } entries")
  end
  local previous = 0
  for i, tier in ipairs(tiers) do
    if type(tier) ~= "table" or not is_amount(tier.price) or tier.price < 0 then
      fail(name, ("tier %d: 'price' must be money of 0 or more per unit"):format(i))
    end
    if tier.up_to == nil then
      if i ~= #tiers then
        fail(name, ("tier %d: only the last tier may leave out 'up_to'"):format(i))
      end
    elseif not is_amount(tier.up_to) or tier.up_to <= previous then
      fail(name, ("tiers out of order: tier %d (up to %s) must end above %s"):format(i,
        show(tier.up_to), show(previous)))
    else
      previous = tier.up_to
    end
  end
end

-- usage_fee "storage" {
--   metric = "storage_tb", pricing = "graduated",
--   tiers = { { up_to = 100, price = money "20.00" }, { price = money "15.00" } },
-- }
-- graduated: each unit is priced in its own tier; volume: every unit at the price of the
-- tier the usage reaches.
M.usage_fee = helper("usage_fee", function(name, spec)
  check_keys(spec, name, { "metric", "tiers", "pricing", "description" })
  local metric = need(spec, name, "metric", is_text, "a metric name")
  local pricing = spec.pricing or "graduated"
  if pricing ~= "graduated" and pricing ~= "volume" then
    fail(name, "'pricing' must be \"graduated\" or \"volume\"")
  end
  check_tiers(name, spec.tiers)
  local tiers = spec.tiers
  local description = optional(spec, name, "description", is_text, "text")
    or ("Usage of %s"):format(metric)
  return function(ctx)
    local used, none = measured(ctx, metric, M.charge, description, "charge")
    if used == nil then
      return none
    end
    local units, unit = plain(used), ctx.declared[metric].unit
    local last = tiers[#tiers]
    if units < 0 then
      fail(name, ("%s %s is negative"):format(metric, show(units)))
    end
    if last.up_to ~= nil and units > decimal(last.up_to) then
      fail(name, ("%s %s is beyond the last tier, which ends at %s"):format(metric, show(units),
        show(last.up_to)))
    end
    if pricing == "volume" then
      local reached, floor = #tiers, nil
      for i, tier in ipairs(tiers) do
        if tier.up_to ~= nil and units <= decimal(tier.up_to) then
          reached = i
          break
        end
      end
      local tier = tiers[reached]
      local price = money(tier.price)
      floor = reached > 1 and show(tiers[reached - 1].up_to) or nil
      local which = tier.up_to and (floor and ("the tier over %s, up to %s"):format(floor,
        show(tier.up_to)) or ("the tier up to %s"):format(show(tier.up_to)))
        or floor and ("the tier over %s"):format(floor) or "the one price"
      return M.charge(price * units, description, ("%s %s, all at %s (%s)"):format(
        show_metric(ctx, metric, used), unit, show(price), which))
    end
    local total, parts, below = money(0), {}, decimal(0)
    for _, tier in ipairs(tiers) do
      local top = tier.up_to and decimal(tier.up_to) or units
      local n = (units < top and units or top) - below
      if n > 0 then
        total = total + money(tier.price) * n
        parts[#parts + 1] = ("%s at %s"):format(show(n), show(money(tier.price)))
      end
      below = top
      if units <= top then
        break
      end
    end
    if #parts == 0 then
      parts[1] = "no usage"
    end
    return M.charge(total, description, ("%s %s: %s"):format(show_metric(ctx, metric, used), unit,
      table.concat(parts, " + ")))
  end
end)

-- package_fee "bandwidth" { metric = "gb", size = 100, price = money "25.00" }
-- A price for every package of `size` units, a part package counting as a whole.
M.package_fee = helper("package_fee", function(name, spec)
  check_keys(spec, name, { "metric", "size", "price", "description" })
  local metric = need(spec, name, "metric", is_text, "a metric name")
  local size = need(spec, name, "size", is_positive, "a positive number of units")
  local price = need(spec, name, "price", is_amount, "money")
  local description = optional(spec, name, "description", is_text, "text")
    or ("Packages of %s"):format(metric)
  return function(ctx)
    local used, none = measured(ctx, metric, M.charge, description, "charge")
    if used == nil then
      return none
    end
    local units = plain(used)
    local packages = units:div(decimal(size), 0, "ceiling")
    local unit = ctx.declared[metric].unit
    return M.charge(money(price) * packages, description,
      ("%s package%s of %s %s for %s %s at %s each"):format(show(packages),
        packages == decimal(1) and "" or "s", show(size), unit, show_metric(ctx, metric, used), unit,
        show(money(price))))
  end
end)

-- Service credits -----------------------------------------------------------------------

-- The four ways a band's threshold is written, and what each means.
local sides = {
  below = { test = function(v, t) return v < t end, sign = "<", worse = "lower" },
  at_or_below = { test = function(v, t) return v <= t end, sign = "<=", worse = "lower" },
  above = { test = function(v, t) return v > t end, sign = ">", worse = "higher" },
  at_or_above = { test = function(v, t) return v >= t end, sign = ">=", worse = "higher" },
}
local side_names = { "below", "at_or_below", "above", "at_or_above" }
local side_words = { below = "below", at_or_below = "at or below", above = "above",
                     at_or_above = "at or above" }

-- The side a band's threshold is written on.
local function band_side(band)
  local found
  for _, s in ipairs(side_names) do
    if band[s] ~= nil then
      if found then
        return nil
      end
      found = s
    end
  end
  return found
end

-- Bands must run from the mildest miss to the worst: thresholds falling for "below",
-- rising for "above", so that "the worst band that applies" is the last that matches.
local function check_bands(name, bands)
  if not is_list(bands) then
    fail(name, "'bands' must be a list of { below = threshold, percent = p } entries")
  end
  local side = band_side(bands[1])
  local previous
  for i, band in ipairs(bands) do
    if type(band) ~= "table" or band_side(band) ~= side or not is_threshold(band[side or "below"]) then
      fail(name, ("band %d: give one numeric threshold, on the same side as band 1 (%s)")
        :format(i, side or "below, at_or_below, above or at_or_above"))
    end
    local threshold = band[side]
    if not is_percent(band.percent) then
      fail(name, ("band %d: 'percent' must be a number from 0 to 100"):format(i))
    end
    local lower = sides[side].worse == "lower"
    if previous and ((lower and threshold >= previous) or (not lower and threshold <= previous)) then
      fail(name, ("bands out of order: band %d (%s %s) must be %s band %d (%s %s)")
        :format(i, side, show(threshold), lower and "lower than" or "higher than",
          i - 1, side, show(previous)))
    end
    previous = threshold
  end
  return side
end

-- A credit amount held to a cap, with the explanation saying so, and what the cap took off
-- (the line's forgone amount), or nil.
local function held_to(amount, cap, why)
  if cap ~= nil and amount > money(cap) then
    return money(cap), why .. (", %s capped at %s"):format(show(amount), show(money(cap))),
      amount - money(cap)
  end
  return amount, why, nil
end

-- service_credit "availability_credit" {
--   metric = "availability", of = fee,
--   bands = { { below = 99.95, percent = 5 }, { below = 99.50, percent = 10 } },
-- }
-- The worst band that applies sets the credit; "below" and "above" exclude the threshold,
-- "at_or_below" and "at_or_above" include it. `cap` holds the credit to an amount.
M.service_credit = helper("service_credit", function(name, spec)
  check_keys(spec, name, { "metric", "of", "bands", "cap", "description" })
  local metric = need(spec, name, "metric", is_text, "a metric name")
  local base = need(spec, name, "of", is_amount, "the amount the percentages apply to")
  local side = check_bands(name, spec.bands)
  local cap = optional(spec, name, "cap", is_amount, "money")
  local bands = spec.bands
  local rule = sides[side]
  local description = optional(spec, name, "description", is_text, "text")
    or ("Service credit for %s"):format(metric)
  return function(ctx)
    local value, none = measured(ctx, metric, M.credit, description, "credit")
    if value == nil then
      return none
    end
    local base_money = money(base)
    local v = plain(value)
    local hit
    for _, band in ipairs(bands) do
      if rule.test(v, plain(band[side])) then
        hit = band
      end
    end
    local shown = show_metric(ctx, metric, value)
    if hit == nil then
      return M.credit(0, description, ("no credit: %s %s is not %s %s"):format(metric, shown,
        side_words[side], show_metric(ctx, metric, bands[1][side])))
    end
    local amount, why, forgone = held_to(percent_of(hit.percent, base_money), cap,
      ("%s %% of %s because %s %s %s %s"):format(show(hit.percent), show(base_money), metric,
        shown, rule.sign, show_metric(ctx, metric, hit[side])))
    return { M.credit(amount, description, why, forgone), missed(ctx, metric, value, shown) }
  end
end)

-- credit_per_unit "p1_restore_credit" {
--   metric = "p1_restore_hours", beyond = 4, each = money "1000.00", per = 1, cap = ...
-- }
-- `each` for every `per` units, or part of them, by which the metric exceeds `beyond`
-- (or falls short of `under`, for metrics where higher is better).
local function per_unit(name, spec, explain)
  local metric = need(spec, name, "metric", is_text, "a metric name")
  local beyond = optional(spec, name, "beyond", is_amount, "a number")
  local under = optional(spec, name, "under", is_amount, "a number")
  if (beyond == nil) == (under == nil) then
    fail(name, "give exactly one of 'beyond' (credit above it) or 'under' (credit below it)")
  end
  local each = need(spec, name, "each", is_amount, "money")
  local per = optional(spec, name, "per", is_positive, "a positive number") or 1
  local cap = optional(spec, name, "cap", is_amount, "money")
  local description = optional(spec, name, "description", is_text, "text")
    or ("Credit per unit of %s"):format(metric)
  return function(ctx)
    local value, none = measured(ctx, metric, M.credit, description, "credit")
    if value == nil then
      return none
    end
    local limit = beyond or under
    local excess = beyond and plain(value) - plain(beyond) or plain(under) - plain(value)
    local shown = show_metric(ctx, metric, value)
    if excess <= 0 then
      return M.credit(0, description, explain and explain(nil, limit, shown, nil,
        ctx.declared[metric].unit)
        or ("no credit: %s %s is within %s"):format(metric, shown, show(limit)))
    end
    local units = excess:div(decimal(per), 0, "ceiling")
    local unit = ctx.declared[metric].unit
    local what = per == 1 and ("started %s"):format(unit)
      or ("started blocks of %s %s"):format(show(per), unit)
    local why = explain and explain(units, limit, shown, show(money(each)), unit)
      or ("%s %s %s %s (%s %s) at %s each"):format(show(units), what,
        beyond and "beyond" or "under", show(limit), metric, shown, show(money(each)))
    local amount, forgone
    amount, why, forgone = held_to(money(each) * units, cap, why)
    return { M.credit(amount, description, why, forgone), missed(ctx, metric, value, shown) }
  end
end

M.credit_per_unit = helper("credit_per_unit", function(name, spec)
  check_keys(spec, name, { "metric", "beyond", "under", "each", "per", "cap", "description" })
  return per_unit(name, spec)
end)

-- per_incident_credit "p1_penalty" { metric = "p1_incidents", each = money "500.00",
--   free = 0, cap = ... }: `each` for every incident beyond the first `free`.
M.per_incident_credit = helper("per_incident_credit", function(name, spec)
  check_keys(spec, name, { "metric", "each", "free", "cap", "description" })
  local free = optional(spec, name, "free", function(v) return math.type(v) == "integer" and v >= 0 end,
    "a whole number of incidents") or 0
  return per_unit(name, { metric = spec.metric, beyond = free, each = spec.each, cap = spec.cap,
    description = spec.description or ("Credit per incident of %s"):format(tostring(spec.metric)) },
    function(units, limit, shown, each, unit)
      if units == nil then
        return limit == 0 and ("no credit: %s %s"):format(shown, unit)
          or ("no credit: %s %s, within the %s free"):format(shown, unit, show(limit))
      end
      if limit == 0 then
        return ("%s %s at %s each"):format(shown, unit, each)
      end
      return ("%s %s, %s beyond the first %s free, at %s each"):format(shown, unit, show(units),
        show(limit), each)
    end)
end)

-- late_delivery_credit "migration_late" { metric = "days_late", each = money "250.00",
--   grace = 0, cap = ... }: `each` for every day late beyond the `grace` days.
M.late_delivery_credit = helper("late_delivery_credit", function(name, spec)
  check_keys(spec, name, { "metric", "each", "grace", "cap", "description" })
  local grace = optional(spec, name, "grace", function(v) return math.type(v) == "integer" and v >= 0 end,
    "a whole number of days") or 0
  return per_unit(name, { metric = spec.metric, beyond = grace, each = spec.each, cap = spec.cap,
    description = spec.description or "Late delivery credit" },
    function(units, limit, shown, each)
      if units == nil then
        return limit == 0 and "no credit: delivered on time"
          or ("no credit: %s days late, within %s days' grace"):format(shown, show(limit))
      end
      if limit == 0 then
        return ("%s days late at %s a day"):format(shown, each)
      end
      return ("%s days late, %s beyond %s days' grace, at %s a day"):format(shown, show(units),
        show(limit), each)
    end)
end)

-- Caps, floors and collars --------------------------------------------------------------

-- The names in a list of earlier terms, checked now; the engine checks they come earlier.
local function term_names(spec, name)
  local terms = need(spec, name, "terms", is_list, "a list of term names")
  for i, t in ipairs(terms) do
    if not is_text(t) then
      fail(name, ("terms[%d] must be a term name"):format(i))
    end
  end
  return terms
end

local function bounds(spec, name, min_key, max_key)
  local at_least = min_key and need(spec, name, min_key, is_amount, "money")
  local at_most = max_key and need(spec, name, max_key, is_amount, "money")
  if at_least and at_most and at_least > at_most then
    fail(name, ("'%s' is more than '%s'"):format(min_key, max_key))
  end
  return at_least, at_most
end

local function limit_helper(kind, min_key, max_key, on_terms, default)
  M[kind] = helper(kind, function(name, spec)
    local known = { "description" }
    for _, k in ipairs({ on_terms and "terms" or false, min_key or false, max_key or false }) do
      if k then
        known[#known + 1] = k
      end
    end
    check_keys(spec, name, known)
    local terms = on_terms and term_names(spec, name) or nil
    local at_least, at_most = bounds(spec, name, min_key, max_key)
    local description = optional(spec, name, "description", is_text, "text")
      or default(terms and list_text(terms))
    return function()
      return M.limit { terms = terms, at_least = at_least and money(at_least),
                       at_most = at_most and money(at_most), description = description }
    end, terms
  end)
end

-- cap_terms "fees_at_risk" { terms = { "availability_credit", ... }, at_most = fee * 0.15 }
-- The lines of the named earlier terms together never exceed at_most; when they would, they
-- are reduced in proportion and the report shows what was forgone.
limit_helper("cap_terms", nil, "at_most", true, function(t) return "cap on " .. t end)
-- floor_terms "minimum_usage" { terms = { "usage" }, at_least = money "5000.00" }: when the
-- lines of the terms come to less, a line makes up the difference.
limit_helper("floor_terms", "at_least", nil, true, function(t) return "floor on " .. t end)
-- collar_terms "shared_savings" { terms = { ... }, at_least = ..., at_most = ... }
limit_helper("collar_terms", "at_least", "at_most", true, function(t) return "collar on " .. t end)
-- cap_net, floor_net, collar_net: the same for the net of all the lines before them.
limit_helper("cap_net", nil, "at_most", false, function() return "cap on the net" end)
limit_helper("floor_net", "at_least", nil, false, function() return "floor on the net" end)
limit_helper("collar_net", "at_least", "at_most", false, function() return "collar on the net" end)

-- minimum_commitment "commitment" { terms = { "usage" }, at_least = money "20000.00" }
-- The customer pays at least the commitment for the named usage terms: when their charges
-- come to less, a true-up line charges the difference.
M.minimum_commitment = helper("minimum_commitment", function(name, spec)
  check_keys(spec, name, { "terms", "at_least", "description" })
  local terms = term_names(spec, name)
  local at_least = need(spec, name, "at_least", is_amount, "money")
  local description = optional(spec, name, "description", is_text, "text")
    or "Minimum commitment true-up"
  return function()
    return M.limit { terms = terms, at_least = money(at_least), description = description }
  end, terms
end)

-- Gain-share and pain-share -------------------------------------------------------------

-- A share given as a percent, or as bands { { up_to = amount, percent = p }, ..., { percent
-- = p } } applied to successive slices of the amount ("50 % of the first 100000, 30 % above").
local function check_share(spec, name, percent_key, bands_key)
  if spec[percent_key] ~= nil and spec[bands_key] ~= nil then
    fail(name, ("give '%s' or '%s', not both"):format(percent_key, bands_key))
  end
  if spec[bands_key] == nil then
    return { { percent = optional(spec, name, percent_key, is_percent, "a percentage, 0 to 100") or 0 } }
  end
  local bands = spec[bands_key]
  if not is_list(bands) then
    fail(name, ("'%s' must be a list of { up_to = amount, percent = p } slices"):format(bands_key))
  end
  local previous = 0
  for i, band in ipairs(bands) do
    if type(band) ~= "table" or not is_percent(band.percent) then
      fail(name, ("%s %d: 'percent' must be a number from 0 to 100"):format(bands_key, i))
    end
    if band.up_to == nil then
      if i ~= #bands then
        fail(name, ("%s %d: only the last slice may leave out 'up_to'"):format(bands_key, i))
      end
    elseif not is_amount(band.up_to) or band.up_to <= previous then
      fail(name, ("%s out of order: slice %d (up to %s) must end above %s"):format(bands_key, i,
        show(band.up_to), show(previous)))
    else
      previous = band.up_to
    end
  end
  return bands
end

-- The share of an amount by slices, and the arithmetic as text.
local function sliced(amount, bands)
  local total, parts, below = money(0), {}, money(0)
  for _, band in ipairs(bands) do
    local top = band.up_to and money(band.up_to) or amount
    local slice = (amount < top and amount or top) - below
    if slice > 0 then
      total = total + percent_of(band.percent, slice)
      parts[#parts + 1] = ("%s %% of %s"):format(show(band.percent), show(slice))
    end
    below = top
    if amount <= top then
      break
    end
  end
  return total, table.concat(parts, " + ")
end

-- gain_share "run_cost_share" {
--   metric = "run_cost", baseline = money "120000.00",
--   savings_percent = 30, overrun_percent = 20, overrun_cap = money "10000.00",
-- }
-- Under the baseline the vendor earns its share of the saving; over the target (the
-- baseline unless given) it bears its share of the overrun as a credit. Either share may be
-- banded (savings_bands, overrun_bands) and capped.
M.gain_share = helper("gain_share", function(name, spec)
  check_keys(spec, name, { "metric", "baseline", "target", "savings_percent", "savings_bands",
    "overrun_percent", "overrun_bands", "savings_cap", "overrun_cap", "description" })
  local metric = need(spec, name, "metric", is_text, "a metric name")
  local baseline = need(spec, name, "baseline", is_amount, "money")
  local target = optional(spec, name, "target", is_amount, "money") or baseline
  if target < baseline then
    fail(name, "'target' (where pain-share starts) must not be below 'baseline'")
  end
  local gain = check_share(spec, name, "savings_percent", "savings_bands")
  local pain = check_share(spec, name, "overrun_percent", "overrun_bands")
  local gain_cap = optional(spec, name, "savings_cap", is_amount, "money")
  local pain_cap = optional(spec, name, "overrun_cap", is_amount, "money")
  local description = optional(spec, name, "description", is_text, "text")
    or ("Gain-share and pain-share on %s"):format(metric)
  return function(ctx)
    local value, none = measured(ctx, metric, M.share, description, "share")
    if value == nil then
      return none
    end
    local base, top, actual = money(baseline), money(target), money(value)
    if actual < base then
      local saving = base - actual
      local share, how = sliced(saving, gain)
      local amount, why, forgone = held_to(share, gain_cap, #gain == 1
        and ("%s %% of savings %s (baseline %s - %s %s)"):format(show(gain[1].percent),
          show(saving), show(base), metric, show(actual))
        or ("savings %s (baseline %s - %s %s): %s"):format(show(saving), show(base), metric,
          show(actual), how))
      return M.share(amount, description, why, forgone)
    elseif actual > top then
      local overrun = actual - top
      local share, how = sliced(overrun, pain)
      local over = ("%s %s - %s %s"):format(metric, show(actual),
        target == baseline and "baseline" or "target", show(top))
      local amount, why, forgone = held_to(share, pain_cap, #pain == 1
        and ("%s %% of overrun %s (%s)"):format(show(pain[1].percent), show(overrun), over)
        or ("overrun %s (%s): %s"):format(show(overrun), over, how))
      return {
        M.credit(amount, description, why, forgone),
        ctx.targets[metric] ~= nil and M.shortfall(metric, ("%s %s over %s %s")
          :format(metric, show(actual), target == baseline and "baseline" or "target", show(top)))
          or nil,
      }
    end
    return M.share(0, description, actual == base and
      ("no share: %s equals the baseline %s"):format(metric, show(base)) or
      ("no share: %s %s is between the baseline %s and the target %s"):format(metric,
        show(actual), show(base), show(top)))
  end
end)

-- Bonuses -------------------------------------------------------------------------------

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
    local v, shown = plain(value), show_metric(ctx, metric, value)
    local earned = at_least and v >= plain(at_least) or at_most and v <= plain(at_most)
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

-- Scorecards ----------------------------------------------------------------------------

-- scorecard "desk_scorecard" {
--   pool = money "10000.00",
--   kpis = {
--     { metric = "cost_per_ticket", weight = 60, zero_at = 15.00, full_at = 11.00 },
--     { metric = "fcr", weight = 40, zero_at = 60, full_at = 80 },
--   },
--   payout = { { at_least = 90, percent = 100 }, { at_least = 50, percent = 0 },
--              { percent = -100 } },
-- }
-- Each KPI scores 0 to 100 by where its value lies between zero_at (0) and full_at (100),
-- in either direction; the weights must add up to 100; the weighted score picks the first
-- payout row it reaches, a percentage of the pool: a bonus when positive, a malus (a credit)
-- when negative.
M.scorecard = helper("scorecard", function(name, spec)
  check_keys(spec, name, { "pool", "kpis", "payout", "description" })
  local pool = need(spec, name, "pool", is_amount, "money: the amount at risk")
  local kpis = need(spec, name, "kpis", is_list, "a list of { metric, weight, zero_at, full_at }")
  local weights = decimal(0)
  for i, k in ipairs(kpis) do
    if type(k) ~= "table" or not is_text(k.metric) then
      fail(name, ("kpi %d: give its metric"):format(i))
    end
    if not is_percent(k.weight) or k.weight == 0 then
      fail(name, ("kpi %d (%s): 'weight' must be a percentage above 0"):format(i, k.metric))
    end
    if not is_amount(k.zero_at) or not is_amount(k.full_at) or k.zero_at == k.full_at then
      fail(name, ("kpi %d (%s): give 'zero_at' and 'full_at', two different values"):format(i,
        k.metric))
    end
    weights = weights + decimal(k.weight)
  end
  if weights ~= decimal(100) then
    fail(name, ("the KPI weights add up to %s %%, not 100 %%"):format(show(weights)))
  end
  local payout = need(spec, name, "payout", is_list, "a list of { at_least = score, percent = p }")
  local previous
  for i, row in ipairs(payout) do
    if type(row) ~= "table" or math.type(row.percent) == nil or row.percent < -100 or row.percent > 100 then
      fail(name, ("payout %d: 'percent' must be a number from -100 to 100"):format(i))
    end
    if row.at_least == nil then
      if i ~= #payout then
        fail(name, ("payout %d: only the last row may leave out 'at_least'"):format(i))
      end
    elseif not is_threshold(row.at_least) or (previous and row.at_least >= previous) then
      fail(name, ("payout out of order: row %d (at least %s) must be below row %d"):format(i,
        show(row.at_least), i - 1))
    else
      previous = row.at_least
    end
  end
  local description = optional(spec, name, "description", is_text, "text") or "Scorecard"
  return function(ctx)
    local score, parts = decimal(0), {}
    for _, k in ipairs(kpis) do
      local value = ctx.metrics[k.metric]
      local s
      if value == nil then
        s = decimal(0)
        parts[#parts + 1] = ("%s not measured scores 0 (weight %s)"):format(k.metric, show(k.weight))
      else
        local zero, full, v = plain(k.zero_at), plain(k.full_at), plain(value)
        s = ((v - zero) * 100):div(full - zero, 2):max(0):min(100)
        parts[#parts + 1] = ("%s %s scores %s (weight %s)"):format(k.metric,
          show_metric(ctx, k.metric, value), s:format(2), show(k.weight))
      end
      score = score + s * decimal(k.weight) / 100
    end
    score = score:round(2) -- the score as shown is the score that picks the payout
    local row = payout[#payout]
    for _, r in ipairs(payout) do
      if r.at_least == nil or score >= decimal(r.at_least) then
        row = r
        break
      end
    end
    local amount = percent_of(row.percent < 0 and -row.percent or row.percent, money(pool))
    local why = ("%s; weighted score %s: %s %% of the pool %s"):format(table.concat(parts, "; "),
      score:format(2), show(row.percent), show(money(pool)))
    if row.percent < 0 then
      return M.credit(amount, description, why)
    end
    return M.bonus(amount, description, why)
  end
end)

-- History: terms that look back ----------------------------------------------------------

local year_kinds = { contract = true, calendar = true }

local function check_year(year, who)
  year = year or "contract"
  if not year_kinds[year] then
    error(("%s: the year is \"contract\" or \"calendar\", not %s"):format(who, tostring(year)), 0)
  end
  return year
end

-- The first day of a period the contract covers: its first day, or the contract's first in
-- the period the contract starts in.
local function first_covered(ctx, period)
  local start = ctx.contract.effective_from
  return period.from < start and start or period.from
end

-- The first day of the year ("contract" or "calendar") holding day: for a contract year,
-- the latest anniversary of the contract's start on or before it. Dates are "YYYY-MM-DD"
-- text, which compares as dates do (an anniversary on 29 February compares correctly in any
-- year).
local function year_start(ctx, day, year)
  if year == "calendar" then
    return day:sub(1, 4) .. "-01-01"
  end
  local start = ctx.contract.effective_from
  local y = tonumber(day:sub(1, 4))
  local anniversary = ("%04d%s"):format(y, start:sub(5))
  if anniversary > day then
    anniversary = ("%04d%s"):format(y - 1, start:sub(5))
  end
  return anniversary < start and start or anniversary
end

-- A period belongs to the year holding the first day of it the contract covers, so the
-- first period of a contract that starts inside one is in its first year, and a quarter
-- holding an anniversary is in the year it starts in.
local function same_year(ctx, period, year)
  return year_start(ctx, first_covered(ctx, period), year) ==
    year_start(ctx, first_covered(ctx, ctx.period), year)
end

-- The earlier periods of this period's year ("contract", the default, or "calendar"),
-- oldest first: entries of ctx.history.
function M.this_year(ctx, year)
  year = check_year(year, "this_year")
  local periods = {}
  for _, h in ipairs(ctx.history) do
    if same_year(ctx, h.period, year) then
      periods[#periods + 1] = h
    end
  end
  return periods
end

-- Whether this period is the last of its year ("contract" or "calendar"), or of the
-- contract: a true-up settled once a year goes here.
function M.is_year_end(ctx, year)
  year = check_year(year, "is_year_end")
  local to = ctx.period.to
  if to >= ctx.contract.effective_to then
    return true
  end
  local first = year_start(ctx, first_covered(ctx, ctx.period), year)
  local next_year = ("%04d%s"):format(tonumber(first:sub(1, 4)) + 1, first:sub(5))
  return day_number(to) + 1 >= day_number(next_year)
end

-- What the lines of the named terms came to over the given periods (entries of ctx.history),
-- after caps: money, negative for credits.
function M.lines_total(periods, terms)
  if type(periods) ~= "table" or (periods[1] ~= nil and type(periods[1].lines) ~= "table") then
    error("lines_total: the periods are a list of ctx.history entries (ctx.history, or this_year(ctx))", 0)
  end
  if not is_list(terms) then
    error("lines_total: the terms are a list of term names, { \"credit\", ... }", 0)
  end
  local named, unknown = {}, nil
  for _, t in ipairs(terms) do
    if not is_text(t) then
      error("lines_total: the terms are a list of term names, { \"credit\", ... }", 0)
    end
    named[t] = true
    local known, near = is_term(t)
    if not known then
      unknown = unknown or {}
      unknown[#unknown + 1] = { name = t, near = near }
    end
  end
  local total = money(0)
  for _, h in ipairs(periods) do
    for _, l in ipairs(h.lines) do
      if named[l.term] then
        total = total + l.amount
      end
    end
  end
  -- A misspelt name would total nothing, silently: each must be a term of the contract, or
  -- have lines in the periods (a term an earlier edition of the script had).
  for _, u in ipairs(unknown or {}) do
    local seen = false
    for _, h in ipairs(periods) do
      for _, l in ipairs(h.lines) do
        seen = seen or l.term == u.name
      end
    end
    if not seen then
      error(("lines_total: '%s' is not a term of the contract%s"):format(u.name,
        u.near and (" (did you mean '%s'?)"):format(u.near) or ""), 0)
    end
  end
  return total
end

-- The periods' ids as text: "2026-01 to 2026-09", "2026-01", or "no earlier period".
local function span(periods)
  if #periods == 0 then
    return "no earlier period"
  end
  local first, last = periods[1].period.id, periods[#periods].period.id
  return first == last and first or first .. " to " .. last
end

-- A measured value as an exact decimal, or money for a money metric.
local function exact(v)
  return is_money(v) and v or decimal(v)
end

-- rolling_mean(ctx, "availability", 3): the mean of the metric over this period and the two
-- before it, exact (9 decimal places, half-even; round it as the contract says), and the
-- window: a list of { period = id, value = exact value }, oldest first. Or nil and the
-- reason, for an explanation, when the contract has had fewer periods than that, or one of
-- them has no value.
function M.rolling_mean(ctx, metric, n)
  if math.type(n) ~= "integer" or n < 1 then
    error("rolling_mean: the number of periods must be a whole number of at least 1", 0)
  end
  local now = ctx.metrics[metric] -- an undeclared metric is an error here
  local kind = ctx.period.kind
  if #ctx.history < n - 1 then
    local had = #ctx.history + 1
    return nil, ("the contract has had %d %s%s, fewer than the %d the mean takes"):format(had,
      kind, had == 1 and "" or "s", n)
  end
  local window = {}
  for k = #ctx.history - n + 2, #ctx.history do
    local h = ctx.history[k]
    window[#window + 1] = { period = h.period.id, value = h.metrics[metric] }
  end
  window[#window + 1] = { period = ctx.period.id, value = now }
  local sum = nil
  for _, w in ipairs(window) do
    if w.value == nil then
      return nil, ("%s was not measured in %s"):format(metric, w.period)
    end
    w.value = exact(w.value)
    sum = sum and sum + w.value or w.value
  end
  return sum / n, window
end

-- year_to_date(ctx, "run_cost" [, year]): the metric summed over the earlier periods of this
-- period's year (the contract year by default) and this one, exactly; how many of them had a
-- value; and the list of { period = id, value = exact value } summed, oldest first.
function M.year_to_date(ctx, metric, year)
  local now = ctx.metrics[metric] -- an undeclared metric is an error here
  local declared = ctx.declared[metric]
  local sum = declared.unit == ctx.currency and money(0) or decimal(0)
  local values = {}
  local function add(id, v)
    if v ~= nil then
      values[#values + 1] = { period = id, value = exact(v) }
      sum = sum + exact(v)
    end
  end
  for _, h in ipairs(M.this_year(ctx, check_year(year, "year_to_date"))) do
    add(h.period.id, h.metrics[metric])
  end
  add(ctx.period.id, now)
  return sum, #values, values
end

-- Whether a value meets the metric's target this period (true when it has none).
local function meets(ctx, metric, value)
  local target = ctx.targets[metric]
  if target == nil then
    return true
  end
  if ctx.declared[metric].better == "lower" then
    return not (value > target)
  end
  return not (value < target)
end

-- cap_per_year "annual_credit_cap" { terms = { ... }, at_most = fee * 12 * 0.12 }
-- The lines of the named terms never come to more than at_most over a year (the contract
-- year from effective_from, or year = "calendar"): each period they are capped at what is
-- left after the earlier periods of the year, reduced in proportion when they would exceed
-- it, and the shortfall report shows what was forgone and why.
M.cap_per_year = helper("cap_per_year", function(name, spec)
  check_keys(spec, name, { "terms", "at_most", "year", "description" })
  local terms = term_names(spec, name)
  local at_most = need(spec, name, "at_most", is_positive, "money above 0")
  local year = optional(spec, name, "year", function(v) return year_kinds[v] end,
    '"contract" or "calendar"') or "contract"
  local description = optional(spec, name, "description", is_text, "text")
    or ("cap of %s a %s year on %s"):format(show(at_most), year, list_text(terms))
  return function(ctx)
    local earlier = M.this_year(ctx, year)
    local used = M.lines_total(earlier, terms):abs()
    local left = (money(at_most) - used):max(0)
    return M.limit { terms = terms, at_most = left,
      description = ("%s: %s used in %s"):format(description, show(used), span(earlier)) }
  end, terms
end)

-- earn_back "availability_earn_back" { term = "availability_credit", metric = "availability",
--   periods = 3 }
-- A credit is earned back: when the metric meets its target in each of the `periods`
-- periods after the one the credit was given in, this period (the last of them) returns
-- `percent` (100 by default) of that credit as a charge.
M.earn_back = helper("earn_back", function(name, spec)
  check_keys(spec, name, { "term", "metric", "periods", "percent", "description" })
  local of = need(spec, name, "term", is_text, "the name of the credit term")
  local metric = need(spec, name, "metric", is_text, "a metric name")
  local periods = need(spec, name, "periods", function(v)
    return math.type(v) == "integer" and v >= 1 and v <= 36
  end, "a whole number of periods, 1 to 36")
  local percent = optional(spec, name, "percent", function(v)
    return is_percent(v) and v > 0
  end, "a percentage above 0, up to 100") or 100
  local description = optional(spec, name, "description", is_text, "text") or "Credit earned back"
  return function(ctx)
    local now = ctx.metrics[metric] -- an undeclared metric is an error here
    if ctx.targets[metric] == nil then
      fail(name, ("metric '%s' has no target, so it cannot be met"):format(metric))
    end
    local gives = false
    for _, l in ipairs(ctx.lines) do
      if l.term == of then
        if l.kind ~= "credit" then
          fail(name, ("'%s' gives %s lines; only a credit is earned back"):format(of, l.kind))
        end
        gives = true
      end
    end
    if not gives then
      fail(name, ("'%s' is not a credit term before this one (it gave no line)"):format(of))
    end
    local h = ctx.history
    local given = h[#h - periods + 1]
    if given == nil then
      local unit = periods == 1 and ctx.period.kind or ctx.period.kind .. "s"
      return M.charge(0, description, ("no earn-back: the contract began less than %d %s before %s")
        :format(periods, unit, ctx.period.id))
    end
    local credit = M.lines_total({ given }, { of }):abs()
    if credit == money(0) then
      return M.charge(0, description, ("no earn-back: %s gave no %s"):format(given.period.id, of))
    end
    local since = {}
    for k = #h - periods + 2, #h do
      if h[k].met[metric] ~= true then
        return M.charge(0, description,
          ("no earn-back of %s's %s %s: %s did not meet its target in %s"):format(
            given.period.id, of, show(credit), metric, h[k].period.id))
      end
      since[#since + 1] = h[k].period.id
    end
    if now == nil or not meets(ctx, metric, now) then
      return M.charge(0, description,
        ("no earn-back of %s's %s %s: %s did not meet its target in %s"):format(
          given.period.id, of, show(credit), metric, ctx.period.id))
    end
    since[#since + 1] = ctx.period.id
    local amount = percent_of(percent, credit)
    return M.charge(amount, description,
      ("%s %% of %s's %s %s earned back: %s met its target in %s"):format(show(percent),
        given.period.id, of, show(credit), metric, list_text(since)))
  end, { of }
end)

return M
