#!/usr/bin/env python3
"""Check the Outreach Desk seed data (targets.yaml, pending.yaml) against its schema and
against the campaign's research it was written from (its `sister-cities.md`, which is not
part of this repository).

Usage:  python3 data/check_seed.py PATH_TO_sister-cities.md

Needs PyYAML (`pip install pyyaml`). Prints counts; exits 1 on any problem, 2 when a
file cannot be read at all.

What is checked:
  * schema: keys, types, enums, date format, slug format/uniqueness, state codes, coordinates;
    history oldest first;
  * every http(s) URL in the research's pair tables ("Table", "Additions (second pass)") and in
    its "Status updates to rows in the first table" bullets appears in the seed, and in the
    relationship its row belongs to (source-cell references such as "Times of San Diego (above)"
    are resolved to their URL);
  * no URL in the seed is missing from the research, and none comes only from an excluded
    section (candidates, other leads, mentioned-in-sources, mayor contact sources, ...);
  * every research row matches exactly one relationship, with its status, date, established
    year and state (after the second pass's status updates);
  * coordinates equal the research's Coordinates table (null where it is blank);
  * every date, date_text and established string occurs in the research text.
"""
import datetime
import os
import re
import sys
from collections import Counter

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.stderr.write("check_seed.py needs PyYAML: pip install pyyaml\n")
    sys.exit(2)

HERE = os.path.dirname(os.path.abspath(__file__))

STATUSES = {"active", "suspended", "severed", "unknown"}
KINDS = {"city", "county", "city_county", "state"}
USPS = set("""AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV
NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI""".split())
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*-[a-z]{2}$")
PENDING_SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
URL_RE = re.compile(r"https?://[^\s|)`<>\"]+")
SOURCE_URL_RE = re.compile(r"^https?://\S+$")

TARGET_KEYS = ["slug", "name", "state", "kind", "latitude", "longitude", "relationships"]
PENDING_KEYS = TARGET_KEYS + ["why_pending"]
REL_KEYS = ["sister_city", "sister_city_alt_names", "sister_region", "established", "notes", "history"]
HIST_KEYS = ["status", "date", "date_text", "summary", "sources"]
HIST_OPTIONAL = ["seq", "corrects"]   # only where needed (third pass): see README.md
CONTACT_KEYS = ["slug", "key", "name", "role", "phone", "email", "website", "address", "notes",
                "source", "last_verified", "term_end", "confidence", "external_id"]
CONFIDENCES = {"high", "medium", "low"}
THIRD = "Third pass"

# Sections of the research whose URLs must be in the seed (table rows / bullets only).
INCLUDED_TABLES = ("Table", "Additions (second pass)")
INCLUDED_BULLETS = ("Status updates to rows in the first table",)

problems = []
notices = []


def problem(msg):
    problems.append(msg)


def urls_in(text):
    return [u.rstrip(".,;:") for u in URL_RE.findall(text)]


# ----------------------------------------------------------------------------- research parsing
def parse_research(path):
    text = open(path, encoding="utf-8").read()
    sections = {}
    order = []
    cur = None
    for line in text.splitlines():
        m = re.match(r"^(#{2,3})\s+(.*?)\s*$", line)
        if m:
            cur = m.group(2)
            order.append(cur)
            sections.setdefault(cur, [])
            continue
        if cur is not None:
            sections[cur].append(line)

    def find(title):
        hits = [s for s in order if s == title or s.startswith(title)]
        if len(hits) != 1:
            problem(f"research: expected one section titled {title!r}, found {len(hits)}")
            return []
        return sections[hits[0]]

    def table(lines):
        rows, header = [], None
        for ln in lines:
            if not ln.startswith("|"):
                continue
            cells = [c.strip() for c in ln.strip().strip("|").split("|")]
            if header is None:
                header = cells
                continue
            if set("".join(cells)) <= set("-: "):
                continue
            if len(cells) != len(header):
                problem(f"research: table row has {len(cells)} cells, header {len(header)}: {ln[:80]}")
            row = dict(zip(header, cells))
            row["_line"] = ln
            rows.append(row)
        return rows

    first = table(find("Table"))
    second = table(find("Additions (second pass)"))
    coords = table(find("Coordinates"))
    updates = []
    for ln in find(INCLUDED_BULLETS[0]):
        m = re.match(r"^- \*\*(.+?):\*\*\s*(.*)$", ln)
        if m:
            updates.append({"key": m.group(1), "text": m.group(2), "_line": ln})

    # Third pass: corrections, new statements, new pairs (with their coordinates in prose).
    corrections = table(find("Corrections to shipped rows"))
    statements = table(find("New statements for ties shipped as unknown"))
    pair_lines = find("Eleven pairs missing from the seed")
    new_pairs = table(pair_lines)
    new_coords = {}
    joined = " ".join(pair_lines)
    m = re.search(r"Coordinates of the new places[^:]*:(.*?)(?:\.\s*$|\.\s+[A-Z][a-z]+ [a-z])", joined)
    if not m:
        problem("research: cannot find the coordinates of the third pass's new places")
    else:
        for name, lat, lon in re.findall(r"([A-Z][A-Za-z. ]+?) (-?\d+\.\d+), (-?\d+\.\d+)", m.group(1)):
            new_coords[name.strip()] = (float(lat), float(lon))

    included_urls = set()
    for row in first + second + corrections + statements + new_pairs:
        included_urls.update(urls_in(row["_line"]))
    for u in updates:
        included_urls.update(urls_in(u["_line"]))
    all_urls = set(urls_in(text))
    return dict(text=text, first=first, second=second, coords=coords, updates=updates,
                corrections=corrections, statements=statements, new_pairs=new_pairs,
                new_coords=new_coords, included_urls=included_urls, all_urls=all_urls)


