-- Schema version 3 (issue 9): what seed updates need.
-- * contacts.confidence: the research's confidence in a seeded contact (high, medium, low).
-- * contacts.seed_values: JSON of the seed's version of a seeded contact, as last applied or
--   offered, so a later seed knows whether its own values changed.
-- * contacts.seed_offer: JSON of a newer seed version of a contact that a volunteer edited by
--   hand (or imported): offered instead of overwriting; cleared when taken or dismissed.
-- * relationship_events.corrected_by: on a seeded entry the research later corrected, the id of
--   the entry that corrects it. A corrected entry stays in the history but is no longer a status.

ALTER TABLE contacts ADD COLUMN confidence TEXT
    CHECK (confidence IS NULL OR confidence IN ('high', 'medium', 'low'));
ALTER TABLE contacts ADD COLUMN seed_values TEXT;
ALTER TABLE contacts ADD COLUMN seed_offer TEXT;
ALTER TABLE relationship_events ADD COLUMN corrected_by TEXT REFERENCES relationship_events (id);
