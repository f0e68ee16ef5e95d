-- Test cases for the managed backup and storage service: each settles a month from the
-- outcomes it gives and states what must come out. Run them with:
--   oce test contracts/usage-service/contract.lua
--
-- The prices every case uses (Schedule 3 of the agreement). Two versions: the 2026 agreement
-- (as signed) settles January 2026 to January 2027; the 2027 price review (Contract Change
-- Note 4) settles every month from February 2027, and varies paras 2 and 3 only.
--   platform fee      6,845.00 a month to December 2026; from 1 January 2027
--                     6,845.00 x 1.032 = 7,064.04 (both versions)
--   storage (graduated)
--     as signed       first 50 TB at 21.00, next 150 TB at 16.50, above 200 TB at 12.75
--                     (so 50 TB cost 1,050.00 and 200 TB cost 1,050.00 + 2,475.00 = 3,525.00)
--     price review    first 50 TB at 20.00, next 150 TB at 15.50, above 200 TB at 11.25
--                     (so 50 TB cost 1,000.00 and 200 TB cost 1,000.00 + 2,325.00 = 3,325.00)
--   restores
--     as signed       by volume: 1 to 10: 85.00 each; 11 to 40: 70.00 each; over 40: 60.00 each
--     price review    graduated: first 10 at 80.00, next 30 at 65.00, above 40 at 50.00
--                     (so 10 cost 800.00 and 40 cost 800.00 + 1,950.00 = 2,750.00)
--   egress (blocks)      6.00 per 100 GB or part of 100 GB (both versions)
--   commitment           usage charges of at least 3,500.00 a month, else a true-up (both)
--   purchase-order limit the month's net at most 15,000.00 (both)
-- Each line is rounded once to the penny, half-even; the commitment compares the rounded
-- usage lines. A usage service has no targets, so no case has shortfalls.

-- The four months in outcomes.csv ---------------------------------------------------------

case "2026-11, from the outcomes file: usage over the commitment" {
  period = "2026-11",
  outcomes = "outcomes.csv",
  -- storage 124.875 TB: 50 x 21.00 = 1,050.00 + 74.875 x 16.50 = 1,235.4375,
  --   total 2,285.4375, rounded half-even to 2,285.44
  -- restores 23: the 11-to-40 tier, 23 x 70.00 = 1,610.00
  -- egress 1,850.0 GB: 18.5 blocks, so 19 x 6.00 = 114.00
  -- usage 2,285.44 + 1,610.00 + 114.00 = 4,009.44, over 3,500.00: no true-up
  lines = {
    platform_fee = "6845.00",
    storage = "2285.44",
    restores = "1610.00",
    egress = "114.00",
    commitment = "0.00",
    po_limit = "0.00",
  },
  charges = "10854.44",
  credits = "0.00",
  net = "10854.44",          -- 6,845.00 + 4,009.44
  shortfalls = {},
}

case "2026-12, from the outcomes file: a quiet month falls short of the commitment" {
  period = "2026-12",
  outcomes = "outcomes.csv",
  -- storage 126.302 TB: 1,050.00 + 76.302 x 16.50 = 1,258.983, total 2,308.983 -> 2,308.98
  -- restores 4: the up-to-10 tier, 4 x 85.00 = 340.00
  -- egress 37.5 GB: one part block, 6.00
  -- usage 2,308.98 + 340.00 + 6.00 = 2,654.98; true-up 3,500.00 - 2,654.98 = 845.02
  lines = {
    platform_fee = "6845.00",  -- the last month before the uplift
    storage = "2308.98",
    restores = "340.00",
    egress = "6.00",
    commitment = "845.02",
    po_limit = "0.00",
  },
  charges = "10345.00",
  credits = "0.00",
  net = "10345.00",          -- 6,845.00 + 3,500.00
  shortfalls = {},
}

case "2027-01, from the outcomes file: the uplifted fee and the DR test's restores" {
  period = "2027-01",
  outcomes = "outcomes.csv",
  -- platform fee 6,845.00 x 1.032 = 7,064.04 (exact)
  -- storage 128.640 TB: 1,050.00 + 78.64 x 16.50 = 1,297.56, total 2,347.56
  -- restores 41: over 40, so all 41 at 60.00 = 2,460.00
  -- egress 2,300.0 GB: exactly 23 blocks, 138.00
  -- usage 2,347.56 + 2,460.00 + 138.00 = 4,945.56: no true-up
  lines = {
    platform_fee = "7064.04",
    storage = "2347.56",
    restores = "2460.00",
    egress = "138.00",
    commitment = "0.00",
    po_limit = "0.00",
  },
  charges = "12009.60",
  credits = "0.00",
  net = "12009.60",          -- 7,064.04 + 4,945.56
  shortfalls = {},
}

