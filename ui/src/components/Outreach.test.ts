// The outreach workflow in the window, driven as a volunteer would (keyboard first), against
// the in-memory backend (mockIPC).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks } from '@tauri-apps/api/mocks';
import App from '../App.svelte';
import UndoToast from './UndoToast.svelte';
import { cities, labels } from '../test/fixtures';
import { fakeBackend, type Backend } from '../test/backend';
import type { Boot } from '../lib/bindings/Boot';
import { todayIso } from '../lib/fieldErrors';

const boot: Boot = { status: 'ready', cities, labels, data_dir: '/tmp/data' };
const hostile = '<img src=x onerror=alert(1)>';
let backend: Backend;

beforeEach(() => {
  window.requestAnimationFrame = (cb) => setTimeout(() => cb(0), 0) as unknown as number;
  backend = fakeBackend(cities, todayIso());
});
afterEach(() => clearMocks());

/** Opens a city with the keyboard: Alt+2, type its name, Enter. */
async function openCity(user: ReturnType<typeof userEvent.setup>, query: string, name: string) {
  render(App, { boot });
  await user.keyboard('{Alt>}2{/Alt}');
  await user.type(screen.getByLabelText('Filter cities'), `${query}{Enter}`);
  await screen.findByRole('heading', { level: 2, name });
  return screen.getByRole('region', { name: 'City details' });
}

/** Opens Tallahassee's pane and its call form with the button; the volunteer's typing helper. */
async function openCallForm() {
  const user = userEvent.setup();
  await openCity(user, 'tallahassee', 'Tallahassee, FL');
  await user.click(screen.getByRole('button', { name: /Log a call/ }));
  return user;
}

const history = () => screen.getByRole('list', { name: /^Call history of/ });

