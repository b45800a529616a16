#!/usr/bin/env python3
"""Benchmarks of issue 5 (not tests): whole `outreach` commands, wall time.

1. Importing a 20,000-row contact CSV (`outreach import contacts`), against `sqlite3`'s own
   `.import` of the same file into an empty table.
2. Merging a bundle of 100,000 calls into a store that has 1,000,000 calls
   (`outreach bundle import`), and merging it again (all duplicates).

Usage: python3 bench/exchange.py [--outreach target/release/outreach] [--runs 3] [--vs OTHER]
The big stores are generated here with SQL inserts; nothing is committed. With `--vs OTHER`
(another build of `outreach`, e.g. an older commit's), each measurement runs both binaries
alternately in the same run, each on stores it made itself, and prints the ratio.
"""
import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)


def timed(cmd, **kw):
    s = time.perf_counter()
    run(cmd, **kw)
    return time.perf_counter() - s


def sql(db, script):
    subprocess.run(["sqlite3", db], input=script, text=True, check=True, stdout=subprocess.DEVNULL)


def fmt(ts):
    return f"median {statistics.median(ts) * 1000:.0f} ms (min {min(ts) * 1000:.0f}, max {max(ts) * 1000:.0f}, {len(ts)} runs)"


def targets(outreach, data):
    out = subprocess.run([outreach, "--data-dir", data, "cities", "--json"], check=True, capture_output=True, text=True)
    import json

    return [(c["city"], c["state"]) for c in json.loads(out.stdout) if c["kind"] in ("city", "city_county")]


def make_csv(path, cities, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "email", "phone", "bio_url", "img_url", "city", "state", "population", "city_site_url", "next_election", "role"])
        for i in range(rows):
            city, state = cities[i % len(cities)]
            w.writerow([
                f"Staffer {i}", f"staff{i}@example.gov", f"503-555-{i % 10000:04d}",
                f"https://www.usmayors.org/mayors/{i}/", "", city, state, 100000 + i,
                "https://www.example.gov", "2028-11-07", f"Staff {i}",
            ])


def bench_import(binaries, runs, root):
    path = os.path.join(root, "contacts-20000.csv")
    make_csv(path, targets(binaries[0], os.path.join(root, "seed-0")), 20000)
    size = os.path.getsize(path)
    times = [[] for _ in binaries]
    theirs = []
    for r in range(runs):
        for b, outreach in enumerate(binaries):
            d = os.path.join(root, f"import-{b}-{r}")
            shutil.copytree(os.path.join(root, f"seed-{b}"), d)
            times[b].append(timed([outreach, "--data-dir", d, "import", "contacts", path]))
        db = os.path.join(root, f"sqlite-{r}.db")
        s = time.perf_counter()
        subprocess.run(["sqlite3", db, ".import --csv " + path + " raw"], check=True)
        theirs.append(time.perf_counter() - s)
    n = subprocess.run(["sqlite3", os.path.join(root, "import-0-0", "outreach.db"), "SELECT count(*) FROM contacts"], capture_output=True, text=True).stdout.strip()
    for b, outreach in enumerate(binaries):
        print(f"import 20,000-row CSV ({size / 1e6:.1f} MB, {n} contacts written): {outreach} {fmt(times[b])}")
        print(f"  ratio to sqlite3 .import (median): {statistics.median(times[b]) / statistics.median(theirs):.2f}x")
    print(f"  sqlite3 .import of the same file: {fmt(theirs)}")
    vs(binaries, times)


def vs(binaries, times):
    if len(binaries) == 2:
        print(f"  {binaries[0]} / {binaries[1]} (medians): {statistics.median(times[0]) / statistics.median(times[1]):.2f}")


CALLS_SQL = """
PRAGMA journal_mode=WAL;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}),
  c AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS total FROM cities)
INSERT INTO calls (id, city_id, contact_id, channel, outcome, notes, volunteer, called_at, created_at)
SELECT printf('{prefix}%07x-0000-4000-8000-%012x', i, i), c.id, NULL, 'phone', 'voicemail',
       'left a message about the sister-city tie', 'Bench',
       strftime('%Y-%m-%dT%H:%M:%fZ', '2024-01-01', '+' || i || ' seconds'),
       strftime('%Y-%m-%dT%H:%M:%fZ', '2024-01-01', '+' || i || ' seconds')
FROM n JOIN c ON c.k = n.i % c.total;
COMMIT;
"""


def bench_merge(binaries, runs, root):
    pristine, bundles = [], []
    for b, outreach in enumerate(binaries):
        seed = os.path.join(root, f"seed-{b}")
        big = os.path.join(root, f"big-{b}")
        other = os.path.join(root, f"other-{b}")
        shutil.copytree(seed, big)
        shutil.copytree(seed, other)
        t = time.perf_counter()
        sql(os.path.join(big, "outreach.db"), CALLS_SQL.format(count=1_000_000, prefix="a"))
        sql(os.path.join(other, "outreach.db"), CALLS_SQL.format(count=100_000, prefix="b"))
        print(f"(generated 1,000,000 + 100,000 calls in {time.perf_counter() - t:.1f} s)")
        bundle = os.path.join(root, f"calls-100000-{b}.json")
        run([outreach, "--data-dir", other, "bundle", "export", "-o", bundle, "--all"])
        shutil.rmtree(other)
        print(f"bundle of 100,000 calls: {os.path.getsize(bundle) / 1e6:.1f} MB; store of 1,000,000 calls: {os.path.getsize(os.path.join(big, 'outreach.db')) / 1e6:.0f} MB")
        # Today's daily backup exists already, so the timed runs measure the merge itself
        # (plus the backup made before the merge writes).
        run([outreach, "--data-dir", big, "backup", "list"])
        pristine.append(big)
        bundles.append(bundle)
    first = [[] for _ in binaries]
    again = [[] for _ in binaries]
    for r in range(runs):
        for b, outreach in enumerate(binaries):
            d = os.path.join(root, f"merge-{b}-{r}")
            shutil.rmtree(d, ignore_errors=True)
            shutil.copytree(pristine[b], d)
            first[b].append(timed([outreach, "--data-dir", d, "bundle", "import", bundles[b]]))
            again[b].append(timed([outreach, "--data-dir", d, "bundle", "import", bundles[b]]))
            n = subprocess.run(["sqlite3", os.path.join(d, "outreach.db"), "SELECT count(*) FROM calls"], capture_output=True, text=True).stdout.strip()
            assert n == "1100000", n
            shutil.rmtree(d)
    for b, outreach in enumerate(binaries):
        print(f"merge 100,000-call bundle into 1,000,000 calls: {outreach} {fmt(first[b])}")
        print(f"merge it again (all duplicates): {outreach} {fmt(again[b])}")
    vs(binaries, first)
    vs(binaries, again)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--outreach", default="target/release/outreach")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--vs", help="another build of outreach, run alternately with --outreach")
    ap.add_argument("--only", choices=["import", "merge"], help="run one of the two benchmarks")
    a = ap.parse_args()
    binaries = [a.outreach] + ([a.vs] if a.vs else [])
    root = tempfile.mkdtemp(prefix="outreach-bench-")
    try:
        for b, outreach in enumerate(binaries):
            seed = os.path.join(root, f"seed-{b}")
            run([outreach, "--data-dir", seed, "cities"])
            shutil.rmtree(os.path.join(seed, "backups"), ignore_errors=True)
            run([outreach, "--data-dir", seed, "cities"])  # today's daily backup made once, copied along
        if a.only != "merge":
            bench_import(binaries, a.runs, root)
        if a.only != "import":
            bench_merge(binaries, a.runs, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
