/**
 * Room with a real SqliteStore(':memory:'), a LocalBus and a silent logger; connections are fakes
 * that record the frames the room sends them.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { newId, newJoinCode } from '../../src/lib/board/ids.js';
import { boardToJSON } from '../../src/lib/board/json.js';
import { addNote, collection, initBoardDoc, isLocked } from '../../src/lib/board/model.js';
import type { BoardAccess } from '../../src/lib/sync/access.js';
import { awarenessFrame, syncStep1Frame, updateFrame } from '../../src/lib/sync/frames.js';
import { MessageType, type CloseCode, type FrameAck } from '../../src/lib/sync/protocol.js';
import type { Bus } from '../../server/bus/Bus.js';
import { LocalBus } from '../../server/bus/LocalBus.js';
import { createLogger } from '../../server/logger.js';
import { Room, type RoomConnection } from '../../server/rooms/Room.js';
import { SqliteStore } from '../../server/store/SqliteStore.js';
import type { BoardRecord } from '../../server/store/Store.js';

// ── fakes and helpers ───────────────────────────────────────────────────────

class FakeConnection implements RoomConnection {
	readonly frames: Uint8Array[] = [];
	closed: { code: CloseCode; reason: string } | null = null;
	/** Called as each frame is sent, before it is recorded. */
	onSend: ((frame: Uint8Array) => void) | null = null;

	constructor(readonly access: BoardAccess) {}

	send(frame: Uint8Array): void {
		this.onSend?.(frame);
		this.frames.push(frame);
	}
	close(code: CloseCode, reason: string): void {
		this.closed = { code, reason };
	}
	clear(): void {
		this.frames.length = 0;
	}
	/** The Yjs updates (sync step 2 and update messages) among the frames received. */
	updates(): Uint8Array[] {
		return this.frames.map(decodeFrame).flatMap((f) => (f.kind === 'sync' && f.syncType !== syncProtocol.messageYjsSyncStep1 ? [f.payload] : []));
	}
}

/** A store whose appendUpdate waits until released, recording how far each call got. */
class SlowStore extends SqliteStore {
	private gate: Promise<void> | null = null;
	private open: (() => void) | null = null;
	entered = 0;
	appended = 0;

	hold(): void {
		this.gate = new Promise((resolve) => (this.open = resolve));
	}
	release(): void {
		this.open?.();
		this.gate = null;
	}
	override async appendUpdate(boardId: string, update: Uint8Array): Promise<number> {
		this.entered++;
		if (this.gate) await this.gate;
		const seq = await super.appendUpdate(boardId, update);
		this.appended++;
		return seq;
	}
}

/** A store that refuses the next `failing` loads, as a Redis store does while it is reconnecting. */
class FlakyStore extends SqliteStore {
	failing = 0;
	override async loadDoc(boardId: string) {
		if (this.failing > 0) {
			this.failing--;
			throw new Error('The client is offline');
		}
		return super.loadDoc(boardId);
	}
}

/** An in-process bus that can say it was cut off and is back, as RedisBus does after a reconnect. */
class ReconnectingBus implements Bus {
	private readonly local = new LocalBus();
	private readonly listeners = new Set<() => void>();
	publish(channel: string, message: Uint8Array) {
		return this.local.publish(channel, message);
	}
	subscribe(channel: string, handler: (message: Uint8Array) => void) {
		return this.local.subscribe(channel, handler);
	}
	onReconnect(listener: () => void) {
		this.listeners.add(listener);
		return () => void this.listeners.delete(listener);
	}
	close() {
		return this.local.close();
	}
	reconnect(): void {
		for (const listener of this.listeners) listener();
	}
}

type Decoded =
	| { kind: 'sync'; syncType: number; payload: Uint8Array }
	| { kind: 'awareness'; payload: Uint8Array }
	| { kind: 'other'; type: number };

function decodeFrame(frame: Uint8Array): Decoded {
	const decoder = decoding.createDecoder(frame);
	const type = decoding.readVarUint(decoder);
	if (type === MessageType.Sync) {
		const syncType = decoding.readVarUint(decoder);
		return { kind: 'sync', syncType, payload: decoding.readVarUint8Array(decoder) };
	}
	if (type === MessageType.Awareness) return { kind: 'awareness', payload: decoding.readVarUint8Array(decoder) };
	return { kind: 'other', type };
}

function syncFrame(syncType: number, payload: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.Sync);
	encoding.writeVarUint(encoder, syncType);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

/** A client replica that is in sync with the room. */
function clientOf(room: Room): Y.Doc {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc));
	return doc;
}

/** The update one local change produces. */
function edit(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
	const updates: Uint8Array[] = [];
	const record = (update: Uint8Array) => updates.push(update);
	doc.on('update', record);
	change(doc);
	doc.off('update', record);
	return Y.mergeUpdates(updates);
}

function applyFrames(doc: Y.Doc, connection: FakeConnection): void {
	for (const update of connection.updates()) Y.applyUpdate(doc, update, 'server');
}

function stateOf(bytes: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
	const doc = new Y.Doc();
	if (bytes.snapshot) Y.applyUpdate(doc, bytes.snapshot);
	for (const update of bytes.updates) Y.applyUpdate(doc, update);
	return doc;
}

/** Deterministic pseudo-random bytes (mulberry32), so "random" frames are the same every run. */
function pseudoRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const rooms: Room[] = [];
const stores: SqliteStore[] = [];
afterEach(async () => {
	for (const room of rooms.splice(0)) await room.unload().catch(() => undefined);
	for (const store of stores.splice(0)) await store.close();
});

async function setup({
	compactAfterUpdates = 1000,
	store = new SqliteStore(':memory:'),
	bus = new LocalBus(),
	locked = false,
	maxBoardBytes = 32 * 1024 * 1024,
	checkpointIntervalMs = 300_000,
	createdAt = 1
}: {
	compactAfterUpdates?: number;
	store?: SqliteStore;
	bus?: Bus;
	locked?: boolean;
	maxBoardBytes?: number;
	checkpointIntervalMs?: number;
	createdAt?: number;
} = {}) {
	stores.push(store);
	const workshopId = newId();
	const board: BoardRecord = { id: newId(), workshopId, name: 'Group 1', locked, removed: false, createdAt };
	const otherBoard: BoardRecord = { id: newId(), workshopId, name: 'Group 2', locked: false, removed: false, createdAt: 2 };
	const initial = new Y.Doc();
	initBoardDoc(initial, { title: 'Group 1', createdAt: 1 });
	const initialState = Y.encodeStateAsUpdate(initial);
	await store.createWorkshop(
		{ id: workshopId, title: 'Workshop', joinCode: newJoinCode(), createdAt: 1 },
		[board, otherBoard],
		new Map([[board.id, initialState]])
	);
	const options = { store, bus, log: createLogger('silent'), instanceId: 'instance-a', compactAfterUpdates, maxBoardBytes, checkpointIntervalMs };
	const room = await Room.load(board, options);
	rooms.push(room);
	const access = {
		facilitator: { role: 'facilitator', ownBoardId: null } as BoardAccess,
		writer: { role: 'participant', ownBoardId: board.id } as BoardAccess,
		reader: { role: 'participant', ownBoardId: otherBoard.id } as BoardAccess
	};
	const join = (who: keyof typeof access) => {
		const connection = new FakeConnection(access[who]);
		room.join(connection);
		return connection;
	};
	const storedUpdates = async () => (await store.loadDoc(board.id)).updates.length;
	return { store, bus, room, board, options, join, storedUpdates, initialState };
}

