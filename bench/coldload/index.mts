/**
 * Issue 7, item 4 (cold load, memory) and its targets of item 6.
 *
 *   npx tsx bench/coldload/index.mts [--smoke] [--profile] [--source] [--json out.json]
 *
 * For a board of 2,000 stakeholders, 4,000 relations, 1,000 actions and 2,000 notes (built with the
 * board model, one small transaction per edit; --smoke: ten times smaller), seeded into a fresh
 * server through a stock y-websocket client (the facilitator's token; one sync step 2):
 *
 *   - bare Yjs: Y.encodeStateAsUpdate(doc) + Y.applyUpdate(newDoc, update) (medians), same run;
 *   - connect → synced of a new client, sequentially: the app's client (BoardReplica over socket.io,
 *     default transports: long-polling, then WebSocket, as the browser) and a stock y-websocket
 *     provider on /yjs; warm (the room is loaded: another connection holds it) and cold (the board
 *     is unloaded: the join loads it from SQLite). Alternated within each round. Ratio to bare.
 *   - server CPU per join (utime+stime of /proc/<pid>/stat around each join, including its close);
 *   - 40 clients joining at once, cold and warm, socket.io and /yjs: protocol-level clients time
 *     connect → the server's sync step 2 received, and the bare applyUpdate median is added to each
 *     ("synced, est."): the 40 decodes of real clients run on 40 devices in parallel, not on the one
 *     core this load generator has;
 *   - memory (second server, fresh): after a full GC in the server (see gc-hook.mjs: --expose-gc and a
 *     SIGUSR2 hook preloaded by the bench only), RSS and heap+external deltas for K large and K small
 *     boards loaded (a raw /yjs connection holds each, without a sync, so only the room costs),
 *     the same after they unloaded (ROOM_GRACE_MS), and per idle socket.io connection (app clients,
 *     synced, presence set) on a small board.
 *
 * The server is the built one (`node dist-server/server/main.js`, on a private copy of the build)
 * when a build exists, else server/main.ts through tsx (--source forces that); pinned to CPU 0 with
 * taskset, this process (all the clients) to CPU 1.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { addAction, addNote, addRelation, addStakeholder, collection, moveNote } from '../../src/lib/board/model.js';
import { keyBetween } from '../../src/lib/board/order.js';
import { ATTITUDES, HELIXES, NOTE_COLORS, RELATION_KINDS } from '../../src/lib/board/schema.js';
import { BoardReplica } from '../../src/lib/sync/BoardReplica.js';
import { syncStep1Frame } from '../../src/lib/sync/frames.js';
import { MessageType, SOCKET_IO_PATH } from '../../src/lib/sync/protocol.js';
import { startServer, type TestServer } from '../../tests/helpers/server.js';
import { machine, type PartResult } from '../report.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HOOK = pathToFileURL(path.join(ROOT, 'bench/coldload/gc-hook.mjs')).href;
const CLK_TCK = 100;

// ── types and options ────────────────────────────────────────────────────────

export interface BoardSize {
	stakeholders: number;
	relations: number;
	actions: number;
	notes: number;
}

export interface ColdloadOptions {
	smoke?: boolean;
	/** Sequential join rounds (each: cold and warm, socket.io and /yjs). */
	rounds?: number;
	/** Repetitions of the bare Yjs measurement. */
	bareRounds?: number;
	/** Clients of the simultaneous join. */
	burstClients?: number;
	burstRounds?: number;
	/** Copies of the large / small board loaded for the memory figures. */
	largeCopies?: number;
	smallCopies?: number;
	/** Idle socket.io connections for the per-connection memory figure. */
	idleConnections?: number;
	/** ROOM_GRACE_MS of the bench servers. */
	graceMs?: number;
	/** Take a CPU profile of the timing server (--cpu-prof) and report its top frames. */
	profile?: boolean;
	/** Run server/main.ts through tsx even when a build exists. */
	source?: boolean;
	size?: BoardSize;
	/** Also measure the reference y-websocket server (@y/websocket-server with y-leveldb), when installed. */
	reference?: boolean;
	log?: (...args: unknown[]) => void;
}

export const LARGE: BoardSize = { stakeholders: 2000, relations: 4000, actions: 1000, notes: 2000 };
export const SMALL: BoardSize = { stakeholders: 40, relations: 60, actions: 20, notes: 30 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const median = (values: number[]) => percentile(values, 50);
const round1 = (v: number) => Math.round(v * 10) / 10;
const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** A seeded generator (mulberry32), so every run builds the same board. */
function rng(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

// ── the board ────────────────────────────────────────────────────────────────

/**
 * Builds the board edit by edit (one transaction per add, as the app makes them; every fourth note
 * is moved once afterwards, so the doc carries overwritten values too) and returns it as one update.
 * It holds no `meta`: the server initialised that when it created the board.
 */
export function buildBoard(size: BoardSize, seed = 7): { update: Uint8Array; transactions: number; buildMs: number } {
	const started = performance.now();
	const random = rng(seed);
	const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)];
	const doc = new Y.Doc();
	let transactions = 0;
	doc.on('update', () => transactions++);
	const ids: string[] = [];
	const words = ['Dinas', 'Bappeda', 'Universitas', 'Komunitas', 'Radio', 'Koperasi', 'Startup', 'Forum'];
	for (let i = 0; i < size.stakeholders; i++) {
		ids.push(
			addStakeholder(doc, {
				name: `${pick(words)} ${pick(words)} ${i}`,
				helix: HELIXES[i % HELIXES.length],
				organization: `Organisation ${i % 300}`,
				role: i % 3 === 0 ? 'Head of unit' : '',
				power: Math.round(random() * 100),
				interest: Math.round(random() * 100),
				attitude: pick(ATTITUDES),
				x: Math.round(random() * 4000),
				y: Math.round(random() * 3000)
			})
		);
	}
	for (let i = 0; i < size.relations; i++) {
		const from = pick(ids);
		let to = pick(ids);
		while (to === from) to = pick(ids);
		addRelation(doc, { from, to, kind: pick(RELATION_KINDS), label: i % 4 === 0 ? 'shares data' : '' });
	}
	let order: string | null = null;
	for (let i = 0; i < size.actions; i++) {
		order = keyBetween(order, null, random);
		addAction(doc, {
			title: `Action ${i}: ${pick(words)} programme`,
			owner: pick(ids),
			partners: [pick(ids), pick(ids)],
			status: pick(['planned', 'in_progress', 'done', 'blocked'] as const),
			start: '2027-01-15',
			end: '2027-06-30',
			order
		});
	}
	const notes: string[] = [];
	for (let i = 0; i < size.notes; i++) {
		notes.push(
			addNote(doc, {
				x: Math.round(random() * 3000),
				y: Math.round(random() * 2000),
				color: pick(NOTE_COLORS),
				author: `Participant ${i % 40}`,
				text: `Idea ${i}: ${pick(words)} should talk to ${pick(words)} about open data`
			})
		);
	}
	for (let i = 0; i < notes.length; i += 4) moveNote(doc, notes[i], Math.round(random() * 3000), Math.round(random() * 2000));
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return { update, transactions, buildMs: performance.now() - started };
}

