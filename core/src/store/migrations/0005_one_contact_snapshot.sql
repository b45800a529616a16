-- Every contact_revisions.snapshot has one shape, the contact's row as JSON
-- (rows::ContactRow). Before, the contact form's edits kept the contact as the UI saw it
-- (no city, source id, origin or times) while imports and bundles kept the row.
--
-- The rewrite runs in Rust after this SQL, in the same transaction
-- (rows::upgrade_stored_snapshots): it completes each old snapshot from its contact's row
-- and history. Nothing else changes and no revision is removed.
SELECT 1;