// ── tests ───────────────────────────────────────────────────────────────────

describe('Room: joining and syncing', () => {
	it('sends sync step 1 with the board state vector on join, and no presence when there is none', async () => {
		const { room, join } = await setup();
		const connection = join('writer');
		expect(connection.frames).toHaveLength(1);
		const frame = decodeFrame(connection.frames[0]);
		expect(frame).toMatchObject({ kind: 'sync', syncType: syncProtocol.messageYjsSyncStep1 });
		expect((frame as { payload: Uint8Array }).payload).toEqual(Y.encodeStateVector(room.doc));
	});

	it("answers a client's sync step 1 with step 2 carrying what it lacks (readers too)", async () => {
		const { room, join } = await setup();
		const reader = join('reader');
		reader.clear();
		const client = new Y.Doc();
		expect(await room.receive(reader, syncStep1Frame(client))).toEqual({ ok: true });
		const frames = reader.frames.map(decodeFrame);
		expect(frames).toHaveLength(1);
		expect(frames[0]).toMatchObject({ kind: 'sync', syncType: syncProtocol.messageYjsSyncStep2 });
		applyFrames(client, reader);
		expect(collection(client, 'meta').toJSON()).toMatchObject({ schema: 1, title: 'Group 1', locked: false });
		expect(boardToJSON(client)).toEqual(boardToJSON(room.doc));
	});

	it('answers new clients from the stored snapshot, then from one encoding until the board changes', async () => {
		const { room, join, store, board } = await setup();
		const stored = await store.loadDoc(board.id);
		expect(stored.updates).toHaveLength(0); // created with a snapshot only
		const joinNew = async () => {
			const connection = join('reader');
			connection.clear();
			expect(await room.receive(connection, syncStep1Frame(new Y.Doc()))).toEqual({ ok: true });
			return connection.frames[0];
		};
		const first = await joinNew();
		// The compacted snapshot's bytes themselves, not a new encoding of what was decoded from them.
		expect(Buffer.from((decodeFrame(first) as { payload: Uint8Array }).payload).equals(Buffer.from(stored.snapshot!))).toBe(true);
		expect(await joinNew()).toBe(first); // one frame for every new client

		const writer = join('writer');
		const addOne = async (text: string) =>
			expect(await room.receive(writer, updateFrame(edit(clientOf(room), (doc) => addNote(doc, { x: 0, y: 0, color: 'yellow', author: 'Dewi', text }))))).toEqual({ ok: true });
		await addOne('after the cache');
		const third = await joinNew();
		expect(third).not.toBe(first);
		const client = new Y.Doc();
		Y.applyUpdate(client, (decodeFrame(third) as { payload: Uint8Array }).payload);
		expect(boardToJSON(client)).toEqual(boardToJSON(room.doc));
		expect(readNotesCount(client)).toBe(1);
		expect(await joinNew()).toBe(third);
		// A client that has part of the board gets only what it lacks.
		const partial = clientOf(room);
		await addOne('later still');
		const reconnecting = join('reader');
		reconnecting.clear();
		await room.receive(reconnecting, syncStep1Frame(partial));
		const lacking = (decodeFrame(reconnecting.frames[0]) as { payload: Uint8Array }).payload;
		expect(lacking.byteLength).toBeLessThan(Y.encodeStateAsUpdate(room.doc).byteLength / 2);
		Y.applyUpdate(partial, lacking);
		expect(boardToJSON(partial)).toEqual(boardToJSON(room.doc));
	});

	describe('a freshly opened room (Room.open)', () => {
		async function reopened() {
			const { room, board, options, store } = await setup();
			rooms.splice(rooms.indexOf(room), 1);
			await room.unload(); // compacted: the stored snapshot is the whole board
			const opened = await Room.open(board, options);
			rooms.push(opened);
			const stored = await store.loadDoc(board.id);
			return { room: opened, stored, store, board };
		}
		const access = { role: 'participant', ownBoardId: null } as unknown as BoardAccess;

		it('answers a new client with the stored snapshot before decoding the board, then decodes it and sends step 1', async () => {
			const { room, stored } = await reopened();
			expect(stored.updates).toHaveLength(0);
			const connection = new FakeConnection(access);
			room.join(connection);
			expect(connection.frames).toHaveLength(0); // step 1 needs the doc's state vector: it waits
			expect(await room.receive(connection, syncStep1Frame(new Y.Doc()))).toEqual({ ok: true });
			expect(collection(room.doc, 'meta').size).toBe(0); // not decoded yet: the answer went first
			const answer = decodeFrame(connection.frames[0]) as { syncType: number; payload: Uint8Array };
			expect(answer.syncType).toBe(syncProtocol.messageYjsSyncStep2);
			expect(Buffer.from(answer.payload).equals(Buffer.from(stored.snapshot!))).toBe(true);
			await room.decoded; // starts right after the answer, without anyone asking for it
			expect(collection(room.doc, 'meta').get('title')).toBe('Group 1');
			await vi.waitFor(() => expect(connection.frames).toHaveLength(2));
			expect(decodeFrame(connection.frames[1])).toMatchObject({ kind: 'sync', syncType: syncProtocol.messageYjsSyncStep1 });
			expect((decodeFrame(connection.frames[1]) as { payload: Uint8Array }).payload).toEqual(Y.encodeStateVector(room.doc));
		});

		it('a write arriving before the decode waits for it, is stored and applied', async () => {
			const { room, store, board, stored } = await reopened();
			const writer = new FakeConnection({ role: 'participant', ownBoardId: board.id } as BoardAccess);
			room.join(writer);
			const client = new Y.Doc();
			Y.applyUpdate(client, stored.snapshot!);
			const update = edit(client, (doc) => addNote(doc, { x: 1, y: 1, color: 'blue', author: 'Aigerim', text: 'early' }));
			expect(await room.receive(writer, updateFrame(update))).toEqual({ ok: true });
			expect(readNotesCount(room.doc)).toBe(1);
			expect(collection(room.doc, 'meta').get('title')).toBe('Group 1');
			expect((await store.loadDoc(board.id)).updates).toHaveLength(1);
		});

		it('decodes by itself shortly after opening when no client asks', async () => {
			const { room } = await reopened();
			expect(collection(room.doc, 'meta').size).toBe(0);
			await room.decoded;
			expect(collection(room.doc, 'meta').get('title')).toBe('Group 1');
		});
	});

	it("stores a writer's update and sends it to the other connections, not back to its author", async () => {
		const { room, join, store, board, initialState } = await setup();
		const writer = join('writer');
		const other = join('reader');
		writer.clear();
		other.clear();
		const client = clientOf(room);
		let noteId = '';
		const update = edit(client, (doc) => (noteId = addNote(doc, { x: 1, y: 2, color: 'yellow', author: 'Dewi', text: 'halo' })));
		expect(await room.receive(writer, updateFrame(update))).toEqual({ ok: true });
		expect(collection(stateOf(await store.loadDoc(board.id)), 'notes').has(noteId)).toBe(true);
		expect(collection(room.doc, 'notes').has(noteId)).toBe(true);
		expect(writer.frames).toHaveLength(0);
		expect(other.updates()).toHaveLength(1);
		// A reader that had the initial board catches up from the relayed frame alone.
		const otherCopy = stateOf({ snapshot: initialState, updates: [] });
		applyFrames(otherCopy, other);
		expect(collection(otherCopy, 'notes').has(noteId)).toBe(true);
		expect(boardToJSON(otherCopy)).toEqual(boardToJSON(room.doc));
	});
});

