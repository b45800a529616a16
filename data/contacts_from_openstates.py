#!/usr/bin/env python3
"""Write data/contacts_openstates.yaml from the Open States `people` records in the shared
research (shared/research/openstates/, CC0, commit 934bf09a of 2026-08-05).

Usage:  python3 data/contacts_from_openstates.py [PATH_TO_openstates_FOLDER]

One contact per record, keyed by its `ocd-person` id, for the target city its mayor (or
governor) role names. Nothing is added that the record does not say, except:
  * `source`: the record's first http(s) source, else its first link, else the record's own
    address on GitHub at the commit read;
  * `last_verified`: the date of that commit (2026-08-05), the date the data was read;
  * `confidence`, as mayors.md rates Open States records: a current term is `high` (mayors.md
    gives its own rating for the places it also covers; see RESEARCH_RATING); a term that ends
    within two months of the seed date is `medium`; an ended term is `low`.
A record whose term has ended is written as the mayor's office line (name "Mayor's office",
without the former mayor's own e-mail), with its `term_end` in the past so the app marks it
stale, unless the same place has a record whose term has not ended (then it is left out).
Needs PyYAML. Writes the file next to this script; prints what it did.
"""
import datetime
import glob
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_RESEARCH = os.path.join(HERE, "..", "..", "shared", "research", "openstates")
OUT = os.path.join(HERE, "contacts_openstates.yaml")
COMMIT = "934bf09a94a35351baf872c70e778a4367c8266e"
READ_ON = "2026-08-05"      # the commit's date: when the data was read
SEED_DATE = "2026-12-01"    # when this seed was made (stale = term ended before it)
SOON = "2027-02-01"         # a term ending before this is rated medium

# mayors.md's own ratings for places it covers from an Open States record, with its remark.
RESEARCH_RATING = {
    "st-petersburg-fl": ("medium", "mayors.md: a 2022 charter amendment lengthened the term, so Ken Welch should "
                         "hold office until the Jan 2027 handover, but a mayor-elect may exist (the 2026 "
                         "city elections were on 2026-08-18 and 2026-11-03; results not found)."),
    "state-of-iowa-ia": ("high", "Term ends 2027-01-12; a successor elected on 2026-11-03 takes office then (not researched)."),
    "state-of-maryland-md": ("high", "Term ends 2027-01-20 (the outcome of the 2026-11-03 election was not researched)."),
    "bloomington-normal-il": ("high", "Mayor of the City of Bloomington (sworn in 2025-05-01)."),
    "st-louis-mo": ("high", "Sworn in 2025-04-15 as 48th mayor."),
    "louisville-ky": ("high", "Term ends 2027-01-04 (the Nov 2026 election outcome was not researched)."),
    "oklahoma-city-ok": ("high", "The 2026 re-election itself was not found in the pages read."),
}


def slug_for(jurisdiction):
    """ocd-jurisdiction/country:us/state:or/place:portland/government -> portland-or."""
    parts = dict(p.split(":", 1) for p in jurisdiction.split("/")[1:] if ":" in p)
    st = parts["state"]
    if "place" not in parts:
        return {"ia": "state-of-iowa-ia", "md": "state-of-maryland-md"}[st]
    place = parts["place"].replace("_", "-")
    if place.startswith("saint-"):
        place = "st-" + place[len("saint-"):]
    if (place, st) == ("bloomington", "il"):
        return "bloomington-normal-il"
    return f"{place}-{st}"


def http(urls):
    return [u for u in urls if u.startswith(("https://", "http://"))]


def build(root):
    """The contacts (as written to the file) and the records left out, from the records
    under `root`. Raises ValueError when a record cannot be used."""
    files = sorted(glob.glob(os.path.join(root, "data", "**", "*.yml"), recursive=True))
    if not files:
        raise ValueError(f"no Open States records under {root}")
    records = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            d = yaml.safe_load(f)
        roles = [r for r in d["roles"] if r["type"] in ("mayor", "governor")]
        if len(roles) != 1:
            raise ValueError(f"{path}: {len(roles)} mayor/governor roles, expected 1")
        role = roles[0]
        records.append((os.path.relpath(path, root), d, role, str(role.get("end_date") or "")))

    current_places = {slug_for(r["jurisdiction"]) for _, _, r, end in records if not end or end >= SEED_DATE}
    out, left_out = [], []
    for rel, d, role, end in records:
        slug = slug_for(role["jurisdiction"])
        ended = bool(end) and end < SEED_DATE
        if ended and slug in current_places:
            left_out.append(f"{rel} ({slug}: term ended {end}; a current record exists)")
            continue
        office = (d.get("offices") or [{}])[0]
        address = ", ".join(p.strip() for p in (office.get("address") or "").split(";") if p.strip()) or None
        sources = http([s["url"] for s in d.get("sources", [])])
        links = http([l["url"] for l in d.get("links", [])])
        source = (sources or links or [f"https://github.com/openstates/people/blob/{COMMIT}/{rel}"])[0]
        website = (links or sources or [None])[0]
        title = "Governor" if role["type"] == "governor" else "Mayor"
        notes = []
        if ended:
            name = f"{title}'s office"
            role_text = f"{title}'s office line"
            notes.append(f"Check before calling: this line and address are from Open States' record of "
                         f"{d['name']}, whose term ended {end}; the current office holder is not in this record.")
            confidence = "low"
        else:
            name = d["name"]
            role_text = title
            confidence = "medium" if end and end < SOON else "high"
            if confidence == "medium":
                notes.append(f"Term ends {end}; check who holds the office after that.")
        if slug in RESEARCH_RATING:
            confidence, remark = RESEARCH_RATING[slug]
            notes.append(remark)
        for l in links:
            if l != website and ("EForm" in l or l.endswith("/contact-the-governor/")):
                notes.append(f"Contact form: {l}")
        email = d.get("email")
        if ended and email and "mayor" not in email.split("@")[0].lower():
            notes.append(f"The record's e-mail was {d['name']}'s own, so it is left out.")
            email = None
        elif not email:
            notes.append("No e-mail in the record.")
        out.append({
            "slug": slug,
            "key": d["id"],
            "name": name,
            "role": role_text,
            "phone": office.get("voice"),
            "email": email,
            "website": website,
            "address": address,
            "notes": " ".join(notes),
            "source": source,
            "last_verified": READ_ON,
            "term_end": end or None,
            "confidence": confidence,
            "external_id": d["id"],
        })
    out.sort(key=lambda c: (c["slug"], c["key"]))
    return out, left_out


def render(out, left_out):
    header = (
        "# GENERATED by data/contacts_from_openstates.py from the Open States `people` records in\n"
        "# shared/research/openstates/ (openstates/people commit " + COMMIT[:8] + ", " + READ_ON + ").\n"
        "# Do not edit by hand: change the script or the research and run it again.\n"
        "# Data: Open States (CC0 1.0). Credit \"Open States\" where it is shown.\n"
        "# Left out (an ended term where the same place has a current record):\n"
        + "".join(f"#   {x}\n" for x in left_out)
    )
    return header + yaml.safe_dump(out, sort_keys=False, allow_unicode=True, width=1000)


def main(argv):
    root = argv[1] if len(argv) > 1 else DEFAULT_RESEARCH
    try:
        out, left_out = build(root)
    except ValueError as e:
        sys.stderr.write(f"{e}\n")
        return 2
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(render(out, left_out))
    print(f"wrote {len(out)} contacts to {os.path.relpath(OUT)}; left out {len(left_out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
