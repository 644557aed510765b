/**
 * The fan-out load generator (a child process, pinned to CPU 1 by the bench). Every simulated
 * client is one raw connection that writes with its own small Y.Doc — one small update a second
 * carrying a marker `~bm:<index in room>:<seq>:<performance.now()>~` — and presence at 5 Hz, but
 * never applies what it receives: receivers find the markers in the incoming frame bytes, so the
 * generator costs little per delivery and the server, not the generator, is what gets measured.
 *
 * Driven over IPC: receives a GeneratorSpec, answers 'connected', 'window' (start and end of the
 * measured window), and 'result'.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import * as Y from 'yjs';

export type SystemKind = 'socketio' | 'yjs' | 'ywss' | 'hocuspocus';

export interface RoomSpec {
	/** boardId (ours), room path (ywss) or document name (hocuspocus). */
	name: string;
	/** One token per client (ours); null entries for systems without auth. */
	tokens: Array<string | null>;
	/** Server base URL for each client (http://…); lets Redis mode split a room across instances. */
	urls: string[];
}

export interface GeneratorSpec {
	kind: SystemKind;
	rooms: RoomSpec[];
	warmupMs: number;
	durationMs: number;
	drainMs: number;
	writeIntervalMs: number;
	presenceIntervalMs: number;
	connectConcurrency: number;
}

export interface GeneratorResult {
	clients: number;
	connected: number;
	connectMs: number;
	writes: number;
	expected: number;
	delivered: number;
	/** Deliveries that arrived after the drain window ended are not counted. */
	latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
	acks: { ok: number; failed: number; reasons: Record<string, number> };
	errors: string[];
	disconnects: number;
	/** The generator's own event-loop delay during the window (p99, ms): high means it is the bottleneck. */
	loopDelayP99Ms: number;
}

const MARK = Buffer.from('~bm:');

interface Client {
	room: number;
	index: number;
	roomSize: number;
	doc: Y.Doc;
	seq: number;
	clock: number;
	/** Last seq seen from each room member (dedupes resent updates after a sync). */
	lastSeen: Int32Array;
	/** Where the message type sits in a received frame (after Hocuspocus' document name). */
	typeOffset: number;
	send(frame: Uint8Array, ack: boolean): void;
	close(): void;
}

// latency samples (ms), grown as needed
let samples = new Float64Array(1 << 20);
let sampleCount = 0;
let measureFrom = Infinity;
let measureTo = Infinity;
let countUntil = Infinity;
let writes = 0;
let expected = 0;
let disconnects = 0;
const acks = { ok: 0, failed: 0, reasons: {} as Record<string, number> };
const errors: string[] = [];

function record(ms: number) {
	if (sampleCount === samples.length) {
		const bigger = new Float64Array(samples.length * 2);
		bigger.set(samples);
		samples = bigger;
	}
	samples[sampleCount++] = ms;
}

/** `batch`: a socket.io `frames` message (several frames: scanned whole for markers). */
function onFrame(client: Client, data: Buffer, batch = false) {
	const now = performance.now();
	if (now > countUntil) return;
	// Presence frames (most of the traffic) carry no marker: skip them by their message type,
	// found after the document-name prefix on Hocuspocus (names here are < 128 bytes: one varint byte).
	if (!batch && data[client.typeOffset] === 1) return;
	let at = data.indexOf(MARK);
	while (at !== -1) {
		const end = data.indexOf(126 /* ~ */, at + 4);
		if (end === -1) break;
		const [index, seq, ts] = data.toString('latin1', at + 4, end).split(':');
		const i = Number(index);
		const s = Number(seq);
		const t = Number(ts);
		if (i !== client.index && i < client.lastSeen.length && s > client.lastSeen[i]) {
			client.lastSeen[i] = s;
			if (t >= measureFrom && t < measureTo) record(now - t);
		}
		at = data.indexOf(MARK, end);
	}
}

function syncStep1(doc: Y.Doc): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
	return encoding.toUint8Array(e);
}

function updateFrame(update: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, 2);
	encoding.writeVarUint8Array(e, update);
	return encoding.toUint8Array(e);
}

