#!/usr/bin/env python3
"""Start-up time and memory of a Tauri app window, measured from outside.

For each run: start the app, time until it prints its ready mark on stderr (the page has
painted its first frame with data), wait for things to settle, then add up the
proportional set size (Pss, from /proc/PID/smaps_rollup, so shared libraries count once)
of the app and every process it started (WebKit's web and network processes), and stop it.
Run under a display, e.g. `xvfb-run -a python3 bench/startup.py --app target/release/outreach-desk`.
"""
import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time

READY = re.compile(rb"ready ")
# The page's own marks in the ready line: "page navigation at N ms; script +N, mounted +N, frame +N, painted +N ms".
MARK = re.compile(rb"(navigation at|script|mounted|frame|painted) \+?(-?[0-9.]+)")


def children(pid):
    kids = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
            ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
            kids.setdefault(ppid, []).append(int(entry))
        except (OSError, ValueError):
            pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def one_run(cmd, settle):
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    ready = None
    marks = {}
    deadline = t0 + 60
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        if READY.search(line):
            ready = time.monotonic() - t0
            marks = {k.decode().split()[0]: float(v) for k, v in MARK.findall(line)}
            break
    if ready is None:
        os.killpg(proc.pid, signal.SIGKILL)
        raise SystemExit(f"no ready mark from {' '.join(cmd)}")
    time.sleep(settle)
    pids = children(proc.pid)
    mem = sum(pss_kib(p) for p in pids)
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    one_run.marks = marks
    return ready, mem, len(pids)


def phases(marks_list):
    """Medians of the page's marks over the runs: navigation (ms after process start), then each mark (ms after navigation)."""
    keys = [k for k in ("navigation", "script", "mounted", "frame", "painted") if all(k in m for m in marks_list)]
    return ", ".join(f"{k} {'' if k == 'navigation' else '+'}{statistics.median(m[k] for m in marks_list):.0f}" for k in keys)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--app", required=True)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--settle", type=float, default=2.0, help="seconds to wait after the ready mark before reading memory")
    ap.add_argument("--data-dir", action="store_true", help="pass a temporary --data-dir (Outreach Desk)")
    ap.add_argument("--vs", metavar="FLOOR_APP", help="alternate runs with this app (the floor) and report ratios pair by pair")
    ap.add_argument("--also", metavar="APP", action="append", default=[],
                    help="with --vs: another app (no arguments) in the same alternation, reported against the floor too")
    ap.add_argument("args", nargs="*")
    a = ap.parse_args()
    cmd = [a.app, *a.args]
    if a.data_dir:
        cmd += ["--data-dir", tempfile.mkdtemp(prefix="outreach-bench-")]
    if a.vs:
        return paired([cmd, *([x] for x in a.also)], [a.vs], a.runs, a.settle)
    one_run(cmd, 0.5)  # warm-up: page cache, and the store's first open and seeding
    times, mems, marks = [], [], []
    for _ in range(a.runs):
        t, m, n = one_run(cmd, a.settle)
        marks.append(one_run.marks)
        times.append(t * 1000)
        mems.append(m / 1024)
        print(f"  ready {t*1000:7.1f} ms   memory {m/1024:7.1f} MB in {n} processes", file=sys.stderr)
    print(f"{os.path.basename(a.app)}: start to ready median {statistics.median(times):.0f} ms "
          f"(min {min(times):.0f}, max {max(times):.0f}); memory (Pss, all processes) median "
          f"{statistics.median(mems):.0f} MB (min {min(mems):.0f}, max {max(mems):.0f}); {a.runs} runs")
    print(f"  page marks, median ms: {phases(marks)}")


def paired(apps, floor, runs, settle):
    """Each app and the floor in turn (A [C ...] B, A [C ...] B, ...), so drift in the machine's speed hits all."""
    for cmd in [*apps, floor]:
        one_run(cmd, 0.5)
    name = lambda cmd: os.path.basename(cmd[0])
    rows = {i: [] for i in range(len(apps))}
    marks = {i: [] for i in range(len(apps) + 1)}
    for _ in range(runs):
        got = []
        for i, cmd in enumerate([*apps, floor]):
            t, m, _ = one_run(cmd, settle)
            marks[i].append(one_run.marks)
            got.append((t * 1000, m / 1024))
        tb, mb = got[-1]
        for i in rows:
            rows[i].append((got[i][0], tb, got[i][1], mb))
        print("  " + "   ".join(f"{name(c)} {t:7.1f} ms {m:6.1f} MB" for c, (t, m) in zip([*apps, floor], got)), file=sys.stderr)
    med = lambda xs: statistics.median(xs)
    for i, cmd in enumerate(apps):
        r = rows[i]
        print(f"{name(cmd)} vs {name(floor)}, {runs} pairs: "
              f"start to ready median {med([x[0] for x in r]):.0f} ms vs {med([x[1] for x in r]):.0f} ms, "
              f"ratio median {med([x[0] / x[1] for x in r]):.2f}x; "
              f"memory (Pss, all processes) median {med([x[2] for x in r]):.0f} MB vs {med([x[3] for x in r]):.0f} MB, "
              f"ratio median {med([x[2] / x[3] for x in r]):.2f}x")
    print("  page marks, median ms: " + "; ".join(f"{name(c)}: {phases(marks[i])}" for i, c in enumerate([*apps, floor])))

if __name__ == "__main__":
    main()
