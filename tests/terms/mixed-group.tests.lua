case "a floor on a fee and a credit together is refused" {
  period = "2026-10", outcomes = {},
  error = "limit: the lines of fee and malus mix charges and credits this period",
}