# ----------------------------------------------------------------------------- schema checks
def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def valid_date(s):
    parts = [int(p) for p in s.split("-")]
    try:
        datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        return True
    except ValueError:
        return False


def date_not_after(a, b):
    """True if date a (possibly less precise) is not after date b."""
    n = min(len(a), len(b))
    return a[:n] <= b[:n]


def check_keys(obj, keys, where, optional=()):
    if not isinstance(obj, dict):
        problem(f"{where}: expected a mapping, got {type(obj).__name__}")
        return False
    missing = [k for k in keys if k not in obj]
    extra = [k for k in obj if k not in keys and k not in optional]
    if missing:
        problem(f"{where}: missing keys {missing}")
    if extra:
        problem(f"{where}: unexpected keys {extra}")
    return not missing


def nonempty_str(v):
    return isinstance(v, str) and v.strip() != ""


def check_entries(entries, fname, pending):
    if not isinstance(entries, list) or not entries:
        problem(f"{fname}: top level must be a non-empty YAML list")
        return []
    ok = []
    for i, t in enumerate(entries):
        where = f"{fname}[{i}]"
        if not check_keys(t, PENDING_KEYS if pending else TARGET_KEYS, where):
            continue
        where = f"{fname}:{t.get('slug')}"
        slug, state = t["slug"], t["state"]
        if pending:
            if state is not None:
                problem(f"{where}: pending entries must have state: null")
            if not (isinstance(slug, str) and PENDING_SLUG_RE.match(slug)):
                problem(f"{where}: bad pending slug {slug!r}")
            if not nonempty_str(t["why_pending"]):
                problem(f"{where}: why_pending must be a non-empty string")
        else:
            if not (isinstance(state, str) and re.fullmatch(r"[A-Z]{2}", state) and state in USPS):
                problem(f"{where}: state {state!r} is not a two-letter USPS code")
            if not (isinstance(slug, str) and SLUG_RE.match(slug)):
                problem(f"{where}: slug {slug!r} does not match {SLUG_RE.pattern}")
            elif isinstance(state, str) and not slug.endswith("-" + state.lower()):
                problem(f"{where}: slug must end in -{str(state).lower()}")
        if not nonempty_str(t["name"]):
            problem(f"{where}: name must be a non-empty string")
        if t["kind"] not in KINDS:
            problem(f"{where}: kind {t['kind']!r} not in {sorted(KINDS)}")
        lat, lon = t["latitude"], t["longitude"]
        for k, v, lim in (("latitude", lat, 90), ("longitude", lon, 180)):
            if v is not None and not (is_num(v) and -lim <= v <= lim):
                problem(f"{where}: {k} {v!r} must be null or a number in [-{lim}, {lim}]")
        if (lat is None) != (lon is None):
            problem(f"{where}: latitude and longitude must both be set or both be null")
        rels = t["relationships"]
        if not isinstance(rels, list) or not rels:
            problem(f"{where}: relationships must be a non-empty list")
            continue
        for j, r in enumerate(rels):
            rw = f"{where}/relationships[{j}]"
            if not check_keys(r, REL_KEYS, rw):
                continue
            rw = f"{where}/{r.get('sister_city')}"
            if not nonempty_str(r["sister_city"]):
                problem(f"{rw}: sister_city must be a non-empty string")
            # null only where the research gives no region (the third pass's new pairs)
            if r["sister_region"] is not None and not nonempty_str(r["sister_region"]):
                problem(f"{rw}: sister_region must be a non-empty string or null")
            alts = r["sister_city_alt_names"]
            if not (isinstance(alts, list) and all(nonempty_str(a) for a in alts)):
                problem(f"{rw}: sister_city_alt_names must be a list of strings")
            if r["established"] is not None and not nonempty_str(r["established"]):
                problem(f"{rw}: established must be a quoted string or null (got {r['established']!r})")
            if not isinstance(r["notes"], str):
                problem(f"{rw}: notes must be a string")
            hist = r["history"]
            if not isinstance(hist, list) or not hist:
                problem(f"{rw}: history must be a non-empty list")
                continue
            prev = None
            for k, h in enumerate(hist):
                hw = f"{rw}/history[{k}]"
                if not check_keys(h, HIST_KEYS, hw, HIST_OPTIONAL):
                    continue
                if h["status"] not in STATUSES:
                    problem(f"{hw}: status {h['status']!r} not in {sorted(STATUSES)}")
                d = h["date"]
                if d is not None:
                    if not (isinstance(d, str) and DATE_RE.match(d) and valid_date(d)):
                        problem(f"{hw}: date {d!r} must be a quoted YYYY, YYYY-MM or YYYY-MM-DD, or null")
                    else:
                        if prev is not None and not date_not_after(prev, d):
                            problem(f"{hw}: history is not oldest first ({prev} then {d})")
                        prev = d
                dt = h["date_text"]
                if dt is not None and (not nonempty_str(dt) or dt == d):
                    problem(f"{hw}: date_text must be null or a string differing from date")
                if not nonempty_str(h["summary"]):
                    problem(f"{hw}: summary must be a non-empty string")
                srcs = h["sources"]
                if not isinstance(srcs, list):
                    problem(f"{hw}: sources must be a list")
                    continue
                if not srcs:
                    notices.append(f"{hw}: no source URL (allowed only where the research gives none)")
                for u in srcs:
                    if not (isinstance(u, str) and SOURCE_URL_RE.match(u)):
                        problem(f"{hw}: source {u!r} is not an http(s) URL")
                if len(set(map(str, srcs))) != len(srcs):
                    problem(f"{hw}: duplicate source URLs")
        for r in rels:
            if isinstance(r, dict) and isinstance(r.get("history"), list):
                check_numbering(r, f"{where}/{r.get('sister_city')}")
        ok.append(t)
    return ok


