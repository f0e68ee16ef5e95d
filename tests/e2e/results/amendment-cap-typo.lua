-- The original terms are right; the amendment's cap names a term it no longer has.
contract { history = false,
  id = "amended", title = "Amended", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "credit" (function(ctx) return credit(money "10.00", "Credit") end),
    cap_terms "cap" { terms = { "credit" }, at_most = money "5.00" },
  },
  amendments = {
    amendment "2026 review" {
      effective_from = "2026-07-01",
      terms = {
        term "service_credit" (function(ctx) return credit(money "10.00", "Credit") end),
        cap_terms "cap" { terms = { "credit" }, at_most = money "5.00" },
      },
    },
  },
}
