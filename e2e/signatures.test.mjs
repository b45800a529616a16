// The petition's signature total in the real window, against a change.org-like page served
// by a local HTTP server: paste the URL in the settings, press Sync now, see the number
// and the chart; take the server down (the last total stays, with its age, no crash);
// bring it back with a new count and recover on Sync now.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { artifacts, launch, shown, tempDataDir } from './harness.mjs';

let count = '18,900';
const page = () => `<!DOCTYPE html>
<html lang="en-US"><head><meta charset="utf-8"><title>Stand with Ukraine! · Change.org</title></head>
<body><main>
<h1>Stand with Ukraine! End US-Russia Sister City Relationships</h1>
<div class="signature-progress"><strong>${count}</strong> have signed. Let’s get to 25,000!</div>
</main></body></html>`;

function startServer(port = 0) {
  const server = createServer((req, res) => {
    if (req.url === '/p/stand-with-ukraine') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(page());
    } else {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

function stopServer(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

describe('Petition signatures synced from a local petition page', () => {
  let app;
  let browser;
  let server;
  let port;
  let configDir;

  before(async () => {
    server = await startServer();
    port = server.address().port;
    // The app keeps its API token in this folder, never in the real one.
    configDir = mkdtempSync(path.join(tmpdir(), 'outreach-e2e-config-'));
    process.env.OUTREACH_CONFIG_DIR = configDir;
    app = await launch(tempDataDir());
    browser = app.browser;
  });
  after(async () => {
    await app?.close();
    if (server?.listening) await stopServer(server);
  });

  const total = () => browser.$('[data-testid="signature-total"]');
  const syncNow = async () => {
    const button = await browser.$('button.sync-button');
    await button.waitForEnabled({ timeout: 20000 });
    await button.click();
  };

  it('paste the URL in the settings, press Sync now, see the number and the chart', async () => {
    const tab = await browser.$('nav[aria-label="Sections"]').$('button=Petition');
    await tab.waitForExist({ timeout: 15000 });
    await tab.click();
    const url = await shown(browser, '#sig-url');
    await url.setValue(`http://127.0.0.1:${port}/p/stand-with-ukraine`);
    await browser.$('button=Save settings').click();
    await browser.$('p.form-ok').waitForExist({ timeout: 5000 });
    await syncNow();
    await browser.waitUntil(async () => (await total().then((t) => t.isExisting())) && (await (await total()).getText()) === '18,900', {
      timeout: 20000,
      timeoutMsg: 'the synced total did not show',
    });
    assert.match(await browser.$('.of-goal').getText(), /of 25,000 signatures/);
    assert.match(await browser.$('.signature-age').getText(), /as of just now/);
    const chart = await browser.$('svg[role="img"]');
    assert.match(await chart.getAttribute('aria-label'), /^Signature total over time: \d+ points?, goal 25,000$/);
    assert.ok((await chart.$$('circle')).length >= 1);
    await browser.$('.sync-ok').waitForExist({ timeout: 10000 });
    assert.match(await browser.$('.sync-ok').getText(), /Synced: 18,900 signatures\./);
    // The token file was never created by a sync that needs none.
    assert.throws(() => statSync(path.join(configDir, 'signatures-token')));
    await browser.saveScreenshot(path.join(artifacts, 'petition-synced.png'));
  });

  it('with the server down, the last total stays with its age and the failure is said, no crash', async () => {
    await stopServer(server);
    await syncNow();
    const failed = await shown(browser, '.sync-failed', 20000);
    assert.match(await failed.getText(), /Sync failed: signature sync: cannot reach http:\/\/127\.0\.0\.1:\d+\/p\/stand-with-ukraine/);
    assert.equal(await (await total()).getText(), '18,900');
    assert.match(await browser.$('.signature-age').getText(), /as of (just now|\d+ min ago)/);
    assert.equal((await browser.$$('[role="alert"]')).length, 0, 'no alert pops up');
    // The window still answers: switch sections and back.
    await browser.$('nav[aria-label="Sections"]').$('button=Cities').click();
    await browser.$('#city-filter').waitForExist({ timeout: 5000 });
    await browser.$('nav[aria-label="Sections"]').$('button=Petition').click();
    await total().then((t) => t.waitForExist({ timeout: 5000 }));
    assert.equal(await (await total()).getText(), '18,900');
    await browser.$('.sync-failed').waitForExist({ timeout: 5000 });
    await browser.saveScreenshot(path.join(artifacts, 'petition-offline.png'));
  });

  it('with the server back and a new count, Sync now recovers', async () => {
    count = '19,250';
    server = await startServer(port);
    await syncNow();
    await browser.waitUntil(async () => (await (await total()).getText()) === '19,250', {
      timeout: 20000,
      timeoutMsg: 'the new total did not show after the server came back',
    });
    await browser.$('.sync-ok').waitForExist({ timeout: 10000 });
    const circles = await browser.$('svg[role="img"]').$$('circle');
    assert.ok(circles.length >= 2, `${circles.length} points in the chart`);
    assert.equal((await browser.$$('.sync-failed')).length, 0);
    await browser.saveScreenshot(path.join(artifacts, 'petition-recovered.png'));
  });
});

describe('A sync in progress does not hold up typing', () => {
  let app;
  let browser;
  let server;
  let answeredAt = 0;

  before(async () => {
    server = createServer((req, res) => {
      // The petition service is slow: it answers after 6 s.
      setTimeout(() => {
        answeredAt = Date.now();
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<p><strong>19,300</strong> have signed</p>');
      }, 6000);
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    process.env.OUTREACH_CONFIG_DIR = mkdtempSync(path.join(tmpdir(), 'outreach-e2e-config-'));
    app = await launch(tempDataDir());
    browser = app.browser;
  });
  after(async () => {
    await app?.close();
    server.closeAllConnections();
    server.close();
  });

  it('filters the city list while the background sync waits on a slow server', async () => {
    const sections = await shown(browser, 'nav[aria-label="Sections"]', 15000);
    await sections.$('button=Petition').click();
    const url = await shown(browser, '#sig-url');
    await url.setValue(`http://127.0.0.1:${server.address().port}/p/slow`);
    // Saving starts the background sync at once (no button pressed).
    await browser.$('button=Save settings').click();
    await browser.$('button.sync-button[aria-busy="true"]').waitForExist({ timeout: 5000 });

    await sections.$('button=Cities').click();
    const typedAt = Date.now();
    await browser.$('#city-filter').setValue('tallahassee');
    await browser.waitUntil(async () => (await browser.$$('[role="option"]')).length === 1, {
      timeout: 5000,
      timeoutMsg: 'the filter did not narrow the list',
    });
    const filteredAt = Date.now();
    // Ordering, not a speed budget: the list answered the keystrokes before the petition
    // service had even answered the sync.
    assert.equal(answeredAt, 0, 'the sync finished before the filter answered');
    console.log(`# typed and filtered in ${filteredAt - typedAt} ms while a sync was in flight`);

    await sections.$('button=Petition').click();
    await browser.waitUntil(async () => {
      const t = await browser.$('[data-testid="signature-total"]');
      return (await t.isExisting()) && (await t.getText()) === '19,300';
    }, { timeout: 20000, timeoutMsg: 'the slow sync never landed' });
  });
});
