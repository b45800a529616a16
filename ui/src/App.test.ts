import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks } from '@tauri-apps/api/mocks';
import { fakeBackend } from './test/backend';
import App from './App.svelte';
import { cities, labels } from './test/fixtures';
import type { Boot } from './lib/bindings/Boot';

const ready: Boot = { status: 'ready', cities, labels, data_dir: '/tmp/data' };
let calls: { cmd: string; args: unknown }[] = [];
// The city listbox's rows (the filters' <select>s have options too).
const rows = () => within(screen.getByRole('listbox', { name: 'Cities' })).getAllByRole('option');

beforeEach(() => {
  calls = [];
  window.requestAnimationFrame = (cb) => setTimeout(() => cb(0), 0) as unknown as number;
  calls = fakeBackend().log;
});

afterEach(() => clearMocks());

/** Renders the app and switches to the Cities section (the app opens on the dashboard). */
async function renderCities(boot: Boot = ready) {
  render(App, { boot });
  await userEvent.setup().keyboard('{Alt>}2{/Alt}');
  return screen.getByRole('listbox', { name: 'Cities' });
}

describe('the city list', () => {
  it('shows every city from the boot data, without asking the backend', async () => {
    await renderCities();
    const options = rows();
    expect(options).toHaveLength(cities.length);
    expect(options[0]).toHaveTextContent('Anchorage, AK');
    expect(options[0]).toHaveTextContent('Magadan');
    expect(options[0]).toHaveTextContent('Suspended');
    expect(calls.filter((c) => c.cmd === 'list_cities')).toHaveLength(0);
  });

  it('narrows as you type and says how many match', async () => {
    const user = userEvent.setup();
    await renderCities();
    await user.type(screen.getByLabelText('Filter cities'), 'portland');
    expect(rows().map((o) => o.dataset.slug)).toEqual(['portland-me', 'portland-or']);
    expect(screen.getByText('2 of 6 cities')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Filter cities'), ' zz');
    expect(screen.queryByRole('listbox', { name: 'Cities' })).toBeNull();
    expect(screen.getByText('No city matches “portland zz”.')).toBeInTheDocument();
  });

  it('opens a city with the keyboard alone: type, arrow down, Enter', async () => {
    const user = userEvent.setup();
    await renderCities();
    await user.type(screen.getByLabelText('Filter cities'), 'portland{ArrowDown}');
    await user.keyboard('{ArrowDown}{Enter}');
    const pane = screen.getByRole('region', { name: 'City details' });
    expect(await within(pane).findByRole('heading', { level: 2, name: 'Portland, OR' })).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'get_city')?.args).toEqual({ slug: 'portland-or' });
    expect(within(screen.getByRole('listbox')).getByRole('option', { selected: true })).toHaveAttribute('data-slug', 'portland-or');
  });

  it('reports the ready mark once the first frame is painted', async () => {
    render(App, { boot: ready });
    await vi.waitFor(() => expect(calls.find((c) => c.cmd === 'ui_ready')?.args).toMatchObject({ cities: cities.length }));
    // The page's phase marks: the first frame began before the one that reports (main.ts,
    // which sets the script and mount marks, does not run here).
    const marks = calls.find((c) => c.cmd === 'ui_ready')!.args as Record<string, number>;
    expect(marks.frameMs).toBeGreaterThan(0);
    expect(marks.frameMs).toBeLessThanOrEqual(marks.paintedMs);
    // Only a page variant of bench/page_variants.py reports figures of its own.
    expect(calls.find((c) => c.cmd === 'ui_ready')!.args).toHaveProperty('diag', null);
  });
});

describe('the city pane', () => {
  it('shows the history with its sources, which open in the system browser', async () => {
    const user = userEvent.setup();
    await renderCities();
    await user.click(screen.getByText('Tallahassee, FL'));
    const history = await screen.findByRole('list', { name: 'Status history of the sister-city link with Krasnodar' });
    expect(history).toHaveTextContent('9 Mar 2022');
    expect(history).toHaveTextContent('The commission voted unanimously.');
    const link = within(history).getByRole('link', { name: 'wuwf.org' });
    await user.click(link);
    expect(calls.find((c) => c.cmd === 'plugin:opener|open_url')?.args).toMatchObject({
      url: 'https://www.wuwf.org/florida-news/2022-03-09/sister-city',
    });
  });

  it('shows text from the data as text, never as HTML', async () => {
    const hostile = { ...cities[0], city: '<img src=x onerror=alert(1)>' };
    await renderCities({ ...ready, cities: [hostile] });
    expect(rows()[0]).toHaveTextContent('<img src=x onerror=alert(1)>, AK');
    expect(document.querySelector('img')).toBeNull();
  });
});

describe('a store that cannot open', () => {
  it('shows a readable screen with the message instead of the list', () => {
    render(App, {
      boot: {
        status: 'failed',
        data_dir: '/home/v/.local/share/org.outreachdesk.OutreachDesk',
        error: { kind: 'store_too_new', message: 'store file /x/outreach.db was written by a newer version of Outreach Desk (schema 9, this app knows 1): update the app' },
      },
    });
    expect(screen.getByRole('alert')).toHaveTextContent('This data was saved by a newer Outreach Desk');
    expect(screen.getByRole('alert')).toHaveTextContent('update the app');
    expect(screen.queryByRole('listbox')).toBeNull();
  });
});

describe('the sections not on the first screen (their code loads on the first visit)', () => {
  // Each section's Alt key, and where its work starts (the focus after the switch). The
  // sections whose first control waits on their own data (Follow-ups, Petition, Team) are
  // covered by the end-to-end suites on the real app.
  const firstVisits: [string, string, string][] = [
    ['Settings', '4', '#settings-name, .theme-choice input'],
    ['Import & export', '5', '.exchange input, .exchange button'],
  ];
  for (const [name, key, startsAt] of firstVisits) {
    it(`${name}: Alt+${key} opens it from the dashboard with the keyboard where its work starts`, async () => {
      const user = userEvent.setup();
      render(App, { boot: ready });
      await user.keyboard(`{Alt>}${key}{/Alt}`);
      expect(screen.getByRole('button', { name })).toHaveAttribute('aria-current', 'page');
      await vi.waitFor(() => expect(document.activeElement?.matches(startsAt), `focus on ${document.activeElement?.outerHTML.slice(0, 80)}`).toBe(true));
    });
  }

  it('the ? overlay opens on its first use', async () => {
    const user = userEvent.setup();
    render(App, { boot: ready });
    await user.keyboard('?');
    const help = await screen.findByRole('dialog', { name: 'Keys' });
    await vi.waitFor(() => expect(help.contains(document.activeElement)).toBe(true));
  });
});