describe('logging a call', () => {
  it('takes only the keyboard: L opens the form, a number picks the outcome, Enter saves', async () => {
    const user = userEvent.setup();
    await openCity(user, 'tallahassee', 'Tallahassee, FL');
    expect(screen.getByText(/Nobody has logged a call to Tallahassee yet/)).toBeInTheDocument();
    screen.getByRole('listbox').focus();
    await user.keyboard('l');
    const form = screen.getByRole('form', { name: 'Log a call or e-mail to Tallahassee' });
    // Focus starts on the outcomes, so a number key picks one.
    expect(document.activeElement).toHaveAttribute('name', 'outcome');
    await user.keyboard('2');
    expect(within(form).getByRole('radio', { name: /Left a voicemail/ })).toBeChecked();
    await user.click(within(form).getByLabelText(/Notes/));
    await user.keyboard('Left a message with the clerk; 3 rings');
    await user.keyboard('{Enter}');

    await vi.waitFor(() => expect(backend.sent('log_call')).toHaveLength(1));
    expect(backend.sent('log_call')[0].args.input).toEqual({
      slug: 'tallahassee-fl',
      outcome: 'voicemail',
      channel: 'phone',
      contact_id: null,
      notes: 'Left a message with the clerk; 3 rings',
      follow_up: null,
      volunteer: null,
    });
    expect(screen.queryByRole('form', { name: /Log a call/ })).toBeNull();
    const item = await within(await screen.findByRole('list', { name: /^Call history of Tallahassee/ })).findByText('Left a voicemail');
    expect(item.closest('li')).toHaveTextContent('Left a message with the clerk; 3 rings');
    expect(item.closest('li')).toHaveTextContent('Olena');
    // The list is refreshed: the city's last call is now today.
    await vi.waitFor(() => expect(within(screen.getByRole('listbox')).getByRole('option', { selected: true })).toHaveTextContent('Last call: Today'));
    expect(screen.getByRole('status')).toHaveTextContent('Call logged for Tallahassee, FL: Left a voicemail.');
  });

  it('labels every control of the form', async () => {
    const user = await openCallForm();
    const form = screen.getByRole('form', { name: /Log a call/ });
    for (const el of form.querySelectorAll('input, select, textarea, button')) {
      expect(el, el.outerHTML).toHaveAccessibleName();
    }
    expect(within(form).getAllByRole('radio', { name: /./ })).toHaveLength(7); // 5 outcomes, 2 channels
  });

  it('types digits into the notes instead of picking an outcome, and asks for an outcome when none is picked', async () => {
    const user = await openCallForm();
    await user.click(screen.getByLabelText(/Notes/));
    await user.keyboard('call back at 3{Enter}');
    expect(screen.getByLabelText(/Notes/)).toHaveValue('call back at 3');
    expect(screen.getByText('pick an outcome: press 1 to 5')).toBeInTheDocument();
    expect(backend.sent('log_call')).toHaveLength(0);
  });

  it('cancels with Escape and logs nothing', async () => {
    const user = await openCallForm();
    await user.keyboard('1{Escape}');
    expect(screen.queryByRole('form', { name: /Log a call/ })).toBeNull();
    expect(backend.sent('log_call')).toHaveLength(0);
  });

  it('shows a bad follow-up date beside its field and keeps the form open', async () => {
    const user = await openCallForm();
    await user.keyboard('1');
    await user.type(screen.getByLabelText(/Follow-up date/), 'next week{Enter}');
    const field = screen.getByLabelText(/Follow-up date/);
    await vi.waitFor(() => expect(field).toHaveAttribute('aria-invalid', 'true'));
    expect(field).toHaveAccessibleDescription('"next week" is not a date of the form YYYY-MM-DD');
    expect(backend.calls).toHaveLength(0);
  });

  it('offers undo after saving; undoing removes the call from the history and the counts', async () => {
    const user = userEvent.setup();
    await openCity(user, 'portland or', 'Portland, OR');
    await user.keyboard('l1{Enter}');
    await within(await screen.findByRole('list', { name: /^Call history of Portland/ })).findByText('Spoke with a person');
    await user.keyboard('l3{Enter}');
    await vi.waitFor(() => expect(within(history()).getAllByRole('listitem')).toHaveLength(2));
    // Newest first.
    expect(within(history()).getAllByRole('listitem')[0]).toHaveTextContent('No answer');
    await user.click(within(screen.getByRole('status')).getByRole('button', { name: /Undo/ }));
    await vi.waitFor(() => expect(within(history()).getAllByRole('listitem')).toHaveLength(1));
    expect(history()).toHaveTextContent('Spoke with a person');
    expect(backend.sent('undo_call')[0].args).toEqual({ id: backend.calls[1].id });
    expect(screen.queryByRole('status')).toBeNull();
    await user.keyboard('{Alt>}1{/Alt}');
    const week = await screen.findByRole('region', { name: 'Calls this week' });
    expect(within(week).getByText('1', { selector: '.stat-big' })).toBeInTheDocument();
  });

  it('shows notes and names as text, never as HTML', async () => {
    const user = userEvent.setup();
    await openCity(user, 'tallahassee', 'Tallahassee, FL');
    await user.keyboard('l1');
    await user.click(screen.getByLabelText(/Notes/));
    await user.paste(hostile);
    await user.keyboard('{Enter}');
    expect(await within(await screen.findByRole('list', { name: /^Call history/ })).findByText(hostile)).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
  });
});

describe('the undo offer', () => {
  it('goes away by itself after a few seconds', async () => {
    const onDone = vi.fn();
    render(UndoToast, { message: 'Logged.', seconds: 0.05, onUndo: async () => {}, onDone });
    expect(screen.getByRole('status')).toHaveTextContent('Logged.');
    await vi.waitFor(() => expect(onDone).toHaveBeenCalledOnce());
  });
});

