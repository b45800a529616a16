// Issue 9 in the real window, on a new data folder: press N, see a city with an active or
// unknown tie, its number as a tel: link and a script whose only gap is the volunteer's name,
// log the call with the keyboard, press N, get a different city.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { artifacts, launch, shown, tempDataDir } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = process.env.OUTREACH_CLI ?? path.resolve(here, '../target/debug/outreach');

const outreach = (dataDir, ...args) => execFileSync(cli, ['--data-dir', dataDir, ...args], { encoding: 'utf8' });

/** The heading of the city shown by "Call next". */
const shownCity = (browser) => browser.execute(() => document.querySelector('.next-city-name')?.textContent ?? null);

describe('call next, on a new data folder', () => {
  let app;
  let browser;
  let dataDir;

  before(async () => {
    dataDir = tempDataDir();
    // The seed ships the mayors' offices' numbers; a store without any gets one through the
    // CLI, as a volunteer would add it (only needed before the seed's contacts land).
    const queue = JSON.parse(outreach(dataDir, 'next', '--json', '--limit', '1'));
    if (queue.to_call === 0) {
      outreach(dataDir, 'contacts', 'add', 'portland-or', '--name', 'Keith Wilson', '--role', 'Mayor', '--phone', '503-823-4120');
    }
    app = await launch(dataDir);
    browser = app.browser;
  });
  after(async () => app?.close());

  it('asks the volunteer’s name once, inline, and can be skipped', async () => {
    const prompt = await shown(browser, 'form[aria-label="Your name"]', 15000);
    const card = await shown(browser, 'section.call-next-card');
    await browser.waitUntil(async () => /\d+ cit(y|ies) to call now/.test(await card.getText()), { timeout: 5000, timeoutMsg: 'no "N cities to call now"' });
    // Let WebKit paint what the page now holds before the screenshot (it can show an older frame).
    await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
    await browser.pause(300);
    await browser.saveScreenshot(path.join(artifacts, 'call-next-first-run.png'));
    await prompt.$('button*=Skip').click();
    await browser.waitUntil(async () => !(await browser.$('form[aria-label="Your name"]').isExisting()), { timeout: 5000 });
  });

  it('N shows the city to call now: active or unknown tie, a tel: link, the script with only the name to fill', async () => {
    await browser.execute(() => document.activeElement?.blur());
    await browser.keys('n');
    const article = await shown(browser, 'article[aria-label="City to call now"]');
    const badge = await article.$('.badge');
    assert.match(await badge.getText(), /^(active|unknown)$/i);
    const tel = await article.$('a.phone-link');
    assert.match(await tel.getAttribute('href'), /^tel:\+?\d{10,}$/);
    const why = await article.$('p.why');
    assert.match(await why.getText(), /^Why this city: /);
    const script = await shown(article, '.script-text');
    const gaps = await browser.execute(() => [...document.querySelectorAll('.next-city .script-text mark.gap')].map((m) => m.textContent));
    assert.deepEqual(gaps, ['[your name?]'], 'the only gap is the volunteer’s name');
    await browser.saveScreenshot(path.join(artifacts, 'call-next.png'));
  });

  it('logs the call with the keyboard, then N brings a different city', async () => {
    const first = await shownCity(browser);
    const slug = await browser.$('article[aria-label="City to call now"]').getAttribute('data-slug');
    await browser.keys('l');
    const form = await shown(browser, 'form.call-form');
    await browser.keys('2');
    await browser.keys('\uE007');
    await browser.waitUntil(async () => (await shownCity(browser)) !== first, { timeout: 5000, timeoutMsg: 'the next city did not come' });
    const second = await shownCity(browser);
    const logged = JSON.parse(outreach(dataDir, 'calls', slug, '--json'));
    assert.equal(logged.length, 1, `the call to ${first} is in the store`);
    assert.equal(logged[0].outcome, 'voicemail');
    await browser.saveScreenshot(path.join(artifacts, 'call-next-after-log.png'));
    // N moves on again, to yet another city.
    await browser.keys('n');
    await browser.waitUntil(async () => ![first, second].includes(await shownCity(browser)), { timeout: 5000 });
  });
});
