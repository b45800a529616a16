import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import Exchange from './Exchange.svelte';
import App from '../App.svelte';
import { cities, labels } from '../test/fixtures';
import type { ImportReport } from '../lib/bindings/ImportReport';
import type { PreviewRow } from '../lib/bindings/PreviewRow';
import type { BackupInfo } from '../lib/bindings/BackupInfo';

function row(action: PreviewRow['action'], name: string, reason: string, key: string | null = null): PreviewRow {
  return { location: `mayors.csv row ${name.length}`, action, reason, key, name, city: 'portland-or', changes: [], stale: false };
}

const rows: PreviewRow[] = [
  row('add', 'Dana Whitfield', 'new contact for portland-or', 'csv:portland-or:mayor'),
  row('conflict', 'Ray Novak', 'a volunteer edited this contact by hand; the file differs in phone', 'csv:chicago-il:mayor'),
  row('error', 'Bad Row', 'email: "x" is not an e-mail address'),
  row('skipped', '<b>Springfield</b>', 'Springfield, IL is not a target city'),
];

function report(applied: boolean): ImportReport {
  return {
    source: '/data/mayors.csv',
    rows,
    counts: { add: 1, update: 0, unchanged: 0, skipped: 1, error: 1, conflict: 1 },
    applied,
    written: applied ? 2 : 0,
    conflicts_kept: 0,
    import_id: applied ? 'import-1' : null,
  };
}

const backups: BackupInfo[] = [
  { id: '20261128T001500123Z-manual', created_at: '2026-11-28T00:15:00.123Z', reason: 'manual', bytes: 2_500_000 },
  { id: '20261127T080000000Z-daily', created_at: '2026-11-27T08:00:00.000Z', reason: 'daily', bytes: 2_400_000 },
];

let calls: { cmd: string; args: Record<string, unknown> }[] = [];
let failImport: { kind: string; message: string } | null = null;
/** What the next system dialogs answer (the app shows them; the page only asks). */
let dialogAnswers: (string | null)[] = [];

beforeEach(() => {
  calls = [];
  failImport = null;
  dialogAnswers = ['/data/mayors.csv'];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: a });
    if (cmd === 'backup_list') return backups;
    if (cmd === 'ui_ready') return null;
    if (cmd === 'list_cities') return cities.slice(0, 2);
    if (cmd === 'choose_import' || cmd === 'choose_bundle') return dialogAnswers.shift() ?? null;
    if (cmd === 'import_contacts') {
      if (failImport) throw failImport;
      return report(!a.dryRun);
    }
    if (cmd === 'backup_restore')
      return { restored: backups[1], previous: { ...backups[0], id: '20261128T002000000Z-before-restore', reason: 'before-restore' } };
    if (cmd === 'bundle_import')
      return {
        file: a.path, machine_id: 'm2', created_at: 't', cities_added: 0, ties_added: 0, calls_added: 3, calls_known: 1, calls_undone: 0, responses_added: 1,
        status_events_added: 0, contacts_added: 0, contacts_theirs: 1, contacts_ours: 0, revisions_added: 1,
        follow_ups_added: 0, follow_ups_theirs: 0, follow_ups_ours: 0, refused: [], refused_by_reason: [], merge_id: 'merge-1',
      };
    if (cmd === 'import_undo')
      return { import_id: a.importId, file: '/data/mayors.csv', removed: 1, restored: 1, kept: ['contact c-9: edited since the import'] };
    if (cmd === 'bundle_undo_merge') return { merge_id: a.mergeId, file: '/data/b.json', removed: 4, restored: 1, kept: [] };
    throw new Error(`unexpected command ${cmd}`);
  });
});

afterEach(() => clearMocks());

