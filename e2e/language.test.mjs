// The window in Ukrainian (issue 11, "Languages"): chosen in Settings, a call logged from
// "Call next" meets no English word outside the script and the data, the screen passes axe,
// and every section holds its layout with the longer Ukrainian words (the top bar one line
// at 1024x700). The other e2e files run in English (Xvfb's locale is C).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { artifacts, axeMatrix, axeViolations, launch, layoutMatrix, openSection, setTheme, shown, tempDataDir } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = process.env.OUTREACH_CLI ?? path.resolve(here, '../target/debug/outreach');
const outreach = (dataDir, ...args) => execFileSync(cli, ['--data-dir', dataDir, ...args], { encoding: 'utf8' });

const LANGUAGE_KEY = 'outreach.language';
const sections = ['Огляд', 'Міста', 'Нагадування', 'Налаштування', 'Імпорт і експорт', 'Петиція', 'Команда'];

/**
 * The window's own words on screen that are not Ukrainian: each label, button, heading and
 * hint (not the script, not data such as names and numbers, not key names in <kbd>) must
 * hold Cyrillic when it holds letters at all.
 */
function englishLabels() {
  const selectors = [
    '.topbar h1 ~ *', '.topbar button', '.call-next h2', '.call-next .meta[data-stat]', '.next-city button', '.next-city .why strong',
    '.next-city .badge', '.call-next .notice', '.call-form h3', '.call-form legend', '.call-form label', '.call-form .hint',
    '.call-form button', '.call-form .meta', '.call-script h3', '.call-script .inline-field > span', '.toast span', '.toast button',
  ];
  const out = [];
  for (const el of document.querySelectorAll(selectors.join(', '))) {
    const copy = el.cloneNode(true);
    for (const k of copy.querySelectorAll('kbd, select, input, textarea')) k.remove();
    const text = copy.textContent.replace(/Outreach Desk/g, '').replace(/\s+/g, ' ').trim();
    if (/[A-Za-z]/.test(text) && !/[\u0400-\u04FF]/.test(text)) out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')}: "${text}"`);
  }
  return out;
}

describe('the window in Ukrainian', () => {
  let app;
  let browser;
  let dataDir;
  before(async () => {
    dataDir = tempDataDir();
    app = await launch(dataDir);
    browser = app.browser;
  });
  after(async () => {
    // The choice lives in the webview's storage, which outlives the data folder: the other
    // e2e files must start in the system's language again.
    await browser?.execute((key) => localStorage.removeItem(key), LANGUAGE_KEY).catch(() => {});
    await app?.close();
  });

  it('switches to Українська in Settings at once, and <html lang> follows', async () => {
    await shown(browser, 'nav.sections', 15000);
    await browser.execute((key) => localStorage.removeItem(key), LANGUAGE_KEY);
    // Settings is the fourth section, whatever the language the window opened in.
    await (await browser.$('nav.sections button:nth-child(4)')).click();
    const uk = await shown(browser, 'input[name="language"][value="uk"]', 15000);
    await uk.click();
    await browser.waitUntil(async () => (await browser.execute(() => document.documentElement.lang)) === 'uk', {
      timeout: 5000,
      timeoutMsg: '<html lang> did not become uk',
    });
    const nav = await shown(browser, 'nav.sections');
    assert.equal(await nav.getAttribute('aria-label'), 'Розділи');
    assert.deepEqual(
      await browser.execute(() => [...document.querySelectorAll('nav.sections button')].map((b) => b.textContent.trim())),
      sections,
    );
    assert.equal(await browser.$('#settings-title').getText(), 'Налаштування');
    // The first-run name prompt, in Ukrainian too, skipped.
    const prompt = await browser.$('form.name-prompt');
    if (await prompt.isExisting()) {
      assert.match(await prompt.getText(), /Вітаємо/);
      await prompt.$('button*=Пропустити').click();
    }
  });

  it('logs a call from Call next with Ukrainian labels only, and the screen passes axe', async () => {
    await browser.execute(() => document.activeElement?.blur());
    await browser.keys('n');
    const article = await shown(browser, 'article.next-city', 10000);
    assert.equal(await article.getAttribute('aria-label'), 'Місто, якому дзвонити зараз');
    assert.match(await article.$('p.why').getText(), /^Чому це місто: /);
    const slug = await article.getAttribute('data-slug');
    await shown(article, '.script-text', 10000);
    await browser.keys('l');
    const form = await shown(browser, 'form.call-form');
    assert.match(await form.$('legend').getText(), /^Результат/);
    const outcomes = await browser.execute(() => [...document.querySelectorAll('.call-form .outcomes label')].map((l) => l.textContent.replace(/\s+/g, ' ').trim()));
    assert.deepEqual(outcomes, ['1 Поговорили з людиною', '2 Залишили голосове повідомлення', '3 Ніхто не відповів', '4 Неправильний номер', '5 Просили передзвонити']);
    await form.$('#call-follow-up').click();
    await browser.keys('завтра');
    await browser.waitUntil(async () => /^[а-яіїєґ’'ʼ]+, \d{4}-\d{2}-\d{2}$/.test(await browser.$('#call-follow-up-resolved').getText().catch(() => '')), {
      timeout: 5000,
      timeoutMsg: 'the follow-up word was not shown resolved in Ukrainian',
    });
    assert.deepEqual(await browser.execute(englishLabels), []);
    const found = await axeViolations(browser);
    await browser.saveScreenshot(path.join(artifacts, 'uk-call-next-form.png'));
    assert.deepEqual(found, []);

    await form.$('input[name="outcome"][value="voicemail"]').click();
    await browser.keys('\uE007');
    const notice = await shown(browser, '.call-next .notice', 5000);
    assert.match(await notice.getText(), /записано\. Ось наступне місто\.$/);
    const toast = await shown(browser, '.toast');
    assert.match(await toast.getText(), /Дзвінок записано: .+, Залишили голосове повідомлення\./);
    assert.deepEqual(await browser.execute(englishLabels), []);
    await browser.saveScreenshot(path.join(artifacts, 'uk-call-next-after-log.png'));
    const logged = JSON.parse(outreach(dataDir, 'calls', slug, '--json'));
    assert.equal(logged.length, 1);
    assert.equal(logged[0].outcome, 'voicemail');
    assert.ok(logged[0].follow_up, 'the follow-up typed as "завтра" was saved as a date');
  });

  for (const theme of ['light', 'dark']) {
    it(`holds every section's layout in Ukrainian at 1024x700, 1366x768 and 1920x1080 in the ${theme} theme, the top bar on one line`, async () => {
      const problems = await layoutMatrix(browser, { prefix: 'uk', theme });
      assert.deepEqual(problems, []);
    });
  }

  for (const theme of ['light', 'dark']) {
    it(`has no axe violation on any section or its forms in Ukrainian, ${theme} theme`, async () => {
      const found = await axeMatrix(browser, { prefix: 'uk', theme });
      assert.deepEqual(found, []);
    });
  }

  it('goes back to the system’s language (English here) when Same as the system is chosen', async () => {
    await browser.setWindowSize(1366, 768);
    await setTheme(browser, 'light');
    await openSection(browser, 'Налаштування');
    await (await shown(browser, 'input[name="language"][value="system"]')).click();
    await browser.waitUntil(async () => (await browser.execute(() => document.documentElement.lang)) === 'en', { timeout: 5000 });
    assert.equal(await browser.$('#settings-title').getText(), 'Settings');
    assert.equal(await browser.execute((key) => localStorage.getItem(key), LANGUAGE_KEY), null);
  });
});