describe('undoing a response or a status change', () => {
  async function recordWith(user: ReturnType<typeof userEvent.setup>, response: string | null, status: string | null) {
    await user.keyboard('r');
    const form = screen.getByRole('form', { name: /Record a response/ });
    if (response) await user.selectOptions(within(form).getByLabelText('What the city said'), response);
    if (status) await user.selectOptions(within(form).getByLabelText('New status of the sister-city link'), status);
    await user.click(within(form).getByRole('button', { name: 'Record' }));
    await vi.waitFor(() => expect(screen.queryByRole('form', { name: /Record a response/ })).toBeNull());
  }

  it('offers the same undo as a call; Undo puts the pane back as it was before', async () => {
    const user = userEvent.setup();
    await openCity(user, 'portland or', 'Portland, OR');
    const header = () => screen.getByRole('heading', { level: 2, name: 'Portland, OR' }).parentElement!;
    await recordWith(user, 'Considering', null);
    const toast = screen.getByRole('status');
    expect(toast).toHaveTextContent('Response saved for Portland, OR: Considering.');
    expect(toast).toHaveAttribute('aria-live', 'polite');
    // One announcement: the pane adds no second status of its own.
    expect(screen.getAllByRole('status')).toHaveLength(1);
    await vi.waitFor(() => expect(screen.getByRole('list', { name: /^Responses of Portland/ })).toHaveTextContent('Considering'));

    await user.click(within(toast).getByRole('button', { name: /Undo/ }));
    await vi.waitFor(() => expect(screen.queryByRole('status')).toBeNull());
    const saved = (backend.log.find((l) => l.cmd === 'record_response')!.args.input as { slug: string }).slug;
    expect(saved).toBe('portland-or');
    expect(backend.sent('undo_recorded')[0].args).toEqual({ recorded: { response_id: expect.stringMatching(/^resp-/), status_change_ids: [] } });
    await vi.waitFor(() => expect(screen.queryByRole('list', { name: /^Responses of Portland/ })).toBeNull());
    expect(header()).toHaveTextContent('Active');
  });

  it('undoes a status change with Ctrl+Z, and the tie shows its status before', async () => {
    const user = userEvent.setup();
    await openCity(user, 'portland or', 'Portland, OR');
    const header = () => screen.getByRole('heading', { level: 2, name: 'Portland, OR' }).parentElement!;
    await recordWith(user, null, 'Severed');
    expect(screen.getByRole('status')).toHaveTextContent('Link status saved for Portland, OR: Severed.');
    await vi.waitFor(() => expect(header()).toHaveTextContent('Severed'));
    screen.getByRole('listbox').focus();
    await user.keyboard('{Control>}z{/Control}');
    await vi.waitFor(() => expect(backend.sent('undo_recorded')).toHaveLength(1));
    await vi.waitFor(() => expect(header()).toHaveTextContent('Active'));
    expect(backend.cities.find((c) => c.slug === 'portland-or')!.relationship_status).toBe('active');
  });

  it('replaces a call\'s offer with the later save (one last undoable action)', async () => {
    const user = userEvent.setup();
    await openCity(user, 'portland or', 'Portland, OR');
    await user.keyboard('l1{Enter}');
    await vi.waitFor(() => expect(screen.getByRole('status')).toHaveTextContent(/^Call logged for Portland, OR/));
    await recordWith(user, 'Declined', null);
    expect(screen.getAllByRole('status')).toHaveLength(1);
    await user.click(within(screen.getByRole('status')).getByRole('button', { name: /Undo/ }));
    await vi.waitFor(() => expect(backend.sent('undo_recorded')).toHaveLength(1));
    expect(backend.sent('undo_call')).toHaveLength(0);
  });
});

