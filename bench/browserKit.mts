/**
 * What the browser benchmarks share (bench/browser for issue 7, bench/map-app.mts for decision
 * 007): the built server on a private copy of the build, a workshop, boards seeded through a stock
 * y-websocket client, real input through the DevTools protocol, seeded randomness, percentiles.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CDPSession, Page } from '@playwright/test';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { startServer, type TestServer } from '../tests/helpers/server.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A seeded generator (mulberry32), so every run seeds the same boards. */
export function rng(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function percentile(values: number[], p: number): number | null {
	const finite = values.filter((v) => Number.isFinite(v));
	if (finite.length === 0) return null;
	const sorted = [...finite].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export type Server = Omit<TestServer, 'stop'> & { stop(): Promise<void> };

/**
 * The built server (`dist-server/server/main.js`) of `appRoot`, run on a private copy of build/,
 * dist-server/ and package.json (node_modules linked): a rebuild in the work tree during the run
 * cannot mix two builds (the server would keep serving pages whose hashed scripts vanished).
 */
export async function startBuiltServer(appRoot = ROOT): Promise<Server> {
	for (const file of ['dist-server/server/main.js', 'build/handler.js']) {
		if (!fs.existsSync(path.join(appRoot, file))) throw new Error(`the browser benchmarks need a build (missing ${file} in ${appRoot}): run \`npm run build\` first`);
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helixboard-bench-build-'));
	for (const entry of ['build', 'dist-server', 'package.json']) fs.cpSync(path.join(appRoot, entry), path.join(dir, entry), { recursive: true });
	fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
	const server = await startServer({ entry: ['dist-server/server/main.js'], cwd: dir });
	return {
		...server,
		async stop() {
			const timer = setTimeout(() => void server.kill(), 10_000);
			await server.stop();
			clearTimeout(timer);
			fs.rmSync(server.dataDir, { recursive: true, force: true });
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}

export interface Workshop {
	workshopId: string;
	title: string;
	joinCode: string;
	facilitatorToken: string;
	boards: { boardId: string; name: string }[];
}

export async function createWorkshop(server: Server, title: string, names: string[]): Promise<Workshop> {
	const response = await fetch(`${server.url}/api/workshops`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ title, groups: names.length, groupNames: names })
	});
	if (response.status !== 201) throw new Error(`create workshop: ${response.status} ${await response.text()}`);
	return (await response.json()) as Workshop;
}

export interface StockClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	close(): void;
}

/** A stock y-websocket client on /yjs, synced (a large board takes a while to seed and load). */
export async function connectStock(server: Server, boardId: string, token: string): Promise<StockClient> {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${server.wsUrl}/yjs`, boardId, doc, {
		params: { token },
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	const deadline = Date.now() + 60_000;
	while (!provider.synced) {
		if (Date.now() > deadline) throw new Error(`board ${boardId}: stock client did not sync`);
		await sleep(20);
	}
	return { doc, provider, close: () => (provider.destroy(), doc.destroy()) };
}

/** Real input, fire-and-forget at ~100 Hz; drain() waits for the queue and tells how far it lagged. */
export function input(cdp: CDPSession) {
	const pending: Promise<unknown>[] = [];
	const send = (type: 'mouseMoved' | 'mousePressed' | 'mouseReleased' | 'mouseWheel', x: number, y: number, buttons: number, extra: Record<string, unknown> = {}) => {
		pending.push(
			cdp.send('Input.dispatchMouseEvent', {
				type,
				x,
				y,
				buttons,
				button: buttons || (type !== 'mouseMoved' && type !== 'mouseWheel') ? 'left' : 'none',
				clickCount: type === 'mousePressed' || type === 'mouseReleased' ? 1 : 0,
				...extra
			})
		);
	};
	/** A circle through (x0, y0), one turn per 1.5 s, ending where it started. */
	async function circle(x0: number, y0: number, radius: number, ms: number) {
		const start = Date.now();
		for (let t = 0; t < ms; t = Date.now() - start) {
			const a = (t / 1500) * 2 * Math.PI;
			send('mouseMoved', x0 + radius * Math.sin(a), y0 - radius + radius * Math.cos(a), 1);
			await sleep(10);
		}
		send('mouseMoved', x0, y0, 1);
	}
	async function drain() {
		const start = Date.now();
		await Promise.all(pending.splice(0));
		return Date.now() - start;
	}
	return { send, circle, drain };
}

/** A point on the map with no card, relation or map control under it, nearest the map's centre. */
export async function emptyPoint(page: Page, selectors: { cards: string; viewport: string }): Promise<{ x: number; y: number } | null> {
	return page.evaluate(({ cards, viewport }) => {
		const map = document.querySelector(viewport);
		if (!map) return null;
		const r = map.getBoundingClientRect();
		const [cx, cy] = [r.x + r.width / 2, r.y + r.height / 2];
		const candidates: { x: number; y: number; d: number }[] = [];
		for (let y = r.y + 250; y < r.bottom - 40; y += 9) for (let x = r.x + 40; x < r.right - 40; x += 9) candidates.push({ x, y, d: Math.hypot(x - cx, y - cy) });
		candidates.sort((a, b) => a.d - b.d);
		for (const { x, y } of candidates) {
			const el = document.elementFromPoint(x, y);
			if (!el || !map.contains(el)) continue;
			if (el.closest(`${cards}, [data-card-id], [data-relation-id], [data-map-ui], button, a, input, path, line`)) continue;
			return { x: Math.round(x), y: Math.round(y) };
		}
		return null;
	}, selectors);
}
