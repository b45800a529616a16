// "Call next" and the first-run name prompt, driven with the keyboard as a volunteer would,
// against the in-memory backend (mockIPC).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks } from '@tauri-apps/api/mocks';
import App from '../App.svelte';
import { cities, labels } from '../test/fixtures';
import { fakeBackend, type Backend } from '../test/backend';
import type { Boot } from '../lib/bindings/Boot';
import { todayIso } from '../lib/fieldErrors';

const boot: Boot = { status: 'ready', cities, labels, data_dir: '/tmp/data' };
let backend: Backend;

function phone(slug: string, id: string, name: string, number: string) {
  backend.contacts.push({
    id, slug, removed: false, name, role: 'Mayor', phone: number, email: null, website: null, address: null,
    notes: '', last_verified: null, term_end: null, source: null, stale: false, edited_by_hand: false,
    confidence: null, external_id: null, credit: null, seed_offer: null,
  });
}

beforeEach(() => {
  window.requestAnimationFrame = (cb) => setTimeout(() => cb(0), 0) as unknown as number;
  backend = fakeBackend(cities, todayIso());
  phone('portland-or', 'c-or', 'Keith Wilson', '503-823-4120');
  phone('philadelphia-pa', 'c-pa', 'Cherelle Parker', '+1 215-686-2181');
});
afterEach(() => clearMocks());

const now = () => screen.getByRole('article', { name: 'City to call now' });

