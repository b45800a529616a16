// Dates as a volunteer types them (issue 11): `2026-03-08`, `today`, `tomorrow`, `+3d`
// (also `+2w`), and a weekday (`tue`, `next tue`: the next one after today). Resolved here to
// the YYYY-MM-DD the core checks, and shown resolved beside the field before saving.
import { todayIso } from './fieldErrors';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function plusDays(from: Date, days: number): Date {
  const d = new Date(from.getFullYear(), from.getMonth(), from.getDate());
  d.setDate(d.getDate() + days);
  return d;
}

/**
 * The date a typed value names, as YYYY-MM-DD; the text unchanged when it is none of the
 * forms above (a full date, or something the core will refuse with its own message).
 */
export function resolveDate(typed: string, now: Date = new Date()): string {
  const t = typed.trim().toLowerCase().replace(/\s+/g, ' ');
  if (t === 'today') return todayIso(now);
  if (t === 'tomorrow') return todayIso(plusDays(now, 1));
  const plus = /^\+(\d{1,3}) ?(d|day|days|w|week|weeks)$/.exec(t);
  if (plus) return todayIso(plusDays(now, Number(plus[1]) * (plus[2].startsWith('w') ? 7 : 1)));
  const day = /^(?:next )?([a-z]{3,9})$/.exec(t);
  if (day) {
    const target = WEEKDAYS.findIndex((w) => w.startsWith(day[1]));
    if (target >= 0) {
      const ahead = (target - now.getDay() + 7) % 7 || 7;
      return todayIso(plusDays(now, ahead));
    }
  }
  return typed.trim();
}

/** What to show beside the field: the resolved date when the text was a word for one. */
export function resolvedNote(typed: string, now: Date = new Date()): string | null {
  const resolved = resolveDate(typed, now);
  if (!typed.trim() || resolved === typed.trim()) return null;
  const d = new Date(`${resolved}T12:00:00`);
  const weekday = d.toLocaleDateString('en-US', { weekday: 'long' });
  return `${weekday} ${resolved}`;
}
