// The calendar behind a date field's picker button (issue 11: "Dates accept a date picker").
// Pure date arithmetic on local calendar days, as YYYY-MM-DD strings (the form the core checks
// and `dates.ts` resolves typed words to): the month's grid of weeks starting on the locale's
// first day of the week, and the moves the keyboard makes in it.
import { todayIso } from './fieldErrors';

/** A calendar day at local noon (noon keeps clear of daylight-saving edges). */
export function dayOf(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d, 12);
}

/** Whether `text` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return false;
  const d = dayOf(text.trim());
  return d.getFullYear() === Number(m[1]) && d.getMonth() === Number(m[2]) - 1 && d.getDate() === Number(m[3]);
}

/** `iso` moved by `days` calendar days. */
export function addDays(iso: string, days: number): string {
  const d = dayOf(iso);
  d.setDate(d.getDate() + days);
  return todayIso(d);
}

/** `iso` moved by `months` months, kept on the same day or the month's last (31 Jan + 1 = 28/29 Feb). */
export function addMonths(iso: string, months: number): string {
  const d = dayOf(iso);
  const day = d.getDate();
  const first = new Date(d.getFullYear(), d.getMonth() + months, 1, 12);
  const last = new Date(first.getFullYear(), first.getMonth() + 1, 0, 12).getDate();
  first.setDate(Math.min(day, last));
  return todayIso(first);
}

/** Regions whose weeks start on Sunday (CLDR's weekData, the ones a volunteer may be in). */
const SUNDAY_FIRST = new Set(['US', 'CA', 'MX', 'BR', 'JP', 'IL', 'PH', 'AU', 'IN', 'KR', 'TW', 'HK', 'ZA', 'SA', 'PE', 'CO', 'VE', 'AR', 'GT', 'PR']);

/**
 * The first day of the week in a locale, 0 for Sunday to 6 for Saturday: what `Intl.Locale`
 * says where the engine knows (`getWeekInfo`, or the older `weekInfo`), else by the region
 * (English without one is American English).
 */
export function firstDayOfWeek(tag: string): number {
  try {
    const loc = new Intl.Locale(tag) as Intl.Locale & { getWeekInfo?: () => { firstDay: number }; weekInfo?: { firstDay: number } };
    const info = loc.getWeekInfo?.() ?? loc.weekInfo;
    if (info && info.firstDay >= 1 && info.firstDay <= 7) return info.firstDay % 7;
    const region = loc.maximize().region ?? '';
    return SUNDAY_FIRST.has(region) ? 0 : 1;
  } catch {
    return 1;
  }
}

/** The month's grid: whole weeks (7 YYYY-MM-DD days each, the first on `firstDay`) covering the month of `iso`. */
export function monthGrid(iso: string, firstDay: number): string[][] {
  const d = dayOf(iso);
  const first = todayIso(new Date(d.getFullYear(), d.getMonth(), 1, 12));
  const back = (dayOf(first).getDay() - firstDay + 7) % 7;
  let day = addDays(first, -back);
  const weeks: string[][] = [];
  const month = d.getMonth();
  do {
    const week: string[] = [];
    for (let i = 0; i < 7; i++) {
      week.push(day);
      day = addDays(day, 1);
    }
    weeks.push(week);
  } while (dayOf(day).getMonth() === month);
  return weeks;
}

/** The day a key moves the focus to in the grid, or null for a key the grid does not use. */
export function moveByKey(iso: string, key: string, firstDay: number, shift = false): string | null {
  switch (key) {
    case 'ArrowLeft':
      return addDays(iso, -1);
    case 'ArrowRight':
      return addDays(iso, 1);
    case 'ArrowUp':
      return addDays(iso, -7);
    case 'ArrowDown':
      return addDays(iso, 7);
    case 'PageUp':
      return addMonths(iso, shift ? -12 : -1);
    case 'PageDown':
      return addMonths(iso, shift ? 12 : 1);
    case 'Home':
      return addDays(iso, -((dayOf(iso).getDay() - firstDay + 7) % 7));
    case 'End':
      return addDays(iso, 6 - ((dayOf(iso).getDay() - firstDay + 7) % 7));
    default:
      return null;
  }
}

/** The seven weekdays in grid order, as dates of one week (for naming them in a locale). */
export function weekdays(firstDay: number): Date[] {
  // 2026-11-29 is a Sunday.
  return Array.from({ length: 7 }, (_, i) => dayOf(addDays('2026-11-29', (firstDay + i) % 7)));
}
