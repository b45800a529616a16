// Team sync's words (issue 12): the top bar's status, "called by <teammate> 20 minutes ago",
// and what to do about each error. Pure functions, tested beside this file.
import type { CitySummary } from './bindings/CitySummary';
import type { ErrorKind } from './bindings/ErrorKind';
import type { TeammateCall } from './bindings/TeammateCall';
import type { TeamSyncStatus } from './bindings/TeamSyncStatus';

/** How long ago a moment was, in words: "just now", "1 minute ago", "20 minutes ago", "3 hours ago", "2 days ago". */
export function ago(timestamp: string, now: Date = new Date()): string {
  const then = new Date(timestamp).getTime();
  if (Number.isNaN(then)) return timestamp;
  const minutes = Math.floor((now.getTime() - then) / 60_000);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'} ago`;
  if (minutes < 1) return 'just now';
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.floor(hours / 24), 'day');
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
  return `Called by ${call.volunteer} ${ago(call.called_at, now)}`;
}

export type TeamTone = 'ok' | 'busy' | 'offline' | 'error';

/** The top bar's team status: a short text, its tone, and the full sentence for screen readers. Null when this machine has not joined. */
export function teamStatusLine(s: TeamSyncStatus, now: Date = new Date()): { text: string; tone: TeamTone; label: string } | null {
  if (!s.joined) return null;
  const pending = s.pending > 0 ? `${s.pending} pending` : null;
  const withPending = (text: string) => (pending ? `${text} · ${pending}` : text);
  let text: string;
  let tone: TeamTone;
  const kind = s.last_error?.error.kind;
  if (s.syncing) {
    text = withPending('Syncing…');
    tone = 'busy';
  } else if (kind === 'team_credentials_refused') {
    text = 'Credentials refused';
    tone = 'error';
  } else if (kind === 'team_schema_too_new') {
    text = 'Update Outreach Desk to sync';
    tone = 'error';
  } else if (kind === 'team_tls') {
    text = withPending('Secure connection failed');
    tone = 'error';
  } else if (kind) {
    text = withPending(s.offline_since ? `Offline since ${clock(s.offline_since)}` : 'Offline');
    tone = 'offline';
  } else if (s.last_synced_at) {
    text = withPending(`Synced ${ago(s.last_synced_at, now)}`);
    tone = 'ok';
  } else {
    text = withPending('Not synced yet');
    tone = 'busy';
  }
  return { text, tone, label: `Team sync: ${text.replace(' · ', ', ')}` };
}

/** What a volunteer can do about a team sync error, by its kind. */
export function teamErrorAdvice(kind: ErrorKind): string {
  switch (kind) {
    case 'team_unreachable':
      return 'The campaign server does not answer. Your work stays on this machine and is sent when it answers again; the app keeps trying.';
    case 'team_credentials_refused':
      return 'The server refused your invite (it was renewed, or you were removed). Ask a coordinator for a new invite and join with it.';
    case 'team_tls':
      return 'The secure connection to the server failed (its certificate could not be checked). Nothing was sent. Tell your coordinator.';
    case 'team_schema_too_new':
      return 'The campaign server is newer than this app. Update Outreach Desk to sync with it; nothing was changed.';
    case 'team_no_campaign':
      return 'The server holds no campaign yet: a coordinator runs `outreach team init` first.';
    case 'team_not_joined':
      return 'Paste the invite your coordinator gave you to join the campaign.';
    case 'invalid_input':
      return 'The invite is not valid: paste the whole line your coordinator gave you (it starts with postgres://).';
    default:
      return 'The sync stopped; what it merged stays, and the next sync carries on.';
  }
}
