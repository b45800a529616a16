import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { CityQuery } from '../lib/bindings/CityQuery';
import type { CitySummary } from '../lib/bindings/CitySummary';
import userEvent from '@testing-library/user-event';
import CityList from './CityList.svelte';
import { cities, labels, manyCities } from '../test/fixtures';

const big = manyCities(20_000);
// The listbox's rows (the filters' <select>s have options too).
const rows = () => within(screen.getByRole('listbox', { name: 'Cities' })).getAllByRole('option');
const noRows = () => screen.queryByRole('listbox', { name: 'Cities' }) === null;

describe('the city list at 20,000 cities', () => {
  it('puts only a window of rows in the DOM, each saying where it stands in the whole list', () => {
    render(CityList, { cities: big, labels, selected: null });
    const options = rows();
    expect(options.length).toBeGreaterThan(5);
    expect(options.length).toBeLessThan(60);
    expect(options[0]).toHaveAttribute('id', 'city-city-00001');
    expect(options[0]).toHaveAttribute('aria-setsize', '20000');
    expect(options[0]).toHaveAttribute('aria-posinset', '1');
    expect(screen.getByText('20,000 cities')).toBeInTheDocument();
    // The list pads itself for the rows it does not render, so its scroll bar covers them all.
    const list = screen.getByRole('listbox', { name: 'Cities' });
    const padded = parseFloat(list.style.paddingTop || '0') + parseFloat(list.style.paddingBottom);
    expect(padded).toBeGreaterThan(19_000 * 40);
  });

  it('scrolls the active row into view with the keyboard: End reaches the last city, Home the first', async () => {
    const user = userEvent.setup();
    render(CityList, { cities: big, labels, selected: null });
    const list = screen.getByRole('listbox', { name: 'Cities' });
    list.focus();
    await user.keyboard('{End}');
    const last = document.getElementById('city-city-20000');
    expect(last).not.toBeNull();
    expect(list).toHaveAttribute('aria-activedescendant', 'city-city-20000');
    expect(last).toHaveAttribute('aria-posinset', '20000');
    expect(document.getElementById('city-city-00001')).toBeNull();
    expect(rows().length).toBeLessThan(60);

    await user.keyboard('{Home}{PageDown}{ArrowDown}{ArrowDown}');
    const id = list.getAttribute('aria-activedescendant')!;
    expect(document.getElementById(id)).toHaveClass('active');

    await user.keyboard('{Home}');
    expect(list).toHaveAttribute('aria-activedescendant', 'city-city-00001');
    expect(document.getElementById('city-city-00001')).toBeInTheDocument();
  });

  it('opens the active city with Enter after moving far down the list', async () => {
    const user = userEvent.setup();
    const { component } = render(CityList, { cities: big, labels, selected: null });
    screen.getByRole('listbox').focus();
    await user.keyboard('{End}{ArrowUp}{Enter}');
    expect(within(screen.getByRole('listbox')).getByRole('option', { selected: true })).toHaveAttribute('id', 'city-city-19999');
    void component;
  });

  it('filters 20,000 cities as you type, back to the top of the list', async () => {
    const user = userEvent.setup();
    render(CityList, { cities: big, labels, selected: null });
    await user.type(screen.getByLabelText('Filter cities'), 'sister 1999');
    const options = rows();
    expect(options.map((o) => o.id)).toEqual(Array.from({ length: 10 }, (_, i) => `city-city-1999${i}`));
    expect(options[0]).toHaveAttribute('aria-setsize', '10');
    expect(screen.getByText('10 of 20,000 cities')).toBeInTheDocument();
  });
});

