// Issue 3 in the real window: the dashboard's map, the windowed city list under the strict CSP,
// and the outreach workflow (contacts, call logging with undo, responses, follow-ups).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appForSuite, artifacts, launch, openSection, shown, tempDataDir } from './harness.mjs';

/** Waits until the city pane shows the city with this heading. */
async function paneShows(browser, name) {
  await browser.waitUntil(async () => (await browser.execute(() => document.querySelector('.city-pane h2')?.textContent)) === name, {
    timeout: 5000,
    timeoutMsg: `the city pane did not open ${name}`,
  });
}

describe('the dashboard and the city list', () => {
  const suite = appForSuite();
  let browser;

  before(() => {
    browser = suite.browser;
  });

  it('opens on the dashboard: a map of the target cities coloured by status, drawn without the network', async () => {
    const map = await shown(browser, 'svg[aria-label^="Map of the target cities"]', 15000);
    const dots = await browser.$$('g.map-dot');
    assert.ok(dots.length >= 30, `only ${dots.length} cities on the map`);
    const land = await browser.$('path.map-land');
    const box = await land.getSize();
    assert.ok(box.width > 500 && box.height > 300, `the land is drawn ${box.width}x${box.height}`);
    // Every city is a labelled button, coloured by its status.
    const portland = await browser.$('g.map-dot[data-slug="portland-or"]');
    assert.match(await portland.getAttribute('aria-label'), /^Portland, OR: Active sister-city link with Khabarovsk/);
    assert.match(await portland.getAttribute('class'), /dot-active/);
    const fill = await browser.execute(() => getComputedStyle(document.querySelector('g.map-dot .mark')).fill);
    assert.notEqual(fill, 'rgb(0, 0, 0)', 'the dots are not coloured: is app.css applied?');
    await browser.saveScreenshot(path.join(artifacts, 'dashboard.png'));
  });

  it('opens a city from the map, by mouse and by keyboard', async () => {
    await browser.$('g.map-dot[data-slug="portland-or"] .mark').click();
    await paneShows(browser, 'Portland, OR');
    const selected = await browser.$('[role="option"][aria-selected="true"]');
    assert.equal(await selected.getAttribute('id'), 'city-portland-or');
    await openSection(browser, 'Dashboard');
    // Enter on a focused city (WebDriver's key code for Enter).
    await browser.$('g.map-dot[data-slug="tallahassee-fl"]').addValue('\uE007');
    await paneShows(browser, 'Tallahassee, FL');
  });

  it('renders only the rows in view, sized through the CSSOM that the CSP allows', async () => {
    await openSection(browser, 'Cities');
    const list = await shown(browser, '[role="listbox"][aria-label="Cities"]');
    const state = await browser.execute(() => {
      const ul = document.querySelector('.list-scroll');
      ul.scrollTop = 0;
      const rows = ul.querySelectorAll('[role="option"]');
      return {
        rendered: rows.length,
        total: Number(rows[0].getAttribute('aria-setsize')),
        scrollHeight: ul.scrollHeight,
        rowHeight: rows[0].offsetHeight,
        clientHeight: ul.clientHeight,
      };
    });
    assert.ok(state.rendered < state.total, `all ${state.total} rows rendered`);
    // The list fits in the window: it scrolls, not the page.
    assert.ok(state.clientHeight < (await browser.execute(() => window.innerHeight)), JSON.stringify(state));
    // The padding (set in JS, not by a style attribute) makes the list as tall as all its rows.
    assert.ok(Math.abs(state.scrollHeight - state.total * state.rowHeight) <= state.rowHeight, JSON.stringify(state));
    // Scrolling to the end brings the last rows into the DOM.
    await browser.execute(() => {
      const ul = document.querySelector('.list-scroll');
      ul.scrollTop = ul.scrollHeight;
    });
    await browser.waitUntil(
      async () =>
        (await browser.execute(() => [...document.querySelectorAll('[role="option"]')].pop()?.getAttribute('aria-posinset'))) === String(state.total),
      { timeout: 3000, timeoutMsg: 'scrolling to the end did not render the last row' },
    );
  });
});

const hostile = '<img src=x onerror=alert(1)>';

/** The text of an element found by a CSS selector, or null. */
const textOf = (browser, selector) => browser.execute((s) => document.querySelector(s)?.textContent ?? null, selector);

/** Opens a city from the Cities section's filter: type, Enter. */
async function openCity(browser, query, name) {
  await openSection(browser, 'Cities');
  const filter = await shown(browser, '#city-filter', 15000);
  await filter.setValue(query);
  await filter.addValue('\uE007');
  await paneShows(browser, name);
}

/** The call history's entries (their text), newest first. */
const history = (browser) =>
  browser.execute(() => [...document.querySelectorAll('ol.calls > li')].map((li) => li.textContent.replace(/\s+/g, ' ').trim()));

