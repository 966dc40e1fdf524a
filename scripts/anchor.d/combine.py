#!/usr/bin/python3
"""combine.py DIR: dma_map_benchmark beside dmabench's map_scaling, from what
scripts/anchor.d/anchor-guest.sh left in DIR (a folder per setting, in it a
folder per repetition rK with mb.txt and db/sums.csv); writes DIR/anchor.json
and DIR/anchor.txt and prints the table.

map_benchmark floors every sample to 100 ns before it sums, and prints the
mean and stddev in microseconds with one decimal (100 ns steps); dmabench
keeps ns.  dmabench's samples floored the map_benchmark way (the guest keeps
their sums) are what is compared, so that the quantisation is not mistaken
for a disagreement.

One run of each tool is one draw of the host's load (under TCG a sample's
time is host wall time), so each tool runs several times, alternating, and a
setting's figure for a tool is the median of its repetitions' means.  The
ratio dmabench / map_benchmark of those medians is "within 10 %" or not; a
bootstrap over the repetitions (each tool's resampled on its own) gives its
95 % interval, from which the verdict says whether the agreement or the
difference is shown at the measured noise or not.
"""
import csv
import json
import math
import random
import re
import statistics
import sys
from pathlib import Path

HEADER_RE = re.compile(r"threads:(\d+) seconds:(\d+) node:(-?\d+) dir:(\w+) granule: (\d+)")
LINE_RE = re.compile(r"average (map|unmap) latency\(us\):([\d.]+) standard deviation:([\d.]+)")
DIRS = {"BIDIRECTIONAL": "bidi", "TO_DEVICE": "to", "FROM_DEVICE": "from"}
AGREEMENT = 0.10
BOOTSTRAP = 4000
OPS = ("map", "unmap")


def parse_map_benchmark(text):
    """The settings and the map/unmap mean and stddev (ns) of the tool's output."""
    head = HEADER_RE.search(text)
    if not head:
        raise ValueError("no 'dma mapping benchmark:' line in dma_map_benchmark's output")
    out = {"threads": int(head[1]), "seconds": int(head[2]), "node": int(head[3]),
           "dir": DIRS[head[4]], "granule": int(head[5])}
    for m in LINE_RE.finditer(text):
        out[m[1]] = {"mean_ns": round(float(m[2]) * 1000, 1),
                     "stddev_ns": round(float(m[3]) * 1000, 1)}
    if "map" not in out or "unmap" not in out:
        raise ValueError("dma_map_benchmark's output lacks the map or unmap line")
    return out


def floored_from_sums(n, sum_units, sum_sq_units):
    """map_benchmark's integer arithmetic on 100 ns units: mean and
    sqrt(mean of squares - mean^2), in ns."""
    mean = sum_units // n
    var = sum_sq_units // n - mean * mean
    return mean * 100.0, math.isqrt(max(var, 0)) * 100.0


def dmabench_sums(path):
    """{op: figures} from the guest's sums.csv (pooled samples of every thread)."""
    out = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            n = int(r["n"])
            if n <= 0:
                raise ValueError(f"{path}: {r['op']} has no samples")
            fmean, fsd = floored_from_sums(n, int(r["sum_100ns"]), int(r["sum_sq_100ns"]))
            out[r["op"]] = {"samples": n, "mean_ns": round(int(r["sum_ns"]) / n, 1),
                            "floored_100ns": {"mean_ns": fmean, "stddev_ns": fsd}}
    missing = [op for op in OPS if op not in out]
    if missing:
        raise ValueError(f"{path}: no {' or '.join(missing)} samples")
    return out


def median_ratio_ci(db, mb, rng):
    """ratio of medians and its 95 % bootstrap interval (each tool's
    repetitions resampled on their own)."""
    ratios = []
    for _ in range(BOOTSTRAP):
        d = statistics.median(rng.choices(db, k=len(db)))
        m = statistics.median(rng.choices(mb, k=len(mb)))
        if m > 0:
            ratios.append(d / m)
    ratios.sort()
    lo = ratios[int(0.025 * (len(ratios) - 1))]
    hi = ratios[int(0.975 * (len(ratios) - 1))]
    return lo, hi


def spread(values):
    """largest distance of a repetition's mean from their median, as a fraction."""
    med = statistics.median(values)
    return max(abs(v - med) for v in values) / med if med else None


def verdict(ratio, lo, hi):
    if lo >= 1 - AGREEMENT and hi <= 1 + AGREEMENT:
        return "agree, shown"
    if abs(ratio - 1) <= AGREEMENT:
        return "agree, not shown at this noise"
    if hi < 1 - AGREEMENT or lo > 1 + AGREEMENT:
        return "differ, shown"
    return "differ, not shown at this noise"


def compare(mb_means, db_means, rng):
    mb_med = statistics.median(mb_means)
    db_med = statistics.median(db_means)
    ratio = db_med / mb_med if mb_med else None
    out = {"ratio_floored": round(ratio, 3) if ratio else None,
           "map_benchmark_resolves_10pct": mb_med >= 1000,
           "within_10pct": (abs(ratio - 1) <= AGREEMENT) if ratio else None,
           "map_benchmark_spread": round(spread(mb_means), 3),
           "dmabench_spread": round(spread(db_means), 3)}
    if ratio:
        lo, hi = median_ratio_ci(db_means, mb_means, rng)
        out.update({"ratio_ci95": [round(lo, 3), round(hi, 3)],
                    "verdict": verdict(ratio, lo, hi)})
    return out