case "2027-02, from the outcomes file: storage reaches the third tier, at the new prices" {
  period = "2027-02",
  outcomes = "outcomes.csv",
  -- The first month of the 2027 price review. Before the amendment this case expected
  -- storage 3,704.65, restores 765.00 and a net of 11,575.69 at the prices as signed (the
  -- case "January 2027 ... February's usage" below keeps those figures); now:
  -- storage 214.090 TB: 50 x 20.00 = 1,000.00 + 150 x 15.50 = 2,325.00 + 14.09 x 11.25 =
  --   158.5125, total 3,483.5125, rounded half-even to 3,483.51
  -- restores 9: all in the first graduated tier, 9 x 80.00 = 720.00
  -- egress 640.2 GB: 6.402 blocks, so 7 x 6.00 = 42.00 (unchanged)
  -- usage 3,483.51 + 720.00 + 42.00 = 4,245.51: no true-up
  lines = {
    platform_fee = "7064.04",
    storage = "3483.51",
    restores = "720.00",
    egress = "42.00",
    commitment = "0.00",
    po_limit = "0.00",
  },
  charges = "11309.55",
  credits = "0.00",
  net = "11309.55",          -- 7,064.04 + 4,245.51 (was 11,575.69)
  shortfalls = {},
}

-- The 2027 price review: which months it settles ------------------------------------------

case "January 2027, the last month of the 2026 agreement: February's usage at the old prices" {
  period = "2027-01",
  -- February's outcomes (as in outcomes.csv) settled a month earlier, by the prices as
  -- signed: these are the figures the 2027-02 case expected before the amendment.
  -- storage 214.090 TB: 1,050.00 + 2,475.00 + 14.09 x 12.75 = 179.6475, total 3,704.6475,
  --   rounded half-even to 3,704.65
  -- restores 9: by volume, up to 10, 9 x 85.00 = 765.00
  -- egress 640.2 GB: 7 blocks, 42.00
  -- usage 4,511.65; against 4,245.51 for the same usage in February, 266.14 more
  outcomes = { storage_tb = "214.090", restore_requests = "9", egress_gb = "640.2" },
  lines = {
    platform_fee = "7064.04", storage = "3704.65", restores = "765.00", egress = "42.00",
    commitment = "0.00", po_limit = "0.00",
  },
  charges = "11575.69",
  net = "11575.69",          -- 7,064.04 + 4,511.65
  shortfalls = {},
}

case "February 2027, the amendment's first day is the month's: January's DR-test usage" {
  period = "2027-02",
  -- January's outcomes (the DR test, as in outcomes.csv) settled by the price review. The
  -- amendment takes effect on 1 February, the first day of the month, so February is the
  -- amendment's whole (no split is needed).
  -- storage 128.640 TB: 1,000.00 + 78.64 x 15.50 = 1,218.92, total 2,218.92
  --   (2,347.56 in January)
  -- restores 41 graduated: 10 x 80.00 + 30 x 65.00 + 1 x 50.00 = 800.00 + 1,950.00 + 50.00
  --   = 2,800.00 (2,460.00 in January, where the 41st request lowered the price of all 41)
  -- egress 2,300.0 GB: 23 blocks, 138.00
  -- usage 2,218.92 + 2,800.00 + 138.00 = 5,156.92: no true-up
  outcomes = { storage_tb = "128.640", restore_requests = "41", egress_gb = "2300.0" },
  lines = {
    platform_fee = "7064.04", storage = "2218.92", restores = "2800.00", egress = "138.00",
    commitment = "0.00", po_limit = "0.00",
  },
  charges = "12220.96",
  net = "12220.96",          -- 7,064.04 + 5,156.92 (12,009.60 in January)
  shortfalls = {},
}

