-- Managed backup and storage services agreement between Brackenridge Freight Ltd (the
-- customer) and Cobalt Harbour Data Services Ltd (the supplier).
-- Schedule 3: charges. Settled monthly in arrears from the supplier's metering reports.
--
-- How the money works, in one paragraph: a platform fee each month (para 1), indexed on each
-- anniversary; usage charges for protected storage, restores and cloud egress (paras 2 to
-- 4); a minimum monthly commitment on the usage charges (para 5); and a ceiling on the month's
-- invoice, the customer's purchase-order limit (para 6).
--
-- Variations: Schedule 3 as signed (the "2026 agreement") settles January 2026 to January
-- 2027. Contract Change Note 4, the 2027 price review, varies paras 2 and 3 from 1 February
-- 2027 (see the amendment at the end of the declaration); paras 1, 4, 5 and 6 are unchanged.
-- Both versions are built by schedule_3 below from their prices, so what the variation leaves
-- alone is written once.

-- Para 1: the monthly platform fee (backup software, the vault appliances and monitoring).
local platform_fee = money "6845.00"

-- Para 2 as signed: protected storage, priced in graduated tiers: each terabyte at the price
-- of the tier it falls in.
--   the first 50 TB              21.00 per TB
--   the next 150 TB (to 200 TB)  16.50 per TB
--   every TB above 200 TB        12.75 per TB
local storage_as_signed = {
  { up_to = 50, price = money "21.00" },
  { up_to = 200, price = money "16.50" },
  { price = money "12.75" },
}

-- Para 3 as signed: restore requests, priced by volume: the month's number of requests sets
-- one price for all of them.
--   up to 10 requests            85.00 each
--   11 to 40 requests            70.00 each
--   more than 40 requests        60.00 each
-- (So 41 requests cost 2,460.00, less than the 2,800.00 that 40 cost: the parties
-- agreed this in order to keep restore testing cheap in the annual DR test.)
local restores_as_signed = {
  pricing = "volume",
  tiers = {
    { up_to = 10, price = money "85.00" },
    { up_to = 40, price = money "70.00" },
    { price = money "60.00" },
  },
}

-- Schedule 3's terms, in the order they apply, for the storage tiers of para 2 and the
-- restore pricing of para 3 in force; every other paragraph is the same in every version.
local function schedule_3(storage_tiers, restores)
  return {
    -- Para 1: the platform fee, 6,845.00 a month. Para 1.2: from each anniversary of the
    -- Effective Date the fee rises by the index, fixed at signature at 3.2 % for the first
    -- anniversary (1 January 2027): 6,845.00 x 1.032 = 7,064.04 from January 2027.
    fixed_fee "platform_fee" {
      amount = platform_fee,
      uplifts = { { from = "2027-01-01", percent = 3.2 } },
      description = "Platform fee",
    },

    -- Para 2: protected storage, in the graduated tiers of the version in force.
    usage_fee "storage" {
      metric = "storage_tb",
      pricing = "graduated",
      tiers = storage_tiers,
      description = "Protected storage",
    },

    -- Para 3: restore requests, priced as the version in force says (volume as signed,
    -- graduated from the 2027 price review).
    usage_fee "restores" {
      metric = "restore_requests",
      pricing = restores.pricing,
      tiers = restores.tiers,
      description = "Restore requests",
    },

    -- Para 4: cloud egress, 6.00 for each block of 100 GB or part of one (1 GB to 100 GB is
    -- one block, 100.1 GB is two). No egress reported: no charge.
    package_fee "egress" {
      metric = "egress_gb",
      size = 100,
      price = money "6.00",
      description = "Cloud egress, per 100 GB block",
    },

    -- Para 5: minimum monthly commitment. The customer commits to usage charges (paras 2 to
    -- 4) of at least 3,500.00 a month; in a month when they come to less, a true-up charges
    -- the difference. The platform fee does not count towards it.
    minimum_commitment "commitment" {
      terms = { "storage", "restores", "egress" },
      at_least = money "3500.00",
      description = "Minimum monthly usage commitment true-up",
    },

    -- Para 6: the charges for a month never exceed 15,000.00, the customer's purchase-order
    -- limit for this service; usage beyond it is not invoiced unless a change note raises
    -- the limit.
    cap_net "po_limit" {
      at_most = money "15000.00",
      description = "Purchase-order limit, 15,000.00 a month",
    },
  }
