/**
 * One loaded board: its Y.Doc, the presence of everyone on it, and the connections of this
 * instance. The room speaks y-websocket frames and knows nothing of socket.io or ws: transports
 * wrap their sockets as RoomConnections.
 *
 * Durability rule: an update is appended to the store before it is applied, and it is sent to
 * other clients (and acknowledged to its author) only after it is applied.
 *
 * Loading (open): the stored board is decoded into the doc just after the room opens; a new
 * client may be answered from the stored snapshot before that, everything else waits for it.
 *
 * History: before a write is appended, when the last checkpoint is at least checkpointIntervalMs
 * old and the board changed since, the room stores a checkpoint of the doc as it is before that
 * write, dated when this state began (the last change to the doc). The state held from then until
 * this write, so a lookup in a quiet period is exact, and one in a busy period is at most one
 * interval early (it shows a little more as changed, never less). Never-written boards get one
 * dated at their creation on their first load; unloading stores the last state if it has none.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { collection } from '../../src/lib/board/model.js';
import { restoreBoard } from '../../src/lib/board/restore.js';
import { canWriteBoard, type BoardAccess } from '../../src/lib/sync/access.js';
import { awarenessFrame, syncStep1Frame, syncStep2Frame, updateFrame } from '../../src/lib/sync/frames.js';
import { CloseCode, MessageType, type FrameAck } from '../../src/lib/sync/protocol.js';
import { boardChannel, type Bus } from '../bus/Bus.js';
import type { Logger } from '../logger.js';
import { hasUnmetDependencies, isSafeUpdate } from '../updateCheck.js';
import type { BoardRecord, Store, StoredDoc } from '../store/Store.js';

export interface RoomConnection {
	readonly access: BoardAccess;
	send(frame: Uint8Array): void;
	close(code: CloseCode, reason: string): void;
}

/** Transaction origins that are not a connection. */
const SERVER_ORIGIN = Symbol('server');
const BUS_ORIGIN = Symbol('bus');
/** A restore's update, applied after it was stored and broadcast like a client's. */
const RESTORE_ORIGIN = Symbol('restore');

const BusKind = { Update: 0, Awareness: 1, Lock: 2 } as const;

/**
 * Longest wait of a freshly opened room's decode for a new client to answer first (Room.open):
 * a client's first sync step 1 comes one round trip after it connected.
 */
const DECODE_DEFER_MS = 100;

/** Presence batching window: short enough that cursors feel live. */
const PRESENCE_FLUSH_MS = 30;

/**
 * Retries of a catch-up from the store that failed: the bus and the store use separate Redis
 * connections, which come back at different moments after a Redis restart, so the store may still
 * be unreachable when the bus reports it is back. Retried until it succeeds (or the room unloads).
 */
const CATCH_UP_RETRY_MIN_MS = 100;
const CATCH_UP_RETRY_MAX_MS = 2000;

export interface RoomOptions {
	store: Store;
	bus: Bus;
	log: Logger;
	/** Identifies this instance on the bus, so a room ignores its own messages. */
	instanceId: string;
	compactAfterUpdates: number;
	/** Stored bytes (snapshot plus log) a board may reach; writes beyond it are refused. */
	maxBoardBytes: number;
	/** Least time between two history checkpoints of the board (CHECKPOINT_INTERVAL_MS). */
	checkpointIntervalMs?: number;
}

/** CHECKPOINT_INTERVAL_MS's default: 5 minutes. */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 300_000;