describe('follow-ups', () => {
  it('appear in the due list, open their city, and close when the next call is logged', async () => {
    const user = userEvent.setup();
    await openCity(user, 'anchorage', 'Anchorage, AK');
    await user.keyboard('l5');
    await user.type(screen.getByLabelText(/Follow-up date/), `${todayIso()}{Enter}`);
    await screen.findByText(`Follow-up due ${todayIso()}`, { exact: false, selector: '.open-follow-ups li' });

    await user.keyboard('{Alt>}3{/Alt}');
    const due = await screen.findByRole('list', { name: 'Follow-ups due today and overdue' });
    expect(within(due).getAllByRole('listitem')).toHaveLength(1);
    expect(due).toHaveTextContent(`Due today (${todayIso()})`);
    await user.click(within(due).getByRole('button', { name: 'Anchorage, AK' }));
    await screen.findByRole('heading', { level: 2, name: 'Anchorage, AK' });

    await user.keyboard('l1{Enter}');
    await vi.waitFor(() => expect(backend.sent('log_call')).toHaveLength(2));
    await vi.waitFor(() => expect(document.querySelector('.open-follow-ups')).toBeNull());
    await user.keyboard('{Alt>}3{/Alt}');
    expect(await screen.findByText(/Nothing due today/)).toBeInTheDocument();
    await user.keyboard('{Alt>}1{/Alt}');
    expect(await screen.findByText('0', { selector: '[data-stat="follow-ups-due"]' })).toBeInTheDocument();
  });
});

describe('recording a response', () => {
  it('records a change of the tie to suspended with its date and source, kept in the history', async () => {
    const user = userEvent.setup();
    await openCity(user, 'portland or', 'Portland, OR');
    await user.keyboard('r');
    const form = screen.getByRole('form', { name: /Record a response/ });
    await user.selectOptions(within(form).getByLabelText('What the city said'), 'Committed to act');
    await user.selectOptions(within(form).getByLabelText('New status of the sister-city link'), 'Suspended');
    await user.clear(within(form).getByLabelText(/Date/));
    await user.type(within(form).getByLabelText(/Date/), '2026-11-20');
    await user.type(within(form).getByLabelText(/Source/), 'not a link');
    await user.click(within(form).getByRole('button', { name: 'Record' }));
    const source = within(form).getByLabelText(/Source/);
    await vi.waitFor(() => expect(source).toHaveAccessibleDescription('"not a link" is not a web address starting with https:// or http://'));
    expect(backend.cities.find((c) => c.slug === 'portland-or')!.relationship_status).toBe('active');

    await user.clear(source);
    await user.type(source, 'https://www.portland.gov/council/2026-11-20');
    await user.click(within(form).getByRole('button', { name: 'Record' }));
    await vi.waitFor(() => expect(screen.queryByRole('form', { name: /Record a response/ })).toBeNull());
    // The toast confirms it, with its undo.
    expect(screen.getByRole('status')).toHaveTextContent('Response saved for Portland, OR: Committed to act; link status Suspended.');
    expect(backend.sent('record_response').at(-1)!.args.input).toMatchObject({
      slug: 'portland-or',
      response: 'committed',
      relationship: 'suspended',
      date: '2026-11-20',
      source_url: 'https://www.portland.gov/council/2026-11-20',
    });
    const header = screen.getByRole('heading', { level: 2, name: 'Portland, OR' }).parentElement!;
    await vi.waitFor(() => expect(header).toHaveTextContent('Suspended'));
    const responses = screen.getByRole('list', { name: /^Responses of Portland/ });
    expect(responses).toHaveTextContent('Committed to act');
    expect(within(responses).getByRole('link', { name: 'portland.gov' })).toBeInTheDocument();
    await vi.waitFor(() => expect(within(screen.getByRole('listbox')).getByRole('option', { selected: true })).toHaveTextContent('Suspended'));
  });
});

