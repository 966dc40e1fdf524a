#!/usr/bin/python3
"""Checks scripts/anchor.d/combine.py on hand-made guest output: parsing
dma_map_benchmark's lines, picking dmabench's pooled samples at the right
thread count, map_benchmark's floored arithmetic worked by hand, the JSON
written, and refusals.  TAP on stdout; exit 1 when anything failed."""
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


def write_setting(top, name, mb_text, rows):
    d = top / name / "db"
    d.mkdir(parents=True)
    (top / name / "mb.txt").write_text(mb_text)
    lines = ["test,kind,op,size,dir,threads,entries,cache,batch,sample_index,ns"]
    lines += [",".join(map(str, r)) for r in rows]
    (d / "samples.csv").write_text("\n".join(lines) + "\n")


def rows_for(threads, dirname, op, values, size=16384):
    return [("map_scaling", "streaming", op, size, dirname, threads, "", "", 1, i, v)
            for i, v in enumerate(values)]


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
    mean, sd = combine.floored_100ns([2400 + 3 * i for i in range(100)])
    check("map_benchmark arithmetic worked by hand (2400 ns, 700 ns)",
          (mean, sd) == (2400.0, 700.0), (mean, sd))
    mean, sd = combine.floored_100ns([1234.0, 1299.9, 1200.0])
    check("one 100 ns step: floored mean 1200, stddev 0", (mean, sd) == (1200.0, 0.0), (mean, sd))
    mean, sd = combine.population([1.0, 3.0])
    check("population mean and stddev", (mean, sd) == (2.0, 1.0), (mean, sd))


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
        rows = rows_for(2, "from", "map", [2400 + 3 * i for i in range(100)])
        rows += rows_for(2, "from", "unmap", [1150] * 10)
        # The series' 1-thread step and per-thread items must be left out.
        rows += rows_for(1, "from", "map", [99999] * 5)
        rows += rows_for(2, "from", "map_thread", [88888] * 5)
        write_setting(top, "2_4_from", MB_TEXT, rows)
        run = subprocess.run(["/usr/bin/python3", str(COMBINE), tmp], capture_output=True, text=True)
        check("exits 0 on good input", run.returncode == 0, run.stderr.strip())
        doc = json.loads((top / "anchor.json").read_text())
        s = doc["settings"][0]
        check("anchor.json names the kernel", doc["kernel"] == "6.1.test", doc["kernel"])
        check("only the pooled samples at the tool's thread count",
              s["dmabench"]["map"]["samples"] == 100 and s["dmabench"]["unmap"]["samples"] == 10,
              s["dmabench"])
        check("dmabench mean in ns as measured", s["dmabench"]["map"]["mean_ns"] == 2548.5,
              s["dmabench"]["map"])
        check("ratios: measured 2548.5/2500, floored 2400/2500",
              s["map"]["ratio_dmabench_to_map_benchmark"] == 1.019 and s["map"]["ratio_floored"] == 0.96,
              s["map"])
        check("within 10 % judged on the floored mean", s["map"]["within_10pct"] is True, s["map"])
        check("unmap 1100 floored vs 1200: 0.917, within 10 %",
              s["unmap"]["ratio_floored"] == 0.917 and s["unmap"]["within_10pct"] is True, s["unmap"])
        check("anchor.txt has the setting's two rows",
              (top / "anchor.txt").read_text().count("2_4_from") == 2)
        report_checks(top)

    with tempfile.TemporaryDirectory() as tmp:
        write_setting(Path(tmp), "1_1_to", MB_TEXT.replace("threads:2", "threads:1"),
                      rows_for(1, "to", "map", [1000]) + rows_for(1, "to", "unmap", [1000]))
        run = subprocess.run(["/usr/bin/python3", str(COMBINE), tmp], capture_output=True, text=True)
        check("refuses a direction mismatch between the tools",
              run.returncode != 0 and "dir" in run.stderr, run.stderr.strip()[-200:])
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run(["/usr/bin/python3", str(COMBINE), tmp], capture_output=True, text=True)
        check("refuses a folder without settings", run.returncode == 1, run.stderr.strip())


def main():
    parse_checks()
    floor_checks()
    end_to_end()
    print(f"1..{N}")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
