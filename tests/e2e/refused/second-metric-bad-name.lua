-- expect-exit: 3
-- expect-error: contract: metrics[2]: 'name' must be 1 to 63 bytes of printable UTF-8
-- The second metric's name is too long: the message names its place in the list.
contract { history = false,
  id = "long-name", title = "t", customer = "C", vendor = "V", currency = "GBP",
  cadence = "monthly", effective_from = "2026-01-01",
  metrics = {
    metric "availability" { unit = "%", target = 99.9, better = "higher" },
    metric "a_name_of_sixty_four_bytes_is_one_more_than_a_metric_may_have_xx" { unit = "%" },
  },
  terms = { term "fee" (function() return charge(1, "Fee") end) },
}