describe('Room: durability rule', () => {
	it('stores an update BEFORE any other connection receives it', async () => {
		const store = new SlowStore(':memory:');
		const { room, join, board } = await setup({ store });
		const writer = join('writer');
		const other = join('facilitator');
		writer.clear();
		other.clear();
		const appendedWhenSent: number[] = [];
		other.onSend = () => appendedWhenSent.push(store.appended);

		const client = clientOf(room);
		const update = edit(client, (doc) => addNote(doc, { x: 0, y: 0, color: 'blue', author: 'A', text: 'durable' }));
		store.hold();
		let acked: FrameAck | null = null;
		const pending = room.receive(writer, updateFrame(update)).then((ack) => (acked = ack));

		// The room is now waiting on the store...
		await vi.waitFor(() => expect(store.entered).toBe(1));
		for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
		// ...and nothing has left it: no frame to the other connection, no ack, not applied.
		expect(other.frames).toHaveLength(0);
		expect(acked).toBeNull();
		expect(readNotesCount(room.doc)).toBe(0);

		store.release();
		await pending;
		expect(acked).toEqual({ ok: true });
		expect(other.updates()).toHaveLength(1);
		expect(appendedWhenSent).toEqual([1]);
		expect(readNotesCount(stateOf(await store.loadDoc(board.id)))).toBe(1);
	});

	it('applies writes one at a time in arrival order while the store is slow', async () => {
		const store = new SlowStore(':memory:');
		const { room, join, board } = await setup({ store });
		const writer = join('writer');
		const client = clientOf(room);
		const first = edit(client, (doc) => collection(doc, 'meta').set('title', 'first'));
		const second = edit(client, (doc) => collection(doc, 'meta').set('title', 'second'));
		store.hold();
		const acks = [room.receive(writer, updateFrame(first)), room.receive(writer, updateFrame(second))];
		await vi.waitFor(() => expect(store.entered).toBe(1));
		store.release();
		expect(await Promise.all(acks)).toEqual([{ ok: true }, { ok: true }]);
		expect(collection(room.doc, 'meta').get('title')).toBe('second');
		expect(collection(stateOf(await store.loadDoc(board.id)), 'meta').get('title')).toBe('second');
	});
});

function readNotesCount(doc: Y.Doc): number {
	return collection(doc, 'notes').size;
}

