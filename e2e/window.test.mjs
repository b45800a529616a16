// The window finished (issue 11): a half-written call log survives section switches and a
// restart; every section holds its layout at three window sizes (screenshots, and no element
// sticking out of its pane; the top bar one line, one height).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { appForSuite, artifacts, axeViolations, launch, layoutProblems, openCity, openSection, shown, tempDataDir } from './harness.mjs';

/** Alt+<key>, as a volunteer presses it (WebDriver's Alt is \uE00A). */
async function alt(browser, key) {
  await browser.action('key').down('\uE00A').down(key).up(key).up('\uE00A').perform();
}

describe('a half-written call log', () => {
  const notes = 'Aide says the council meets Tuesday';

  it('is still there after Alt+1, Alt+2 and after a restart', async () => {
    const dataDir = tempDataDir();
    let app = await launch(dataDir);
    let typed = '';
    try {
      const { browser } = app;
      await openCity(browser, 'tallahassee', 'Tallahassee, FL');
      await browser.keys('l');
      const form = await shown(browser, 'form.call-form');
      await browser.keys('2');
      await form.$('#call-notes').click();
      await browser.keys(notes);
      // What the field holds is what must come back (WebDriver under load can drop a repeated key).
      typed = await form.$('#call-notes').getValue();
      assert.ok(typed.startsWith('Aide says'), typed);
      await alt(browser, '1');
      await shown(browser, '#dashboard-title', 5000);
      assert.equal(await browser.$('form.call-form').isExisting(), false);
      await alt(browser, '2');
      const again = await shown(browser, 'form.call-form', 5000);
      await browser
        .waitUntil(async () => (await again.$('#call-notes').getValue()) === typed, { timeout: 5000 })
        .catch(async () => {
          await browser.saveScreenshot(path.join(artifacts, 'draft-lost.png'));
          assert.fail(`the notes were not kept across Alt+1, Alt+2: "${await again.$('#call-notes').getValue()}"`);
        });
      assert.equal(await again.$('input[name="outcome"][value="voicemail"]').isSelected(), true);
      assert.match(await again.getText(), /Draft kept/);
      await browser.saveScreenshot(path.join(artifacts, 'draft-kept.png'));
    } finally {
      // Ending the session closes the window; the app (and its driver) are stopped either way.
      await app.close().catch(() => {});
    }

    // Restarted on the same data folder: the draft is there, nothing was logged.
    app = await launch(dataDir);
    try {
      const { browser } = app;
      await openCity(browser, 'tallahassee', 'Tallahassee, FL');
      const form = await shown(browser, 'form.call-form', 5000);
      await browser.waitUntil(async () => (await form.$('#call-notes').getValue()) === typed, {
        timeout: 5000,
        timeoutMsg: 'the notes were not kept across a restart',
      });
      assert.match(await browser.$('.call-history').getText(), /Nobody has logged a call to Tallahassee yet/);
    } finally {
      await app.close();
    }
  });
});

const sections = ['Dashboard', 'Cities', 'Follow-ups', 'Settings', 'Import & export', 'Petition'];
const sizes = [
  [1024, 700],
  [1366, 768],
  [1920, 1080],
];

describe('every section at three window sizes', () => {
  const suite = appForSuite();

  for (const [width, height] of sizes) {
    it(`holds its layout at ${width}x${height}`, async () => {
      const { browser } = suite;
      await browser.setWindowSize(width, height);
      await browser.waitUntil(async () => (await browser.execute(() => window.innerWidth)) <= width, { timeout: 5000 });
      const heights = new Set();
      const problems = [];
      for (const label of sections) {
        await openSection(browser, label);
        await browser.pause(300);
        if (label === 'Cities') {
          // A city open, with its script: the widest text the window shows.
          await openCity(browser, 'anchorage', 'Anchorage, AK');
          await browser.pause(300);
        }
        const file = `layout-${label.toLowerCase().replace(/[^a-z]+/g, '-')}-${width}x${height}.png`;
        await browser.saveScreenshot(path.join(artifacts, file));
        problems.push(...(await layoutProblems(browser, label, heights)));
      }
      assert.deepEqual(problems, []);
      assert.equal(heights.size, 1, `the top bar's height changes between sections: ${[...heights].join(', ')}`);
    });
  }

  it('caps the script at a reading width', async () => {
    const { browser } = suite;
    await browser.setWindowSize(1920, 1080);
    await openCity(browser, 'anchorage', 'Anchorage, AK');
    const script = await shown(browser, '.script-text');
    // Its width against 70 characters of its own font (a probe inside it, measured and removed).
    const [width, seventy] = await browser.execute((el) => {
      const probe = document.createElement('span');
      probe.textContent = '0'.repeat(70);
      // One unbroken line, whatever the text before it (CSSOM, which the CSP allows).
      probe.style.display = 'inline-block';
      probe.style.whiteSpace = 'nowrap';
      el.append(probe);
      const w = probe.getBoundingClientRect().width;
      probe.remove();
      const style = getComputedStyle(el);
      return [el.getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight), w];
    }, script);
    assert.ok(width <= seventy + 2, `the script is ${Math.round(width)} px wide, 70 characters are ${Math.round(seventy)} px`);
  });
});

describe('accessibility of every section, in both themes', () => {
  const suite = appForSuite();

  for (const theme of ['light', 'dark']) {
    it(`has no axe violation in the ${theme} theme`, async () => {
      const { browser } = suite;
      await browser.setWindowSize(1366, 768);
      await shown(browser, 'nav[aria-label="Sections"]', 15000);
      await browser.execute((t) => document.documentElement.setAttribute('data-theme', t), theme);
      const found = [];
      for (const label of sections) {
        await openSection(browser, label);
        await browser.pause(400);
        if (label === 'Cities') {
          await openCity(browser, 'tallahassee', 'Tallahassee, FL');
          await browser.keys('l');
          await shown(browser, 'form.call-form');
        }
        for (const v of await axeViolations(browser)) found.push(`${label}: ${v}`);
        await browser.saveScreenshot(path.join(artifacts, `axe-${theme}-${label.toLowerCase().replace(/[^a-z]+/g, '-')}.png`));
        if (label === 'Cities') await browser.keys('\uE00C');
      }
      assert.deepEqual(found, []);
    });
  }
});