function counts(doc: Y.Doc): BoardSize {
	return {
		stakeholders: collection(doc, 'stakeholders').size,
		relations: collection(doc, 'relations').size,
		actions: collection(doc, 'actions').size,
		notes: collection(doc, 'notes').size
	};
}

// ── the server ───────────────────────────────────────────────────────────────

interface BenchServer {
	server: TestServer;
	pid: number;
	entry: string;
	profileDir: string | null;
	stop(): Promise<void>;
}

function builtFresh(): { built: boolean; stale: string[] } {
	const main = path.join(ROOT, 'dist-server/server/main.js');
	if (!fs.existsSync(main)) return { built: false, stale: [] };
	const builtAt = fs.statSync(main).mtimeMs;
	const stale: string[] = [];
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const file = path.join(dir, entry.name);
			if (entry.isDirectory()) {
				if (entry.name !== 'paraglide') walk(file);
			} else if (/\.ts$/.test(entry.name) && fs.statSync(file).mtimeMs > builtAt) stale.push(path.relative(ROOT, file));
		}
	};
	walk(path.join(ROOT, 'server'));
	walk(path.join(ROOT, 'src/lib'));
	return { built: true, stale };
}

/** A private copy of the build, so a rebuild in the work tree during the run changes nothing. */
function snapshotBuild(): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helixboard-bench-coldload-'));
	for (const entry of ['dist-server', 'build', 'package.json']) {
		if (fs.existsSync(path.join(ROOT, entry))) fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
	}
	fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
	return dir;
}

function pin(pid: number, cpu: number): boolean {
	if (os.cpus().length < 2) return false;
	try {
		execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

export async function startBenchServer(options: { source: boolean; graceMs: number; profile: boolean }): Promise<BenchServer> {
	const useBuild = !options.source && builtFresh().built;
	const appDir = useBuild ? snapshotBuild() : null;
	const profileDir = options.profile ? fs.mkdtempSync(path.join(os.tmpdir(), 'helixboard-coldload-prof-')) : null;
	const nodeArgs = ['--expose-gc', '--import', HOOK, ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [])];
	const server = await startServer({
		entry: [...nodeArgs, ...(useBuild ? ['dist-server/server/main.js'] : ['--import', 'tsx', 'server/main.ts'])],
		cwd: appDir ?? ROOT,
		env: {
			LOG_LEVEL: 'debug',
			ROOM_GRACE_MS: String(options.graceMs),
			MAX_CONNECTIONS_PER_IP: '100000',
			HELIXBOARD_BENCH_GC_HOOK: '1'
		}
	});
	const pid = server.process.pid!;
	pin(pid, 0);
	return {
		server,
		pid,
		entry: useBuild ? 'node dist-server/server/main.js (private copy of the build)' : 'tsx server/main.ts',
		profileDir,
		async stop() {
			const timer = setTimeout(() => void server.kill(), 15_000);
			await server.stop();
			clearTimeout(timer);
			fs.rmSync(server.dataDir, { recursive: true, force: true });
			if (appDir) fs.rmSync(appDir, { recursive: true, force: true });
		}
	};
}

/** CPU time (user + system) of a process so far, in ms (10 ms resolution). */
function cpuMs(pid: number): number {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

function rssKB(pid: number): number {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

interface Memory {
	rss: number;
	heapUsed: number;
	external: number;
	arrayBuffers: number;
}

/** Full GC in the server (the hook), then its memory. */
export async function gcMemory(bench: BenchServer): Promise<Memory> {
	const seen = (bench.server.output().match(/"benchMemory"/g) ?? []).length;
	process.kill(bench.pid, 'SIGUSR2');
	const deadline = Date.now() + 10_000;
	while (Date.now() < deadline) {
		const lines = bench.server.output().split('\n').filter((line) => line.includes('"benchMemory"'));
		if (lines.length > seen) {
			await sleep(150); // RSS settles after the collection returns pages
			const memory = JSON.parse(lines[seen]).benchMemory as Memory;
			return { ...memory, rss: rssKB(bench.pid) * 1024 };
		}
		await sleep(20);
	}
	throw new Error('no memory report from the gc hook');
}

export function loadEvents(bench: BenchServer, boardId: string) {
	let loaded = 0;
	let unloaded = 0;
	for (const line of bench.server.output().split('\n')) {
		if (!line.includes(boardId)) continue;
		if (line.includes('"board loaded"')) loaded++;
		else if (line.includes('"board unloaded"')) unloaded++;
	}
	return { loaded, unloaded };
}

export async function waitUnloaded(bench: BenchServer, boardIds: string[], timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (boardIds.every((id) => {
			const e = loadEvents(bench, id);
			return e.loaded === e.unloaded;
		})) return;
		await sleep(20);
	}
	throw new Error('boards did not unload');
}

// ── HTTP ─────────────────────────────────────────────────────────────────────

export async function createWorkshop(url: string, title: string) {
	const response = await fetch(`${url}/api/workshops`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ title, groups: 1 })
	});
	if (response.status !== 201) throw new Error(`create workshop: ${response.status} ${await response.text()}`);
	const json = (await response.json()) as { facilitatorToken: string; boards: Array<{ boardId: string }> };
	return { token: json.facilitatorToken, boardId: json.boards[0].boardId };
}

