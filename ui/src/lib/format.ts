import { formatTag, t } from './i18n.svelte';

/** "2022-03-08" → "8 Mar 2022" ("8 бер. 2022 р."), "2022-03" → "Mar 2022", "2022" → "2022". */
export function formatPartialDate(date: string | null): string {
  if (!date) return t('format.undated');
  const [y, m, d] = date.split('-').map(Number);
  if (!m || m < 1 || m > 12) return String(y);
  const at = new Date(Date.UTC(y, m - 1, d || 1, 12));
  const options: Intl.DateTimeFormatOptions = d ? { day: 'numeric', month: 'short', year: 'numeric' } : { month: 'short', year: 'numeric' };
  return new Intl.DateTimeFormat(formatTag(), { ...options, timeZone: 'UTC' }).format(at);
}

/** A timestamp as a short relative phrase ("today", "3 days ago") or a date. */
export function formatWhen(timestamp: string | null, now: Date = new Date()): string {
  if (!timestamp) return t('format.never');
  const then = new Date(timestamp);
  if (Number.isNaN(then.getTime())) return timestamp;
  const days = Math.floor((now.getTime() - then.getTime()) / 86_400_000);
  if (days <= 0) return t('format.today');
  if (days === 1) return t('format.yesterday');
  if (days < 30) return t('format.daysAgo', { count: days });
  return then.toISOString().slice(0, 10);
}

/** The words for minutes and hours ago: long ("20 minutes ago") or short ("20 min ago"). */
const AGO_WORDS = {
  long: { minutes: 'format.minutesAgo', hours: 'format.hoursAgo' },
  short: { minutes: 'format.minAgoShort', hours: 'format.hoursAgoShort' },
} as const;

/** How long ago a moment was, in words: "just now", then minutes, hours (up to 48), days. */
export function timeAgo(timestamp: string, now: Date = new Date(), words: keyof typeof AGO_WORDS = 'long'): string {
  const then = new Date(timestamp).getTime();
  if (Number.isNaN(then)) return timestamp;
  const minutes = Math.floor((now.getTime() - then) / 60_000);
  if (minutes < 1) return t('format.justNow');
  if (minutes < 60) return t(AGO_WORDS[words].minutes, { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t(AGO_WORDS[words].hours, { count: hours });
  return t('format.daysAgo', { count: Math.floor(hours / 24) });
}

/** The host of a source URL, for a compact link text. */
export function sourceHost(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** A timestamp as the volunteer's local date and time: "2026-11-27 14:05". */
export function formatStamp(timestamp: string): string {
  const t = new Date(timestamp);
  if (Number.isNaN(t.getTime())) return timestamp;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())} ${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

/**
 * A researcher's working note ("First pass: no post-2022 statement found", "Second pass:
 * unknown → active"): kept in the data, shown to volunteers behind "Sources and notes".
 */
export function isResearchNote(text: string): boolean {
  return /^(first|second|third|fourth|fifth|final) pass\b/i.test(text.trim());
}
