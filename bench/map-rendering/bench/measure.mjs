// Measures page A (Svelte Flow, onlyRenderVisibleElements on), B (purpose-built layer) and
// A0 (Svelte Flow without culling) in one Chromium run, alternating, ROUNDS rounds.
// Usage: npx vite build && node bench/measure.mjs [rounds]   (writes bench/results.json)
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const ROUNDS = Number(process.argv[2] ?? 3);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VARIANTS = [
  { name: 'A', page: 'a.html', extra: '' },
  { name: 'B', page: 'b.html', extra: '' },
  { name: 'A0', page: 'a.html', extra: '&cull=0' }
];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (arr, p) => {
  if (!arr.length) return NaN;
  const s = [...arr].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const median = (arr) => pct(arr, 50);

// ---- bundle size: every JS/CSS file a page's HTML loads (entry + modulepreload chunks) ------
function bundle(page) {
  const html = readFileSync(join('dist', page), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  const size = (ext) => files.filter((f) => f.endsWith(ext)).reduce((n, f) => n + gzipSync(readFileSync(join('dist', f)), { level: 9 }).length, 0);
  return { files, jsGzip: size('.js'), cssGzip: size('.css') };
}

const server = await preview({ preview: { port: 4173, strictPort: true }, logLevel: 'silent' });
const base = 'http://localhost:4173/';
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
const version = browser.version();

async function load(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.__bench?.ready, null, { timeout: 60000 });
  return page.evaluate(() => performance.getEntriesByName('map-ready')[0].startTime);
}
async function heapAndDom(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const dom = await page.evaluate(() => ({ elements: __bench.elementCount(), cards: __bench.renderedCards(), relations: __bench.renderedRelations() }));
  return { heapMB: usedSize / 2 ** 20, ...dom };
}
async function backgroundPoint(page) {
  return page.evaluate(() => {
    for (let y = 560; y < 780; y += 7)
      for (let x = 500; x < 1100; x += 7) {
        const el = document.elementFromPoint(x, y);
        if (el && !el.closest('[data-card-id], path, .svelte-flow__handle')) return { x, y };
      }
    return null;
  });
}
async function frames(page, drive) {
  await page.evaluate(() => __bench.startFrames());
  await drive();
  const r = await page.evaluate(() => __bench.stopFrames());
  return {
    p50: pct(r.deltas, 50), p95: pct(r.deltas, 95), frames: r.deltas.length, transformChanges: r.transformChanges,
    longtasks: r.longtasks.length, longtaskMs: r.longtasks.reduce((n, l) => n + l.duration, 0)
  };
}
// Input goes through the browser's real input pipeline (CDP Input.dispatchMouseEvent) but is sent
// fire-and-forget at ~100 Hz: awaiting each event (as page.mouse does) waits for a rendered frame and
// would cap the input rate at the frame rate being measured. Chromium coalesces moves per frame.
function input(cdp) {
  const pending = [];
  const send = (type, x, y, buttons, extra = {}) =>
    pending.push(cdp.send('Input.dispatchMouseEvent', {
      type, x, y, buttons, button: buttons || type !== 'mouseMoved' ? 'left' : 'none',
      clickCount: type === 'mouseMoved' || type === 'mouseWheel' ? 0 : 1, ...extra
    }));
  // circle of radius R starting (and ending) at (x0, y0), one turn per 1.5 s
  async function circle(x0, y0, R, ms) {
    const t0 = Date.now();
    for (let t = 0; t < ms; t = Date.now() - t0) {
      const a = (t / 1500) * 2 * Math.PI;
      send('mouseMoved', x0 + R * Math.sin(a), y0 - R + R * Math.cos(a), 1);
      await sleep(10);
    }
  }
  async function drain() {
    const t = Date.now();
    await Promise.all(pending.splice(0));
    return Date.now() - t;
  }
  return { send, circle, drain };
}

async function runVariant(v) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  const detail = `${base}${v.page}?view=detail${v.extra}`;
  const fit = `${base}${v.page}?view=fit${v.extra}`;
  const out = { ttfrDetail: [] };

  // load (detail view) + memory
  out.ttfrDetail.push(await load(page, detail));
  out.memDetail = await heapAndDom(page, cdp);

  // pan: drag the background in a 200 px circle for 3 s (with and without will-change on the layer)
  for (const [key, url] of [['pan', detail], ['panNoWillChange', detail + '&wc=0']]) {
    out.ttfrDetail.push(await load(page, url));
    const bg = await backgroundPoint(page);
    const inp = input(cdp);
    inp.send('mouseMoved', bg.x, bg.y, 0);
    await inp.drain();
    out[key] = await frames(page, async () => {
      inp.send('mousePressed', bg.x, bg.y, 1);
      await inp.circle(bg.x, bg.y, 200, 3000);
      inp.send('mouseReleased', bg.x, bg.y, 0);
      out[key + 'InputLagMs'] = await inp.drain();
    });
  }

  // zoom: wheel at the centre, 1.5 s out (to about the whole map), 1.5 s back in
  out.ttfrDetail.push(await load(page, detail));
  {
    const inp = input(cdp);
    inp.send('mouseMoved', 640, 400, 0);
    await inp.drain();
    out.zoom = await frames(page, async () => {
      for (const dy of [20, -20]) {
        const t0 = Date.now();
        while (Date.now() - t0 < 1500) { inp.send('mouseWheel', 640, 400, 0, { deltaX: 0, deltaY: dy }); await sleep(25); }
      }
      out.zoomInputLagMs = await inp.drain();
    });
  }

  // drag one card (the one nearest the centre) in a 150 px circle for 3 s; B also without putting
  // the dragged card and its relations on their own layer (?promote=0; A ignores the parameter)
  for (const [key, url] of [['drag', detail], ['dragNoPromote', detail + '&promote=0']]) {
    out.ttfrDetail.push(await load(page, url));
    const c = await page.evaluate(() => {
      let best = null;
      for (const el of document.querySelectorAll('[data-card-id]')) {
        const r = el.getBoundingClientRect();
        const d = Math.hypot(r.x + r.width / 2 - 640, r.y + r.height / 2 - 400);
        if (!best || d < best.d) best = { d, x: r.x + r.width / 2, y: r.y + r.height / 2, id: el.dataset.cardId };
      }
      return best;
    });
    const inp = input(cdp);
    inp.send('mouseMoved', c.x, c.y, 0);
    await inp.drain();
    let mid;
    out[key] = await frames(page, async () => {
      inp.send('mousePressed', c.x, c.y, 1);
      await inp.circle(c.x, c.y, 150, 750); // half a turn: the card should be ~300 px higher
      await inp.drain();
      mid = await page.evaluate((id) => document.querySelector(`[data-card-id="${id}"]`).getBoundingClientRect().y, c.id);
      await inp.circle(c.x, c.y, 150, 2250);
      inp.send('mouseReleased', c.x, c.y, 0);
      out[key + 'InputLagMs'] = await inp.drain();
    });
    out[key + 'CardMovedPx'] = Math.round(c.y - 30 - mid);
  }

  // 50 remote updates/s for 3 s (150 updates), detail view and whole-map view
  for (const [key, url] of [['remoteDetail', detail], ['remoteFit', fit]]) {
    const t = await load(page, url);
    if (key === 'remoteFit') { out.ttfrFit = t; out.memFit = await heapAndDom(page, cdp); }
    let costs;
    out[key] = await frames(page, async () => { costs = await page.evaluate(() => __bench.remote(150, 20)); });
    out[key].updateMsP50 = pct(costs, 50);
    out[key].updateMsP95 = pct(costs, 95);
  }
  await ctx.close();
  return out;
}

