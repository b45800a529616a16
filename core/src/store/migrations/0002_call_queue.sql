-- Schema 2: the "call next" queue (issue 9).

-- A city a volunteer skipped in the queue, with the reason: the queue moves past it until
-- `until_date` (the first day it comes back). Kept on this machine only; never a call.
CREATE TABLE queue_skips (
    id          TEXT PRIMARY KEY,
    city_id     TEXT NOT NULL REFERENCES cities (id),
    reason      TEXT NOT NULL,
    until_date  TEXT NOT NULL,           -- YYYY-MM-DD
    volunteer   TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX queue_skips_until ON queue_skips (until_date);

-- Each city's latest call that is not undone, kept by the triggers below, so the queue
-- reads one row per city instead of every call. Derived data: rebuilt from `calls` at any
-- time with the INSERT below; never exported or merged.
CREATE TABLE city_last_calls (
    city_id      TEXT PRIMARY KEY,
    last_call_at TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO city_last_calls (city_id, last_call_at)
    SELECT city_id, max(called_at) FROM calls WHERE undone_at IS NULL GROUP BY city_id;

CREATE TRIGGER city_last_calls_ins AFTER INSERT ON calls WHEN NEW.undone_at IS NULL
BEGIN
    INSERT OR REPLACE INTO city_last_calls (city_id, last_call_at)
    SELECT NEW.city_id, max(NEW.called_at,
        coalesce((SELECT last_call_at FROM city_last_calls WHERE city_id = NEW.city_id), ''));
END;

CREATE TRIGGER city_last_calls_upd AFTER UPDATE OF city_id, called_at, undone_at ON calls
BEGIN
    DELETE FROM city_last_calls WHERE city_id IN (OLD.city_id, NEW.city_id);
    INSERT INTO city_last_calls (city_id, last_call_at)
    SELECT city_id, max(called_at) FROM calls
    WHERE city_id IN (OLD.city_id, NEW.city_id) AND undone_at IS NULL GROUP BY city_id;
END;

CREATE TRIGGER city_last_calls_del AFTER DELETE ON calls
BEGIN
    DELETE FROM city_last_calls WHERE city_id = OLD.city_id;
    INSERT INTO city_last_calls (city_id, last_call_at)
    SELECT city_id, max(called_at) FROM calls
    WHERE city_id = OLD.city_id AND undone_at IS NULL GROUP BY city_id;
END;
