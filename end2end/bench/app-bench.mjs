// The app benchmarks (issue 9), driven by scripts/bench-app.sh: the same
// measurements against the Latchkey app and against the floor page (the
// smallest Leptos page doing the same), both served by a mock server with the
// large fixture, in the system Chromium through Playwright and the DevTools
// Protocol. Prints a Markdown table (median, p95, ratio to the floor) and
// writes every sample to target/bench-app.json.
//
//   node bench/app-bench.mjs --app URL --floor URL [--runs 10] [--feed-runs 10] [--feed-seconds 60]
import { writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const RUNS = Number(args.runs ?? 10);
const FEED_RUNS = Number(args['feed-runs'] ?? 10);
const FEED_SECONDS = Number(args['feed-seconds'] ?? 60);
const EVENTS_PER_SECOND = 100;
const USER = { username: 'morgan', password: 'harbor-view' }; // sees all 2,000 doors
// The server refuses state changes without the header the app sends (its cross-site guard).
const API_HEADERS = { 'X-Requested-With': 'latchkey' };

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
});

// Installed in every page before its scripts: long-task log, the wasm memory
// (Trunk announces the instance), and helpers the measurements call.
const probe = () => {
  window.__longTasks = [];
  new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: true });
  addEventListener('TrunkApplicationStarted', (e) => (window.__wasm = e.detail.wasm));
  /** Resolves with performance.now() at the first frame painted after `ready()` holds. */
  window.__paintedWhen = (ready, timeoutMs = 10_000) =>
    new Promise((resolve, reject) => {
      const done = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
      if (ready()) return done();
      const observer = new MutationObserver(() => {
        if (ready()) {
          observer.disconnect();
          done();
        }
      });
      observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
      setTimeout(() => {
        observer.disconnect();
        reject(new Error('timed out waiting for the page'));
      }, timeoutMs);
    });
  /** Resolves with performance.now() at the first frame painted from now: called
   *  as an interaction starts, this is when the page first answers it (as
   *  Interaction to Next Paint counts it). */
  window.__nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)));
  /** Resolves once the DOM has been still for `quietMs`. */
  window.__settled = (quietMs = 300) =>
    new Promise((resolve) => {
      let timer = setTimeout(finish, quietMs);
      const observer = new MutationObserver(() => {
        clearTimeout(timer);
        timer = setTimeout(finish, quietMs);
      });
      function finish() {
        observer.disconnect();
        resolve();
      }
      observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
};

async function signedInPage(base, throttle = 1) {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 } });
  const answer = await context.request.post('/api/v1/session', { headers: API_HEADERS, data: USER });
  if (!answer.ok()) throw new Error(`sign-in at ${base}: ${answer.status()}`);
  await context.addInitScript(probe);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  return { context, page, cdp };
}

/** Opens the Doors page; resolves with the time (ms since navigation start) its door cards were painted. */
async function openDoors(page, base) {
  await page.goto(`${base}/doors`, { waitUntil: 'commit' });
  return page.evaluate(() => window.__paintedWhen(() => !!document.querySelector('.door-card button.door-card-action')));
}

/** Navigation start → door cards with their buttons painted, fresh browser context each run. */
async function navigation(base, throttle) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page } = await signedInPage(base, throttle);
    samples.push(await openDoors(page, base));
    await context.close();
  }
  return samples;
}

/** A keystroke in the door search → the changed results painted. */
async function keystroke(base) {
  const { context, page } = await signedInPage(base);
  await openDoors(page, base);
  const samples = [];
  const nextFrame = [];
  const longTasks = [];
  for (let i = 0; i < RUNS; i++) {
    const search = page.locator('#door-search');
    await search.fill('Door ');
    await page.evaluate(() => window.__settled());
    const before = await page.evaluate(() => [window.__longTasks.length, document.querySelector('.door-card')?.textContent]);
    const digit = String((i % 4) + 1);
    const wait = page.evaluate(
      ([first]) =>
        new Promise((resolve) => {
          addEventListener('keydown', (e) => {
            const start = e.timeStamp;
            let next;
            window.__nextFrame().then((end) => (next = end - start));
            window.__paintedWhen(() => document.querySelector('.door-card')?.textContent !== first).then((end) => resolve([end - start, next]));
          }, { once: true, capture: true });
        }),
      [before[1]],
    );
    await search.press(digit);
    const [results, next] = await wait;
    samples.push(results);
    nextFrame.push(next);
    longTasks.push(...(await page.evaluate((from) => window.__longTasks.slice(from), before[0])));
  }
  await context.close();
  return { samples, nextFrame, longTasks };
}

