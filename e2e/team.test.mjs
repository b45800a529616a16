// Issue 12 in the real window: a PostgreSQL started here, a coordinator's campaign and two
// volunteers made with the CLI. The app joins as Ana on the Team screen; Ben, on his own
// machine with the CLI, logs a call and syncs; the app syncs and shows Ben's call with his
// name on the Team screen and on the city's pane.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { artifacts, launch, openCity, openSection, shown, tempDataDir } from './harness.mjs';
import { startPostgres } from './postgres.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = process.env.OUTREACH_CLI ?? path.resolve(here, '../target/debug/outreach');

/** Runs the CLI with its own config folder (where `team join` keeps the credentials). */
const outreach = (configDir, ...args) =>
  execFileSync(cli, args, { encoding: 'utf8', env: { ...process.env, OUTREACH_CONFIG_DIR: configDir } });

describe('team sync in the window, with a real PostgreSQL', () => {
  let pg;
  let app;
  let browser;
  let anaInvite;
  const ben = { data: tempDataDir(), config: tempDataDir() };

  before(async () => {
    pg = await startPostgres();
    pg.createDatabase('campaign');
    const server = pg.ownerUrl('campaign');
    const coordinator = tempDataDir();
    outreach(coordinator, 'team', 'init', '--server', server);
    anaInvite = JSON.parse(outreach(coordinator, '--json', 'team', 'add-volunteer', 'ana', '--server', server)).invite;
    const benInvite = JSON.parse(outreach(coordinator, '--json', 'team', 'add-volunteer', 'ben', '--server', server)).invite;
    outreach(ben.config, '--data-dir', ben.data, 'team', 'join', benInvite);
    // The app keeps its credentials in its own config folder (inherited by the app it starts).
    process.env.OUTREACH_CONFIG_DIR = tempDataDir();
    app = await launch(tempDataDir());
    browser = app.browser;
  });
  after(async () => {
    await app?.close();
    pg?.stop();
  });

  it('joins as Ana with an invite on the Team screen; the top bar shows the sync', async () => {
    await openSection(browser, 'Team');
    const input = await shown(browser, '#team-invite', 15000);
    await input.setValue(anaInvite);
    await (await browser.$('button=Join')).click();
    const done = await shown(browser, '.team-done');
    assert.match(await done.getText(), /Joined 127\.0\.0\.1:\d+\/campaign as ana/);
    // The background sync starts at once: the top bar says it synced.
    const badge = await shown(browser, 'button.team-status', 15000);
    await browser.waitUntil(async () => /Synced/.test(await badge.getText()), { timeout: 20000, timeoutMsg: 'the top bar never said "Synced"' });
    assert.match(await badge.getAttribute('aria-label'), /^Team sync: Synced/);
    const page = await browser.execute(() => document.body.innerText);
    assert.ok(!page.includes(anaInvite.split('@')[0].split(':').pop()), 'the password is on the page');
  });

  it("shows Ben's call, logged and synced with the CLI, after Sync now, with his name", async () => {
    outreach(ben.config, '--data-dir', ben.data, 'log-call', 'tallahassee-fl', '--outcome', 'voicemail', '--notes', 'left a message for the mayor');
    const synced = JSON.parse(outreach(ben.config, '--data-dir', ben.data, '--json', 'sync'));
    assert.equal(synced.pushed, 1);

    await (await browser.$('button=Sync now')).click();
    await shown(browser, 'table.team-members', 20000);
    const rows = () => browser.execute(() => [...document.querySelectorAll('table.team-members tbody tr')].map((r) => [...r.children].map((c) => c.textContent.trim()).join(' | ')));
    await browser.waitUntil(async () => (await rows()).some((r) => r.startsWith('ben |')), { timeout: 20000, timeoutMsg: "Ben is not in the team's list" });
    assert.deepEqual(await rows(), ['ben | 1 | just now | tallahassee-fl']);
    await browser.saveScreenshot(path.join(artifacts, 'team-screen.png'));

    await openCity(browser, 'tallahassee', 'Tallahassee, FL');
    const note = await shown(browser, '.called-by');
    assert.match(await note.getText(), /^Called by ben just now \(Left a voicemail\)/);
    const history = await browser.$('ol.calls');
    assert.match(await history.getText(), /ben/);
    await browser.saveScreenshot(path.join(artifacts, 'team-called-by.png'));
  });
});
