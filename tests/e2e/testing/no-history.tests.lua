-- Cases of a contract that looks back (managed-wan) whose history is wrong, each of which must
-- fail, saying why.
local quiet = { availability = "99.95", p1_restore_hours = "4.0", run_cost = "120000.00" }

case "isolated" {
  period = "2026-03",
  outcomes = quiet,
  net = "85000.00",
}

case "a period of another kind" {
  period = "2026-03", outcomes = quiet,
  history = { others = quiet, ["2026-Q1"] = quiet },
}

case "a period after the case's own" {
  period = "2026-03", outcomes = quiet,
  history = { others = quiet, ["2026-04"] = quiet },
}

case "history for the contract's first period" {
  period = "2026-01", outcomes = quiet,
  history = { others = quiet },
}

case "an earlier period that fails is the case's failure, whatever error it expects" {
  period = "2026-03", outcomes = quiet,
  history = { others = quiet, ["2026-02"] = { availability = "99.95" } },
  error = 'required metric "run_cost" has no value',
}
