// Issue 3 in the real window: the dashboard's map, the windowed city list under the strict CSP,
// and the outreach workflow (contacts, call logging with undo, responses, follow-ups).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { artifacts, launch, openSection, tempDataDir } from './harness.mjs';

/** Waits until the city pane shows the city with this heading. */
async function paneShows(browser, name) {
  await browser.waitUntil(async () => (await browser.execute(() => document.querySelector('.city-pane h2')?.textContent)) === name, {
    timeout: 5000,
    timeoutMsg: `the city pane did not open ${name}`,
  });
}

describe('the dashboard and the city list', () => {
  let app;
  let browser;

  before(async () => {
    app = await launch(tempDataDir());
    browser = app.browser;
  });
  after(async () => app?.close());

  it('opens on the dashboard: a map of the target cities coloured by status, drawn without the network', async () => {
    const map = await browser.$('svg[aria-label^="Map of the target cities"]');
    await map.waitForExist({ timeout: 15000 });
    const dots = await browser.$$('g.map-dot');
    assert.ok(dots.length >= 30, `only ${dots.length} cities on the map`);
    const land = await browser.$('path.map-land');
    const box = await land.getSize();
    assert.ok(box.width > 500 && box.height > 300, `the land is drawn ${box.width}x${box.height}`);
    // Every city is a labelled button, coloured by its status.
    const portland = await browser.$('g.map-dot[data-slug="portland-or"]');
    assert.match(await portland.getAttribute('aria-label'), /^Portland, OR: Active tie with Khabarovsk/);
    assert.match(await portland.getAttribute('class'), /dot-active/);
    const fill = await browser.execute(() => getComputedStyle(document.querySelector('g.map-dot circle')).fill);
    assert.notEqual(fill, 'rgb(0, 0, 0)', 'the dots are not coloured: is app.css applied?');
    await browser.saveScreenshot(path.join(artifacts, 'dashboard.png'));
  });

  it('opens a city from the map, by mouse and by keyboard', async () => {
    await browser.$('g.map-dot[data-slug="portland-or"] circle').click();
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
    const list = await browser.$('[role="listbox"][aria-label="Cities"]');
    await list.waitForExist({ timeout: 5000 });
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