end

contract {
  id = "usage-service",
  title = "Managed backup and storage service",
  customer = "Brackenridge Freight Ltd",
  vendor = "Cobalt Harbour Data Services Ltd",
  currency = "GBP",
  cadence = "monthly",
  effective_from = "2026-01-01",
  effective_to = "2028-12-31",
  rounding = "half-even",
  history = false,  -- every term is settled on its own period: none looks back
  version = "2026 agreement",

  -- The metering the supplier reports for each calendar month (Schedule 2, para 4).
  metrics = {
    -- Protected storage: the average of the daily vault capacity used, in terabytes, to
    -- three decimal places (1 TB = 1,000 GB).
    metric "storage_tb" { unit = "TB", precision = 3, min = 0 },
    -- Restore requests raised by the customer and completed in the month, whole numbers.
    metric "restore_requests" { unit = "requests", precision = 0, min = 0 },
    -- Data sent out of the supplier's cloud vault to the customer, in GB to one decimal
    -- place. Optional: the cloud gateway reports nothing in a month with no cloud egress.
    metric "egress_gb" { unit = "GB", precision = 1, min = 0, required = false },
  },

  terms = schedule_3(storage_as_signed, restores_as_signed),

  amendments = {
    -- Contract Change Note 4: the 2027 price review, agreed at the service review of
    -- 26 January 2027 under clause 14.3 (the annual price review) and effective from
    -- 1 February 2027, the first day of a month, so no month is split between the prices.
    -- It replaces paras 2 and 3 of Schedule 3; the metering (Schedule 2), the platform fee
    -- and its indexation (para 1), egress (para 4), the minimum commitment (para 5) and the
    -- purchase-order limit (para 6) are unchanged, so 'metrics' and 'params' are left out
    -- and the terms are restated with schedule_3 and the new prices only.
    amendment "2027 price review" {
      effective_from = "2027-02-01",

      -- Para 2, as varied: the same tier edges at lower prices. The customer's ERP backups
      -- join the vault in February 2027 (change CHG-1187), taking storage past 200 TB; in
      -- return for committing them to the service for the rest of the term the supplier
      -- lowered every tier.
      --   the first 50 TB              20.00 per TB  (was 21.00)
      --   the next 150 TB (to 200 TB)  15.50 per TB  (was 16.50)
      --   every TB above 200 TB        11.25 per TB  (was 12.75)
      -- (So 50 TB cost 1,000.00 and 200 TB cost 1,000.00 + 2,325.00 = 3,325.00.)
      --
      -- Para 3, as varied: restore requests are priced in graduated tiers instead of by
      -- volume, each request at the price of the tier it falls in.
      --   the first 10 requests        80.00 each    (was 85.00 each for up to 10)
      --   the next 30 (11 to 40)       65.00 each    (was 70.00 each for 11 to 40)
      --   every request above 40       50.00 each    (was 60.00 each for over 40)
      -- Volume pricing made the 41st request lower the month's charge (41 cost 2,460.00 as
      -- signed, 40 cost 2,800.00), as it did in the January 2027 DR test; graduated tiers
      -- keep restore testing cheap without that cliff: 40 requests now cost 2,750.00 and
      -- each one above 40 adds 50.00.
      terms = schedule_3(
        {
          { up_to = 50, price = money "20.00" },
          { up_to = 200, price = money "15.50" },
          { price = money "11.25" },
        },
        {
          pricing = "graduated",
          tiers = {
            { up_to = 10, price = money "80.00" },
            { up_to = 40, price = money "65.00" },
            { price = money "50.00" },
          },
        }
      ),
    },
  },
}