describe('contacts', () => {
  it('adds a contact, showing a bad phone beside the field; phone and e-mail open the system apps', async () => {
    const user = userEvent.setup();
    await openCity(user, 'tallahassee', 'Tallahassee, FL');
    await user.click(screen.getByRole('button', { name: 'Add a contact' }));
    const form = screen.getByRole('form', { name: 'Add a contact for Tallahassee' });
    await user.type(within(form).getByLabelText('Name'), hostile);
    await user.type(within(form).getByLabelText(/Role/), 'Mayor');
    await user.type(within(form).getByLabelText('Phone'), 'call me');
    await user.type(within(form).getByLabelText('E-mail'), 'mayor@talgov.com');
    await user.click(within(form).getByRole('button', { name: 'Add contact' }));
    const phone = within(form).getByLabelText('Phone');
    await vi.waitFor(() => expect(phone).toHaveAttribute('aria-invalid', 'true'));
    expect(phone).toHaveAccessibleDescription('"call me" cannot be dialled: no digits');
    expect(backend.contacts).toHaveLength(0);

    await user.clear(phone);
    await user.type(phone, '+1 850-891-2000');
    await user.click(within(form).getByRole('button', { name: 'Add contact' }));
    const contacts = await screen.findByRole('region', { name: 'Mayor’s office' });
    const item = await within(contacts).findByText(hostile, { selector: '.contact-name' });
    expect(document.querySelector('img')).toBeNull();
    const card = item.closest('li')!;
    await user.click(within(card).getByRole('link', { name: '+1 850-891-2000' }));
    await user.click(within(card).getByRole('link', { name: 'mayor@talgov.com' }));
    expect(backend.sent('plugin:opener|open_url').map((c) => c.args.url)).toEqual(['tel:+1 850-891-2000', 'mailto:mayor@talgov.com']);
    // The script now names the mayor.
    await vi.waitFor(() => expect(screen.getByLabelText('Call script for Tallahassee')).toHaveTextContent(`Hello ${hostile}, I am Olena`));
  });

  it('offers to undo an edit (the fields come back) and an added contact (it goes again)', async () => {
    const user = userEvent.setup();
    backend.contacts.push({
      id: 'c1', slug: 'tallahassee-fl', removed: false, name: 'John Dailey', role: 'Mayor', phone: '850-891-2000', email: null, website: null, address: null,
      notes: '', last_verified: null, term_end: null, source: null, stale: false, edited_by_hand: false, confidence: null, external_id: null, credit: null, seed_offer: null,
    });
    await openCity(user, 'tallahassee', 'Tallahassee, FL');
    const card = () => screen.getByText('John Dailey', { selector: '.contact-name' }).closest('li')!;
    await screen.findByText('John Dailey', { selector: '.contact-name' });
    await user.click(within(card()).getByRole('button', { name: 'Edit John Dailey' }));
    const form = screen.getByRole('form', { name: 'Edit contact' });
    await user.clear(within(form).getByLabelText('Phone'));
    await user.type(within(form).getByLabelText('Phone'), '850-555-0100');
    await user.click(within(form).getByRole('button', { name: 'Save contact' }));
    await vi.waitFor(() => expect(within(card()).getByRole('link', { name: '850-555-0100' })).toBeInTheDocument());
    const toast = screen.getByRole('status');
    expect(toast).toHaveTextContent('Contact saved for Tallahassee, FL: John Dailey.');
    await user.click(within(toast).getByRole('button', { name: /Undo/ }));
    await vi.waitFor(() => expect(within(card()).getByRole('link', { name: '850-891-2000' })).toBeInTheDocument());
    expect(backend.sent('undo_contact_edit')[0].args).toMatchObject({ id: 'c1', edited: { phone: '850-555-0100', name: 'John Dailey' } });

    await user.click(screen.getByRole('button', { name: 'Add a contact' }));
    const add = screen.getByRole('form', { name: 'Add a contact for Tallahassee' });
    await user.type(within(add).getByLabelText('Name'), 'Clerk');
    await user.click(within(add).getByRole('button', { name: 'Add contact' }));
    await screen.findByText('Clerk', { selector: '.contact-name' });
    expect(screen.getByRole('status')).toHaveTextContent('Contact added for Tallahassee, FL: Clerk.');
    await user.keyboard('{Control>}z{/Control}');
    await vi.waitFor(() => expect(screen.queryByText('Clerk', { selector: '.contact-name' })).toBeNull());
    expect(backend.sent('remove_contact')).toHaveLength(1);
  });

  it('marks a stale contact, edits and removes one', async () => {
    const user = userEvent.setup();
    backend.contacts.push({
      id: 'c1', slug: 'tallahassee-fl', removed: false, name: 'John Dailey', role: 'Mayor', phone: null, email: null, website: null, address: null,
      notes: '', last_verified: '2020-01-01', term_end: null, source: null, stale: true, edited_by_hand: false, confidence: null, external_id: null, credit: null, seed_offer: null,
    });
    await openCity(user, 'tallahassee', 'Tallahassee, FL');
    const card = (await screen.findByText('John Dailey', { selector: '.contact-name' })).closest('li')!;
    expect(within(card).getByText('Stale')).toBeInTheDocument();
    await user.click(within(card).getByRole('button', { name: 'Edit John Dailey' }));
    const form = screen.getByRole('form', { name: 'Edit contact' });
    expect(within(form).getByLabelText('Name')).toHaveValue('John Dailey');
    await user.clear(within(form).getByLabelText(/Last verified/));
    await user.type(within(form).getByLabelText(/Last verified/), '12/01/2026');
    await user.click(within(form).getByRole('button', { name: 'Save contact' }));
    await vi.waitFor(() => expect(within(form).getByLabelText(/Last verified/)).toHaveAccessibleDescription('"12/01/2026" is not a date of the form YYYY-MM-DD'));
    await user.keyboard('{Escape}');
    await user.click(within(screen.getByText('John Dailey', { selector: '.contact-name' }).closest('li')!).getByRole('button', { name: 'Remove John Dailey' }));
    await vi.waitFor(() => expect(screen.queryByText('John Dailey', { selector: '.contact-name' })).toBeNull());
    expect(backend.sent('remove_contact')[0].args).toEqual({ id: 'c1' });
  });
});