def repetition(folder):
    mb = parse_map_benchmark((folder / "mb.txt").read_text())
    db = dmabench_sums(folder / "db" / "sums.csv")
    return mb, db


def setting(folder, rng):
    reps = sorted((p for p in folder.iterdir() if re.fullmatch(r"r\d+", p.name)),
                  key=lambda p: int(p.name[1:]))
    if not reps:
        raise ValueError(f"{folder}: no repetitions (r1, r2, ..)")
    runs = [repetition(r) for r in reps]
    mb0 = runs[0][0]
    for mb, _ in runs:
        if (mb["threads"], mb["granule"], mb["dir"]) != (mb0["threads"], mb0["granule"], mb0["dir"]):
            raise ValueError(f"{folder}: map_benchmark's settings differ between repetitions")
    name = folder.name.split("_")
    if len(name) == 3 and name[2] != mb0["dir"]:
        raise ValueError(f"{folder}: the setting says dir {name[2]}, map_benchmark ran {mb0['dir']}")
    entry = {"setting": folder.name, "threads": mb0["threads"], "granule": mb0["granule"],
             "dir": mb0["dir"], "repetitions": len(runs),
             "map_benchmark": {"seconds": mb0["seconds"], "dma_bits": 64}, "dmabench": {}}
    for op in OPS:
        mb_means = [mb[op]["mean_ns"] for mb, _ in runs]
        db_means = [db[op]["floored_100ns"]["mean_ns"] for _, db in runs]
        med = statistics.median
        entry["map_benchmark"][op] = {
            "mean_ns": med(mb_means), "stddev_ns": med(mb[op]["stddev_ns"] for mb, _ in runs),
            "repetition_means_ns": mb_means}
        entry["dmabench"][op] = {
            "samples": sum(db[op]["samples"] for _, db in runs),
            "mean_ns": round(med(db[op]["mean_ns"] for _, db in runs), 1),
            "stddev_ns": med(db[op]["floored_100ns"]["stddev_ns"] for _, db in runs),
            "floored_100ns": {"mean_ns": med(db_means),
                              "stddev_ns": med(db[op]["floored_100ns"]["stddev_ns"] for _, db in runs)},
            "repetition_means_ns": db_means}
        entry[op] = compare(mb_means, db_means, rng)
    return entry


def table(entries):
    lines = [f"{'setting':<12} {'op':<5} {'reps':>4} {'map_benchmark ns':>16} {'dmabench ns':>12} "
             f"{'ratio':>6} {'95% interval':>13} {'spread mb/db':>13}  verdict"]
    for e in entries:
        for op in OPS:
            c = e[op]
            lo, hi = c.get("ratio_ci95", [0, 0])
            lines.append(f"{e['setting']:<12} {op:<5} {e['repetitions']:>4} "
                         f"{e['map_benchmark'][op]['mean_ns']:>16.0f} "
                         f"{e['dmabench'][op]['floored_100ns']['mean_ns']:>12.0f} "
                         f"{c['ratio_floored'] or 0:>6.3f} {lo:>6.3f}-{hi:<6.3f} "
                         f"{c['map_benchmark_spread']:>6.2f}/{c['dmabench_spread']:<6.2f}  "
                         f"{'within 10 %' if c['within_10pct'] else 'outside 10 %'}; {c.get('verdict', '')}")
    n = sum(1 for e in entries for op in OPS if e[op]["within_10pct"])
    lines.append(f"{n} of {2 * len(entries)} means within 10 % (ratio of the medians of the repetitions' means)")
    return "\n".join(lines)


def main(argv):
    if len(argv) != 2:
        print("usage: combine.py DIR", file=sys.stderr)
        return 2
    out = Path(argv[1])
    folders = sorted(p for p in out.iterdir() if (p / "r1" / "mb.txt").is_file())
    if not folders:
        print(f"combine.py: no setting folders (with r1/mb.txt) in {out}", file=sys.stderr)
        return 1
    rng = random.Random(11)  # the same input gives the same intervals
    try:
        entries = [setting(f, rng) for f in folders]
    except (ValueError, OSError, KeyError) as e:
        print(f"combine.py: {e}", file=sys.stderr)
        return 1
    doc = {"what": "dmabench map_scaling beside the kernel's dma_map_benchmark, same boot, "
                   "repetitions alternating",
           "kernel": (out / "kernel-release").read_text().strip()
           if (out / "kernel-release").is_file() else None,
           "map_benchmark_units": "100 ns per sample (floored), printed in us with one decimal",
           "figure": "per tool the median of its repetitions' means; dmabench's floored to 100 ns",
           "agreement_threshold": AGREEMENT, "settings": entries}
    (out / "anchor.json").write_text(json.dumps(doc, indent=2) + "\n")
    (out / "anchor.txt").write_text(table(entries) + "\n")
    print(table(entries))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
