import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import Team from './Team.svelte';
import TeamStatusBadge from './TeamStatusBadge.svelte';
import type { TeamSyncStatus } from '../lib/bindings/TeamSyncStatus';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const INVITE = 'postgres://ana:s3cret-pw@db.example.org:5432/campaign';

function notJoined(): TeamSyncStatus {
  return {
    joined: false, server: null, volunteer: null, coordinator: false, pending: 2, last_synced_at: null, teammates: [],
    syncing: false, last_error: null, failures: 0, offline_since: null, last_attempt_at: null, next_sync_at: null, last_report: null,
  };
}

let status: TeamSyncStatus;
let calls: { cmd: string; args: unknown }[];

beforeEach(() => {
  status = notJoined();
  calls = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    switch (cmd) {
      case 'team_status':
        return status;
      case 'team_join':
        status = { ...status, joined: true, server: 'db.example.org:5432/campaign', volunteer: 'ana' };
        return status;
      case 'team_sync_now':
        status = { ...status, failures: 1, offline_since: minutesAgo(0), last_error: { at: minutesAgo(0), error: { kind: 'team_credentials_refused', message: 'team sync: the campaign server db.example.org:5432/campaign refused the credentials of ana' } } };
        throw status.last_error!.error;
    }
    throw new Error(`unexpected command ${cmd}`);
  });
});

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('the Team screen', () => {
  it('joins with an invite, never shows it back, and says what to do when the server refuses it', async () => {
    const user = userEvent.setup();
    const seen: TeamSyncStatus[] = [];
    const view = render(Team, { props: { status, onStatus: (s: TeamSyncStatus) => seen.push(s), onOpenCity: () => {} } });
    const input = screen.getByLabelText('Invite from your coordinator');
    expect(input).toHaveAttribute('type', 'password');
    // Join waits for an invite, and says so.
    expect(screen.getByRole('button', { name: 'Join' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Join' })).toHaveAccessibleDescription('Paste the invite first.');
    await user.type(input, INVITE);
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Joined db.example.org:5432/campaign as ana');
    expect(calls.find((c) => c.cmd === 'team_join')?.args).toEqual({ invite: INVITE });
    await view.rerender({ status: seen[seen.length - 1], onStatus: (s: TeamSyncStatus) => seen.push(s), onOpenCity: () => {} });
    expect(document.body.textContent).not.toContain('s3cret-pw');

    await user.click(screen.getByRole('button', { name: 'Sync now' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Ask a coordinator for a new invite');
  });

  it('lists who called what last', async () => {
    status = { ...notJoined(), joined: true, server: 's:5432/c', volunteer: 'ana', last_synced_at: minutesAgo(1), teammates: [{ name: 'ben', calls: 3, last_call_at: minutesAgo(20), last_city: 'portland-or' }] };
    render(Team, { props: { status, onStatus: () => {}, onOpenCity: () => {} } });
    const row = screen.getByRole('row', { name: /ben/ });
    expect(row).toHaveTextContent('20 minutes ago');
    expect(row).toHaveTextContent('portland-or');
  });
});

describe('the top bar status', () => {
  it('has an accessible name that says how the sync goes', () => {
    status = { ...notJoined(), joined: true, pending: 3, last_synced_at: minutesAgo(1) };
    render(TeamStatusBadge, { props: { status, onOpen: () => {} } });
    expect(screen.getByRole('button', { name: 'Team sync: Synced 1 minute ago, 3 pending' })).toBeInTheDocument();
  });
});
