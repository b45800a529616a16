// The real app window: seeded cities on first paint, filtering, a city's sourced history,
// and the error screen for a store it cannot open.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { appForSuite, artifacts, launch, openSection, shown, tempDataDir } from './harness.mjs';

describe('Outreach Desk on its seed campaign', () => {
  const suite = appForSuite();

  it('lists the seeded target cities as soon as the window shows', async () => {
    const { browser } = suite;
    // The window opens on the dashboard; the list is one click away.
    await openSection(browser, 'Cities');
    await shown(browser, '[role="listbox"][aria-label="Cities"]', 15000);
    // The list renders only the rows in view; each row knows the size of the whole list.
    const first = await browser.$('[role="option"]');
    const total = Number(await first.getAttribute('aria-setsize'));
    assert.ok(total >= 60, `only ${total} cities listed`);
    assert.match(await browser.$('.count').getText(), /^\d+ cities$/);
    // The last row is rendered once scrolled to.
    await browser.execute(() => {
      const ul = document.querySelector('.list-scroll');
      ul.scrollTop = ul.scrollHeight;
    });
    const last = await shown(browser, '#city-waterville-me', 3000);
    assert.match(await browser.execute((el) => el.textContent, last), /Waterville, ME[\s\S]*Kotlas/);
    await browser.execute(() => (document.querySelector('.list-scroll').scrollTop = 0));
    await browser.saveScreenshot(path.join(artifacts, 'city-list.png'));
  });

  it('narrows the list as the volunteer types in the filter', async () => {
    const { browser } = suite;
    const filter = await browser.$('#city-filter');
    await filter.setValue('tallahassee');
    await browser.waitUntil(async () => (await browser.$$('[role="option"]')).length === 1, {
      timeout: 5000,
      timeoutMsg: 'the filter did not narrow the list to one city',
    });
    assert.match(await browser.$('[role="option"]').getText(), /Tallahassee, FL/);
    assert.match(await browser.$('.count').getText(), /^1 of \d+ cities$/);
  });

  it("opens a city's pane with its history and source links from the keyboard", async () => {
    const { browser } = suite;
    // Enter in the filter opens the first match (WebDriver's key code for Enter).
    await browser.$('#city-filter').addValue('\uE007');
    const heading = await shown(browser, '.city-pane h2');
    assert.equal(await heading.getText(), 'Tallahassee, FL');
    const history = await browser.$('ol[aria-label="Status history of the sister-city link with Krasnodar"]');
    assert.match(await history.getText(), /Severed/i);
    const links = await history.$$('a');
    const hrefs = await Promise.all([...links].map((a) => a.getAttribute('href')));
    assert.ok(
      hrefs.some((h) => h.startsWith('https://www.wuwf.org/')),
      `no wuwf.org source among ${hrefs.join(', ')}`,
    );
    await browser.saveScreenshot(path.join(artifacts, 'city-pane.png'));
  });
});

describe('Outreach Desk on a store it cannot read', () => {
  let app;
  let dataDir;
  const garbage = 'this is not an SQLite database\n'.repeat(200);

  before(async () => {
    dataDir = tempDataDir();
    writeFileSync(path.join(dataDir, 'outreach.db'), garbage);
    app = await launch(dataDir);
  });
  after(async () => app?.close());

  it('shows a readable error screen that names the file, and leaves the file alone', async () => {
    const alert = await app.browser.$('[role="alert"]');
    await alert.waitForExist({ timeout: 15000 });
    const text = await alert.getText();
    assert.match(text, /The data file cannot be read/);
    assert.ok(text.includes(path.join(dataDir, 'outreach.db')), text);
    await app.browser.saveScreenshot(path.join(artifacts, 'error-screen.png'));
    assert.equal(readFileSync(path.join(dataDir, 'outreach.db'), 'utf8'), garbage);
  });
});
