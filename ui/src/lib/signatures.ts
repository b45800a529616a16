// The signature panel's pure logic: counts, ages, and the chart's geometry.
import type { Snapshot } from './bindings/Snapshot';
import { timeAgo } from './format';
import { formatNumber, formatTag, t } from './i18n.svelte';

/** 18900 → "18,900" (in Ukrainian "18 900"). */
export function formatCount(n: number): string {
  return formatNumber(Math.round(n));
}

/** How old a timestamp is, in words: "just now", "5 min ago", "2 h ago", "3 days ago". */
export function formatAge(timestamp: string, now: Date = new Date()): string {
  return timeAgo(timestamp, now, 'short');
}

/** When a future moment comes, in words: "in under a minute", "in 5 min", "at 14:05". */
export function formatUntil(timestamp: string, now: Date = new Date()): string {
  const then = new Date(timestamp);
  if (Number.isNaN(then.getTime())) return timestamp;
  const minutes = Math.round((then.getTime() - now.getTime()) / 60_000);
  if (minutes < 1) return t('format.inUnderAMinute');
  if (minutes < 60) return t('format.inMinShort', { count: minutes });
  return t('format.atTime', { time: `${String(then.getHours()).padStart(2, '0')}:${String(then.getMinutes()).padStart(2, '0')}` });
}

/** "2026-04-30" → "30 Apr 2026". */
export function formatDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Intl.DateTimeFormat(formatTag(), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/** The share of the goal reached, 0–100, one decimal. */
export function percentOf(total: number, goal: number): number {
  if (goal <= 0) return 0;
  return Math.min(100, Math.round((total / goal) * 1000) / 10);
}

export interface ChartPoint {
  x: number;
  y: number;
  total: number;
  at: string;
  decreased: boolean;
}

export interface Chart {
  width: number;
  height: number;
  points: ChartPoint[];
  /** The SVG path of the total over time. */
  line: string;
  /** The goal line's height, when the goal fits in the chart. */
  goalY: number;
  yMax: number;
  first: string | null;
  last: string | null;
}

/**
 * The total over time as SVG geometry: time on x (one point alone sits in the middle),
 * totals on y from 0 to a little above the goal or the highest total, whichever is higher.
 */
export function chartGeometry(history: Snapshot[], goal: number, width = 480, height = 160, pad = 8): Chart {
  const times = history.map((s) => new Date(s.fetched_at).getTime());
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const yMax = Math.max(goal, ...history.map((s) => s.total), 1) * 1.05;
  const x = (t: number) => (t1 === t0 ? width / 2 : pad + ((t - t0) / (t1 - t0)) * (width - 2 * pad));
  const y = (v: number) => height - pad - (v / yMax) * (height - 2 * pad);
  const points = history.map((s, i) => ({
    x: round(x(times[i])),
    y: round(y(s.total)),
    total: s.total,
    at: s.fetched_at,
    decreased: s.decreased,
  }));
  const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
  return {
    width,
    height,
    points,
    line,
    goalY: round(y(goal)),
    yMax,
    first: history[0]?.fetched_at ?? null,
    last: history[history.length - 1]?.fetched_at ?? null,
  };
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
