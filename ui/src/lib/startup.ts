// Start-up marks, in ms since the page's navigation began (performance.now()), reported
// with the ready mark so a slow start can be traced to its phase.
export const startup = {
  script: performance.now(),
  mounted: 0,
  /** The first animation frame after mounting began (its layout and paint follow). */
  frame: 0,
  /** A page variant's own figures, reported with the ready mark (bench/page_variants.py); the app sets none. */
  diag: '',
};

export function readyMarks(cities: number) {
  return {
    cities,
    navigationEpochMs: performance.timeOrigin,
    scriptMs: startup.script,
    mountedMs: startup.mounted,
    frameMs: startup.frame,
    paintedMs: performance.now(),
    diag: startup.diag || null,
  };
}
