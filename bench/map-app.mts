/**
 * Benchmark of the real stakeholder map (the built app, not a spike page) at a reference size and a
 * big size in the same run: N stakeholders spread over the five sectors and 2N relations.
 *
 *   npm run build && npm run bench:map
 *   npm run bench:map -- --ref 50 --big 500 --rounds 3
 *
 * It builds nothing: it starts `node dist-server/server/main.js` (the production server, on a free
 * port, with a throwaway DATA_DIR), creates a workshop through the HTTP API, seeds one board per
 * size through a stock y-websocket client writing with src/lib/board/stakeholders.ts, puts a saved
 * facilitator session into Debian's Chromium and opens /b/<boardId>. For each round it visits the
 * reference board and then the big one (alternating, so drift of the machine hits both), and
 * reports medians over the rounds with the big/reference ratio:
 *
 *   - navigation → first stakeholder cards painted (a fresh browser context: no offline copy);
 *   - JS heap (after a forced GC) and DOM nodes/elements at the first view (the whole map, fitted);
 *   - 50 remote edits/s for 3 s from a Node client moving random cards, at the whole-map view:
 *     frame p50/p95 (rAF deltas), long tasks, and how many card moves the page showed;
 *   - pan: a 3 s circular mouse drag on empty map at about zoom 1 (detail view);
 *   - zoom: ctrl+wheel at the centre out past the whole map and back, the same input on both boards:
 *     frame times, the zoom reached, and how far input fell behind.
 *
 * Input goes through Chromium's real input path (CDP Input.dispatchMouseEvent), sent at ~100 Hz
 * without awaiting each event (awaiting would cap the input rate at the frame rate being measured;
 * see bench/map-rendering/README.md). Results: a table on stdout and bench/map-app/results-<date>.md.
 *
 * Cards are found by `[data-testid="stakeholder-card"], [data-testid="map-card"]` (override with
 * --card-selector). If the map renders no cards (a placeholder), load and card figures are empty
 * and the report says so; the rest still runs, so the harness itself is proven end to end.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { HELIXES, RELATION_KINDS, type Helix } from '../src/lib/board/schema.js';
import { arrangeInSector, helixOfCardAt } from '../src/lib/board/sectors.js';
import { connectStock, createWorkshop, emptyPoint, input, percentile, ROOT, rng, sleep, startBuiltServer, type Server, type StockClient, type Workshop } from './browserKit.mjs';
import { addRelation, addStakeholder, moveStakeholders, readRelations, readStakeholders } from '../src/lib/board/stakeholders.js';


// ── options ──────────────────────────────────────────────────────────────────

function option(name: string, fallback: string): string {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}
const REF_N = Number(option('ref', '50'));
const BIG_N = Number(option('big', '500'));
const ROUNDS = Number(option('rounds', '3'));
/** Unmeasured visits first (one of each board): the first page of a fresh Chromium pays for its caches. */
const WARMUP = Number(option('warmup', '1'));
const CARD_SELECTOR = option('card-selector', '[data-testid="stakeholder-card"], [data-testid="map-card"]');
const VIEWPORT_SELECTOR = option('viewport-selector', '[data-testid="map-viewport"], [data-testid="map-view"]');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREEN = { width: 1280, height: 800 };
const REMOTE_RATE = 50;
const GESTURE_MS = 3000;
const OUT_DIR = path.join(ROOT, 'bench', 'map-app');
/** Ctrl+wheel steps of the zoom gesture: 34 × deltaY 10 is 3.4 halvings at the map's 0.01/px (zoom 1 → 0.09). */
const ZOOM_EVENTS = 34;
const ZOOM_DELTA = 10;

const log = (...args: unknown[]) => console.error('[bench:map]', ...args);

const median = (values: (number | null)[]) => percentile(values.filter((v): v is number => v !== null), 50);

// ── the server ───────────────────────────────────────────────────────────────

function checkBuilt(): string[] {
	const needed = ['dist-server/server/main.js', 'build/handler.js'];
	const missing = needed.filter((file) => !fs.existsSync(path.join(ROOT, file)));
	if (missing.length) {
		console.error(`bench:map needs a build (missing ${missing.join(', ')}): run \`npm run build\` first.`);
		process.exit(2);
	}
	// A build older than the map's sources measures yesterday's map: say so in the report.
	const built = fs.statSync(path.join(ROOT, 'build/handler.js')).mtimeMs;
	const newer: string[] = [];
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const file = path.join(dir, entry.name);
			if (entry.isDirectory()) {
				if (entry.name !== 'paraglide') walk(file);
			} else if (fs.statSync(file).mtimeMs > built) newer.push(path.relative(ROOT, file));
		}
	};
	walk(path.join(ROOT, 'src'));
	return newer;
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuSeconds(pid: number | undefined): number | null {
	if (!pid) return null;
	try {
		const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
	} catch {
		return null;
	}
}

