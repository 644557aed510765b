import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { readFileSync } from 'node:fs';
// Diagnostic: traces 1.5 s of dragging the centre card (mode drag) or panning (mode pan) and prints
// where the time went per thread. Usage: node bench/trace.mjs 'b.html?view=detail' [drag|pan]
const mode = process.argv[3] ?? 'drag';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const server = await preview({ root: '/work/spike-map', preview: { port: 4175 }, logLevel: 'silent' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const cdp = await page.context().newCDPSession(page);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
await page.goto('http://localhost:4175/' + process.argv[2]);
await page.waitForFunction(() => window.__bench?.ready);
const c = mode === 'pan' ? { x: 700, y: 760 } : await page.evaluate(() => { let best=null; for (const el of document.querySelectorAll('[data-card-id]')) { const r = el.getBoundingClientRect(); const d = Math.hypot(r.x + r.width/2 - 640, r.y + r.height/2 - 400); if (!best || d < best.d) best = { d, id: el.dataset.cardId, x: r.x + r.width / 2, y: r.y + r.height / 2 }; } return best; });
const send = (type, x, y, buttons) => cdp.send('Input.dispatchMouseEvent', { type, x, y, buttons, button: buttons || type !== 'mouseMoved' ? 'left' : 'none', clickCount: type === 'mouseMoved' ? 0 : 1 });
await send('mouseMoved', c.x, c.y, 0);
await send('mousePressed', c.x, c.y, 1);
await browser.startTracing(page, { path: '/tmp/trace.json', categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'cc', 'benchmark', 'toplevel'] });
const R = mode === 'pan' ? 200 : 150;
const t0 = Date.now(); const pend = [];
while (Date.now() - t0 < 1500) { const a = (Date.now() - t0) / 1500 * 2 * Math.PI; pend.push(send('mouseMoved', c.x + R * Math.sin(a), c.y - R + R * Math.cos(a), 1)); await sleep(10); }
await Promise.all(pend);
await browser.stopTracing();
await send('mouseReleased', c.x, c.y, 0);
await browser.close(); await server.close();
const ev = JSON.parse(readFileSync('/tmp/trace.json')).traceEvents;
const threads = {}; for (const e of ev) if (e.name === 'thread_name') threads[e.pid + ':' + e.tid] = e.args.name;
const agg = {};
for (const e of ev) if (e.ph === 'X' && e.dur) { const k = (threads[e.pid + ':' + e.tid] || e.tid) + ' ' + e.name; agg[k] = (agg[k] || 0) + e.dur / 1000; }
console.log(Object.entries(agg).sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => v.toFixed(0).padStart(6) + ' ms ' + k).join('\n'));
