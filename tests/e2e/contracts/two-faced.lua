-- A script that tells the load from a settlement (money() has no currency while the
-- declaration is first read) and declares other terms: refused, never trusted.
-- expect-exit: 3
-- expect-error: contracts/two-faced.lua:6: contract: 'terms' must be a list of terms, in the order they apply
local settling = money("1"):currency() ~= nil
contract { id="twofaced", title="t", customer="C", vendor="V", currency="GBP",
  cadence="monthly", effective_from="2026-01-01", metrics={},
  terms = settling and 5 or { term "fee" (function() return charge(1,"fee") end) } }
