// Dates as a volunteer types them (issue 11): `2026-03-08`, `today`, `tomorrow`, `+3d`
// (also `+2w`), and a weekday (`tue`, `next tue`: the next one after today). Resolved here to
// the YYYY-MM-DD the core checks, and shown resolved beside the field before saving. The
// same words in Ukrainian are understood whatever the window's language: `сьогодні`,
// `завтра`, `+3д` (also `+2т`), `вт`, `наст. вт`, `вівторок`.
import { addDays } from './calendar';
import { todayIso } from './fieldErrors';
import { formatTag, t } from './i18n.svelte';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
// Ukrainian weekdays by their first letters (неділя … субота), Sunday first as above; the
// typed text's apostrophes are read as ' first (see `resolveDate`).
const WEEKDAYS_UK = [['нд', 'нед'], ['пн', 'пон'], ['вт', 'вів'], ['ср', 'сер'], ['чт', 'чет'], ['пт', "п'я", 'пят'], ['сб', 'суб']];

/**
 * The date a typed value names, as YYYY-MM-DD; the text unchanged when it is none of the
 * forms above (a full date, or something the core will refuse with its own message).
 */
export function resolveDate(typed: string, now: Date = new Date()): string {
  // The apostrophe of п'ятниця may come as ʼ (U+02BC: what Intl writes, so what the window
  // shows beside the field, and what Ukrainian keyboard layouts type), ’ or ': one form here.
  const t = typed.trim().toLowerCase().replace(/\s+/g, ' ').replace(/[ʼ’]/g, "'");
  if (t === 'today' || t === 'сьогодні') return todayIso(now);
  if (t === 'tomorrow' || t === 'завтра') return addDays(todayIso(now), 1);
  const plus = /^\+(\d{1,3}) ?(d|day|days|w|week|weeks|д|дн|день|дні|днів|т|тиж|тиждень|тижні|тижнів)$/.exec(t);
  if (plus) return addDays(todayIso(now), Number(plus[1]) * (/^[wт]/.test(plus[2]) ? 7 : 1));
  const day = /^(?:next |наст\.? ?|наступн[аийу]+ )?([a-z]{3,9}|[а-яіїєґ']{2,9})$/.exec(t);
  if (day) {
    let target = WEEKDAYS.findIndex((w) => day[1].length >= 3 && w.startsWith(day[1]));
    if (target < 0) target = WEEKDAYS_UK.findIndex((forms) => forms.some((f) => day[1].startsWith(f)));
    if (target >= 0) {
      const ahead = (target - now.getDay() + 7) % 7 || 7;
      return addDays(todayIso(now), ahead);
    }
  }
  return typed.trim();
}

/** What to show beside the field: the resolved date when the text was a word for one. */
export function resolvedNote(typed: string, now: Date = new Date()): string | null {
  const resolved = resolveDate(typed, now);
  if (!typed.trim() || resolved === typed.trim()) return null;
  const d = new Date(`${resolved}T12:00:00`);
  const weekday = new Intl.DateTimeFormat(formatTag(), { weekday: 'long' }).format(d);
  return t('dates.resolved', { weekday, date: resolved });
}
