-- One signature goal: `campaign.goal` (Settings, the script, the Petition screen, the
-- dashboard). Schema 1 also kept `signatures.goal`, saved by the Petition screen and read
-- there before `campaign.goal`. Both keys are rewritten whenever their screen saves any of
-- its settings, so the times alone do not say which one the volunteer chose. The Petition
-- screen's goal becomes the one goal when it differs and Settings still holds the goal of
-- schema 1's seed (25,000: never changed there), or when it was saved after Settings.
-- Then `signatures.goal` goes.
UPDATE settings
SET value = s.value, updated_at = s.updated_at
FROM (
  SELECT value, updated_at FROM settings
  WHERE key = 'signatures.goal' AND CAST(value AS INTEGER) > 0
) AS s
WHERE settings.key = 'campaign.goal'
  AND settings.value <> s.value
  AND (trim(settings.value) = '25000' OR s.updated_at > settings.updated_at);

INSERT OR IGNORE INTO settings (key, value, updated_at)
SELECT 'campaign.goal', value, updated_at FROM settings
WHERE key = 'signatures.goal' AND CAST(value AS INTEGER) > 0;

DELETE FROM settings WHERE key = 'signatures.goal';
