-- Migration 0010 (issue 13): each city's whole list row in `city_summaries`, so the city list, the
-- call queue and one city's summary read one table (one row per city) instead of joining
-- four (cities, relationships, city_summaries, city_last_calls) by text ids.
--
-- New columns, copies kept by the triggers below in the same transaction as every write:
--   slug, name, state, kind, latitude, longitude   the city's own (table `cities`);
--   sister_city    its ties' Russian sister cities in their order (position), joined ", ";
--   last_call_at   its latest call not undone (table `city_last_calls`, schema 2 and 6).
-- Derived data, like the rest of the table: never exported or merged.
--
-- Written for SQLite 3.40 too (Debian 12's `sqlite3`, which must still open the store): no
-- ORDER BY inside an aggregate; the sister cities are joined in the order of a subquery.

ALTER TABLE city_summaries ADD COLUMN slug TEXT;
ALTER TABLE city_summaries ADD COLUMN name TEXT;
ALTER TABLE city_summaries ADD COLUMN state TEXT;
ALTER TABLE city_summaries ADD COLUMN kind TEXT;
ALTER TABLE city_summaries ADD COLUMN latitude REAL;
ALTER TABLE city_summaries ADD COLUMN longitude REAL;
ALTER TABLE city_summaries ADD COLUMN sister_city TEXT;
ALTER TABLE city_summaries ADD COLUMN last_call_at TEXT;

-- Recomputing a city's row (inserting its id into the view) fills every column.
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
         WHERE f.city_id = c.id AND f.closed_at IS NULL),
        c.slug, c.name, c.state, c.kind, c.latitude, c.longitude,
        (SELECT group_concat(t.sister_city, ', ') FROM (
            SELECT r.sister_city FROM relationships r WHERE r.city_id = c.id
            ORDER BY r.position, r.rowid) AS t),
        (SELECT l.last_call_at FROM city_last_calls l WHERE l.city_id = c.id)
    FROM cities c WHERE c.id = NEW.city_id;
END;

-- The new columns of existing rows (the others are already current).
UPDATE city_summaries SET
    (slug, name, state, kind, latitude, longitude) = (
        SELECT c.slug, c.name, c.state, c.kind, c.latitude, c.longitude
        FROM cities c WHERE c.id = city_summaries.city_id),
    sister_city = (
        SELECT group_concat(t.sister_city, ', ') FROM (
            SELECT r.sister_city FROM relationships r WHERE r.city_id = city_summaries.city_id
            ORDER BY r.position, r.rowid) AS t),
    last_call_at = (
        SELECT l.last_call_at FROM city_last_calls l WHERE l.city_id = city_summaries.city_id);

-- A city's own values changed (its id: schema 6's trigger).
CREATE TRIGGER city_summaries_cities_values AFTER UPDATE OF
    slug, name, state, kind, latitude, longitude ON cities
BEGIN
    INSERT INTO city_summaries_refresh (city_id) VALUES (NEW.id);
END;

-- A tie's sister city or position changed (its id or city: schema 6's trigger).
CREATE TRIGGER city_summaries_ties_values AFTER UPDATE OF sister_city, position ON relationships
BEGIN
    INSERT INTO city_summaries_refresh (city_id) VALUES (NEW.city_id);
END;

-- The latest call, as `city_last_calls` keeps it.
CREATE TRIGGER city_summaries_last_call_ins AFTER INSERT ON city_last_calls
BEGIN
    UPDATE city_summaries SET last_call_at = NEW.last_call_at WHERE city_id = NEW.city_id;
END;
CREATE TRIGGER city_summaries_last_call_upd AFTER UPDATE ON city_last_calls
BEGIN
    UPDATE city_summaries SET last_call_at = NULL WHERE city_id = OLD.city_id;
    UPDATE city_summaries SET last_call_at = NEW.last_call_at WHERE city_id = NEW.city_id;
END;
CREATE TRIGGER city_summaries_last_call_del AFTER DELETE ON city_last_calls
BEGIN
    UPDATE city_summaries SET last_call_at = NULL WHERE city_id = OLD.city_id;
END;

-- The list in name order (as SQLite's NOCASE folds it, then state, then id), listed cities
-- only (a city without a tie has no status).
CREATE INDEX city_summaries_name ON city_summaries (name COLLATE NOCASE, state, city_id)
    WHERE status IS NOT NULL;
