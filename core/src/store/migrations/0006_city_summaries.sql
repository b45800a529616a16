-- Schema 6 (issue 13): each city's summary values kept in the store, so a fresh process
-- (the command line, the window at start) reads one row per city instead of aggregating
-- every call, response, status entry and follow-up.
--
-- `city_summaries` holds, for every city:
--   status          the status of its tie needing the most work (RelationshipStatus::ORDER:
--                   active, then unknown, suspended, severed), each tie's status being its
--                   latest history entry that no entry corrects (cities::LATEST_STATUS; a tie
--                   without entries is unknown); NULL when the city has no tie (not listed);
--   response        its latest response (latest response_date, then created_at, then id),
--                   NULL when it gave none;
--   next_follow_up  the due date of its earliest open follow-up, NULL when none is open.
-- The last call stays in `city_last_calls` (schema 2).
--
-- Derived data: kept by the triggers below in the same transaction as every write to the
-- tables it summarises (so every path keeps it: the forms, the command line, imports,
-- bundle merges, seed updates, team sync), rebuilt here for existing stores, never exported
-- or merged. Each trigger recomputes the cities a write touched from their rows, through
-- indexes: a few lookups per city.

CREATE TABLE city_summaries (
    city_id        TEXT PRIMARY KEY,
    status         TEXT,
    response       TEXT,
    next_follow_up TEXT
) WITHOUT ROWID;

-- `city_last_calls` (schema 2) missed calls that a bundle merge brought: its insert trigger
-- wrote with INSERT OR REPLACE, and SQLite applies the conflict policy of the statement that
-- fires a trigger (the merge's INSERT OR IGNORE) to the trigger's own statements, so a city
-- that already had a row kept its older time. The trigger now updates or inserts without a
-- conflict, and the table is rebuilt from the calls.
DROP TRIGGER city_last_calls_ins;
CREATE TRIGGER city_last_calls_ins AFTER INSERT ON calls WHEN NEW.undone_at IS NULL
BEGIN
    UPDATE city_last_calls SET last_call_at = NEW.called_at
    WHERE city_id = NEW.city_id AND last_call_at < NEW.called_at;
    INSERT INTO city_last_calls (city_id, last_call_at)
    SELECT NEW.city_id, NEW.called_at
    WHERE NOT EXISTS (SELECT 1 FROM city_last_calls WHERE city_id = NEW.city_id);
END;
DELETE FROM city_last_calls;
INSERT INTO city_last_calls (city_id, last_call_at)
    SELECT city_id, max(called_at) FROM calls WHERE undone_at IS NULL GROUP BY city_id;

-- The dashboard counts cities by status and by response from these.
CREATE INDEX city_summaries_status ON city_summaries (status, response);

-- A city's open follow-ups, earliest first (the summary's next follow-up).
CREATE INDEX follow_ups_open_city ON follow_ups (city_id, due_date) WHERE closed_at IS NULL;

-- The dashboard's calls of the last 7 days (everyone's and the volunteer's), from the index
-- alone.
CREATE INDEX calls_done_time ON calls (called_at, volunteer) WHERE undone_at IS NULL;

-- The cities with a contact to phone (the call queue puts the others last), from the
-- index alone.
CREATE INDEX contacts_phone_city ON contacts (city_id)
    WHERE deleted_at IS NULL AND phone IS NOT NULL AND trim(phone) <> '';