/** Logs a call with the keyboard alone: L from the list, a number key, notes, Enter. */
async function logCallByKeyboard(browser, outcomeKey, notes, followUp) {
  await browser.$('[role="listbox"]').addValue('l');
  const first = await shown(browser, 'input[name="outcome"]');
  await first.addValue(outcomeKey);
  if (notes) await browser.$('#call-notes').addValue(notes);
  if (followUp) await browser.$('#call-follow-up').addValue(followUp);
  return async () => browser.$('#call-notes').addValue('\uE007');
}

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

describe('the outreach workflow, kept across a restart', () => {
  let app;
  let browser;
  const dataDir = tempDataDir();

  before(async () => {
    app = await launch(dataDir);
    browser = app.browser;
    await browser.$('svg[aria-label^="Map of the target cities"]').waitForExist({ timeout: 15000 });
  });
  after(async () => app?.close());

  it('sets the volunteer name in Settings', async () => {
    await openSection(browser, 'Settings');
    const name = await shown(browser, '#settings-name');
    await name.setValue('Olena Test');
    await browser.$('button=Save settings').click();
    await browser.$('.saved').waitForExist({ timeout: 5000 });
  });

  it('logs a call with the keyboard only and shows it in the history, its note as text', async () => {
    await openCity(browser, 'tallahassee', 'Tallahassee, FL');
    const save = await logCallByKeyboard(browser, '2', `Clerk took a message ${hostile}`);
    assert.equal(await browser.$('input[name="outcome"][value="voicemail"]').isSelected(), true);
    await browser.pause(600);
    await browser.saveScreenshot(path.join(artifacts, 'city-pane-log-form.png'));
    await save();
    await browser.waitUntil(async () => (await history(browser)).length === 1, { timeout: 5000, timeoutMsg: 'the call did not appear in the history' });
    const [entry] = await history(browser);
    assert.match(entry, /Left a voicemail/);
    assert.ok(entry.includes(`Clerk took a message ${hostile}`), entry);
    assert.match(entry, /Olena Test/);
    assert.equal(await browser.execute(() => document.querySelectorAll('img').length), 0);
    // The list shows the call too.
    assert.match(await textOf(browser, '#city-tallahassee-fl'), /Last call: Today/);
  });

  it('undoes another call from the offer shown after saving', async () => {
    const save = await logCallByKeyboard(browser, '1', 'logged by mistake');
    await save();
    await browser.waitUntil(async () => (await history(browser)).length === 2, { timeout: 5000 });
    const undo = await shown(browser, '.toast button', 3000);
    await undo.click();
    await browser.waitUntil(async () => (await history(browser)).length === 1, { timeout: 5000, timeoutMsg: 'undo did not remove the call' });
    assert.match((await history(browser))[0], /Left a voicemail/);
  });

  it('records a response that suspends the tie', async () => {
    await browser.$('button*=Record a response').click();
    await browser.$('#response-relationship').waitForExist({ timeout: 3000 });
    await browser.$('#response-relationship').selectByAttribute('value', 'suspended');
    await browser.$('#response-response').selectByAttribute('value', 'acknowledged');
    await browser.$('#response-source').setValue('https://www.talgov.com/council/minutes');
    await browser.$('#response-notes').setValue('Council voted to suspend');
    await browser.$('button=Record').click();
    await browser.waitUntil(async () => /Suspended/i.test(await textOf(browser, '.pane-header')), { timeout: 5000, timeoutMsg: 'the tie did not become suspended' });
    assert.match(await textOf(browser, 'ol.response-list'), /Acknowledged/);
    // Confirmed with the undo offer, as a call is; it goes by itself (and uncovers the
    // controls under it).
    assert.match(await textOf(browser, '.toast'), /Response saved for Tallahassee, FL: Acknowledged; link status Suspended/);
    await browser.$('.toast').waitForExist({ reverse: true, timeout: 12000 });
  });

  it('adds a contact whose name is shown literally', async () => {
    await browser.$('button=Add a contact').click();
    await browser.$('#contact-name').setValue(hostile);
    await browser.$('#contact-role').setValue('Mayor');
    await browser.$('#contact-phone').setValue('call me');
    await browser.$('button=Add contact').click();
    // A phone that cannot be dialled is refused beside its field.
    const err = await shown(browser, '#contact-phone-error', 3000);
    assert.match(await err.getText(), /cannot be dialled/);
    await browser.$('#contact-phone').setValue('+1 850-891-2000');
    await browser.$('button=Add contact').click();
    await browser.waitUntil(async () => (await textOf(browser, '.contact-name')) === hostile, { timeout: 5000, timeoutMsg: 'the contact did not appear' });
    assert.equal(await browser.$('.contact-ways a').getAttribute('href'), 'tel:+1 850-891-2000');
    assert.equal(await browser.execute(() => document.querySelectorAll('img').length), 0);
    await browser.pause(600);
    await browser.saveScreenshot(path.join(artifacts, 'city-pane-after.png'));
  });

  it('shows the call in the dashboard counts', async () => {
    await openSection(browser, 'Dashboard');
    const week = await shown(browser, '[data-stat="calls-7-days"]');
    assert.equal(await week.getText(), '1');
    assert.match(await browser.$('[data-stat="my-calls-7-days"]').getText(), /^1 by you/);
    await browser.pause(600);
    await browser.saveScreenshot(path.join(artifacts, 'dashboard-counts.png'));
  });

  it('lists a follow-up as due, and closes it when the next call is logged', async () => {
    await openCity(browser, 'anchorage', 'Anchorage, AK');
    const save = await logCallByKeyboard(browser, '5', 'asked to call back', today());
    await save();
    await browser.waitUntil(async () => (await history(browser)).length === 1, { timeout: 5000 });
    await openSection(browser, 'Follow-ups');
    const item = await shown(browser, '.follow-up-list li[data-slug="anchorage-ak"]');
    assert.match(await item.getText(), /Due today/);
    await browser.pause(400);
    await browser.saveScreenshot(path.join(artifacts, 'follow-ups.png'));
    await item.$('button').click();
    await paneShows(browser, 'Anchorage, AK');
    const next = await logCallByKeyboard(browser, '1', 'spoke with the chief of staff');
    await next();
    await browser.waitUntil(async () => (await history(browser)).length === 2, { timeout: 5000 });
    await openSection(browser, 'Follow-ups');
    await browser.$('p*=Nothing due today').waitForExist({ timeout: 5000 });
  });

  it('finds all of it again after a restart on the same data folder', async () => {
    await app.close();
    app = await launch(dataDir);
    browser = app.browser;
    await browser.$('[data-stat="calls-7-days"]').waitForExist({ timeout: 15000 });
    assert.equal(await browser.$('[data-stat="calls-7-days"]').getText(), '3');
    assert.equal(await browser.$('[data-stat="follow-ups-due"]').getText(), '0');
    await openCity(browser, 'tallahassee', 'Tallahassee, FL');
    await browser.waitUntil(async () => (await history(browser)).length === 1, { timeout: 5000 });
    assert.ok((await history(browser))[0].includes(hostile));
    assert.match(await textOf(browser, '.pane-header'), /Suspended/i);
    assert.equal(await textOf(browser, '.contact-name'), hostile);
    assert.equal(await browser.execute(() => document.querySelectorAll('img').length), 0);
  });
});