case "the prices as signed on the second tier edges, in January 2027: 200 TB, 40 restores" {
  period = "2027-01",
  -- storage 200.000 TB: 50 x 21.00 + 150 x 16.50 = 1,050.00 + 2,475.00 = 3,525.00, nothing
  --   at 12.75
  -- restores 40: by volume, still the 11-to-40 tier, 40 x 70.00 = 2,800.00
  -- egress 300.1 GB: 3.001 blocks, so 4 x 6.00 = 24.00
  -- usage 6,349.00: no true-up
  -- (This was the 2027-03 case "exactly on the second tier edges" before the amendment.)
  outcomes = { storage_tb = "200.000", restore_requests = "40", egress_gb = "300.1" },
  lines = {
    platform_fee = "7064.04", storage = "3525.00", restores = "2800.00", egress = "24.00",
  },
  net = "13413.04",          -- 7,064.04 + 6,349.00
  shortfalls = {},
}

case "December 2028, the last month of the contract, is still the price review's" {
  period = "2028-12",
  -- storage 200.001 TB: 3,325.00 + 0.001 x 11.25 = 3,325.01125, rounded to 3,325.01
  -- restores 41: 2,750.00 for the first 40 + 50.00 = 2,800.00, more than 40 now cost
  -- egress 100.0 GB: exactly one block, 6.00
  -- usage 6,131.01: no true-up. The platform fee is still 7,064.04: para 1.2 fixes only the
  -- first anniversary's index, and the price review does not change para 1.
  outcomes = { storage_tb = "200.001", restore_requests = "41", egress_gb = "100.0" },
  lines = {
    platform_fee = "7064.04", storage = "3325.01", restores = "2800.00", egress = "6.00",
  },
  net = "13195.05",          -- 7,064.04 + 6,131.01
  shortfalls = {},
}

-- Edge cases ------------------------------------------------------------------------------
-- Settled in March 2027, so by the 2027 price review. Before the amendment these cases were at
-- the prices as signed; each says what it expected then.

case "exactly on the first tier edges: 50 TB, 10 restores, 300 GB" {
  period = "2027-03",
  -- storage 50.000 TB: all in the first tier, 50 x 20.00 = 1,000.00 (was 1,050.00)
  -- restores 10: all in the first graduated tier, 10 x 80.00 = 800.00 (was 850.00)
  -- egress 300.0 GB: exactly 3 blocks, 18.00
  -- usage 1,818.00; true-up 3,500.00 - 1,818.00 = 1,682.00 (was 1,582.00): the customer pays
  -- the same 3,500.00 for usage either way
  outcomes = { storage_tb = "50.000", restore_requests = "10", egress_gb = "300.0" },
  lines = {
    platform_fee = "7064.04", storage = "1000.00", restores = "800.00", egress = "18.00",
    commitment = "1682.00",
  },
  net = "10564.04",          -- 7,064.04 + 3,500.00 (unchanged)
  shortfalls = {},
}

case "exactly on the second tier edges: 200 TB, 40 restores; 300.1 GB starts a fourth block" {
  period = "2027-03",
  -- storage 200.000 TB: 50 x 20.00 + 150 x 15.50 = 1,000.00 + 2,325.00 = 3,325.00, nothing
  --   at 11.25 (was 3,525.00)
  -- restores 40: 10 x 80.00 + 30 x 65.00 = 800.00 + 1,950.00 = 2,750.00 (was 2,800.00)
  -- egress 300.1 GB: 3.001 blocks, so 4 x 6.00 = 24.00
  -- usage 6,099.00: no true-up
  outcomes = { storage_tb = "200.000", restore_requests = "40", egress_gb = "300.1" },
  lines = {
    platform_fee = "7064.04", storage = "3325.00", restores = "2750.00", egress = "24.00",
  },
  net = "13163.04",          -- 7,064.04 + 6,099.00 (was 13,413.04)
  shortfalls = {},
}

case "just past the edges, before the uplift: 200.001 TB, 11 restores, 100 GB" {
  period = "2026-12",
  -- the 2026 agreement (and the fee before the uplift); unchanged by the amendment
  -- storage 200.001 TB: 3,525.00 + 0.001 x 12.75 = 3,525.01275, rounded to 3,525.01
  -- restores 11: the 11-to-40 tier, all at 70.00 = 770.00 (10 would have been 850.00)
  -- egress 100.0 GB: exactly one block, 6.00
  -- usage 4,301.01: no true-up
  outcomes = { storage_tb = "200.001", restore_requests = "11", egress_gb = "100.0" },
  lines = {
    platform_fee = "6845.00", storage = "3525.01", restores = "770.00", egress = "6.00",
  },
  net = "11146.01",          -- 6,845.00 + 4,301.01
  shortfalls = {},
}