// ── seeding through a stock Yjs client ──────────────────────────────────────

/** Mixed-script names as a mixed class writes them (the fonts are part of what a page costs). */
const NAME_STEMS = ['Dinas Kominfo', '서울시 디지털정책과', 'Алматы әкімдігі', 'Улаанбаатар хотын захиргаа', 'Universitas Riau', 'Karang Taruna', 'Radio Suara'];

/**
 * N stakeholders, N/5 per helix on the sector grid arrangeInSector gives, and 2N relations between
 * distinct pairs (65 % within a sector, the rest across), all kinds. A few transactions, not one per
 * card: the server rate-limits frames per connection.
 */
function seed(doc: Y.Doc, n: number, random: () => number): void {
	const byHelix = new Map<Helix, string[]>();
	HELIXES.forEach((helix, h) => {
		const count = Math.floor(n / HELIXES.length) + (h < n % HELIXES.length ? 1 : 0);
		const slots = arrangeInSector(helix, count);
		const ids: string[] = [];
		doc.transact(() => {
			slots.forEach((slot, i) => {
				ids.push(
					addStakeholder(doc, {
						name: `${NAME_STEMS[(h * 3 + i) % NAME_STEMS.length]} ${i + 1}`,
						helix,
						organization: `Org ${h}-${i}`,
						role: 'Kepala bidang',
						power: Math.round(random() * 100),
						interest: Math.round(random() * 100),
						attitude: (['champion', 'supporter', 'neutral', 'skeptic', 'blocker'] as const)[Math.floor(random() * 5)],
						...slot
					})
				);
			});
		});
		byHelix.set(helix, ids);
	});
	const all = [...byHelix.values()].flat();
	const pairs = new Set<string>();
	const target = 2 * n;
	const pick = (list: string[]) => list[Math.floor(random() * list.length)];
	while (pairs.size < target) {
		doc.transact(() => {
			for (let k = 0; k < 200 && pairs.size < target; k++) {
				const from = pick(all);
				const sameSector = random() < 0.65;
				const helix = HELIXES.find((h) => byHelix.get(h)!.includes(from))!;
				const to = sameSector ? pick(byHelix.get(helix)!) : pick(all);
				const key = from < to ? `${from}:${to}` : `${to}:${from}`;
				if (from === to || pairs.has(key)) continue;
				pairs.add(key);
				addRelation(doc, { from, to, kind: RELATION_KINDS[Math.floor(random() * RELATION_KINDS.length)] });
			}
		});
	}
}

/** Moves random cards to random spots within their own sector, REMOTE_RATE times a second. */
async function remoteEdits(client: StockClient, ms: number, random: () => number): Promise<number> {
	const cards = readStakeholders(client.doc);
	let sent = 0;
	const start = Date.now();
	for (let i = 0; Date.now() - start < ms; i++) {
		const wait = start + (i * 1000) / REMOTE_RATE - Date.now();
		if (wait > 0) await sleep(wait);
		const card = cards[Math.floor(random() * cards.length)];
		for (let attempt = 0; attempt < 8; attempt++) {
			const x = Math.round(card.x + (random() - 0.5) * 160);
			const y = Math.round(card.y + (random() - 0.5) * 160);
			if (card.helix && helixOfCardAt(x, y) !== card.helix) continue;
			moveStakeholders(client.doc, [{ id: card.id, x, y }]);
			card.x = x;
			card.y = y;
			sent++;
			break;
		}
	}
	return sent;
}

// ── in-page probes ──────────────────────────────────────────────────────────

/**
 * Installed before any page script: frame deltas (rAF), long tasks, the card count over time
 * (polled each frame: the first frame that shows cards, and when the count settled), and card
 * moves seen (attribute changes on card elements).
 */
