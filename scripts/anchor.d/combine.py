#!/usr/bin/python3
"""combine.py DIR: dma_map_benchmark beside dmabench's map_scaling, from what
scripts/anchor.d/anchor-guest.sh left in DIR (one folder per setting, each
with mb.txt and db/samples.csv); writes DIR/anchor.json and prints a table.

map_benchmark floors every sample to 100 ns before it sums, and prints the
mean and stddev in microseconds with one decimal (100 ns steps); dmabench
keeps ns.  Beside dmabench's own figures, the same samples floored the
map_benchmark way are given, so that the quantisation is not mistaken for
a disagreement.  A mean is "resolved" when 100 ns is at most a tenth of it.
"""
import csv
import json
import math
import re
import sys
from pathlib import Path

HEADER_RE = re.compile(r"threads:(\d+) seconds:(\d+) node:(-?\d+) dir:(\w+) granule: (\d+)")
LINE_RE = re.compile(r"average (map|unmap) latency\(us\):([\d.]+) standard deviation:([\d.]+)")
DIRS = {"BIDIRECTIONAL": "bidi", "TO_DEVICE": "to", "FROM_DEVICE": "from"}
AGREEMENT = 0.10


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


def population(values):
    """mean and population stddev, map_benchmark's formulas."""
    n = len(values)
    mean = sum(values) / n
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / n)


def floored_100ns(values):
    """map_benchmark's figures for these samples: each floored to 100 ns,
    mean and sqrt(mean of squares - mean^2) in whole 100 ns units."""
    units = [int(v // 100) for v in values]
    n = len(units)
    mean = sum(units) // n
    var = sum(u * u for u in units) // n - mean * mean
    return mean * 100.0, math.isqrt(max(var, 0)) * 100.0


def dmabench_samples(csv_path, op, threads):
    """The pooled samples (ns) of map_scaling's OP at THREADS threads."""
    with open(csv_path, newline="") as f:
        rows = [r for r in csv.DictReader(f)
                if r["test"] == "map_scaling" and r["op"] == op and int(r["threads"]) == threads]
    if not rows:
        raise ValueError(f"{csv_path}: no map_scaling {op} samples at {threads} threads")
    return [float(r["ns"]) for r in rows], rows[0]["dir"], int(rows[0]["size"])


def compare(mb, db):
    """dmabench's mean over map_benchmark's, as measured and with dmabench's
    samples floored the same way; agreement is judged on the latter."""
    ratio = db["mean_ns"] / mb["mean_ns"] if mb["mean_ns"] else None
    floored = db["floored_100ns"]["mean_ns"] / mb["mean_ns"] if mb["mean_ns"] else None
    return {"ratio_dmabench_to_map_benchmark": round(ratio, 3) if ratio else None,
            "ratio_floored": round(floored, 3) if floored else None,
            "map_benchmark_resolves_10pct": mb["mean_ns"] >= 1000,
            "within_10pct": (abs(floored - 1) <= AGREEMENT) if floored else None}


def setting(folder):
    mb = parse_map_benchmark((folder / "mb.txt").read_text())
    entry = {"setting": folder.name, "threads": mb["threads"], "granule": mb["granule"],
             "dir": mb["dir"], "map_benchmark": {"seconds": mb["seconds"], "dma_bits": 64},
             "dmabench": {}}
    for op in ("map", "unmap"):
        values, dirname, size = dmabench_samples(folder / "db" / "samples.csv", op, mb["threads"])
        if dirname != mb["dir"]:
            raise ValueError(f"{folder}: dmabench ran dir {dirname}, map_benchmark {mb['dir']}")
        mean, sd = population(values)
        fmean, fsd = floored_100ns(values)
        entry["size"] = size
        entry["map_benchmark"][op] = mb[op]
        entry["dmabench"][op] = {"samples": len(values), "mean_ns": round(mean, 1),
                                 "stddev_ns": round(sd, 1),
                                 "floored_100ns": {"mean_ns": fmean, "stddev_ns": fsd}}
        entry[op] = compare(mb[op], entry["dmabench"][op])
    return entry


def table(entries):
    lines = [f"{'setting':<14} {'op':<5} {'map_benchmark ns':>20} {'dmabench ns':>20} "
             f"{'dmabench floored':>20} {'ratio':>6} {'floored':>7}  within 10%"]
    for e in entries:
        for op in ("map", "unmap"):
            mb, db = e["map_benchmark"][op], e["dmabench"][op]
            fl = db["floored_100ns"]
            c = e[op]
            verdict = ("yes" if c["within_10pct"] else "no") + \
                ("" if c["map_benchmark_resolves_10pct"] else " (below 1 us: 100 ns steps)")
            lines.append(f"{e['setting']:<14} {op:<5} "
                         f"{mb['mean_ns']:>10.0f} ±{mb['stddev_ns']:<8.0f} "
                         f"{db['mean_ns']:>10.0f} ±{db['stddev_ns']:<8.0f} "
                         f"{fl['mean_ns']:>10.0f} ±{fl['stddev_ns']:<8.0f} "
                         f"{c['ratio_dmabench_to_map_benchmark'] or 0:>6.3f} {c['ratio_floored'] or 0:>7.3f}  {verdict}")
    return "\n".join(lines)


def main(argv):
    if len(argv) != 2:
        print("usage: combine.py DIR", file=sys.stderr)
        return 2
    out = Path(argv[1])
    folders = sorted(p for p in out.iterdir() if (p / "mb.txt").is_file())
    if not folders:
        print(f"combine.py: no setting folders (with mb.txt) in {out}", file=sys.stderr)
        return 1
    entries = [setting(f) for f in folders]
    doc = {"what": "dmabench map_scaling beside the kernel's dma_map_benchmark, same boot",
           "kernel": (out / "kernel-release").read_text().strip()
           if (out / "kernel-release").is_file() else None,
           "map_benchmark_units": "100 ns per sample (floored), printed in us with one decimal",
           "agreement_threshold": AGREEMENT, "settings": entries}
    (out / "anchor.json").write_text(json.dumps(doc, indent=2) + "\n")
    (out / "anchor.txt").write_text(table(entries) + "\n")
    print(table(entries))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