// ── clients ──────────────────────────────────────────────────────────────────

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
		promise.then(
			(value) => (clearTimeout(timer), resolve(value)),
			(error) => (clearTimeout(timer), reject(error))
		);
	});
}

interface Joined {
	ms: number;
	doc: Y.Doc;
	close(): void;
}

/** The app's own client, as the browser runs it. */
async function joinSocketIo(url: string, boardId: string, token: string): Promise<Joined> {
	const started = performance.now();
	const replica = new BoardReplica({ url, boardId, token });
	try {
		await withTimeout(
			new Promise<void>((resolve, reject) => {
				const check = () => {
					if (replica.provider.synced) resolve();
					else if (replica.provider.refusal) reject(new Error(`refused: ${replica.provider.refusal}`));
				};
				replica.subscribe('connection', check);
				check();
			}),
			60_000,
			'socket.io join'
		);
	} catch (error) {
		replica.destroy();
		throw error;
	}
	return { ms: performance.now() - started, doc: replica.doc, close: () => replica.destroy() };
}

/** A stock y-websocket provider, as a third-party Yjs client connects. */
async function joinStock(wsUrl: string, boardId: string, token: string, doc = new Y.Doc()): Promise<Joined> {
	return joinStockAt(`${wsUrl}/yjs`, boardId, token, doc);
}

/**
 * A stock provider on any y-websocket server. With `expectStakeholders`, the clock stops once the
 * doc holds that many (the reference server loads a persisted doc after it answered the first step
 * 1, so its "synced" can come before the content).
 */
async function joinStockAt(serverUrl: string, room: string, token: string | null, doc = new Y.Doc(), expectStakeholders?: number): Promise<Joined> {
	const started = performance.now();
	const provider = new WebsocketProvider(serverUrl, room, doc, {
		params: token ? { token } : {},
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	const close = () => {
		provider.destroy();
		doc.destroy();
	};
	try {
		await withTimeout(
			new Promise<void>((resolve) => {
				const done = () => provider.synced && (expectStakeholders === undefined || collection(doc, 'stakeholders').size >= expectStakeholders);
				if (done()) return resolve();
				const check = () => {
					if (!done()) return;
					provider.off('sync', check);
					doc.off('update', check);
					resolve();
				};
				provider.on('sync', check);
				doc.on('update', check);
			}),
			60_000,
			'/yjs join'
		);
	} catch (error) {
		close();
		throw error;
	}
	return { ms: performance.now() - started, doc, close };
}

/**
 * A protocol-level client: answers the server's step 1 with an empty step 2 (as every client does),
 * sends its own empty step 1, and stops the clock when the server's step 2 arrives, without
 * decoding it. Returns the time and the size of that step 2.
 */
interface RawJoined {
	ms: number;
	bytes: number;
	close(): void;
}

function syncKind(frame: Uint8Array): number | null {
	const decoder = decoding.createDecoder(frame);
	if (decoding.readVarUint(decoder) !== MessageType.Sync) return null;
	return decoding.readVarUint(decoder);
}

const EMPTY_DOC = new Y.Doc();
function emptyStep2(): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.Sync);
	syncProtocol.writeSyncStep2(encoder, EMPTY_DOC);
	return encoding.toUint8Array(encoder);
}

function rawSocketIo(url: string, boardId: string, token: string): Promise<RawJoined> {
	const started = performance.now();
	const socket: Socket = io(url, { path: SOCKET_IO_PATH, auth: { token, boardId }, forceNew: true, reconnection: false });
	return withTimeout(
		new Promise<RawJoined>((resolve, reject) => {
			socket.on('connect', () => socket.emit('yjs', syncStep1Frame(EMPTY_DOC)));
			socket.on('connect_error', (error) => reject(error));
			socket.on('yjs', (data: ArrayBuffer | Uint8Array) => {
				const frame = new Uint8Array(data);
				const kind = syncKind(frame);
				if (kind === syncProtocol.messageYjsSyncStep1) socket.emit('yjs', emptyStep2(), () => {});
				else if (kind === syncProtocol.messageYjsSyncStep2) {
					resolve({ ms: performance.now() - started, bytes: frame.byteLength, close: () => socket.disconnect() });
				}
			});
		}),
		60_000,
		'raw socket.io join'
	).catch((error) => {
		socket.disconnect();
		throw error;
	});
}

const yjsUrl = (wsUrl: string, boardId: string, token: string) => `${wsUrl}/yjs/${encodeURIComponent(boardId)}?token=${encodeURIComponent(token)}`;

function rawYjs(url: string): Promise<RawJoined> {
	const started = performance.now();
	const ws = new WebSocket(url);
	ws.binaryType = 'nodebuffer';
	return withTimeout(
		new Promise<RawJoined>((resolve, reject) => {
			ws.on('open', () => ws.send(syncStep1Frame(EMPTY_DOC)));
			ws.on('error', reject);
			ws.on('close', (code) => reject(new Error(`closed ${code}`)));
			ws.on('message', (data: Buffer) => {
				const frame = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
				const kind = syncKind(frame);
				if (kind === syncProtocol.messageYjsSyncStep1) ws.send(emptyStep2());
				else if (kind === syncProtocol.messageYjsSyncStep2) {
					ws.removeAllListeners('close');
					resolve({ ms: performance.now() - started, bytes: frame.byteLength, close: () => ws.close() });
				}
			});
		}),
		60_000,
		'raw /yjs join'
	).catch((error) => {
		ws.terminate();
		throw error;
	});
}