describe('the import screen', { timeout: 20_000 }, () => {
  it('previews a file chosen in the dialog, shows each row with its action and reason, then applies with the choices made', async () => {
    const user = userEvent.setup({ delay: null });
    let changed = 0;
    render(Exchange, { onchanged: () => changed++ });
    expect(screen.getByRole('button', { name: 'Preview' })).toBeDisabled();
    // A disabled control says why.
    expect(screen.getByRole('button', { name: 'Preview' })).toHaveAccessibleDescription('Choose a file first.');
    await user.click(screen.getByRole('button', { name: 'Choose file…' }));
    expect(await screen.findByText('/data/mayors.csv')).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'choose_import')!.args).toEqual({ source: 'csv', folder: false });
    // Renaming columns is rarely needed: the field waits behind a disclosure named for it.
    const columns = screen.getByLabelText('My file’s column names (optional)');
    expect(columns).not.toBeVisible();
    await user.click(screen.getByText('My file’s columns have other names'));
    expect(columns).toBeVisible();
    await user.type(columns, 'Town=city');
    await user.click(screen.getByRole('button', { name: 'Preview' }));

    const table = await screen.findByRole('table', { name: 'What the import will do, row by row' });
    const trs = within(table).getAllByRole('row').slice(1);
    expect(trs.map((r) => r.dataset.action)).toEqual(['add', 'conflict', 'error', 'skipped']);
    expect(trs[2]).toHaveTextContent('email: "x" is not an e-mail address');
    // Text from the file is shown as text, never as HTML.
    expect(trs[3]).toHaveTextContent('<b>Springfield</b>');
    expect(screen.getByText(/Nothing is written until you apply/)).toBeInTheDocument();
    const preview = calls.find((c) => c.cmd === 'import_contacts')!;
    expect(preview.args).toMatchObject({ source: 'csv', mapping: [['Town', 'city']], dryRun: true });
    // The page never sends a path: the app uses the file picked in its own dialog.
    expect(calls.every((c) => !('path' in c.args))).toBe(true);
    expect(changed).toBe(0);

    await user.selectOptions(screen.getByLabelText('Conflict for Ray Novak'), 'take');
    await user.click(screen.getByRole('button', { name: 'Apply import' }));
    expect(await screen.findByText('Imported: wrote 2 contacts.')).toBeInTheDocument();
    const apply = calls.filter((c) => c.cmd === 'import_contacts')[1];
    expect(apply.args).toMatchObject({ dryRun: false, choices: { on_conflict: 'keep', take: ['csv:chicago-il:mayor'], keep: [] } });
    expect(changed).toBe(1);
    expect(screen.queryByRole('table', { name: /row by row/ })).not.toBeInTheDocument();
    // No copy of the whole store is made first: the import is undone by itself.
    expect(calls.some((c) => c.cmd === 'backup_create')).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Undo this import' }));
    expect(
      await screen.findByText(
        'Undid the import of /data/mayors.csv: removed 1 contact it added, put back 1 contact it replaced. Kept 1 row worked on since (contact c-9: edited since the import).',
      ),
    ).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'import_undo')!.args).toMatchObject({ importId: 'import-1' });
    expect(changed).toBe(2);
    expect(screen.queryByRole('button', { name: 'Undo this import' })).not.toBeInTheDocument();
  });

  it('shows a refused file as one clear message and applies nothing', async () => {
    const user = userEvent.setup({ delay: null });
    failImport = { kind: 'import_file', message: '/data/x.csv: row 1: the columns are separated by semicolons, not commas; nothing was imported' };
    render(Exchange);
    await user.click(screen.getByRole('button', { name: 'Choose file…' }));
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('separated by semicolons');
    expect(screen.queryByRole('button', { name: 'Apply import' })).not.toBeInTheDocument();
  });

  it('names a bad column mapping before asking the backend', async () => {
    const user = userEvent.setup({ delay: null });
    render(Exchange);
    await user.click(screen.getByRole('button', { name: 'Choose file…' }));
    await user.type(screen.getByLabelText('My file’s column names (optional)'), 'Town');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Column names: “Town” is not of the form column=field');
    expect(calls.some((c) => c.cmd === 'import_contacts')).toBe(false);
  });

  it('switches to Open States, where there is no column mapping', async () => {
    const user = userEvent.setup({ delay: null });
    render(Exchange);
    await user.click(screen.getByLabelText('Open States people (folder or .zip)'));
    expect(screen.queryByLabelText('My file’s column names (optional)')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Choose folder…' })).toBeInTheDocument();
    dialogAnswers = ['/data/people'];
    await user.click(screen.getByRole('button', { name: 'Choose folder…' }));
    expect(calls.find((c) => c.cmd === 'choose_import')!.args).toEqual({ source: 'openstates', folder: true });
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    await screen.findByRole('table', { name: /row by row/ });
    expect(calls.find((c) => c.cmd === 'import_contacts')!.args).toMatchObject({ source: 'openstates', mapping: [] });
  });
});