const runs = Object.fromEntries(VARIANTS.map((v) => [v.name, []]));
for (let round = 1; round <= ROUNDS; round++) {
  for (const v of VARIANTS) {
    const r = await runVariant(v);
    runs[v.name].push(r);
    console.error(`round ${round} ${v.name}: ttfr ${r.ttfrDetail.map((x) => x.toFixed(0)).join('/')} pan p95 ${r.pan.p95.toFixed(1)} (${r.pan.transformChanges} moves, lag ${r.panInputLagMs}) noWC p50 ${r.panNoWillChange.p50.toFixed(1)} zoom p95 ${r.zoom.p95.toFixed(1)} (${r.zoom.transformChanges}) drag p95 ${r.drag.p95.toFixed(1)} (moved ${r.dragCardMovedPx}) noPromote p95 ${r.dragNoPromote.p95.toFixed(1)} zoom p95 ${r.zoom.p95.toFixed(1)} drag p95 ${r.drag.p95.toFixed(1)} remote p95 ${r.remoteDetail.p95.toFixed(1)}/${r.remoteFit.p95.toFixed(1)}`);
  }
}
await browser.close();
await server.close();

// medians over rounds (ttfrDetail: median over all 4 loads of all rounds)
const M = (name, f) => median(runs[name].map(f));
const rows = [
  ['load → visible cards painted, detail view (ms)', (n) => median(runs[n].flatMap((r) => r.ttfrDetail))],
  ['load → visible cards painted, whole map (ms)', (n) => M(n, (r) => r.ttfrFit)],
  ['pan 3 s: frame p50 (ms)', (n) => M(n, (r) => r.pan.p50)],
  ['pan 3 s: frame p95 (ms)', (n) => M(n, (r) => r.pan.p95)],
  ['pan, layer not composited (no will-change): frame p50 (ms)', (n) => M(n, (r) => r.panNoWillChange.p50)],
  ['pan, layer not composited: frame p95 (ms)', (n) => M(n, (r) => r.panNoWillChange.p95)],
  ['zoom 3 s: frame p50 (ms)', (n) => M(n, (r) => r.zoom.p50)],
  ['zoom 3 s: frame p95 (ms)', (n) => M(n, (r) => r.zoom.p95)],
  ['drag card 3 s: frame p50 (ms)', (n) => M(n, (r) => r.drag.p50)],
  ['drag card 3 s: frame p95 (ms)', (n) => M(n, (r) => r.drag.p95)],
  ['drag, dragged card not on its own layer (B: ?promote=0): frame p50 (ms)', (n) => M(n, (r) => r.dragNoPromote.p50)],
  ['drag, not on its own layer: frame p95 (ms)', (n) => M(n, (r) => r.dragNoPromote.p95)],
  ['50 remote upd/s, detail: frame p95 (ms)', (n) => M(n, (r) => r.remoteDetail.p95)],
  ['50 remote upd/s, detail: long tasks (count)', (n) => M(n, (r) => r.remoteDetail.longtasks)],
  ['50 remote upd/s, detail: ms per update p50', (n) => M(n, (r) => r.remoteDetail.updateMsP50)],
  ['50 remote upd/s, whole map: frame p95 (ms)', (n) => M(n, (r) => r.remoteFit.p95)],
  ['50 remote upd/s, whole map: long tasks (count)', (n) => M(n, (r) => r.remoteFit.longtasks)],
  ['50 remote upd/s, whole map: ms per update p50', (n) => M(n, (r) => r.remoteFit.updateMsP50)],
  ['JS heap after load, detail (MB)', (n) => M(n, (r) => r.memDetail.heapMB)],
  ['JS heap after load, whole map (MB)', (n) => M(n, (r) => r.memFit.heapMB)],
  ['DOM elements, detail', (n) => M(n, (r) => r.memDetail.elements)],
  ['DOM elements, whole map', (n) => M(n, (r) => r.memFit.elements)],
  ['rendered cards / relations, detail', (n) => `${M(n, (r) => r.memDetail.cards)} / ${M(n, (r) => r.memDetail.relations)}`]
];
const bA = bundle('a.html'), bB = bundle('b.html');
const fmt = (x) => (typeof x === 'string' ? x : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const lines = [`Chromium ${version}, ${ROUNDS} rounds, medians`, '| metric | A: Svelte Flow (culling on) | B: own layer | B/A | A0: Svelte Flow, culling off |', '|---|---|---|---|---|'];
for (const [label, f] of rows) {
  const a = f('A'), b = f('B'), a0 = f('A0');
  lines.push(`| ${label} | ${fmt(a)} | ${fmt(b)} | ${typeof a === 'number' && a ? (b / a).toFixed(2) : '–'} | ${fmt(a0)} |`);
}
lines.push(`| JS gzip (kB) | ${(bA.jsGzip / 1024).toFixed(1)} | ${(bB.jsGzip / 1024).toFixed(1)} | ${(bB.jsGzip / bA.jsGzip).toFixed(2)} | same as A |`);
lines.push(`| CSS gzip (kB) | ${(bA.cssGzip / 1024).toFixed(1)} | ${(bB.cssGzip / 1024).toFixed(1)} | | |`);
console.log(lines.join('\n'));
writeFileSync('bench/results.json', JSON.stringify({ chromium: version, date: new Date().toISOString(), bundles: { A: bA, B: bB }, runs }, null, 2));
