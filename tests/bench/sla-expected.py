#!/usr/bin/env python3
"""The SLA template's amounts for a fee of 85000.00 and a baseline of 120000.00, computed
from its clauses with Python's decimal module, apart from oce: the figures
contracts/portfolio-sla/templates/sla.tests.lua states were checked against these. Reads
contracts/portfolio-sla/templates/sla-outcomes.csv; prints period,term,amount,forgone for
every line, then period,charges,credits,net and the shortfalls (metric, amount, forgone).

    python3 tests/bench/sla-expected.py [OUTCOMES.csv]
    python3 tests/bench/sla-expected.py --portfolio PORTFOLIO.csv OUTCOMES.csv PERIOD...

The second form settles every contract of a portfolio of the template (each row's fee and
baseline) for the periods given, and prints each contract period's totals and the sum.
"""
import csv
import sys
from collections import defaultdict
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal as D

CENT = D("0.01")
FEE = D("85000.00")
BASELINE = D("120000.00")


def cents(x):
    return x.quantize(CENT, rounding=ROUND_HALF_EVEN)


def capped(x, cap):
    """A credit held to a cap: (amount, forgone)."""
    return (cap, x - cap) if x > cap else (x, D(0))


def settle(m, FEE=FEE, BASELINE=BASELINE):
    """The lines of one month, in term order: term -> [signed amount, forgone]."""
    lines = {"service_fee": [FEE, D(0)]}
    shortfalls = []  # metrics whose miss a credit stands for

    a = D(m["availability"])
    pct = D(25) if a < D("99.00") else D(10) if a < D("99.50") else D(5) if a < D("99.95") else 0
    lines["availability_credit"] = [cents(FEE * pct / 100), D(0)]
    if pct:
        shortfalls.append(("availability", "availability_credit"))

    h = D(m["p1_restore_hours"])
    started = (h - 4).to_integral_value(rounding=ROUND_CEILING) if h > 4 else D(0)
    lines["p1_restore_credit"] = list(capped(cents(started * D("1000.00")), D("5000.00")))
    if h > 4:
        shortfalls.append(("p1_restore_hours", "p1_restore_credit"))

    patch = D(m["patch_compliance"])
    lines["patch_credit"] = [cents(FEE * 2 / 100) if patch < 95 else D("0.00"), D(0)]
    if patch < 95:
        shortfalls.append(("patch_compliance", "patch_credit"))

    v = D(m["open_critical_vulns"])
    lines["vulnerability_credit"] = list(capped(cents(v * D("500.00")), D("2500.00")))
    if v > 0:
        shortfalls.append(("open_critical_vulns", "vulnerability_credit"))

    # The fees at risk: the credits of terms 2 to 5 at most 15 % of the fee, the cap rounded
    # down to the cent; above it each is cut in proportion, each part rounded down to the
    # cent and the cents left given one each to the largest remainders (earlier on a tie).
    group = ["availability_credit", "p1_restore_credit", "patch_credit", "vulnerability_credit"]
    cap = (FEE * D("0.15")).quantize(CENT, rounding=ROUND_FLOOR)
    total = sum(lines[t][0] for t in group)
    if total > cap:
        live = [t for t in group if lines[t][0] != 0]
        exact = {t: cap * lines[t][0] / total for t in live}
        part = {t: exact[t].quantize(CENT, rounding=ROUND_FLOOR) for t in live}
        left = int((cap - sum(part.values())) / CENT)
        by_remainder = sorted(live, key=lambda t: (-(exact[t] - part[t]), group.index(t)))
        for t in by_remainder[:left]:
            part[t] += CENT
        for t in live:
            lines[t][1] += lines[t][0] - part[t]
            lines[t][0] = part[t]
    for t in group:
        lines[t][0] = -lines[t][0]

    # Outside the cap: 30 % of a saving, or 20 % of an overrun at most 10000.00 (a credit).
    cost = D(m["run_cost"])
    if cost < BASELINE:
        lines["run_cost_share"] = [cents((BASELINE - cost) * 30 / 100), D(0)]
    else:
        pain, forgone = capped(cents((cost - BASELINE) * 20 / 100), D("10000.00"))
        lines["run_cost_share"] = [-pain, forgone]

    csat = m.get("csat")
    lines["csat_bonus"] = [cents(FEE * 2 / 100) if csat is not None and D(csat) >= 9 else D(0), D(0)]
    return lines, shortfalls


def portfolio(portfolio_path, outcomes_path, periods):
    """Every contract of a portfolio of the SLA template, settled for the periods given:
    prints contract,period,charges,credits,net, then the totals."""
    sites = {}
    with open(portfolio_path, newline="") as f:
        for row in csv.DictReader(f):
            sites[row["contract_id"]] = (D(row["fee"]), D(row["baseline"]))
    months = defaultdict(dict)
    with open(outcomes_path, newline="") as f:
        for row in csv.DictReader(f):
            months[(row["contract"], row["period"])][row["metric"]] = row["value"]
    total = [0, D(0), D(0)]
    for key in sorted(months):
        if key[1] not in periods:
            continue
        fee, baseline = sites[key[0]]
        lines, _ = settle(months[key], fee, baseline)
        charges = sum(a for a, _ in lines.values() if a > 0)
        credits = sum(a for a, _ in lines.values() if a < 0)
        print(f"{key[0]},{key[1]},{charges:.2f},{credits:.2f},{charges + credits:.2f}")
        total = [total[0] + 1, total[1] + charges, total[2] + credits]
    print(f"{total[0]} settled,charges {total[1]:.2f},credits {total[2]:.2f},"
          f"net {total[1] + total[2]:.2f}")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--portfolio":
        portfolio(sys.argv[2], sys.argv[3], sys.argv[4:])
        return
    path = sys.argv[1] if len(sys.argv) > 1 else "contracts/portfolio-sla/templates/sla-outcomes.csv"
    months = defaultdict(dict)
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            months[row["period"]][row["metric"]] = row["value"]
    for period in sorted(months):
        lines, shortfalls = settle(months[period])
        for term, (amount, forgone) in lines.items():
            print(f"{period},{term},{amount:.2f},{forgone:.2f}")
        charges = sum(a for a, _ in lines.values() if a > 0)
        credits = sum(a for a, _ in lines.values() if a < 0)
        print(f"{period},charges {charges:.2f},credits {credits:.2f},net {charges + credits:.2f}")
        for metric, term in shortfalls:
            amount, forgone = lines[term]
            print(f"{period},shortfall {metric},{-amount:.2f},{forgone:.2f}")


if __name__ == "__main__":
    main()
