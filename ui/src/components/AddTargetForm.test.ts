// Adding a place the list is missing, as a volunteer would: keyboard, labelled fields, the
// core's refusal shown beside the field it names, nothing sent when a value is not a number.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import AddTargetForm from './AddTargetForm.svelte';
import { labels } from '../test/fixtures';
import type { AddedTarget } from '../lib/bindings/AddedTarget';

afterEach(() => clearMocks());

function setup(answer: (input: Record<string, unknown>) => unknown) {
  const sent: Record<string, unknown>[] = [];
  mockIPC((cmd, args) => {
    if (cmd !== 'add_target') throw new Error(`unexpected ${cmd}`);
    const input = (args as { input: Record<string, unknown> }).input;
    sent.push(input);
    return answer(input);
  });
  const onSaved = vi.fn();
  const onCancel = vi.fn();
  render(AddTargetForm, { labels, onSaved, onCancel });
  return { sent, onSaved, onCancel, form: screen.getByRole('form', { name: 'Add a place the list is missing' }) };
}

async function fill(user: ReturnType<typeof userEvent.setup>, form: HTMLElement) {
  await user.type(within(form).getByLabelText('US place'), 'Springfield');
  await user.type(within(form).getByLabelText(/^State/), 'IL');
  await user.type(within(form).getByLabelText('Russian sister city'), 'Tver');
  await user.selectOptions(within(form).getByLabelText(/Status of the sister-city link/), 'active');
  const date = within(form).getByLabelText(/When the source said so/);
  await user.clear(date);
  await user.type(date, '2023-05');
  await user.type(within(form).getByLabelText(/Source/), 'https://example.org/tver');
}

// Typing every field takes a while on a busy machine.
describe('adding a place', { timeout: 30_000 }, () => {
  it('starts in the first field, labels every control and sends what was typed', async () => {
    const user = userEvent.setup();
    const added = { slug: 'springfield-il', city_added: true } as AddedTarget;
    const { sent, onSaved, form } = setup(() => added);
    expect(document.activeElement).toBe(within(form).getByLabelText('US place'));
    for (const el of form.querySelectorAll('input, select, textarea, button')) {
      expect(el, el.outerHTML).toHaveAccessibleName();
    }
    await fill(user, form);
    await user.type(within(form).getByLabelText(/Latitude/), '39.78');
    await user.type(within(form).getByLabelText(/Longitude/), '-89.65');
    await user.click(within(form).getByRole('button', { name: 'Add the place' }));
    await vi.waitFor(() => expect(onSaved).toHaveBeenCalledWith(added));
    expect(sent).toEqual([
      {
        city: 'Springfield',
        state: 'IL',
        kind: 'city',
        latitude: 39.78,
        longitude: -89.65,
        sister_city: 'Tver',
        sister_region: null,
        status: 'active',
        date: '2023-05',
        source_url: 'https://example.org/tver',
        notes: '',
      },
    ]);
  });

  it('shows the refusal beside the field it names and keeps what was typed', async () => {
    const user = userEvent.setup();
    const { onSaved, form } = setup(() => {
      const problem = '"ZZ" is not a US state: give its two-letter code (such as OR) or its name';
      throw { kind: 'invalid_input', message: `state: ${problem}`, field: 'state', code: 'invalid', problem };
    });
    await fill(user, form);
    await user.click(within(form).getByRole('button', { name: 'Add the place' }));
    const state = within(form).getByLabelText(/^State/);
    await vi.waitFor(() => expect(state).toHaveAttribute('aria-invalid', 'true'));
    expect(state).toHaveAccessibleDescription(/is not a US state/);
    expect(within(form).getByLabelText('US place')).toHaveValue('Springfield');
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('asks for the status and a numeric latitude before sending anything; Esc cancels', async () => {
    const user = userEvent.setup();
    const { sent, onCancel, form } = setup(() => ({}));
    await user.type(within(form).getByLabelText('US place'), 'Springfield');
    await user.click(within(form).getByRole('button', { name: 'Add the place' }));
    expect(within(form).getByLabelText(/Status of the sister-city link/)).toHaveAccessibleDescription(/choose the status/);
    await user.selectOptions(within(form).getByLabelText(/Status of the sister-city link/), 'unknown');
    await user.type(within(form).getByLabelText(/Latitude/), 'north');
    await user.click(within(form).getByRole('button', { name: 'Add the place' }));
    expect(within(form).getByLabelText(/Latitude/)).toHaveAccessibleDescription(/is not a number/);
    expect(sent).toHaveLength(0);
    await user.keyboard('{Escape}');
    expect(onCancel).toHaveBeenCalled();
  });
});