def numbered(r):
    """(seq, entry) of each history entry: `seq` if given, else the position."""
    return [(h.get("seq", i) if isinstance(h, dict) else i, h) for i, h in enumerate(r["history"])]


def effective_status(r):
    """The last entry's status that no other entry corrects."""
    corrected = {h.get("corrects") for h in r["history"] if isinstance(h, dict)}
    live = [h for seq, h in numbered(r) if seq not in corrected]
    return live[-1].get("status") if live else None


def check_numbering(r, rw):
    seqs = [seq for seq, _ in numbered(r)]
    if any(not isinstance(q, int) or isinstance(q, bool) for q in seqs):
        problem(f"{rw}: seq must be an integer")
        return
    if seqs != sorted(set(seqs)):
        problem(f"{rw}: history seq {seqs} must increase in list order")
    for seq, h in numbered(r):
        k = h.get("corrects")
        if k is not None and (k not in seqs or k >= seq):
            problem(f"{rw}: entry {seq} corrects {k!r}, which is not an earlier entry")


# ----------------------------------------------------------------------------- research cross-checks
def rel_urls(r):
    return {u for h in r["history"] if isinstance(h, dict) for u in (h.get("sources") or [])}


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def date_in(date, text):
    """The date occurs in the text as written, or (YYYY-MM) as "March 2022"."""
    if date in text:
        return True
    m = re.fullmatch(r"(\d{4})-(\d{2})", date)
    return bool(m) and f"{MONTHS[int(m.group(2)) - 1]} {m.group(1)}" in text


