#!/usr/bin/python3
"""check-results.py RESULTS_JSON PRESET: a quick-suite run against its schema
and against what issues 3 and 5 promise, as TAP lines (no plan; the caller numbers
them).  Exits 1 when a check failed.  Uses Debian's python3-jsonschema."""
import json
import pathlib
import sys

import jsonschema

SCHEMA = pathlib.Path(__file__).resolve().parents[2] / "bench" / "results.schema.json"
KINDS = ["coherent", "streaming", "wc", "uc", "noncoherent"]
# verify also pins user memory (USERPTR) and checks it through the user's mapping.
VERIFY_KINDS = KINDS + ["userptr"]
# The kernel-side ops each kind must have in a quick run (DESIGN.md's table).
KERNEL_OPS = {
    "coherent": {("alloc_free", "alloc"), ("kernel_access", "kread")},
    "streaming": {("alloc_free", "alloc"), ("map_sg", "map"), ("map_single", "map"),
                  ("map_page", "map"), ("sync", "sync_for_cpu"), ("sync", "sync_for_device"),
                  ("kernel_access", "kread"), ("sg_iter", "sg_iter_page"),
                  ("sg_iter", "sg_iter_dma")},
    "wc": {("alloc_free", "alloc"), ("map_sg", "map"), ("caching", "set_wc"),
           ("caching", "set_memory_wc"), ("move", "switch_to_wc"), ("kernel_access", "kread")},
    "uc": {("alloc_free", "alloc"), ("map_sg", "map"), ("caching", "set_uc"),
           ("caching", "set_memory_uc"), ("move", "switch_to_uc"), ("kernel_access", "kread")},
    "noncoherent": {("alloc_free", "alloc"), ("sync", "sync_for_cpu"),
                    ("kernel_access", "kread")},
}
USER_OPS = {"read", "write", "copy_in", "copy_out", "nt_store", "stream_load", "random64"}
# device_transfer (issue 5): the hand-over each kind makes around a transfer.
HANDOVER = {"coherent": set(), "streaming": {"map", "unmap"}, "wc": {"map", "unmap"},
            "uc": {"map", "unmap"}, "noncoherent": {"sync_for_device", "sync_for_cpu"}}
DT_LENGTHS = {64, 4095}     # the quick suite's: the two ends of edu's reach

failed = 0


def check(what, ok, detail=""):
    global failed
    if ok:
        print(f"ok - {what}")
    else:
        failed += 1
        print(f"not ok - {what}" + (f" # {detail}" if detail else ""))


