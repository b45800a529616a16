#!/usr/bin/env python3
"""The bundle of the merge benchmark (issue 13), made from a data folder: what one volunteer's
week brings to a campaign-scale store.

    python3 bench/merge_bundle.py --outreach target/release/outreach --store DIR \
        --out calls-100000-v7.json --ids v7

DIR is a data folder (e.g. of `outreach generate --cities 20000 --calls 1000000
--contacts 50000 --seed 7`); it is not changed. In a copy of it, with SQL:
- 100,000 new calls (1% of them undone) spread over all its cities, called in the last week
  (so most are their city's newest);
- 500 undos of calls the store has (calls of the bundle's volunteer);
- 2,000 responses and 1,000 status changes (on 1,000 ties);
all by the volunteer "Dana" (the copy's volunteer, so the undos are hers to make), and all
written after the latest time in the store and before now, with the copy's last export set
between: `outreach bundle export` from the copy then writes exactly these rows (and the
contacts of the calls undone). About 33 MB.

--ids says what the new rows' ids look like:
  v7  time-ordered (UUIDv7) from the time each row was written (`created_at`), as this
      version makes them (status changes keep random ids in every version);
  v4  random (UUIDv4), as earlier versions made them.
The same --seed gives the same rows (their times are relative to now); only the ids differ
between v7 and v4.
"""

import argparse
import datetime
import os
import random
import shutil
import sqlite3
import subprocess
import tempfile
import uuid

VOLUNTEER = "Dana"
OUTCOMES = ["contact", "voicemail", "unavailable", "wrong_number", "callback_requested"]
RESPONSES = ["none", "acknowledged", "considering", "committed", "declined"]
STATUSES = ["active", "suspended", "severed", "unknown"]


def stamp(ms):
    """A time in the store's form (2026-11-28T10:00:00.000Z) from milliseconds since 1970."""
    t = datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def v7(ms, rng):
    """A UUIDv7: 48 bits of milliseconds, the version, 74 random bits around the variant."""
    r = rng.getrandbits(74)
    n = (ms << 80) | (0x7 << 76) | ((r >> 62) << 64) | (0b10 << 62) | (r & ((1 << 62) - 1))
    return str(uuid.UUID(int=n))


