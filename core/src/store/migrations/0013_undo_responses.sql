-- Issue 11: a response and a tie's status change can be undone, as a call can. Undo sets
-- `undone_at`; the row stays, so a bundle merge or a team pull cannot bring it back, and an
-- undone row is left out of every reader (the city in full, the list, the queue, the
-- dashboard, exports) and of the summaries below. Existing rows are kept as they are (none
-- undone).

ALTER TABLE responses ADD COLUMN undone_at TEXT;
ALTER TABLE relationship_events ADD COLUMN undone_at TEXT;

-- A city's row leaves undone responses and status entries out: an undone latest response
-- gives the one before (or none), an undone status change the tie's previous status.
DROP TRIGGER city_summaries_refresh_city;
CREATE TRIGGER city_summaries_refresh_city INSTEAD OF INSERT ON city_summaries_refresh
BEGIN
    DELETE FROM city_summaries WHERE city_id = NEW.city_id;
    INSERT INTO city_summaries (city_id, status, response, next_follow_up,
        slug, name, state, kind, latitude, longitude, sister_city, last_call_at)
    SELECT c.id,
        (SELECT t.status FROM (
            SELECT coalesce((
                SELECT e.status FROM relationship_events e
                WHERE e.relationship_id = r.id AND e.corrected_by IS NULL
                  AND e.undone_at IS NULL
                ORDER BY e.seq DESC, e.origin = 'seed', e.created_at DESC, e.id DESC LIMIT 1
            ), 'unknown') AS status
            FROM relationships r WHERE r.city_id = c.id
        ) AS t
        ORDER BY CASE t.status WHEN 'active' THEN 3 WHEN 'unknown' THEN 2
                               WHEN 'suspended' THEN 1 ELSE 0 END DESC
        LIMIT 1),
        (SELECT s.response FROM responses s WHERE s.city_id = c.id AND s.undone_at IS NULL
         ORDER BY s.response_date DESC, s.created_at DESC, s.id DESC LIMIT 1),
        (SELECT min(f.due_date) FROM follow_ups f
         WHERE f.city_id = c.id AND f.closed_at IS NULL),
        c.slug, c.name, c.state, c.kind, c.latitude, c.longitude,
        (SELECT group_concat(t.sister_city, ', ') FROM (
            SELECT r.sister_city FROM relationships r WHERE r.city_id = c.id
            ORDER BY r.position, r.rowid) AS t),
        (SELECT l.last_call_at FROM city_last_calls l WHERE l.city_id = c.id)
    FROM cities c WHERE c.id = NEW.city_id;
END;

-- An undo (or its reversal by `bundle undo-merge`) recomputes the city.
DROP TRIGGER city_summaries_events_upd;
CREATE TRIGGER city_summaries_events_upd AFTER UPDATE OF
    id, relationship_id, seq, status, origin, created_at, corrected_by, undone_at
    ON relationship_events
BEGIN
    INSERT INTO city_summaries_refresh (city_id)
    SELECT DISTINCT city_id FROM relationships
    WHERE id IN (OLD.relationship_id, NEW.relationship_id);
END;
DROP TRIGGER city_summaries_responses_upd;
CREATE TRIGGER city_summaries_responses_upd AFTER UPDATE OF
    id, city_id, response, response_date, created_at, undone_at ON responses
BEGIN
    INSERT INTO city_summaries_refresh (city_id) SELECT OLD.city_id UNION SELECT NEW.city_id;
END;