/** A y-protocols awareness frame for one client, encoded by hand (no Awareness instance). */
function presenceFrame(client: Client): Uint8Array {
	const state = JSON.stringify({
		user: { name: `client ${client.room}/${client.index}`, color: '#3b82f6' },
		cursor: { x: Math.round(Math.random() * 2000), y: Math.round(Math.random() * 1200) }
	});
	const inner = encoding.createEncoder();
	encoding.writeVarUint(inner, 1);
	encoding.writeVarUint(inner, client.doc.clientID);
	encoding.writeVarUint(inner, ++client.clock);
	encoding.writeVarString(inner, state);
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
	return encoding.toUint8Array(e);
}

function withPrefix(name: string, frame: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarString(e, name);
	encoding.writeUint8Array(e, frame);
	return encoding.toUint8Array(e);
}

function toBuffer(data: unknown): Buffer {
	if (Buffer.isBuffer(data)) return data;
	if (data instanceof ArrayBuffer) return Buffer.from(data);
	if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
	if (Array.isArray(data)) return Buffer.concat(data.map(toBuffer));
	return Buffer.alloc(0);
}

function connectClient(spec: GeneratorSpec, room: number, index: number): Promise<Client> {
	const r = spec.rooms[room];
	const url = r.urls[index];
	const token = r.tokens[index];
	const doc = new Y.Doc();
	const base = {
		room,
		index,
		roomSize: r.tokens.length,
		doc,
		seq: 0,
		clock: 0,
		lastSeen: new Int32Array(r.tokens.length).fill(-1),
		typeOffset: spec.kind === 'hocuspocus' ? 1 + Buffer.byteLength(r.name) : 0
	};
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`connect timeout (${spec.kind} room ${room} client ${index})`)), 30_000);
		const done = (client: Client) => {
			clearTimeout(timer);
			resolve(client);
		};
		if (spec.kind === 'socketio') {
			const socket: Socket = io(url, {
				path: '/socket.io',
				transports: ['websocket'],
				auth: { token, boardId: r.name, batch: true }, // as the app's client
				reconnection: false,
				forceNew: true
			});
			const client: Client = {
				...base,
				send(frame, ack) {
					if (!ack) return void socket.emit('yjs', frame);
					socket.emit('yjs', frame, (result: { ok: boolean; reason?: string }) => {
						if (result?.ok) acks.ok++;
						else {
							acks.failed++;
							const reason = result?.reason ?? 'unknown';
							acks.reasons[reason] = (acks.reasons[reason] ?? 0) + 1;
						}
					});
				},
				close: () => socket.disconnect()
			};
			socket.on('yjs', (frame: unknown) => onFrame(client, toBuffer(frame)));
			socket.on('frames', (frames: unknown) => onFrame(client, toBuffer(frames), true));
			socket.on('connect', () => {
				socket.emit('yjs', syncStep1(doc));
				done(client);
			});
			socket.on('connect_error', (error) => {
				clearTimeout(timer);
				reject(error);
			});
			socket.on('disconnect', () => disconnects++);
			socket.on('refused', (reason: string) => errors.length < 20 && errors.push(`refused: ${reason}`));
			return;
		}
		const target =
			spec.kind === 'yjs'
				? `${url.replace(/^http/, 'ws')}/yjs/${encodeURIComponent(r.name)}?token=${encodeURIComponent(token ?? '')}`
				: spec.kind === 'ywss'
					? `${url.replace(/^http/, 'ws')}/${encodeURIComponent(r.name)}`
					: `${url.replace(/^http/, 'ws')}/`;
		const ws = new WebSocket(target, { perMessageDeflate: false });
		ws.binaryType = 'nodebuffer';
		const hocus = spec.kind === 'hocuspocus';
		const client: Client = {
			...base,
			send(frame) {
				if (ws.readyState === WebSocket.OPEN) ws.send(hocus ? withPrefix(r.name, frame) : frame);
			},
			close: () => ws.close()
		};
		ws.on('message', (data: Buffer) => onFrame(client, data));
		ws.on('open', () => {
			if (hocus) {
				// Auth first (the server queues everything else until it is answered), as the provider does.
				const e = encoding.createEncoder();
				encoding.writeVarString(e, r.name);
				encoding.writeVarUint(e, 2); // Auth
				encoding.writeVarUint(e, 0); // token
				encoding.writeVarString(e, token ?? 'bench');
				ws.send(encoding.toUint8Array(e));
			}
			client.send(syncStep1(doc), false);
			done(client);
		});
		ws.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		ws.on('close', () => disconnects++);
	});
}