def pair_key(cell):
    """'Dubuque IA – Pyatigorsk' -> ('Dubuque', 'IA', 'Pyatigorsk')."""
    m = re.match(r"^(.*) ([A-Z]{2}) – (.*)$", cell)
    return (m.group(1), m.group(2), m.group(3)) if m else None


def third_pass(R, targets):
    """Checks the third pass's corrections, new statements and new pairs. Returns the
    relationships it touched (by id) and the targets that are its new pairs."""
    all_entries = [(t, r) for t in targets for r in t["relationships"]]
    touched, new_targets = set(), []

    def find_rel(name, state, partner, label):
        hits = [(t, r) for t, r in all_entries
                if t["state"] == state and (t["name"] == name or t["name"].startswith(name + " ")
                                            or name.startswith(t["name"]))
                and (r["sister_city"] == partner or partner.startswith(r["sister_city"]))]
        if len(hits) != 1:
            problem(f"{label}: matches {len(hits)} seed relationships (expected 1)")
            return None
        return hits[0]

    def entry_with(r, urls, label):
        hits = [h for h in r["history"] if urls and set(urls) <= set(h.get("sources") or [])]
        if len(hits) != 1:
            problem(f"{label}: {len(hits)} history entries cite {urls} (expected 1)")
            return None
        return hits[0]

    def rows_with_their_relationship(table, what):
        """Each row of a third-pass table whose pair names one seed relationship: the row,
        its label for problems, and the relationship (a row naming none is reported once)."""
        for row in R[table]:
            label = f"third-pass {what} {row['pair']}"
            k = pair_key(row["pair"])
            hit = k and find_rel(*k, label)
            if hit:
                yield row, label, hit[1]

    for row, label, r in rows_with_their_relationship("corrections", "correction"):
        touched.add(id(r))
        should = row["should be"]
        urls = urls_in(row["source"])
        # the entry citing the row's first URL is the one the row adds
        h = entry_with(r, urls[:1], label)
        if h is None:
            continue
        words = re.sub(r"\*\*", "", should)
        status = re.match(r"(?:add the earlier entry: )?(\w+)", words).group(1)
        rec = re.search(r'record "([^"]+)"', should)
        date = rec.group(1) if rec else (re.search(r"\d{4}-\d{2}(?:-\d{2})?", should) or [None])[0]
        if h["status"] != status:
            problem(f"{label}: entry status {h['status']!r}, research says {status!r}")
        if h["date"] != date:
            problem(f"{label}: entry date {h['date']!r}, research says {date!r}")
        if words.startswith("add the earlier entry"):
            if h.get("corrects") is not None:
                problem(f"{label}: an added earlier entry corrects nothing")
            seqs = [seq for seq, e in numbered(r) if e is h]
            if seqs and seqs[0] >= min(q for q, e in numbered(r) if e is not h):
                problem(f"{label}: the earlier entry must come first (a lower seq)")
        else:
            was_status = row["was"].split(",")[0].strip()
            was = [e for q, e in numbered(r) if q == h.get("corrects")]
            if not was:
                problem(f"{label}: the new entry must name the entry it corrects (corrects: N)")
            elif was[0]["status"] != was_status:
                problem(f"{label}: it corrects an entry with status {was[0]['status']!r}, research says {was_status!r}")
            if effective_status(r) != status:
                problem(f"{label}: status {effective_status(r)!r} after the correction, research says {status!r}")

    for row, label, r in rows_with_their_relationship("statements", "statement"):
        urls = urls_in(row["source"])
        if not urls:
            notices.append(f"{label}: no URL in the research, so no entry was added")
            continue
        touched.add(id(r))
        h = entry_with(r, urls, label)
        if h is None:
            continue
        cell = row["status, date"]
        status = re.match(r"(\w+)", cell).group(1)
        if h["status"] != status or effective_status(r) != status:
            problem(f"{label}: latest status {effective_status(r)!r}, research says {status!r}")
        if h["date"] is not None and h["date"] not in cell:
            problem(f"{label}: date {h['date']!r} is not in the research's {cell!r}")
        if h["date"] is None and re.search(r"\d{4}-\d{2}", cell):
            problem(f"{label}: the research dates it ({cell!r}), the entry has no date")

    for row in R["new_pairs"]:
        label = f"third-pass pair {row['US place']} {row['state']} – {row['Russian partner']}"
        hit = find_rel(row["US place"], row["state"], row["Russian partner"], label)
        if not hit:
            continue
        t, r = hit
        touched.add(id(r))
        new_targets.append(t)
        urls = urls_in(row["source"])
        missing = set(urls) - rel_urls(r)
        if missing:
            problem(f"{label}: URLs missing: {sorted(missing)}")
        cell = row["status, date"]
        status = re.match(r"(\w+)", cell).group(1)
        if effective_status(r) != status:
            problem(f"{label}: latest status {effective_status(r)!r}, research says {status!r}")
        for h in r["history"]:
            if h["date"] is not None and not date_in(h["date"], row["_line"]):
                problem(f"{label}: date {h['date']!r} is not in the research row")
        if r["established"] is not None and r["established"] not in row["_line"]:
            problem(f"{label}: established {r['established']!r} is not in the research row")
        want = R["new_coords"].get(row["US place"])
        if want is None:
            problem(f"{label}: no coordinates in the research")
        elif (t["latitude"], t["longitude"]) != want:
            problem(f"{label}: coordinates {(t['latitude'], t['longitude'])}, research says {want}")
    if len(R["new_pairs"]) != len(new_targets):
        problem(f"third pass: {len(R['new_pairs'])} new pairs, {len(new_targets)} found in the seed")
    return touched, new_targets