/** Holds a room loaded at the least cost: a /yjs connection that never syncs. Resolves once joined. */
export function holdRoom(wsUrl: string, boardId: string, token: string): Promise<() => void> {
	return holdAt(yjsUrl(wsUrl, boardId, token));
}

function holdAt(url: string): Promise<() => void> {
	const ws = new WebSocket(url);
	return withTimeout(
		new Promise<() => void>((resolve, reject) => {
			ws.on('error', reject);
			ws.once('message', () => resolve(() => ws.close()));
		}),
		60_000,
		'holder join'
	);
}

/** Seeds a board: a stock client syncs, applies the update (sent as one frame), and a second client confirms it arrived. */
export async function seed(wsUrl: string, boardId: string, token: string, update: Uint8Array, expected: BoardSize): Promise<Uint8Array> {
	const writer = await joinStock(wsUrl, boardId, token);
	Y.applyUpdate(writer.doc, update);
	const deadline = Date.now() + 60_000;
	try {
		while (Date.now() < deadline) {
			await sleep(200);
			const reader = await joinStock(wsUrl, boardId, token);
			const got = counts(reader.doc);
			const state = Y.encodeStateAsUpdate(reader.doc);
			reader.close();
			if (JSON.stringify(got) === JSON.stringify(expected)) return state;
		}
	} finally {
		writer.close();
	}
	throw new Error('seeding did not reach the server');
}

// ── the reference server ─────────────────────────────────────────────────────

const REFERENCE_ROOM = 'coldload';

interface ReferenceServer {
	wsUrl: string;
	pid: number;
	entry: string;
	stop(): Promise<void>;
}

/**
 * `@y/websocket-server`'s own server (bin src/server.js) with YPERSISTENCE (y-leveldb), pinned to
 * CPU 0 like ours: it keeps a doc while connections hold it and drops it when the last one closes.
 */
async function startReference(notes: string[]): Promise<ReferenceServer | null> {
	const bin = path.join(ROOT, 'node_modules/@y/websocket-server/src/server.js');
	if (!fs.existsSync(bin)) {
		notes.push('reference server not measured: @y/websocket-server is not installed');
		return null;
	}
	const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@y/websocket-server/package.json'), 'utf8')).version;
	const port = await new Promise<number>((resolve) => {
		const probe = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as net.AddressInfo;
			probe.close(() => resolve(port));
		});
	});
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helixboard-coldload-ref-'));
	const child = spawn(process.execPath, [bin], {
		cwd: ROOT,
		env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), YPERSISTENCE: path.join(dir, 'db') },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	await withTimeout(
		new Promise<void>((resolve, reject) => {
			child.stdout!.on('data', (chunk: Buffer) => {
				output += chunk.toString();
				if (output.includes('running at')) resolve();
			});
			child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
			child.once('exit', (code) => reject(new Error(`reference server exited with ${code}: ${output}`)));
		}),
		20_000,
		'reference server start'
	);
	pin(child.pid!, 0);
	const exited = new Promise((resolve) => child.once('exit', resolve));
	return {
		wsUrl: `ws://127.0.0.1:${port}`,
		pid: child.pid!,
		entry: `@y/websocket-server@${version} (node src/server.js, YPERSISTENCE=y-leveldb)`,
		async stop() {
			child.kill('SIGTERM');
			await Promise.race([exited, sleep(5000)]);
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}

async function seedReference(reference: ReferenceServer, update: Uint8Array, size: BoardSize): Promise<void> {
	const writer = await joinStockAt(reference.wsUrl, REFERENCE_ROOM, null);
	Y.applyUpdate(writer.doc, update);
	await sleep(500);
	writer.close();
	await sleep(300);
	const reader = await joinStockAt(reference.wsUrl, REFERENCE_ROOM, null, new Y.Doc(), size.stakeholders);
	const got = counts(reader.doc);
	reader.close();
	if (JSON.stringify(got) !== JSON.stringify(size)) throw new Error(`reference seeding: got ${JSON.stringify(got)}`);
}

// ── the measurements ─────────────────────────────────────────────────────────

/** Bare Yjs on the server's state: encodeStateAsUpdate of the loaded doc, applyUpdate into a new doc. Samples accumulate across calls. */
function bareYjs(state: Uint8Array) {
	const serverDoc = new Y.Doc();
	Y.applyUpdate(serverDoc, state);
	const encode: number[] = [];
	const apply: number[] = [];
	const total: number[] = [];
	const sample = (count: number) => {
		for (let i = 0; i < count; i++) {
			const t0 = performance.now();
			const update = Y.encodeStateAsUpdate(serverDoc);
			const t1 = performance.now();
			const doc = new Y.Doc();
			Y.applyUpdate(doc, update);
			const t2 = performance.now();
			doc.destroy();
			encode.push(t1 - t0);
			apply.push(t2 - t1);
			total.push(t2 - t0);
		}
	};
	sample(1);
	encode.length = apply.length = total.length = 0; // the first one warms up
	return {
		sample,
		get encodeMs() {
			return median(encode);
		},
		get applyMs() {
			return median(apply);
		},
		get totalMs() {
			return median(total);
		},
		get rounds() {
			return total.length;
		},
		destroy: () => serverDoc.destroy()
	};
}

function summary(values: number[]) {
	return {
		n: values.length,
		p50: round1(percentile(values, 50)),
		p95: round1(percentile(values, 95)),
		p99: round1(percentile(values, 99)),
		max: round1(Math.max(...values)),
		min: round1(Math.min(...values))
	};
}

interface CpuProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	hitCount?: number;
	children?: number[];
}