describe('Room: access', () => {
	it("answers a read-only connection's update with read-only and never stores or relays it", async () => {
		const { room, join, storedUpdates } = await setup();
		const reader = join('reader');
		const other = join('writer');
		reader.clear();
		other.clear();
		const before = await storedUpdates();
		const update = edit(clientOf(room), (doc) => addNote(doc, { x: 0, y: 0, color: 'pink', author: 'Intruder' }));
		expect(await room.receive(reader, updateFrame(update))).toEqual({ ok: false, reason: 'read-only' });
		expect(await room.receive(reader, syncFrame(syncProtocol.messageYjsSyncStep2, update))).toEqual({ ok: false, reason: 'read-only' });
		expect(await storedUpdates()).toBe(before);
		expect(readNotesCount(room.doc)).toBe(0);
		expect(other.frames).toHaveLength(0);
		expect(reader.frames).toHaveLength(0);
	});

	it("accepts a reader's sync step 2 that carries nothing new", async () => {
		const { room, join, storedUpdates } = await setup();
		const reader = join('reader');
		const client = clientOf(room);
		const step2 = Y.encodeStateAsUpdate(client, Y.encodeStateVector(room.doc));
		const before = await storedUpdates();
		expect(await room.receive(reader, syncFrame(syncProtocol.messageYjsSyncStep2, step2))).toEqual({ ok: true });
		expect(await storedUpdates()).toBe(before);
	});

	it('refuses a participant on a locked board, and lets a facilitator write it', async () => {
		const { room, join, storedUpdates } = await setup({ locked: true });
		expect(isLocked(room.doc)).toBe(true); // mirrored from the store's record on load
		const participant = join('writer');
		const facilitator = join('facilitator');
		const before = await storedUpdates();
		const refused = edit(clientOf(room), (doc) => addNote(doc, { x: 0, y: 0, color: 'pink', author: 'P' }));
		expect(await room.receive(participant, updateFrame(refused))).toEqual({ ok: false, reason: 'read-only' });
		expect(await storedUpdates()).toBe(before);
		const accepted = edit(clientOf(room), (doc) => addNote(doc, { x: 0, y: 0, color: 'blue', author: 'F' }));
		expect(await room.receive(facilitator, updateFrame(accepted))).toEqual({ ok: true });
		expect(await storedUpdates()).toBe(before + 1);
		expect(readNotesCount(room.doc)).toBe(1);
	});

	it('locking while connected refuses the participant from then on, shows it in meta.locked, and unlocking lets it write again', async () => {
		const { room, join, store, board } = await setup();
		const participant = join('writer');
		participant.clear();
		await room.setLocked(true);
		expect(isLocked(room.doc)).toBe(true);
		expect(isLocked(stateOf(await store.loadDoc(board.id)))).toBe(true);
		const client = clientOf(room);
		expect(isLocked(client)).toBe(true);
		const mirrored = new Y.Doc();
		Y.applyUpdate(mirrored, (await store.loadDoc(board.id)).snapshot!);
		applyFrames(mirrored, participant);
		expect(isLocked(mirrored)).toBe(true); // the lock reached the connection

		const update = edit(client, (doc) => collection(doc, 'meta').set('title', 'while locked'));
		expect(await room.receive(participant, updateFrame(update))).toEqual({ ok: false, reason: 'read-only' });
		await room.setLocked(false);
		const again = edit(clientOf(room), (doc) => collection(doc, 'meta').set('title', 'unlocked'));
		expect(await room.receive(participant, updateFrame(again))).toEqual({ ok: true });
		expect(collection(room.doc, 'meta').get('title')).toBe('unlocked');
	});

	it('reverts a client update that sets meta.locked, in the room, the store and on every connection', async () => {
		const { room, join, store, board } = await setup();
		const author = join('writer');
		const other = join('facilitator');
		const authorDoc = clientOf(room);
		const otherDoc = clientOf(room);
		author.clear();
		other.clear();
		const update = edit(authorDoc, (doc) => {
			collection(doc, 'meta').set('locked', true);
			collection(doc, 'meta').set('title', 'kept');
		});
		expect(await room.receive(author, updateFrame(update))).toEqual({ ok: true });
		expect(isLocked(room.doc)).toBe(false);
		expect(collection(room.doc, 'meta').get('title')).toBe('kept');
		expect(isLocked(stateOf(await store.loadDoc(board.id)))).toBe(false);
		applyFrames(authorDoc, author);
		applyFrames(otherDoc, other);
		expect(isLocked(authorDoc)).toBe(false);
		expect(isLocked(otherDoc)).toBe(false);
		expect(boardToJSON(otherDoc)).toEqual(boardToJSON(room.doc));
		// Participants may still write: the lock they set had no effect.
		const next = edit(authorDoc, (doc) => collection(doc, 'meta').set('title', 'still writable'));
		expect(await room.receive(author, updateFrame(next))).toEqual({ ok: true });
	});

	it('reverts a facilitator unlocking a locked board through the document', async () => {
		const { room, join } = await setup({ locked: true });
		const facilitator = join('facilitator');
		const update = edit(clientOf(room), (doc) => collection(doc, 'meta').set('locked', false));
		expect(await room.receive(facilitator, updateFrame(update))).toEqual({ ok: true });
		expect(isLocked(room.doc)).toBe(true);
	});

	it('refuses an update that builds on changes the server does not have (out-of-sync)', async () => {
		const { room, join, storedUpdates } = await setup();
		const writer = join('writer');
		const client = clientOf(room);
		edit(client, (doc) => collection(doc, 'meta').set('title', 'never sent'));
		const dependent = edit(client, (doc) => collection(doc, 'meta').set('title', 'depends on it'));
		const before = await storedUpdates();
		expect(await room.receive(writer, updateFrame(dependent))).toEqual({ ok: false, reason: 'out-of-sync' });
		expect(await storedUpdates()).toBe(before);
		expect(collection(room.doc, 'meta').get('title')).toBe('Group 1');
	});
});

describe('Room: malformed frames', () => {
	async function expectMalformed(frames: Uint8Array[], label: string) {
		const { room, join, storedUpdates } = await setup();
		const writer = join('facilitator');
		const other = join('writer');
		other.clear();
		const before = await storedUpdates();
		const state = Y.encodeStateVector(room.doc);
		for (const [i, frame] of frames.entries()) {
			expect(await room.receive(writer, frame), `${label} #${i}: ${[...frame.slice(0, 12)]}`).toEqual({ ok: false, reason: 'malformed' });
		}
		expect(await storedUpdates()).toBe(before);
		expect(Y.encodeStateVector(room.doc)).toEqual(state);
		expect(other.frames).toHaveLength(0);
		return room;
	}

	it('refuses empty frames, unknown message types and unknown sync types', async () => {
		await expectMalformed(
			[new Uint8Array(0), new Uint8Array([7]), new Uint8Array([0x80]), new Uint8Array([MessageType.Sync, 9, 0]), new Uint8Array([MessageType.Sync])],
			'bad type'
		);
	});

	it('refuses every truncation of a valid update frame', async () => {
		const source = new Y.Doc();
		initBoardDoc(source, { title: 'x', createdAt: 1 });
		const update = edit(source, (doc) => addNote(doc, { x: 1, y: 1, color: 'yellow', author: 'A', text: 'truncated' }));
		const frame = updateFrame(update);
		const truncations = Array.from({ length: frame.length - 1 }, (_, n) => frame.slice(0, n + 1));
		await expectMalformed(truncations, 'truncated');
	});

	it('refuses a truncated frame even when it is a view into a larger buffer (pooled Buffers)', async () => {
		const source = new Y.Doc();
		const update = edit(source, (doc) => addNote(doc, { x: 1, y: 1, color: 'yellow', author: 'A', text: 'pooled' }));
		const frame = updateFrame(update);
		const pooled = Buffer.alloc(frame.length + 64);
		pooled.set(frame, 0);
		await expectMalformed([pooled.subarray(0, frame.length - 5), pooled.subarray(0, 4)], 'view');
	});

	it('refuses update frames whose update bytes are garbage', async () => {
		const random = pseudoRandom(42);
		const garbage: Uint8Array[] = [new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]), new Uint8Array([1]), new Uint8Array([5, 1, 2, 3])];
		while (garbage.length < 40) {
			const bytes = Uint8Array.from({ length: 1 + Math.floor(random() * 64) }, () => Math.floor(random() * 256));
			let decodes = true;
			try {
				Y.decodeUpdate(bytes);
			} catch {
				decodes = false;
			}
			if (!decodes) garbage.push(bytes);
		}
		for (const bytes of garbage) expect(() => Y.decodeUpdate(bytes)).toThrow(); // the premise of this test
		const frames = garbage.flatMap((bytes) => [
			syncFrame(syncProtocol.messageYjsUpdate, bytes),
			syncFrame(syncProtocol.messageYjsSyncStep2, bytes)
		]);
		await expectMalformed(frames, 'garbage update');
	});

	it('refuses awareness frames with garbage inside', async () => {
		const frame = (payload: number[]) => {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MessageType.Awareness);
			encoding.writeVarUint8Array(encoder, new Uint8Array(payload));
			return encoding.toUint8Array(encoder);
		};
		const room = await expectMalformed(
			[frame([1, 5, 1, 3, 123, 125]), frame([1, 5, 1, 8, ...Buffer.from('{"user":')]), frame([200]), new Uint8Array([MessageType.Awareness, 50, 1])],
			'awareness'
		);
		expect(room.awareness.getStates().size).toBe(0);
	});

	it('survives random bytes: never throws, never stores, never changes the board', async () => {
		const { room, join, storedUpdates } = await setup();
		const writer = join('facilitator');
		const random = pseudoRandom(7);
		const before = await storedUpdates();
		const state = Y.encodeStateVector(room.doc);
		for (let i = 0; i < 500; i++) {
			const frame = Uint8Array.from({ length: Math.floor(random() * 48) }, () => Math.floor(random() * 256));
			const ack = await room.receive(writer, frame);
			// Auth, awareness queries and harmless sync step 1 requests are answered ok; nothing else may pass.
			if (!ack.ok) expect(['malformed', 'out-of-sync']).toContain(ack.reason);
		}
		expect(await storedUpdates()).toBe(before);
		expect(Y.encodeStateVector(room.doc)).toEqual(state);
	});
});

