#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write synthetic runs for timing `dmabench report` and `compare`.

usage: gen-results.py TEMPLATE_RUN_DIR OUT_DIR ITEMS [RUNS]

Each run is TEMPLATE's results.json with its items repeated until there are
ITEMS of them: copy k of an item has its size grown by k pages (so every
key is new and every chart gets more points), and one item in eight is
also written twice (so the occurrence numbering has work).  RUNS > 1
writes RUNS folders OUT_DIR/run-<i>, the same items with the figures
scaled per run, for `compare`.  The figures are made up; only the shape
of the files is real.
"""
import copy
import json
import pathlib
import random
import sys


def scaled(stats, f):
    return {k: (v * f if isinstance(v, float) and k != "n" else v)
            for k, v in stats.items()}


def make_run(template, items, factor, rng):
    doc = copy.deepcopy(template)
    base = template["results"]
    out = []
    k = 0
    while len(out) < items:
        for it in base:
            if len(out) >= items:
                break
            new = copy.deepcopy(it)
            if k and new.get("size"):
                new["size"] = new["size"] + 4096 * k
            if isinstance(new.get("stats"), dict):
                new["stats"] = scaled(new["stats"], factor * rng.uniform(0.97, 1.03))
            out.append(new)
            if len(out) < items and len(out) % 8 == 0:
                out.append(copy.deepcopy(new))
        k += 1
    doc["results"] = out
    return doc


def main():
    tdir, out, items = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    template = json.loads((tdir / "results.json").read_text())
    rng = random.Random(10)
    dirs = [out] if runs == 1 else [out / f"run-{i}" for i in range(runs)]
    for i, d in enumerate(dirs):
        doc = make_run(template, items, 1.0 + 0.05 * i, rng)
        doc["platform"]["preset"] = f"gen{i}"
        d.mkdir(parents=True, exist_ok=True)
        (d / "results.json").write_text(json.dumps(doc))


if __name__ == "__main__":
    main()