-- The cities whose summary a write touched, recomputed by `city_summaries_refresh`.
-- (A view with an INSTEAD OF trigger is SQLite's way to share one statement between
-- triggers: inserting a city id into the view recomputes that city's row.)
CREATE VIEW city_summaries_refresh AS SELECT city_id FROM city_summaries;

CREATE TRIGGER city_summaries_refresh_city INSTEAD OF INSERT ON city_summaries_refresh
BEGIN
    DELETE FROM city_summaries WHERE city_id = NEW.city_id;
    INSERT INTO city_summaries (city_id, status, response, next_follow_up)
    SELECT c.id,
        (SELECT t.status FROM (
            SELECT coalesce((
                SELECT e.status FROM relationship_events e
                WHERE e.relationship_id = r.id AND e.corrected_by IS NULL
                ORDER BY e.seq DESC, e.origin = 'seed', e.created_at DESC, e.id DESC LIMIT 1
            ), 'unknown') AS status
            FROM relationships r WHERE r.city_id = c.id
        ) AS t
        ORDER BY CASE t.status WHEN 'active' THEN 3 WHEN 'unknown' THEN 2
                               WHEN 'suspended' THEN 1 ELSE 0 END DESC
        LIMIT 1),
        (SELECT s.response FROM responses s WHERE s.city_id = c.id
         ORDER BY s.response_date DESC, s.created_at DESC, s.id DESC LIMIT 1),
        (SELECT min(f.due_date) FROM follow_ups f
         WHERE f.city_id = c.id AND f.closed_at IS NULL)
    FROM cities c WHERE c.id = NEW.city_id;
END;

INSERT INTO city_summaries_refresh (city_id) SELECT id FROM cities;

-- Cities.
CREATE TRIGGER city_summaries_cities_ins AFTER INSERT ON cities
BEGIN
    INSERT INTO city_summaries_refresh (city_id) VALUES (NEW.id);
END;
CREATE TRIGGER city_summaries_cities_upd AFTER UPDATE OF id ON cities
BEGIN
    INSERT INTO city_summaries_refresh (city_id) SELECT OLD.id UNION SELECT NEW.id;
END;
CREATE TRIGGER city_summaries_cities_del AFTER DELETE ON cities
BEGIN
    DELETE FROM city_summaries WHERE city_id = OLD.id;
END;

-- Ties.
CREATE TRIGGER city_summaries_ties_ins AFTER INSERT ON relationships
BEGIN
    INSERT INTO city_summaries_refresh (city_id) VALUES (NEW.city_id);
END;
CREATE TRIGGER city_summaries_ties_upd AFTER UPDATE OF id, city_id ON relationships
BEGIN
    INSERT INTO city_summaries_refresh (city_id) SELECT OLD.city_id UNION SELECT NEW.city_id;
END;
CREATE TRIGGER city_summaries_ties_del AFTER DELETE ON relationships
BEGIN
    INSERT INTO city_summaries_refresh (city_id) VALUES (OLD.city_id);
END;

-- A tie's dated history.
CREATE TRIGGER city_summaries_events_ins AFTER INSERT ON relationship_events
BEGIN
    INSERT INTO city_summaries_refresh (city_id)
    SELECT city_id FROM relationships WHERE id = NEW.relationship_id;
END;
CREATE TRIGGER city_summaries_events_upd AFTER UPDATE OF
    id, relationship_id, seq, status, origin, created_at, corrected_by ON relationship_events
BEGIN
    INSERT INTO city_summaries_refresh (city_id)
    SELECT DISTINCT city_id FROM relationships
    WHERE id IN (OLD.relationship_id, NEW.relationship_id);
END;
CREATE TRIGGER city_summaries_events_del AFTER DELETE ON relationship_events
BEGIN
    INSERT INTO city_summaries_refresh (city_id)
    SELECT city_id FROM relationships WHERE id = OLD.relationship_id;
END;

-- Responses.
CREATE TRIGGER city_summaries_responses_ins AFTER INSERT ON responses
BEGIN
    INSERT INTO city_summaries_refresh (city_id) VALUES (NEW.city_id);
END;
CREATE TRIGGER city_summaries_responses_upd AFTER UPDATE OF
    id, city_id, response, response_date, created_at ON responses
BEGIN
    INSERT INTO city_summaries_refresh (city_id) SELECT OLD.city_id UNION SELECT NEW.city_id;
END;
CREATE TRIGGER city_summaries_responses_del AFTER DELETE ON responses
BEGIN
    INSERT INTO city_summaries_refresh (city_id) VALUES (OLD.city_id);
END;

-- Follow-ups.
CREATE TRIGGER city_summaries_follow_ups_ins AFTER INSERT ON follow_ups
BEGIN
    INSERT INTO city_summaries_refresh (city_id) VALUES (NEW.city_id);
END;
CREATE TRIGGER city_summaries_follow_ups_upd AFTER UPDATE OF
    city_id, due_date, closed_at ON follow_ups
BEGIN
    INSERT INTO city_summaries_refresh (city_id) SELECT OLD.city_id UNION SELECT NEW.city_id;
END;
CREATE TRIGGER city_summaries_follow_ups_del AFTER DELETE ON follow_ups
BEGIN
    INSERT INTO city_summaries_refresh (city_id) VALUES (OLD.city_id);
END;
