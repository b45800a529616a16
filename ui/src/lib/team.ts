// Team sync's words (issue 12): the top bar's status, "called by <teammate> 20 minutes ago",
// and what to do about each error. Pure functions, tested beside this file.
import type { CitySummary } from './bindings/CitySummary';
import type { ErrorKind } from './bindings/ErrorKind';
import type { TeammateCall } from './bindings/TeammateCall';
import type { TeamSyncStatus } from './bindings/TeamSyncStatus';
import { timeAgo } from './format';
import { t, tKey } from './i18n.svelte';

/** How long ago a moment was, in words: "just now", "1 minute ago", "20 minutes ago", "3 hours ago", "2 days ago". */
export function ago(timestamp: string, now: Date = new Date()): string {
  return timeAgo(timestamp, now, 'long');
}

/** The teammate's call when it is the city's latest (a later call of one's own says more), else null. */
export function teammateCalledLast(city: Pick<CitySummary, 'teammate_call' | 'last_call_at'>): TeammateCall | null {
  const call = city.teammate_call;
  if (!call) return null;
  if (!city.last_call_at) return call;
  return new Date(call.called_at).getTime() >= new Date(city.last_call_at).getTime() ? call : null;
}

/** A wall-clock time as HH:MM (the volunteer's time zone). */
export function clock(timestamp: string): string {
  const t = new Date(timestamp);
  if (Number.isNaN(t.getTime())) return timestamp;
  return `${String(t.getHours()).padStart(2, '0')}:${String(t.getMinutes()).padStart(2, '0')}`;
}

/** "Called by ben 20 minutes ago". */
export function calledBy(call: TeammateCall, now: Date = new Date()): string {
  return t('team.calledBy', { name: call.volunteer, when: ago(call.called_at, now) });
}

export type TeamTone = 'ok' | 'busy' | 'offline' | 'error';

/** The top bar's team status: a short text, its tone, and the full sentence for screen readers. Null when this machine has not joined. */
export function teamStatusLine(s: TeamSyncStatus, now: Date = new Date()): { text: string; tone: TeamTone; label: string } | null {
  if (!s.joined) return null;
  const pending = s.pending > 0 ? t('team.line.pending', { count: s.pending }) : null;
  const withPending = (text: string) => (pending ? `${text} · ${pending}` : text);
  let text: string;
  let tone: TeamTone;
  const kind = s.last_error?.error.kind;
  if (s.syncing) {
    text = withPending(t('team.line.syncing'));
    tone = 'busy';
  } else if (kind === 'team_credentials_refused') {
    text = t('team.line.refused');
    tone = 'error';
  } else if (kind === 'team_schema_too_new') {
    text = t('team.line.update');
    tone = 'error';
  } else if (kind === 'team_tls') {
    text = withPending(t('team.line.tls'));
    tone = 'error';
  } else if (kind) {
    text = withPending(s.offline_since ? t('team.line.offlineSince', { time: clock(s.offline_since) }) : t('team.line.offline'));
    tone = 'offline';
  } else if (s.last_synced_at) {
    text = withPending(t('team.line.synced', { when: ago(s.last_synced_at, now) }));
    tone = 'ok';
  } else {
    text = withPending(t('team.line.notSynced'));
    tone = 'busy';
  }
  return { text, tone, label: t('team.line.label', { text: text.replace(' · ', ', ') }) };
}

/** What a volunteer can do about a team sync error, by its kind. */
export function teamErrorAdvice(kind: ErrorKind): string {
  const key = `team.advice.${kind}`;
  return tKey(key) === key ? t('team.advice.other') : tKey(key);
}