def v4(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--outreach", default="target/release/outreach")
    ap.add_argument("--store", required=True, help="the data folder (not changed)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--ids", choices=["v7", "v4"], default="v7")
    ap.add_argument("--calls", type=int, default=100_000)
    ap.add_argument("--undos", type=int, default=500)
    ap.add_argument("--responses", type=int, default=2_000)
    ap.add_argument("--status-changes", type=int, default=1_000)
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args()

    rng = random.Random(a.seed)
    ids = random.Random(a.seed + 1)  # the ids' draws apart, so the rows are the same either way
    now = int(datetime.datetime.now(datetime.timezone.utc).timestamp() * 1000)
    week = 7 * 24 * 3_600_000
    total = a.calls + a.responses + a.status_changes + 1

    def row_id(ms):
        return v7(ms, ids) if a.ids == "v7" else v4(ids)

    root = tempfile.mkdtemp(prefix="outreach-bundle-")
    try:
        copy = os.path.join(root, "store")
        shutil.copytree(a.store, copy)
        db = sqlite3.connect(os.path.join(copy, "outreach.db"))
        db.execute("PRAGMA foreign_keys = ON")
        cities = [r[0] for r in db.execute("SELECT id FROM cities ORDER BY id")]
        ties = [r[0] for r in db.execute("SELECT id FROM relationships ORDER BY id")]
        hers = [r[0] for r in db.execute(
            "SELECT id FROM calls WHERE volunteer = ? AND undone_at IS NULL ORDER BY id", [VOLUNTEER])]
        # The copy's last export: just after the latest time its rows hold (a generated
        # store's follow-ups close up to 8 days ahead: those are pulled back, in the copy only).
        latest = max(v for (v,) in db.execute(
            "SELECT max(created_at) FROM calls UNION ALL SELECT max(undone_at) FROM calls"
            " UNION ALL SELECT max(created_at) FROM responses"
            " UNION ALL SELECT max(created_at) FROM relationship_events"
            " UNION ALL SELECT max(updated_at) FROM contacts"
            " UNION ALL SELECT max(created_at) FROM contact_revisions"
            " UNION ALL SELECT max(updated_at) FROM follow_ups"
            " UNION ALL SELECT max(created_at) FROM cities") if v is not None and v <= stamp(now))
        since = int(datetime.datetime.fromisoformat(latest.replace("Z", "+00:00")).timestamp() * 1000) + 1
        step = (now - since) / total  # the rows written between then and now
        db.execute("BEGIN")
        db.execute("UPDATE follow_ups SET closed_at = ? WHERE closed_at > ?", [stamp(since - 1), stamp(since - 1)])
        # The summaries are not what is exported: their triggers held off while writing.
        db.execute("INSERT OR IGNORE INTO summaries_deferred (one) VALUES (1)")
        # Every city gets calls (a week's round), the rest go anywhere.
        calls = []
        for i in range(a.calls):
            city = cities[i] if i < len(cities) else rng.choice(cities)
            called = now - 3_600_000 - rng.randrange(week)
            calls.append((called, city, rng.choice(OUTCOMES), rng.random() < 0.85, rng.random() < 0.01))
        calls.sort()
        written = since
        for n, (called, city, outcome, phone, undone) in enumerate(calls):
            written = since + int((n + 1) * step)
            db.execute(
                "INSERT INTO calls (id, city_id, contact_id, channel, outcome, notes, volunteer,"
                " called_at, created_at, undone_at) VALUES (?, ?, NULL, ?, ?, '', ?, ?, ?, ?)",
                [row_id(written), city, "phone" if phone else "email", outcome, VOLUNTEER,
                 stamp(called), stamp(written), stamp(min(written + 5_000, now)) if undone else None])
        for call in rng.sample(hers, a.undos):
            db.execute("UPDATE calls SET undone_at = ? WHERE id = ?", [stamp(written), call])
        for n in range(a.responses):
            written = since + int((a.calls + n + 1) * step)
            day = stamp(now - 3_600_000 - rng.randrange(week))[:10]
            db.execute(
                "INSERT INTO responses (id, city_id, response, response_date, notes, volunteer, created_at)"
                " VALUES (?, ?, ?, ?, '', ?, ?)",
                [row_id(written), rng.choice(cities), rng.choice(RESPONSES), day, VOLUNTEER, stamp(written)])
        for n, tie in enumerate(rng.sample(ties, a.status_changes)):
            written = since + int((a.calls + a.responses + n + 1) * step)
            (seq,) = db.execute(
                "SELECT coalesce(max(seq), -1) + 1 FROM relationship_events WHERE relationship_id = ?",
                [tie]).fetchone()
            db.execute(
                "INSERT INTO relationship_events (id, relationship_id, seq, status, event_date, summary,"
                " sources, origin, volunteer, created_at)"
                " VALUES (?, ?, ?, ?, ?, 'Benchmark', '[\"https://example.org/\"]', 'volunteer', ?, ?)",
                # Status changes keep v4 ids in every version (`ids::new_status_change_id`).
                [v4(ids), tie, seq, rng.choice(STATUSES), stamp(written)[:10], VOLUNTEER,
                 stamp(written)])
        for key, value in (("volunteer.name", VOLUNTEER), ("bundle.last_exported_at", stamp(since))):
            db.execute(
                "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                [key, value, stamp(since)])
        db.execute("DELETE FROM summaries_deferred")
        db.commit()
        db.close()
        subprocess.run([a.outreach, "--data-dir", copy, "bundle", "export", "--force", "-o", a.out],
                       check=True)
        print(f"{a.out}: {os.path.getsize(a.out) / 1e6:.1f} MB, ids {a.ids}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
