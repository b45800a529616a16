-- Migration 0016 (issue 13, the city pane): a city's calls show the follow-up each one set
-- (`calls::list_for_city`), found by the city's id. `follow_ups` had an index by city for
-- the open ones only (`follow_ups_open_city`), so the pane read the whole table: 31,117
-- follow-ups, about 15 ms, for a city with one. This index holds what that query reads
-- (the call and its due date) for the follow-ups a call set.
--
-- Written for SQLite 3.40 too (Debian 12's `sqlite3`, which must still open the store).

CREATE INDEX follow_ups_city_call ON follow_ups (city_id, call_id, due_date)
    WHERE call_id IS NOT NULL;