function probeScript({ cardSelector, viewportSelector }: { cardSelector: string; viewportSelector: string }): void {
	const probe = {
		watching: true,
		/** Zoom extremes seen while frames were recorded (from the map's data-zoom, when it has one). */
		minZoom: null as number | null,
		maxZoom: null as number | null,
		cardsAtMinZoom: 0,
		cardTimes: [] as { t: number; count: number; painted: number | null }[],
		firstCardsPainted: null as number | null,
		longtasks: [] as { start: number; duration: number }[],
		frames: null as number[] | null,
		cardMutations: 0
	};
	(window as unknown as { __mapBench: unknown }).__mapBench = {
		probe,
		startFrames() {
			probe.watching = false; // the load is over: stop counting cards every frame
			probe.frames = [];
			probe.longtasks.length = 0;
			probe.cardMutations = 0;
			probe.minZoom = probe.maxZoom = null;
			probe.cardsAtMinZoom = 0;
			let last = performance.now();
			const frames = probe.frames;
			// The element of the map that says its zoom (data-zoom), if any matches the selector.
			const viewport = [...document.querySelectorAll(viewportSelector)].find((el) => el.hasAttribute('data-zoom')) ?? null;
			const tick = (t: number) => {
				if (probe.frames !== frames) return;
				frames.push(t - last);
				last = t;
				const zoom = Number(viewport?.getAttribute('data-zoom'));
				if (Number.isFinite(zoom) && zoom > 0) {
					if (probe.minZoom === null || zoom < probe.minZoom) {
						probe.minZoom = zoom;
						probe.cardsAtMinZoom = document.querySelectorAll(cardSelector).length;
					}
					if (probe.maxZoom === null || zoom > probe.maxZoom) probe.maxZoom = zoom;
				}
				requestAnimationFrame(tick);
			};
			requestAnimationFrame((t) => {
				last = t;
				requestAnimationFrame(tick);
			});
		},
		stopFrames() {
			const result = {
				deltas: probe.frames ?? [],
				longtasks: [...probe.longtasks],
				cardMutations: probe.cardMutations,
				minZoom: probe.minZoom,
				cardsAtMinZoom: probe.cardsAtMinZoom
			};
			probe.frames = null;
			return result;
		}
	};
	try {
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries()) probe.longtasks.push({ start: entry.startTime, duration: entry.duration });
		}).observe({ type: 'longtask', buffered: true });
	} catch {
		// no long-task timing in this browser
	}
	let lastCount = -1;
	const watch = () => {
		const count = document.querySelectorAll(cardSelector).length;
		const now = performance.now();
		if (count !== lastCount) {
			// This frame is about to paint the change; the next frame's callback runs after that paint.
			const entry = { t: now, count, painted: null as number | null };
			probe.cardTimes.push(entry);
			requestAnimationFrame((t) => (entry.painted = t));
			if (count > 0 && probe.firstCardsPainted === null) requestAnimationFrame((t) => (probe.firstCardsPainted ??= t));
			lastCount = count;
		}
		if (probe.watching && now < 60_000) requestAnimationFrame(watch);
	};
	requestAnimationFrame(watch);
	// A move may touch several attributes of a card at once: count each card once per batch.
	new MutationObserver((records) => {
		const moved = new Set<Node>();
		for (const record of records) {
			if (record.target instanceof Element && record.target.matches(cardSelector)) moved.add(record.target);
		}
		probe.cardMutations += moved.size;
	}).observe(document, { subtree: true, attributes: true, attributeFilter: ['style', 'data-x', 'data-y', 'transform'] });
}

interface FrameStats {
	p50: number | null;
	p95: number | null;
	frames: number;
	longtasks: number;
	longtaskMs: number;
	cardMutations: number;
	minZoom: number | null;
	cardsAtMinZoom: number;
}

async function measureFrames(page: Page, drive: () => Promise<void>): Promise<FrameStats> {
	await page.evaluate(() => (window as unknown as { __mapBench: { startFrames(): void } }).__mapBench.startFrames());
	await drive();
	const r = await page.evaluate(() =>
		(
			window as unknown as {
				__mapBench: { stopFrames(): { deltas: number[]; longtasks: { duration: number }[]; cardMutations: number; minZoom: number | null; cardsAtMinZoom: number } };
			}
		).__mapBench.stopFrames()
	);
	return {
		p50: percentile(r.deltas, 50),
		p95: percentile(r.deltas, 95),
		frames: r.deltas.length,
		longtasks: r.longtasks.length,
		longtaskMs: r.longtasks.reduce((sum, l) => sum + l.duration, 0),
		cardMutations: r.cardMutations,
		minZoom: r.minZoom,
		cardsAtMinZoom: r.cardsAtMinZoom
	};
}

