#!/usr/bin/env python3
"""What an analyst would write instead of the crate: the bulk workload of SPEC §8 scored

- vectorised in numpy with float64 (fast, but floats), and
- as a plain loop with Python's decimal (exact, but slow).

Each prints `<peer>: scored N in S s (R entries/s)` and the checksum line of SPEC §8, in the same
form as the crate's `bulk` example, so the checksums can be compared by eye or by script:

    python3 benches/peers/peers.py --n 1000000 --seed 2008 [--peers numpy,decimal] [--decimal-n 100000]

Only the scoring is timed; building the workload is not. The numpy pipeline runs three times and
its best time is reported (its first run pays for fresh pages for every temporary array). The decimal loop is slow, so by default
it scores the first 100 000 entries (`--decimal-n`); its rate is comparable, its checksum is that
of the shorter run (printed with its own N).
"""

import argparse
import sys
import time
from decimal import Decimal

MASK = (1 << 64) - 1

# The reference matrix (SPEC §2), by level number.
IMPACT = [1, 2, 3, 4, 5]
PROBABILITY = [1, 2, 3, 4, 5]
FACTORS = [3, 2, 2, 2, 1, 1]
ABILITY = [0, 4, 8, 12, 16]
THREAT_FLOORS = [0, 1, 8, 16]
NEED_FLOORS = [0, 1, 5, 10]
# need band -> grade: none, green, amber, red
GRADE_OF_NEED_BAND = ["none", "green", "amber", "red"]
HIGH_RISK_BAND = 3


def splitmix64(seed, n):
    state = seed & MASK
    out = []
    for _ in range(n):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        out.append(z ^ (z >> 31))
    return out


def splitmix64_numpy(np, seed, n):
    k = np.arange(1, n + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        state = np.uint64(seed) + k * np.uint64(0x9E3779B97F4A7C15)
        z = state
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def checksum_line(need_sum, counts, high_need):
    return "checksum need_sum=%s red=%d amber=%d green=%d none=%d high_need=%d" % (
        need_sum, counts["red"], counts["amber"], counts["green"], counts["none"], high_need)


def canon(d):
    d = Decimal(d)
    if d == 0:
        return "0"
    text = format(d.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def run_numpy(n, seed):
    import numpy as np
    x = splitmix64_numpy(np, seed, n)
    u = np.uint64
    fields = {
        "impact": ((x >> u(8)) % u(5)).astype(np.int64),
        "probability": ((x >> u(16)) % u(5)).astype(np.int64),
        "weighting": ((x >> u(24)) & u(63)).astype(np.int64),
        "partnership": ((x >> u(32)) % u(21)).astype(np.float64) / 4.0,
        "resources": ((x >> u(40)) % u(21)).astype(np.float64) / 4.0,
        "capability": ((x >> u(48)) % u(5)).astype(np.int64),
        "capacity": ((x >> u(52)) % u(5)).astype(np.int64),
        "measure": ((x >> u(60)) & u(1)).astype(bool),
    }
    impact = np.array(IMPACT, dtype=np.float64)
    probability = np.array(PROBABILITY, dtype=np.float64)
    factor_sums = np.array([sum(f for j, f in enumerate(FACTORS) if m >> j & 1) for m in range(64)],
                           dtype=np.float64)
    ability = np.array(ABILITY, dtype=np.float64)
    threat_floors = np.array(THREAT_FLOORS, dtype=np.float64)
    need_floors = np.array(NEED_FLOORS, dtype=np.float64)

    best = None
    for _ in range(3):
        start = time.perf_counter()
        result = score_numpy(np, fields, impact, probability, factor_sums, ability, threat_floors,
                             need_floors)
        seconds = time.perf_counter() - start
        best = seconds if best is None else min(best, seconds)
    need_sum, grade_counts, high_need_count = result
    counts = {GRADE_OF_NEED_BAND[b]: int(grade_counts[b]) for b in range(4)}
    total = repr(float(need_sum))
    total = total[:-2] if total.endswith(".0") else total
    return best, checksum_line(total, counts, high_need_count)


def score_numpy(np, fields, impact, probability, factor_sums, ability, threat_floors, need_floors):
    risk = impact[fields["impact"]] * probability[fields["probability"]]
    comparator = risk + factor_sums[fields["weighting"]]
    mitigation = fields["partnership"] + fields["resources"]
    threat = np.maximum(0.0, comparator - mitigation)
    abil = np.minimum(ability[fields["capability"]], ability[fields["capacity"]])
    gap = threat - abil
    need = np.maximum(0.0, gap)
    threat_band = np.searchsorted(threat_floors, threat, side="right") - 1
    need_band = np.searchsorted(need_floors, need, side="right") - 1
    high_risk = threat_band >= HIGH_RISK_BAND
    high_need = (need_band == 3) & high_risk & ~fields["measure"]
    need_sum = need.sum()
    grade_counts = np.bincount(need_band, minlength=4)
    high_need_count = int(high_need.sum())
    return need_sum, grade_counts, high_need_count


def run_decimal(n, seed):
    xs = splitmix64(seed, n)
    quarter = Decimal("0.25")
    factor_points = [Decimal(f) for f in FACTORS]
    ability = [Decimal(a) for a in ABILITY]
    threat_floors = [Decimal(f) for f in THREAT_FLOORS]
    need_floors = [Decimal(f) for f in NEED_FLOORS]
    entries = [(
        x % 10, (x >> 8) % 5, (x >> 16) % 5, (x >> 24) & 63,
        Decimal((x >> 32) % 21) * quarter, Decimal((x >> 40) % 21) * quarter,
        (x >> 48) % 5, (x >> 52) % 5, (x >> 60) & 1 == 1) for x in xs]

    start = time.perf_counter()
    need_sum = Decimal(0)
    counts = {"red": 0, "amber": 0, "green": 0, "none": 0}
    high_need = 0
    zero = Decimal(0)
    for (_area, i, p, w, part, res, cap, cty, measure) in entries:
        risk = Decimal(IMPACT[i]) * Decimal(PROBABILITY[p])
        comparator = risk
        for j in range(6):
            if w >> j & 1:
                comparator += factor_points[j]
        threat = max(zero, comparator - (part + res))
        abil = min(ability[cap], ability[cty])
        need = max(zero, threat - abil)
        tb = max(b for b, f in enumerate(threat_floors) if f <= threat)
        nb = max(b for b, f in enumerate(need_floors) if f <= need)
        grade = GRADE_OF_NEED_BAND[nb]
        counts[grade] += 1
        need_sum += need
        if grade == "red" and tb >= HIGH_RISK_BAND and not measure:
            high_need += 1
    seconds = time.perf_counter() - start
    return seconds, checksum_line(canon(need_sum), counts, high_need)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=2008)
    ap.add_argument("--peers", default="numpy,decimal")
    ap.add_argument("--decimal-n", type=int, default=100_000)
    args = ap.parse_args()
    for peer in args.peers.split(","):
        n = args.n if peer == "numpy" else min(args.n, args.decimal_n)
        run = {"numpy": run_numpy, "decimal": run_decimal}[peer]
        seconds, line = run(n, args.seed)
        rate = n / seconds if seconds > 0 else 0.0
        print("%s: scored %d in %.6f s (%.0f entries/s)" % (peer, n, seconds, rate))
        print("%s: %s" % (peer, line))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