describe('seeded contacts', () => {
  it('shows the source, the Open States credit and the confidence, and offers the seed’s newer details', async () => {
    const user = userEvent.setup();
    backend.contacts.push({
      id: 'c2', slug: 'portland-or', removed: false, name: 'Keith Wilson', role: 'Mayor', phone: '503-823-9999', email: null, website: null, address: null,
      notes: 'Front desk number.', last_verified: '2026-08-05', term_end: '2028-12-31', source: 'https://www.portland.gov/mayor/keith-wilson', stale: false, edited_by_hand: true,
      confidence: 'high', external_id: 'ocd-person/c32d56b2', credit: 'Open States (CC0)',
      seed_offer: {
        name: 'Keith Wilson', role: 'Mayor', phone: '503-823-4120', email: null, website: null, address: null, notes: 'Front desk number.',
        source: 'https://www.portland.gov/mayor/keith-wilson', last_verified: '2026-12-01', term_end: '2028-12-31', confidence: 'high',
      },
    });
    await openCity(user, 'portland or', 'Portland, OR');
    const card = (await screen.findByText('Keith Wilson', { selector: '.contact-name' })).closest('li')!;
    expect(card).toHaveTextContent('Data: Open States (CC0)');
    expect(card).toHaveTextContent('High confidence');
    expect(within(card).getByRole('link', { name: 'https://www.portland.gov/mayor/keith-wilson' })).toBeInTheDocument();
    const offer = within(card).getByRole('group', { name: 'Newer details for Keith Wilson in the app’s data' });
    expect(offer).toHaveTextContent('phone: 503-823-4120');
    await user.click(within(offer).getByRole('button', { name: 'Use the newer details for Keith Wilson' }));
    expect(backend.sent('take_seed_offer')[0].args).toEqual({ id: 'c2' });
    await vi.waitFor(() => expect(screen.getByRole('link', { name: '503-823-4120' })).toBeInTheDocument());
    expect(screen.queryByRole('group', { name: /Newer details/ })).toBeNull();
  });

  it('marks a low-confidence contact "check before calling"', async () => {
    const user = userEvent.setup();
    backend.contacts.push({
      id: 'c3', slug: 'st-louis-mo', removed: false, name: 'Brad Bark', role: 'Mayor (last confirmed 2022–2023)', phone: null, email: null, website: null, address: null,
      notes: 'Check before calling: the current mayor is not confirmed.', last_verified: '2021-12-06', term_end: null, source: 'https://muscatinejournal.com/x', stale: true, edited_by_hand: false,
      confidence: 'low', external_id: null, credit: null, seed_offer: null,
    });
    await openCity(user, 'st louis', 'St. Louis, MO');
    const card = (await screen.findByText('Brad Bark', { selector: '.contact-name' })).closest('li')!;
    expect(within(card).getByText('Check before calling', { selector: '.check-badge' })).toBeInTheDocument();
    expect(card).toHaveTextContent('Low confidence: check before calling');
  });
});