describe('Room: presence', () => {
	function presenceOf(name: string) {
		const doc = new Y.Doc();
		const awareness = new awarenessProtocol.Awareness(doc);
		awareness.setLocalState({ user: { name, color: '#00798c', role: 'participant' }, cursor: { x: 1, y: 2 }, drag: null, editing: null });
		return awareness;
	}
	/** An Awareness fed with every awareness frame a connection has received. */
	function viewOf(connection: FakeConnection) {
		const viewer = new awarenessProtocol.Awareness(new Y.Doc());
		viewer.setLocalState(null);
		for (const frame of connection.frames) {
			const decoded = decodeFrame(frame);
			if (decoded.kind === 'awareness') awarenessProtocol.applyAwarenessUpdate(viewer, decoded.payload, 'room');
		}
		return viewer.getStates();
	}
	const awarenessFrames = (connection: FakeConnection) => connection.frames.map(decodeFrame).filter((f) => f.kind === 'awareness');

	it('relays awareness from one connection to the others, and removes it when that connection leaves', async () => {
		const { room, join } = await setup();
		const a = join('writer');
		const b = join('reader');
		a.clear();
		b.clear();
		const presence = presenceOf('Aigerim');

		expect(await room.receive(a, awarenessFrame(presence, [presence.clientID]))).toEqual({ ok: true });
		expect(room.awareness.getStates().has(presence.clientID)).toBe(true);
		await vi.waitFor(() => expect(viewOf(b).get(presence.clientID)).toMatchObject({ user: { name: 'Aigerim' }, cursor: { x: 1, y: 2 } }));

		room.leave(a);
		const sentToA = a.frames.length;
		expect(room.awareness.getStates().has(presence.clientID)).toBe(false);
		expect(room.size).toBe(1);
		await vi.waitFor(() => expect(viewOf(b).has(presence.clientID)).toBe(false));
		expect(a.frames).toHaveLength(sentToA); // nothing more reaches a connection that left
	});

	it('batches a burst of presence changes into few frames that end with the latest state', async () => {
		const { room, join } = await setup();
		const a = join('writer');
		const b = join('reader');
		b.clear();
		const presence = presenceOf('Dewi');
		for (let x = 0; x < 50; x++) {
			presence.setLocalStateField('cursor', { x, y: x });
			await room.receive(a, awarenessFrame(presence, [presence.clientID]));
		}
		await vi.waitFor(() => expect(viewOf(b).get(presence.clientID)).toMatchObject({ cursor: { x: 49, y: 49 } }));
		expect(awarenessFrames(b).length).toBeLessThan(50);
	});

	it('sends the current presence to a connection that joins later', async () => {
		const { room, join } = await setup();
		const a = join('writer');
		const presence = presenceOf('Min-jun');
		await room.receive(a, awarenessFrame(presence, [presence.clientID]));
		const late = join('facilitator');
		expect(late.frames.map(decodeFrame).map((f) => f.kind)).toEqual(['sync', 'awareness']);
		expect(viewOf(late).get(presence.clientID)).toMatchObject({ user: { name: 'Min-jun' } });
	});

	it('removes only the presence a leaving connection introduced', async () => {
		const { room, join } = await setup();
		const a = join('writer');
		const b = join('writer');
		const pa = presenceOf('A');
		const pb = presenceOf('B');
		await room.receive(a, awarenessFrame(pa, [pa.clientID]));
		await room.receive(b, awarenessFrame(pb, [pb.clientID]));
		room.leave(a);
		expect([...room.awareness.getStates().keys()]).toEqual([pb.clientID]);
		expect(room.size).toBe(1);
	});

	it('answers a query for awareness with the current states', async () => {
		const { room, join } = await setup();
		const a = join('writer');
		const presence = presenceOf('Sari');
		await room.receive(a, awarenessFrame(presence, [presence.clientID]));
		const b = join('reader');
		b.clear();
		expect(await room.receive(b, new Uint8Array([MessageType.QueryAwareness]))).toEqual({ ok: true });
		expect(awarenessFrames(b)).toHaveLength(1);
		expect(viewOf(b).get(presence.clientID)).toMatchObject({ user: { name: 'Sari' } });
	});
});

