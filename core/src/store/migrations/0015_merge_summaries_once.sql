-- Migration 0015 (issue 13, the merge): a bundle merge brings calls, responses and status
-- changes by the ten thousand, and the triggers kept `city_last_calls` and `city_summaries`
-- a row at a time (several index searches and row rewrites for each merged call). While
-- `summaries_deferred` holds a row, the triggers of those three tables skip their work and
-- the merge recomputes each city it touched once, with the statements below, before it
-- commits. The row is written and removed inside the merge's own transaction, so no other
-- connection ever sees it: every other write keeps its triggers.
--
-- Written for SQLite 3.40 too (Debian 12's `sqlite3`, which must still open the store).

CREATE TABLE summaries_deferred (
    one INTEGER PRIMARY KEY CHECK (one = 1)
);

-- A city's latest call not undone, recomputed from its calls (inserting its id into the
-- view): what `city_last_calls_upd` and `city_last_calls_del` did each on their own; they now
-- share it, and so does a merge. It reads the city's calls newest first through
-- `calls_city_time` and stops at the first one not undone. (Their `max(called_at) ... GROUP
-- BY city_id` read every call of the city from the table: 4 s for the 20,072 cities of a
-- 1,000,000-call store; a lone max() in a subquery of a trigger was as slow.)
CREATE VIEW city_last_calls_refresh AS SELECT city_id FROM city_last_calls;

CREATE TRIGGER city_last_calls_refresh_city INSTEAD OF INSERT ON city_last_calls_refresh
BEGIN
    DELETE FROM city_last_calls WHERE city_id = NEW.city_id;
    INSERT INTO city_last_calls (city_id, last_call_at)
    SELECT NEW.city_id, called_at FROM calls
    WHERE city_id = NEW.city_id AND undone_at IS NULL
    ORDER BY called_at DESC LIMIT 1;
END;

DROP TRIGGER city_last_calls_ins;
CREATE TRIGGER city_last_calls_ins AFTER INSERT ON calls
    WHEN NEW.undone_at IS NULL AND NOT EXISTS (SELECT 1 FROM summaries_deferred)
BEGIN
    UPDATE city_last_calls SET last_call_at = NEW.called_at
    WHERE city_id = NEW.city_id AND last_call_at < NEW.called_at;
    INSERT INTO city_last_calls (city_id, last_call_at)
    SELECT NEW.city_id, NEW.called_at
    WHERE NOT EXISTS (SELECT 1 FROM city_last_calls WHERE city_id = NEW.city_id);
END;

DROP TRIGGER city_last_calls_upd;
CREATE TRIGGER city_last_calls_upd AFTER UPDATE OF city_id, called_at, undone_at ON calls
    WHEN NOT EXISTS (SELECT 1 FROM summaries_deferred)
BEGIN
    INSERT INTO city_last_calls_refresh (city_id) SELECT OLD.city_id UNION SELECT NEW.city_id;
END;

DROP TRIGGER city_last_calls_del;
CREATE TRIGGER city_last_calls_del AFTER DELETE ON calls
BEGIN
    INSERT INTO city_last_calls_refresh (city_id) VALUES (OLD.city_id);
END;

-- Responses and status changes: the same triggers as schema 6 and 13, skipped during a
-- merge.
DROP TRIGGER city_summaries_responses_ins;
CREATE TRIGGER city_summaries_responses_ins AFTER INSERT ON responses
    WHEN NOT EXISTS (SELECT 1 FROM summaries_deferred)
BEGIN
    INSERT INTO city_summaries_refresh (city_id) VALUES (NEW.city_id);
END;
DROP TRIGGER city_summaries_responses_upd;
CREATE TRIGGER city_summaries_responses_upd AFTER UPDATE OF
    id, city_id, response, response_date, created_at, undone_at ON responses
    WHEN NOT EXISTS (SELECT 1 FROM summaries_deferred)
BEGIN
    INSERT INTO city_summaries_refresh (city_id) SELECT OLD.city_id UNION SELECT NEW.city_id;
END;

DROP TRIGGER city_summaries_events_ins;
CREATE TRIGGER city_summaries_events_ins AFTER INSERT ON relationship_events
    WHEN NOT EXISTS (SELECT 1 FROM summaries_deferred)
BEGIN
    INSERT INTO city_summaries_refresh (city_id)
    SELECT city_id FROM relationships WHERE id = NEW.relationship_id;
END;
DROP TRIGGER city_summaries_events_upd;
CREATE TRIGGER city_summaries_events_upd AFTER UPDATE OF
    id, relationship_id, seq, status, origin, created_at, corrected_by, undone_at
    ON relationship_events
    WHEN NOT EXISTS (SELECT 1 FROM summaries_deferred)
BEGIN
    INSERT INTO city_summaries_refresh (city_id)
    SELECT DISTINCT city_id FROM relationships
    WHERE id IN (OLD.relationship_id, NEW.relationship_id);
END;