/** The map's zoom: the viewport's data-zoom when it has one, else a card's on-screen width / 200. */
async function zoomOf(page: Page): Promise<number | null> {
	return page.evaluate(
		({ cards, viewport }) => {
			const zoom = Number([...document.querySelectorAll(viewport)].find((el) => el.hasAttribute('data-zoom'))?.getAttribute('data-zoom'));
			if (Number.isFinite(zoom) && zoom > 0) return zoom;
			const card = document.querySelector(cards);
			return card ? card.getBoundingClientRect().width / 200 : null;
		},
		{ cards: CARD_SELECTOR, viewport: VIEWPORT_SELECTOR }
	);
}

/** Middle of the map on screen. */
async function mapCentre(page: Page): Promise<{ x: number; y: number }> {
	const box = await page.locator(VIEWPORT_SELECTOR).first().boundingBox();
	return box ? { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) } : { x: SCREEN.width / 2, y: SCREEN.height / 2 };
}

async function memory(page: Page, cdp: CDPSession) {
	await cdp.send('HeapProfiler.collectGarbage');
	const { usedSize } = await cdp.send('Runtime.getHeapUsage');
	const counters = await cdp.send('Memory.getDOMCounters');
	const dom = await page.evaluate((cards) => ({ elements: document.getElementsByTagName('*').length, cards: document.querySelectorAll(cards).length }), CARD_SELECTOR);
	return { heapMB: usedSize / 2 ** 20, nodes: counters.nodes, ...dom };
}

// ── one visit of one board ──────────────────────────────────────────────────

interface Visit {
	loadMs: number | null;
	settledMs: number | null;
	cardsAtLoad: number;
	fitZoom: number | null;
	memFit: Awaited<ReturnType<typeof memory>>;
	remote: FrameStats & { sent: number; generatorCpuPct: number; serverCpuPct: number | null };
	detailZoom: number | null;
	/** moved: the map's data-pan-x changed mid-gesture (null when the map does not expose it). */
	pan: (FrameStats & { inputLagMs: number; moved: boolean | null }) | null;
	zoom: FrameStats & { inputLagMs: number; startZoom: number | null; backZoom: number | null };
	memDetail: Awaited<ReturnType<typeof memory>>;
	fontFiles: number;
}

interface BoardUnderTest {
	n: number;
	boardId: string;
	remote: StockClient;
}