/** Top frames by self time of the .cpuprofile files in dir. */
function topFrames(dir: string, top = 15) {
	const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
	const self = new Map<string, number>();
	let totalUs = 0;
	for (const file of files) {
		const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as {
			nodes: CpuProfileNode[];
			samples: number[];
			timeDeltas: number[];
		};
		const byId = new Map(profile.nodes.map((n) => [n.id, n]));
		profile.samples.forEach((id, i) => {
			const node = byId.get(id)!;
			const { functionName, url, lineNumber } = node.callFrame;
			const where = url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(dist-server|server|src)\//, '$1/')}:${lineNumber + 1}` : '';
			const key = `${functionName || '(anonymous)'} ${where}`.trim();
			const dt = profile.timeDeltas[i] ?? 0;
			self.set(key, (self.get(key) ?? 0) + dt);
			totalUs += dt;
		});
	}
	const idle = (self.get('(idle)') ?? 0);
	const busy = totalUs - idle;
	return {
		files: files.length,
		busyMs: Math.round(busy / 1000),
		frames: [...self.entries()]
			.filter(([key]) => key !== '(idle)')
			.sort((a, b) => b[1] - a[1])
			.slice(0, top)
			.map(([frame, us]) => ({ frame, selfMs: Math.round(us / 1000), pctOfBusy: round1((100 * us) / Math.max(1, busy)) }))
	};
}

// ── run ──────────────────────────────────────────────────────────────────────

export async function run(options: ColdloadOptions = {}): Promise<PartResult> {
	// This process runs every client: on CPU 1, away from the servers on CPU 0; all CPUs again after.
	const pinned = pin(process.pid, 1);
	try {
		const result = await measureAll(options);
		result.params.clientsPinned = pinned;
		return result;
	} finally {
		if (pinned) {
			try {
				execFileSync('taskset', ['-a', '-p', '-c', `0-${os.cpus().length - 1}`, String(process.pid)], { stdio: 'ignore' });
			} catch {
				// left pinned; only the bench's own process
			}
		}
	}
}

