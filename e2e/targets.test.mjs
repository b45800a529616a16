// A volunteer adds a place the research missed, in the real window: the form in the Cities
// section, the new place opened with its sourced tie, and in the list.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { appForSuite, artifacts, openSection, shown } from './harness.mjs';

describe('Adding a place the list is missing', () => {
  const app = appForSuite();

  it('takes the place, its sister city and a sourced status, then opens it', async () => {
    const { browser } = app;
    await openSection(browser, 'Cities');
    const open = await shown(browser, 'button=Add a place the list is missing', 15000);
    await open.click();
    const form = await shown(browser, 'form[aria-labelledby="add-target-title"]');
    await (await browser.$('#add-target-city')).setValue('Springfield');
    await (await browser.$('#add-target-state')).setValue('IL');
    await (await browser.$('#add-target-sister')).setValue('Tver');
    await (await browser.$('#add-target-status')).selectByAttribute('value', 'active');
    const date = await browser.$('#add-target-date');
    await date.clearValue();
    await date.setValue('2023-05');
    await (await browser.$('#add-target-source')).setValue('https://example.org/springfield-tver');
    await browser.saveScreenshot(path.join(artifacts, 'add-place-form.png'));
    await (await browser.$('button=Add the place')).click();

    const h2 = await browser.$('.city-pane h2');
    await browser.waitUntil(async () => (await h2.isExisting()) && (await h2.getText()) === 'Springfield, IL', {
      timeout: 10000,
      timeoutMsg: 'the new place did not open',
    });
    const tie = await browser.$('article.relationship[aria-label="Sister city Tver"]');
    assert.ok(await tie.isExisting(), 'the tie with Tver is shown');
    assert.match(await tie.getText(), /example\.org/);
    const filter = await browser.$('#city-filter');
    await filter.setValue('springfield');
    await browser.waitUntil(async () => (await browser.$$('[role="option"]')).length === 1, {
      timeout: 5000,
      timeoutMsg: 'the list does not show the new place',
    });
    await browser.saveScreenshot(path.join(artifacts, 'add-place-opened.png'));
  });
});
