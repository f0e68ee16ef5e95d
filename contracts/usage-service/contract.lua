-- Managed backup and storage services agreement between Brackenridge Freight Ltd (the
-- customer) and Cobalt Harbour Data Services Ltd (the supplier).
-- Schedule 3: charges. Settled monthly in arrears from the supplier's metering reports.
--
-- How the money works, in one paragraph: a platform fee each month (para 1), indexed on each
-- anniversary; usage charges for protected storage, restores and cloud egress (paras 2 to
-- 4); a minimum monthly commitment on the usage charges (para 5); and a ceiling on the month's
-- invoice, the customer's purchase-order limit (para 6).

-- Para 1: the monthly platform fee (backup software, the vault appliances and monitoring).
local platform_fee = money "6845.00"

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

  terms = {
    -- Para 1: the platform fee, 6,845.00 a month. Para 1.2: from each anniversary of the
    -- Effective Date the fee rises by the index, fixed at signature at 3.2 % for the first
    -- anniversary (1 January 2027): 6,845.00 x 1.032 = 7,064.04 from January 2027.
    fixed_fee "platform_fee" {
      amount = platform_fee,
      uplifts = { { from = "2027-01-01", percent = 3.2 } },
      description = "Platform fee",
    },

    -- Para 2: protected storage, priced in graduated tiers: each terabyte at the price of
    -- the tier it falls in.
    --   the first 50 TB              21.00 per TB
    --   the next 150 TB (to 200 TB)  16.50 per TB
    --   every TB above 200 TB        12.75 per TB
    usage_fee "storage" {
      metric = "storage_tb",
      pricing = "graduated",
      tiers = {
        { up_to = 50, price = money "21.00" },
        { up_to = 200, price = money "16.50" },
        { price = money "12.75" },
      },
      description = "Protected storage",
    },

    -- Para 3: restore requests, priced by volume: the month's number of requests sets one
    -- price for all of them.
    --   up to 10 requests            85.00 each
    --   11 to 40 requests            70.00 each
    --   more than 40 requests        60.00 each
    -- (So 41 requests cost 2,460.00, less than the 2,800.00 that 40 cost: the parties
    -- agreed this in order to keep restore testing cheap in the annual DR test.)
    usage_fee "restores" {
      metric = "restore_requests",
      pricing = "volume",
      tiers = {
        { up_to = 10, price = money "85.00" },
        { up_to = 40, price = money "70.00" },
        { price = money "60.00" },
      },
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
  },
}