case "usage exactly at the commitment: no true-up line" {
  period = "2027-03",
  -- storage 110.000 TB: 1,000.00 + 60 x 15.50 = 1,930.00; restores 20: 800.00 + 10 x 65.00 =
  -- 1,450.00; egress 2,000.0 GB: 20 blocks, 120.00. Usage 3,500.00: not less than the
  -- commitment. (Was 110 TB, 20 restores and 1,000.0 GB: 2,040.00 + 1,400.00 + 60.00; at the
  -- new prices those come to 3,440.00, so the egress is doubled to reach 3,500.00 again.)
  outcomes = { storage_tb = "110.000", restore_requests = "20", egress_gb = "2000.0" },
  lines = {
    platform_fee = "7064.04", storage = "1930.00", restores = "1450.00", egress = "120.00",
    commitment = "0.00",
  },
  net = "10564.04",
  shortfalls = {},
}

case "egress not reported: no egress charge, and the true-up makes up the commitment" {
  period = "2027-03",
  -- as above without egress_gb (optional): usage 1,930.00 + 1,450.00 = 3,380.00;
  -- true-up 120.00 (was 60.00, from 2,040.00 + 1,400.00). The customer pays the same
  -- 3,500.00 for usage either way.
  outcomes = { storage_tb = "110.000", restore_requests = "20" },
  lines = {
    platform_fee = "7064.04", storage = "1930.00", restores = "1450.00", egress = "0.00",
    commitment = "120.00",
  },
  net = "10564.04",
  shortfalls = {},
}

case "no usage at all: the whole commitment is trued up" {
  period = "2027-03",
  -- unchanged by the amendment: no usage costs nothing at either version's prices
  outcomes = { storage_tb = "0.000", restore_requests = "0", egress_gb = "0.0" },
  lines = { platform_fee = "7064.04", commitment = "3500.00" },
  charges = "10564.04",
  net = "10564.04",          -- 7,064.04 + 3,500.00
  shortfalls = {},
}

case "a heavy month is held to the purchase-order limit" {
  period = "2027-03",
  -- storage 385.500 TB: 1,000.00 + 2,325.00 + 185.5 x 11.25 = 2,086.875, total 5,411.875,
  --   rounded half-even to 5,411.88 (the 7 is odd, so up; was 5,890.12)
  -- restores 62 graduated: 800.00 + 1,950.00 + 22 x 50.00 = 1,100.00, total 3,850.00
  --   (was 62 x 60.00 = 3,720.00 by volume)
  -- egress 9,350.0 GB: 93.5 blocks, so 94 x 6.00 = 564.00
  -- net before the limit 7,064.04 + 5,411.88 + 3,850.00 + 564.00 = 16,889.92;
  -- the limit takes off 16,889.92 - 15,000.00 = 1,889.92 (was 2,238.16 off 17,238.16)
  outcomes = { storage_tb = "385.500", restore_requests = "62", egress_gb = "9350.0" },
  lines = {
    platform_fee = "7064.04", storage = "5411.88", restores = "3850.00", egress = "564.00",
    po_limit = "-1889.92",
  },
  charges = "16889.92",
  credits = "-1889.92",
  net = "15000.00",
  shortfalls = {},
}

case "restore requests are whole numbers" {
  period = "2027-03",
  outcomes = { storage_tb = "110.000", restore_requests = "2.5", egress_gb = "10.0" },
  error = '"restore_requests" is measured in whole numbers',
}

case "storage cannot be negative" {
  period = "2027-03",
  outcomes = { storage_tb = "-1.000", restore_requests = "2" },
  error = 'is below the minimum 0 of "storage_tb"',
}

case "storage is required" {
  period = "2027-03",
  outcomes = { restore_requests = "2", egress_gb = "10.0" },
  error = 'required metric "storage_tb" has no value',
}

case "a month before the effective date is refused" {
  period = "2025-12",
  outcomes = { storage_tb = "110.000", restore_requests = "2" },
  error = "is outside contract",
}