export class Room {
	readonly doc = new Y.Doc();
	readonly awareness = new awarenessProtocol.Awareness(this.doc);
	/** Each connection with the awareness client ids it introduced (removed when it leaves). */
	private readonly connections = new Map<RoomConnection, Set<number>>();
	private locked: boolean;
	private updatesSinceCompaction: number;
	/** Bytes in the store for this board (snapshot plus log), kept up to date on every write. */
	private storedBytes: number;
	/** Writes are applied one at a time, in arrival order. */
	private tail: Promise<unknown> = Promise.resolve();
	private unsubscribeBus: (() => Promise<void>) | null = null;
	private stopCatchingUp: () => void = () => {};
	/** A catch-up retry waiting to run (the store was unreachable at the last attempt). */
	private catchUpTimer: NodeJS.Timeout | null = null;
	private unloaded = false;
	/** Dropped without storing anything (its board is being deleted): every write is refused. */
	private discarded = false;
	/** Presence changes waiting for the next batched fan-out. */
	private readonly pendingPresence = new Set<number>();
	private presenceTimer: NodeJS.Timeout | null = null;
	/** Server-made updates waiting for the store before they may be broadcast. */
	private heldServerUpdates: Uint8Array[] | null = null;
	/** When the doc took its current state (ms): the last change from any source. */
	private stateSince = 0;
	/** `at` of the newest checkpoint this room knows of (-Infinity: none). */
	private lastCheckpointAt = -Infinity;
	/** When that checkpoint was written (or learnt of, at load); paces the next one. */
	private lastCheckpointWrittenAt = -Infinity;
	/** The `votes` map as the server last wrote or received it (mirrorVotes), and whether a client changed it since. */
	private votes: VotesJSON = {};
	private votesTampered = false;
	/**
	 * The doc's whole state (and the step 2 frame that carries it), kept until the doc changes: a
	 * class joining at once pays for one encoding, not forty. Null when unknown.
	 */
	private wholeState: { update: Uint8Array; frame: Uint8Array } | null = null;
	/** Y.snapshot of the doc (a scan of every item), kept until the doc changes. */
	private docSnapshot: Y.Snapshot | null = null;
	/** Settles once the stored board is in the doc (open). */
	private loaded: Promise<void> = Promise.resolve();
	private isLoaded = false;
	/** Lets a waiting decode start now (open). */
	private openGate: () => void = () => {};

	private constructor(
		readonly board: BoardRecord,
		private readonly options: RoomOptions,
		stored: StoredDoc
	) {
		this.locked = board.locked;
		this.updatesSinceCompaction = stored.updates.length;
		this.storedBytes = storedSize(stored);
		// The server is not a participant: it publishes no presence of its own.
		this.awareness.setLocalState(null);
		this.doc.on('update', this.onDocUpdate);
		this.awareness.on('update', this.onAwarenessUpdate);
		collection(this.doc, 'votes').observeDeep((_events, transaction) => {
			if (transaction.origin === SERVER_ORIGIN || transaction.origin === BUS_ORIGIN || transaction.origin === RESTORE_ORIGIN) this.votes = votesOf(this.doc);
			else this.votesTampered = true;
		});
	}

	/** Opens the board's room and waits until the stored board is in its doc. */
	static async load(board: BoardRecord, options: RoomOptions): Promise<Room> {
		const room = await Room.open(board, options);
		await room.ready();
		return room;
	}

	/**
	 * Opens the board's room; the stored board goes into the doc right after (`ready()`). A
	 * compacted board's stored snapshot already is its whole state: a new client is answered with
	 * those bytes at once, and the decode — as long as that client's own — starts once the answer
	 * is on its way (or after DECODE_DEFER_MS), so the two run side by side. Everything else that
	 * needs the doc waits for it.
	 */
	static async open(board: BoardRecord, options: RoomOptions): Promise<Room> {
		const stored = await options.store.loadDoc(board.id);
		const room = new Room(board, options, stored);
		room.unsubscribeBus = await options.bus.subscribe(boardChannel(board.id), room.onBusMessage);
		room.stopCatchingUp = options.bus.onReconnect(() => room.startCatchUp());
		const seeded = stored.snapshot && stored.updates.length === 0 ? wholeStateOf(stored.snapshot) : null;
		room.wholeState = seeded;
		let openGate = () => {};
		const gate = seeded ? new Promise<void>((resolve) => (openGate = resolve)) : null;
		room.loaded = room.serial(async () => {
			if (gate) await gate;
			// A bus update applied meanwhile cleared the cache: the snapshot is then no longer all.
			const untouched = room.wholeState === seeded;
			room.doc.transact(() => applyStored(room.doc, stored), SERVER_ORIGIN);
			if (untouched) room.wholeState = seeded;
			room.isLoaded = true;
			await room.loadHistory(stored);
			try {
				// The store's lock is the truth; the doc may lag if a lock changed while it was unloaded.
				await room.mirrorLock();
			} catch (error) {
				room.options.log.warn({ err: error, boardId: board.id }, 'lock mirror failed; retried on the next write or unload');
			}
		});
		if (gate) {
			room.openGate = openGate;
			setTimeout(openGate, DECODE_DEFER_MS).unref();
		}
		return room;
	}

