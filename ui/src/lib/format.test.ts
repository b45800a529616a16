import { describe, expect, it } from 'vitest';
import { formatPartialDate, formatWhen, isResearchNote, sourceHost } from './format';

describe('formatPartialDate', () => {
  it('shows each precision the research uses', () => {
    expect(formatPartialDate('2022-03-08')).toBe('8 Mar 2022');
    expect(formatPartialDate('2022-03')).toBe('Mar 2022');
    expect(formatPartialDate('2022')).toBe('2022');
    expect(formatPartialDate(null)).toBe('Undated');
  });
});

describe('formatWhen', () => {
  const now = new Date('2026-11-27T12:00:00Z');
  it('says never for a city nobody has called', () => {
    expect(formatWhen(null, now)).toBe('Never');
  });
  it('uses relative words for recent calls and a date for old ones', () => {
    expect(formatWhen('2026-11-27T09:00:00.000Z', now)).toBe('Today');
    expect(formatWhen('2026-11-26T09:00:00.000Z', now)).toBe('Yesterday');
    expect(formatWhen('2026-11-20T09:00:00.000Z', now)).toBe('7 days ago');
    expect(formatWhen('2026-01-02T09:00:00.000Z', now)).toBe('2026-01-02');
  });
});

describe('sourceHost', () => {
  it('shortens a source link to its site', () => {
    expect(sourceHost('https://www.axios.com/local/des-moines/2022/03/08/x')).toBe('axios.com');
    expect(sourceHost('not a url')).toBe('not a url');
  });
});

describe('isResearchNote', () => {
  it('tells a researcher’s working note from a summary a volunteer reads', () => {
    expect(isResearchNote('First pass: no post-2022 statement found; the Press Herald (2014) confirms the pairing.')).toBe(true);
    expect(isResearchNote('Second pass: unknown → active, 2022-02-28.')).toBe(true);
    expect(isResearchNote('The council voted to suspend the tie.')).toBe(false);
  });
});
