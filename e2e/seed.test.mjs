// The seed campaign in the real window on a new data folder: a sourced mayor's office to
// call for Portland OR (with the Open States credit), Dubuque's corrected history entry
// struck through, a low-confidence contact marked "check before calling", and the
// petition's own figure on the dashboard before any sync.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { appForSuite, artifacts, openCity, screenshotAt, shown } from './harness.mjs';

describe('Outreach Desk seed data', () => {
  const app = appForSuite();

  it("shows the petition's own figure on the dashboard of a new store", async () => {
    const { browser } = app;
    const main = await shown(browser, 'main', 15000);
    await browser.waitUntil(async () => /18,900/.test(await main.getText()), {
      timeout: 10000,
      timeoutMsg: 'the dashboard does not show 18,900',
    });
    await browser.saveScreenshot(path.join(artifacts, 'seed-dashboard.png'));
  });

  it("shows Portland's mayor with a dialable number, its source and the Open States credit", async () => {
    const { browser } = app;
    await openCity(browser, 'portland or', 'Portland, OR');
    const contact = await shown(browser, 'li.contact[aria-label^="Keith Wilson"]');
    const text = await contact.getText();
    assert.match(text, /503-823-4120/);
    assert.match(text, /Open States \(CC0\)/);
    assert.match(text, /High confidence/);
    const tel = await contact.$('a[href^="tel:"]');
    assert.equal(await tel.getAttribute('href'), 'tel:503-823-4120');
    const hrefs = await Promise.all([...(await contact.$$('a'))].map((a) => a.getAttribute('href')));
    assert.ok(hrefs.some((h) => h.includes('portland.gov')), `no portland.gov source among ${hrefs.join(', ')}`);
    await screenshotAt(browser, contact, 'seed-portland.png');
  });

  it("strikes through Dubuque's corrected entry and names the correction's source", async () => {
    const { browser } = app;
    await openCity(browser, 'dubuque', 'Dubuque, IA');
    const history = await shown(browser, 'ol[aria-label="Status history of the sister-city link with Pyatigorsk"]');
    const corrected = await history.$('li.history-entry.corrected');
    assert.ok(await corrected.isExisting(), 'no corrected entry');
    assert.match(await corrected.getText(), /Severed/i);
    assert.ok(await corrected.$('del').isExisting(), 'the corrected entry is not struck through');
    assert.match(await corrected.$('.correction').getText(), /Corrected: Suspended/);
    const link = await corrected.$('.correction a');
    assert.match(await link.getAttribute('href'), /cityofdubuque\.org/);
    assert.match(await browser.$('.pane-header').getText(), /Suspended/i);
    await screenshotAt(browser, history, 'seed-dubuque.png');
  });

  it('marks a low-confidence contact "check before calling"', async () => {
    const { browser } = app;
    await openCity(browser, 'muscatine', 'Muscatine, IA');
    const contact = await shown(browser, 'li.contact');
    assert.match(await contact.$('.check-badge').getText(), /Check before calling/i);
    assert.match(await contact.getText(), /Low confidence/);
    await screenshotAt(browser, contact, 'seed-low-confidence.png');
  });
});
