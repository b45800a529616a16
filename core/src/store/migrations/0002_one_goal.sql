-- One signature goal: `campaign.goal` (Settings, the script, the Petition screen, the
-- dashboard). Earlier versions also kept `signatures.goal`, saved by the Petition screen,
-- and read it before `campaign.goal` there. The volunteer's value is the one saved last:
-- when `signatures.goal` was saved after `campaign.goal` (or there is no `campaign.goal`),
-- it becomes `campaign.goal`. Then `signatures.goal` goes.
INSERT INTO settings (key, value, updated_at)
SELECT 'campaign.goal', s.value, s.updated_at
FROM settings s
WHERE s.key = 'signatures.goal'
  AND CAST(s.value AS INTEGER) > 0
  AND NOT EXISTS (
    SELECT 1 FROM settings c WHERE c.key = 'campaign.goal' AND c.updated_at >= s.updated_at
  )
ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;

DELETE FROM settings WHERE key = 'signatures.goal';