async function measureAll(options: ColdloadOptions): Promise<PartResult> {
	const smoke = options.smoke ?? false;
	const log = options.log ?? ((...args: unknown[]) => console.error('[bench:coldload]', ...args));
	const scale = (size: BoardSize, f: number): BoardSize => ({
		stakeholders: Math.round(size.stakeholders * f),
		relations: Math.round(size.relations * f),
		actions: Math.round(size.actions * f),
		notes: Math.round(size.notes * f)
	});
	const size = options.size ?? (smoke ? scale(LARGE, 0.1) : LARGE);
	const params = {
		smoke,
		size,
		smallSize: SMALL,
		rounds: options.rounds ?? (smoke ? 3 : 10),
		bareRounds: options.bareRounds ?? (smoke ? 5 : 15),
		burstClients: options.burstClients ?? 40,
		burstRounds: options.burstRounds ?? (smoke ? 1 : 3),
		largeCopies: options.largeCopies ?? (smoke ? 3 : 5),
		smallCopies: options.smallCopies ?? (smoke ? 5 : 20),
		idleConnections: options.idleConnections ?? (smoke ? 100 : 400),
		graceMs: options.graceMs ?? 200,
		profile: options.profile ?? false,
		reference: options.reference ?? true,
		clientsPinned: false,
		serverPinned: false,
		server: ''
	};
	const notes: string[] = [];
	const systems: PartResult['systems'] = {};
	const ratios: Record<string, number> = {};
	const targets: PartResult['targets'] = [];
	const { built, stale } = builtFresh();
	if (built && !options.source && stale.length) notes.push(`the build is older than ${stale.length} source file(s) (e.g. ${stale.slice(0, 3).join(', ')}): run \`npm run build\``);

	// The board.
	const board = buildBoard(size);
	const small = buildBoard(SMALL, 9);
	log(`board built: ${board.transactions} transactions, ${board.update.byteLength} bytes, ${Math.round(board.buildMs)} ms`);

	// ── timing server ──
	const timing = await startBenchServer({ source: options.source ?? false, graceMs: params.graceMs, profile: params.profile });
	params.server = timing.entry;
	params.serverPinned = os.cpus().length >= 2;
	const { url, wsUrl } = timing.server;
	let profile: ReturnType<typeof topFrames> | null = null;
	let reference: ReferenceServer | null = null;
	try {
		const { boardId, token } = await createWorkshop(url, 'Cold load');
		const state = await seed(wsUrl, boardId, token, board.update, size);
		systems.board = {
			...size,
			transactions: board.transactions,
			encodedBytes: state.byteLength,
			seedUpdateBytes: board.update.byteLength
		};
		log(`seeded: the server's state encodes to ${state.byteLength} bytes`);

		// Sampled before the joins and again in every round, so it sees the machine the joins see.
		const bare = bareYjs(state);
		const barePerRound = Math.max(1, Math.ceil(params.bareRounds / (params.rounds + 1)));
		bare.sample(barePerRound);
		log(`bare Yjs: encode ${bare.encodeMs.toFixed(1)} ms + apply ${bare.applyMs.toFixed(1)} ms`);

		// The reference y-websocket server beside ours (idle while ours is measured), when installed.
		reference = params.reference ? await startReference(notes) : null;
		if (reference) {
			await seedReference(reference, board.update, size);
			log(`reference server seeded (${reference.entry})`);
		}

		// Sequential joins, alternating systems and modes.
		type System = 'socket.io' | '/yjs' | 'reference';
		const systemsInRun: System[] = reference ? ['socket.io', '/yjs', 'reference'] : ['socket.io', '/yjs'];
		const times: Record<string, number[]> = {};
		const cpu: Record<string, number[]> = {};
		const join = (system: System) =>
			system === 'socket.io'
				? joinSocketIo(url, boardId, token)
				: system === '/yjs'
					? joinStock(wsUrl, boardId, token)
					: joinStockAt(reference!.wsUrl, REFERENCE_ROOM, null, new Y.Doc(), size.stakeholders);
		const pidOf = (system: System) => (system === 'reference' ? reference!.pid : timing.pid);
		const measure = async (system: System, mode: 'warm' | 'cold') => {
			const key = `${system} ${mode}`;
			const before = cpuMs(pidOf(system));
			const joined = await join(system);
			const got = counts(joined.doc);
			joined.close();
			if (got.stakeholders !== size.stakeholders) throw new Error(`${key}: client got ${JSON.stringify(got)}`);
			await sleep(50); // the close's work on the server
			(cpu[key] ??= []).push(cpuMs(pidOf(system)) - before);
			(times[key] ??= []).push(joined.ms);
		};
		const unloaded = async (system: System) => {
			if (system === 'reference') await sleep(300); // it drops a doc when its last connection closes
			else await waitUnloaded(timing, [boardId]);
		};
		// The reference answers a first connection before its doc has loaded from leveldb: its holder is
		// a stock client that waits for the content, so "warm" means loaded there too.
		const hold = async (system: System): Promise<() => void> => {
			if (system !== 'reference') return holdRoom(wsUrl, boardId, token);
			const holder = await joinStockAt(reference!.wsUrl, REFERENCE_ROOM, null, new Y.Doc(), size.stakeholders);
			return () => holder.close();
		};
		await waitUnloaded(timing, [boardId]);
		// An unmeasured join of each kind first (JIT, sockets' first use).
		for (const system of systemsInRun) (await join(system)).close();
		for (let round = 0; round < params.rounds; round++) {
			bare.sample(barePerRound);
			const order = systemsInRun.map((_, i) => systemsInRun[(i + round) % systemsInRun.length]);
			for (const system of order) {
				await unloaded(system);
				await measure(system, 'cold');
			}
			for (const system of order) {
				const release = await hold(system);
				await measure(system, 'warm');
				release();
			}
		}
		bare.destroy();
		systems.bareYjs = { encodeMs: round1(bare.encodeMs), applyMs: round1(bare.applyMs), totalMs: round1(bare.totalMs), rounds: bare.rounds };
		const bareTotal = bare.encodeMs + bare.applyMs;
		for (const key of Object.keys(times).sort()) {
			const med = median(times[key]);
			systems[`join ${key}`] = {
				...summary(times[key]),
				serverCpuMsPerJoin: round1(cpu[key].reduce((a, b) => a + b, 0) / cpu[key].length)
			};
			ratios[`join ${key} / bare Yjs`] = round3(med / bareTotal);
			if (!key.startsWith('reference')) {
				targets.push({ name: `connect→synced ${key} ≤ 1.5 × bare Yjs`, value: round3(med / bareTotal), limit: 1.5, pass: med / bareTotal <= 1.5 });
			}
		}
		for (const mode of ['warm', 'cold']) {
			if (!times[`reference ${mode}`]) continue;
			for (const system of ['socket.io', '/yjs']) {
				ratios[`join ${system} ${mode} / reference ${mode}`] = round3(median(times[`${system} ${mode}`]) / median(times[`reference ${mode}`]));
			}
		}
		log('sequential joins done');

		// Simultaneous joins (the reference only warm: cold, it answers before it has loaded the doc).
		const bursts: Array<[System, 'cold' | 'warm']> = [
			['socket.io', 'cold'],
			['/yjs', 'cold'],
			['socket.io', 'warm'],
			['/yjs', 'warm'],
			...(reference ? [['reference', 'warm'] as [System, 'warm']] : [])
		];
		const burst: Record<string, { arrivals: number[]; cpu: number; clientCpu: number; wall: number; bytes: number }> = {};
		for (let round = 0; round < params.burstRounds; round++) {
			for (const [system, mode] of round % 2 === 0 ? bursts : [...bursts].reverse()) {
				await unloaded(system);
				const release = mode === 'warm' ? await hold(system) : null;
				const before = cpuMs(pidOf(system));
				const clientBefore = process.cpuUsage();
				const started = performance.now();
				const clients = await Promise.all(
					Array.from({ length: params.burstClients }, () =>
						system === 'socket.io'
							? rawSocketIo(url, boardId, token)
							: rawYjs(system === '/yjs' ? yjsUrl(wsUrl, boardId, token) : `${reference!.wsUrl}/${REFERENCE_ROOM}`)
					)
				);
				const wall = performance.now() - started;
				const clientCpu = process.cpuUsage(clientBefore);
				for (const client of clients) client.close();
				await sleep(100);
				const entry = (burst[`${system} ${mode}`] ??= { arrivals: [], cpu: 0, clientCpu: 0, wall: 0, bytes: 0 });
				entry.cpu += cpuMs(pidOf(system)) - before;
				entry.clientCpu += (clientCpu.user + clientCpu.system) / 1000;
				entry.wall += wall;
				entry.bytes = clients[0].bytes;
				entry.arrivals.push(...clients.map((c) => c.ms));
				release?.();
			}
		}
		for (const [key, entry] of Object.entries(burst)) {
			const synced = entry.arrivals.map((ms) => ms + bare.applyMs);
			const name = `burst ${params.burstClients} ${key}`;
			systems[name] = {
				stateArrivedMs: summary(entry.arrivals),
				syncedEstMs: summary(synced),
				step2Bytes: entry.bytes,
				serverCpuMsPerJoin: round1(entry.cpu / (params.burstRounds * params.burstClients)),
				loadGeneratorCpuPct: Math.round((100 * entry.clientCpu) / entry.wall)
			};
			const p99 = percentile(synced, 99);
			if (!key.startsWith('reference')) {
				targets.push({ name: `${params.burstClients} joining at once, ${key}: p99 connect→synced (est.) ≤ 1000 ms`, value: round1(p99), limit: 1000, pass: p99 <= 1000 });
			}
			log(`${name}: p99 ${p99.toFixed(0)} ms`);
		}
		if (burst['reference warm']) {
			for (const system of ['socket.io', '/yjs']) {
				ratios[`burst p99 ${system} warm / reference warm`] = round3(percentile(burst[`${system} warm`].arrivals, 99) / percentile(burst['reference warm'].arrivals, 99));
			}
		}
	} finally {
		await reference?.stop();
		await timing.stop();
		if (timing.profileDir) {
			try {
				profile = topFrames(timing.profileDir);
			} catch (error) {
				notes.push(`no CPU profile: ${(error as Error).message}`);
			}
			fs.rmSync(timing.profileDir, { recursive: true, force: true });
		}
	}
	if (profile) systems.serverProfile = profile;

	// ── memory server ──
	const memory = await startBenchServer({ source: options.source ?? false, graceMs: params.graceMs, profile: false });
	try {
		const { url: mUrl, wsUrl: mWs } = memory.server;
		const large: Array<{ boardId: string; token: string }> = [];
		const smalls: Array<{ boardId: string; token: string }> = [];
		for (let i = 0; i < params.largeCopies; i++) {
			const created = await createWorkshop(mUrl, `Large ${i}`);
			await seed(mWs, created.boardId, created.token, board.update, size);
			large.push(created);
		}
		for (let i = 0; i < params.smallCopies; i++) {
			const created = await createWorkshop(mUrl, `Small ${i}`);
			await seed(mWs, created.boardId, created.token, small.update, SMALL);
			smalls.push(created);
		}
		const all = [...large, ...smalls].map((b) => b.boardId);
		log('memory: boards seeded');

		// A connection that just closed keeps its room reachable (its listeners) until its socket is
		// gone: settle a moment after the unload before reading memory.
		const settled = async () => {
			await waitUnloaded(memory, all);
			await sleep(1000);
			return gcMemory(memory);
		};
		const perBoard = async (boards: typeof large) => {
			const base = await settled();
			const releases = await Promise.all(boards.map((b) => holdRoom(mWs, b.boardId, b.token)));
			const loaded = await gcMemory(memory);
			for (const release of releases) release();
			const after = await settled();
			const heap = (m: Memory) => m.heapUsed + m.external;
			return {
				boards: boards.length,
				rssKBPerBoard: round1((loaded.rss - base.rss) / 1024 / boards.length),
				heapKBPerBoard: round1((heap(loaded) - heap(base)) / 1024 / boards.length),
				afterUnload: {
					rssKBAboveBaseline: round1((after.rss - base.rss) / 1024),
					heapKBAboveBaseline: round1((heap(after) - heap(base)) / 1024),
					loadedHeapKB: round1((heap(loaded) - heap(base)) / 1024)
				},
				baselineRssMB: round1(base.rss / 2 ** 20)
			};
		};
		// Once unmeasured: the first load of anything warms code and caches.
		await perBoard(large.slice(0, 1));
		const largeMem = await perBoard(large);
		const smallMem = await perBoard(smalls);
		systems['memory per loaded board, large'] = largeMem;
		systems['memory per loaded board, small'] = smallMem;
		for (const [label, m] of [['large', largeMem], ['small', smallMem]] as const) {
			// "Unloaded boards cost nothing": the JS heap + external after GC back within 1 MB or 5 % of what the boards held.
			const limit = Math.max(1024, 0.05 * m.afterUnload.loadedHeapKB);
			targets.push({ name: `${label} boards unloaded: heap+external above baseline (KB) ≤ max(1 MB, 5 % of loaded)`, value: m.afterUnload.heapKBAboveBaseline, limit: round1(limit), pass: m.afterUnload.heapKBAboveBaseline <= limit });
		}
		log('memory: boards measured');

		// Idle connections on a small board.
		const target = smalls[0];
		await waitUnloaded(memory, all);
		const holder = await holdRoom(mWs, target.boardId, target.token);
		const openIdle = async (count: number) => {
			const clients: Joined[] = [];
			for (let i = 0; i < count; i += 25) {
				const batch = await Promise.all(
					Array.from({ length: Math.min(25, count - i) }, async (_, j) => {
						const started = performance.now();
						const replica = new BoardReplica({ url: mUrl, boardId: target.boardId, token: target.token });
						await withTimeout(
							new Promise<void>((resolve) => {
								const check = () => replica.provider.synced && replica.provider.status === 'online' && resolve();
								replica.subscribe('connection', check);
								check();
							}),
							60_000,
							'idle client'
						);
						replica.setPresence({ user: { name: `P${i + j}`, color: '#e91e63', role: 'participant' }, cursor: null, drag: [], editing: null, selection: [] });
						return { ms: performance.now() - started, doc: replica.doc, close: () => replica.destroy() };
				})
				);
				clients.push(...batch);
			}
			await sleep(3000); // polling → WebSocket upgrades, presence relayed
			return clients;
		};
		// Once unmeasured, so the allocator's and V8's one-time growth for that many sockets is in the baseline.
		for (const client of await openIdle(Math.min(100, params.idleConnections))) client.close();
		await sleep(1000);
		const base = await gcMemory(memory);
		const cpuBefore = cpuMs(memory.pid);
		const clients = await openIdle(params.idleConnections);
		const idleCpu = cpuMs(memory.pid);
		const withIdle = await gcMemory(memory);
		const idleFrom = cpuMs(memory.pid);
		await sleep(5000);
		const idleCpuPerSec = (cpuMs(memory.pid) - idleFrom) / 5;
		for (const client of clients) client.close();
		holder();
		await sleep(500);
		const afterIdle = await settled();
		const perConnKB = (withIdle.rss - base.rss) / 1024 / params.idleConnections;
		systems['memory per idle socket.io connection'] = {
			connections: params.idleConnections,
			rssKBPerConnection: round1(perConnKB),
			heapKBPerConnection: round1((withIdle.heapUsed + withIdle.external - base.heapUsed - base.external) / 1024 / params.idleConnections),
			serverCpuMsPerConnect: round1((idleCpu - cpuBefore) / params.idleConnections),
			serverCpuMsPerSecondIdle: round1(idleCpuPerSec),
			afterAllLeftRssKBAboveBaseline: round1((afterIdle.rss - base.rss) / 1024)
		};
		targets.push({ name: 'idle socket.io connection: server RSS (KB) ≤ 30', value: round1(perConnKB), limit: 30, pass: perConnKB <= 30 });
		log('memory: idle connections measured');
	} finally {
		await memory.stop();
	}

	notes.push(
		'cold = the board was unloaded (ROOM_GRACE_MS passed after the last connection left), so the join loads it from SQLite; warm = another connection holds the room.',
		'socket.io joins use the app client (BoardReplica, default transports: long-polling first, then WebSocket, as the browser); /yjs joins a stock y-websocket provider.',
		'simultaneous joins: protocol-level clients time connect → the server\'s sync step 2 received; "synced (est.)" adds the bare applyUpdate median, since real clients decode on their own devices in parallel.',
		'memory: after two full GCs in the server (--expose-gc and a SIGUSR2 hook preloaded by the bench only, bench/coldload/gc-hook.mjs); RSS from /proc/<pid>/status. Loaded boards are held by a /yjs connection that never syncs, so they cost only the room.',
		`server: ${params.server}; MAX_CONNECTIONS_PER_IP raised for the bench (default 200 per address); ROOM_GRACE_MS=${params.graceMs}.`,
		'bare Yjs is sampled in this process (CPU 1) before the joins and again in every round; a cold join also decodes the board on the server, so its floor is about encode + 2 × apply (≈ 1.9 × bare) unless the server answers a new client from the stored bytes.',
		'reference: @y/websocket-server with y-leveldb, measured beside ours in the same rounds (same client, stock y-websocket provider, same board seeded the same way); cold = its doc was dropped when the last connection closed, and the clock stops once the content arrived (it answers the first step 1 before leveldb has loaded). Its simultaneous joins are measured warm only, for the same reason.'
	);
	if (params.reference && reference) notes.push(`reference server: ${(reference as ReferenceServer).entry}`);
	return { part: 'coldload', machine: machine(), params, systems, ratios, targets, notes };
}

