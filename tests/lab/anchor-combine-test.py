#!/usr/bin/python3
"""Checks scripts/anchor.d/combine.py on hand-made guest output: parsing
dma_map_benchmark's lines, map_benchmark's floored arithmetic worked by hand
on dmabench's sums, the median over repetitions and its bootstrap interval,
the JSON written, and refusals.  TAP on stdout; exit 1 when anything failed."""
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMBINE = ROOT / "scripts/anchor.d/combine.py"
spec = importlib.util.spec_from_file_location("combine", COMBINE)
combine = importlib.util.module_from_spec(spec)
spec.loader.exec_module(combine)

N = 0
FAILED = 0


def check(what, cond, detail=""):
    global N, FAILED
    N += 1
    if cond:
        print(f"ok {N} - anchor combine: {what}")
    else:
        FAILED += 1
        print(f"not ok {N} - anchor combine: {what} # {detail}")


MB_TEXT = ("dma mapping benchmark: threads:2 seconds:3 node:-1 dir:FROM_DEVICE granule: 4\n"
           "average map latency(us):2.5 standard deviation:0.4\n"
           "average unmap latency(us):1.2 standard deviation:0.3\n")


def write_rep(top, name, k, mb_text, sums):
    """Repetition k of a setting: mb.txt and db/sums.csv from {op: [ns samples]}."""
    d = top / name / f"r{k}" / "db"
    d.mkdir(parents=True)
    (top / name / f"r{k}" / "mb.txt").write_text(mb_text)
    lines = ["op,n,sum_ns,sum_100ns,sum_sq_100ns"]
    for op, values in sums.items():
        units = [int(v // 100) for v in values]
        lines.append(f"{op},{len(values)},{int(sum(values))},{sum(units)},{sum(u * u for u in units)}")
    (d / "sums.csv").write_text("\n".join(lines) + "\n")


def mb_text(map_us, unmap_us, head=MB_TEXT.splitlines()[0]):
    return (f"{head}\naverage map latency(us):{map_us} standard deviation:0.4\n"
            f"average unmap latency(us):{unmap_us} standard deviation:0.3\n")


def parse_checks():
    mb = combine.parse_map_benchmark(MB_TEXT)
    check("tool output: threads, seconds, direction, granule",
          (mb["threads"], mb["seconds"], mb["dir"], mb["granule"]) == (2, 3, "from", 4), mb)
    check("tool output: us with one decimal becomes ns",
          mb["map"] == {"mean_ns": 2500.0, "stddev_ns": 400.0} and
          mb["unmap"] == {"mean_ns": 1200.0, "stddev_ns": 300.0}, mb)
    for bad in ("", "open: No such file or directory\n", MB_TEXT.splitlines()[0] + "\n"):
        try:
            combine.parse_map_benchmark(bad)
            check(f"refuses output {bad[:20]!r}", False, "no error")
        except ValueError:
            check(f"refuses output {bad[:20]!r}", True)


def floor_checks():
    # 2400+3i, i < 100: 34 samples in unit 24, 33 in 25, 33 in 26; sum 2499
    # -> integer mean 24; squares 62517 -> 625 - 576 = 49 -> stddev 7 units.
    units = [(2400 + 3 * i) // 100 for i in range(100)]
    mean, sd = combine.floored_from_sums(100, sum(units), sum(u * u for u in units))
    check("map_benchmark arithmetic worked by hand (2400 ns, 700 ns)",
          (mean, sd) == (2400.0, 700.0), (mean, sd))
    mean, sd = combine.floored_from_sums(3, 36, 432)
    check("one 100 ns step: floored mean 1200, stddev 0", (mean, sd) == (1200.0, 0.0), (mean, sd))


def noise_checks():
    import random
    rng = random.Random(1)
    lo, hi = combine.median_ratio_ci([100.0] * 5, [100.0] * 5, rng)
    check("no noise: the interval is the ratio", (lo, hi) == (1.0, 1.0), (lo, hi))
    lo, hi = combine.median_ratio_ci([80.0, 100.0, 120.0, 100.0, 100.0], [100.0] * 5, rng)
    check("noisy repetitions widen the interval", lo < 1.0 < hi and lo >= 0.8 and hi <= 1.2, (lo, hi))
    check("verdicts: shown, not shown, differ",
          (combine.verdict(1.02, 0.95, 1.08), combine.verdict(1.05, 0.8, 1.3),
           combine.verdict(1.5, 1.3, 1.7), combine.verdict(1.2, 0.95, 1.4)) ==
          ("agree, shown", "agree, not shown at this noise", "differ, shown",
           "differ, not shown at this noise"))
    check("spread: largest distance from the median", combine.spread([90.0, 100.0, 130.0]) == 0.3)


def report_checks(top):
    """`dmabench report` reads what combine.py writes (when bench/ is built)."""
    dmabench = ROOT / "bench/dmabench"
    if not dmabench.is_file():
        print("# bench/dmabench not built: dmabench report on combine.py's output not checked")
        return
    run = subprocess.run([str(dmabench), "report", str(top)], capture_output=True, text=True)
    check("dmabench report reads combine.py's anchor.json", run.returncode == 0,
          run.stderr.strip())
    md = (top / "report.md").read_text() if (top / "report.md").is_file() else ""
    check("report.md: both means agree, the setting's rows",
          "2 of 2 means agree within 10 %" in md and md.count("| 2:4:from |") == 2, md[:300])


def end_to_end():
    with tempfile.TemporaryDirectory() as tmp:
        top = Path(tmp)
        (top / "kernel-release").write_text("6.1.test\n")
        # map_benchmark 2.5 us each time; dmabench's repetitions floor to
        # 2400, 2400 and (one slow repetition) 9000 ns: the median is 2400.
        base = [2400 + 3 * i for i in range(100)]
        for k, extra in ((1, 0), (2, 0), (3, 6600)):
            write_rep(top, "2_4_from", k, mb_text(2.5, 1.2),
                      {"map": [v + extra for v in base], "unmap": [1150] * 10})
        run = subprocess.run(["/usr/bin/python3", str(COMBINE), tmp], capture_output=True, text=True)
        check("exits 0 on good input", run.returncode == 0, run.stderr.strip())
        doc = json.loads((top / "anchor.json").read_text())
        s = doc["settings"][0]
        check("anchor.json names the kernel", doc["kernel"] == "6.1.test", doc["kernel"])
        check("three repetitions, samples summed",
              s["repetitions"] == 3 and s["dmabench"]["map"]["samples"] == 300, s["dmabench"]["map"])
        check("each repetition's floored mean kept",
              s["dmabench"]["map"]["repetition_means_ns"] == [2400.0, 2400.0, 9000.0],
              s["dmabench"]["map"])
        check("the median of the repetitions, not their mean: ratio 2400/2500",
              s["dmabench"]["map"]["floored_100ns"]["mean_ns"] == 2400.0 and
              s["map"]["ratio_floored"] == 0.96 and s["map"]["within_10pct"] is True, s["map"])
        check("unmap 1100 floored vs 1200: 0.917, within 10 %",
              s["unmap"]["ratio_floored"] == 0.917 and s["unmap"]["within_10pct"] is True, s["unmap"])
        check("the slow repetition shows in the spread and the interval",
              s["map"]["dmabench_spread"] == 2.75 and s["map"]["ratio_ci95"][1] > 1.1 and
              s["map"]["verdict"] == "agree, not shown at this noise", s["map"])
        txt = (top / "anchor.txt").read_text()
        check("anchor.txt has the setting's two rows and the count",
              txt.count("2_4_from") == 2 and "2 of 2 means within 10 %" in txt, txt)
        report_checks(top)

    with tempfile.TemporaryDirectory() as tmp:
        write_rep(Path(tmp), "1_1_to", 1, mb_text(1.0, 1.0, MB_TEXT.splitlines()[0].replace("threads:2", "threads:1")),
                  {"map": [1000], "unmap": [1000]})
        run = subprocess.run(["/usr/bin/python3", str(COMBINE), tmp], capture_output=True, text=True)
        check("refuses a direction mismatch between the setting and the tool",
              run.returncode != 0 and "dir" in run.stderr, run.stderr.strip()[-200:])
    with tempfile.TemporaryDirectory() as tmp:
        write_rep(Path(tmp), "2_4_from", 1, MB_TEXT, {"map": [1000]})
        run = subprocess.run(["/usr/bin/python3", str(COMBINE), tmp], capture_output=True, text=True)
        check("refuses a repetition without unmap sums",
              run.returncode == 1 and "unmap" in run.stderr, run.stderr.strip()[-200:])
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run(["/usr/bin/python3", str(COMBINE), tmp], capture_output=True, text=True)
        check("refuses a folder without settings", run.returncode == 1, run.stderr.strip())


def main():
    parse_checks()
    floor_checks()
    noise_checks()
    end_to_end()
    print(f"1..{N}")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
