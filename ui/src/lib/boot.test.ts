import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { bootOrFailed, requestBoot } from './boot';
import { cities, labels } from '../test/fixtures';
import type { Boot } from './bindings/Boot';

afterEach(() => clearMocks());

describe("the page's first data", () => {
  it('is what the app answers to `boot`, asked once', async () => {
    const asked: string[] = [];
    const ready: Boot = { status: 'ready', cities, labels, data_dir: '/tmp/data' };
    mockIPC((cmd) => {
      asked.push(cmd);
      return cmd === 'boot' ? ready : null;
    });
    expect(bootOrFailed(await requestBoot())).toEqual(ready);
    expect(asked).toEqual(['boot']);
  });

  it("is the answer to the request the page's head made, without asking again", async () => {
    const asked: string[] = [];
    mockIPC((cmd) => {
      asked.push(cmd);
      return null;
    });
    const ready: Boot = { status: 'ready', cities, labels, data_dir: '/tmp/early' };
    window.__outreachBoot = Promise.resolve(ready);
    expect(await requestBoot()).toEqual(ready);
    expect(asked).toEqual([]);
    // Taken once: a second request asks the app.
    await requestBoot();
    expect(asked).toEqual(['boot']);
  });

  it("is the app's own error when the store did not open", async () => {
    const failed: Boot = { status: 'failed', data_dir: '/tmp/data', error: { kind: 'store_corrupt', message: 'The store is damaged.' } };
    mockIPC(() => failed);
    expect(bootOrFailed(await requestBoot())).toEqual(failed);
  });

  it('is an error screen that says how to start the app when nothing answers (the page opened in a browser)', async () => {
    mockIPC(() => {
      throw new Error('no app');
    });
    const boot = bootOrFailed(await requestBoot());
    expect(boot.status).toBe('failed');
    expect(boot.status === 'failed' && boot.error.message).toMatch(/Start Outreach Desk from its launcher/);
  });
});
