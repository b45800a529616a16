-- Team sync (issue 12): the events this store shares with the campaign's PostgreSQL
-- server. A row whose event is not listed here is pending (not yet pushed).
-- event_id is the server's id ('call:<id>', 'contact:<id>@<updated_at>', ...); author is the
-- volunteer the server recorded (its role), which it enforces; state says how the event
-- came to be shared: pushed by this machine, pulled from the server, or refused by it (an
-- undo of another volunteer's call, which stays on this machine only).
-- The pull watermark and the server's name are settings (team.*); the credentials are a
-- file outside the store.
CREATE TABLE team_events (
    event_id  TEXT PRIMARY KEY,
    author    TEXT NOT NULL,
    synced_at TEXT NOT NULL,
    state     TEXT NOT NULL CHECK (state IN ('pushed', 'pulled', 'refused'))
) WITHOUT ROWID;
CREATE INDEX team_events_author ON team_events (author, event_id);
