// Measures, in the real window, how long a keystroke in the city filter takes to repaint the
// list on a store of 20,000 cities (budget: 50 ms). Not a test: a benchmark, run by hand:
//   cargo build -p outreach-cli && ui/node_modules/.bin/tauri build --debug --no-bundle   (or release)
//   OUTREACH_APP=target/debug/outreach-desk xvfb-run -a --server-args="-screen 0 1400x900x24" node e2e/bench-filter.mjs
// For each keystroke: the input event is dispatched on #city-filter from a WebDriver script;
// "frame" is the time to the next animation frame (the list re-rendered, before paint);
// "painted" is the time until a task queued from that frame runs (after the frame is painted).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openSection, tempDataDir } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = process.env.OUTREACH_CLI ?? path.resolve(here, '../target/debug/outreach');
const cities = Number(process.env.BENCH_CITIES ?? 20000);

const dataDir = tempDataDir();
const t0 = Date.now();
execFileSync(cli, ['--data-dir', dataDir, 'generate', '--cities', String(cities), '--calls', '100000', '--contacts', '5000'], { stdio: 'inherit' });
console.log(`generated ${cities} cities in ${Date.now() - t0} ms`);

const app = await launch(dataDir);
const b = app.browser;
try {
  await openSection(b, 'Cities');
  await b.$('#city-filter').waitForExist({ timeout: 30000 });
  const total = await b.execute(() => document.querySelector('[role="option"]')?.getAttribute('aria-setsize'));
  console.log(`list shows ${total} cities; rows in the DOM: ${await b.execute(() => document.querySelectorAll('[role="option"]').length)}`);

  const word = 'testville 12';
  const steps = [];
  for (let i = 1; i <= word.length; i++) steps.push(word.slice(0, i));
  for (let i = word.length - 1; i >= 0; i--) steps.push(word.slice(0, i));
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const frame = [];
  const painted = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of steps) {
      const m = await b.executeAsync((value, done) => {
        const input = document.querySelector('#city-filter');
        const start = performance.now();
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        requestAnimationFrame(() => {
          const f = performance.now() - start;
          const ch = new MessageChannel();
          ch.port1.onmessage = () => done({ frame: f, painted: performance.now() - start, rows: document.querySelectorAll('[role="option"]').length, count: document.querySelector('.count')?.textContent });
          ch.port2.postMessage(0);
        });
      }, q);
      frame.push(m.frame);
      painted.push(m.painted);
      if (r === 0) console.log(`${JSON.stringify(q).padEnd(16)} frame ${m.frame.toFixed(1).padStart(6)} ms  painted ${m.painted.toFixed(1).padStart(6)} ms  rows in DOM ${m.rows}  (${m.count?.trim()})`);
    }
  }
  const stats = (xs) => {
    const s = xs.slice().sort((a, c) => a - c);
    const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
    return `median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms (n=${s.length})`;
  };
  console.log(`keystroke → next frame:   ${stats(frame)}`);
  console.log(`keystroke → after paint:  ${stats(painted)}`);

  // Scrolling: time from a scroll-position change to the painted frame with the new rows.
  const scroll = [];
  for (let i = 0; i < 30; i++) {
    const m = await b.executeAsync((frac, done) => {
      const box = document.querySelector('.list-scroll');
      const start = performance.now();
      box.scrollTop = frac * (box.scrollHeight - box.clientHeight);
      requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - start)));
    }, ((i * 7919) % 1000) / 1000);
    scroll.push(m);
  }
  await b.execute(() => {
    const input = document.querySelector('#city-filter');
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  console.log(`jump-scroll → two frames: ${stats(scroll)}`);
} finally {
  await app.close();
}