describe('Room: compaction and unload', () => {
	async function write(room: Room, connection: FakeConnection, title: string) {
		const update = edit(clientOf(room), (doc) => {
			collection(doc, 'meta').set('title', title);
			addNote(doc, { x: 0, y: 0, color: 'green', author: 'A', text: title });
		});
		expect(await room.receive(connection, updateFrame(update))).toEqual({ ok: true });
	}

	it('compacts after compactAfterUpdates writes into a snapshot that rebuilds an equal doc', async () => {
		const { room, join, store, board, initialState } = await setup({ compactAfterUpdates: 3 });
		const writer = join('writer');
		await write(room, writer, 'one');
		await write(room, writer, 'two');
		expect((await store.loadDoc(board.id)).updates).toHaveLength(2);
		await write(room, writer, 'three');
		const stored = await store.loadDoc(board.id);
		expect(stored.updates).toHaveLength(0);
		expect(stored.snapshot).not.toBeNull();
		expect(Buffer.from(stored.snapshot!).equals(Buffer.from(initialState))).toBe(false);
		expect(boardToJSON(stateOf(stored))).toEqual(boardToJSON(room.doc));
		expect(readNotesCount(stateOf(stored))).toBe(3);

		await write(room, writer, 'four');
		const later = await store.loadDoc(board.id);
		expect(later.updates).toHaveLength(1);
		expect(boardToJSON(stateOf(later))).toEqual(boardToJSON(room.doc));
	});

	it('unload compacts the log, and the board loads back equal', async () => {
		const { room, join, store, board, options } = await setup();
		const writer = join('writer');
		await write(room, writer, 'one');
		await write(room, writer, 'two');
		expect((await store.loadDoc(board.id)).updates).toHaveLength(2);
		const before = boardToJSON(room.doc);
		rooms.splice(rooms.indexOf(room), 1);
		await room.unload();
		const stored = await store.loadDoc(board.id);
		expect(stored.updates).toHaveLength(0);
		expect(boardToJSON(stateOf(stored))).toEqual(before);
		const reloaded = await Room.load(board, options);
		rooms.push(reloaded);
		expect(boardToJSON(reloaded.doc)).toEqual(before);
	});

	it('unload without changes leaves the stored snapshot as it was', async () => {
		const { room, store, board, initialState } = await setup();
		rooms.splice(rooms.indexOf(room), 1);
		await room.unload();
		const stored = await store.loadDoc(board.id);
		expect(Buffer.from(stored.snapshot!).equals(Buffer.from(initialState))).toBe(true);
		expect(stored.updates).toHaveLength(0);
	});

	it('unload waits for a write still waiting on the store', async () => {
		const store = new SlowStore(':memory:');
		const { room, join, board } = await setup({ store });
		const writer = join('writer');
		const update = edit(clientOf(room), (doc) => addNote(doc, { x: 0, y: 0, color: 'blue', author: 'A' }));
		store.hold();
		const ack = room.receive(writer, updateFrame(update));
		await vi.waitFor(() => expect(store.entered).toBe(1));
		rooms.splice(rooms.indexOf(room), 1);
		const unloaded = room.unload();
		store.release();
		expect(await ack).toEqual({ ok: true });
		await unloaded;
		const stored = await store.loadDoc(board.id);
		expect(stored.updates).toHaveLength(0);
		expect(readNotesCount(stateOf(stored))).toBe(1);
	});
});

describe('Room: across instances (bus)', () => {
	it("relays a write to another instance's connections without storing it twice", async () => {
		const { room, join, board, options, storedUpdates } = await setup();
		const second = await Room.load(board, { ...options, instanceId: 'instance-b' });
		rooms.push(second);
		const remote = new FakeConnection({ role: 'facilitator', ownBoardId: null });
		second.join(remote);
		remote.clear();
		const writer = join('writer');
		const before = await storedUpdates();
		const update = edit(clientOf(room), (doc) => addNote(doc, { x: 0, y: 0, color: 'blue', author: 'A', text: 'via bus' }));
		expect(await room.receive(writer, updateFrame(update))).toEqual({ ok: true });
		await vi.waitFor(() => expect(readNotesCount(second.doc)).toBe(1));
		expect(remote.updates()).toHaveLength(1);
		expect(await storedUpdates()).toBe(before + 1);
		expect(boardToJSON(second.doc)).toEqual(boardToJSON(room.doc));
	});

	it('relays presence to another instance', async () => {
		const { room, join, board, options } = await setup();
		const second = await Room.load(board, { ...options, instanceId: 'instance-b' });
		rooms.push(second);
		const a = join('writer');
		const awareness = new awarenessProtocol.Awareness(new Y.Doc());
		awareness.setLocalState({ user: { name: 'Remote', color: '#000', role: 'participant' } });
		await room.receive(a, awarenessFrame(awareness, [awareness.clientID]));
		await vi.waitFor(() => expect(second.awareness.getStates().get(awareness.clientID)).toMatchObject({ user: { name: 'Remote' } }));
	});
	it('catches up from the store after the bus comes back, retrying while the store is still unreachable', async () => {
		// After a Redis restart the bus and the store reconnect at different moments: the bus may
		// report it is back while the store still refuses every command.
		const store = new FlakyStore(':memory:');
		const bus = new ReconnectingBus();
		const { room, board, join } = await setup({ store, bus });
		const writer = join('writer');
		writer.clear();
		// Stored by another instance while this one's bus was cut off: the bus message never came.
		const update = edit(clientOf(room), (doc) => addNote(doc, { x: 0, y: 0, color: 'blue', author: 'B', text: 'missed' }));
		await store.appendUpdate(board.id, update);
		store.failing = 2;
		bus.reconnect();
		await vi.waitFor(() => expect(readNotesCount(room.doc)).toBe(1), { timeout: 5_000 });
		expect(store.failing).toBe(0);
		// ...and the room's clients get it too.
		const client = new Y.Doc();
		applyFrames(client, writer);
		expect(readNotesCount(client)).toBe(1);
	});
});

describe('Room: redundant updates', () => {
	it("does not store or broadcast a writer's sync step 2 that carries nothing new (every client sends one on connect)", async () => {
		const { room, join, storedUpdates } = await setup();
		const writer = join('writer');
		const other = join('facilitator');
		other.clear();
		const client = clientOf(room);
		const step2 = Y.encodeStateAsUpdate(client, Y.encodeStateVector(room.doc));
		const before = await storedUpdates();
		expect(await room.receive(writer, syncFrame(syncProtocol.messageYjsSyncStep2, step2))).toEqual({ ok: true });
		expect(await storedUpdates()).toBe(before);
		expect(other.frames).toHaveLength(0);
	});
});

describe('Room: board size limit', () => {
	it('refuses an update that would grow the stored board past maxBoardBytes, and stores nothing of it', async () => {
		const { room, join, storedUpdates, initialState } = await setup({ maxBoardBytes: 4096 });
		const writer = join('writer');
		const before = await storedUpdates();
		const source = new Y.Doc();
		Y.applyUpdate(source, initialState);
		const small = edit(source, (doc) => addNote(doc, { x: 1, y: 1, color: 'yellow', author: 'A', text: 'fits' }));
		expect(await room.receive(writer, updateFrame(small))).toEqual({ ok: true });
		const big = edit(source, (doc) => addNote(doc, { x: 1, y: 1, color: 'yellow', author: 'A', text: 'x'.repeat(5000) }));
		expect(await room.receive(writer, updateFrame(big))).toEqual({ ok: false, reason: 'board-full' });
		expect(await storedUpdates()).toBe(before + 1);
	});
});


