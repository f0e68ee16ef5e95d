# End-to-end cases of rows, results and amounts that must not go missing or change without a
# word (sourced by run.sh, with its helpers).

# --- A row that names no contract is no contract's row: an error, not one set aside. --------
sed 's/^managed-wan,2026-01,csat,/,2026-01,csat,/' $WAN/outcomes.csv >"$TMP/r1-empty-id.csv"
run r1-empty-id 4 -- settle $WAN/contract.lua --period 2026-01 --outcomes "$TMP/r1-empty-id.csv" --dry-run &&
  expect_err r1-empty-id 'r1-empty-id.csv:4: the row names no contract: write the contract id, "managed-wan" for this contract'"'"'s rows'
sed 's/^managed-wan,2026-01,csat,/" ",2026-01,csat,/' $WAN/outcomes.csv >"$TMP/r1-blank-id.csv"
run r1-blank-id 4 -- settle $WAN/contract.lua --period 2026-01 --outcomes "$TMP/r1-blank-id.csv" --dry-run &&
  expect_err r1-blank-id 'r1-blank-id.csv:4: the row names no contract'

# --- A JSON file whose "outcomes" key is given twice: cJSON reads the first array only. ------
printf '%s\n' '{"outcomes": [' \
  '  {"contract": "managed-wan", "period": "2026-01", "metric": "availability", "value": "99.97"},' \
  '  {"contract": "managed-wan", "period": "2026-01", "metric": "p1_restore_hours", "value": "2.5"},' \
  '  {"contract": "managed-wan", "period": "2026-01", "metric": "run_cost", "value": "118250.00"}' \
  '], "outcomes": [' \
  '  {"contract": "managed-wan", "period": "2026-01", "metric": "csat", "value": "9.2"}' ']}' >"$TMP/r1-twice.json"
run r1-json-twice 4 -- settle $WAN/contract.lua --period 2026-01 --outcomes "$TMP/r1-twice.json" --dry-run &&
  expect_err r1-json-twice 'r1-twice.json: the key "outcomes" appears 2 times; give all the rows in one array'

# --- A term's result is one value: a second one returned beside it would be lost. -----------
R1=tests/e2e/review1
run r1-two-values 5 -- settle $R1/two-values.lua --period 2026-01 --outcomes tests/e2e/contracts/empty.csv --dry-run &&
  expect_err r1-two-values 'two-values.lua:6: term "t": the term returned 2 values; return one line, or a list of lines in braces: return { charge(...), credit(...) }'
# A line behind a metatable's __index reads raw as an empty list: refused, not lost.
run r1-meta-line 5 -- settle $R1/meta-line.lua --period 2026-01 --outcomes tests/e2e/contracts/empty.csv --dry-run &&
  expect_err r1-meta-line 'meta-line.lua:6: term "t": the term'"'"'s result has a metatable; return plain tables'

# --- A list in a declaration holds its items at 1, 2, ..., n: an item past a gap or under
# another key is refused, not skipped (the term, the band, the name would be lost). --------
run r1-terms-key 3 -- check $R1/terms-key.lua &&
  expect_err r1-terms-key "terms-key.lua:2: contract: 'terms' has the key 'extra', which is not a position: a list holds its items at 1, 2, 3, ... and nothing else"
run r1-terms-gap 3 -- check $R1/terms-gap.lua &&
  expect_err r1-terms-gap "terms-gap.lua:4: contract: 'terms' has a gap: nothing at 2, but an item at 3 (a nil in a list leaves a gap, and what comes after it would be lost)"
run r1-cap-terms-key 3 -- check $R1/cap-terms-key.lua &&
  expect_err r1-cap-terms-key "cap-terms-key.lua:10: term \"cap\": 'terms' must be a list of term names"
run r1-bands-key 3 -- settle $R1/bands-key.lua --period 2026-01 --outcomes $R1/availability-98.csv --dry-run &&
  expect_err r1-bands-key "bands-key.lua:7: term \"credit\": 'bands' must be a list of { below = threshold, percent = p } entries"

# --- A metric a term helper names must be declared: check refuses it, as settle would. ------
run r1-metric-typo 3 -- check $R1/metric-typo.lua &&
  expect_err r1-metric-typo "metric-typo.lua:10: term \"c2\": 'metric': unknown metric 'availabilty' (did you mean 'availability'?)"
run r1-kpi-typo 3 -- check $R1/kpi-typo.lua &&
  expect_err r1-kpi-typo "kpi-typo.lua:10: term \"sc\": 'kpis[2].metric': unknown metric 'cst' (did you mean 'cost'?)"

# --- A test case's list of amounts is read whole: an amount not compared cannot fail. --------
run r1-case-lines 1 -- test $R1/case-lines.lua &&
  { grep -qF 'case-lines.tests.lua:2: case "an amount under a key": lines of "late": give a list of amounts, { "1.00", "2.00" }, with nothing under other keys and no gaps' "$TMP/out" && ok || bad r1-case-lines "$(cat "$TMP/out" "$TMP/err")"; }
run r1-case-shortfall 1 -- test $R1/case-shortfall.lua &&
  { grep -qF 'case-shortfall.tests.lua:2: case "a misspelt shortfall field": shortfall of "p1_restore_hours": unknown field '"'"'forgon'"'"' (did you mean '"'"'forgone'"'"'?)' "$TMP/out" && ok || bad r1-case-shortfall "$(cat "$TMP/out" "$TMP/err")"; }
run r1-amendment-metrics 3 -- check $R1/amendment-metrics.lua &&
  expect_err r1-amendment-metrics "amendment-metrics.lua:7: term \"credit\": 'metric': unknown metric 'availability' in the metrics of amendment \"renamed\", which keeps the terms before it"
