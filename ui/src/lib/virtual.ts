// Windowing for long lists: which rows to put in the DOM for a scroll position, and where to
// scroll so a row is in view. Rows have one fixed height; the list pads itself above and below
// the rendered rows so the scroll bar matches the whole list.

export type RowWindow = {
  /** Index of the first rendered row. */
  start: number;
  /** One past the last rendered row. */
  end: number;
  /** Space above the first rendered row, in pixels. */
  padTop: number;
  /** Space below the last rendered row, in pixels. */
  padBottom: number;
};

/** The rows to render for a viewport, with `overscan` extra rows on each side. */
export function rowWindow(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan = 6): RowWindow {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(viewport, rowHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(first, count - 1) - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight };
}

/**
 * The scroll position that brings row `index` fully into view while moving as little as
 * possible, or null when it already is.
 */
export function revealRow(index: number, scrollTop: number, viewport: number, rowHeight: number): number | null {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (viewport > 0 && bottom > scrollTop + viewport) return bottom - viewport;
  return null;
}
