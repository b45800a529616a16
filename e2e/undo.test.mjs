// Issue 11 in the real window: a response and a change of a tie's status get the same undo
// offer as a call (the toast, its Undo button), and after Undo the city pane shows the city
// as it was before.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { artifacts, launch, openSection, shown, tempDataDir } from './harness.mjs';

const textOf = (browser, selector) => browser.execute((s) => document.querySelector(s)?.textContent ?? null, selector);
const count = (browser, selector) => browser.execute((s) => document.querySelectorAll(s).length, selector);

async function openCity(browser, query, name) {
  await openSection(browser, 'Cities');
  const filter = await shown(browser, '#city-filter', 15000);
  await filter.setValue(query);
  await filter.addValue('\uE007');
  await browser.waitUntil(async () => (await textOf(browser, '.city-pane h2')) === name, {
    timeout: 5000,
    timeoutMsg: `the city pane did not open ${name}`,
  });
}

/** Opens the response form, picks the response and/or status, saves. */
async function record(browser, { response, status }) {
  await browser.$('button*=Record a response').click();
  await browser.$('#response-relationship').waitForExist({ timeout: 3000 });
  if (response) await browser.$('#response-response').selectByAttribute('value', response);
  if (status) await browser.$('#response-relationship').selectByAttribute('value', status);
  await browser.$('button=Record').click();
  await browser.$('.response-form').waitForExist({ reverse: true, timeout: 5000 });
}

describe('undoing a response and a status change', () => {
  let app;
  let browser;

  before(async () => {
    app = await launch(tempDataDir());
    browser = app.browser;
    await browser.$('svg[aria-label^="Map of the target cities"]').waitForExist({ timeout: 15000 });
  });
  after(async () => app?.close());

  it('records a response, offers Undo, and Undo leaves the pane as it was', async () => {
    await openCity(browser, 'portland or', 'Portland, OR');
    const header = await textOf(browser, '.pane-header');
    assert.equal(await count(browser, 'ol.response-list li'), 0);
    await record(browser, { response: 'considering' });
    const toast = await shown(browser, '.toast', 3000);
    assert.match(await toast.getText(), /Response saved for Portland, OR: Considering/);
    assert.equal(await toast.getAttribute('role'), 'status');
    await browser.waitUntil(async () => (await count(browser, 'ol.response-list li')) === 1, { timeout: 5000, timeoutMsg: 'the response did not appear' });
    await browser.pause(400);
    await browser.saveScreenshot(path.join(artifacts, 'undo-response-toast.png'));
    await toast.$('button').click();
    await browser.waitUntil(async () => (await count(browser, 'ol.response-list li')) === 0, { timeout: 5000, timeoutMsg: 'undo did not remove the response' });
    await browser.$('.toast').waitForExist({ reverse: true, timeout: 3000 });
    assert.equal(await textOf(browser, '.pane-header'), header);
    await browser.pause(400);
    await browser.saveScreenshot(path.join(artifacts, 'undo-response-after.png'));
  });

  it('records a status change, offers Undo, and Undo puts the tie back', async () => {
    const header = await textOf(browser, '.pane-header');
    assert.match(header, /Active/);
    const history = () => count(browser, 'ol.history li');
    const entries = await history();
    await record(browser, { status: 'severed' });
    const toast = await shown(browser, '.toast', 3000);
    assert.match(await toast.getText(), /Link status saved for Portland, OR: Severed/);
    await browser.waitUntil(async () => /Severed/.test(await textOf(browser, '.pane-header')), { timeout: 5000, timeoutMsg: 'the tie did not become severed' });
    // One new entry in each tie's history.
    const ties = await count(browser, 'article.relationship');
    await browser.waitUntil(async () => (await history()) === entries + ties, { timeout: 5000, timeoutMsg: 'the history did not grow' });
    await browser.pause(400);
    await browser.saveScreenshot(path.join(artifacts, 'undo-status-toast.png'));
    await toast.$('button').click();
    await browser.waitUntil(async () => (await textOf(browser, '.pane-header')) === header, { timeout: 5000, timeoutMsg: 'undo did not put the tie back' });
    assert.equal(await history(), entries);
    await browser.pause(400);
    await browser.saveScreenshot(path.join(artifacts, 'undo-status-after.png'));
  });
});
