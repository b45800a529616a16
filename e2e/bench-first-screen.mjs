// The window's first screen as a static page, for the start-up floor (bench/first_screen.sh).
// Not a test: run by hand. Starts the app (OUTREACH_APP) on a data folder, waits for the
// dashboard, and writes what the window shows as one HTML file with no script of the app's:
// the same elements, the same style sheet, the map's canvas of marks as an image. A bare Tauri
// window showing that page measures what painting our first screen costs on this machine by
// itself, against the app, which also loads its script, asks for its data and mounts.
//   OUTREACH_APP=target/release/outreach-desk xvfb-run -a node e2e/bench-first-screen.mjs DATA_DIR OUT_DIR
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launch, shown } from './harness.mjs';

const [dataDir, outDir] = process.argv.slice(2);
if (!dataDir || !outDir) throw new Error('usage: bench-first-screen.mjs DATA_DIR OUT_DIR');

const app = await launch(dataDir);
try {
  await shown(app.browser, '.dashboard', 60000);
  await new Promise((r) => setTimeout(r, 1000));
  const html = await app.browser.execute(() => {
    const copy = document.documentElement.cloneNode(true);
    // A canvas's copy has no pixels: the drawn marks go in as an image of the same size.
    const drawn = [...document.querySelectorAll('canvas')];
    copy.querySelectorAll('canvas').forEach((c, i) => {
      const img = document.createElement('img');
      img.src = drawn[i].toDataURL();
      img.className = c.className;
      img.setAttribute('style', `${c.getAttribute('style') ?? ''};width:${drawn[i].clientWidth}px;height:${drawn[i].clientHeight}px`);
      img.alt = '';
      c.replaceWith(img);
    });
    copy.querySelectorAll('script').forEach((s) => s.remove());
    return copy.outerHTML;
  });
  // The bare window's own ready mark, after the first frame is painted (as in its hello-world page).
  const ready = `requestAnimationFrame(() => requestAnimationFrame(() =>
  window.__TAURI_INTERNALS__.invoke('ready', { navigationEpochMs: performance.timeOrigin, paintedMs: performance.now() })));\n`;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'index.html'), `<!doctype html>\n${html.replace('</body>', '<script src="/ready.js"></script></body>')}`);
  writeFileSync(path.join(outDir, 'ready.js'), ready);
  console.log(`first screen of ${dataDir}: ${html.length} characters written to ${outDir}/index.html`);
} finally {
  await app.close();
}