def cross_check(R, targets, pending):
    text = R["text"]
    touched, new_targets = third_pass(R, targets)
    new_ids = {id(t) for t in new_targets}
    all_entries = [(t, r) for t in targets + pending for r in t["relationships"]]
    entries = [(t, r) for t, r in all_entries if id(t) not in new_ids]
    rows = R["first"] + R["second"]

    # -- row count
    if len(rows) != len(entries):
        problem(f"research tables have {len(rows)} rows, seed has {len(entries)} relationships "
                f"({len(targets)} targets file entries, {len(pending)} pending entries)")

    # -- match rows to relationships
    def matches(row, t, r):
        if not row["us_city"].startswith(t["name"]):
            return False
        if not (row["russian_city"] == r["sister_city"] or row["russian_city"].startswith(r["sister_city"] + " ")):
            return False
        return row["us_state"] == (t["state"] or "unknown") or row["us_state"] == "unknown"

    used = Counter()
    row_rel = []
    for row in rows:
        hits = [(t, r) for t, r in entries if matches(row, t, r)]
        label = f"research row {row['us_city']} / {row['russian_city']}"
        if len(hits) != 1:
            problem(f"{label}: matches {len(hits)} seed relationships (expected 1)")
            row_rel.append(None)
            continue
        used[id(hits[0][1])] += 1
        row_rel.append(hits[0])
    for t, r in entries:
        if used[id(r)] != 1:
            problem(f"{t['slug']}/{r['sister_city']}: matched by {used[id(r)]} research rows (expected 1)")

    # -- status updates
    upd_for = {}
    for u in R["updates"]:
        city_part, _, ru = u["key"].partition(" – ")
        name, _, st = city_part.partition(", ")
        hits = [(t, r) for t, r in entries
                if (name.startswith(t["name"]) or t["name"].startswith(name.split(" (")[0]))
                and (not st or t["state"] == st)
                and (r["sister_city"] == ru or ru.startswith(r["sister_city"]))]
        if len(hits) != 1:
            problem(f"status update {u['key']!r}: matches {len(hits)} seed relationships (expected 1)")
            continue
        upd_for[id(hits[0][1])] = u
        t, r = hits[0]
        m = re.search(r"status `unknown` → \*\*(\w+)\*\*", u["text"]) or \
            re.match(r"`unknown` → \*\*(\w+)\*\*", u["text"])
        new_status = m.group(1) if m else ("unknown" if u["text"].startswith("still `unknown`") else None)
        if new_status is None:
            problem(f"status update {u['key']!r}: cannot read the new status")
        elif r["history"][-1].get("status") != new_status:
            problem(f"{t['slug']}/{r['sister_city']}: latest status {r['history'][-1].get('status')!r}, "
                    f"status update says {new_status!r}")
        m = re.search(r"state `unknown` → \*\*([A-Z]{2})\*\*", u["text"])
        if m and t["state"] != m.group(1):
            problem(f"{t['slug']}: status update gives state {m.group(1)}, seed has {t['state']!r}")
        missing = set(urls_in(u["_line"])) - rel_urls(r)
        if missing:
            problem(f"{t['slug']}/{r['sister_city']}: URLs of its status update missing: {sorted(missing)}")

    # -- per-row facts
    url_by_row = {}
    for row in rows:
        url_by_row[(row["us_city"], row["russian_city"])] = urls_in(row["_line"])

    def resolve(ref):
        ref = ref.strip()
        if not ref or SOURCE_URL_RE.match(ref.split(" ")[0]):
            return []
        if ref == "Times of San Diego (above)":
            return [u for u in R["included_urls"] if "timesofsandiego.com" in u]
        if ref == "same op-ed as Los Angeles":
            return url_by_row.get(("Los Angeles", "St. Petersburg"), [])
        if ref == "same as the Dmitrov row":
            return url_by_row.get(("Berkeley", "Dmitrov"), [])
        if ref == "Wikipedia Russia list":
            return [u for u in R["included_urls"] if "List_of_twin_towns_and_sister_cities_in_Russia" in u]
        problem(f"research: unrecognised source reference {ref!r}; teach check_seed.py how to resolve it")
        return []

    for row, hit in zip(rows, row_rel):
        if hit is None:
            continue
        t, r = hit
        label = f"{t['slug']}/{r['sister_city']}"
        want = set(url_by_row[(row["us_city"], row["russian_city"])])
        for ref in row["source"].split(" ; "):
            resolved = resolve(ref)
            if ref.strip() and not SOURCE_URL_RE.match(ref.strip().split(" ")[0]) and not resolved:
                problem(f"{label}: source reference {ref!r} resolves to no URL")
            want.update(resolved)
        missing = want - rel_urls(r)
        if missing:
            problem(f"{label}: URLs of its research row missing: {sorted(missing)}")
        # status: the row's status must be in the history; without an update it is the latest
        word = row["status_after_2022"].split(" ")[0]
        statuses = [h.get("status") for h in r["history"]]
        if word not in statuses:
            problem(f"{label}: research status {word!r} not in history {statuses}")
        if id(r) not in upd_for and id(r) not in touched and statuses[-1] != word:
            problem(f"{label}: latest status {statuses[-1]!r} but research says {word!r}")
        # date: '–' needs an undated entry; otherwise some entry's date must occur in the cell
        cell = row["status_date"]
        if cell == "–":
            if not any(h.get("date") is None for h in r["history"]):
                problem(f"{label}: research date is '–' but every history entry has a date")
        elif not any(h.get("date") and h["date"] in cell for h in r["history"]):
            problem(f"{label}: no history date occurs in the research date {cell!r}")
        # established
        est_cell = row["established_year"]
        upd_text = upd_for[id(r)]["text"] if id(r) in upd_for else ""
        if r["established"] is None:
            if est_cell != "unknown":
                problem(f"{label}: established is null but research says {est_cell!r}")
        elif r["established"] not in est_cell and r["established"] not in upd_text:
            problem(f"{label}: established {r['established']!r} not found in the research row or its update")
        # state
        if row["us_state"] != "unknown" and row["us_state"] != t["state"]:
            problem(f"{label}: state {t['state']!r}, research row says {row['us_state']!r}")
        if row["us_state"] == "unknown" and t["state"] is not None and id(r) not in upd_for:
            problem(f"{label}: research gives no state, so it belongs in pending.yaml")

    # -- URL coverage and provenance
    seed_urls = {u for _, r in all_entries for u in rel_urls(r)}
    for u in sorted(R["included_urls"] - seed_urls):
        problem(f"URL from the research's pair tables/status updates missing from the seed: {u}")
    for u in sorted(seed_urls - R["all_urls"]):
        problem(f"seed URL not found in the research file: {u}")
    for u in sorted((seed_urls & R["all_urls"]) - R["included_urls"]):
        problem(f"seed URL comes only from an excluded research section: {u}")

    # -- coordinates
    def coord_row(t):
        st = t["state"] or "unknown"
        hits = [c for c in R["coords"] if c["us_state"] == st and c["us_city"] == t["name"]]
        if not hits:
            # e.g. "Bloomington (Bloomington–Normal row)": the first-named city's point
            first = re.split(r"[–-]", t["name"])[0]
            hits = [c for c in R["coords"] if c["us_state"] == st and f"({t['name']} row)" in c["us_city"]
                    and c["us_city"].startswith(first + " ")]
        return hits

    for t in targets + pending:
        if id(t) in new_ids:
            continue  # checked against the third pass's coordinates
        hits = coord_row(t)
        if len(hits) != 1:
            problem(f"{t['slug']}: {len(hits)} rows in the research's Coordinates table (expected 1)")
            continue
        c = hits[0]
        for k in ("latitude", "longitude"):
            want = float(c[k]) if c[k] else None
            if t[k] != want:
                problem(f"{t['slug']}: {k} {t[k]!r}, Coordinates table says {want!r}")

    # -- strings that must come from the research text
    for t, r in all_entries:
        for h in r["history"]:
            for k in ("date", "date_text"):
                if h.get(k) and h[k] not in text:
                    problem(f"{t['slug']}/{r['sister_city']}: {k} {h[k]!r} does not occur in the research")
        if r["established"] and r["established"] not in text:
            problem(f"{t['slug']}/{r['sister_city']}: established {r['established']!r} does not occur in the research")


