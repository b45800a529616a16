import { describe, expect, it } from 'vitest';
import { formatBytes, importSummary, mergeSummary, parseMapping, undoImportSummary } from './exchange';
import type { ImportReport } from './bindings/ImportReport';
import type { ImportUndo } from './bindings/ImportUndo';
import type { MergeReport } from './bindings/MergeReport';

const counts = { add: 2, update: 1, unchanged: 3, skipped: 4, error: 1, conflict: 1 };

describe('column mappings', () => {
  it('reads pairs separated by commas or lines, keeping spaces inside column names', () => {
    expect(parseMapping('Mayor Name=name, Town = city\nST=state')).toEqual({
      mapping: [
        ['Mayor Name', 'name'],
        ['Town', 'city'],
        ['ST', 'state'],
      ],
      problem: null,
    });
    expect(parseMapping('  ')).toEqual({ mapping: [], problem: null });
  });

  it('names the part that is not column=field', () => {
    expect(parseMapping('Town=city, Mayor').problem).toBe('“Mayor” is not of the form column=field');
    expect(parseMapping('=name').problem).toBe('“=name” is not of the form column=field');
  });
});

describe('summaries', () => {
  const report: ImportReport = { source: 'x', rows: [], counts, applied: false, written: 0, conflicts_kept: 1, import_id: null };
  it('says a preview writes nothing', () => {
    expect(importSummary(report)).toBe(
      'Preview: 2 to add, 1 to update, 3 unchanged, 4 skipped, 1 with errors, 1 edited by hand. Nothing is written until you apply.',
    );
  });
  it('says what an applied import wrote and kept', () => {
    expect(importSummary({ ...report, applied: true, written: 3, import_id: 'import-1' })).toBe('Imported: wrote 3 contacts, kept 1 hand edit.');
  });
  it('says what undoing an import removed, put back and kept', () => {
    const u: ImportUndo = { import_id: 'i', file: 'mayors.csv', removed: 2, restored: 0, kept: [] };
    expect(undoImportSummary(u)).toBe('Undid the import of mayors.csv: removed 2 contacts it added, put back 0 contacts it replaced.');
    const kept = ['contact a: edited since the import', 'contact b: later work points at it', 'contact c: edited since the import', 'contact d: x'];
    expect(undoImportSummary({ ...u, removed: 1, restored: 1, kept })).toBe(
      'Undid the import of mayors.csv: removed 1 contact it added, put back 1 contact it replaced. Kept 4 rows worked on since (contact a: edited since the import; contact b: later work points at it; contact c: edited since the import; …).',
    );
  });
  it('says what a merge added and resolved', () => {
    const m: MergeReport = {
      file: 'b.json', machine_id: 'm', created_at: 't', cities_added: 0, ties_added: 0, calls_added: 1, calls_known: 2, calls_undone: 0,
      responses_added: 1, responses_undone: 0, status_events_added: 0, status_events_undone: 0, contacts_added: 0, contacts_theirs: 1, contacts_ours: 0,
      revisions_added: 1, follow_ups_added: 1, follow_ups_theirs: 0, follow_ups_ours: 0, refused: [], refused_by_reason: [], merge_id: null,
    };
    expect(mergeSummary(m)).toContain('Merged: 1 new call (2 already here)');
    expect(mergeSummary(m)).toContain('1 contact edit taken from the exchange file');
    expect(mergeSummary(m)).not.toContain('place');
    expect(mergeSummary({ ...m, cities_added: 1, ties_added: 2 })).toContain('Merged: 1 new place and 2 new sister-city links, 1 new call');
    expect(mergeSummary(m)).not.toContain('Refused');
  });
  it('counts the rows a merge refused, by reason', () => {
    const m: MergeReport = {
      file: 'b.json', machine_id: 'm', created_at: 't', cities_added: 0, ties_added: 0, calls_added: 0, calls_known: 0, calls_undone: 0,
      responses_added: 0, responses_undone: 0, status_events_added: 0, status_events_undone: 0, contacts_added: 0, contacts_theirs: 0, contacts_ours: 0,
      revisions_added: 0, follow_ups_added: 0, follow_ups_theirs: 0, follow_ups_ours: 0, refused: [],
      refused_by_reason: [{ reason: 'invalid_value', count: 99 }, { reason: 'undo_not_allowed', count: 1 }], merge_id: null,
    };
    expect(mergeSummary(m)).toContain(
      "Refused 100 rows (99 with a value the form would refuse, 1 undoing another volunteer's call, response or status change); nothing of them was written.",
    );
  });
  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2 * 1024 * 1024)).toBe('2.0 MB');
  });
});
