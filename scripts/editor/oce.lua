---@meta
---@diagnostic disable: lowercase-global, unused-local, missing-return

-- Editor definitions for oce: what the Lua language server (LuaLS) needs to complete and
-- explain the names a contract script (CONTRACT.lua) and its test cases (CONTRACT.tests.lua)
-- can use. oce never loads this file; the real definitions are in core/luaapi.c,
-- core/contract.c, core/cases.c, core/sandbox.c and scripts/terms.lua. See docs/api.md,
-- "Editor support", for the .luarc.json that points LuaLS here.
--
-- Names available only in a contract script: contract, metric, term, script_line, is_term, the
-- results (charge, credit, bonus, share, shortfall, limit) and the term helpers. Only in a
-- tests file: case. In both: money, decimal, is_money and the sandbox's subset of standard
-- Lua (see docs/api.md, "What the sandbox provides").

------------------------------------------------------------------------------------------
-- Small types
------------------------------------------------------------------------------------------

---The ISO 4217 codes oce knows, with their minor units: 2 places for most, 0 for JPY, KRW,
---ISK and CLP, 3 for BHD, KWD, OMR, JOD and TND.
---@alias CurrencyCode "GBP"|"EUR"|"USD"|"CHF"|"SEK"|"NOK"|"DKK"|"AUD"|"CAD"|"NZD"|"PLN"|"CZK"|"HUF"|"INR"|"CNY"|"HKD"|"SGD"|"ZAR"|"MXN"|"BRL"|"JPY"|"KRW"|"ISK"|"CLP"|"BHD"|"KWD"|"OMR"|"JOD"|"TND"

---How an amount is rounded. half-even sends an exact half to the even neighbour (banker's
---rounding); half-up away from zero; down toward zero; up away from zero; floor toward
---negative infinity; ceiling toward positive infinity.
---@alias RoundingRule
---| "half-even" # ties to the even neighbour (the default)
---| "half-up"   # ties away from zero
---| "down"      # toward zero
---| "up"        # away from zero
---| "floor"     # toward negative infinity
---| "ceiling"   # toward positive infinity

---Which periods a contract is settled for: a month "2026-10", a quarter "2026-Q4" or a
---year "2026".
---@alias Cadence "monthly" | "quarterly" | "annual"

---The kind of a period, as ctx.period.kind shows it.
---@alias PeriodKind "month" | "quarter" | "year"

---Which side of a metric's target is good.
---@alias Better "higher" | "lower"

---The kind of an invoice line.
---@alias LineKind
---| "charge" # an amount the customer pays
---| "credit" # an amount taken off the invoice (stated positive, shown negative)
---| "bonus"  # an amount the vendor earns for good outcomes
---| "share"  # a share of savings (positive) or of an overrun (negative)

---A plain exact decimal: the same userdata as Money, without a currency. decimal() makes
---one; money divided by money of the same currency gives one.
---@alias Decimal Money

---An amount a term helper or a result accepts: money (in the contract's currency, or a
---plain decimal) or a Lua number read as the decimal you typed.
---@alias Amount Money | number

---A value in a contract declaration (a metric's target, min, max): a number, a decimal
---string such as "120000.00", or money.
---@alias DeclaredValue number | string | Money

---A metric's value as a term reads it: a Lua number (an integer when it is whole), or Money
---for a metric whose unit is the contract's currency.
---@alias MetricValue number | Money

---One result of a term.
---@alias Result Line | Shortfall | Limit

---What a term's function returns: nothing, one result, or a list of results (at most
---1000).
---@alias TermResult Result | Result[] | nil

------------------------------------------------------------------------------------------
-- Money and decimals
------------------------------------------------------------------------------------------

