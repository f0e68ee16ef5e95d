case "an uplift off the anniversary is refused, naming both dates" {
  period = "2026-05", outcomes = {},
  error = 'fees-bad-uplift.lua:7: term "fee": uplift 1: 2027-03-01 is not an anniversary of the contract, which is effective from 2026-01-01',
}
