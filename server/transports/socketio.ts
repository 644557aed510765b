/**
 * The browser's transport: socket.io (WebSocket, with long-polling for proxied classroom
 * networks). Thin: it checks the handshake token, then passes binary frames to the board's room.
 * Each socket is also a connection of its workshop (server/workshop/WorkshopHub.ts): it receives
 * the `workshop` state after hello and on every change, presenter frames, and is ended with a
 * `refused` reason when its access changes.
 *
 * Limits (limits.ts): a connection over its frame budget gets `refused('rate-limited')` and is
 * disconnected; an address over MAX_CONNECTIONS_PER_IP gets connect_error `too-many-connections`;
 * a frame over maxFrameBytes closes the transport (engine.io's maxHttpBufferSize). CORS stays
 * off (no `cors` option): the app is served from the same origin.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Server, type Socket } from 'socket.io';
import * as v from 'valibot';
import type { PresenterFrame, WorkshopState } from '../../src/lib/api/workshop.js';
import {
	CloseCode,
	MessageType,
	PROTOCOL_VERSION,
	RefusalReason,
	SOCKET_IO_PATH,
	type ClientToServerEvents,
	type ServerToClientEvents,
	type SocketAuth
} from '../../src/lib/sync/protocol.js';
import { encodeFrameBatch } from '../../src/lib/sync/frames.js';
import { authorizeBoard, type GrantedAccess } from '../auth/access.js';
import { applySecurityHeaders } from '../http/security.js';
import type { Limits } from '../limits.js';
import type { Logger } from '../logger.js';
import type { Room, RoomConnection } from '../rooms/Room.js';
import type { RoomManager } from '../rooms/RoomManager.js';
import type { Store } from '../store/Store.js';
import type { WorkshopConnection, WorkshopHub } from '../workshop/WorkshopHub.js';

interface SocketData {
	access: GrantedAccess;
	room: Room;
	workshop: SocketWorkshopConnection;
	detach: () => void;
}
type HelixSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface SocketTransportDeps {
	store: Store;
	secret: string;
	rooms: RoomManager;
	log: Logger;
	/** Largest frame accepted; sized from the largest board so a first sync always fits. */
	maxFrameBytes: number;
	/** Shared with the /yjs transport and the API; from the environment when not given. */
	limits: Limits;
	hub: WorkshopHub;
}

/** What a `presenter` event costs from the frame budget (limits.ts frameCost): one presence frame. */
const PRICED_AS_PRESENCE = Uint8Array.of(MessageType.Awareness);

const coordinate = v.pipe(v.number(), v.finite());
/** A presenter frame as relayed: anything else a client sends as `presenter` is dropped. */
const PresenterFrameSchema = v.strictObject({
	boardId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/)),
	view: v.pipe(v.string(), v.maxLength(32)),
	viewport: v.nullable(
		v.strictObject({
			x: coordinate,
			y: coordinate,
			zoom: v.pipe(v.number(), v.finite(), v.gtValue(0)),
			width: v.optional(v.pipe(v.number(), v.finite(), v.gtValue(0))),
			height: v.optional(v.pipe(v.number(), v.finite(), v.gtValue(0)))
		})
	),
	pointer: v.nullable(v.strictObject({ x: coordinate, y: coordinate }))
});

/** The engine.io connection under a socket, as far as the limits need it. */
interface EngineConnection {
	request: IncomingMessage;
	once(event: 'close', listener: () => void): unknown;
	close(): unknown;
}

/**
 * An engine.io connection over the per-address limit is told so when it asks for the namespace,
 * and is closed after this long either way (one that never asks must not linger uncounted).
 */
const REFUSED_CONNECTION_LINGER_MS = 5_000;

/**
 * How busy the event loop was over the last quarter second (0–1), sampled when asked: the
 * transport trades a little latency for fewer socket writes only when the server is busy.
 */
class LoopLoad {
	private sample = performance.eventLoopUtilization();
	private sampledAt = performance.now();
	private utilization = 0;

	get(): number {
		const now = performance.now();
		if (now - this.sampledAt >= 250) {
			const current = performance.eventLoopUtilization();
			this.utilization = performance.eventLoopUtilization(current, this.sample).utilization;
			this.sample = current;
			this.sampledAt = now;
		}
		return this.utilization;
	}
}