describe('the call script', () => {
  it('marks each merge field with no value as a visible, labelled gap', async () => {
    const user = userEvent.setup();
    await openCity(user, 'tallahassee', 'Tallahassee, FL');
    const script = await screen.findByLabelText('Call script for Tallahassee');
    await vi.waitFor(() => expect(script).toHaveTextContent('Hello [mayor’s name?], I am Olena from Tallahassee, FL.'));
    const gap = within(script).getByText('[mayor’s name?]');
    expect(gap.tagName).toBe('MARK');
    expect(screen.getByText(/Missing: mayor’s name/)).toBeInTheDocument();
  });
});

describe('settings', () => {
  it('saves the volunteer name used for new calls, and names a bad merge field beside the script', async () => {
    const user = userEvent.setup();
    render(App, { boot });
    await user.keyboard('{Alt>}4{/Alt}');
    const name = await screen.findByLabelText(/Your name/);
    expect(name).toHaveValue('Olena');
    await user.clear(name);
    await user.type(name, 'Taras');
    const script = screen.getByLabelText(/Call script: active link/);
    await user.clear(script);
    await user.type(script, 'Hi {{mayor}');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await vi.waitFor(() => expect(script).toHaveAccessibleDescription('{mayor} is not a merge field'));
    await user.clear(script);
    await user.type(script, 'Hi {{mayor_name}, this is {{volunteer_name}.');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    expect(backend.settings).toMatchObject({ volunteer_name: 'Taras', call_script: 'Hi {mayor_name}, this is {volunteer_name}.', goal: 25000 });
    await user.keyboard('{Alt>}2{/Alt}');
    await user.type(screen.getByLabelText('Filter cities'), 'tallahassee{Enter}');
    await user.keyboard('l');
    expect(await screen.findByText('Logged as Taras')).toBeInTheDocument();
  });
});