# ----------------------------------------------------------------------------- contacts
MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def mayors_sections(path):
    """mayors.md split by its '## <slug> — <place>' headings: slug -> section text."""
    out, cur = {}, None
    for line in open(path, encoding="utf-8").read().splitlines():
        m = re.match(r"^## ([a-z0-9-]+) — ", line)
        if m:
            cur = m.group(1)
            out[cur] = []
            continue
        if line.startswith("## "):
            cur = None
        if cur:
            out[cur].append(line)
    return {k: "\n".join(v) for k, v in out.items()}


def date_attested(date, section):
    """A YYYY-MM-DD date occurs in the section as written, as "10 Jul 2023", or in a URL as
    2025/nov/10 or november-5-2024. Returns 'day', 'month' (only "Nov 2024" occurs) or None."""
    y, m, d = date.split("-")
    mon, month = MON[int(m) - 1], MONTHS[int(m) - 1]
    forms = [date, f"{int(d)} {mon} {y}", f"{y}/{mon.lower()}/{d}", f"{month.lower()}-{int(d)}-{y}"]
    if any(f in section for f in forms):
        return "day"
    if f"{mon} {y}" in section or f"{month} {y}" in section:
        return "month"
    return None


def check_contacts(research_dir, targets):
    """The seeded contacts: schema; the Open States file is exactly what its generator makes
    from the records; every hand-written value occurs in its mayors.md section, with its
    confidence; every target has a contact; counts."""
    mayors_md = os.path.join(research_dir, "mayors.md")
    os_dir = os.path.join(research_dir, "openstates")
    slugs = {t["slug"] for t in targets}
    os_file = load(os.path.join(HERE, "contacts_openstates.yaml")) or []
    hand = load(os.path.join(HERE, "contacts_research.yaml")) or []
    keys = Counter()
    for fname, contacts in (("contacts_openstates.yaml", os_file), ("contacts_research.yaml", hand)):
        for i, c in enumerate(contacts):
            where = f"{fname}[{i}]"
            if not check_keys(c, CONTACT_KEYS, where):
                continue
            where = f"{fname}:{c['key']}"
            keys[c["key"]] += 1
            if c["slug"] not in slugs:
                problem(f"{where}: {c['slug']!r} is not a target")
            if not nonempty_str(c["name"]):
                problem(f"{where}: no name")
            if not (isinstance(c["source"], str) and SOURCE_URL_RE.match(c["source"])):
                problem(f"{where}: source {c['source']!r} is not an http(s) URL")
            lv = c["last_verified"]
            if not (isinstance(lv, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", lv) and valid_date(lv)):
                problem(f"{where}: last_verified {lv!r} must be a quoted YYYY-MM-DD")
            te = c["term_end"]
            if te is not None and not (isinstance(te, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", te) and valid_date(te)):
                problem(f"{where}: term_end {te!r} must be null or a quoted YYYY-MM-DD")
            if c["confidence"] not in CONFIDENCES:
                problem(f"{where}: confidence {c['confidence']!r} not in {sorted(CONFIDENCES)}")
            if c["confidence"] == "low" and not str(c["notes"]).startswith("Check before calling"):
                problem(f"{where}: a low-confidence contact's notes must start with 'Check before calling'")
    for k, n in keys.items():
        if n > 1:
            problem(f"contact key {k!r} used {n} times")

    # the generated file is the generator's output from the research's records
    sys.dont_write_bytecode = True  # no __pycache__ in data/
    sys.path.insert(0, HERE)
    import contacts_from_openstates as gen
    try:
        want, _ = gen.build(os_dir)
        if want != os_file:
            problem("contacts_openstates.yaml differs from what data/contacts_from_openstates.py makes "
                    f"from {os_dir}: run it again")
    except (OSError, ValueError) as e:
        problem(f"cannot run the Open States generator on {os_dir}: {e}")

    # every hand-written value occurs in the place's mayors.md section
    sections = mayors_sections(mayors_md)
    for c in hand:
        if not isinstance(c, dict) or "key" not in c:
            continue
        where = f"contacts_research.yaml:{c['key']}"
        sec = sections.get(c["slug"])
        if sec is None:
            problem(f"{where}: mayors.md has no section for {c['slug']}")
            continue
        for field in ("phone", "email", "website", "source"):
            v = c.get(field)
            parts = v.split(" x") if field == "phone" and v and " x" in v else [v]
            # a number and its extension may be given apart ("... x151; Executive Assistant x155")
            if v and not all(p in sec for p in parts[:1] + [f"x{p}" for p in parts[1:]]):
                problem(f"{where}: {field} {v!r} does not occur in mayors.md's {c['slug']} section")
        for word in re.findall(r"[A-Za-z][A-Za-z'.-]+", c["name"]):
            if word.strip(".") not in sec:
                problem(f"{where}: name word {word!r} does not occur in mayors.md's {c['slug']} section")
        seen = date_attested(c["last_verified"], sec)
        if seen is None:
            problem(f"{where}: last_verified {c['last_verified']} does not occur in mayors.md's section")
        elif seen == "month":
            notices.append(f"{where}: only the month of last_verified {c['last_verified']} occurs in mayors.md")
        conf = re.search(r"^\| Confidence \|(.*)$", sec, re.M)
        rated = {cell.strip().split(" ")[0].lower() for cell in conf.group(1).split("|") if cell.strip()} if conf else set()
        if c["confidence"] not in rated:
            problem(f"{where}: confidence {c['confidence']!r}, mayors.md rates it {sorted(rated)}")
    for slug in sections:
        if slug not in {c.get("slug") for c in os_file + hand if isinstance(c, dict)}:
            problem(f"mayors.md covers {slug}, but no seeded contact does")

    have = {c["slug"] for c in os_file + hand if isinstance(c, dict)}
    phone = {c["slug"] for c in os_file + hand if isinstance(c, dict) and c.get("phone")}
    for t in sorted(slugs - have):
        problem(f"{t}: no seeded contact")
    print(f"contacts: {len(os_file)} from Open States, {len(hand)} from mayors.md; "
          f"targets with a contact {len(have & slugs)}/{len(slugs)}, with a phone {len(phone & slugs)}/{len(slugs)}")
    if len(phone & slugs) * 100 < len(slugs) * 80:
        problem(f"only {len(phone & slugs)} of {len(slugs)} targets have a phone number (80 % needed)")


# ----------------------------------------------------------------------------- main
def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        sys.stderr.write(f"cannot read {path}: {e}\n")
        sys.exit(2)


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: check_seed.py PATH_TO_sister-cities.md (the campaign's research)\n")
        return 2
    research = argv[1]
    if not os.path.isfile(research):
        sys.stderr.write(f"research file not found: {research} (pass its path as the first argument)\n")
        return 2
    R = parse_research(research)
    targets = check_entries(load(os.path.join(HERE, "targets.yaml")), "targets.yaml", pending=False)
    pending = check_entries(load(os.path.join(HERE, "pending.yaml")), "pending.yaml", pending=True)

    slugs = Counter(t["slug"] for t in targets + pending)
    for s, n in slugs.items():
        if n > 1:
            problem(f"slug {s!r} used {n} times")

    if not problems:
        cross_check(R, targets, pending)
        check_contacts(os.path.dirname(os.path.abspath(research)), targets)

    def latest(entries):
        return Counter(effective_status(r) for t in entries for r in t["relationships"])

    n_rel = sum(len(t["relationships"]) for t in targets)
    print(f"targets: {len(targets)}  relationships: {n_rel}")
    lt = latest(targets)
    print("latest status per relationship: " + ", ".join(f"{s} {lt.get(s, 0)}" for s in
                                                          ("active", "suspended", "severed", "unknown")))
    lp = latest(pending)
    print(f"pending: {len(pending)} entries, {sum(len(t['relationships']) for t in pending)} relationships "
          f"(latest status: " + ", ".join(f"{s} {n}" for s, n in sorted(lp.items())) + ")")
    print(f"research URLs required: {len(R['included_urls'])}")
    for n in notices:
        print("note: " + n)
    if problems:
        print(f"\n{len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print("  - " + p, file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