/** Above this event-loop utilisation, a socket gets at most one message per BUSY_FLUSH_MS. */
const BUSY_LOOP = 0.5;
const BUSY_FLUSH_MS = 25;

class SocketConnection implements RoomConnection {
	/** Frames waiting for this socket's next message, for a client that takes batches (else null). */
	private queued: Uint8Array[] | null;
	private lastFlush = 0;

	constructor(
		private readonly socket: HelixSocket,
		private readonly load: LoopLoad
	) {
		this.queued = (socket.handshake.auth as Partial<SocketAuth>).batch === true ? [] : null;
	}

	get access() {
		return this.socket.data.access;
	}

	/**
	 * Each socket.io binary message costs the server two WebSocket frames and two writes, and a room
	 * of 40 sends each socket dozens of frames a second: a client that takes batches gets the frames
	 * of one event-loop turn in one message — and, while the server is busy, of up to BUSY_FLUSH_MS.
	 */
	send(frame: Uint8Array) {
		if (!this.queued) return void this.socket.emit('yjs', frame);
		if (this.queued.push(frame) > 1) return; // a flush is on its way
		const wait = this.load.get() < BUSY_LOOP ? 0 : this.lastFlush + BUSY_FLUSH_MS - performance.now();
		if (wait <= 0) setImmediate(this.flush);
		else setTimeout(this.flush, wait);
	}

	private flush = () => {
		const frames = this.queued!;
		this.queued = [];
		this.lastFlush = performance.now();
		if (frames.length === 1) this.socket.emit('yjs', frames[0]);
		else this.socket.emit('frames', encodeFrameBatch(frames));
	};

	close() {
		this.socket.disconnect(true);
	}
}

/**
 * The socket as the workshop hub sees it. It is attached during the handshake (so no state change
 * between the access check and the connection is missed), before the socket may send: until then
 * the newest state is kept and an ending is remembered, and `open()` delivers both.
 */
class SocketWorkshopConnection implements WorkshopConnection {
	private opened = false;
	private pendingState: WorkshopState | null = null;
	private endedWith: RefusalReason | null = null;

	constructor(
		private readonly socket: HelixSocket,
		readonly access: GrantedAccess,
		readonly boardId: string
	) {}

	/** Called once hello went out: the newest state follows it (or the refusal, if one came first). */
	open(): void {
		this.opened = true;
		if (this.endedWith) return this.end(this.endedWith);
		if (this.pendingState) this.socket.emit('workshop', this.pendingState);
		this.pendingState = null;
	}

	sendState(state: WorkshopState): void {
		if (this.opened) this.socket.emit('workshop', state);
		else this.pendingState = state;
	}

	sendPresenter(frame: PresenterFrame): void {
		if (this.opened) this.socket.volatile.emit('presenter', frame);
	}

	end(reason: RefusalReason): void {
		if (!this.opened) {
			this.endedWith ??= reason;
			return;
		}
		if (this.socket.disconnected) return;
		this.socket.emit('refused', reason);
		this.socket.disconnect(true); // engine.io flushes the refusal first
	}
}

const REFUSAL_CODES: Partial<Record<string, CloseCode>> = {
	[RefusalReason.Unauthorized]: CloseCode.Unauthorized,
	[RefusalReason.TooManyConnections]: CloseCode.TooManyConnections,
	[RefusalReason.RateLimited]: CloseCode.RateLimited
};

function refusal(reason: string): Error {
	const error = new Error(reason) as Error & { data?: unknown };
	error.data = { code: REFUSAL_CODES[reason] ?? CloseCode.Forbidden };
	return error;
}

