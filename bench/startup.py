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
    deadline = t0 + 60
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        if READY.search(line):
            ready = time.monotonic() - t0
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
    return ready, mem, len(pids)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--app", required=True)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--settle", type=float, default=2.0, help="seconds to wait after the ready mark before reading memory")
    ap.add_argument("--data-dir", action="store_true", help="pass a temporary --data-dir (Outreach Desk)")
    ap.add_argument("args", nargs="*")
    a = ap.parse_args()
    cmd = [a.app, *a.args]
    if a.data_dir:
        cmd += ["--data-dir", tempfile.mkdtemp(prefix="outreach-bench-")]
    one_run(cmd, 0.5)  # warm-up: page cache, and the store's first open and seeding
    times, mems = [], []
    for _ in range(a.runs):
        t, m, n = one_run(cmd, a.settle)
        times.append(t * 1000)
        mems.append(m / 1024)
        print(f"  ready {t*1000:7.1f} ms   memory {m/1024:7.1f} MB in {n} processes", file=sys.stderr)
    print(f"{os.path.basename(a.app)}: start to ready median {statistics.median(times):.0f} ms "
          f"(min {min(times):.0f}, max {max(times):.0f}); memory (Pss, all processes) median "
          f"{statistics.median(mems):.0f} MB (min {min(mems):.0f}, max {max(mems):.0f}); {a.runs} runs")


if __name__ == "__main__":
    main()
