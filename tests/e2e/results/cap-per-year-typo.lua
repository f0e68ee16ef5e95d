-- cap_per_year's second name is misspelt; the first is right.
contract {
  id = "yearly", title = "Yearly cap", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01", metrics = {},
  terms = {
    term "availability_credit" (function(ctx) return credit(money "10.00", "Credit") end),
    term "restore_credit" (function(ctx) return credit(money "10.00", "Credit") end),
    cap_per_year "annual_cap" {
      terms = { "availability_credit", "restore_credti" }, at_most = money "100.00",
    },
  },
}