describe('call next', () => {
  it('is the dashboard’s first step, with the number of cities to call now', async () => {
    const user = userEvent.setup();
    render(App, { boot });
    const card = screen.getByRole('region', { name: 'Start here' });
    await vi.waitFor(() => expect(within(card).getByText('2 cities to call now')).toBeInTheDocument());
    await user.click(within(card).getByRole('button', { name: /Call next/ }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Call next' })).toBeInTheDocument();
    // Also in the top bar, outside the sections.
    expect(document.querySelector('header.topbar button[aria-keyshortcuts="N"]')).toHaveAttribute('aria-current', 'page');
  });

  it('N opens the city to call now with why, its tel: link and the script; L logs it with the keyboard; N goes on', async () => {
    const user = userEvent.setup();
    render(App, { boot });
    await user.keyboard('n');
    expect(await within(await screen.findByRole('article', { name: 'City to call now' })).findByRole('heading', { name: 'Portland, OR' })).toBeInTheDocument();
    expect(now()).toHaveTextContent('Why this city: The sister-city link is active and nobody has called yet.');
    const link = within(now()).getByRole('link', { name: '503-823-4120' });
    expect(link).toHaveAttribute('href', 'tel:5038234120');
    await user.click(link);
    expect(backend.sent('plugin:opener|open_url').map((c) => c.args.url)).toEqual(['tel:5038234120']);
    await vi.waitFor(() => expect(within(now()).getByLabelText('Call script for Portland')).toHaveTextContent('Hello Keith Wilson, I am Olena from Portland, OR.'));

    (document.activeElement as HTMLElement | null)?.blur();
    await user.keyboard('l');
    const form = await within(now()).findByRole('form', { name: 'Log a call or e-mail to Portland' });
    expect(within(form).getByLabelText('Spoke with / wrote to')).toHaveValue('c-or');
    await user.keyboard('1');
    await user.keyboard('{Enter}');
    await vi.waitFor(() => expect(backend.sent('log_call')).toHaveLength(1));
    expect(backend.sent('log_call')[0].args.input).toMatchObject({ slug: 'portland-or', outcome: 'contact', contact_id: 'c-or' });
    // The next city, with the call logged and undoable.
    expect(await within(now()).findByRole('heading', { name: 'Philadelphia, PA' })).toBeInTheDocument();
    expect(now()).toHaveTextContent('Nobody knows whether the sister-city link is still in place: this call finds out');
    expect(screen.getByText(/Call to Portland, OR logged/)).toBeInTheDocument();
    expect(screen.getByText(/^1 city to call now/)).toBeInTheDocument();

    // N passes over a city without logging anything: the next one needs its number found.
    await user.keyboard('n');
    expect(await within(now()).findByRole('heading', { name: 'Portland, ME' })).toBeInTheDocument();
    expect(now()).toHaveTextContent('No phone number yet: find the number first.');
    expect(within(now()).queryByRole('link', { name: /^tel:/ })).toBeNull();
    expect(backend.sent('log_call')).toHaveLength(1);
  });

  it('skips a city with a reason (required), which moves past it and is not a call', async () => {
    const user = userEvent.setup();
    render(App, { boot });
    await user.keyboard('n');
    await within(await screen.findByRole('article', { name: 'City to call now' })).findByRole('heading', { name: 'Portland, OR' });
    await user.keyboard('s');
    const form = within(now()).getByRole('form', { name: 'Skip Portland for today' });
    const reason = within(form).getByLabelText(/Why\?/);
    expect(reason).toHaveFocus();
    await user.keyboard('{Enter}');
    await vi.waitFor(() => expect(reason).toHaveAccessibleDescription('say why you skip the city (e.g. "office closed today")'));
    // "N" typed in the reason is text, not "next city".
    await user.type(reason, 'No one answers on Mondays{Enter}');
    expect(await within(now()).findByRole('heading', { name: 'Philadelphia, PA' })).toBeInTheDocument();
    expect(backend.skips).toEqual([{ slug: 'portland-or', reason: 'No one answers on Mondays' }]);
    expect(backend.sent('log_call')).toHaveLength(0);
    expect(screen.getByRole('status')).toHaveTextContent('Skipped Portland, OR until');
  });

  it('leaves N to a text field that has the focus', async () => {
    const user = userEvent.setup();
    render(App, { boot });
    await user.keyboard('{Alt>}2{/Alt}');
    await user.type(screen.getByLabelText('Filter cities'), 'n');
    expect(screen.getByLabelText('Filter cities')).toHaveValue('n');
    expect(screen.queryByRole('heading', { level: 2, name: 'Call next' })).toBeNull();
  });
});

describe('first run', () => {
  it('asks the name once, inline; it goes on the earlier calls only when the volunteer agrees', async () => {
    const user = userEvent.setup();
    backend.settings.volunteer_name = null;
    backend.calls.push({
      id: 'k1', city_slug: 'tulsa-ok', contact_id: null, contact_name: null, channel: 'phone', outcome: 'voicemail',
      notes: '', volunteer: '', called_at: new Date().toISOString(), follow_up: null, undone: false,
    });
    render(App, { boot });
    const prompt = await screen.findByRole('form', { name: 'Your name' });
    const agree = within(prompt).getByRole('checkbox', { name: /Also put it on the call logged without a name/ });
    expect(agree).not.toBeChecked();
    await user.type(within(prompt).getByLabelText(/Your name, for the call script/), 'Olena K.');
    await user.click(agree);
    await user.click(within(prompt).getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(screen.queryByRole('form', { name: 'Your name' })).toBeNull());
    expect(backend.sent('set_volunteer_name')[0].args).toEqual({ name: 'Olena K.', attributeUnnamed: true });
    expect(backend.calls[0].volunteer).toBe('Olena K.');
    expect(screen.getByText('Name set: Olena K. (the call logged before now carries it)')).toBeInTheDocument();
  });

  it('can be skipped with Escape and does not come back', async () => {
    const user = userEvent.setup();
    backend.settings.volunteer_name = null;
    const { unmount } = render(App, { boot });
    const input = await screen.findByLabelText(/Your name, for the call script/);
    input.focus();
    await user.keyboard('{Escape}');
    await vi.waitFor(() => expect(screen.queryByRole('form', { name: 'Your name' })).toBeNull());
    expect(backend.sent('dismiss_name_prompt')).toHaveLength(1);
    unmount();
    render(App, { boot });
    await vi.waitFor(() => expect(backend.sent('volunteer_status')).toHaveLength(2));
    expect(screen.queryByRole('form', { name: 'Your name' })).toBeNull();
  });
});

describe('scripts by tie status in settings', () => {
  it('shows the signature goal without a second field for it: it is set on the Petition screen', async () => {
    const user = userEvent.setup();
    render(App, { boot });
    await user.keyboard('{Alt>}4{/Alt}');
    await screen.findByLabelText(/Call script: severed link/);
    expect(screen.queryByLabelText(/Signature goal/)).toBeNull();
    expect(screen.getByText('Signature goal: 25,000. It is set in one place: the Petition screen (Alt+6).')).toBeInTheDocument();
  });

  it('edits all four and names a bad one beside it', async () => {
    const user = userEvent.setup();
    render(App, { boot });
    await user.keyboard('{Alt>}4{/Alt}');
    const severed = await screen.findByLabelText(/Call script: severed link/);
    expect(severed).toHaveValue(backend.statusScripts.severed);
    expect(screen.getByLabelText(/Call script: active link/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Call script: suspended link/)).toBeInTheDocument();
    const unknown = screen.getByLabelText(/Call script: unknown status/);
    await user.clear(unknown);
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await vi.waitFor(() => expect(unknown).toHaveAccessibleDescription('the script is empty'));
    await user.type(unknown, 'Is the tie with {{sister_city} still there?');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    expect(backend.statusScripts.unknown).toBe('Is the tie with {sister_city} still there?');
  });
});
