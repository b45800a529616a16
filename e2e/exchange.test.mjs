// The Import & export screen in the real window: an Open States folder and a US Conference
// of Mayors CSV, each previewed then applied, and a restore from a backup.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appForSuite, artifacts, openSection, shown } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '../core/tests/fixtures');

async function rowActions(browser) {
  const rows = await browser.$$('table.preview tbody tr');
  return Promise.all([...rows].map((r) => r.getAttribute('data-action')));
}

async function preview(browser, source, file) {
  await browser.$(`input[name="import-source"][value="${source}"]`).click();
  const field = await browser.$('#import-path');
  await field.setValue(file);
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
    await browser.$('#import-path').waitForExist({ timeout: 5000 });
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

  it('previews and applies a US Conference of Mayors CSV typed as a path', async () => {
    const actions = await preview(browser, 'csv', path.join(fixtures, 'uscm.csv'));
    assert.deepEqual(actions, ['add', 'add', 'add', 'skipped', 'add']);
    assert.match(await browser.$('table.preview').getText(), /Springfield, IL is not a target city/);
    await browser.saveScreenshot(path.join(artifacts, 'import-preview.png'));
    assert.match(await apply(browser), /wrote 4 contacts/);
  });

  it('restores the store from the backup made before the first import', async () => {
    await browser.waitUntil(async () => (await browser.$$('tr[data-backup$="before-import"]')).length === 2, {
      timeout: 10000,
      timeoutMsg: 'the two imports did not each leave a backup',
    });
    const rows = await browser.$$('tr[data-backup$="before-import"]');
    const oldest = rows[rows.length - 1];
    await oldest.$('button*=Restore').click();
    await oldest.$('button=Restore now').click();
    await browser.$('p.summary*=Restored backup').waitForExist({ timeout: 15000 });
    // The store is as it was before any import: the CSV would add its four contacts again.
    const actions = await preview(browser, 'csv', path.join(fixtures, 'uscm.csv'));
    assert.deepEqual(actions, ['add', 'add', 'add', 'skipped', 'add']);
    assert.ok((await browser.$$('tr[data-backup$="before-restore"]')).length >= 1);
    await browser.saveScreenshot(path.join(artifacts, 'after-restore.png'));
  });
});