describe('Room: history checkpoints', () => {
	const T0 = 1_760_000_000_000;
	const INTERVAL = 60_000;

	/** Records the order of the store calls that write. */
	class RecordingStore extends SqliteStore {
		readonly calls: string[] = [];
		failCheckpoints = false;
		override async appendUpdate(boardId: string, update: Uint8Array): Promise<number> {
			this.calls.push('append');
			return super.appendUpdate(boardId, update);
		}
		override async addCheckpoint(boardId: string, at: number, state: Uint8Array): Promise<void> {
			this.calls.push(`checkpoint@${at}`);
			if (this.failCheckpoints) throw new Error('disk full');
			return super.addCheckpoint(boardId, at, state);
		}
	}

	afterEach(() => {
		vi.useRealTimers();
	});

	function titleAt(state: Uint8Array): string {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, state);
		return collection(doc, 'meta').get('title') as string;
	}

	async function history(now = T0 + 3_600_000) {
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(now);
		const store = new RecordingStore(':memory:');
		const made = await setup({ store, checkpointIntervalMs: INTERVAL, createdAt: T0 });
		const writer = made.join('writer');
		const setTitle = async (title: string) => {
			const update = edit(clientOf(made.room), (doc) => collection(doc, 'meta').set('title', title));
			expect(await made.room.receive(writer, updateFrame(update))).toEqual({ ok: true });
		};
		const at = async (time: number) => {
			const found = await store.getCheckpoint(made.board.id, time);
			return found && { at: found.at, title: titleAt(found.state) };
		};
		return { ...made, store, setTitle, at, advance: (ms: number) => vi.setSystemTime(Date.now() + ms) };
	}

	it('gives a never-written board its first checkpoint on its first load, dated at its creation', async () => {
		const { store, board, at } = await history();
		expect(await store.listCheckpoints(board.id)).toEqual([T0]);
		expect(await at(T0)).toEqual({ at: T0, title: 'Group 1' });
		expect(await at(T0 - 1)).toBeNull();
	});

	it('stores the state before a write once the last checkpoint is an interval old, dated when that state began', async () => {
		const h = await history();
		const start = Date.now();
		await h.setTitle('one'); // the creation checkpoint already holds the state before it
		h.advance(10_000);
		await h.setTitle('two'); // within the interval of the last checkpoint written (at load)
		expect(await h.store.listCheckpoints(h.board.id)).toEqual([T0]);
		const twoAt = Date.now();
		h.advance(INTERVAL);
		h.store.calls.length = 0;
		await h.setTitle('three');
		// Written before the update it precedes, and holding the state that update found.
		expect(h.store.calls).toEqual([`checkpoint@${twoAt}`, 'append']);
		expect(await h.store.listCheckpoints(h.board.id)).toEqual([T0, twoAt]);
		// Exact for the quiet stretch before 'three'...
		expect(await h.at(twoAt)).toEqual({ at: twoAt, title: 'two' });
		expect(await h.at(Date.now() - 1)).toEqual({ at: twoAt, title: 'two' });
		// ...and at most one interval early inside the busy one ('one' is shown as changed since).
		expect(await h.at(start + 5_000)).toEqual({ at: T0, title: 'Group 1' });

		// Paced: the next write within the interval stores none.
		h.advance(1_000);
		await h.setTitle('four');
		expect(await h.store.listCheckpoints(h.board.id)).toHaveLength(2);
	});

	it('a failing checkpoint never fails the write, and is tried again an interval later, not on every write', async () => {
		const h = await history();
		await h.setTitle('one');
		h.advance(INTERVAL);
		h.store.failCheckpoints = true;
		h.store.calls.length = 0;
		await h.setTitle('two');
		expect(h.store.calls).toEqual([expect.stringMatching(/^checkpoint@/), 'append']);
		expect((await h.store.loadDoc(h.board.id)).updates).toHaveLength(2);
		h.store.failCheckpoints = false;
		h.advance(1_000);
		h.store.calls.length = 0;
		await h.setTitle('three');
		expect(h.store.calls).toEqual(['append']);
		h.advance(INTERVAL);
		await h.setTitle('four');
		const times = await h.store.listCheckpoints(h.board.id);
		expect(times).toHaveLength(2);
		expect((await h.at(times[1]))!.title).toBe('three');
	});

	it('unloading keeps the last state; loading it back again adds no checkpoint of the same state', async () => {
		const h = await history();
		await h.setTitle('one');
		const oneAt = Date.now();
		h.advance(5_000);
		rooms.splice(rooms.indexOf(h.room), 1);
		await h.room.unload();
		expect(await h.store.listCheckpoints(h.board.id)).toEqual([T0, oneAt]);

		h.advance(24 * 3_600_000);
		const reloaded = await Room.load(h.board, h.options);
		rooms.push(reloaded);
		const writer = new FakeConnection({ role: 'participant', ownBoardId: h.board.id });
		reloaded.join(writer);
		const update = edit(clientOf(reloaded), (doc) => collection(doc, 'meta').set('title', 'next day'));
		expect(await reloaded.receive(writer, updateFrame(update))).toEqual({ ok: true });
		// 'one' held from oneAt until now, and the checkpoint at oneAt already says so.
		expect(await h.store.listCheckpoints(h.board.id)).toEqual([T0, oneAt]);
		expect(await h.at(Date.now() - 1)).toEqual({ at: oneAt, title: 'one' });
	});

	it('after a crash (no unload), changes since the last checkpoint go into a later one, never one dated before them', async () => {
		const h = await history();
		await h.setTitle('one'); // covered by no checkpoint yet
		const oneAt = Date.now();
		rooms.splice(rooms.indexOf(h.room), 1); // the process dies: no unload, no last checkpoint
		h.advance(3_600_000);
		const restarted = await Room.load(h.board, { ...h.options, instanceId: 'after-crash' });
		rooms.push(restarted);
		expect(await h.store.listCheckpoints(h.board.id)).toEqual([T0]);
		const writer = new FakeConnection({ role: 'participant', ownBoardId: h.board.id });
		restarted.join(writer);
		const write = async (title: string) => {
			const update = edit(clientOf(restarted), (doc) => collection(doc, 'meta').set('title', title));
			expect(await restarted.receive(writer, updateFrame(update))).toEqual({ ok: true });
		};
		await write('two');
		const twoAt = Date.now();
		h.advance(INTERVAL);
		await write('three');
		expect(await h.store.listCheckpoints(h.board.id)).toEqual([T0, twoAt]);
		// Between 'one' and 'two' the lookup is coarse (the creation state): 'one' shows as changed.
		expect(await h.at(oneAt + 1_000)).toEqual({ at: T0, title: 'Group 1' });
		expect(await h.at(twoAt)).toEqual({ at: twoAt, title: 'two' });
	});

	it('a board written before checkpoints existed gets its first at its load, holding what was loaded', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(T0 + 7_200_000);
		const store = new RecordingStore(':memory:');
		const made = await setup({ store, checkpointIntervalMs: INTERVAL, createdAt: T0 });
		// Make it look like an old board: drop its checkpoints, write to its log directly, and reload.
		rooms.splice(rooms.indexOf(made.room), 1);
		await made.room.unload();
		const old = new Y.Doc();
		Y.applyUpdate(old, made.initialState);
		await store.appendUpdate(made.board.id, edit(old, (doc) => collection(doc, 'meta').set('title', 'old history')));
		(store as unknown as { db: { exec(sql: string): void } }).db.exec('DELETE FROM board_checkpoints');
		vi.setSystemTime(T0 + 9_000_000);
		const room = await Room.load(made.board, made.options);
		rooms.push(room);
		expect(await store.listCheckpoints(made.board.id)).toEqual([T0 + 9_000_000]);
		expect(titleAt((await store.getCheckpoint(made.board.id, Infinity))!.state)).toBe('old history');
	});
});