// ── CLI ──────────────────────────────────────────────────────────────────────

function printTable(result: PartResult) {
	const out = (line = '') => console.log(line);
	out(`coldload — ${result.machine.cpu} × ${result.machine.cores}, Node ${result.machine.node}${result.params.smoke ? ' (SMOKE: board 10× smaller)' : ''}`);
	const board = result.systems.board as Record<string, number>;
	out(`board: ${board.stakeholders} stakeholders, ${board.relations} relations, ${board.actions} actions, ${board.notes} notes; ${board.transactions} transactions; state ${(board.encodedBytes / 1024).toFixed(0)} KB`);
	const bare = result.systems.bareYjs as Record<string, number>;
	out(`bare Yjs: encodeStateAsUpdate ${bare.encodeMs} ms + applyUpdate ${bare.applyMs} ms = ${bare.totalMs} ms (median of ${bare.rounds})`);
	out();
	out('join (connect → synced)        p50 ms   p95 ms    max ms  ×bare  server CPU ms/join');
	for (const [key, value] of Object.entries(result.systems)) {
		if (!key.startsWith('join ')) continue;
		const v = value as Record<string, number>;
		const ratio = result.ratios[`${key} / bare Yjs`];
		out(`${key.padEnd(30)} ${String(v.p50).padStart(7)} ${String(v.p95).padStart(8)} ${String(v.max).padStart(9)} ${String(ratio).padStart(6)}  ${v.serverCpuMsPerJoin}`);
	}
	out();
	out('at once (synced est.)          p50 ms   p95 ms   p99 ms    max ms  server CPU ms/join  load generator CPU %');
	for (const [key, value] of Object.entries(result.systems)) {
		if (!key.startsWith('burst ')) continue;
		const v = value as { syncedEstMs: Record<string, number>; serverCpuMsPerJoin: number; loadGeneratorCpuPct: number };
		out(`${key.padEnd(30)} ${String(v.syncedEstMs.p50).padStart(6)} ${String(v.syncedEstMs.p95).padStart(8)} ${String(v.syncedEstMs.p99).padStart(8)} ${String(v.syncedEstMs.max).padStart(9)}  ${String(v.serverCpuMsPerJoin).padStart(18)}  ${v.loadGeneratorCpuPct}`);
	}
	out();
	for (const [key, value] of Object.entries(result.ratios)) out(`ratio ${key}: ${value}`);
	out();
	for (const key of ['memory per loaded board, large', 'memory per loaded board, small', 'memory per idle socket.io connection']) {
		if (result.systems[key]) out(`${key}: ${JSON.stringify(result.systems[key])}`);
	}
	const profile = result.systems.serverProfile as ReturnType<typeof topFrames> | undefined;
	if (profile) {
		out();
		out(`server CPU profile (${profile.busyMs} ms busy), top frames by self time:`);
		for (const f of profile.frames) out(`  ${String(f.selfMs).padStart(6)} ms ${String(f.pctOfBusy).padStart(5)} %  ${f.frame}`);
	}
	out();
	for (const t of result.targets) out(`${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.value} (limit ${t.limit})`);
	out();
	for (const note of result.notes) out(`- ${note}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const args = process.argv.slice(2);
	const value = (name: string) => {
		const i = args.indexOf(`--${name}`);
		return i >= 0 ? args[i + 1] : undefined;
	};
	const number = (name: string) => (value(name) === undefined ? undefined : Number(value(name)));
	const result = await run({
		smoke: args.includes('--smoke'),
		profile: args.includes('--profile'),
		source: args.includes('--source'),
		reference: !args.includes('--no-reference'),
		rounds: number('rounds'),
		burstClients: number('clients'),
		burstRounds: number('burst-rounds'),
		bareRounds: number('bare-rounds'),
		idleConnections: number('idle'),
		largeCopies: number('large-copies'),
		smallCopies: number('small-copies')
	});
	printTable(result);
	const out = value('json');
	if (out) fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
	process.exit(0);
}
