// The Import & export screen's pure logic (its commands are `exchangeApi` in api.ts).
import type { ImportAction } from './bindings/ImportAction';
import type { ImportReport } from './bindings/ImportReport';
import type { MergeReport } from './bindings/MergeReport';
import type { MergeUndo } from './bindings/MergeUndo';
import type { RefusalReason } from './bindings/RefusalReason';

export const ACTION_LABELS: Record<ImportAction, string> = {
  add: 'Add',
  update: 'Update',
  unchanged: 'Unchanged',
  skipped: 'Skipped',
  error: 'Error',
  conflict: 'Conflict',
};

/** "Mayor Name=name, Town=city" (commas or new lines) → [["Mayor Name","name"],["Town","city"]]. */
export function parseMapping(text: string): { mapping: [string, string][]; problem: string | null } {
  const mapping: [string, string][] = [];
  for (const part of text.split(/[,\n]/)) {
    const p = part.trim();
    if (!p) continue;
    const eq = p.lastIndexOf('=');
    if (eq <= 0 || eq === p.length - 1) return { mapping: [], problem: `“${p}” is not of the form column=field` };
    mapping.push([p.slice(0, eq).trim(), p.slice(eq + 1).trim()]);
  }
  return { mapping, problem: null };
}

/** One sentence that counts what a preview or an applied import does. */
export function importSummary(r: ImportReport): string {
  const c = r.counts;
  const parts = [
    `${c.add} to add`,
    `${c.update} to update`,
    `${c.unchanged} unchanged`,
    `${c.skipped} skipped`,
    `${c.error} with errors`,
    `${c.conflict} edited by hand`,
  ];
  if (!r.applied) return `Preview: ${parts.join(', ')}. Nothing is written until you apply.`;
  let s = `Imported: wrote ${r.written} contact${r.written === 1 ? '' : 's'}`;
  if (r.conflicts_kept > 0) s += `, kept ${r.conflicts_kept} hand edit${r.conflicts_kept === 1 ? '' : 's'}`;
  if (r.backup_id) s += `; backup ${r.backup_id} made first`;
  return `${s}.`;
}

/** One sentence for a merged bundle: what it added and how it resolved edits. */
export function mergeSummary(r: MergeReport): string {
  const places = r.cities_added + r.ties_added > 0 ? `${r.cities_added} new place${r.cities_added === 1 ? '' : 's'} and ${r.ties_added} new tie${r.ties_added === 1 ? '' : 's'}, ` : '';
  const added = `Merged: ${places}${r.calls_added} new call${r.calls_added === 1 ? '' : 's'} (${r.calls_known} already here), ${r.responses_added} responses, ${r.status_events_added} status changes, ${r.contacts_added} contacts, ${r.follow_ups_added} follow-ups.`;
  const resolved = `Resolved: ${r.contacts_theirs} contact edits taken from the bundle, ${r.contacts_ours} kept from this computer; ${r.follow_ups_theirs + r.follow_ups_ours} follow-up changes.`;
  const total = r.refused_by_reason.reduce((n, c) => n + c.count, 0);
  if (total === 0) return `${added} ${resolved}`;
  const why = r.refused_by_reason.map((c) => `${c.count} ${REFUSAL_REASONS[c.reason]}`).join(', ');
  return `${added} ${resolved} Refused ${total} row${total === 1 ? '' : 's'} (${why}); nothing of them was written.`;
}

/** One sentence for an undone merge. */
export function undoMergeSummary(u: MergeUndo): string {
  const s = `Undid the merge of ${u.file}: removed ${u.removed} row${u.removed === 1 ? '' : 's'} it added, put back ${u.restored} it changed.`;
  if (u.kept.length === 0) return s;
  return `${s} Kept ${u.kept.length} row${u.kept.length === 1 ? '' : 's'} worked on since (${u.kept.slice(0, 3).join('; ')}${u.kept.length > 3 ? '; …' : ''}).`;
}

/** Why a merge refused rows, in words. */
export const REFUSAL_REASONS: Record<RefusalReason, string> = {
  invalid_value: 'with a value the form would refuse',
  seed_only: "claiming to be the app's own data",
  in_the_future: 'dated in the future',
  undo_not_allowed: "undoing another volunteer's call",
  unknown_reference: 'about a city, tie or contact this computer lacks',
  conflict: 'clashing with a place or tie already here',
};

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export const BACKUP_REASONS: Record<string, string> = {
  daily: 'Daily',
  manual: 'Made by hand',
  'before-import': 'Before an import',
  'before-merge': 'Before a merge',
  'before-restore': 'Before a restore',
  'before-migration': 'Before an update',
};