describe('Room: restoring a named snapshot', () => {
	/** The room's board with two notes; returns the state then (a snapshot) and the note ids. */
	async function withSnapshot(options: Parameters<typeof setup>[0] = {}) {
		const made = await setup(options);
		const writer = made.join('writer');
		const client = clientOf(made.room);
		let kept = '';
		let edited = '';
		const first = edit(client, (doc) => {
			kept = addNote(doc, { x: 1, y: 1, color: 'yellow', author: 'Rina', text: 'keep me' });
			edited = addNote(doc, { x: 2, y: 2, color: 'blue', author: 'Rina', text: 'six months' });
		});
		expect(await made.room.receive(writer, updateFrame(first))).toEqual({ ok: true });
		const snapshot = await made.room.encodeState();
		// After the snapshot: one note deleted, one retyped, one added.
		const later = edit(client, (doc) => {
			collection(doc, 'notes').delete(kept);
			const text = (collection(doc, 'notes').get(edited) as Y.Map<unknown>).get('text') as Y.Text;
			text.delete(0, 3);
			text.insert(0, 'twelve');
			addNote(doc, { x: 3, y: 3, color: 'pink', author: 'Rina', text: 'added later' });
		});
		expect(await made.room.receive(writer, updateFrame(later))).toEqual({ ok: true });
		return { ...made, writer, snapshot, kept, edited };
	}

	const notesOf = (doc: Y.Doc) => boardToJSON(doc).board.notes;
	const snapshotNotes = (state: Uint8Array) => {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, state);
		return notesOf(doc);
	};

	it('stores the restore BEFORE applying or sending it, then every connection receives it', async () => {
		const store = new SlowStore(':memory:');
		const { room, writer, join, snapshot, board } = await withSnapshot({ store });
		const facilitator = join('facilitator');
		writer.clear();
		facilitator.clear();
		const before = notesOf(room.doc);
		store.hold();
		const pending = room.restore(snapshot);
		await vi.waitFor(() => expect(store.entered).toBe(3));
		for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
		expect(writer.frames).toHaveLength(0);
		expect(facilitator.frames).toHaveLength(0);
		expect(notesOf(room.doc)).toEqual(before);

		store.release();
		expect(await pending).toBe('restored');
		expect(notesOf(room.doc)).toEqual(snapshotNotes(snapshot));
		// Both connections, the writer too (the server made this change, not the writer).
		for (const connection of [writer, facilitator]) {
			const doc = clientOf(room);
			expect(connection.updates()).toHaveLength(1);
			applyFrames(doc, connection);
			expect(notesOf(doc)).toEqual(snapshotNotes(snapshot));
		}
		expect(notesOf(stateOf(await store.loadDoc(board.id)))).toEqual(snapshotNotes(snapshot));
	});

	it('leaves meta (title, lock) as it is, and writes nothing when the board already has the content', async () => {
		const { room, snapshot, storedUpdates, join, options, board } = await withSnapshot();
		await room.setLocked(true);
		const updates = await storedUpdates();
		expect(await room.restore(snapshot)).toBe('restored');
		expect(isLocked(room.doc)).toBe(true);
		expect(collection(room.doc, 'meta').get('title')).toBe('Group 1');
		expect(await storedUpdates()).toBe(updates + 1);
		const watcher = join('facilitator');
		watcher.clear();
		expect(await room.restore(snapshot)).toBe('unchanged');
		expect(await storedUpdates()).toBe(updates + 1);
		expect(watcher.frames).toHaveLength(0);
		// A fresh load of the board has the restored content.
		await room.unload();
		rooms.splice(rooms.indexOf(room), 1);
		const again = await Room.load(board, options);
		rooms.push(again);
		expect(notesOf(again.doc)).toEqual(snapshotNotes(snapshot));
	});

	it('refuses (board-full) a restore that would pass maxBoardBytes, writing nothing', async () => {
		const { room, snapshot, storedUpdates, store, board } = await withSnapshot({ maxBoardBytes: 1400 });
		const before = notesOf(room.doc);
		const updates = await storedUpdates();
		const big = new Y.Doc();
		Y.applyUpdate(big, snapshot);
		addNote(big, { x: 0, y: 0, color: 'green', author: 'A', text: 'x'.repeat(5000) });
		expect(await room.restore(Y.encodeStateAsUpdate(big))).toBe('board-full');
		expect(notesOf(room.doc)).toEqual(before);
		expect(await storedUpdates()).toBe(updates);
		expect(notesOf(stateOf(await store.loadDoc(board.id)))).toEqual(before);
	});

	it('runs in the write queue: a client write queued before it is kept only if the snapshot has it', async () => {
		const store = new SlowStore(':memory:');
		const { room, writer, snapshot } = await withSnapshot({ store });
		const client = clientOf(room);
		const racing = edit(client, (doc) => addNote(doc, { x: 9, y: 9, color: 'orange', author: 'Rina', text: 'racing' }));
		store.hold();
		const write = room.receive(writer, updateFrame(racing));
		const restore = room.restore(snapshot);
		store.release();
		expect(await write).toEqual({ ok: true });
		expect(await restore).toBe('restored');
		// The restore ran after the write, so it removed the note the snapshot never had.
		expect(notesOf(room.doc)).toEqual(snapshotNotes(snapshot));
	});
});