describe('choosing files', { timeout: 20_000 }, () => {
  it('keeps Preview off until a file is chosen for the source shown, and a cancelled dialog changes nothing', async () => {
    const user = userEvent.setup({ delay: null });
    dialogAnswers = [null];
    render(Exchange);
    await user.click(screen.getByRole('button', { name: 'Choose file…' }));
    expect(screen.getByText('None chosen yet', { selector: '#import-chosen' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Preview' })).toBeDisabled();
    dialogAnswers = ['/data/mayors.csv'];
    await user.click(screen.getByRole('button', { name: 'Choose file…' }));
    await screen.findByText('/data/mayors.csv');
    expect(screen.getByRole('button', { name: 'Preview' })).toBeEnabled();
    // A CSV is not an Open States file: switching the source asks for a new choice.
    await user.click(screen.getByLabelText('Open States people (folder or .zip)'));
    expect(screen.getByRole('button', { name: 'Preview' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Merge' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Merge' })).toHaveAccessibleDescription('Choose an exchange file first.');
  });
});

describe('bundles and backups', { timeout: 20_000 }, () => {
  it('merges a bundle and says what it added and resolved', async () => {
    const user = userEvent.setup({ delay: null });
    render(Exchange);
    dialogAnswers = ['/data/b.json'];
    await user.click(screen.getByRole('button', { name: 'Choose the file…' }));
    await user.click(screen.getByRole('button', { name: 'Merge' }));
    expect(await screen.findByText(/Merged: 3 new calls \(1 already here\)/)).toBeInTheDocument();
    expect(screen.getByText(/1 contact edit taken from the exchange file/)).toBeInTheDocument();
  });

  it('undoes the merge it just made, by its id', async () => {
    const user = userEvent.setup({ delay: null });
    render(Exchange);
    expect(screen.queryByRole('button', { name: 'Undo this merge' })).toBeNull();
    dialogAnswers = ['/data/b.json'];
    await user.click(screen.getByRole('button', { name: 'Choose the file…' }));
    await user.click(screen.getByRole('button', { name: 'Merge' }));
    await user.click(await screen.findByRole('button', { name: 'Undo this merge' }));
    expect(await screen.findByText(/Undid the merge of \/data\/b.json: removed 4 rows it added, put back 1 it changed/)).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'bundle_undo_merge')!.args).toMatchObject({ mergeId: 'merge-1' });
    expect(screen.queryByRole('button', { name: 'Undo this merge' })).toBeNull();
  });

  it('lists backups and restores one only after a confirmation', async () => {
    const user = userEvent.setup({ delay: null });
    render(Exchange);
    const restore = await screen.findByRole('button', { name: 'Restore the backup of 2026-11-27 08:00:00' });
    expect(screen.getByText('Made by hand')).toBeInTheDocument();
    expect(screen.getByText('2.4 MB')).toBeInTheDocument();
    await user.click(restore);
    expect(calls.some((c) => c.cmd === 'backup_restore')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Restore now' }));
    expect(await screen.findByText(/Restored backup 20261127T080000000Z-daily/)).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'backup_restore')!.args).toEqual({ id: '20261127T080000000Z-daily' });
  });
});

describe('the section', { timeout: 20_000 }, () => {
  it('opens with Alt+5 and refreshes the city list after an import', async () => {
    window.requestAnimationFrame = (cb) => setTimeout(() => cb(0), 0) as unknown as number;
    const user = userEvent.setup({ delay: null });
    render(App, { boot: { status: 'ready', cities, labels, data_dir: '/tmp/data' } });
    await user.keyboard('{Alt>}5{/Alt}');
    expect(screen.getByRole('button', { name: 'Import & export' })).toHaveAttribute('aria-current', 'page');
    // The section's code loads on its first visit.
    await user.click(await screen.findByRole('button', { name: 'Choose file…' }));
    await screen.findByText('/data/mayors.csv');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    await user.click(await screen.findByRole('button', { name: 'Apply import' }));
    await screen.findByText(/Imported: wrote 2 contacts/);
    expect(calls.some((c) => c.cmd === 'list_cities')).toBe(true);
    await user.keyboard('{Alt>}1{/Alt}');
    expect(screen.getByText('2 target cities', { exact: false })).toBeInTheDocument();
  });
});