export function attachSocketTransport(httpServer: HttpServer, deps: SocketTransportDeps) {
	const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
		path: SOCKET_IO_PATH,
		maxHttpBufferSize: deps.maxFrameBytes,
		serveClient: false,
		// Other upgrade paths (/yjs, Vite's HMR in development) belong to other handlers.
		destroyUpgrade: false
	});
	const { limits } = deps;
	const load = new LoopLoad();

	// engine.io answers /socket.io/ requests before any other handler sees them.
	httpServer.prependListener('request', (req: IncomingMessage, res) => {
		if (req.url?.startsWith(`${SOCKET_IO_PATH}/`)) applySecurityHeaders(res);
	});

	// Counted per engine.io connection (what holds resources), with /yjs connections of the address.
	const overLimit = new WeakSet<EngineConnection>();
	io.engine.on('connection', (conn: EngineConnection) => {
		const address = limits.address(conn.request);
		const release = limits.connections.acquire(address);
		if (release) {
			conn.once('close', release);
			return;
		}
		deps.log.warn({ address }, 'too many connections from one address: refusing socket.io');
		overLimit.add(conn);
		setTimeout(() => conn.close(), REFUSED_CONNECTION_LINGER_MS).unref();
	});

	io.use(async (socket, next) => {
		if (overLimit.has(socket.conn)) {
			next(refusal(RefusalReason.TooManyConnections));
			// Closed once the refusal is flushed (engine.io drains its buffer before closing).
			setImmediate(() => socket.conn.close());
			return;
		}
		let detach = () => {};
		try {
			const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
			const result = await authorizeBoard(deps.store, deps.secret, auth.token, auth.boardId);
			if (!result.ok) return next(refusal(result.reason));
			const workshop = new SocketWorkshopConnection(socket, result.access, result.board.id);
			const attached = await deps.hub.attach(workshop);
			if (!attached) return next(refusal(RefusalReason.Forbidden));
			detach = attached;
			// A socket whose client left during the handshake never connects nor disconnects: its
			// engine.io connection closing is then the only sign.
			socket.conn.once('close', detach);
			// Loaded last, right before the connection is accepted: no early frame finds no room, and
			// no wait comes between loading and joining (an idle room unloads after ROOM_GRACE_MS).
			const room = await deps.rooms.acquireToJoin(result.board.id);
			if (!room) {
				detach();
				return next(refusal(RefusalReason.Forbidden));
			}
			socket.data.access = result.access;
			socket.data.room = room;
			socket.data.workshop = workshop;
			socket.data.detach = detach;
			next();
		} catch (error) {
			detach();
			deps.log.error({ err: error }, 'socket.io handshake failed');
			next(new Error('server unavailable'));
		}
	});

	io.on('connection', (socket) => {
		const { room, access, workshop } = socket.data;
		const connection = new SocketConnection(socket, load);
		socket.emit('hello', {
			protocol: PROTOCOL_VERSION,
			boardId: room.board.id,
			workshopId: access.workshopId,
			role: access.role,
			ownBoardId: access.ownBoardId,
			serverTime: Date.now()
		});
		// Sent right after hello: the state the handshake checked, or a newer one that came meanwhile.
		workshop.open();
		// Every incoming packet draws from the connection's budget, whatever its event; presenter
		// frames move at pointer rate like presence, so they draw from the presence budget.
		const budget = limits.frameBudget();
		socket.use(([event, frame], next) => {
			if (budget.allow(event === 'yjs' ? frame : event === 'presenter' ? PRICED_AS_PRESENCE : undefined)) return next();
			if (socket.disconnected) return;
			deps.log.warn({ address: limits.address(socket.request), boardId: room.board.id }, 'frames over budget: disconnecting socket.io');
			socket.emit('refused', RefusalReason.RateLimited);
			socket.disconnect(true); // engine.io flushes the refusal first
		});
		room.join(connection);
		socket.on('yjs', (frame, ack) => {
			const reply = typeof ack === 'function' ? ack : () => {};
			if (!(frame instanceof Uint8Array)) return reply({ ok: false, reason: 'malformed' });
			void room.receive(connection, frame).then(reply);
		});
		// Only a facilitator presents; a frame that is not one is dropped (the budget above counted it).
		socket.on('presenter', (frame) => {
			if (access.role !== 'facilitator' || !v.is(PresenterFrameSchema, frame)) return;
			deps.hub.relayPresenter(access.workshopId, frame, workshop);
		});
		socket.on('disconnect', () => {
			socket.data.detach();
			room.leave(connection);
			deps.rooms.release(room);
		});
	});

	return io;
}