---An exact decimal amount, in a currency (money) or plain (a decimal), below 10^27: input has
---up to 9 decimal places, results keep every place they have (up to 36 places and 36
---digits; more is an error). Arithmetic is exact: + and - need the same currency or one plain
---side; * needs one plain factor; / is exact when the quotient ends and else rounds half-even
---to 9 places, money / money of one currency is a plain ratio, plain / money is refused, and
---dividing by zero is an error. A Lua number that meets money is read as the decimal you
---typed (0.15 is exactly 0.15); NaN, infinities, numbers of 10^18 or more and floats with
---more than 9 decimal places (0.1 + 0.2 computed as plain numbers) are refused.
---
---Comparisons: <, <=, > and >= work between money, decimals and numbers (mixed currencies
---raise an error). == between money and a plain number is always false, because Lua does not
---ask money whether it equals a number: compare money with money (credit == money(0)).
---Money in two currencies is simply not equal. % // ^ and # are not defined.
---
---tostring(m) shows at least the currency's minor unit ("85000.00"), a decimal its shortest
---exact form ("99.5"); .. joins money with strings and numbers the same way.
---@class Money
---@operator add(Money|number): Money
---@operator sub(Money|number): Money
---@operator mul(Money|number): Money
---@operator div(Money|number): Money
---@operator unm: Money
---@operator concat(string|number|Money): string
local Money = {}