async function visit(browser: Browser, server: Server, workshop: Workshop, board: BoardUnderTest, round: number): Promise<Visit> {
	const context = await browser.newContext({ viewport: SCREEN, locale: 'en-US' });
	const session = {
		workshopId: workshop.workshopId,
		title: workshop.title,
		role: 'facilitator',
		token: workshop.facilitatorToken,
		name: 'Bench',
		boardId: null,
		joinCode: workshop.joinCode,
		boards: workshop.boards,
		savedAt: Date.now()
	};
	// tsx (esbuild, keepNames) wraps named functions in __name(...); functions this script hands to
	// the page carry that call, so the page gets a do-nothing __name first.
	await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
	await context.addInitScript((s) => localStorage.setItem('helixboard:sessions', JSON.stringify([s])), session);
	await context.addInitScript(probeScript, { cardSelector: CARD_SELECTOR, viewportSelector: VIEWPORT_SELECTOR });
	const page = await context.newPage();
	const cdp = await context.newCDPSession(page);
	const fonts = new Set<string>();
	page.on('request', (r) => r.resourceType() === 'font' && fonts.add(r.url()));
	page.on('pageerror', (error) => log(`N=${board.n} page error: ${error.message}`));
	page.on('response', (r) => r.status() >= 400 && log(`N=${board.n} ${r.status()} ${r.url()}`));

	// ── load ──
	await page.goto(`${server.url}/b/${board.boardId}`);
	await page.locator('html[data-hydrated="true"]').waitFor({ timeout: 30_000 });
	let loadMs: number | null = null;
	try {
		await page.waitForFunction(
			() => (window as unknown as { __mapBench: { probe: { firstCardsPainted: number | null } } }).__mapBench.probe.firstCardsPainted !== null,
			null,
			{ timeout: 30_000 }
		);
		loadMs = await page.evaluate(() => (window as unknown as { __mapBench: { probe: { firstCardsPainted: number } } }).__mapBench.probe.firstCardsPainted);
	} catch {
		log(`round ${round}, N=${board.n}: no element matching ${CARD_SELECTOR} within 30 s (placeholder map?)`);
	}
	await page.waitForTimeout(1500);
	const cardTimes = await page.evaluate(
		() => (window as unknown as { __mapBench: { probe: { cardTimes: { t: number; count: number; painted: number | null }[] } } }).__mapBench.probe.cardTimes
	);
	const final = cardTimes.at(-1);
	const settled = final && final.count > 0 ? cardTimes.find((c) => c.count === final.count)! : null;
	const settledMs = settled ? (settled.painted ?? settled.t) : null;
	const cardsAtLoad = final?.count ?? 0;
	const fitZoom = await zoomOf(page);
	const memFit = await memory(page, cdp);

	// ── 50 remote edits/s at the whole-map view ──
	const random = rng(1000 * round + board.n);
	let sent = 0;
	const cpuBefore = process.cpuUsage();
	const serverBefore = cpuSeconds(server.process.pid);
	const wallBefore = Date.now();
	const remote = await measureFrames(page, async () => {
		sent = await remoteEdits(board.remote, GESTURE_MS, random);
		await sleep(300); // the last edits' frames
	});
	const wall = (Date.now() - wallBefore) / 1000;
	const cpu = process.cpuUsage(cpuBefore);
	const serverAfter = cpuSeconds(server.process.pid);

	// ── zoom in to about 1 (detail view), not measured ──
	const centre = await mapCentre(page);
	{
		const inp = input(cdp);
		inp.send('mouseMoved', centre.x, centre.y, 0);
		for (let i = 0; i < 40; i++) {
			const k = await zoomOf(page);
			if (k === null || k >= 0.95) break;
			inp.send('mouseWheel', centre.x, centre.y, 0, { deltaX: 0, deltaY: -Math.min(35, (Math.log2(1 / k) / 0.01) | 0 || 1), modifiers: 2 });
			await inp.drain();
			await sleep(60);
		}
		await sleep(500);
	}
	const detailZoom = await zoomOf(page);

	// ── pan: drag empty map in a 200 px circle for 3 s ──
	let pan: Visit['pan'] = null;
	const bg = await emptyPoint(page, { cards: CARD_SELECTOR, viewport: VIEWPORT_SELECTOR });
	if (bg) {
		const panX = () =>
			page.evaluate((sel) => [...document.querySelectorAll(sel)].find((el) => el.hasAttribute('data-pan-x'))?.getAttribute('data-pan-x') ?? null, VIEWPORT_SELECTOR);
		const panBefore = await panX();
		let panMid: string | null = null;
		const inp = input(cdp);
		inp.send('mouseMoved', bg.x, bg.y, 0);
		await inp.drain();
		let inputLagMs = 0;
		const stats = await measureFrames(page, async () => {
			inp.send('mousePressed', bg.x, bg.y, 1);
			await inp.circle(bg.x, bg.y, 200, 750);
			panMid = await panX();
			await inp.circle(bg.x, bg.y, 200, GESTURE_MS - 750);
			inp.send('mouseReleased', bg.x, bg.y, 0);
			inputLagMs = await inp.drain();
		});
		pan = { ...stats, inputLagMs, moved: panBefore !== null ? panMid !== panBefore : null };
	} else {
		log(`round ${round}, N=${board.n}: no empty spot on the map to pan from`);
	}
	await sleep(400);

	const memDetail = await memory(page, cdp);

	// ── zoom: ctrl+wheel at the centre, out past the whole map and back, the same input for both ──
	// ZOOM_EVENTS wheel events out, then as many back in, one every 50 ms, not awaited (a wheel keeps
	// turning while the page lags; Chromium queues and coalesces). If the page takes every step the
	// zoom ends where it started; the zoom reached, and how far the input queue fell behind, are
	// reported beside the frame times.
	const zoomStart = await zoomOf(page);
	let zoomLag = 0;
	const zoom = await measureFrames(page, async () => {
		const inp = input(cdp);
		inp.send('mouseMoved', centre.x, centre.y, 0);
		for (const deltaY of [ZOOM_DELTA, -ZOOM_DELTA]) {
			for (let i = 0; i < ZOOM_EVENTS; i++) {
				inp.send('mouseWheel', centre.x, centre.y, 0, { deltaX: 0, deltaY, modifiers: 2 });
				await sleep(50);
			}
		}
		zoomLag = await inp.drain();
		await sleep(300);
	});
	await sleep(400);
	const backZoom = await zoomOf(page);
	await context.close();

	const visitResult: Visit = {
		loadMs,
		settledMs,
		cardsAtLoad,
		fitZoom,
		memFit,
		remote: {
			...remote,
			sent,
			generatorCpuPct: (100 * (cpu.user + cpu.system)) / 1e6 / wall,
			serverCpuPct: serverBefore !== null && serverAfter !== null ? (100 * (serverAfter - serverBefore)) / wall : null
		},
		detailZoom,
		pan,
		zoom: { ...zoom, inputLagMs: zoomLag, startZoom: zoomStart, backZoom },
		memDetail,
		fontFiles: fonts.size
	};
	return visitResult;
}

