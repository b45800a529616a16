// The Import & export screen's pure logic (its commands are `exchangeApi` in api.ts).
import type { ImportAction } from './bindings/ImportAction';
import type { ImportReport } from './bindings/ImportReport';
import type { ImportUndo } from './bindings/ImportUndo';
import type { MergeReport } from './bindings/MergeReport';
import type { MergeUndo } from './bindings/MergeUndo';
import type { RefusalReason } from './bindings/RefusalReason';
import { t, tKey } from './i18n.svelte';

/** What an import does with a row, in words ("Add", "Додати"). */
export function actionLabel(action: ImportAction): string {
  return t(`exchange.action.${action}`);
}

/** "Mayor Name=name, Town=city" (commas or new lines) → [["Mayor Name","name"],["Town","city"]]. */
export function parseMapping(text: string): { mapping: [string, string][]; problem: string | null } {
  const mapping: [string, string][] = [];
  for (const part of text.split(/[,\n]/)) {
    const p = part.trim();
    if (!p) continue;
    const eq = p.lastIndexOf('=');
    if (eq <= 0 || eq === p.length - 1) return { mapping: [], problem: t('exchange.mappingNotPair', { part: p }) };
    mapping.push([p.slice(0, eq).trim(), p.slice(eq + 1).trim()]);
  }
  return { mapping, problem: null };
}

/** One sentence that counts what a preview or an applied import does. */
export function importSummary(r: ImportReport): string {
  if (!r.applied) return t('exchange.previewSummary', { ...r.counts });
  let s = t('exchange.imported', { count: r.written });
  if (r.conflicts_kept > 0) s += t('exchange.importedKept', { count: r.conflicts_kept });
  return `${s}.`;
}

/** One sentence for an undone import ("Undo this import"). */
export function undoImportSummary(u: ImportUndo): string {
  const s = t('exchange.importUndone', { file: u.file, removed: u.removed, restored: u.restored });
  return withKept(s, u.kept);
}

/** One sentence for a merged bundle: what it added and how it resolved edits. */
export function mergeSummary(r: MergeReport): string {
  const places = r.cities_added + r.ties_added > 0 ? t('exchange.mergePlaces', { cities: r.cities_added, ties: r.ties_added }) : '';
  const added = t('exchange.merged', {
    places,
    calls: r.calls_added,
    known: r.calls_known,
    responses: r.responses_added,
    statuses: r.status_events_added,
    contacts: r.contacts_added,
    followUps: r.follow_ups_added,
  });
  const resolved = t('exchange.resolved', { theirs: r.contacts_theirs, ours: r.contacts_ours, followUps: r.follow_ups_theirs + r.follow_ups_ours });
  const total = r.refused_by_reason.reduce((n, c) => n + c.count, 0);
  if (total === 0) return `${added} ${resolved}`;
  const why = r.refused_by_reason.map((c) => t('exchange.refusedReason', { count: c.count, reason: refusalReason(c.reason) })).join(', ');
  return `${added} ${resolved} ${t('exchange.refused', { count: total, why })}`;
}

/** One sentence for an undone merge. */
export function undoMergeSummary(u: MergeUndo): string {
  const s = t('exchange.undone', { file: u.file, removed: u.removed, restored: u.restored });
  return withKept(s, u.kept);
}

/** An undo's sentence, then the rows it kept because they were worked on since (the first 3). */
function withKept(s: string, kept: string[]): string {
  if (kept.length === 0) return s;
  const rows = `${kept.slice(0, 3).join('; ')}${kept.length > 3 ? '; …' : ''}`;
  return `${s} ${t('exchange.undoneKept', { count: kept.length, rows })}`;
}

/** Why a merge refused rows, in words. */
export function refusalReason(reason: RefusalReason): string {
  return t(`exchange.refusal.${reason}`);
}

export function formatBytes(n: number): string {
  if (n < 1024) return t('exchange.bytes', { count: n });
  if (n < 1024 * 1024) return t('exchange.kilobytes', { count: Math.round(n / 1024) });
  return t('exchange.megabytes', { count: n / 1024 / 1024 });
}

/** Why a backup was made, in words (the reason itself when it is a new one). */
export function backupReason(reason: string): string {
  return tKey(`exchange.backup.${reason}`);
}
