-- Contact imports that can be undone (issue 13). An import no longer copies the whole store
-- first (400 MB at campaign scale): it is listed in `merges` with kind 'import', and every
-- contact it added or replaced is journalled in `merge_changes`, like a bundle merge's rows,
-- so `outreach import undo` (the window's "Undo this import") reverts it. A contact an
-- import adds has the import's time (merged_at) as its updated_at, so an edit since is seen
-- and kept. The daily backup stays.
ALTER TABLE merges ADD COLUMN kind TEXT NOT NULL DEFAULT 'bundle' CHECK (kind IN ('bundle', 'import'));
