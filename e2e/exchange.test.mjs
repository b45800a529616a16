// The Import & export screen in the real window: an Open States folder and a US Conference
// of Mayors CSV, each previewed then applied, an import undone, and a restore from a backup.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { appForSuite, artifacts, openSection, shown } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '../core/tests/fixtures');
const cli = process.env.OUTREACH_CLI ?? path.resolve(here, '../target/debug/outreach');

// The app opens the system's file dialogs itself (the page never names a path). WebDriver
// cannot click a GTK dialog, so the app started for these tests answers each dialog with the
// next line of this file (read from the environment tauri-driver passes on to the app).
const answers = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'outreach-e2e-dialogs-')), 'answers');
fs.writeFileSync(answers, '');
process.env.OUTREACH_TEST_DIALOG_ANSWERS = answers;
/** The next file dialog answers `file`. */
const willPick = (file) => fs.writeFileSync(answers, `${file}\n`);

async function rowActions(browser) {
  const rows = await browser.$$('table.preview tbody tr');
  return Promise.all([...rows].map((r) => r.getAttribute('data-action')));
}

async function preview(browser, source, file) {
  await browser.$(`input[name="import-source"][value="${source}"]`).click();
  willPick(file);
  const folder = fs.statSync(file).isDirectory();
  await browser.$(folder ? 'button=Choose folder…' : 'button=Choose file…').click();
  await browser.waitUntil(async () => (await browser.$('#import-chosen').getText()) === file, {
    timeout: 10000,
    timeoutMsg: `the dialog's pick (${file}) was not shown`,
  });
  await browser.$('button=Preview').click();
  await browser.$('table.preview').waitForExist({ timeout: 15000 });
  return rowActions(browser);
}

async function apply(browser) {
  await browser.$('button=Apply import').click();
  const summary = await shown(browser, 'p.summary*=Imported:', 15000);
  return summary.getText();
}