/** Click "Lock"/"Unlock" on a door card → its pending badge painted. */
async function clickLock(base) {
  const { context, page } = await signedInPage(base);
  await openDoors(page, base);
  await page.evaluate(() => window.__settled());
  const samples = [];
  const nextFrame = [];
  const longTasks = [];
  for (let i = 0; i < RUNS; i++) {
    const from = await page.evaluate(() => window.__longTasks.length);
    const wait = page.evaluate(
      (index) =>
        new Promise((resolve, reject) => {
          const card = [...document.querySelectorAll('.door-card')].filter((c) => !c.querySelector('button.door-card-action').disabled)[index];
          if (!card) return reject(new Error('no door to click'));
          card.addEventListener('click', (e) => {
            const start = e.timeStamp;
            let next;
            window.__nextFrame().then((end) => (next = end - start));
            window.__paintedWhen(() => /ing…$/.test(card.querySelector('.badge')?.textContent ?? '')).then((end) => resolve([end - start, next]), reject);
          }, { once: true, capture: true });
          card.querySelector('button.door-card-action').click();
        }),
      0,
    );
    const [pending, next] = await wait;
    samples.push(pending);
    nextFrame.push(next);
    longTasks.push(...(await page.evaluate((n) => window.__longTasks.slice(n), from)));
  }
  await context.close();
  return { samples, nextFrame, longTasks };
}

async function memory(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => window.__wasm?.memory?.buffer?.byteLength ?? 0);
  return { jsHeap: heap.usedSize, wasm };
}

/** 100 events per second for a while: event → painted in the feed, long tasks, memory before and after. */
async function feed(base, path) {
  const { context, page, cdp } = await signedInPage(base);
  await page.goto(`${base}${path}`);
  await page.getByRole('log', { name: 'Activity, newest first' }).waitFor({ state: 'attached' });
  await page.waitForTimeout(2_000);
  const locks = (await (await context.request.get('/api/v1/locks?limit=200')).json()).items.map((l) => l.id);
  const before = await memory(page, cdp);
  await page.evaluate(() => {
    window.__feedLatency = [];
    const counted = new WeakSet(); // a row moved in the page is not a new event
    window.__longTaskMark = window.__longTasks.length;
    const log = document.querySelector('[role=log][aria-label="Activity, newest first"]');
    new MutationObserver((records) => {
      const added = records.flatMap((r) => [...r.addedNodes]).filter((n) => n.nodeType === 1);
      if (!added.length) return;
      requestAnimationFrame(() =>
        setTimeout(() => {
          const painted = performance.timeOrigin + performance.now();
          for (const node of added) {
            for (const time of node.matches('time') ? [node] : node.querySelectorAll('time[datetime]')) {
              if (counted.has(time)) continue;
              counted.add(time);
              window.__feedLatency.push(painted - Date.parse(time.getAttribute('datetime')));
            }
          }
        }, 0),
      );
    }).observe(log, { childList: true, subtree: true });
  });
  // The load: keypad entries with a wrong code, spread over 200 doors.
  const end = Date.now() + FEED_SECONDS * 1000;
  let sent = 0;
  let failed = 0;
  while (Date.now() < end) {
    const tick = Date.now();
    const batch = [];
    for (let i = 0; i < EVENTS_PER_SECOND / 10; i++) {
      const lock = locks[sent++ % locks.length];
      batch.push(context.request.post(`/api/v1/sim/locks/${lock}/keypad`, { headers: API_HEADERS, data: { pin: '0000' } }).then((r) => r.ok() || failed++));
    }
    await Promise.all(batch);
    await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - tick))));
  }
  await page.waitForTimeout(2_000);
  const after = await memory(page, cdp);
  const { latency, longTasks } = await page.evaluate(() => ({ latency: window.__feedLatency, longTasks: window.__longTasks.slice(window.__longTaskMark) }));
  const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  await context.close();
  return { latency, longTasks, before, after, sent, failed, nodes };
}

/** Elements on each page once it has settled. */
async function domNodes(base, paths) {
  const { context, page } = await signedInPage(base);
  const counts = {};
  for (const path of paths) {
    await page.goto(`${base}${path}`);
    await page.waitForLoadState('networkidle');
    await page.evaluate(() => window.__settled(500));
    counts[path] = await page.evaluate(() => document.getElementsByTagName('*').length);
  }
  await context.close();
  return counts;
}

