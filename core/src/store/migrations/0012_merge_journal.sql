-- Bundle merges that can be undone (issue 13). A merge no longer copies the whole store
-- first (400 MB at campaign scale): it is listed here, and every row it added or changed
-- is journalled with what it was before, so `outreach bundle undo-merge` reverts it.
-- The daily backup stays.
CREATE TABLE merges (
    id          TEXT PRIMARY KEY,
    file        TEXT NOT NULL,
    machine_id  TEXT NOT NULL,
    created_at  TEXT NOT NULL,   -- when the bundle was made
    merged_at   TEXT NOT NULL,
    undone_at   TEXT
) WITHOUT ROWID;

-- kind: 'added' (the merge added the row), 'changed' (it replaced the row: before and after
-- are the row as JSON), 'undone' (it undid a call: before and after are its undone_at).
CREATE TABLE merge_changes (
    seq       INTEGER PRIMARY KEY,
    merge_id  TEXT NOT NULL REFERENCES merges (id),
    tbl       TEXT NOT NULL,
    row_id    TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('added', 'changed', 'undone')),
    before    TEXT,
    after     TEXT
);
CREATE INDEX merge_changes_merge ON merge_changes (merge_id, seq);

-- Every query that reads calls by time leaves undone calls out, which `calls_done_time`
-- (schema 6) serves; `calls_time` was a fifth index each call wrote for nothing.
DROP INDEX calls_time;
