#!/usr/bin/env python3
"""Benchmark (not a test): the contact import against `sqlite3 .import`, and SQLite's own floor.

Issue 13's figure: `outreach import contacts` of a CSV with one US Conference of Mayors row for
each of 20,000 cities, against `sqlite3 .import --csv` of the same file into an empty table.
The third column is what SQLite alone takes to put the same rows into the store the way the
app must have them: the `sqlite3` shell reads the file into a staging table and writes it into
the store's `contacts` table (the city found by name and state, ids made, the table's four
indexes and its city foreign key), one transaction, no checks of the values, no journal for
undo, no preview. That is the part of the import no code of ours can make cheaper without
changing the schema. All three run in turn, each on a fresh copy of the store, whole
processes, wall time and CPU time (user + system, from the OS).

    python3 bench/import_floor.py --outreach target/release/outreach --runs 9 [--store DIR]

Without --store, the store is made first with
`outreach generate --cities 20000 --calls 0 --contacts 0 --seed 7`.
"""
import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import tempfile

from merge_cpu import timed

FLOOR_SQL = """
PRAGMA foreign_keys = ON;
CREATE TEMP TABLE staging (name, email, phone, bio_url, img_url, city, state, population, city_site_url, next_election, role);
.import --csv --skip 1 {csv} staging
CREATE INDEX temp.staging_place ON staging (city, state);
BEGIN;
INSERT INTO contacts (id, city_id, name, role, phone, email, website, external_id, source, origin, created_at, updated_at)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-8'
             || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
       c.id, s.name, s.role, s.phone, s.email, s.city_site_url, 'csv:' || c.slug || ':' || lower(s.role), '{csv}',
       'import', '2026-12-03T00:00:00Z', '2026-12-03T00:00:00Z'
FROM staging s JOIN cities c ON c.name = s.city AND c.state = s.state;
COMMIT;
"""


def make_csv(outreach, store, path):
    out = subprocess.run([outreach, "--data-dir", store, "cities", "--json"], check=True, capture_output=True, text=True)
    cities = [c for c in json.loads(out.stdout) if c["kind"] in ("city", "city_county")]
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "email", "phone", "bio_url", "img_url", "city", "state", "population", "city_site_url", "next_election", "role"])
        for i, c in enumerate(cities):
            w.writerow([f"Mayor {i}", f"mayor{i}@example.gov", f"503-555-{i % 10000:04d}", f"https://www.usmayors.org/mayors/{i}/",
                        "", c["city"], c["state"], 100000 + i, "https://www.example.gov", "2028-11-07", "Mayor"])
    return len(cities)


def count(store):
    db = os.path.join(store, "outreach.db")
    return subprocess.run(["sqlite3", db, "SELECT count(*) FROM contacts"], capture_output=True, text=True, check=True).stdout.strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--outreach", default="target/release/outreach")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--store", help="a data folder to import into (a copy is made for each run)")
    a = ap.parse_args()
    root = tempfile.mkdtemp(prefix="outreach-import-floor-")
    try:
        store = a.store
        if not store:
            store = os.path.join(root, "store")
            subprocess.run([a.outreach, "--data-dir", store, "generate", "--cities", "20000", "--calls", "0",
                            "--contacts", "0", "--seed", "7"], check=True, stdout=subprocess.DEVNULL)
        path = os.path.join(root, "mayors.csv")
        rows = make_csv(a.outreach, store, path)  # also makes today's daily backup, copied along, so no run times it
        base = count(store)
        kinds = ("outreach import", "sqlite3 .import", "SQLite into contacts")
        got = {k: [] for k in kinds}
        for r in range(a.runs):
            for k in kinds:
                d = os.path.join(root, f"run-{r}")
                shutil.rmtree(d, ignore_errors=True)
                if k == "sqlite3 .import":
                    os.mkdir(d)
                    got[k].append(timed(["sqlite3", os.path.join(d, "raw.db"), f".import --csv {path} raw"])[:2])
                    continue
                shutil.copytree(store, d)
                if k == "outreach import":
                    got[k].append(timed([a.outreach, "--data-dir", d, "import", "contacts", path])[:2])
                else:
                    got[k].append(timed(["sqlite3", os.path.join(d, "outreach.db")], stdin=FLOOR_SQL.format(csv=path).encode())[:2])
                added = int(count(d)) - int(base)
                assert added == rows, f"{k}: {added} contacts added, expected {rows}"
        print(f"{rows:,} rows ({os.path.getsize(path) / 1e6:.1f} MB), {a.runs} runs each, in turn; medians:")
        ref = [w for w, _ in got["sqlite3 .import"]]
        ref_cpu = [c for _, c in got["sqlite3 .import"]]
        for k in kinds:
            wall = [w for w, _ in got[k]]
            cpu = [c for _, c in got[k]]
            ratio = statistics.median([w / b for w, b in zip(wall, ref)])
            ratio_cpu = statistics.median([c / b for c, b in zip(cpu, ref_cpu)])
            print(f"  {k:22} wall {statistics.median(wall) * 1000:6.0f} ms  CPU {statistics.median(cpu) * 1000:6.0f} ms"
                  f"  vs sqlite3 .import: {ratio:.2f}x wall, {ratio_cpu:.2f}x CPU")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
