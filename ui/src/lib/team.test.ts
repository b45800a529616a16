import { describe, expect, it } from 'vitest';
import type { TeamSyncStatus } from './bindings/TeamSyncStatus';
import { ago, calledBy, clock, teamErrorAdvice, teamStatusLine } from './team';

const now = new Date('2026-05-01T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();

function status(over: Partial<TeamSyncStatus> = {}): TeamSyncStatus {
  return {
    joined: true,
    server: 'db.example.org:5432/campaign',
    volunteer: 'ana',
    coordinator: false,
    pending: 0,
    last_synced_at: minutesAgo(1),
    teammates: [],
    syncing: false,
    last_error: null,
    failures: 0,
    offline_since: null,
    last_attempt_at: minutesAgo(1),
    next_sync_at: null,
    last_report: null,
    ...over,
  };
}

const failed = (kind: 'team_unreachable' | 'team_credentials_refused' | 'team_tls' | 'team_schema_too_new') => ({
  at: minutesAgo(0),
  error: { kind, message: `team sync: ${kind}` },
});

describe('ago', () => {
  it('words minutes, hours and days with singulars', () => {
    expect(ago(minutesAgo(0), now)).toBe('just now');
    expect(ago(minutesAgo(1), now)).toBe('1 minute ago');
    expect(ago(minutesAgo(20), now)).toBe('20 minutes ago');
    expect(ago(minutesAgo(60), now)).toBe('1 hour ago');
    expect(ago(minutesAgo(5 * 60), now)).toBe('5 hours ago');
    expect(ago(minutesAgo(3 * 24 * 60), now)).toBe('3 days ago');
    expect(ago('not a time', now)).toBe('not a time');
  });
});

describe('calledBy', () => {
  it('names the teammate and how long ago', () => {
    expect(calledBy({ volunteer: 'ben', called_at: minutesAgo(20), outcome: 'voicemail' }, now)).toBe('Called by ben 20 minutes ago');
  });
});

describe('teamStatusLine', () => {
  it('is nothing before joining', () => {
    expect(teamStatusLine(status({ joined: false }), now)).toBeNull();
  });

  it('says when the last sync was, and what is pending', () => {
    expect(teamStatusLine(status(), now)?.text).toBe('Synced 1 minute ago');
    const line = teamStatusLine(status({ pending: 3 }), now)!;
    expect(line.text).toBe('Synced 1 minute ago · 3 pending');
    expect(line.tone).toBe('ok');
    expect(line.label).toBe('Team sync: Synced 1 minute ago, 3 pending');
  });

  it('says since when the server is offline, keeping the pending count', () => {
    const since = minutesAgo(30);
    const line = teamStatusLine(status({ last_error: failed('team_unreachable'), offline_since: since, pending: 2, failures: 3 }), now)!;
    expect(line.text).toBe(`Offline since ${clock(since)} · 2 pending`);
    expect(line.tone).toBe('offline');
  });

  it('names refused credentials, TLS and a server too new as errors', () => {
    expect(teamStatusLine(status({ last_error: failed('team_credentials_refused'), offline_since: minutesAgo(1) }), now)).toMatchObject({ text: 'Credentials refused', tone: 'error' });
    expect(teamStatusLine(status({ last_error: failed('team_tls') }), now)?.text).toBe('Secure connection failed');
    expect(teamStatusLine(status({ last_error: failed('team_schema_too_new') }), now)?.text).toBe('Update Outreach Desk to sync');
  });

  it('shows a sync under way and a first sync still to come', () => {
    expect(teamStatusLine(status({ syncing: true, pending: 1 }), now)?.text).toBe('Syncing… · 1 pending');
    expect(teamStatusLine(status({ last_synced_at: null, pending: 4 }), now)?.text).toBe('Not synced yet · 4 pending');
  });
});

describe('teamErrorAdvice', () => {
  it('says what to do for each kind of failure', () => {
    expect(teamErrorAdvice('team_unreachable')).toMatch(/stays on this machine/);
    expect(teamErrorAdvice('team_credentials_refused')).toMatch(/new invite/);
    expect(teamErrorAdvice('team_tls')).toMatch(/certificate/);
    expect(teamErrorAdvice('team_schema_too_new')).toMatch(/Update Outreach Desk/);
  });
});