describe('a half-written form', () => {
  it('keeps the call notes across Alt+1 and Alt+2, says so, and is thrown away by Discard', async () => {
    const user = await openCallForm();
    await user.keyboard('2');
    await user.click(screen.getByLabelText(/Notes/));
    await user.keyboard('Aide says the council meets Tuesday');
    await user.keyboard('{Alt>}1{/Alt}');
    expect(screen.queryByRole('form', { name: /Log a call/ })).toBeNull();
    await user.keyboard('{Alt>}2{/Alt}');
    // The list kept its filter and city; the form opens again with what was typed.
    expect(screen.getByLabelText('Filter cities')).toHaveValue('tallahassee');
    const form = await screen.findByRole('form', { name: 'Log a call or e-mail to Tallahassee' });
    await vi.waitFor(() => expect(within(form).getByLabelText(/Notes/)).toHaveValue('Aide says the council meets Tuesday'));
    expect(within(form).getByRole('radio', { name: /Left a voicemail/ })).toBeChecked();
    expect(within(form).getByText('Draft kept')).toBeInTheDocument();
    expect(backend.sent('log_call')).toHaveLength(0);

    await user.click(within(form).getByRole('button', { name: 'Discard the draft of the call log' }));
    expect(within(form).getByLabelText(/Notes/)).toHaveValue('');
    await vi.waitFor(() => expect(backend.drafts.size).toBe(0));
    expect(within(form).queryByText('Draft kept')).toBeNull();
  }, 20_000);

  it('is done with once the call is saved', async () => {
    const user = await openCallForm();
    await user.keyboard('1');
    await user.click(screen.getByLabelText(/Notes/));
    await user.keyboard('Spoke with the mayor');
    await vi.waitFor(() => expect(backend.drafts.size).toBe(1));
    await user.keyboard('{Enter}');
    await vi.waitFor(() => expect(backend.sent('log_call')).toHaveLength(1));
    await vi.waitFor(() => expect(backend.drafts.size).toBe(0));
  });

  it('keeps a response and a new contact being typed when the section changes', async () => {
    const user = userEvent.setup();
    await openCity(user, 'tallahassee', 'Tallahassee, FL');
    await user.click(screen.getByRole('button', { name: /Record a response/ }));
    await user.type(screen.getByLabelText('Notes'), 'Clerk promised a reply');
    await user.click(screen.getByRole('button', { name: 'Add a contact' }));
    await user.type(screen.getByLabelText('Name'), 'Dana Office');
    await user.keyboard('{Alt>}3{/Alt}');
    await user.keyboard('{Alt>}2{/Alt}');
    const response = await screen.findByRole('form', { name: /Record a response/ });
    await vi.waitFor(() => expect(within(response).getByLabelText('Notes')).toHaveValue('Clerk promised a reply'));
    const contact = await screen.findByRole('form', { name: /Add a contact for Tallahassee/ });
    await vi.waitFor(() => expect(within(contact).getByLabelText('Name')).toHaveValue('Dana Office'));
    expect(within(contact).getByText('Draft kept')).toBeInTheDocument();
  });
});

describe('the keys', () => {
  it('are all listed by ?, from the one key table; Alt+2 puts the keyboard in the filter', async () => {
    const { KEY_TABLE } = await import('../lib/keys');
    const user = userEvent.setup();
    render(App, { boot });
    await user.keyboard('{Alt>}2{/Alt}');
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Filter cities')));
    screen.getByLabelText('Filter cities').blur();
    await user.keyboard('?');
    const help = await screen.findByRole('dialog', { name: 'Keys' });
    const rows = within(help).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(KEY_TABLE.length);
    for (const k of ['Alt+1', 'Alt+6', 'N', 'L', 'R', 'Esc', '?']) expect(within(help).getAllByText(k).length).toBeGreaterThan(0);
    await user.click(within(help).getByRole('button', { name: /Close/ }));
    expect(screen.queryByRole('dialog', { name: 'Keys' })).toBeNull();
  });
});

describe('a date typed as a word', () => {
  it('is shown resolved before saving and saved as the date', async () => {
    const user = await openCallForm();
    await user.keyboard('3');
    await user.click(screen.getByLabelText(/Follow-up date/));
    await user.keyboard('+3d');
    const d = new Date();
    d.setDate(d.getDate() + 3);
    const expected = todayIso(d);
    expect(await screen.findByText(new RegExp(expected))).toBeInTheDocument();
    await user.keyboard('{Enter}');
    await vi.waitFor(() => expect(backend.sent('log_call')).toHaveLength(1));
    expect((backend.sent('log_call')[0].args.input as { follow_up: string }).follow_up).toBe(expected);
  }, 20_000);
});
