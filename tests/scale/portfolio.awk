# portfolio.awk: a deterministic synthetic portfolio of the SLA template and its outcomes for
# one month. Run as
#   awk -v n=10000 -v period=2026-10 -v portfolio=P.csv -v outcomes=O.csv -f portfolio.awk
# Each contract has its own fee and baseline, and six outcomes rows; the same n gives the
# same files on any machine (its own linear congruential generator, no srand/rand).
function next_random(m) { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % m }
BEGIN {
  seed = 20261204
  split("99.99 99.95 99.80 99.40 98.70", avail, " ")
  split("0.0 3.5 4.0 6.2 11.5", hours, " ")
  split("8.5 9.0 9.4", csat, " ")
  split("100.0 95.0 93.5", patch, " ")
  print "contract_id,template,fee,baseline" > portfolio
  print "contract,period,metric,value" > outcomes
  for (i = 1; i <= n; i++) {
    id = sprintf("SITE-%07d", i)
    fee = 10000 + next_random(190000)
    base = int(fee * 1.4)
    printf "%s,sla,%d.00,%d.00\n", id, fee, base > portfolio
    printf "%s,%s,availability,%s\n", id, period, avail[1 + next_random(5)] > outcomes
    printf "%s,%s,p1_restore_hours,%s\n", id, period, hours[1 + next_random(5)] > outcomes
    printf "%s,%s,csat,%s\n", id, period, csat[1 + next_random(3)] > outcomes
    printf "%s,%s,run_cost,%d.%02d\n", id, period, int(base * 0.8) + next_random(int(base * 0.4)), next_random(100) > outcomes
    printf "%s,%s,patch_compliance,%s\n", id, period, patch[1 + next_random(3)] > outcomes
    printf "%s,%s,open_critical_vulns,%d\n", id, period, next_random(8) > outcomes
  }
}
