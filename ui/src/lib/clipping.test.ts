import { afterEach, describe, expect, it, vi } from 'vitest';
import { hideWhenClipped } from './clipping';

/** A box of `width` px holding text `textWidth` px wide (jsdom lays nothing out: both are set). */
function box(width: number, textWidth: number) {
  const node = document.createElement('p');
  Object.defineProperty(node, 'clientWidth', { configurable: true, get: () => width });
  Object.defineProperty(node, 'scrollWidth', { configurable: true, get: () => textWidth });
  return {
    node,
    resize(w: number, t = textWidth) {
      width = w;
      textWidth = t;
    },
  };
}

describe('a line shown whole or not at all', () => {
  let observed: (() => void)[] = [];
  afterEach(() => {
    observed = [];
    vi.unstubAllGlobals();
  });
  const stubObserver = () =>
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(cb: () => void) {
          observed.push(cb);
        }
        observe() {}
        disconnect() {}
      },
    );

  it('is hidden while its text is wider than its box, and shown again when the box grows', () => {
    stubObserver();
    const b = box(120, 400);
    const action = hideWhenClipped(b.node, 'End US–Russia sister-city links · 76 target cities');
    expect(b.node.classList.contains('clipped')).toBe(true);
    b.resize(600);
    observed[0]();
    expect(b.node.classList.contains('clipped')).toBe(false);
    // The text changes (another language, more cities) and no longer fits.
    b.resize(600, 700);
    action.update('Розірвімо побратимство міст США і Росії · 76 міст у списку');
    expect(b.node.classList.contains('clipped')).toBe(true);
    action.destroy();
  });

  it('is shown when the text fits exactly', () => {
    const b = box(300, 300);
    hideWhenClipped(b.node);
    expect(b.node.classList.contains('clipped')).toBe(false);
  });
});
