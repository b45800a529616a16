import { describe, expect, it } from 'vitest';
import { chartGeometry, formatAge, formatCount, formatDay, formatUntil, percentOf } from './signatures';
import type { Snapshot } from './bindings/Snapshot';

const snap = (fetched_at: string, total: number, decreased = false): Snapshot => ({
  id: fetched_at,
  fetched_at,
  total,
  goal: 25000,
  provider: 'changeorg',
  source: 'https://www.change.org/p/x',
  decreased,
});

describe('signature figures', () => {
  it('shows counts with separators and ages in words', () => {
    expect(formatCount(18900)).toBe('18,900');
    const now = new Date('2026-11-28T12:00:00Z');
    expect(formatAge('2026-11-28T11:59:40Z', now)).toBe('just now');
    expect(formatAge('2026-11-28T11:45:00Z', now)).toBe('15 min ago');
    expect(formatAge('2026-11-28T10:00:00Z', now)).toBe('2 h ago');
    expect(formatAge('2026-11-25T12:00:00Z', now)).toBe('3 days ago');
    expect(formatDay('2026-04-30')).toBe('30 Apr 2026');
    expect(formatUntil('2026-11-28T12:00:20Z', now)).toBe('in under a minute');
    expect(formatUntil('2026-11-28T12:05:00Z', now)).toBe('in 5 min');
    expect(formatUntil(new Date(now.getTime() + 3 * 3_600_000).toISOString(), now)).toMatch(/^at \d\d:\d\d$/);
    expect(percentOf(18900, 25000)).toBe(75.6);
    expect(percentOf(30000, 25000)).toBe(100);
  });

  it('draws time left to right and the goal above every total below it', () => {
    const c = chartGeometry(
      [snap('2026-11-01T00:00:00Z', 18000), snap('2026-11-02T00:00:00Z', 18500), snap('2026-11-03T00:00:00Z', 18400, true)],
      25000,
      400,
      100,
    );
    expect(c.points.map((p) => p.x)).toEqual([8, 200, 392]);
    expect(c.points[1].y).toBeLessThan(c.points[0].y);
    expect(c.points[2].decreased).toBe(true);
    expect(c.goalY).toBeLessThan(Math.min(...c.points.map((p) => p.y)));
    expect(c.line.startsWith('M8,')).toBe(true);
    expect(c.line.split(' L')).toHaveLength(3);
  });

  it('puts a single point in the middle', () => {
    const c = chartGeometry([snap('2026-11-01T00:00:00Z', 100)], 25000, 400, 100);
    expect(c.points[0].x).toBe(200);
  });
});
