/**
 * Fuzzing both transports of a real server with random and mutated y-websocket frames (bit flips,
 * truncation, varint overflow, lying length fields, splices) for a bounded time, with a fixed
 * seed (FUZZ_SEED overrides it; it is printed on failure).
 *
 * Two boards of one workshop: the legit board is written only by normal clients while read-only
 * fuzzers hit it, so afterwards it must equal exactly what the normal clients wrote; the fuzz board
 * is hit by fuzzers that may write, so mutated frames that happen to be valid updates are stored,
 * and afterwards it must reload from the store equal to what the server held. Rooms unload as soon
 * as they are empty (ROOM_GRACE_MS=0) and compact often, so both paths run on fuzzed data.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, expect, it, onTestFailed, vi } from 'vitest';
import WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { CreateWorkshopResponse } from '../../src/lib/api/types.js';
import { boardToJSON } from '../../src/lib/board/json.js';
import { addNote, readNotes } from '../../src/lib/board/model.js';
import { awarenessFrame, syncStep1Frame, updateFrame } from '../../src/lib/sync/frames.js';
import { SOCKET_IO_PATH } from '../../src/lib/sync/protocol.js';
import { connectSocket, connectStock, createWorkshop, joinWorkshop, request } from '../helpers/clients.js';
import { assertHealthy, rawSocket, rawYjs, rssBytes, seededRandom, sleep, type RawYjs } from '../helpers/raw.js';
import { startServer, type TestServer } from '../helpers/server.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_129);
/** Fuzzing stops at whichever comes first: this many frames per fuzzer, or the time budget. */
const FRAMES_PER_FUZZER = 1500;
const FUZZ_BUDGET_MS = 7000;
const BATCH = 50;
/** Resident memory may grow by this much over the run (buffers, caches); a leak grows without end. */
const MAX_RSS_GROWTH_BYTES = 150 * 1024 * 1024;
/** Generous limits: this test is about parsers, the limiters have their own tests. */
const UNLIMITED = '1000000';

type Rng = ReturnType<typeof seededRandom>;

let server: TestServer;
let workshop: CreateWorkshopResponse;
beforeAll(async () => {
	server = await startServer({
		env: {
			ROOM_GRACE_MS: '0',
			COMPACT_AFTER_UPDATES: '40',
			UPDATES_PER_SECOND: UNLIMITED,
			UPDATES_BURST: UNLIMITED,
			PRESENCE_PER_SECOND: UNLIMITED,
			PRESENCE_BURST: UNLIMITED
		}
	});
	workshop = await createWorkshop(server, 2);
});
afterAll(async () => {
	expect(await server.stop()).toBe(0);
});

/** Real frames of every kind, from docs with text, maps, arrays, deletions and presence. */
function corpus(rng: Rng): Uint8Array[] {
	const frames: Uint8Array[] = [];
	for (let d = 0; d < 6; d++) {
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		const id = addNote(doc, { x: rng.int(900), y: rng.int(900), color: 'yellow', author: `fuzz${d}`, text: 'Bappeda Kota' });
		const note = doc.getMap('notes').get(id) as Y.Map<unknown>;
		(note.get('text') as Y.Text).insert(3, 'ñ 漢字 🙂');
		(note.get('text') as Y.Text).delete(0, 2);
		note.set('x', rng.int(1000));
		const stakeholder = new Y.Map<unknown>();
		doc.getMap('stakeholders').set(`s${d}`, stakeholder);
		stakeholder.set('power', 1e9);
		stakeholder.set('tags', Y.Array.from([1, 'two', { three: [3] }, new Uint8Array([4])]));
		doc.getMap('notes').delete(id);
		for (const update of updates) frames.push(updateFrame(update));
		frames.push(updateFrame(Y.encodeStateAsUpdate(doc)));
		frames.push(syncStep1Frame(doc));
		const step2 = encoding.createEncoder();
		encoding.writeVarUint(step2, 0);
		encoding.writeVarUint(step2, 1);
		encoding.writeVarUint8Array(step2, Y.encodeStateAsUpdate(doc));
		frames.push(encoding.toUint8Array(step2));
		const awareness = new awarenessProtocol.Awareness(doc);
		awareness.setLocalState({ name: `Fuzz ${d}`, color: '#f00', cursor: { x: 1, y: 2 }, drag: null });
		frames.push(awarenessFrame(awareness, [doc.clientID]));
		awareness.setLocalState(null);
		frames.push(awarenessFrame(awareness, [doc.clientID]));
		awareness.destroy();
	}
	frames.push(new Uint8Array([3]), new Uint8Array([2, 0]));
	return frames;
}