def main():
    path, preset = sys.argv[1], sys.argv[2]
    try:
        doc = json.loads(pathlib.Path(path).read_text())
    except (OSError, ValueError) as e:
        check(f"{preset}: run --suite quick wrote a readable results.json", False, str(e))
        return
    schema = json.loads(SCHEMA.read_text())
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=str)
    check(f"{preset}: results.json matches bench/results.schema.json", not errors,
          "; ".join(f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors[:3]))
    check(f"{preset}: the run is complete with no errors",
          doc.get("complete") is True and not doc.get("errors"),
          f"complete {doc.get('complete')}, errors {doc.get('errors', [])[:2]}")
    items = doc.get("results", [])
    have = {(i.get("kind"), i.get("test"), i.get("op")) for i in items}
    # What the machine cannot do (arm64: no SSE4.1 non-temporal access, no
    # set_pages_array_*) is skipped with a reason instead: (test, op).
    skipped = {(s.get("test"), (s.get("what") or "?").split()[0])
               for s in doc.get("skipped", []) if s.get("why")}
    # One skip stands for the whole caching test (set_wc and set_uc, and the
    # range form's set_memory_wc and set_memory_uc).
    if doc.get("platform", {}).get("info", {}).get("set_pages_array") is False and \
            any(t == "caching" for t, _ in skipped):
        skipped |= {("caching", "set_wc"), ("caching", "set_uc"),
                    ("caching", "set_memory_wc"), ("caching", "set_memory_uc")}
    check(f"{preset}: the empty op (timing floor) in the module and in user space",
          (None, "empty", "empty") in have and (None, "empty", "clock_gettime") in have
          and doc.get("floor") is not None)
    for kind in KINDS:
        missing = sorted(f"{t}/{o}" for t, o in KERNEL_OPS[kind]
                         if (kind, t, o) not in have and (t, o) not in skipped)
        check(f"{preset}: {kind}: kernel-side ops that apply to it", not missing,
              "missing " + ", ".join(missing))
        ops = {i["op"] for i in items if i.get("kind") == kind and i.get("test") == "user_access"
               and i.get("gbps", 0) > 0}
        missing = {o for o in USER_OPS - ops if ("user_access", o) not in skipped}
        check(f"{preset}: {kind}: user-side bandwidth items (GB/s) for every access",
              not missing, "missing " + ", ".join(sorted(missing)))
    base = {i["op"] for i in items if i.get("kind") == "cached" and i.get("test") == "baseline"}
    missing = {o for o in USER_OPS - base if ("baseline", o) not in skipped}
    check(f"{preset}: the cached-memory baseline for every access", not missing,
          "missing " + ", ".join(sorted(missing)))
    threads = {i["threads"] for i in items if i.get("test") == "map_scaling" and i.get("op") == "map"}
    check(f"{preset}: a thread-scaling series (map/unmap, 1..N threads)",
          1 in threads and len(threads) >= 2, f"threads {sorted(threads)}")
    userptr_checks(preset, items)
    device_transfer_checks(doc, preset, items)
    verify_checks(doc, preset)
    stopping_checks(doc, preset, items)
    if preset in ("swiotlb", "arm64"):
        info = doc.get("platform", {}).get("info", {})
        check(f"{preset}: the platform says streaming DMA is not coherent here",
              info.get("streaming_coherent") is False and info.get("dma_need_sync") is True,
              f"streaming_coherent {info.get('streaming_coherent')}")


# The userptr test's rows: kind "userptr", and each pair's halves on each
# memory, which the row's note names first (the verdict reads it there).
USERPTR_MEMORY = ("anonymous, MADV_NOHUGEPAGE", "anonymous, MADV_HUGEPAGE", "memfd (shmem)")
USERPTR_OPS = ("pin", "unpin", "sgt_build", "sgt_free", "map", "unmap")


def userptr_checks(preset, items):
    rows = [i for i in items if i.get("test") == "userptr"]
    if not rows:
        check(f"{preset}: userptr rows (the quick suite runs the userptr test)", False, "none")
        return
    check(f"{preset}: userptr rows say kind userptr", all(i.get("kind") == "userptr" for i in rows),
          f"{len(rows)} rows, kinds {sorted({str(i.get('kind')) for i in rows})}")
    missing = [f"{o} on {m}" for m in USERPTR_MEMORY for o in USERPTR_OPS
               if not any(i.get("op") == o and (i.get("note") or "").split(";")[0] == m for i in rows)]
    check(f"{preset}: userptr: every op on every memory, the memory named in the row's note",
          not missing, "missing " + ", ".join(missing[:4]))


def dt_missing(items, kind):
    """The device_transfer rows @kind lacks, as "dir/op@length"."""
    have = {(i.get("dir"), i.get("op"), i.get("size")) for i in items
            if i.get("test") == "device_transfer" and i.get("kind") == kind}
    missing = []
    for d, cpu in (("to", "cpu_write"), ("from", "cpu_read")):
        for op in sorted({cpu, "device_dma", "total", "host_side"} | HANDOVER[kind]):
            missing += [f"{d}/{op}@{n}" for n in sorted(DT_LENGTHS) if (d, op, n) not in have]
    return missing


