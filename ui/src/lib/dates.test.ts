import { describe, expect, it } from 'vitest';
import { resolveDate, resolvedNote } from './dates';

// Wednesday 2 December 2026, mid-morning.
const now = new Date(2026, 11, 2, 10, 0);

describe('a date as a volunteer types it', () => {
  it('resolves today, tomorrow, +3d and +2w', () => {
    expect(resolveDate('today', now)).toBe('2026-12-02');
    expect(resolveDate(' Tomorrow ', now)).toBe('2026-12-03');
    expect(resolveDate('+3d', now)).toBe('2026-12-05');
    expect(resolveDate('+30 days', now)).toBe('2027-01-01');
    expect(resolveDate('+2w', now)).toBe('2026-12-16');
  });

  it('resolves a weekday to the next one after today, never today', () => {
    expect(resolveDate('next tue', now)).toBe('2026-12-08');
    expect(resolveDate('thursday', now)).toBe('2026-12-03');
    expect(resolveDate('wed', now)).toBe('2026-12-09');
  });

  it('leaves a full date and anything else for the core to check', () => {
    expect(resolveDate('2026-03-08', now)).toBe('2026-03-08');
    expect(resolveDate('next month', now)).toBe('next month');
    expect(resolveDate('+3x', now)).toBe('+3x');
  });

  it('shows the resolved date before saving, only for words', () => {
    expect(resolvedNote('next tue', now)).toBe('Tuesday 2026-12-08');
    expect(resolvedNote('2026-12-08', now)).toBeNull();
    expect(resolvedNote('', now)).toBeNull();
  });
});
