// In-page measurement hooks shared by both pages (window.__bench).
import { flushSync } from 'svelte';
import { generate, remoteUpdates } from './data.js';

const longtasks = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
} catch {}

let frames = null;
let transformEl = null;
function tick(t) {
  if (!frames) return;
  if (frames.last !== undefined) frames.deltas.push(t - frames.last);
  frames.last = t;
  const tr = transformEl?.style.transform;
  if (tr !== frames.lastTransform) { frames.transformChanges++; frames.lastTransform = tr; }
  requestAnimationFrame(tick);
}

export function installBench({ expectedVisible, applyRemote, transformSelector }) {
  const bench = {
    ready: false,
    startFrames() {
      transformEl = document.querySelector(transformSelector);
      frames = { deltas: [], last: undefined, t0: performance.now(), transformChanges: 0, lastTransform: undefined };
      requestAnimationFrame(tick);
    },
    stopFrames() {
      const f = frames;
      frames = null;
      const t1 = performance.now();
      return {
        deltas: f.deltas,
        transformChanges: f.transformChanges,
        longtasks: longtasks.filter((l) => l.start >= f.t0 && l.start < t1)
      };
    },
    // 50 updates/s: each applied and flushed synchronously, so its script + DOM-update cost is timed.
    remote(count, intervalMs) {
      const updates = remoteUpdates(generate().cards, count);
      return new Promise((resolve) => {
        const costs = [];
        let i = 0;
        const timer = setInterval(() => {
          const t = performance.now();
          applyRemote(updates[i++]);
          flushSync();
          costs.push(performance.now() - t);
          if (i >= updates.length) {
            clearInterval(timer);
            resolve(costs);
          }
        }, intervalMs);
      });
    },
    elementCount: () => document.getElementsByTagName('*').length,
    renderedCards: () => document.querySelectorAll('[data-card-id]').length,
    renderedRelations: () => document.querySelectorAll('path[data-rel]').length
  };
  window.__bench = bench;

  // Time to first render: first frame in which every card inside the viewport is in the DOM and
  // visible (Svelte Flow hides nodes until measured) and relations are drawn; marked one frame later
  // (after that frame was painted).
  function check() {
    let n = 0;
    for (const el of document.querySelectorAll('[data-card-id]')) {
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      const r = el.getBoundingClientRect();
      if (r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight) n++;
    }
    if (n >= expectedVisible && document.querySelector('path[data-rel]')) {
      requestAnimationFrame(() => {
        setTimeout(() => {
          performance.mark('map-ready');
          bench.ready = true;
        }, 0);
      });
    } else requestAnimationFrame(check);
  }
  requestAnimationFrame(check);
}