const quantile = (values, q) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
};
const median = (v) => quantile(v, 0.5);
const p95 = (v) => quantile(v, 0.95);
const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '—');
const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;

const targets = { app: args.app, floor: args.floor };
const results = {};
for (const [name, base] of Object.entries(targets)) {
  console.error(`== ${name} (${base})`);
  const r = (results[name] = {});
  r.navigation = await navigation(base, 1);
  console.error(`  navigation: median ${ms(median(r.navigation))}`);
  r.navigationThrottled = await navigation(base, 4);
  console.error(`  navigation at 4× throttling: median ${ms(median(r.navigationThrottled))}`);
  r.keystroke = await keystroke(base);
  console.error(`  keystroke: median ${ms(median(r.keystroke.samples))}`);
  r.click = await clickLock(base);
  console.error(`  click: median ${ms(median(r.click.samples))}`);
  r.feed = [];
  for (let i = 0; i < FEED_RUNS; i++) {
    r.feed.push(await feed(base, name === 'app' ? '/activity' : '/'));
    const last = r.feed.at(-1);
    console.error(`  feed run ${i + 1}: ${last.latency.length} painted, p95 ${ms(p95(last.latency))}, memory ${mb(last.before.jsHeap + last.before.wasm)} → ${mb(last.after.jsHeap + last.after.wasm)}`);
  }
}
const appPages = ['/doors', '/doors/lock-p01-01', '/people', '/people/grid', '/schedules', '/schedules?door=lock-p01-01', '/activity', '/alerts', '/settings', '/people/new'];
results.app.domNodes = await domNodes(targets.app, appPages);
await browser.close();
writeFileSync('../target/bench-app.json', JSON.stringify(results, null, 1));

const row = (label, pick) => {
  const a = pick(results.app);
  const f = pick(results.floor);
  return `| ${label} | ${ms(median(a))} | ${ms(p95(a))} | ${ms(median(f))} | ${ms(p95(f))} | ${(median(a) / median(f)).toFixed(1)}× |`;
};
const all = (runs, key) => runs.flatMap((run) => run[key]);
const maxOf = (values) => (values.length ? Math.max(...values) : 0);
console.log(`Runs: ${RUNS} per measurement; feed: ${FEED_RUNS} × ${FEED_SECONDS} s at ${EVENTS_PER_SECOND} events/s.\n`);
console.log('| measurement | app median | app p95 | floor median | floor p95 | app ÷ floor (median) |');
console.log('|---|---|---|---|---|---|');
console.log(row('navigation → Doors page interactive', (r) => r.navigation));
console.log(row('the same at 4× CPU throttling', (r) => r.navigationThrottled));
console.log(row('keystroke in the door search → next frame painted', (r) => r.keystroke.nextFrame));
console.log(row('keystroke in the door search → new results painted', (r) => r.keystroke.samples));
console.log(row('click "Lock" → next frame painted', (r) => r.click.nextFrame));
console.log(row('click "Lock" → pending state painted', (r) => r.click.samples));
console.log(row('live feed at 100 events/s: event → painted', (r) => all(r.feed, 'latency')));
console.log();
for (const [name, r] of Object.entries(results)) {
  const feedLong = all(r.feed, 'longTasks');
  const first = r.feed[0];
  const last = r.feed.at(-1);
  console.log(`- ${name}: long tasks during keystrokes ${r.keystroke.longTasks.length} (longest ${ms(maxOf(r.keystroke.longTasks))}), during clicks ${r.click.longTasks.length} (longest ${ms(maxOf(r.click.longTasks))}), during the feed ${feedLong.length} (longest ${ms(maxOf(feedLong))}); feed events painted ${all(r.feed, 'latency').length} of ${r.feed.reduce((n, f) => n + f.sent, 0)} sent (${r.feed.reduce((n, f) => n + f.failed, 0)} refused); memory (JS heap + wasm) before → after a feed run: first ${mb(first.before.jsHeap + first.before.wasm)} → ${mb(first.after.jsHeap + first.after.wasm)}, last ${mb(last.before.jsHeap + last.before.wasm)} → ${mb(last.after.jsHeap + last.after.wasm)}; DOM elements with the feed full: ${last.nodes}`);
}
console.log('\nDOM elements per page (app, large fixture, 1280×800):\n');
console.log('| page | elements |');
console.log('|---|---|');
for (const [path, count] of Object.entries(results.app.domNodes)) console.log(`| ${path} | ${count} |`);
