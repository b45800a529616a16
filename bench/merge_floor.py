#!/usr/bin/env python3
"""Benchmark (not a test): a bundle merge against SQLite's own floor for the same calls.

Issue 13's figure is the merge of a 100,000-call bundle (bench/merge_bundle.py) into a store
of 1,000,000 calls, within 1 s. This runs, in turn, each on a fresh copy of the store:
- `outreach bundle import BUNDLE`, the whole process (wall and CPU time);
- the floor: the bundle's new calls only, written by SQLite alone (Python's sqlite3) into the
  store's `calls` table with the indexes the app's queries need and the city foreign key, in
  id order, one transaction, the commit and the WAL's checkpoint included; no parsing or
  checking of the bundle (the rows are staged before the clock starts), no summary triggers
  (dropped first: the merge holds them off and refreshes each city once), no journal for undo,
  no responses, status changes or undos. Timed inside the process (wall and CPU).
What the floor takes is the part of the merge no code of ours can make cheaper without
changing the schema of calls.

    python3 bench/merge_floor.py --outreach target/release/outreach --store DIR --bundle calls-100000.json --runs 5

DIR: a data folder at this build's schema (copied for each run, not changed).
"""
import argparse
import json
import os
import shutil
import sqlite3
import statistics
import tempfile
import time

from merge_cpu import timed

COLUMNS = ("id", "city_id", "contact_id", "channel", "outcome", "notes", "volunteer", "called_at", "created_at", "undone_at")


def floor(store, calls):
    conn = sqlite3.connect(os.path.join(store, "outreach.db"), isolation_level=None)
    # The merge's own settings (core/src/store): foreign keys, WAL with normal sync, its bulk page cache.
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -131072")
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'calls'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute(f"CREATE TEMP TABLE staging ({', '.join(COLUMNS)})")
    conn.executemany(f"INSERT INTO staging VALUES ({', '.join('?' * len(COLUMNS))})",
                     [tuple(c.get(k) for k in COLUMNS) for c in calls])
    wall, cpu = time.perf_counter(), time.process_time()
    conn.execute("BEGIN")
    conn.execute(f"INSERT INTO calls ({', '.join(COLUMNS)}) SELECT {', '.join(COLUMNS)} FROM staging "
                 "WHERE id NOT IN (SELECT id FROM calls) ORDER BY id")
    written = conn.execute("SELECT changes()").fetchone()[0]
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - wall, time.process_time() - cpu, written


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--outreach", default="target/release/outreach")
    ap.add_argument("--store", required=True)
    ap.add_argument("--bundle", required=True)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    with open(a.bundle, encoding="utf-8") as f:
        calls = json.load(f)["payload"]["calls"]
    root = tempfile.mkdtemp(prefix="outreach-merge-floor-")
    got = {"outreach bundle import": [], "SQLite: the new calls alone": []}
    written = None
    try:
        for r in range(a.runs):
            for k in got:
                d = os.path.join(root, f"run-{r}")
                shutil.rmtree(d, ignore_errors=True)
                shutil.copytree(a.store, d)
                if k == "outreach bundle import":
                    got[k].append(timed([a.outreach, "--data-dir", d, "bundle", "import", a.bundle])[:2])
                else:
                    wall, cpu, written = floor(d, calls)
                    got[k].append((wall, cpu))
                shutil.rmtree(d)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"{os.path.basename(a.bundle)}: {len(calls):,} calls in the bundle, {written:,} new; {a.runs} runs each, in turn; medians:")
    for k, v in got.items():
        print(f"  {k:28} wall {statistics.median(w for w, _ in v) * 1000:6.0f} ms  CPU {statistics.median(c for _, c in v) * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