// The window and `outreach cities` sort with the same core code: the same order for a sort
// by response (the five responses once disagreed).
describe('the city list sorts as the command line does', () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const cli = process.env.OUTREACH_CLI ?? path.resolve(here, '../target/debug/outreach');
  const dataDir = tempDataDir();
  const outreach = (...args) => execFileSync(cli, ['--data-dir', dataDir, ...args], { encoding: 'utf8' });
  let app;
  let browser;

  before(async () => {
    for (const [slug, response] of [
      ['anchorage-ak', 'declined'],
      ['portland-or', 'acknowledged'],
      ['tallahassee-fl', 'committed'],
      ['st-louis-mo', 'considering'],
    ]) {
      outreach('respond', slug, '--response', response, '--date', '2026-11-20');
    }
    app = await launch(dataDir);
    browser = app.browser;
  });
  after(async () => app?.close());

  it('sorts by response in the order of `outreach cities --sort response`', async () => {
    const expected = JSON.parse(outreach('--json', 'cities', '--sort', 'response')).map((c) => c.slug);
    await openSection(browser, 'Cities');
    const sortBy = await shown(browser, '#city-sort', 15000);
    await sortBy.selectByVisibleText('Response (none first)');
    const list = await browser.$('[role="listbox"][aria-label="Cities"]');
    await list.click();
    await browser.keys(['End']);
    // The rows in the DOM at the end of the list, by their place in the whole list.
    const tail = async () =>
      browser.execute(() =>
        [...document.querySelectorAll('[role="listbox"][aria-label="Cities"] [role="option"]')]
          .map((o) => [Number(o.getAttribute('aria-posinset')), o.dataset.slug])
          .sort((a, b) => a[0] - b[0]),
      );
    await browser.waitUntil(async () => (await tail()).some(([, slug]) => slug === 'anchorage-ak'), { timeout: 5000, timeoutMsg: 'the end of the list never showed' });
    const rows = await tail();
    assert.ok(rows.length >= 5, `only ${rows.length} rows in view`);
    for (const [pos, slug] of rows) assert.equal(slug, expected[pos - 1], `row ${pos}`);
    // The four that answered come last, declined at the very end.
    assert.deepEqual(
      rows.slice(-4).map(([, slug]) => slug),
      ['portland-or', 'st-louis-mo', 'tallahassee-fl', 'anchorage-ak'],
    );
    await browser.saveScreenshot(path.join(artifacts, 'cities-sorted-by-response.png'));
  });
});