describe('the list filters and sort', () => {
  afterEach(() => clearMocks());

  /** Answers `list_cities` with `answer` for a query, recording each query asked. */
  function core(answer: (q: CityQuery) => CitySummary[]) {
    const asked: CityQuery[] = [];
    mockIPC((cmd, args) => {
      if (cmd !== 'list_cities') throw new Error(`unexpected command ${cmd}`);
      const q = (args as { query: CityQuery }).query;
      asked.push(q);
      return answer(q);
    });
    return asked;
  }
  const bySlug = (...slugs: string[]) => slugs.map((s) => cities.find((c) => c.slug === s)!);

  it('asks the core for the chosen filters and shows its answer; Clear filters shows every city again', async () => {
    const user = userEvent.setup();
    const asked = core((q) => (q.response === 'declined' ? [] : q.state === 'OR' ? bySlug('portland-or') : bySlug('portland-me', 'portland-or')));
    render(CityList, { cities, labels, selected: null });
    await user.selectOptions(screen.getByLabelText('Link status'), 'Active');
    await waitFor(() => expect(rows().map((o) => o.dataset.slug)).toEqual(['portland-me', 'portland-or']));
    expect(asked.at(-1)).toEqual({ status: 'active', response: null, state: null, last_call: null, follow_up: null, sort: 'name', descending: false });
    await user.selectOptions(screen.getByLabelText('State'), 'OR');
    await waitFor(() => expect(rows().map((o) => o.dataset.slug)).toEqual(['portland-or']));
    expect(screen.getByText(/1 of 6 cities/)).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Response'), 'Declined');
    expect(await screen.findByText('No city matches these filters.')).toBeInTheDocument();
    expect(asked.at(-1)).toMatchObject({ status: 'active', response: 'declined', state: 'OR' });
    const before = asked.length;
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(rows()).toHaveLength(6);
    expect(asked).toHaveLength(before);
  });

  it('shows the order the core sorts in, and the text filter narrows that order', async () => {
    const user = userEvent.setup();
    const order = bySlug('tallahassee-fl', 'portland-or', 'anchorage-ak', 'portland-me', 'st-louis-mo', 'philadelphia-pa');
    const asked = core(() => order);
    render(CityList, { cities, labels, selected: null });
    await user.selectOptions(screen.getByLabelText('Sort by'), 'Last call (most recent first)');
    await waitFor(() => expect(rows().map((o) => o.dataset.slug)).toEqual(order.map((c) => c.slug)));
    expect(asked.at(-1)).toMatchObject({ sort: 'last_call', descending: true });
    await user.type(screen.getByLabelText('Filter cities'), 'portland');
    expect(rows().map((o) => o.dataset.slug)).toEqual(['portland-or', 'portland-me']);
  });

  it('says so when the core refuses a query, and keeps the list', async () => {
    const user = userEvent.setup();
    mockIPC(() => {
      throw { kind: 'invalid_input', message: 'state: "O" is not a two-letter state code such as OR' };
    });
    render(CityList, { cities, labels, selected: null });
    await user.selectOptions(screen.getByLabelText('Link status'), 'Active');
    expect(await screen.findByRole('alert')).toHaveTextContent('two-letter state code');
    expect(rows()).toHaveLength(6);
  });
});

describe('a teammate\'s call in the list', () => {
  it('says who called a city last, so nobody calls the same office twice', () => {
    const calledAt = new Date(Date.now() - 20 * 60_000).toISOString();
    const withTeammate: CitySummary[] = cities.map((c, i) =>
      i === 0
        ? { ...c, last_call_at: calledAt, teammate_call: { volunteer: 'Dana', called_at: calledAt, outcome: 'voicemail', channel: 'phone' } as CitySummary['teammate_call'] }
        : c,
    );
    render(CityList, { cities: withTeammate, labels, selected: null });
    const first = document.getElementById(`city-${withTeammate[0].slug}`)!;
    expect(first).toHaveTextContent(/Called by Dana 20 minutes ago/);
    expect(first).not.toHaveTextContent(/Last call/);
    // A city nobody on the team called shows its own last call as before.
    const second = document.getElementById(`city-${withTeammate[1].slug}`)!;
    expect(second).toHaveTextContent(/Last call/);
    expect(second).not.toHaveTextContent(/Called by/);
  });
});
