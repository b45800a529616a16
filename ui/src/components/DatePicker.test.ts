// The calendar beside a date field (issue 11): picking a day fills the field with YYYY-MM-DD,
// by mouse or by keyboard alone; Esc closes it without touching the field or the form around.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach } from 'vitest';
import DatePicker from './DatePicker.svelte';
import App from '../App.svelte';
import { cities, labels } from '../test/fixtures';
import { fakeBackend } from '../test/backend';
import type { Boot } from '../lib/bindings/Boot';
import { todayIso } from '../lib/fieldErrors';
import { addDays, addMonths } from '../lib/calendar';
import { applyLanguage } from '../lib/i18n.svelte';

afterEach(() => {
  applyLanguage('system', false);
  clearMocks();
});

function picker(value = '') {
  const onPick = vi.fn();
  render(DatePicker, { id: 'test-date', value, field: 'Follow-up date', onPick });
  return { onPick, button: screen.getByRole('button', { name: 'Choose the date on a calendar' }) };
}

describe('the date picker', () => {
  it('opens on the field’s date, and a click on a day gives it as YYYY-MM-DD', async () => {
    const user = userEvent.setup();
    const { onPick, button } = picker('2026-03-08');
    expect(button).toHaveAttribute('aria-expanded', 'false');
    await user.click(button);
    const dialog = screen.getByRole('dialog', { name: 'Calendar: Follow-up date' });
    expect(button).toHaveAttribute('aria-expanded', 'true');
    const grid = within(dialog).getByRole('grid', { name: 'March 2026' });
    // The field's date has the focus and is marked chosen.
    expect(document.activeElement).toHaveAccessibleName('Sunday, 8 March 2026');
    expect(document.activeElement!.closest('td')).toHaveAttribute('aria-selected', 'true');
    await user.click(within(grid).getByRole('button', { name: 'Friday, 20 March 2026' }));
    expect(onPick).toHaveBeenCalledWith('2026-03-20');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('works from the keyboard alone: arrows, Page Down, Enter; a word in the field opens on its day', async () => {
    const user = userEvent.setup();
    const { onPick, button } = picker('tomorrow');
    button.focus();
    await user.keyboard('{Enter}');
    const tomorrow = addDays(todayIso(), 1);
    expect(document.activeElement).toHaveAttribute('data-day', tomorrow);
    await user.keyboard('{ArrowRight}{ArrowDown}{ArrowLeft}{ArrowLeft}{ArrowUp}');
    expect(document.activeElement).toHaveAttribute('data-day', addDays(tomorrow, -1));
    await user.keyboard('{PageDown}');
    const target = addMonths(addDays(tomorrow, -1), 1);
    expect(document.activeElement).toHaveAttribute('data-day', target);
    await user.keyboard('{Enter}');
    expect(onPick).toHaveBeenCalledWith(target);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('closes on Esc with nothing picked, the focus back on its button', async () => {
    const user = userEvent.setup();
    const { onPick, button } = picker();
    await user.click(button);
    expect(document.activeElement).toHaveAttribute('data-day', todayIso());
    await user.keyboard('{ArrowRight}{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(onPick).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(button);
  });

  it('speaks Ukrainian and starts the week on Monday in Ukrainian', async () => {
    applyLanguage('uk', false);
    const user = userEvent.setup();
    render(DatePicker, { id: 'uk-date', value: '2026-12-02', field: 'Дата нагадування', onPick: () => {} });
    await user.click(screen.getByRole('button', { name: 'Вибрати дату в календарі' }));
    const dialog = screen.getByRole('dialog', { name: 'Календар: Дата нагадування' });
    const heads = within(dialog).getAllByRole('columnheader');
    expect(heads[0]).toHaveAttribute('abbr', 'понеділок');
    expect(within(dialog).getByRole('button', { name: 'Наступний місяць' })).toBeInTheDocument();
  });
});

describe('the follow-up date in the call log', () => {
  beforeEach(() => {
    window.requestAnimationFrame = (cb) => setTimeout(() => cb(0), 0) as unknown as number;
    fakeBackend(cities, todayIso());
  });

  it('is filled by the picker, Esc in the calendar leaves the form open, and the call is saved with the day picked', async () => {
    const backend = fakeBackend(cities, todayIso());
    const boot: Boot = { status: 'ready', cities, labels, data_dir: '/tmp/data' };
    const user = userEvent.setup();
    render(App, { boot });
    await user.keyboard('{Alt>}2{/Alt}');
    await user.type(screen.getByLabelText('Filter cities'), 'tallahassee{Enter}');
    await screen.findByRole('heading', { level: 2, name: 'Tallahassee, FL' });
    await user.click(screen.getByRole('button', { name: /Log a call/ }));
    const form = screen.getByRole('form', { name: 'Log a call or e-mail to Tallahassee' });
    await user.keyboard('3');
    const open = within(form).getByRole('button', { name: 'Choose the date on a calendar' });
    await user.click(open);
    await user.keyboard('{Escape}');
    expect(screen.getByRole('form', { name: 'Log a call or e-mail to Tallahassee' })).toBeInTheDocument();
    await user.click(open);
    await user.keyboard('{ArrowDown}{Enter}');
    const week = addDays(todayIso(), 7);
    expect(within(form).getByLabelText(/Follow-up date/)).toHaveValue(week);
    await user.click(within(form).getByRole('button', { name: /Save/ }));
    await vi.waitFor(() => expect(backend.sent('log_call')).toHaveLength(1));
    expect((backend.sent('log_call')[0].args.input as { follow_up: string }).follow_up).toBe(week);
  }, 20_000);
});

describe('the contact form’s two dates', () => {
  it('each have a calendar, told apart by the field they fill', async () => {
    window.requestAnimationFrame = (cb) => setTimeout(() => cb(0), 0) as unknown as number;
    fakeBackend(cities, todayIso());
    const boot: Boot = { status: 'ready', cities, labels, data_dir: '/tmp/data' };
    const user = userEvent.setup();
    render(App, { boot });
    await user.keyboard('{Alt>}2{/Alt}');
    await user.type(screen.getByLabelText('Filter cities'), 'tallahassee{Enter}');
    await screen.findByRole('heading', { level: 2, name: 'Tallahassee, FL' });
    await user.click(screen.getByRole('button', { name: 'Add a contact' }));
    const form = screen.getByRole('form', { name: 'Add a contact for Tallahassee' });
    const buttons = within(form).getAllByRole('button', { name: 'Choose the date on a calendar' });
    expect(buttons.map((b) => b.getAttribute('aria-describedby') && document.getElementById(b.getAttribute('aria-describedby')!)?.textContent)).toEqual(['Last verified', 'Term ends']);
    expect(buttons[1]).toHaveAccessibleDescription('Term ends');
    await user.click(buttons[1]);
    expect(screen.getByRole('dialog', { name: 'Calendar: Term ends' })).toBeInTheDocument();
    await user.keyboard('{PageDown}{Enter}');
    expect(within(form).getByLabelText(/Term ends/)).toHaveValue(addMonths(todayIso(), 1));
    expect(within(form).getByLabelText(/Last verified/)).toHaveValue('');
  }, 20_000);
});
