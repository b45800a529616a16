#!/usr/bin/env python3
"""Bundle merge, two builds side by side: wall time, CPU time and peak memory of
`outreach bundle import`, alternating A and B in one run (each on a fresh copy of its own
store), then the same bundle again (every row known). Medians and the A/B ratios.

    python3 bench/merge_cpu.py --a target/release/outreach --a-store DIR \
        --b OLD/outreach --b-store OLD_DIR --bundle calls-100000.json --pairs 3

The stores are data folders (made by `outreach generate`, or by bench/exchange.py); each
side's store should be the same data at that build's schema. Run with no build going on.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time


def timed(cmd, stdin=None):
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one command (`stdin`: bytes it reads)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=None if stdin is None else subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if stdin is not None:
        proc.stdin.write(stdin)
        proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{cmd} failed: {err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--a", required=True)
    ap.add_argument("--a-store", required=True)
    ap.add_argument("--b", required=True)
    ap.add_argument("--b-store", required=True)
    ap.add_argument("--bundle", required=True)
    ap.add_argument("--pairs", type=int, default=3)
    a = ap.parse_args()
    sides = [("A", a.a, a.a_store), ("B", a.b, a.b_store)]
    first = {"A": [], "B": []}
    again = {"A": [], "B": []}
    root = tempfile.mkdtemp(prefix="outreach-merge-")
    try:
        for p in range(a.pairs):
            for name, binary, store in sides:
                d = os.path.join(root, f"{name}-{p}")
                shutil.copytree(store, d)
                subprocess.run(["sync"])
                first[name].append(timed([binary, "--data-dir", d, "bundle", "import", a.bundle]))
                again[name].append(timed([binary, "--data-dir", d, "bundle", "import", a.bundle]))
                shutil.rmtree(d)
        for label, runs in (("merge", first), ("merge again (all known)", again)):
            med = {}
            for name, binary, _ in sides:
                w = statistics.median(r[0] for r in runs[name])
                c = statistics.median(r[1] for r in runs[name])
                m = max(r[2] for r in runs[name])
                med[name] = (w, c)
                print(f"{label}: {name} ({binary}) wall {w * 1000:.0f} ms, cpu {c * 1000:.0f} ms, peak {m:.0f} MB"
                      f"  (walls {', '.join(f'{r[0]:.2f}' for r in runs[name])})")
            print(f"  {label} A/B: wall {med['A'][0] / med['B'][0]:.2f}, cpu {med['A'][1] / med['B'][1]:.2f}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