---Rounded to `places` decimal places (0 to 9) by `rule`, half-even unless given. Note that
---the default is half-even whatever the contract's rounding; invoice lines are rounded for
---you (by the contract's rule) when a term produces them.
---@param places integer 0 to 9
---@param rule? RoundingRule half-even when left out
---@return Money
function Money:round(places, rule) end

---self / d rounded once, from the exact quotient, to `places` decimal places (0 to 9) by
---`rule`, half-even unless given: money("100.00"):div(3, 2, "down") is 33.33.
---@param d Money|number
---@param places integer 0 to 9
---@param rule? RoundingRule half-even when left out
---@return Money
function Money:div(d, places, rule) end

---Rounded up to a whole number (toward positive infinity), in the same currency.
---@return Money
function Money:ceil() end

---Rounded down to a whole number (toward negative infinity), in the same currency.
---@return Money
function Money:floor() end

---The value without its sign.
---@return Money
function Money:abs() end

---The smaller of the two; on a tie, self. A number meeting money takes its currency, so
---fee:min(5000) is money. Mixed currencies raise an error.
---@param other Money|number
---@return Money
function Money:min(other) end

---The larger of the two; on a tie, self. A number meeting money takes its currency.
---@param other Money|number
---@return Money
function Money:max(other) end

---The currency code, or nil for a plain decimal.
---@return CurrencyCode?
function Money:currency() end

---Text with exactly `places` decimal places (0 to 9), rounded half-even, without the
---currency code: money("2297.835"):format(2) is "2297.84".
---@param places integer 0 to 9
---@return string
function Money:format(places) end

---Exact money. `value` is a decimal string (digits, an optional sign, an optional point and
---up to 9 decimal places: no exponent, spaces or thousands separators), a number, or money.
---The currency is `currency` when given, else the contract's currency while a contract is
---settled (none on the first run of a script that reads its declaration, and none in a
---tests file). Money in another currency is refused ("cannot turn EUR into GBP").
---@param value string|number|Money
---@param currency? CurrencyCode an ISO 4217 code; an unknown code is an error
---@return Money
---@overload fun(value: string|number|Money): Money
function money(value, currency) end

---An exact plain decimal, for percentages, hours and scores: the same arithmetic as money,
---without a currency. `value` is a decimal string, a number or a decimal; money in a
---currency is refused.
---@param value string|number|Decimal
---@return Decimal
function decimal(value) end

---Whether `value` is money or a decimal (the two are one type: a decimal is money without a
---currency); false for numbers, strings and everything else.
---@param value any
---@return boolean
function is_money(value) end

------------------------------------------------------------------------------------------
-- Declaring a contract
------------------------------------------------------------------------------------------

---The one declaration a contract script makes. Unknown fields are an error with a
---suggestion ("unknown field 'efective_from' (did you mean 'effective_from'?)").
---@class Contract
---@field id string Names files and outcome rows: letters, digits, `-`, `_` and `.`, not starting with `.` or `-`, at most 63 bytes.
---@field title string Shown on the invoice and the report (1 to 200 bytes).
---@field customer string The customer (1 to 200 bytes).
---@field vendor string The vendor (1 to 200 bytes).
---@field currency CurrencyCode The contract's currency; lines are rounded to its minor unit.
---@field cadence Cadence Which periods can be settled: months, quarters or years.
---@field effective_from string The first day in effect, "YYYY-MM-DD".
---@field effective_to? string The last day in effect, "YYYY-MM-DD"; open-ended (9999-12-31) when left out.
---@field rounding? RoundingRule How each line is rounded; "half-even" when left out.
---@field params? table<string, any> Values your own terms read as ctx.params (each term gets its own copy).
---@field metrics MetricDeclaration[] The measured outcomes, `metric "name" { ... }` each; may be empty.
---@field terms Term[] The clauses in the order they apply: at least one, at most 1000.
---@field history? boolean false when no term looks at earlier periods; otherwise each period is settled on every period before it, from the contract's first.
---@field version? string The name of the version first signed; "original" when left out.
---@field amendments? Amendment[] The changes to the contract by date, `amendment "name" { ... }` each, in date order.

---@alias Split "earlier"|"later"

---@class AmendmentSettings
---@field effective_from string The first day it is in force, "YYYY-MM-DD": after the contract's effective_from and the amendment before it.
---@field metrics? MetricDeclaration[] Replaces the metrics.
---@field terms? Term[] Replaces the terms.
---@field params? table<string, any> Replaces the params.
---@field split? Split How a period its date falls inside is settled: by the version before it ("earlier") or by the amendment ("later"); without it, settling that period is an error.

---@class Amendment: AmendmentSettings
---@field name string

---The contract from a date on: it restates what it changes (at least one of metrics, terms,
---params) and keeps the rest as the version before it had it.
---@param name string 1 to 200 bytes, unique in the contract.
---@return fun(settings: AmendmentSettings): Amendment
function amendment(name) end

---Declares the contract. Call it exactly once per script ("contract { ... } is declared twice
---in one script" otherwise); oce runs the script more than once and each run must declare
---the same currency and the same terms.
---@param declaration Contract
function contract(declaration) end

---The settings of `metric "name" { ... }`. Unknown fields are an error.
---@class MetricSettings
---@field unit string Shown in reports (1 to 32 bytes); a metric whose unit is the contract's currency code is money.
---@field target? DeclaredValue The service level the report marks as met or missed; `better` must be given with it.
---@field better? Better Which side of the target is good; required when there is a target.
---@field required? boolean true unless false: a required metric missing from the outcomes is an error.
---@field precision? integer 0 to 9: how many decimal places a measured value may have.
---@field min? DeclaredValue The smallest valid value; a value below is refused.
---@field max? DeclaredValue The largest valid value; a value above is refused.

---A metric as `metric` returns it: the settings with the name and the script line.
---@class MetricDeclaration: MetricSettings
---@field name string Lowercase letters, digits and `_`, starting with a letter or `_`, at most 63 bytes.
---@field line integer The script line it was declared on.

---Declares a measured outcome, for the contract's `metrics` list:
---`metric "availability" { unit = "%", target = 99.95, better = "higher", precision = 2 }`.
---@param name string lowercase letters, digits and _
---@return fun(settings: MetricSettings): MetricDeclaration
function metric(name) end

------------------------------------------------------------------------------------------
-- Terms and results
------------------------------------------------------------------------------------------

---A term, as `term` and every helper return it.
---@class Term
---@field name string Lowercase letters, digits and `_`, at most 63 bytes; unique in the contract.
---@field run fun(ctx: Ctx): TermResult Settles the term for one period.
---@field line integer The script line it was declared on.
---@field helper? string The helper that made it, as `oce check` shows it.
---@field settings? table The settings a helper was given; every number in them must be an exact decimal, checked when the contract is loaded.
---@field refers? string[] The earlier terms a helper names (the terms a cap bounds, the credit an earn-back returns); each must be a term declared before it, checked when the contract is loaded.

---Declares a clause written by hand: `term "name" (function(ctx) ... end)`. The function
---returns nothing, one result or a list of results; the name must be lowercase letters,
---digits and `_` ("term name \"X\": use lowercase letters, digits and _").
---@param name string
---@return fun(run: fun(ctx: Ctx): TermResult): Term
function term(name) end

---The line of the contract script being run at the point of the call (the innermost
---contract-script frame), 0 when there is none. `metric` and `term` use it to remember where
---they were declared.
---@return integer
function script_line() end

---Whether `name` is a term of the contract, in any of its versions; when not, false and the
---nearest term name (or nil), for a did-you-mean. Only a term's function may call it: while
---the script declares the contract, its terms are not known yet.
---@param name string
---@return boolean is_term
---@return string? nearest
function is_term(name) end

---An invoice line, as charge, credit, bonus and share return it. The engine rounds its amount
---once, to the currency's minor unit by the contract's rounding, and the explanation then
---says so ("...; 2297.835 rounded half-even to 2297.84").
---@class Line
---@field kind LineKind
---@field amount Amount Money in the contract's currency or plain; positive except for a share.
---@field description string 1 to 200 bytes of printable UTF-8.
---@field explanation? string Up to 1000 bytes of printable UTF-8; the description when left out.
---@field forgone? Amount What the term's own cap took off the line, 0 or more; reported with the line and its shortfall.

---A missed target, costed by the engine from the term's line just before it (or from all the
---term's lines when none comes before it).
---@class Shortfall
---@field kind "shortfall"
---@field metric string A declared metric that has both a value and a target this period.
---@field explanation? string Up to 1000 bytes: "availability 99.42 missed its target of 99.95".

---What `limit { ... }` takes.
---@class LimitSpec
---@field terms? string[] Names of earlier terms whose lines are bounded (lines of one kind: all charges or all credits); leave out to bound the net of all lines so far. Not an empty list.
---@field at_most? Amount The upper bound (rounded down to the minor unit); not negative on a group.
---@field at_least? Amount The lower bound (rounded up to the minor unit); not negative on a group, not above at_most.
---@field description string Names the limit in explanations and on any line it adds (1 to 200 bytes).

---A cap, floor or collar on the lines of earlier terms or on the net, applied by the engine.
---@class Limit: LimitSpec
---@field kind "limit"

---A line the customer pays.
---@param amount Amount 0 or more
---@param description string 1 to 200 bytes
---@param explanation? string up to 1000 bytes; the arithmetic behind the amount
---@param forgone? Amount what the term's own cap took off the line, 0 or more
---@return Line
function charge(amount, description, explanation, forgone) end

---A line taken off the invoice. Write the amount positive (it is shown negative); a negative
---credit is an error.
---@param amount Amount 0 or more
---@param description string 1 to 200 bytes
---@param explanation? string up to 1000 bytes
---@param forgone? Amount what the term's own cap took off the line, 0 or more
---@return Line
function credit(amount, description, explanation, forgone) end

---A line the vendor earns for good outcomes; the amount is 0 or more.
---@param amount Amount 0 or more
---@param description string 1 to 200 bytes
---@param explanation? string up to 1000 bytes
---@param forgone? Amount what the term's own cap took off the line, 0 or more
---@return Line
function bonus(amount, description, explanation, forgone) end

---A share of savings (a positive amount) or of an overrun (a negative amount): the one kind
---of line whose amount may be negative.
---@param amount Amount
---@param description string 1 to 200 bytes
---@param explanation? string up to 1000 bytes
---@param forgone? Amount what the term's own cap took off the line, 0 or more
---@return Line
function share(amount, description, explanation, forgone) end

---Reports that `metric` missed its target; the engine costs the shortfall as what the term's
---line just before it came to after every cap (all the term's lines when none comes before
---it). The metric must have a value and a target this period.
---@param metric string a declared metric
---@param explanation? string up to 1000 bytes
---@return Shortfall
function shortfall(metric, explanation) end

---A limit on the lines of earlier terms (with `terms`) or on the net of all lines so far
---(without): give at_most, at_least or both, and a description. The helpers cap_terms,
---floor_terms, collar_terms, cap_net, floor_net, collar_net and minimum_commitment return
---one; there is no `cap` function.
---@param spec LimitSpec
---@return Limit
function limit(spec) end

------------------------------------------------------------------------------------------
-- What a term sees
------------------------------------------------------------------------------------------

---The contract, as a term sees it.
---@class CtxContract
---@field id string
---@field title string
---@field customer string
---@field vendor string
---@field currency CurrencyCode
---@field rounding RoundingRule The contract's rounding rule (half-even when it gives none).
---@field minor_unit integer Decimal places of the currency: 2 for GBP, 0 for JPY, 3 for BHD.
---@field effective_from string "YYYY-MM-DD".
---@field effective_to string "YYYY-MM-DD"; "9999-12-31" for an open-ended contract.
---@field version string The version in force: "original" (or the contract's version) or an amendment's name.

---The period being settled, and the part of it the contract covers.
---@class CtxPeriod
---@field id string "2026-10", "2026-Q4" or "2026".
---@field kind PeriodKind
---@field from string The period's first day, "YYYY-MM-DD".
---@field to string The period's last day, "YYYY-MM-DD".
---@field days integer Days in the period.
---@field covered_from string The first day of the period the contract is in effect.
---@field covered_to string The last day of the period the contract is in effect.
---@field covered_days integer Days of the period the contract is in effect.

---What the contract declares of a metric.
---@class CtxMetric
---@field unit string
---@field better? Better Present when the metric declares it.
---@field required boolean
---@field precision? integer Present when the metric declares it.
---@field target? MetricValue Present when the metric declares one.

---A line of an earlier term, as rounded and after any caps.
---@class CtxLine
---@field term string The term that made it (a limit's own lines carry the limit's name).
---@field kind LineKind
---@field description string
---@field amount Money Signed: credits are negative.
---@field forgone Money What caps took off it (so far, in this period's ctx.lines).

---An earlier period of the contract, as it stands in the ledger.
---@class CtxHistoryPeriod
---@field period { id: string, kind: PeriodKind, from: string, to: string }
---@field metrics table<string, MetricValue> Its values; nil when not measured (or not declared then).
---@field met table<string, boolean> For each metric with a target and a value: whether it was met.
---@field lines CtxLine[] Its lines, after every cap.
---@field charges Money
---@field credits Money Negative or zero.
---@field net Money

---What a term's function receives, built afresh for every term: nothing one term writes
---reaches another.
---@class Ctx
---@field contract CtxContract The contract's header.
---@field currency CurrencyCode The contract's currency (as ctx.contract.currency).
---@field period CtxPeriod The period being settled.
---@field metrics table<string, MetricValue> The period's values by metric name; nil for an optional metric not measured, an error ("unknown metric 'x'") for an undeclared name.
---@field targets table<string, MetricValue> Each metric's target; nil when it declares none, an error for an undeclared name.
---@field declared table<string, CtxMetric> What each metric declares; nil (no error) for an undeclared name.
---@field params table<string, any> A copy of the contract's params for this term; empty when the contract has none.
---@field lines CtxLine[] The lines of the earlier terms, in order.
---@field history CtxHistoryPeriod[] The contract's earlier periods, oldest first; empty with history = false.

------------------------------------------------------------------------------------------
-- The term helpers
------------------------------------------------------------------------------------------

---An indexation of a fixed fee.
---@class FeeUplift
---@field from string "YYYY-MM-DD": an anniversary of effective_from, after it; uplifts in date order.
---@field percent number 0 to 100: the rise from that day, compounding on earlier ones.

---@class FixedFeeSettings
---@field amount Amount The fee for a whole period.
---@field description string The line's description (required: there is no default).
---@field prorate? boolean true unless false: in a period the contract covers only in part, charge the covered days' share.
---@field uplifts? FeeUplift[] Rises of the fee on anniversaries of the contract.

---A charge of `amount` each period, prorated by days in a period the contract covers only in
---part (unless prorate = false) and raised by any uplifts.
---@param name string the term's name
---@return fun(settings: FixedFeeSettings): Term
function fixed_fee(name) end

---A tier of a usage fee.
---@class UsageTier
---@field up_to? Amount Where the tier ends, above the tier before (and above 0); only the last tier may leave it out.
---@field price Amount The price of each unit in the tier, 0 or more.

---@class UsageFeeSettings
---@field metric string The metric measuring the usage.
---@field tiers UsageTier[] The tiers, rising.
---@field pricing? "graduated"|"volume" graduated (the default): each unit at its own tier's price; volume: every unit at the price of the tier the usage reaches.
---@field description? string "Usage of <metric>" when left out.

---A charge for usage priced by tiers. Usage that is negative, or beyond a last tier that has
---an up_to, is an error when settling.
---@param name string the term's name
---@return fun(settings: UsageFeeSettings): Term
function usage_fee(name) end

---@class PackageFeeSettings
---@field metric string The metric measuring the usage.
---@field size Amount Units in a package, more than 0.
---@field price Amount The price of a package.
---@field description? string "Packages of <metric>" when left out.

---A charge of `price` for every package of `size` units used, a part package counting as a
---whole.
---@param name string the term's name
---@return fun(settings: PackageFeeSettings): Term
function package_fee(name) end

---A band of a service credit: exactly one threshold, on the same side in every band.
---@class ServiceCreditBand
---@field below? number Applies when the value is below the threshold (not at it).
---@field at_or_below? number Applies when the value is at or below the threshold.
---@field above? number Applies when the value is above the threshold (not at it).
---@field at_or_above? number Applies when the value is at or above the threshold.
---@field percent number 0 to 100: the credit as a percentage of `of`.

---@class ServiceCreditSettings
---@field metric string The metric attained.
---@field of Amount The amount the percentages apply to.
---@field bands ServiceCreditBand[] From the mildest miss to the worst: thresholds falling for below/at_or_below, rising for above/at_or_above.
---@field cap? Amount The most the credit may be.
---@field description? string "Service credit for <metric>" when left out.

---A credit of a percentage of `of`, set by the worst band the metric's value falls in, with a
---shortfall when the value misses the metric's declared target.
---@param name string the term's name
---@return fun(settings: ServiceCreditSettings): Term
function service_credit(name) end

---@class CreditPerUnitSettings
---@field metric string The metric measured.
---@field beyond? Amount Credit for each unit above this (give beyond or under, not both).
---@field under? Amount Credit for each unit below this (give beyond or under, not both).
---@field each Amount The credit per unit (or per block of `per` units).
---@field per? Amount Units in a block, more than 0; 1 when left out.
---@field cap? Amount The most the credit may be.
---@field description? string "Credit per unit of <metric>" when left out.

---A credit of `each` for every unit (or block of `per` units), or part of one, by which the
---metric exceeds `beyond` or falls short of `under`, with a shortfall when the value misses
---the metric's declared target.
---@param name string the term's name
---@return fun(settings: CreditPerUnitSettings): Term
function credit_per_unit(name) end

---@class PerIncidentCreditSettings
---@field metric string The metric counting incidents.
---@field each Amount The credit per incident beyond the free ones.
---@field free? integer Incidents that earn nothing, a whole number of 0 or more; 0 when left out.
---@field cap? Amount The most the credit may be.
---@field description? string "Credit per incident of <metric>" when left out.

---A credit of `each` for every incident beyond the first `free`, with a shortfall when the
---value misses the metric's declared target.
---@param name string the term's name
---@return fun(settings: PerIncidentCreditSettings): Term
function per_incident_credit(name) end

---@class LateDeliveryCreditSettings
---@field metric string The metric counting days late.
---@field each Amount The credit per day late beyond the grace.
---@field grace? integer Days late that earn nothing, a whole number of 0 or more; 0 when left out.
---@field cap? Amount The most the credit may be.
---@field description? string "Late delivery credit" when left out.

---A credit of `each` for every day late beyond `grace` days, with a shortfall when the value
---misses the metric's declared target.
---@param name string the term's name
---@return fun(settings: LateDeliveryCreditSettings): Term
function late_delivery_credit(name) end

---@class CapTermsSettings
---@field terms string[] Names of earlier terms.
---@field at_most Amount The most their lines may come to, 0 or more.
---@field description? string "cap on <terms>" when left out.

---The lines of the named earlier terms together never exceed `at_most`: above it each line
---is reduced in proportion (lines of 0.00 are left alone) and the report shows what was
---forgone. The lines must be all charges or all credits in the period.
---@param name string the term's name
---@return fun(settings: CapTermsSettings): Term
function cap_terms(name) end

---@alias YearKind "contract"|"calendar"

---@class CapPerYearSettings
---@field terms string[] Names of earlier terms.
---@field at_most Amount The most their lines may come to in a year, above 0.
---@field year? YearKind "contract" (from each anniversary of effective_from, the default) or "calendar".
---@field description? string

---The lines of the named terms never come to more than `at_most` over a year: each period
---they are capped at what the year's earlier periods left, in proportion, forgone shown.
---@param name string the term's name
---@return fun(settings: CapPerYearSettings): Term
function cap_per_year(name) end

---@class EarnBackSettings
---@field term string A credit term declared before it.
---@field metric string A metric with a target.
---@field periods integer 1 to 36: the periods after the credit that must all meet the target.
---@field percent? number Above 0, up to 100: of the credit as given, after caps (100 when left out).
---@field description? string "Credit earned back" when left out.

---When the metric meets its target in each of the `periods` periods after one that gave a
---credit, the last of them charges `percent` of that credit back; else a line of 0.00 saying
---why.
---@param name string the term's name
---@return fun(settings: EarnBackSettings): Term
function earn_back(name) end

---@class WindowValue
---@field period string
---@field value Money

---The exact mean of the metric over this period and the n - 1 before it, and the window;
---or nil and the reason (too few periods, a value missing).
---@param ctx Ctx
---@param metric string
---@param n integer
---@return Money|nil mean
---@return WindowValue[]|string window_or_reason
function rolling_mean(ctx, metric, n) end

---The metric summed over the year's earlier periods and this one, how many had a value, and
---the values summed.
---@param ctx Ctx
---@param metric string
---@param year? YearKind
---@return Money sum
---@return integer count
---@return WindowValue[] values
function year_to_date(ctx, metric, year) end

---The year's earlier periods (entries of ctx.history), oldest first.
---@param ctx Ctx
---@param year? YearKind
---@return CtxHistoryPeriod[]
function this_year(ctx, year) end

---What the lines of the named terms came to over the given periods, after caps.
---@param periods CtxHistoryPeriod[]
---@param terms string[]
---@return Money
function lines_total(periods, terms) end

---Whether this period is the last of its year, or of the contract.
---@param ctx Ctx
---@param year? YearKind
---@return boolean
function is_year_end(ctx, year) end

---@class FloorTermsSettings
---@field terms string[] Names of earlier terms.
---@field at_least Amount The least their lines may come to, 0 or more.
---@field description? string "floor on <terms>" when left out.

---When the lines of the named earlier terms come to less than `at_least`, a line of this term
---makes up the difference (a credit for a group of credits); none when they made no line.
---@param name string the term's name
---@return fun(settings: FloorTermsSettings): Term
function floor_terms(name) end

---@class CollarTermsSettings
---@field terms string[] Names of earlier terms.
---@field at_least Amount The least their lines may come to, 0 or more.
---@field at_most Amount The most their lines may come to, not below at_least.
---@field description? string "collar on <terms>" when left out.

---Keeps the lines of the named earlier terms between `at_least` and `at_most`: trimmed in
---proportion above, topped up below.
---@param name string the term's name
---@return fun(settings: CollarTermsSettings): Term
function collar_terms(name) end

---@class CapNetSettings
---@field at_most Amount The most the net of all lines so far may be.
---@field description? string "cap on the net" when left out.

---When the net of all lines before it is above `at_most`, a credit brings it down to it.
---@param name string the term's name
---@return fun(settings: CapNetSettings): Term
function cap_net(name) end

---@class FloorNetSettings
---@field at_least Amount The least the net of all lines so far may be.
---@field description? string "floor on the net" when left out.

---When the net of all lines before it is below `at_least`, a charge raises it to it.
---@param name string the term's name
---@return fun(settings: FloorNetSettings): Term
function floor_net(name) end

---@class CollarNetSettings
---@field at_least Amount The least the net of all lines so far may be.
---@field at_most Amount The most the net of all lines so far may be, not below at_least.
---@field description? string "collar on the net" when left out.

---Keeps the net of all lines before it between `at_least` and `at_most`, with a credit or a
---charge.
---@param name string the term's name
---@return fun(settings: CollarNetSettings): Term
function collar_net(name) end

---@class MinimumCommitmentSettings
---@field terms string[] Names of the earlier usage terms.
---@field at_least Amount The commitment, 0 or more.
---@field description? string "Minimum commitment true-up" when left out.

---The customer pays at least the commitment for the named usage terms: when their charges
---come to less, a true-up line charges the difference.
---@param name string the term's name
---@return fun(settings: MinimumCommitmentSettings): Term
function minimum_commitment(name) end

---A slice of a banded share: `percent` of the part of the saving (or overrun) up to `up_to`
---above the slice before.
---@class ShareSlice
---@field up_to? Amount Where the slice ends, above the one before (and above 0); only the last may leave it out.
---@field percent number 0 to 100.

---@class GainShareSettings
---@field metric string The metric measured against the baseline (money or a plain number).
---@field baseline Amount Below it, the vendor earns a share of the saving.
---@field target? Amount Above it, the vendor bears a share of the overrun; the baseline when left out, never below it.
---@field savings_percent? number 0 to 100: the vendor's share of a saving (not with savings_bands); 0 when neither is given.
---@field savings_bands? ShareSlice[] The vendor's share of a saving by slices (not with savings_percent).
---@field overrun_percent? number 0 to 100: the vendor's share of an overrun (not with overrun_bands); 0 when neither is given.
---@field overrun_bands? ShareSlice[] The vendor's share of an overrun by slices (not with overrun_percent).
---@field savings_cap? Amount The most the gain-share may be.
---@field overrun_cap? Amount The most the pain-share may be.
---@field description? string "Gain-share and pain-share on <metric>" when left out.

---Under the baseline a share line of the vendor's part of the saving; over the target a
---credit of its part of the overrun (with a shortfall when the metric declares a target);
---between them a share of 0.00.
---@param name string the term's name
---@return fun(settings: GainShareSettings): Term
function gain_share(name) end

---@class ThresholdBonusSettings
---@field metric string The metric measured.
---@field at_least? Amount Earned when the value is at least this (give at_least or at_most, not both).
---@field at_most? Amount Earned when the value is at most this (give at_least or at_most, not both).
---@field amount? Amount A fixed bonus (instead of percent and of).
---@field percent? number 0 to 100: the bonus as a percentage of `of` (with of, instead of amount).
---@field of? Amount The amount the percentage applies to (with percent).
---@field description? string "Bonus for <metric>" when left out.

---A bonus of `amount`, or `percent` of `of`, when the metric reaches the threshold; 0.00 when
---it does not or was not measured.
---@param name string the term's name
---@return fun(settings: ThresholdBonusSettings): Term
function threshold_bonus(name) end

---A KPI of a scorecard: it scores 0 at `zero_at` and 100 at `full_at`, linearly between, in
---either direction, rounded half-even to 2 places.
---@class ScorecardKpi
---@field metric string The metric measured; not measured scores 0.
---@field weight number More than 0, at most 100; the weights add up to 100.
---@field zero_at Amount The value that scores 0.
---@field full_at Amount The value that scores 100, not equal to zero_at.

---A payout row: the first row whose at_least the weighted score reaches pays.
---@class ScorecardPayout
---@field at_least? number The score the row needs; falling row by row; only the last may leave it out.
---@field percent number -100 to 100: the payout as a percentage of the pool; negative is a malus.

---@class ScorecardSettings
---@field pool Amount The amount at risk.
---@field kpis ScorecardKpi[] The KPIs, weights adding up to 100.
---@field payout ScorecardPayout[] The payout rows, from the highest score down.
---@field description? string "Scorecard" when left out.

---A bonus (or, for a negative payout, a credit) of a percentage of the pool, chosen by the
---weighted score of the KPIs (rounded half-even to 2 places, as shown).
---@param name string the term's name
---@return fun(settings: ScorecardSettings): Term
function scorecard(name) end

------------------------------------------------------------------------------------------
-- Test cases (CONTRACT.tests.lua only)
------------------------------------------------------------------------------------------

---An amount or a measured value in a case: a decimal string as written, or a number or money
---as its exact decimal.
---@alias CaseValue string | number | Money

---What a case states of a metric's shortfall; either may be left out.
---@class CaseShortfall
---@field amount? CaseValue What the miss cost, positive.
---@field forgone? CaseValue What caps took off it.

---The settings of `case "name" { ... }`. Unknown settings are an error with a suggestion.
---@class CaseSettings
---@field period string The period settled: "2026-10", "2026-Q4" or "2026".
---@field outcomes string|table<string, CaseValue> An outcomes file (.csv or .json, relative to the tests file), or metric = value; checked as an outcomes file is.
---@field lines? table<string, CaseValue|CaseValue[]> Each term's lines in order ("0.00" entries are not checked); a term not listed must have no line other than 0.00.
---@field charges? CaseValue The total of the positive lines.
---@field credits? CaseValue The total of the negative lines, negative ("-11500.00").
---@field net? CaseValue The net.
---@field shortfalls? table<string, CaseValue|true|CaseShortfall> Exactly these metrics must miss (give {} for none): what each cost, true for "whatever it cost", or { amount, forgone }.
---@field error? string The settlement must fail with a message containing this text.
---@field history? string|table<string, string|table<string, CaseValue>> For a contract that looks back: the outcomes of the earlier periods (a file, or { ["2026-09"] = {...}, others = {...} }); from the outcomes file when that is one.

---Declares a test case in a tests file: `case "name" { period = ..., outcomes = ..., ... }`
---settles the period and compares what it states. The name is 1 to 200 bytes; a file has 1
---to 1000 cases.
---@param name string
---@return fun(settings: CaseSettings)
function case(name) end
