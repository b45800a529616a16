import { describe, expect, it } from 'vitest';
import { revealRow, rowWindow } from './virtual';

describe('rowWindow', () => {
  it('renders only the rows in view plus a few either side, out of 20,000', () => {
    const w = rowWindow(0, 600, 60, 20_000, 5);
    expect(w.start).toBe(0);
    expect(w.end).toBe(16); // 10 visible + 1 partial + 5 overscan
    expect(w.padTop).toBe(0);
    expect(w.padBottom).toBe((20_000 - 16) * 60);
  });

  it('keeps the scroll height of the whole list when scrolled to the middle', () => {
    const w = rowWindow(60 * 10_000 + 30, 600, 60, 20_000, 5);
    expect(w.start).toBe(9_995);
    expect(w.end).toBe(10_016);
    expect(w.padTop + (w.end - w.start) * 60 + w.padBottom).toBe(20_000 * 60);
  });

  it('stays inside the list at its end, and when the list shrank under the scroll position', () => {
    const w = rowWindow(60 * 19_990, 600, 60, 20_000, 5);
    expect(w.end).toBe(20_000);
    expect(w.padBottom).toBe(0);
    const shrunk = rowWindow(60 * 19_990, 600, 60, 3, 5);
    expect([shrunk.start, shrunk.end]).toEqual([0, 3]);
  });

  it('renders nothing for an empty list', () => {
    expect(rowWindow(0, 600, 60, 0)).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0 });
  });
});

describe('revealRow', () => {
  it('scrolls down just enough to show a row below the view', () => {
    expect(revealRow(20, 0, 600, 60)).toBe(21 * 60 - 600);
  });
  it('scrolls up to a row above the view', () => {
    expect(revealRow(3, 600, 600, 60)).toBe(180);
  });
  it('leaves the scroll alone for a row already in view', () => {
    expect(revealRow(12, 600, 600, 60)).toBeNull();
  });
});
