import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import SignaturePanel from './SignaturePanel.svelte';
import SignatureSettings from './SignatureSettings.svelte';
import App from '../App.svelte';
import { cities, labels } from '../test/fixtures';
import type { SignatureStatus } from '../lib/bindings/SignatureStatus';
import type { Snapshot } from '../lib/bindings/Snapshot';
import type { SignatureSettings as Settings } from '../lib/bindings/SignatureSettings';

const URL_ = 'https://www.change.org/p/stand-with-ukraine';
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

function snap(total: number, at: string, decreased = false): Snapshot {
  return { id: at, fetched_at: at, total, goal: 25000, provider: 'changeorg', source: URL_, decreased };
}

let history: Snapshot[];
let status: SignatureStatus;
let settings: Settings;
let calls: { cmd: string; args: unknown }[];
let syncReply: () => Promise<SignatureStatus>;

beforeEach(() => {
  history = [snap(18000, hoursAgo(50)), snap(18500, hoursAgo(26)), snap(18900, hoursAgo(2))];
  status = {
    latest: history[2],
    goal: 25000,
    projection: { reach_date: '2027-01-15', per_day: 450, points: 3 },
    points: 3,
    configured: true,
    syncing: false,
    last_error: null,
    failures: 0,
    last_attempt_at: hoursAgo(2),
    next_sync_at: null,
    token_set: false,
  };
  settings = {
    config: { url: URL_, provider: 'auto', pointer: null, goal: 25000, interval_minutes: 15 },
    token_set: true,
  };
  calls = [];
  syncReply = async () => {
    history = [...history, snap(19250, new Date().toISOString())];
    status = { ...status, latest: history[3], points: 4 };
    return status;
  };
  mockIPC(
    (cmd, args) => {
      calls.push({ cmd, args });
      switch (cmd) {
        case 'signature_status':
          return status;
        case 'signature_history':
          return history;
        case 'sync_signatures_now':
          return syncReply();
        case 'get_signature_settings':
          return settings;
        case 'set_signature_settings': {
          const a = args as { config: Settings['config']; token: string | null; clearToken: boolean };
          if (a.config.url?.startsWith('http://')) throw { kind: 'signature_url_refused', message: 'signature sync: the address is refused (plain http is only allowed to this machine; use https://)' };
          settings = { config: a.config, token_set: (settings.token_set || !!a.token) && !a.clearToken };
          return settings;
        }
        case 'set_signature_total': {
          const t = (args as { total: string }).total;
          if (t.startsWith('-')) throw { kind: 'invalid_input', message: 'signature total: "-5" is not a count: it is negative' };
          const saved = snap(Number(t.replace(/,/g, '')), new Date().toISOString());
          status = { ...status, latest: saved, points: status.points + 1 };
          history = [...history, saved];
          return saved;
        }
        case 'ui_ready':
          return null;
      }
      throw new Error(`unexpected command ${cmd}`);
    },
    { shouldMockEvents: true },
  );
});

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('the signature panel', () => {
  it('shows the total against the goal, its age, the chart with the goal line and the projected date', async () => {
    render(SignaturePanel);
    expect(await screen.findByTestId('signature-total')).toHaveTextContent('18,900');
    expect(screen.getByText('of 25,000 signatures')).toBeInTheDocument();
    const bar = screen.getByRole('progressbar', { name: 'Signatures toward the goal' });
    expect(bar).toHaveAttribute('value', '18900');
    expect(bar).toHaveAttribute('max', '25000');
    expect(screen.getByText('as of 2 h ago')).toBeInTheDocument();
    const chart = screen.getByRole('img', { name: /Signature total over time: 3 points, goal 25,000/ });
    expect(chart.querySelectorAll('circle')).toHaveLength(3);
    expect(chart.querySelector('.goal-line')).not.toBeNull();
    expect(chart.querySelector('path.total-line')?.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+ L/);
    expect(screen.getByText('15 Jan 2027')).toBeInTheDocument();
  });

  it("says where a total typed in came from: by hand, or the petition page's figure that came with the app", async () => {
    const seeded = { ...history[2], provider: 'manual', source: 'The petition page\'s text: "18,900 have signed. Let\'s get to 25,000!"' };
    status = { ...status, latest: seeded };
    const { unmount } = render(SignaturePanel);
    expect(await screen.findByText(/the petition page’s figure that came with the app/)).toBeInTheDocument();
    expect(screen.queryByText(/entered by hand/)).toBeNull();
    unmount();
    status = { ...status, latest: { ...seeded, source: '' } };
    render(SignaturePanel);
    expect(await screen.findByText(/entered by hand/)).toBeInTheDocument();
  });

  it('syncs on "Sync now" with a spinner, then shows the outcome and the new total', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const original = syncReply;
    syncReply = async () => {
      await gate;
      return original();
    };
    const user = userEvent.setup();
    render(SignaturePanel);
    await screen.findByTestId('signature-total');
    await user.click(screen.getByRole('button', { name: 'Sync now' }));
    const busy = screen.getByRole('button', { name: /Syncing/ });
    expect(busy).toBeDisabled();
    expect(busy.querySelector('.spinner')).not.toBeNull();
    release();
    expect(await screen.findByText('Synced: 19,250 signatures.')).toBeInTheDocument();
    expect(screen.getByTestId('signature-total')).toHaveTextContent('19,250');
    await vi.waitFor(() => expect(screen.getByRole('img').querySelectorAll('circle')).toHaveLength(4));
    expect(screen.getByRole('button', { name: 'Sync now' })).toBeEnabled();
  });

  it('keeps the last total when a sync fails and says why, without an alert', async () => {
    syncReply = async () => {
      status = { ...status, failures: 1, last_error: { at: new Date().toISOString(), error: { kind: 'signature_timeout', message: 'signature sync: https://www.change.org/p/x did not answer within 15 s (timeout); the stored total was not changed' } } };
      throw status.last_error!.error;
    };
    const user = userEvent.setup();
    render(SignaturePanel);
    await screen.findByTestId('signature-total');
    await user.click(screen.getByRole('button', { name: 'Sync now' }));
    expect(await screen.findByText(/Sync failed: .*timeout/)).toBeInTheDocument();
    expect(screen.getByTestId('signature-total')).toHaveTextContent('18,900');
    expect(screen.getByText('as of 2 h ago')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('follows the background sync through its status event, and shows its error as text', async () => {
    render(SignaturePanel);
    await screen.findByTestId('signature-total');
    await emit('signatures:status', {
      ...status,
      last_error: { at: new Date().toISOString(), error: { kind: 'signature_no_count', message: '<img src=x onerror=alert(1)> no count found' } },
      next_sync_at: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(await screen.findByText(/Last sync failed just now: <img src=x onerror=alert\(1\)> no count found/)).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByText(/Retrying automatically/)).toBeInTheDocument();
    history = [...history, snap(19500, new Date().toISOString())];
    await emit('signatures:status', { ...status, latest: history[3], points: 4 });
    await vi.waitFor(() => expect(screen.getByTestId('signature-total')).toHaveTextContent('19,500'));
    await vi.waitFor(() => expect(screen.getByRole('img').querySelectorAll('circle')).toHaveLength(4));
    expect(screen.getByText('as of just now')).toBeInTheDocument();
  });

  it('asks for a petition address when nothing is set up', async () => {
    status = { ...status, latest: null, configured: false, projection: null, points: 0 };
    history = [];
    render(SignaturePanel);
    expect(await screen.findByText(/No total yet: enter it by hand, or paste the petition’s address/)).toBeInTheDocument();
    const sync = screen.getByRole('button', { name: 'Sync now' });
    expect(sync).toBeDisabled();
    // A disabled control says why.
    expect(sync).toHaveAccessibleDescription(/needs the petition’s address/);
  });
});

describe('the signature settings', () => {
  it('loads the settings, never shows the token, and saves a new one write-only', async () => {
    const user = userEvent.setup();
    render(SignatureSettings);
    const url = await screen.findByLabelText('Petition address');
    expect(url).toHaveValue(URL_);
    const token = screen.getByLabelText('Action Network key');
    expect(token).toHaveAttribute('type', 'password');
    expect(token).toHaveValue('');
    expect(token).toHaveAttribute('placeholder', 'A key is saved; type to replace it');

    await user.clear(url);
    await user.type(url, 'https://actionnetwork.org/api/v2/petitions/abc');
    await user.selectOptions(screen.getByLabelText('Kind of petition site'), 'actionnetwork');
    await user.clear(screen.getByLabelText('Check for a new total every (minutes)'));
    await user.type(screen.getByLabelText('Check for a new total every (minutes)'), '5');
    await user.type(token, 'osdi-secret-xyz');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    expect(await screen.findByText('Saved. Syncing the total now.')).toBeInTheDocument();
    const sent = calls.find((c) => c.cmd === 'set_signature_settings')?.args;
    expect(sent).toEqual({
      config: { url: 'https://actionnetwork.org/api/v2/petitions/abc', provider: 'actionnetwork', pointer: null, goal: 25000, interval_minutes: 5 },
      token: 'osdi-secret-xyz',
      clearToken: false,
    });
    expect(token).toHaveValue('');
    expect(document.body.innerHTML).not.toContain('osdi-secret-xyz');
  });

  it('keeps the settings for a petition on another site behind a disclosure named for them, open when one is in use', async () => {
    const user = userEvent.setup();
    settings = { ...settings, token_set: false };
    render(SignatureSettings);
    const url = await screen.findByLabelText('Petition address');
    expect(url).toBeVisible();
    expect(screen.getByLabelText('Goal')).toBeVisible();
    const kind = screen.getByLabelText('Kind of petition site');
    expect(kind).not.toBeVisible();
    expect(screen.getByLabelText('Where the count is in the answer')).not.toBeVisible();
    await user.click(screen.getByText('Petition on another site, and how often to check'));
    expect(kind).toBeVisible();
    expect(screen.getByLabelText('Action Network key')).toBeVisible();
    cleanup();

    settings = { ...settings, config: { ...settings.config, provider: 'json', pointer: '/count' } };
    render(SignatureSettings);
    expect(await screen.findByLabelText('Where the count is in the answer')).toBeVisible();
  });

  it('shows a refused setting with its reason and keeps what was typed', async () => {
    const user = userEvent.setup();
    render(SignatureSettings);
    const url = await screen.findByLabelText('Petition address');
    await user.clear(url);
    await user.type(url, 'http://www.change.org/p/x');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('plain http is only allowed to this machine');
    expect(url).toHaveValue('http://www.change.org/p/x');
  });

  it('enters a total by hand and refuses a negative one', async () => {
    const user = userEvent.setup();
    render(SignatureSettings);
    const field = await screen.findByLabelText('Total read off the petition page');
    await user.type(field, '18,900');
    await user.click(screen.getByRole('button', { name: 'Save total' }));
    expect(await screen.findByText('Saved: 18,900 signatures.')).toBeInTheDocument();
    await user.type(field, '-5');
    await user.click(screen.getByRole('button', { name: 'Save total' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('it is negative');
  });
});

describe('the Petition section', () => {
  it('opens with Alt+6 and shows the panel and the settings', async () => {
    const user = userEvent.setup();
    window.requestAnimationFrame = (cb) => setTimeout(() => cb(0), 0) as unknown as number;
    render(App, { boot: { status: 'ready', cities, labels, data_dir: '/tmp/data' } });
    await user.keyboard('{Alt>}6{/Alt}');
    expect(screen.getByRole('button', { name: 'Petition' })).toHaveAttribute('aria-current', 'page');
    const panel = screen.getByRole('region', { name: 'Petition signatures' });
    expect(await within(panel).findByTestId('signature-total')).toHaveTextContent('18,900');
    expect(screen.getByRole('region', { name: 'Signature sync settings' })).toBeInTheDocument();
  });
});

describe('the Petition screen', () => {
  it('offers the total by hand first, and shows a total saved there at once (no stale "No total yet")', async () => {
    status = { ...status, latest: null, configured: false, projection: null, points: 0 };
    history = [];
    const user = userEvent.setup();
    window.requestAnimationFrame = (cb) => setTimeout(() => cb(0), 0) as unknown as number;
    render(App, { boot: { status: 'ready', cities, labels, data_dir: '/tmp/data' } });
    await user.keyboard('{Alt>}6{/Alt}');
    const panel = screen.getByRole('region', { name: 'Petition signatures' });
    expect(await within(panel).findByText(/No total yet: enter the total read off the petition page/)).toBeInTheDocument();
    const settings = screen.getByRole('region', { name: 'Signature sync settings' });
    const field = await within(settings).findByLabelText('Total read off the petition page');
    // Manual entry comes before the sync settings.
    expect(field.compareDocumentPosition(within(settings).getByLabelText('Petition address')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(settings).getByRole('button', { name: 'Save total' })).toHaveAccessibleDescription('Type the total first.');
    await user.type(field, '19,200');
    await user.click(within(settings).getByRole('button', { name: 'Save total' }));
    const fresh = screen.getByRole('region', { name: 'Petition signatures' });
    expect(await within(fresh).findByTestId('signature-total')).toHaveTextContent('19,200');
    expect(within(fresh).queryByText(/No total yet/)).toBeNull();
  }, 20_000);
});