def device_transfer_checks(doc, preset, items):
    """Where the run's device has edu's DMA engine, every kind's transfer end
    to end (the data is checked by the harness: a mismatch is an error);
    elsewhere a skip that says why."""
    device = doc.get("platform", {}).get("info", {}).get("device", {}) or {}
    if device.get("kind") != "edu":
        why = [s.get("why") for s in doc.get("skipped", [])
               if s.get("test") == "device_transfer" and s.get("why")]
        check(f"{preset}: device_transfer skipped with a reason on a device "
              f"without a DMA engine ({device.get('kind')})", bool(why))
        return
    for kind in KINDS:
        missing = dt_missing(items, kind)
        check(f"{preset}: device_transfer: {kind}: every phase, the total and the host "
              f"side, both directions, {' and '.join(map(str, sorted(DT_LENGTHS)))} bytes",
              not missing, "missing " + ", ".join(missing[:6]))


def verify_checks(doc, preset):
    """The device's own answer (issue 5): results.json's "verify" where the
    device has edu's DMA engine, a reasoned skip elsewhere.  Stale data
    without the sync only where streaming mappings bounce (swiotlb)."""
    info = doc.get("platform", {}).get("info", {})
    device = info.get("device", {}) or {}
    if device.get("kind") != "edu":
        why = [s.get("why") for s in doc.get("skipped", [])
               if s.get("test") == "verify" and s.get("why")]
        check(f"{preset}: verify skipped with a reason on a device without a DMA "
              f"engine ({device.get('kind')})", bool(why))
        return
    v = doc.get("verify")
    check(f"{preset}: results.json has the device's own answer (\"verify\")",
          isinstance(v, dict), f"verify is {type(v).__name__}")
    if not isinstance(v, dict):
        return
    kinds = v.get("kinds", {})
    bad = [k for k in VERIFY_KINDS if kinds.get(k, {}).get("roundtrip") != "ok"]
    check(f"{preset}: verify: a round trip ok in every kind", not bad,
          "not ok: " + ", ".join(bad))
    check(f"{preset}: verify: coherent has no stale_without_sync (needs no sync)",
          "stale_without_sync" not in kinds.get("coherent", {}))
    bounces = preset.split("@")[0] == "swiotlb"
    stale = {k: kinds.get(k, {}).get("stale_without_sync") for k in VERIFY_KINDS[1:]}
    want = {k: bounces and k != "noncoherent" for k in VERIFY_KINDS[1:]}
    check(f"{preset}: verify: stale data without sync {'in streaming, wc, uc and userptr only' if bounces else 'nowhere'}",
          stale == want, f"got {stale}")
    check(f"{preset}: verify: streaming_coherent_observed is {str(not bounces).lower()}",
          v.get("streaming_coherent_observed") is (not bounces),
          f"got {v.get('streaming_coherent_observed')}")
    check(f"{preset}: verify agrees with the DMA API's prediction (platform.info.streaming_coherent)",
          v.get("streaming_coherent_observed") == info.get("streaming_coherent"),
          f"observed {v.get('streaming_coherent_observed')}, predicted {info.get('streaming_coherent')}")


def stopping_checks(doc, preset, items):
    """Issue 12's stopping rule: every row says whether it met its stability
    criterion and what stopped it; min_samples is a floor only the hard time
    cap (which says so) or a set count can undercut; no p99 from n < 100."""
    floor = doc.get("method", {}).get("min_samples") or 1
    unsaid = [i for i in items if not isinstance(i.get("stable"), bool) or "stopped" not in i]
    check(f"{preset}: every row records stable and stopped", not unsaid,
          f"{len(unsaid)} rows without, e.g. {unsaid[0].get('test')} {unsaid[0].get('op')}"
          if unsaid else "")
    short = [i for i in items if i["stats"]["n"] < floor
             and i.get("stopped") not in ("time_cap", "fixed", "interrupted")]
    check(f"{preset}: n below min_samples ({floor}) only where the time cap says so", not short,
          ", ".join(f"{i['test']} {i['op']} n {i['stats']['n']} ({i.get('stopped')})"
                    for i in short[:4]))
    bad = [i for i in items if (i["stats"]["n"] < 100) != (i["stats"].get("p99") is None)]
    check(f"{preset}: p99 exactly where n >= 100", not bad,
          ", ".join(f"{i['test']} {i['op']} n {i['stats']['n']}" for i in bad[:4]))


if __name__ == "__main__":
    main()
    sys.exit(1 if failed else 0)