// ── report ──────────────────────────────────────────────────────────────────

type Row = [label: string, get: (v: Visit) => number | null | undefined, digits?: number];

const ROWS: Row[] = [
	['navigation → first cards painted (ms)', (v) => v.loadMs, 0],
	['navigation → all cards of the first view painted (ms)', (v) => v.settledMs, 0],
	['cards in the DOM at the first view (whole map)', (v) => v.cardsAtLoad, 0],
	['zoom of the first view (fit)', (v) => v.fitZoom, 2],
	['JS heap after GC, whole map (MB)', (v) => v.memFit.heapMB, 1],
	['DOM nodes (CDP), whole map', (v) => v.memFit.nodes, 0],
	['DOM elements, whole map', (v) => v.memFit.elements, 0],
	['50 remote edits/s, whole map: frame p50 (ms)', (v) => v.remote.p50, 1],
	['50 remote edits/s, whole map: frame p95 (ms)', (v) => v.remote.p95, 1],
	['50 remote edits/s: long tasks (count in ~3.3 s)', (v) => v.remote.longtasks, 0],
	['50 remote edits/s: long task time (ms)', (v) => v.remote.longtaskMs, 0],
	['50 remote edits/s: edits sent / card moves seen in DOM', (v) => v.remote.sent, 0],
	['', (v) => v.remote.cardMutations, 0],
	['50 remote edits/s: server CPU (%)', (v) => v.remote.serverCpuPct, 0],
	['50 remote edits/s: bench process CPU (%)', (v) => v.remote.generatorCpuPct, 0],
	['detail view zoom reached', (v) => v.detailZoom, 2],
	['pan 3 s at detail: frame p50 (ms)', (v) => v.pan?.p50, 1],
	['pan 3 s at detail: frame p95 (ms)', (v) => v.pan?.p95, 1],
	['pan: long tasks (count)', (v) => v.pan?.longtasks, 0],
	['pan: input queue lag at the end (ms)', (v) => v.pan?.inputLagMs, 0],
	['pan: the view moved mid-gesture (1 yes, 0 no)', (v) => (v.pan?.moved === null || v.pan === null ? null : Number(v.pan.moved)), 0],
	['zoom out past the whole map and back: frame p50 (ms)', (v) => v.zoom.p50, 1],
	['zoom out past the whole map and back: frame p95 (ms)', (v) => v.zoom.p95, 1],
	['zoom: long tasks (count)', (v) => v.zoom.longtasks, 0],
	['zoom: farthest out shown (fit zoom above)', (v) => v.zoom.minZoom, 2],
	['zoom: cards in the DOM when farthest out', (v) => v.zoom.cardsAtMinZoom, 0],
	['zoom: back to (started at the detail zoom above)', (v) => v.zoom.backZoom, 2],
	['zoom: input queue lag at the end (ms)', (v) => v.zoom.inputLagMs, 0],
	['JS heap after GC, detail (after the pan) (MB)', (v) => v.memDetail.heapMB, 1],
	['DOM nodes (CDP), detail', (v) => v.memDetail.nodes, 0],
	['cards in the DOM, detail', (v) => v.memDetail.cards, 0],
	['font files downloaded', (v) => v.fontFiles, 0]
];