describe('Import & export in the window', () => {
  const suite = appForSuite();
  let browser;

  before(async () => {
    browser = suite.browser;
    await openSection(browser, 'Import & export');
    await browser.$('#import-chosen').waitForExist({ timeout: 5000 });
  });

  it('previews an Open States folder row by row, then applies it', async () => {
    const actions = await preview(browser, 'openstates', path.join(fixtures, 'openstates'));
    assert.equal(actions.filter((a) => a === 'add').length, 7, actions.join(','));
    assert.equal(actions.filter((a) => a === 'error').length, 3, actions.join(','));
    const table = await browser.$('table.preview').getText();
    assert.match(table, /roles: the person has no roles/);
    assert.match(table, /salem, OR is not a target city/);
    assert.match(table, /stale/);
    assert.match(await browser.$('p.summary*=Preview:').getText(), /7 to add/);
    await browser.saveScreenshot(path.join(artifacts, 'import-openstates-preview.png'));
    const summary = await apply(browser);
    assert.match(summary, /wrote 7 contacts/);
  });

  it('previews and applies a US Conference of Mayors CSV chosen in the file dialog', async () => {
    const actions = await preview(browser, 'csv', path.join(fixtures, 'uscm.csv'));
    assert.deepEqual(actions, ['add', 'add', 'add', 'skipped', 'add']);
    assert.match(await browser.$('table.preview').getText(), /Springfield, IL is not a target city/);
    await browser.saveScreenshot(path.join(artifacts, 'import-preview.png'));
    assert.match(await apply(browser), /wrote 4 contacts/);
    await browser.saveScreenshot(path.join(artifacts, 'import-applied.png'));
  });

  it('undoes the CSV import with "Undo this import": the store makes no copy of itself first', async () => {
    // The last import (the CSV) can be undone from its summary.
    await browser.$('button=Undo this import').click();
    const undone = await shown(browser, 'p.summary*=Undid the import of', 15000);
    assert.match(await undone.getText(), /removed 4 contacts it added/);
    assert.equal((await browser.$$('tr[data-backup$="before-import"]')).length, 0, 'no backup before an import');
    // The store is as it was before the CSV: it would add its four contacts again.
    const actions = await preview(browser, 'csv', path.join(fixtures, 'uscm.csv'));
    assert.deepEqual(actions, ['add', 'add', 'add', 'skipped', 'add']);
    await browser.saveScreenshot(path.join(artifacts, 'after-undo-import.png'));
  });

  it('restores the store from a backup made by hand before an import', async () => {
    await browser.$('button=Back up now').click();
    await browser.$('tr[data-backup$="manual"]').waitForExist({ timeout: 10000 });
    await preview(browser, 'csv', path.join(fixtures, 'uscm.csv'));
    assert.match(await apply(browser), /wrote 4 contacts/);
    const rows = await browser.$$('tr[data-backup$="manual"]');
    const latest = rows[0];
    await latest.$('button*=Restore').click();
    await latest.$('button=Restore now').click();
    await browser.$('p.summary*=Restored backup').waitForExist({ timeout: 15000 });
    // The store is as it was before that import: the CSV would add its four contacts again.
    const actions = await preview(browser, 'csv', path.join(fixtures, 'uscm.csv'));
    assert.deepEqual(actions, ['add', 'add', 'add', 'skipped', 'add']);
    assert.ok((await browser.$$('tr[data-backup$="before-restore"]')).length >= 1);
    await browser.saveScreenshot(path.join(artifacts, 'after-restore.png'));
  });

  it('merges another volunteer\'s bundle, then undoes the merge', async () => {
    // Another volunteer's data folder, made with the command line: one call, in a bundle.
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'outreach-e2e-other-'));
    const run = (...args) => execFileSync(cli, ['--data-dir', other, ...args], { encoding: 'utf8' });
    run('log-call', 'tulsa-ok', '--outcome', 'voicemail', '--notes', 'left a message from the other laptop');
    const file = path.join(other, 'theirs.json');
    run('bundle', 'export', '-o', file, '--all');
    willPick(file);
    await browser.$('button=Choose the file…').click();
    await browser.waitUntil(async () => (await browser.$('#bundle-chosen').getText()) === file, { timeout: 10000 });
    await browser.$('button=Merge').click();
    const merged = await shown(browser, 'p.summary*=Merged:', 15000);
    assert.match(await merged.getText(), /Merged: 1 new call \(0 already here\)/);
    const undo = await shown(browser, 'button=Undo this merge', 5000);
    await browser.saveScreenshot(path.join(artifacts, 'bundle-merged.png'));
    await undo.click();
    const undone = await shown(browser, 'p.summary*=Undid the merge', 15000);
    assert.match(await undone.getText(), /removed 1 row it added/);
    assert.equal((await browser.$$('button=Undo this merge')).length, 0);
    await browser.saveScreenshot(path.join(artifacts, 'bundle-merge-undone.png'));
    fs.rmSync(other, { recursive: true, force: true });
  });

  it('gives the page no way to name a path or open a dialog of its own', async () => {
    // What a script injected into the page could try: the dialog plugin's commands are not
    // granted, and a path passed to the import is ignored (the app uses only its dialogs' picks).
    const tryInvoke = (cmd, args) =>
      browser.executeAsync((cmd, args, done) => {
        window.__TAURI_INTERNALS__
          .invoke(cmd, args)
          .then((r) => done({ ok: r }))
          .catch((e) => done({ err: typeof e === 'string' ? e : JSON.stringify(e) }));
      }, cmd, args);
    for (const cmd of ['plugin:dialog|open', 'plugin:dialog|save']) {
      const r = await tryInvoke(cmd, { options: {} });
      assert.ok(r.err && /not allowed/.test(r.err), `${cmd}: ${JSON.stringify(r)}`);
    }
    fs.writeFileSync(answers, '');
    const r = await tryInvoke('export_data', { kind: 'calls', format: 'csv', path: '/tmp/outreach-e2e-not-here.csv' });
    assert.deepEqual(r, { ok: null }, 'a cancelled save dialog writes nothing, whatever path the page sent');
    assert.equal(fs.existsSync('/tmp/outreach-e2e-not-here.csv'), false);
  });
});
