-- March on January (5 units) and February (7). January had no earlier month, so only its
-- units line: a net of 5.00, and probe sees 5.00 + 5.00 after meddle's three changes were
-- refused.
case "what a term does to ctx.history stays in its own ctx" {
  period = "2026-03",
  history = { ["2026-01"] = { units = "5" }, ["2026-02"] = { units = "7" } },
  outcomes = { units = "1" },
  lines = { units = "1.00", meddle = "3.00", probe = { "10.00", "2.00", "1.00" } },
}