function fmt(value: number | null | undefined, digits = 1): string {
	if (value === null || value === undefined || !Number.isFinite(value)) return '–';
	return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function table(runs: { ref: Visit[]; big: Visit[] }): string {
	const lines = [`| metric | reference N=${REF_N} | big N=${BIG_N} | big/ref |`, '|---|---:|---:|---:|'];
	for (let i = 0; i < ROWS.length; i++) {
		const [label, get, digits] = ROWS[i];
		if (label === '') continue;
		const ref = median(runs.ref.map((v) => get(v) ?? null));
		const big = median(runs.big.map((v) => get(v) ?? null));
		const next = ROWS[i + 1];
		if (next && next[0] === '') {
			// a pair shown in one cell: sent / seen
			const ref2 = median(runs.ref.map((v) => next[1](v) ?? null));
			const big2 = median(runs.big.map((v) => next[1](v) ?? null));
			lines.push(`| ${label} | ${fmt(ref, 0)} / ${fmt(ref2, 0)} | ${fmt(big, 0)} / ${fmt(big2, 0)} | |`);
			continue;
		}
		const ratio = ref !== null && big !== null && ref !== 0 ? (big / ref).toFixed(2) : '–';
		lines.push(`| ${label} | ${fmt(ref, digits)} | ${fmt(big, digits)} | ${ratio} |`);
	}
	return lines.join('\n');
}

function rounds(runs: { ref: Visit[]; big: Visit[] }): string {
	const wanted = ['navigation → first cards painted (ms)', '50 remote edits/s, whole map: frame p95 (ms)', 'pan 3 s at detail: frame p50 (ms)', 'pan 3 s at detail: frame p95 (ms)', 'zoom out past the whole map and back: frame p95 (ms)', 'zoom: farthest out shown (fit zoom above)', 'JS heap after GC, whole map (MB)', 'DOM nodes (CDP), whole map'];
	const picks = wanted.map((label) => ROWS.find((row) => row[0] === label)!);
	const header = `| round | board | ${picks.map((p) => p[0]).join(' | ')} |`;
	const lines = [header, `|---|---|${picks.map(() => '---:').join('|')}|`];
	for (let r = 0; r < ROUNDS; r++) {
		for (const [name, list] of [['ref', runs.ref], ['big', runs.big]] as const) {
			const v = list[r];
			if (v) lines.push(`| ${r + 1} | ${name} | ${picks.map(([, get, digits]) => fmt(get(v), digits)).join(' | ')} |`);
		}
	}
	return lines.join('\n');
}

function git(args: string[]): string {
	try {
		return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
	} catch {
		return 'unknown';
	}
}

// ── main ────────────────────────────────────────────────────────────────────

async function main() {
	const staleSources = checkBuilt();
	const buildVersion = () => fs.readFileSync(path.join(ROOT, 'build/client/_app/version.json'), 'utf8');
	const versionAtStart = buildVersion();
	const buildTime = new Date(fs.statSync(path.join(ROOT, 'build/handler.js')).mtimeMs).toISOString();
	if (staleSources.length) log(`warning: ${staleSources.length} file(s) in src/ are newer than the build, e.g. ${staleSources.slice(0, 3).join(', ')}`);
	const loadAtStart = os.loadavg()[0];
	const server = await startBuiltServer();
	log(`server on ${server.url} (DATA_DIR ${server.dataDir})`);
	const cleanUp: (() => void)[] = [];
	let browser: Browser | null = null;
	try {
		const workshop = await createWorkshop(server, 'Map benchmark', [`Reference ${REF_N}`, `Big ${BIG_N}`]);
		const boards: BoardUnderTest[] = [];
		for (const [i, n] of [REF_N, BIG_N].entries()) {
			const boardId = workshop.boards[i].boardId;
			const writer = await connectStock(server, boardId, workshop.facilitatorToken);
			const started = Date.now();
			seed(writer.doc, n, rng(20261129 + n));
			// y-websocket has no acknowledgement: a second client's first sync shows what the server has.
			let stored = 0;
			for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(250)) {
				const check = await connectStock(server, boardId, workshop.facilitatorToken);
				stored = readStakeholders(check.doc).length + readRelations(check.doc).length;
				check.close();
				if (stored === 3 * n) break;
			}
			if (stored !== 3 * n) throw new Error(`board N=${n}: the server has ${stored} of ${3 * n} entities`);
			const bytes = Y.encodeStateAsUpdate(writer.doc).byteLength;
			log(`seeded N=${n}: ${n} stakeholders, ${2 * n} relations, ${(bytes / 1024).toFixed(0)} KiB, in ${Date.now() - started} ms`);
			cleanUp.push(() => writer.close());
			boards.push({ n, boardId, remote: writer });
		}

		browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
		const version = browser.version();
		for (let i = 0; i < WARMUP; i++) for (const board of boards) await visit(browser, server, workshop, board, 0);
		const runs = { ref: [] as Visit[], big: [] as Visit[] };
		for (let round = 1; round <= ROUNDS; round++) {
			for (const board of boards) {
				const v = await visit(browser, server, workshop, board, round);
				(board.n === REF_N ? runs.ref : runs.big).push(v);
				log(
					`round ${round} N=${board.n}: load ${fmt(v.loadMs, 0)} ms (${v.cardsAtLoad} cards), remote p95 ${fmt(v.remote.p95)} ms ` +
						`(${v.remote.longtasks} long tasks, ${v.remote.sent} sent/${v.remote.cardMutations} seen), pan p50/p95 ${fmt(v.pan?.p50)}/${fmt(v.pan?.p95)} ms ` +
						`(moved: ${v.pan?.moved}), zoom p95 ${fmt(v.zoom.p95)} ms (out to ${fmt(v.zoom.minZoom, 2)}, back to ${fmt(v.zoom.backZoom, 2)}, lag ${v.zoom.inputLagMs} ms), heap ${fmt(v.memFit.heapMB)} MB, nodes ${v.memFit.nodes}`
				);
			}
		}

		const rebuilt = buildVersion() !== versionAtStart;
		if (rebuilt) log('note: build/ was rebuilt in the work tree during the run; this run measured the copy taken at its start');
		const noCards = [...runs.ref, ...runs.big].every((v) => v.loadMs === null);
		const date = new Date().toISOString().slice(0, 10);
		const commit = git(['rev-parse', '--short', 'HEAD']);
		const dirtyMap = git(['status', '--porcelain', '--', 'src/lib/components/map']).split('\n').filter(Boolean).length;
		const summary = table(runs);
		const report = [
			`# Map benchmark (the built app), ${date}`,
			'',
			noCards
				? `**No stakeholder cards were rendered** (nothing matched \`${CARD_SELECTOR}\`): the map was a placeholder in this build. Load, card and frame figures below measure an empty map, not the map; the run only shows that the harness works end to end.`
				: `Real map, ${REF_N} vs ${BIG_N} stakeholders (${2 * REF_N} vs ${2 * BIG_N} relations).`,
			'',
			`- Command: \`npm run bench:map -- --ref ${REF_N} --big ${BIG_N} --rounds ${ROUNDS}\` (expects \`npm run build\`)`,
			`- Chromium ${version} headless, ${CHROMIUM_ARGS.join(' ')}, ${SCREEN.width}×${SCREEN.height}; ${os.cpus().length} cores, Node ${process.version}; 1-minute load average ${loadAtStart.toFixed(2)} at the start, ${os.loadavg()[0].toFixed(2)} at the end (other work on the machine shows in every figure)`,
			`- Build of ${buildTime} (copied at the start of the run${rebuilt ? '; the work tree was rebuilt during the run' : ''}), commit ${commit}${dirtyMap ? `, work tree with ${dirtyMap} uncommitted change(s) under src/lib/components/map` : ''}${staleSources.length ? `; **${staleSources.length} file(s) in src/ newer than the build**` : ''}`,
			`- Boards seeded through a stock y-websocket client with src/lib/board/stakeholders.ts: N/5 cards per sector on arrangeInSector's grid, 2N relations (65 % within a sector), all five kinds; names in Latin, Hangul and Cyrillic.`,
			`- Each round opens the reference board, then the big one, each in a fresh browser context (no offline copy) with a saved facilitator session; ${WARMUP} unmeasured warm-up visit(s) of each first, then ${ROUNDS} rounds, medians.`,
			`- First view = the map's own initial view (fits all cards). Remote edits: a Node client moves a random card within its sector ${REMOTE_RATE} times a second for 3 s, at that view. Then the map is zoomed to about 1 with ctrl+wheel (not measured); pan = a 200 px circular drag on empty map for 3 s; zoom = ${ZOOM_EVENTS} ctrl+wheel events (deltaY ${ZOOM_DELTA}, one every 50 ms) at the centre out, then as many back in: from zoom 1 past the big map's whole-map zoom, and back to 1 if the page takes every step. Input is real Chromium input at ~100 Hz, not awaited per event. Frame times are requestAnimationFrame deltas (this box has no GPU: raster is in software).`,
			'',
			summary,
			'',
			'## Per round',
			'',
			rounds(runs),
			''
		].join('\n');
		fs.mkdirSync(OUT_DIR, { recursive: true });
		const file = path.join(OUT_DIR, `results-${date}.md`);
		fs.writeFileSync(file, report);
		console.log(summary);
		if (noCards) console.log(`\nNo cards matched ${CARD_SELECTOR}: the map is a placeholder in this build; figures are of an empty map.`);
		console.log(`\nwritten to ${path.relative(ROOT, file)}`);
	} finally {
		for (const close of cleanUp) close();
		await browser?.close();
		await server.stop();
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	}
);
