import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks } from '@tauri-apps/api/mocks';
import { fakeBackend } from '../test/backend';
import App from '../App.svelte';
import { cities, labels } from '../test/fixtures';
import type { Boot } from '../lib/bindings/Boot';
import { applyLanguage, LANGUAGE_KEY } from '../lib/i18n.svelte';

const boot: Boot = { status: 'ready', cities, labels, data_dir: '/tmp/data' };

beforeEach(() => {
  window.requestAnimationFrame = (cb) => setTimeout(() => cb(0), 0) as unknown as number;
  fakeBackend();
});
afterEach(() => {
  clearMocks();
  applyLanguage('system');
});

describe('the language switch in Settings', () => {
  it('changes the visible text at once, keeps the choice, and sets <html lang>', async () => {
    const user = userEvent.setup();
    render(App, { boot });
    await user.keyboard('{Alt>}4{/Alt}');
    const languages = await screen.findByRole('group', { name: 'Language' });
    expect(within(languages).getByRole('radio', { name: 'Same as the system' })).toBeChecked();

    await user.click(within(languages).getByRole('radio', { name: 'Українська' }));
    // No restart: the heading, the top bar and the vocabulary in the list are Ukrainian now.
    expect(screen.getByRole('heading', { level: 2, name: 'Налаштування' })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Розділи' });
    expect(within(nav).getAllByRole('button').map((b) => b.textContent)).toEqual(['Огляд', 'Міста', 'Нагадування', 'Налаштування', 'Імпорт і експорт', 'Петиція', 'Команда']);
    expect(screen.getByText(/6 міст у списку/)).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Мова' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('uk');
    expect(localStorage.getItem(LANGUAGE_KEY)).toBe('uk');

    await user.keyboard('{Alt>}2{/Alt}');
    const list = await screen.findByRole('listbox', { name: 'Міста' });
    expect(within(list).getAllByRole('option')[0]).toHaveTextContent('Призупинене');
    expect(screen.getByLabelText('Фільтр міст')).toBeInTheDocument();

    await user.keyboard('{Alt>}4{/Alt}');
    await user.click(await screen.findByRole('radio', { name: 'English' }));
    expect(screen.getByRole('heading', { level: 2, name: 'Settings' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
    await vi.waitFor(() => expect(localStorage.getItem(LANGUAGE_KEY)).toBe('en'));
  });
});
