-- Outreach Desk store, schema version 1: the whole product's tables.
-- Anything a volunteer creates has a UUID primary key and a creation time, so stores from
-- several machines can be merged row by row. Seeded rows get UUIDv5 ids derived from their
-- seed keys, so every machine gives the same seeded row the same id.
-- Timestamps are RFC 3339 UTC text (they sort as text); dates are ISO text.

CREATE TABLE cities (
    id               TEXT PRIMARY KEY,
    slug             TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (length(state) = 2),
    kind             TEXT NOT NULL CHECK (kind IN ('city', 'county', 'city_county', 'state')),
    latitude         REAL CHECK (latitude BETWEEN -90 AND 90),
    longitude        REAL CHECK (longitude BETWEEN -180 AND 180),
    ocd_jurisdiction TEXT,
    origin           TEXT NOT NULL CHECK (origin IN ('seed', 'volunteer', 'import')),
    created_at       TEXT NOT NULL
);
CREATE INDEX cities_state ON cities (state);

-- A sister-city tie between a US target and a Russian city or region.
CREATE TABLE relationships (
    id                    TEXT PRIMARY KEY,
    city_id               TEXT NOT NULL REFERENCES cities (id),
    position              INTEGER NOT NULL DEFAULT 0,
    sister_city           TEXT NOT NULL,
    sister_city_alt_names TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
    sister_region         TEXT,
    established           TEXT,                          -- as the sources state it
    notes                 TEXT NOT NULL DEFAULT '',
    origin                TEXT NOT NULL CHECK (origin IN ('seed', 'volunteer', 'import')),
    created_at            TEXT NOT NULL,
    UNIQUE (city_id, sister_city)
);

-- The dated history of a tie's status; the latest entry (highest seq) is its status.
-- Nothing here is ever updated or deleted: a change is a new row.
CREATE TABLE relationship_events (
    id              TEXT PRIMARY KEY,
    relationship_id TEXT NOT NULL REFERENCES relationships (id),
    seq             INTEGER NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'severed', 'unknown')),
    event_date      TEXT,                -- YYYY, YYYY-MM or YYYY-MM-DD
    date_text       TEXT,                -- the source's own wording when not an exact date
    summary         TEXT NOT NULL DEFAULT '',
    sources         TEXT NOT NULL DEFAULT '[]',   -- JSON array of URLs
    origin          TEXT NOT NULL CHECK (origin IN ('seed', 'volunteer', 'import')),
    volunteer       TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX relationship_events_latest ON relationship_events (relationship_id, seq DESC, created_at DESC);

-- Mayors, staff and offices. Removal is a tombstone (deleted_at) so merges can carry it.
CREATE TABLE contacts (
    id             TEXT PRIMARY KEY,
    city_id        TEXT NOT NULL REFERENCES cities (id),
    name           TEXT NOT NULL,
    role           TEXT NOT NULL DEFAULT '',
    phone          TEXT,
    email          TEXT,
    website        TEXT,
    address        TEXT,
    notes          TEXT NOT NULL DEFAULT '',
    last_verified  TEXT,                 -- YYYY-MM-DD
    term_end       TEXT,                 -- YYYY-MM-DD; past means stale
    external_id    TEXT,                 -- e.g. ocd-person/...
    source         TEXT,                 -- file or URL it was imported from
    origin         TEXT NOT NULL CHECK (origin IN ('seed', 'volunteer', 'import')),
    edited_by_hand INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    deleted_at     TEXT
);
CREATE INDEX contacts_city ON contacts (city_id);
CREATE UNIQUE INDEX contacts_external ON contacts (external_id) WHERE external_id IS NOT NULL;

-- Every superseded version of a contact, so an edit that loses a merge stays in history.
CREATE TABLE contact_revisions (
    id          TEXT PRIMARY KEY,
    contact_id  TEXT NOT NULL REFERENCES contacts (id),
    snapshot    TEXT NOT NULL,           -- JSON of the contact's fields
    edited_at   TEXT NOT NULL,
    volunteer   TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX contact_revisions_contact ON contact_revisions (contact_id, edited_at);

-- Calls and e-mails. Undo sets undone_at; the row stays so a merge cannot resurrect it.
CREATE TABLE calls (
    id          TEXT PRIMARY KEY,
    city_id     TEXT NOT NULL REFERENCES cities (id),
    contact_id  TEXT REFERENCES contacts (id),
    channel     TEXT NOT NULL CHECK (channel IN ('phone', 'email')),
    outcome     TEXT NOT NULL CHECK (outcome IN ('contact', 'voicemail', 'unavailable', 'wrong_number', 'callback_requested')),
    notes       TEXT NOT NULL DEFAULT '',
    volunteer   TEXT NOT NULL DEFAULT '',
    called_at   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    undone_at   TEXT
);
CREATE INDEX calls_city_time ON calls (city_id, called_at DESC);
CREATE INDEX calls_time ON calls (called_at);

-- What a city's office told the campaign; the latest is the city's response.
CREATE TABLE responses (
    id            TEXT PRIMARY KEY,
    city_id       TEXT NOT NULL REFERENCES cities (id),
    response      TEXT NOT NULL CHECK (response IN ('none', 'acknowledged', 'considering', 'committed', 'declined')),
    response_date TEXT NOT NULL,         -- YYYY-MM-DD
    source_url    TEXT,
    notes         TEXT NOT NULL DEFAULT '',
    volunteer     TEXT,
    created_at    TEXT NOT NULL
);
CREATE INDEX responses_city ON responses (city_id, response_date DESC, created_at DESC);

CREATE TABLE follow_ups (
    id                TEXT PRIMARY KEY,
    city_id           TEXT NOT NULL REFERENCES cities (id),
    call_id           TEXT REFERENCES calls (id),
    due_date          TEXT NOT NULL,     -- YYYY-MM-DD
    note              TEXT NOT NULL DEFAULT '',
    closed_at         TEXT,
    closed_by_call_id TEXT REFERENCES calls (id),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX follow_ups_open ON follow_ups (due_date) WHERE closed_at IS NULL;

-- Every fetched or entered signature total, for the chart and for showing the last good
-- value while offline.
CREATE TABLE signature_snapshots (
    id         TEXT PRIMARY KEY,
    fetched_at TEXT NOT NULL,
    total      INTEGER NOT NULL CHECK (total >= 0),
    goal       INTEGER CHECK (goal IS NULL OR goal > 0),
    provider   TEXT NOT NULL,
    source     TEXT NOT NULL DEFAULT '',
    decreased  INTEGER NOT NULL DEFAULT 0,   -- lower than the previous total: kept, flagged
    created_at TEXT NOT NULL
);
CREATE INDEX signature_snapshots_time ON signature_snapshots (fetched_at);

-- Small key/value settings (never secrets: API tokens live outside the database).
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
