import { describe, expect, it } from 'vitest';
import { addMonths, firstDayOfWeek, isIsoDate, monthGrid, moveByKey, weekdays } from './calendar';

describe('the calendar grid', () => {
  it('starts each week on the locale’s first day: Monday in Ukrainian, Sunday in American English', () => {
    expect(firstDayOfWeek('uk-UA')).toBe(1);
    expect(firstDayOfWeek('uk')).toBe(1);
    expect(firstDayOfWeek('en-US')).toBe(0);
    expect(firstDayOfWeek('en')).toBe(0);
    expect(firstDayOfWeek('en-GB')).toBe(1);
  });

  it('covers the month in whole weeks', () => {
    // December 2026 starts on a Tuesday and ends on a Thursday.
    const monday = monthGrid('2026-12-15', 1);
    expect(monday[0]).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    expect(monday.at(-1)).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']);
    expect(monday).toHaveLength(5);
    const sunday = monthGrid('2026-12-15', 0);
    expect(sunday[0][0]).toBe('2026-11-29');
    expect(sunday.at(-1)!.at(-1)).toBe('2027-01-02');
    // February 2026 (Sunday 1st to Saturday 28th) fills exactly four Sunday weeks.
    expect(monthGrid('2026-02-10', 0)).toHaveLength(4);
    expect(monthGrid('2026-02-10', 1)).toHaveLength(5);
  });

  it('moves by day, week, month and to the week’s ends with the keys', () => {
    expect(moveByKey('2026-12-31', 'ArrowRight', 1)).toBe('2027-01-01');
    expect(moveByKey('2026-03-01', 'ArrowLeft', 1)).toBe('2026-02-28');
    expect(moveByKey('2026-12-02', 'ArrowDown', 1)).toBe('2026-12-09');
    expect(moveByKey('2026-12-02', 'ArrowUp', 1)).toBe('2026-11-25');
    expect(moveByKey('2026-01-31', 'PageDown', 1)).toBe('2026-02-28');
    expect(moveByKey('2026-12-02', 'PageUp', 1, true)).toBe('2025-12-02');
    // Wednesday 2 December 2026: its week runs Monday 30 Nov to Sunday 6 Dec, or Sunday 29 Nov to Saturday 5 Dec.
    expect(moveByKey('2026-12-02', 'Home', 1)).toBe('2026-11-30');
    expect(moveByKey('2026-12-02', 'End', 1)).toBe('2026-12-06');
    expect(moveByKey('2026-12-02', 'Home', 0)).toBe('2026-11-29');
    expect(moveByKey('2026-12-02', 'End', 0)).toBe('2026-12-05');
    expect(moveByKey('2026-12-02', 'x', 1)).toBeNull();
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
  });

  it('knows a real date from a look-alike, and names the weekdays in grid order', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('tomorrow')).toBe(false);
    expect(weekdays(1).map((d) => d.getDay())).toEqual([1, 2, 3, 4, 5, 6, 0]);
    expect(weekdays(0).map((d) => d.getDay())).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
