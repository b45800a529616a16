import { describe, expect, it, vi } from 'vitest';
import { escapeCloses } from './keys';

describe('escapeCloses', () => {
  it('closes on Escape and keeps the key from the window; other keys pass', () => {
    const close = vi.fn();
    const onKey = escapeCloses(close);
    const windowSaw = vi.fn();
    window.addEventListener('keydown', windowSaw);
    const form = document.createElement('form');
    document.body.append(form);
    form.addEventListener('keydown', onKey);

    form.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true, cancelable: true }));
    expect(close).not.toHaveBeenCalled();
    expect(windowSaw).toHaveBeenCalledTimes(1);

    const esc = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    form.dispatchEvent(esc);
    expect(close).toHaveBeenCalledTimes(1);
    expect(esc.defaultPrevented).toBe(true);
    expect(windowSaw).toHaveBeenCalledTimes(1);
    window.removeEventListener('keydown', windowSaw);
    form.remove();
  });
});
