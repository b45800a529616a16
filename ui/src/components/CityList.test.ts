import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
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
    expect(screen.getByText('20000 cities')).toBeInTheDocument();
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
    expect(screen.getByText('10 of 20000 cities')).toBeInTheDocument();
  });
});

describe('the list filters and sort', () => {
  it('filters by tie status, response, state and last call through labelled selects', async () => {
    const user = userEvent.setup();
    render(CityList, { cities, labels, selected: null });
    await user.selectOptions(screen.getByLabelText('Tie status'), 'Active');
    expect(rows().map((o) => o.dataset.slug)).toEqual(['portland-me', 'portland-or']);
    await user.selectOptions(screen.getByLabelText('State'), 'OR');
    expect(rows().map((o) => o.dataset.slug)).toEqual(['portland-or']);
    expect(screen.getByText(/1 of 6 cities/)).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Response'), 'Declined');
    expect(noRows()).toBe(true);
    expect(screen.getByText('No city matches these filters.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(rows()).toHaveLength(6);
  });

  it('filters by last call and sorts by status', async () => {
    const user = userEvent.setup();
    const called = cities.map((c, i) => ({ ...c, last_call_at: i < 2 ? new Date().toISOString() : null }));
    render(CityList, { cities: called, labels, selected: null });
    await user.selectOptions(screen.getByLabelText('Last call'), 'Never called');
    expect(rows()).toHaveLength(4);
    await user.selectOptions(screen.getByLabelText('Last call'), 'Any time');
    await user.selectOptions(screen.getByLabelText('Sort by'), 'Tie status (active first)');
    expect(rows().map((o) => o.dataset.slug)).toEqual(['portland-me', 'portland-or', 'philadelphia-pa', 'st-louis-mo', 'anchorage-ak', 'tallahassee-fl']);
  });
});