	/** Settles once the stored board is in the doc, without hurrying it (see ready()). */
	get decoded(): Promise<void> {
		return this.loaded;
	}

	/** Resolves once the stored board is in the doc (decoding it now if it was waiting). */
	ready(): Promise<void> {
		this.openGate();
		return this.loaded;
	}

	get size(): number {
		return this.connections.size;
	}

	join(connection: RoomConnection): void {
		this.connections.set(connection, new Set());
		// Step 1 carries the doc's state vector: it waits for the doc (a new client is answered before).
		if (this.isLoaded) connection.send(syncStep1Frame(this.doc));
		else
			void this.loaded.then(
				() => this.connections.has(connection) && connection.send(syncStep1Frame(this.doc)),
				() => connection.close(CloseCode.StoreUnavailable, 'board unavailable')
			);
		const states = [...this.awareness.getStates().keys()];
		if (states.length > 0) connection.send(awarenessFrame(this.awareness, states));
	}

	leave(connection: RoomConnection): void {
		const clients = this.connections.get(connection);
		this.connections.delete(connection);
		if (clients && clients.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...clients], null);
	}

	/** Handles one frame from a connection; the answer becomes the socket.io acknowledgement. */
	async receive(connection: RoomConnection, frame: Uint8Array): Promise<FrameAck> {
		try {
			const decoder = decoding.createDecoder(frame);
			const type = decoding.readVarUint(decoder);
			switch (type) {
				case MessageType.Sync:
					return await this.receiveSync(connection, decoder);
				case MessageType.Awareness: {
					const update = decoding.readVarUint8Array(decoder);
					awarenessProtocol.applyAwarenessUpdate(this.awareness, update, connection);
					return { ok: true };
				}
				case MessageType.QueryAwareness:
					connection.send(awarenessFrame(this.awareness, [...this.awareness.getStates().keys()]));
					return { ok: true };
				case MessageType.Auth:
					return { ok: true }; // tokens travel in the handshake, not in frames
				default:
					return { ok: false, reason: 'malformed' };
			}
		} catch (error) {
			this.options.log.debug({ err: error, boardId: this.board.id }, 'malformed frame');
			return { ok: false, reason: 'malformed' };
		}
	}

	private async receiveSync(connection: RoomConnection, decoder: decoding.Decoder): Promise<FrameAck> {
		const syncType = decoding.readVarUint(decoder);
		if (syncType === syncProtocol.messageYjsSyncStep1) {
			const stateVector = decoding.readVarUint8Array(decoder);
			// A new client (empty state vector) gets the cached whole state, even while the doc is still
			// waiting to be decoded (open): the decode starts once this answer is on its way.
			const isNew = Y.decodeStateVector(stateVector).size === 0;
			if (isNew && this.wholeState) {
				connection.send(this.wholeState.frame);
				if (!this.isLoaded) setImmediate(this.openGate);
				return { ok: true };
			}
			if (!this.isLoaded) await this.ready();
			connection.send(isNew ? this.wholeStateNow().frame : syncStep2Frame(Y.encodeStateAsUpdate(this.doc, stateVector)));
			return { ok: true };
		}
		if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
			return { ok: false, reason: 'malformed' };
		}
		const update = decoding.readVarUint8Array(decoder);
		// Only while decoding: a loaded room takes the write into its queue at once (arrival order).
		if (!this.isLoaded) await this.ready();
		// Refuse bytes that are not a sound Yjs update before they reach the store: a stored bad
		// update would break every later load of the board (server/updateCheck.ts says how).
		if (!isSafeUpdate(update)) return { ok: false, reason: 'malformed' };
		// Every client answers the server's step 1 with a step 2, usually repeating what the server
		// has (an up-to-date reconnect, a reader): nothing to store or refuse.
		const redundant = () => Y.snapshotContainsUpdate((this.docSnapshot ??= Y.snapshot(this.doc)), update);
		if (this.discarded || !canWriteBoard(connection.access, this.board.id, this.locked)) {
			return redundant() ? { ok: true } : { ok: false, reason: 'read-only' };
		}
		if (syncType === syncProtocol.messageYjsSyncStep2 && redundant()) return { ok: true };
		return this.serial(() => this.write(connection, update));
	}

	private async write(connection: RoomConnection, update: Uint8Array): Promise<FrameAck> {
		// Checked again in order: a lock (or the board's deletion) may have arrived while this write waited.
		if (this.discarded || !canWriteBoard(connection.access, this.board.id, this.locked)) return { ok: false, reason: 'read-only' };
		// An update that builds on a dropped write could never apply: storing it would keep a
		// pending change forever that turns into a write the server refused once its gap is filled.
		if (hasUnmetDependencies(this.doc, update)) return { ok: false, reason: 'out-of-sync' };
		if (this.storedBytes + update.byteLength > this.options.maxBoardBytes) return { ok: false, reason: 'board-full' };
		// Stored before the update is, so no checkpoint ever holds a change made after its time.
		if (this.checkpointDue()) await this.checkpoint();
		try {
			await this.options.store.appendUpdate(this.board.id, update);
			this.storedBytes += update.byteLength;
		} catch (error) {
			this.options.log.error({ err: error, boardId: this.board.id }, 'store refused an update');
			// The client keeps the change (and shows it unsaved); closing makes it reconnect, and the
			// sync handshake of the next connection resends everything the store lacks.
			setTimeout(() => connection.close(CloseCode.StoreUnavailable, 'store unavailable'), 0);
			return { ok: false, reason: 'store-unavailable' };
		}
		this.updatesSinceCompaction++;
		Y.applyUpdate(this.doc, update, connection);
		try {
			// meta.locked and votes are the server's to write; undo a client's attempt to change them.
			await this.mirrorLock();
			await this.mirrorVotes();
			if (this.updatesSinceCompaction >= this.options.compactAfterUpdates) await this.compact();
		} catch (error) {
			// The client's update is stored either way; these retry on the next write or unload.
			this.options.log.warn({ err: error, boardId: this.board.id }, 'lock mirror or compaction failed');
		}
		return { ok: true };
	}

	/**
	 * Locks or unlocks the board for participants, and shows it in meta.locked. Rooms of the same
	 * board on other instances learn it through the bus (the store already has it).
	 */
	setLocked(locked: boolean): Promise<void> {
		return this.serial(async () => {
			this.locked = locked;
			this.publish(BusKind.Lock, Uint8Array.of(locked ? 1 : 0));
			await this.mirrorLock();
		});
	}

	/**
	 * Sets the board's title (meta.title) as a server-made change: stored, then sent to everyone
	 * (the durability rule), like the lock's mirror. Rooms on other instances get it as an update.
	 */
	setTitle(title: string): Promise<void> {
		return this.serverChange((doc) => {
			const meta = collection(doc, 'meta');
			if (meta.get('title') !== title) meta.set('title', title);
		});
	}

	/**
	 * Runs `change` on the doc as one server-made update, in the write queue: stored, then sent to
	 * every client (the durability rule). A change that changes nothing writes nothing.
	 */
	serverChange(change: (doc: Y.Doc) => void): Promise<void> {
		return this.serial(() => this.serverWrite(() => change(this.doc)));
	}

	/** The board's state as the room holds it, taken in the write queue so no write is half in it. */
	encodeState(): Promise<Uint8Array> {
		return this.serial(async () => this.wholeStateNow().update);
	}

	private wholeStateNow(): { update: Uint8Array; frame: Uint8Array } {
		this.wholeState ??= wholeStateOf(Y.encodeStateAsUpdate(this.doc));
		return this.wholeState;
	}

	/**
	 * Makes the board's content (every collection but meta) equal to `state` (a whole board, as a
	 * named snapshot holds it) with one new server-made change: worked out on a copy of the doc,
	 * stored, then applied and sent to everyone like any update — the
	 * durability rule, history kept (nothing is rewritten; the next checkpoint records it).
	 * Resolves 'unchanged' when the board already had that content (nothing is written), and
	 * 'board-full' (nothing written) when the change would take the board past maxBoardBytes.
	 */
	restore(state: Uint8Array): Promise<'restored' | 'unchanged' | 'board-full'> {
		const source = new Y.Doc();
		Y.applyUpdate(source, state);
		return this.serial(async () => {
			// A one-off writer of its own (a fresh client id): an update carrying the room's own client
			// id would arrive here as a remote one, and Yjs would then give the room a new id.
			const draft = new Y.Doc({ gc: this.doc.gc });
			Y.applyUpdate(draft, Y.encodeStateAsUpdate(this.doc));
			const made: Uint8Array[] = [];
			draft.on('update', (update: Uint8Array) => made.push(update));
			restoreBoard(draft, source);
			draft.destroy();
			if (made.length === 0) return 'unchanged';
			const update = Y.mergeUpdates(made);
			if (this.storedBytes + update.byteLength > this.options.maxBoardBytes) return 'board-full';
			if (this.checkpointDue()) await this.checkpoint();
			await this.options.store.appendUpdate(this.board.id, update);
			this.storedBytes += update.byteLength;
			this.updatesSinceCompaction++;
			Y.applyUpdate(this.doc, update, RESTORE_ORIGIN);
			try {
				if (this.updatesSinceCompaction >= this.options.compactAfterUpdates) await this.compact();
			} catch (error) {
				this.options.log.warn({ err: error, boardId: this.board.id }, 'compaction after a restore failed');
			}
			return 'restored';
		}).finally(() => source.destroy());
	}

	/** Starts catching up after the bus came back; a retry still pending from before starts over. */
	private startCatchUp(): void {
		if (this.catchUpTimer) clearTimeout(this.catchUpTimer);
		this.catchUpTimer = null;
		void this.catchUp(0);
	}

	/**
	 * Applies whatever the store has that this doc lacks: after the bus was cut off, updates other
	 * instances stored meanwhile never arrived here. Yjs ignores what is already applied. Until it
	 * succeeds it is retried with backoff: giving up would leave this room (and every client on it)
	 * without those updates for as long as it stays loaded.
	 */
	private async catchUp(attempt: number): Promise<void> {
		if (this.unloaded) return;
		try {
			const [stored, board] = await Promise.all([this.options.store.loadDoc(this.board.id), this.options.store.getBoard(this.board.id)]);
			if (this.unloaded) return;
			this.doc.transact(() => applyStored(this.doc, stored), BUS_ORIGIN);
			if (board) this.locked = board.locked;
			if (attempt > 0) this.options.log.info({ boardId: this.board.id, attempt }, 'caught up from the store');
		} catch (error) {
			if (this.unloaded) return;
			const delay = Math.min(CATCH_UP_RETRY_MAX_MS, CATCH_UP_RETRY_MIN_MS * 2 ** attempt);
			this.options.log.warn({ err: error, boardId: this.board.id, retryInMs: delay }, 'catching up from the store failed');
			// A newer reconnect may have started its own catch-up meanwhile; that one goes on instead.
			if (this.catchUpTimer) return;
			this.catchUpTimer = setTimeout(() => {
				this.catchUpTimer = null;
				void this.catchUp(attempt + 1);
			}, delay);
			this.catchUpTimer.unref();
		}
	}

	/**
	 * Votes reach a board only through the server (cast via the API, written at the reveal), so a
	 * client's change to `votes` is put back with a server-made change, as the lock's mirror does.
	 * Only the room whose connection made it corrects it; others take what their bus brings.
	 */
	private async mirrorVotes(): Promise<void> {
		if (!this.votesTampered) return;
		this.votesTampered = false;
		const truth = this.votes;
		// Deleting an item takes its votes along (model.deleteStakeholder and friends): that stays.
		const exists = (id: string) => ['stakeholders', 'actions', 'notes'].some((name) => this.doc.getMap(name).has(id));
		await this.serverWrite(() => {
			const votes = collection(this.doc, 'votes');
			const now = votesOf(this.doc);
			for (const targetId of Object.keys(now)) if (!(targetId in truth)) votes.delete(targetId);
			for (const [targetId, counts] of Object.entries(truth)) {
				if (!exists(targetId)) continue;
				if (JSON.stringify(now[targetId]) === JSON.stringify(counts)) continue;
				votes.set(targetId, new Y.Map(Object.entries(counts)));
			}
		});
	}

	private async mirrorLock(): Promise<void> {
		const meta = collection(this.doc, 'meta');
		if (meta.get('locked') === this.locked) return;
		await this.serverWrite(() => meta.set('locked', this.locked));
	}

	/**
	 * A change made by the server itself: captured, stored, then broadcast. Runs inside serial(),
	 * so no client write interleaves.
	 */
	private async serverWrite(change: () => void): Promise<void> {
		if (this.checkpointDue()) await this.checkpoint();
		this.heldServerUpdates = [];
		this.doc.transact(change, SERVER_ORIGIN);
		const held = this.heldServerUpdates;
		this.heldServerUpdates = null;
		if (held.length === 0) return;
		const update = Y.mergeUpdates(held);
		await this.options.store.appendUpdate(this.board.id, update);
		this.storedBytes += update.byteLength;
		this.updatesSinceCompaction++;
		this.broadcastUpdate(update, SERVER_ORIGIN);
	}

	/**
	 * Reads where the board's history stands. A board never written (no update was ever stored)
	 * still has the state it was created with: its first checkpoint is dated at its creation. One
	 * written before checkpoints existed gets its first now, holding what was loaded.
	 *
	 * Otherwise the loaded state is taken to date from the newest checkpoint: after an unload it is
	 * that checkpoint's state (unload stores it). After a crash it may hold more (the changes since
	 * that checkpoint); they then go into the next checkpoint, dated at a later change, so no
	 * checkpoint is ever dated before a change it holds, and lookups in between show those changes
	 * as made later than they were (more shown as changed, never less). Checking instead costs
	 * about as much as decoding the board again (docs/decisions/008-history-checkpoints.md).
	 */
	private async loadHistory(stored: StoredDoc): Promise<void> {
		this.stateSince = Date.now();
		try {
			const newest = (await this.options.store.listCheckpoints(this.board.id)).at(-1);
			if (newest === undefined) {
				if (stored.lastSeq === 0) this.stateSince = Math.min(this.board.createdAt, this.stateSince);
				await this.checkpoint();
				return;
			}
			this.lastCheckpointAt = newest;
			this.lastCheckpointWrittenAt = newest;
			// Never later than now: a state dated after a change it may hold would be unsafe to store.
			this.stateSince = Math.min(newest, this.stateSince);
		} catch (error) {
			// History is not worth refusing the board for; the next write tries again.
			this.options.log.warn({ err: error, boardId: this.board.id }, 'reading the board history failed');
		}
	}

	/**
	 * Stores a checkpoint if one is due, as a write would. History lookups call it, so that a
	 * stretch with no write since the last change still counts as the quiet period it is.
	 */
	checkpointIfDue(): Promise<void> {
		return this.serial(async () => {
			if (this.checkpointDue()) await this.checkpoint();
		});
	}

	/** A checkpoint is due when the board changed since the last one and that one is old enough. */
	private checkpointDue(): boolean {
		const interval = this.options.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS;
		return this.stateSince > this.lastCheckpointAt && Date.now() - this.lastCheckpointWrittenAt >= interval;
	}

	/**
	 * Stores the doc as it is now, dated when it took this state. A failure is logged and never
	 * fails a write; the next attempt comes an interval later, so a store that is down or hung does
	 * not make every write wait for it twice. A missing checkpoint only makes a lookup return an
	 * older state (more shown as changed, never less).
	 */
	private async checkpoint(): Promise<void> {
		const at = this.stateSince;
		const state = this.wholeStateNow().update;
		try {
			await this.options.store.addCheckpoint(this.board.id, at, state);
			this.lastCheckpointAt = Math.max(this.lastCheckpointAt, at);
		} catch (error) {
			this.options.log.warn({ err: error, boardId: this.board.id }, 'storing a history checkpoint failed');
		} finally {
			this.lastCheckpointWrittenAt = Date.now();
		}
	}

	/** Folds the stored update log into one snapshot. */
	private async compact(): Promise<void> {
		this.updatesSinceCompaction = 0;
		// Built from the store, not from this.doc: with several instances this room may not have
		// received every stored update yet, and compaction drops what it covers.
		const stored = await this.options.store.loadDoc(this.board.id);
		if (stored.updates.length === 0) return;
		const folded = new Y.Doc();
		folded.transact(() => applyStored(folded, stored));
		const snapshot = Y.encodeStateAsUpdate(folded);
		folded.destroy();
		if (await this.options.store.compactDoc(this.board.id, snapshot, stored.lastSeq)) {
			// Updates appended since loadDoc are still in the log; the next compaction counts them.
			this.storedBytes = snapshot.byteLength;
		}
	}

	private onDocUpdate = (update: Uint8Array, origin: unknown) => {
		this.stateSince = Date.now();
		this.wholeState = null;
		this.docSnapshot = null;
		if (origin === SERVER_ORIGIN && this.heldServerUpdates) {
			this.heldServerUpdates.push(update);
			return;
		}
		// Loading from the store (SERVER_ORIGIN without a hold) has no one to tell.
		if (origin === SERVER_ORIGIN) return;
		this.broadcastUpdate(update, origin);
	};

	private broadcastUpdate(update: Uint8Array, origin: unknown): void {
		const frame = updateFrame(update); // encoded once for every receiver
		for (const connection of this.connections.keys()) if (connection !== origin) connection.send(frame);
		if (origin !== BUS_ORIGIN) this.publish(BusKind.Update, update);
	}

	private onAwarenessUpdate = (
		{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
		origin: unknown
	) => {
		const owned = origin instanceof Object ? this.connections.get(origin as RoomConnection) : undefined;
		if (owned) {
			for (const id of added) owned.add(id);
			for (const id of removed) owned.delete(id);
		}
		const changed = [...added, ...updated, ...removed];
		for (const id of changed) this.pendingPresence.add(id);
		this.presenceTimer ??= setTimeout(this.flushPresence, PRESENCE_FLUSH_MS);
		if (origin !== BUS_ORIGIN) this.publish(BusKind.Awareness, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
	};

	/**
	 * Presence is fanned out in batches: one frame with every state that changed in the last few
	 * milliseconds, encoded once for all. A room of 40 moving cursors then costs each client a few
	 * dozen frames a second instead of a thousand, and the latest state always arrives.
	 */
	private flushPresence = () => {
		this.presenceTimer = null;
		if (this.pendingPresence.size === 0) return;
		const frame = awarenessFrame(this.awareness, [...this.pendingPresence]);
		this.pendingPresence.clear();
		for (const connection of this.connections.keys()) connection.send(frame);
	};

	private publish(kind: number, payload: Uint8Array): void {
		const encoder = encoding.createEncoder();
		encoding.writeVarString(encoder, this.options.instanceId);
		encoding.writeVarUint(encoder, kind);
		encoding.writeVarUint8Array(encoder, payload);
		this.options.bus.publish(boardChannel(this.board.id), encoding.toUint8Array(encoder)).catch((error) => {
			this.options.log.warn({ err: error, boardId: this.board.id }, 'bus publish failed');
		});
	}

	private onBusMessage = (message: Uint8Array) => {
		const decoder = decoding.createDecoder(message);
		if (decoding.readVarString(decoder) === this.options.instanceId) return;
		const kind = decoding.readVarUint(decoder);
		const payload = decoding.readVarUint8Array(decoder);
		// Updates on the bus were stored by the instance that published them.
		if (kind === BusKind.Update) Y.applyUpdate(this.doc, payload, BUS_ORIGIN);
		else if (kind === BusKind.Awareness) awarenessProtocol.applyAwarenessUpdate(this.awareness, payload, BUS_ORIGIN);
		else if (kind === BusKind.Lock) this.locked = payload[0] === 1; // meta.locked comes as an update
	};

	/** Closes every connection (server shutdown or board removal). */
	disconnectAll(code: CloseCode, reason: string): void {
		for (const connection of [...this.connections.keys()]) connection.close(code, reason);
	}

	/** Waits for queued writes, compacts if anything changed since loading, and frees the doc. */
	async unload(): Promise<void> {
		await this.serial(async () => {
			// The state it leaves in is the board's until its next load: keep it in the history. Side
			// by side with compaction (the checkpoint is encoded at once), so a hung store costs one
			// command timeout at shutdown, not two.
			await Promise.all([
				this.stateSince > this.lastCheckpointAt ? this.checkpoint() : undefined,
				this.updatesSinceCompaction > 0 ? this.compact() : undefined
			]);
		});
		await this.free();
	}

	/**
	 * Frees the room without storing anything (no compaction, no checkpoint), once the writes
	 * already queued are done; writes arriving meanwhile or later are refused. For a board being
	 * deleted: nothing may write it back into the store.
	 */
	async discard(): Promise<void> {
		this.discarded = true;
		await this.serial(async () => {});
		await this.free();
	}

	private async free(): Promise<void> {
		this.stopCatchingUp();
		this.unloaded = true;
		if (this.catchUpTimer) clearTimeout(this.catchUpTimer);
		this.catchUpTimer = null;
		await this.unsubscribeBus?.();
		if (this.presenceTimer) clearTimeout(this.presenceTimer);
		this.awareness.destroy();
		this.doc.destroy();
	}

	private serial<T>(operation: () => Promise<T>): Promise<T> {
		const result = this.tail.then(operation);
		this.tail = result.catch(() => undefined);
		return result;
	}
}

function applyStored(doc: Y.Doc, stored: StoredDoc): void {
	if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
	for (const update of stored.updates) Y.applyUpdate(doc, update);
}

/** The frame carrying `update`, and the update as a view into it: one copy of the bytes is kept. */
function wholeStateOf(update: Uint8Array): { update: Uint8Array; frame: Uint8Array } {
	const frame = syncStep2Frame(update);
	return { update: frame.subarray(frame.byteLength - update.byteLength), frame };
}

function storedSize(stored: StoredDoc): number {
	return (stored.snapshot?.byteLength ?? 0) + stored.updates.reduce((sum, update) => sum + update.byteLength, 0);
}

type VotesJSON = Record<string, Record<string, number>>;

/** The board's `votes` map as plain data, participants in a stable order. */
function votesOf(doc: Y.Doc): VotesJSON {
	const result: VotesJSON = {};
	collection(doc, 'votes').forEach((value, targetId) => {
		if (!(value instanceof Y.Map)) {
			result[targetId] = {};
			return;
		}
		const entries = [...(value as Y.Map<number>).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		result[targetId] = Object.fromEntries(entries);
	});
	return result;
}