function percentile(sorted: Float64Array, p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function sleep(ms: number) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

async function runGenerator(spec: GeneratorSpec): Promise<GeneratorResult> {
	const total = spec.rooms.reduce((n, r) => n + r.tokens.length, 0);
	const clients: Client[] = [];
	const started = performance.now();
	const jobs: Array<[number, number]> = [];
	spec.rooms.forEach((r, room) => r.tokens.forEach((_t, index) => jobs.push([room, index])));
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(spec.connectConcurrency, jobs.length) }, async () => {
			while (next < jobs.length) {
				const [room, index] = jobs[next++];
				try {
					clients.push(await connectClient(spec, room, index));
				} catch (error) {
					if (errors.length < 20) errors.push(String((error as Error)?.message ?? error));
				}
			}
		})
	);
	const connectMs = performance.now() - started;
	disconnects = 0;
	process.send!({ type: 'connected', connected: clients.length, connectMs });
	await sleep(500); // let the sync handshakes settle

	const t0 = performance.now() + 100;
	measureFrom = t0 + spec.warmupMs;
	measureTo = measureFrom + spec.durationMs;
	countUntil = measureTo + spec.drainMs;
	const roomSize = new Map<number, number>();
	for (const c of clients) roomSize.set(c.room, (roomSize.get(c.room) ?? 0) + 1);
	const timers: NodeJS.Timeout[] = [];
	let stopped = false;
	const loop = monitorEventLoopDelay({ resolution: 5 });

	clients.forEach((client, g) => {
		const map = client.doc.getMap('bench');
		client.doc.on('update', (update: Uint8Array) => client.send(updateFrame(update), true));
		const write = (at: number) => {
			if (stopped || at >= measureTo) return;
			const ts = performance.now();
			map.set(`c${client.index}`, `~bm:${client.index}:${++client.seq}:${ts.toFixed(3)}~`);
			if (ts >= measureFrom && ts < measureTo) {
				writes++;
				expected += (roomSize.get(client.room) ?? 1) - 1;
			}
			const due = at + spec.writeIntervalMs;
			timers[2 * g] = setTimeout(write, Math.max(0, due - performance.now()), due);
		};
		const presence = (at: number) => {
			if (stopped || at >= measureTo) return;
			client.send(presenceFrame(client), false);
			const due = at + spec.presenceIntervalMs;
			timers[2 * g + 1] = setTimeout(presence, Math.max(0, due - performance.now()), due);
		};
		// staggered across the second (writes) and across the presence interval
		const w = t0 + (g / clients.length) * spec.writeIntervalMs;
		const p = t0 + (g / clients.length) * spec.presenceIntervalMs;
		timers[2 * g] = setTimeout(write, w - performance.now(), w);
		timers[2 * g + 1] = setTimeout(presence, p - performance.now(), p);
	});

	await sleep(measureFrom - performance.now());
	loop.enable();
	process.send!({ type: 'window', edge: 'start' });
	await sleep(measureTo - performance.now());
	process.send!({ type: 'window', edge: 'end' });
	loop.disable();
	stopped = true;
	for (const t of timers) clearTimeout(t);
	await sleep(countUntil - performance.now());

	const sorted = samples.slice(0, sampleCount).sort();
	let sum = 0;
	for (let i = 0; i < sorted.length; i++) sum += sorted[i];
	for (const c of clients) c.close();
	return {
		clients: total,
		connected: clients.length,
		connectMs: Math.round(connectMs),
		writes,
		expected,
		delivered: sampleCount,
		latencyMs: {
			p50: percentile(sorted, 50),
			p95: percentile(sorted, 95),
			p99: percentile(sorted, 99),
			max: sorted.length ? sorted[sorted.length - 1] : NaN,
			mean: sorted.length ? sum / sorted.length : NaN
		},
		acks,
		errors,
		disconnects,
		loopDelayP99Ms: Math.max(0, loop.percentile(99) / 1e6 - 5)
	};
}

process.once('message', async (spec: GeneratorSpec) => {
	try {
		const result = await runGenerator(spec);
		process.send!({ type: 'result', result }, () => process.exit(0));
	} catch (error) {
		process.send!({ type: 'error', message: String((error as Error)?.stack ?? error) }, () => process.exit(1));
	}
});
// The bench went away: stop too.
process.on('disconnect', () => process.exit(0));
