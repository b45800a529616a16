-- Issue 11: a form's half-written content (a call log, a response, a contact), kept until it
-- is saved or discarded, so that switching sections or restarting the app loses nothing.
-- One draft per form and target (the city's slug, or the contact's id); fields is a JSON
-- object of the form's text values. Drafts stay on this machine: bundles and team sync do
-- not carry them.
CREATE TABLE drafts (
    kind       TEXT NOT NULL CHECK (kind IN ('call', 'response', 'contact')),
    target     TEXT NOT NULL,
    fields     TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (kind, target)
) WITHOUT ROWID;
