import { describe, expect, it } from 'vitest';
import { Lazy } from './lazy.svelte';

describe('a view loaded on its first visit', () => {
  it('is not loaded before it is asked for, then loaded once however often it is asked for', async () => {
    let loads = 0;
    const view = new Lazy(async () => {
      loads += 1;
      return { default: 'the view' };
    });
    expect(loads).toBe(0);
    expect(view.current).toBeNull();
    const [a, b] = await Promise.all([view.load(), view.load()]);
    expect([a, b]).toEqual(['the view', 'the view']);
    await view.load();
    expect(loads).toBe(1);
    expect(view.current).toBe('the view');
  });

  it('says why it could not be loaded, and is tried again on the next visit', async () => {
    let fail = true;
    const view = new Lazy(async () => {
      if (fail) throw new Error('chunk missing');
      return { default: 'the view' };
    });
    await expect(view.load()).rejects.toThrow('chunk missing');
    expect(view.error).toBe('chunk missing');
    expect(view.current).toBeNull();
    fail = false;
    expect(await view.load()).toBe('the view');
    expect(view.error).toBeNull();
  });
});