/** Splits a frame into its header varints and its one length-prefixed payload, when it has one. */
function split(frame: Uint8Array): { header: number[]; payload: Uint8Array } | null {
	try {
		const decoder = decoding.createDecoder(frame);
		const type = decoding.readVarUint(decoder);
		const header = type === 0 ? [type, decoding.readVarUint(decoder)] : [type];
		if (type !== 0 && type !== 1) return null;
		return { header, payload: decoding.readVarUint8Array(decoder) };
	} catch {
		return null;
	}
}

function join(header: number[], payload: Uint8Array, length = payload.length): Uint8Array {
	const encoder = encoding.createEncoder();
	for (const value of header) encoding.writeVarUint(encoder, value);
	encoding.writeVarUint(encoder, length);
	encoding.writeUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

const INTERESTING_BYTES = [0, 1, 0x7f, 0x80, 0xff];

function flipBits(rng: Rng, bytes: Uint8Array): Uint8Array {
	const out = bytes.slice();
	for (let i = 1 + rng.int(4); i > 0 && out.length > 0; i--) out[rng.int(out.length)] ^= 1 << rng.int(8);
	return out;
}

/** Mutations of a real frame; several work on the payload and keep the header right, to go deeper. */
const MUTATORS: Array<[string, (rng: Rng, frame: Uint8Array, other: Uint8Array) => Uint8Array]> = [
	['unchanged', (_rng, frame) => frame],
	['bit flips', (rng, frame) => flipBits(rng, frame)],
	[
		'interesting bytes',
		(rng, frame) => {
			const out = frame.slice();
			for (let i = 1 + rng.int(3); i > 0 && out.length > 0; i--) out[rng.int(out.length)] = rng.pick(INTERESTING_BYTES);
			return out;
		}
	],
	['truncated', (rng, frame) => frame.slice(0, rng.int(frame.length))],
	['extended', (rng, frame) => Uint8Array.from([...frame, ...rng.bytes(1 + rng.int(40))])],
	[
		'varint overflow',
		(rng, frame) => {
			const at = rng.int(frame.length + 1);
			return Uint8Array.from([...frame.slice(0, at), ...new Array<number>(5 + rng.int(8)).fill(0xff), ...frame.slice(at)]);
		}
	],
	[
		'length lies',
		(rng, frame) => {
			const parts = split(frame);
			if (!parts) return flipBits(rng, frame);
			const lies = [0, parts.payload.length - 1, parts.payload.length + 1, parts.payload.length * 2, 2 ** 31, 2 ** 53 - 1];
			return join(parts.header, parts.payload, Math.max(0, rng.pick(lies)));
		}
	],
	[
		'payload bit flips',
		(rng, frame) => {
			const parts = split(frame);
			return parts ? join(parts.header, flipBits(rng, parts.payload)) : flipBits(rng, frame);
		}
	],
	[
		'payload truncated',
		(rng, frame) => {
			const parts = split(frame);
			return parts ? join(parts.header, parts.payload.slice(0, rng.int(parts.payload.length))) : frame.slice(1);
		}
	],
	[
		'payload varint overflow',
		(rng, frame) => {
			const parts = split(frame);
			if (!parts) return frame;
			const at = rng.int(parts.payload.length + 1);
			const payload = Uint8Array.from([...parts.payload.slice(0, at), ...new Array<number>(6 + rng.int(6)).fill(0xff), 0x7f, ...parts.payload.slice(at)]);
			return join(parts.header, payload);
		}
	],
	[
		'spliced',
		(rng, frame, other) => Uint8Array.from([...frame.slice(0, rng.int(frame.length + 1)), ...other.slice(rng.int(other.length + 1))])
	],
	['random with a valid type', (rng) => Uint8Array.from([rng.int(4), rng.int(3), ...rng.bytes(rng.int(120))])],
	['random', (rng) => rng.bytes(rng.int(200))]
];

function fuzzFrames(rng: Rng, frames: Uint8Array[], count: number): Array<{ mutator: string; frame: Uint8Array }> {
	return Array.from({ length: count }, () => {
		const [mutator, mutate] = rng.pick(MUTATORS);
		return { mutator, frame: mutate(rng, rng.pick(frames), rng.pick(frames)) };
	});
}

/** Raw socket.io: the engine.io and socket.io packet layer itself, with broken packets. */
async function fuzzEngineIo(rng: Rng, boardId: string, token: string, deadline: number): Promise<number> {
	const open = () => {
		const ws = new WebSocket(`${server.wsUrl}${SOCKET_IO_PATH}/?EIO=4&transport=websocket`);
		ws.on('error', () => {});
		ws.on('message', (data, isBinary) => {
			if (!isBinary && data.toString() === '2') ws.send('3'); // answer pings, as a client must
		});
		return new Promise<WebSocket>((resolve) => {
			ws.once('open', () => {
				ws.send(`40${JSON.stringify({ token, boardId })}`);
				resolve(ws);
			});
			ws.once('close', () => resolve(ws));
		});
	};
	const packets = [
		() => '451-["yjs",{"_placeholder":true,"num":0}]',
		() => `451-["yjs",{"_placeholder":true,"num":${rng.pick([1, -1, 99, 1e9, '"x"', null])}}]`,
		() => `4${rng.int(1000)}-["yjs",{"_placeholder":true,"num":0}]`,
		() => '42["yjs","not binary"]',
		() => '42["yjs",{"__proto__":{"x":1}}]',
		() => `42${rng.int(10)}["yjs"]`,
		() => '42[',
		() => '4' + String.fromCharCode(...rng.bytes(30)),
		() => String(rng.int(10)) + '{}',
		() => '41',
		() => '40/admin,{}',
		() => '2probe',
		() => rng.bytes(rng.int(64)),
		() => ''
	];
	let ws = await open();
	let sent = 0;
	for (let i = 0; i < 300 && Date.now() < deadline; i++) {
		if (ws.readyState !== ws.OPEN) ws = await open();
		const packet = rng.pick(packets)();
		if (ws.readyState === ws.OPEN) {
			ws.send(packet);
			if (typeof packet === 'string' && packet.startsWith('451-')) ws.send(rng.bytes(rng.int(50)));
			sent++;
		}
		if (i % 20 === 0) await sleep(5);
	}
	ws.terminate();
	return sent;
}

/** Sends frames over a raw /yjs socket in batches, reopening it if the server closes it. */
async function fuzzYjs(boardId: string, token: string, frames: Uint8Array[], deadline: number): Promise<number> {
	let socket: RawYjs = rawYjs(server, boardId, token);
	await socket.opened.catch(() => {});
	let sent = 0;
	for (const frame of frames) {
		if (Date.now() > deadline) break;
		if (socket.ws.readyState !== socket.ws.OPEN) {
			socket = rawYjs(server, boardId, token);
			await socket.opened.catch(() => {});
		}
		socket.send(frame);
		if (++sent % BATCH === 0) await sleep(5);
	}
	socket.close();
	return sent;
}

/** Sends frames over socket.io in batches; every frame must be acknowledged (none hangs a room). */
async function fuzzSocketIo(boardId: string, token: string, frames: Uint8Array[], deadline: number) {
	const socket = rawSocket(server, { boardId, token });
	expect(await socket.outcome).toEqual({ connected: true });
	const reasons = new Map<string, number>();
	let sent = 0;
	for (let i = 0; i < frames.length && Date.now() < deadline; i += BATCH) {
		const acks = await Promise.all(frames.slice(i, i + BATCH).map((frame) => socket.emitFrame(frame, 10_000)));
		for (const ack of acks) {
			expect(ack, 'every frame is acknowledged').not.toBeNull();
			const key = ack!.ok ? 'ok' : ack!.reason;
			reasons.set(key, (reasons.get(key) ?? 0) + 1);
		}
		sent += acks.length;
	}
	expect(socket.socket.connected).toBe(true);
	socket.close();
	return { sent, reasons };
}

it(`survives random and mutated frames on both transports, bounded in memory, boards intact (seed ${SEED})`, async () => {
	onTestFailed(() => console.error(`fuzz failed with seed ${SEED}: rerun with FUZZ_SEED=${SEED}`));
	const rng = seededRandom(SEED);
	const legitBoard = workshop.boards[0].boardId;
	const fuzzBoard = workshop.boards[1].boardId;
	const facilitator = workshop.facilitatorToken;
	// A participant of the fuzz board's group: it writes there, and only reads the legit board.
	const reader = (await joinWorkshop(server, workshop, 'Fuzzer', 1)).participantToken;

	const writerStock = await connectStock(server, legitBoard, facilitator);
	const writerApp = await connectSocket(server, legitBoard, facilitator);
	const fuzzObserver = await connectStock(server, fuzzBoard, facilitator);
	const rssBefore = rssBytes(server.process.pid!);

	const frames = corpus(rng);
	const deadline = Date.now() + FUZZ_BUDGET_MS;
	let legitWrites = 0;
	let fuzzing = true;
	const legitWriting = (async () => {
		while (fuzzing) {
			const doc = legitWrites % 2 === 0 ? writerStock.doc : writerApp.doc;
			addNote(doc, { x: legitWrites, y: legitWrites, color: 'green', author: 'legit', text: `note ${legitWrites}` });
			legitWrites++;
			await sleep(50);
		}
	})();

	const [yjsOnLegit, yjsOnFuzz, socketOnLegit, socketOnFuzz, engineIo] = await Promise.all([
		fuzzYjs(legitBoard, reader, fuzzFrames(rng, frames, FRAMES_PER_FUZZER).map((f) => f.frame), deadline),
		fuzzYjs(fuzzBoard, facilitator, fuzzFrames(rng, frames, FRAMES_PER_FUZZER).map((f) => f.frame), deadline),
		fuzzSocketIo(legitBoard, reader, fuzzFrames(rng, frames, FRAMES_PER_FUZZER).map((f) => f.frame), deadline),
		fuzzSocketIo(fuzzBoard, facilitator, fuzzFrames(rng, frames, FRAMES_PER_FUZZER).map((f) => f.frame), deadline),
		fuzzEngineIo(rng, fuzzBoard, facilitator, deadline)
	]);
	fuzzing = false;
	await legitWriting;
	console.log(
		`fuzz seed ${SEED}: /yjs ${yjsOnLegit} + ${yjsOnFuzz} frames, socket.io ${socketOnLegit.sent} + ${socketOnFuzz.sent} ` +
			`(acks on the fuzz board: ${JSON.stringify(Object.fromEntries(socketOnFuzz.reasons))}), engine.io ${engineIo} packets, ` +
			`${legitWrites} legit notes`
	);
	expect(yjsOnLegit + yjsOnFuzz + socketOnLegit.sent + socketOnFuzz.sent).toBeGreaterThan(1000);

	// Alive, and memory did not run away.
	await assertHealthy(server);
	const rssAfter = rssBytes(server.process.pid!);
	console.log(`server RSS ${(rssBefore / 2 ** 20).toFixed(0)} MiB before, ${(rssAfter / 2 ** 20).toFixed(0)} MiB after`);
	expect(rssAfter - rssBefore).toBeLessThan(MAX_RSS_GROWTH_BYTES);

	// The legit board holds exactly what the normal clients wrote, and both agree.
	await vi.waitFor(() => expect(writerApp.provider.unsyncedChanges).toBe(0), { timeout: 10_000 });
	await vi.waitFor(() => expect(boardToJSON(writerStock.doc)).toEqual(boardToJSON(writerApp.doc)), { timeout: 10_000 });
	const expected = boardToJSON(writerStock.doc);
	const texts = readNotes(writerStock.doc).map((n) => n.text?.toString());
	expect(texts).toHaveLength(legitWrites);
	for (let i = 0; i < legitWrites; i++) expect(texts).toContain(`note ${i}`);
	// The server's copy of the fuzz board, before it is unloaded.
	await sleep(300); // the last fuzz writes reach the observer
	const fuzzHeld = Y.snapshot(fuzzObserver.doc);
	writerStock.close();
	writerApp.close();
	fuzzObserver.close();

	// Both rooms unload (grace 0) after compacting; fresh clients load them from the store.
	await sleep(500);
	const freshLegit = await connectStock(server, legitBoard, facilitator);
	expect(boardToJSON(freshLegit.doc)).toEqual(expected);
	const freshFuzz = await connectStock(server, fuzzBoard, facilitator);
	expect(Y.equalSnapshots(Y.snapshot(freshFuzz.doc), fuzzHeld)).toBe(true);
	// Whatever the fuzzers stored exports without a server error.
	const exported = await request(server, 'GET', `/api/boards/${fuzzBoard}/export?format=json`, undefined, facilitator);
	expect(exported.status).toBe(200);
	freshLegit.close();
	freshFuzz.close();

	// Nothing the fuzzers did was a server error.
	const errors = server
		.output()
		.split('\n')
		.filter((line) => /"level":(50|60)/.test(line));
	expect(errors).toEqual([]);
}, 45_000);
