// Starts tauri-driver, opens a WebDriver session on the real app binary with its own
// temporary data folder, and tears both down. Shared by the end-to-end tests.
import { after, before } from 'node:test';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';

const here = path.dirname(fileURLToPath(import.meta.url));
export const artifacts = path.join(here, 'artifacts');
mkdirSync(artifacts, { recursive: true });

export const application = process.env.OUTREACH_APP ?? path.resolve(here, '../target/debug/outreach-desk');

export function tempDataDir() {
  return mkdtempSync(path.join(tmpdir(), 'outreach-e2e-'));
}

function portOpen(port) {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port }, () => {
      s.end();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

// E2E_PORT lets several test runs share a machine.
let nextPort = Number(process.env.E2E_PORT ?? 4444);

/** Starts tauri-driver and a session on the app with `--data-dir dataDir`. */
export async function launch(dataDir) {
  const port = nextPort;
  nextPort += 2;
  // In a process group of its own, with WebKitWebDriver and the app it starts: closing kills
  // the whole group, so an app whose session was never made (a refused first attempt under
  // load) cannot outlive the test and keep the test run from ending.
  // The webview keeps its own storage (the language and theme chosen in Settings live in its
  // localStorage) under $XDG_DATA_HOME/<app id>: one folder per data folder, so each test's app
  // starts as on a new machine (a language chosen by one test file cannot leak into the next;
  // WebKit may not flush a last change before the app is killed) and a restart on the same
  // data folder keeps what the volunteer chose.
  const webviewHome = `${dataDir}-webview`;
  mkdirSync(webviewHome, { recursive: true });
  const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(port + 1)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
    env: { ...process.env, XDG_DATA_HOME: webviewHome },
  });
  const stop = () => {
    try {
      process.kill(-driver.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  // tauri-driver answers on `port` and forwards to WebKitWebDriver, which it starts on
  // `port + 1`: wait for both, or the first session request can be refused.
  for (const p of [port, port + 1]) {
    for (let i = 0; i < 150 && !(await portOpen(p)); i++) await new Promise((r) => setTimeout(r, 100));
  }
  const options = {
    hostname: '127.0.0.1',
    port,
    logLevel: 'error',
    connectionRetryCount: 0,
    capabilities: { 'tauri:options': { application, args: ['--data-dir', dataDir] } },
  };
  let browser;
  for (let attempt = 1; ; attempt++) {
    try {
      browser = await remote(options);
      break;
    } catch (e) {
      if (attempt >= 3) {
        stop();
        throw e;
      }
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
  return {
    browser,
    async close() {
      try {
        await browser.deleteSession();
      } finally {
        stop();
      }
    },
  };
}

/** Waits until `selector` matches an element within `scope` (the browser or an element) and returns it. */
export async function shown(scope, selector, timeout = 5000) {
  const element = await scope.$(selector);
  await element.waitForExist({ timeout });
  return element;
}

/** Scrolls `element` into view and saves the window as `name` in the artifacts folder. */
export async function screenshotAt(browser, element, name) {
  await element.scrollIntoView();
  await browser.saveScreenshot(path.join(artifacts, name));
}

/** Switches the window to a section by its button in the top bar ("Dashboard", "Cities", ...; "Огляд" in Ukrainian). */
export async function openSection(browser, label) {
  const nav = await shown(browser, 'nav.sections', 15000);
  const buttons = await nav.$$('button');
  for (const b of buttons) {
    if ((await b.getText()).trim() === label) {
      await b.click();
      return;
    }
  }
  throw new Error(`no section named ${label}`);
}

/**
 * Starts the app on a new data folder before the tests of the `describe` block it is called
 * in, and closes it after them. Returns a handle: `handle.browser` is the session once started.
 */
export function appForSuite(dataDir = tempDataDir) {
  const handle = { app: null, browser: null };
  before(async () => {
    handle.app = await launch(dataDir());
    handle.browser = handle.app.browser;
  });
  after(async () => handle.app?.close());
  return handle;
}

/** Opens a city as a volunteer would: Cities, type in the filter, Enter; waits for its pane. */
export async function openCity(browser, query, heading) {
  await openSection(browser, 'Cities');
  const filter = await shown(browser, '#city-filter', 15000);
  await filter.setValue(query);
  await browser.waitUntil(async () => (await browser.$$('[role="option"]')).length === 1, {
    timeout: 5000,
    timeoutMsg: `the filter did not narrow the list to ${query}`,
  });
  await filter.addValue('\uE007');
  const h2 = await browser.$('.city-pane h2');
  await browser.waitUntil(async () => (await h2.isExisting()) && (await h2.getText()) === heading, {
    timeout: 5000,
    timeoutMsg: `${heading} did not open`,
  });
}

// axe-core from node_modules, injected into the page (nothing loaded from the network).
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe's violations on the page as it is now, as "rule: target (impact)". */
export async function axeViolations(browser) {
  await browser.execute(axeSource);
  const result = await browser.executeAsync((done) => {
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ['violations'] }).then(
      (r) => done(r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`)),
      (e) => done([`axe failed: ${e}`]),
    );
  });
  return result;
}

// Layout checks run in the page (browser.execute): what sticks out of its pane, and the top bar.
/**
 * What sticks out of its pane: every element inside the top bar, the filter column and the
 * section's main column whose box reaches past its pane's left or right edge (more than a
 * pixel), named by tag, class and text. Parts of scrolling tables and the map are left out.
 */
export function overflowing() {
  const panes = [...document.querySelectorAll('.topbar, .city-list, .city-pane, .workspace-single')];
  const out = [];
  for (const pane of panes) {
    const box = pane.getBoundingClientRect();
    for (const el of pane.querySelectorAll('*')) {
      if (el.closest('.table-wrap, svg, .visually-hidden, .list-scroll')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1) {
        const name = `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`;
        out.push(`${name} "${(el.textContent ?? '').trim().slice(0, 30)}" ${Math.round(r.left)}..${Math.round(r.right)} outside ${pane.className} ${Math.round(box.left)}..${Math.round(box.right)}`);
      }
    }
  }
  return out;
}

/**
 * The top bar's height, each of its controls that takes more than one line, and each element
 * in it whose text is cut (wider than its box: an ellipsis or a clipped word) while shown.
 */
export function topBar() {
  const bar = document.querySelector('.topbar');
  const cut = [];
  for (const el of bar.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (style.visibility !== 'visible' || el.getClientRects().length === 0 || el.closest('.visually-hidden')) continue;
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) cut.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${el.textContent.trim().slice(0, 30)}"`);
  }
  const wrapped = [];
  for (const el of bar.querySelectorAll('h1, button, .tagline')) {
    const style = getComputedStyle(el);
    if (style.display === 'none') continue;
    const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.45;
    if (el.getBoundingClientRect().height > line * 1.6 + 12) wrapped.push(el.textContent.trim());
  }
  return { height: bar.getBoundingClientRect().height, wrapped, cut };
}

/**
 * What is wrong with the window's layout now, each named with `label`: the top bar wrapping,
 * anything overflowing its pane. Adds the top bar's height to `heights` (a Set), so that a
 * run over several sections can check the bar keeps one height.
 */
export async function layoutProblems(browser, label, heights) {
  const problems = [];
  const bar = await browser.execute(topBar);
  heights.add(Math.round(bar.height));
  if (bar.wrapped.length) problems.push(`${label}: the top bar wraps ${bar.wrapped.join(', ')}`);
  if (bar.cut.length) problems.push(`${label}: the top bar cuts ${bar.cut.join(', ')}`);
  for (const o of await browser.execute(overflowing)) problems.push(`${label}: ${o}`);
  return problems;
}

// The window matrix (issue 11): every section at three sizes, in both themes, screenshotted
// and checked; axe on every section and its main forms. Driven by the sections' positions in
// the top bar, so one run serves English and Ukrainian.
export const windowSizes = [
  [1024, 700],
  [1366, 768],
  [1920, 1080],
];

/** Sets the window's size and waits until the page has it. */
export async function resize(browser, width, height) {
  await browser.setWindowSize(width, height);
  await browser.waitUntil(async () => (await browser.execute(() => window.innerWidth)) <= width, { timeout: 5000 });
}

/** The theme as Settings would set it (`data-theme` on <html>, which every colour token follows). */
export async function setTheme(browser, theme) {
  await browser.execute((t) => document.documentElement.setAttribute('data-theme', t), theme);
}

/** Opens the section at `index` in the top bar (0 Dashboard … 6 Team) and returns its label. */
export async function openSectionAt(browser, index) {
  const nav = await shown(browser, 'nav.sections', 15000);
  const button = (await nav.$$('button'))[index];
  const label = (await button.getText()).trim();
  await button.click();
  return label;
}

/** In the Cities section: types `query` in the filter, opens the one match and waits for its script. */
export async function openCityHere(browser, query) {
  const filter = await shown(browser, '#city-filter', 5000);
  await filter.setValue(query);
  await browser.waitUntil(async () => (await browser.$$('[role="option"]')).length === 1, { timeout: 5000, timeoutMsg: `the filter did not narrow the list to ${query}` });
  await filter.addValue('\uE007');
  await shown(browser, '.city-pane .script-text', 5000);
}

/** Opens every disclosure of technical settings in the section shown (so they are looked at and checked too). */
export async function openDisclosures(browser) {
  await browser.execute(() => {
    for (const d of document.querySelectorAll('details.more-settings')) d.open = true;
  });
}

const slugOf = (s) => s.toLowerCase().replace(/[^a-zа-яіїєґ0-9]+/g, '-');

/**
 * Every section at every size in `theme`: a screenshot each (`<prefix>-<theme>-<n>-<section>-<w>x<h>.png`)
 * and the layout's problems (the top bar wrapping, cut or changing height; anything sticking
 * out of its pane), each named. The Cities section shows a city with its script.
 */
export async function layoutMatrix(browser, { prefix, theme, sectionCount = 7, city = 'anchorage' }) {
  await setTheme(browser, theme);
  const problems = [];
  for (const [width, height] of windowSizes) {
    await resize(browser, width, height);
    const heights = new Set();
    for (let i = 0; i < sectionCount; i++) {
      const label = await openSectionAt(browser, i);
      await browser.pause(250);
      if (i === 1) await openCityHere(browser, city);
      await openDisclosures(browser);
      await browser.pause(150);
      const name = `${prefix}-${theme}-${i + 1}-${slugOf(label)}-${width}x${height}`;
      await browser.saveScreenshot(path.join(artifacts, `${name}.png`));
      problems.push(...(await layoutProblems(browser, `${theme} ${width}x${height} ${label}`, heights)));
    }
    if (heights.size !== 1) problems.push(`${theme} ${width}x${height}: the top bar's height changes between sections: ${[...heights].join(', ')}`);
  }
  return problems;
}

/**
 * axe on every section in `theme` at 1366x768, and on the main forms: the call log with its
 * calendar open, the response form, the contact form (a calendar open), the petition's and the import's technical settings.
 * Returns the violations, each named by theme and section.
 */
export async function axeMatrix(browser, { prefix, theme, sectionCount = 7, city = 'tallahassee' }) {
  await resize(browser, 1366, 768);
  await setTheme(browser, theme);
  const found = [];
  const check = async (where, shot) => {
    for (const v of await axeViolations(browser)) found.push(`${theme} ${where}: ${v}`);
    await browser.saveScreenshot(path.join(artifacts, `${prefix}-axe-${theme}-${shot}.png`));
  };
  for (let i = 0; i < sectionCount; i++) {
    const label = await openSectionAt(browser, i);
    await browser.pause(300);
    await openDisclosures(browser);
    if (i === 1) {
      await openCityHere(browser, city);
      await browser.execute(() => document.activeElement?.blur());
      await browser.keys('l');
      const form = await shown(browser, 'form.call-form');
      await form.$('.date-pick').click();
      await shown(browser, '.call-form [role="dialog"] [role="grid"]');
      await check(`${label} (call log, calendar open)`, `${i + 1}-call-form`);
      await browser.keys('\uE00C'); // closes the calendar
      await browser.keys('\uE00C'); // closes the form
      await browser.waitUntil(async () => !(await browser.$('form.call-form').isExisting()), { timeout: 5000 });
      await browser.execute(() => document.activeElement?.blur());
      await browser.keys('r');
      await shown(browser, 'form.response-form');
      await check(`${label} (response form)`, `${i + 1}-response-form`);
      await browser.keys('\uE00C');
      await browser.waitUntil(async () => !(await browser.$('form.response-form').isExisting()), { timeout: 5000 });
      // The contact form, with its second date's calendar open.
      await (await shown(browser, 'section.contacts > button:last-child')).click();
      const contact = await shown(browser, 'form.contact-form');
      await (await contact.$$('.date-pick'))[1].click();
      await shown(browser, '.contact-form [role="dialog"] [role="grid"]');
      await check(`${label} (contact form, calendar open)`, `${i + 1}-contact-form`);
      await browser.keys('\uE00C'); // closes the calendar
      await browser.keys('\uE00C'); // closes the form
      await browser.waitUntil(async () => !(await browser.$('form.contact-form').isExisting()), { timeout: 5000, timeoutMsg: 'Esc did not close the contact form' });
    } else {
      await check(label, `${i + 1}-${slugOf(label)}`);
    }
  }
  return found;
}
