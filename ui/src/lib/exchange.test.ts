import { describe, expect, it } from 'vitest';
import { formatBytes, importSummary, mergeSummary, parseMapping } from './exchange';
import type { ImportReport } from './bindings/ImportReport';
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
  const report: ImportReport = { source: 'x', rows: [], counts, applied: false, written: 0, conflicts_kept: 1, backup_id: null };
  it('says a preview writes nothing', () => {
    expect(importSummary(report)).toBe(
      'Preview: 2 to add, 1 to update, 3 unchanged, 4 skipped, 1 with errors, 1 edited by hand. Nothing is written until you apply.',
    );
  });
  it('says what an applied import wrote and kept', () => {
    expect(importSummary({ ...report, applied: true, written: 3, backup_id: '20261128T000000000Z-before-import' })).toBe(
      'Imported: wrote 3 contacts, kept 1 hand edit; backup 20261128T000000000Z-before-import made first.',
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
