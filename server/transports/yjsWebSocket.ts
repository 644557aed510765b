/**
 * `/yjs/<boardId>?token=…`: the standard y-websocket protocol, so stock Yjs clients
 * (`WebsocketProvider`) work unchanged. Refusals close the socket with 4401 or 4403; limits
 * (limits.ts) close it with 4429 (frames over budget) or 4430 (too many connections from one
 * address), and ws itself closes with 1009 a frame over maxFrameBytes.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CloseCode, RefusalReason, SOCKET_IO_PATH, YJS_PATH } from '../../src/lib/sync/protocol.js';
import { authorizeBoard, type GrantedAccess } from '../auth/access.js';
import type { Limits } from '../limits.js';
import type { Logger } from '../logger.js';
import type { RoomConnection } from '../rooms/Room.js';
import type { RoomManager } from '../rooms/RoomManager.js';
import type { Store } from '../store/Store.js';
import type { WorkshopHub } from '../workshop/WorkshopHub.js';

/** A connection that answers no ping within this time is closed (dead Wi-Fi, sleeping laptop). */
const PING_INTERVAL_MS = 30_000;
/**
 * Frames buffered while a board loads (at most this many, and at most maxFrameBytes in all);
 * a client sending more before it has even been answered is closed, not silently cut short.
 */
const MAX_EARLY_FRAMES = 100;
/** A socket closed for breaking a limit gets this long to finish the close handshake, then is cut. */
const REFUSED_CLOSE_GRACE_MS = 2_000;

export interface YjsTransportDeps {
	store: Store;
	secret: string;
	rooms: RoomManager;
	log: Logger;
	maxFrameBytes: number;
	/** In production every upgrade is ours to answer; under Vite, HMR upgrades are not. */
	ownsUpgrades: boolean;
	/** Shared with the socket.io transport and the API; from the environment when not given. */
	limits: Limits;
	hub: WorkshopHub;
}

class WebSocketConnection implements RoomConnection {
	constructor(
		private readonly ws: WebSocket,
		readonly access: GrantedAccess
	) {}

	send(frame: Uint8Array) {
		if (this.ws.readyState === this.ws.OPEN) this.ws.send(frame);
	}

	close(code: number, reason: string) {
		this.ws.close(code, reason);
	}
}

const toBytes = (data: RawData): Uint8Array =>
	Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data;

/** The request URL, or null when it cannot be parsed (a throw here would crash the process). */
function parseUrl(raw: string | undefined): URL | null {
	try {
		return new URL(raw ?? '/', 'http://localhost');
	} catch {
		return null;
	}
}

function decodeBoardId(encoded: string): string | null {
	try {
		return decodeURIComponent(encoded);
	} catch {
		return null; // malformed percent-encoding: no such board
	}
}

/** Closes with a code the client can act on, and cuts the socket if it does not answer the close. */
function refuse(ws: WebSocket, code: CloseCode, reason: string): void {
	ws.close(code, reason);
	setTimeout(() => ws.terminate(), REFUSED_CLOSE_GRACE_MS).unref();
}

export function attachYjsTransport(httpServer: HttpServer, deps: YjsTransportDeps) {
	const wss = new WebSocketServer({ noServer: true, maxPayload: deps.maxFrameBytes });
	const alive = new WeakSet<WebSocket>();
	const { limits } = deps;

	httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		const url = parseUrl(req.url);
		if (url?.pathname.startsWith(`${YJS_PATH}/`)) {
			const boardId = decodeBoardId(url.pathname.slice(YJS_PATH.length + 1)) ?? '';
			const token = url.searchParams.get('token');
			const address = limits.address(req);
			wss.handleUpgrade(req, socket, head, (ws) => {
				ws.on('error', (error) => deps.log.debug({ err: error }, 'yjs websocket error'));
				// Counted only once upgraded: a failed upgrade never calls back, so it would never release.
				const release = limits.connections.acquire(address);
				if (!release) {
					deps.log.warn({ address }, 'too many connections from one address: refusing /yjs');
					return refuse(ws, CloseCode.TooManyConnections, RefusalReason.TooManyConnections);
				}
				ws.once('close', release);
				void accept(ws, boardId, token, address);
			});
		} else if (deps.ownsUpgrades && !url?.pathname.startsWith(SOCKET_IO_PATH)) {
			socket.destroy();
		}
	});

	async function accept(ws: WebSocket, boardId: string, token: string | null, address: string) {
		// Frames can arrive before the board is loaded; keep them in order until it is.
		const early: Uint8Array[] = [];
		let earlyBytes = 0;
		let onFrame = (frame: Uint8Array) => {
			earlyBytes += frame.byteLength;
			if (early.length < MAX_EARLY_FRAMES && earlyBytes <= deps.maxFrameBytes) return void early.push(frame);
			overBudget = true;
			refuse(ws, CloseCode.RateLimited, RefusalReason.RateLimited);
		};
		// Counted from the first frame, before authentication: an unauthenticated flood costs too.
		const budget = limits.frameBudget();
		let overBudget = false;
		ws.on('message', (data) => {
			if (overBudget) return; // closing: the rest is not read
			const frame = toBytes(data);
			if (budget.allow(frame)) return onFrame(frame);
			overBudget = true;
			deps.log.warn({ address, boardId }, 'frames over budget: closing /yjs connection');
			refuse(ws, CloseCode.RateLimited, RefusalReason.RateLimited);
		});
		alive.add(ws);
		ws.on('pong', () => alive.add(ws));

		try {
			const result = await authorizeBoard(deps.store, deps.secret, token, boardId);
			if (!result.ok) {
				const code = result.reason === RefusalReason.Unauthorized ? CloseCode.Unauthorized : CloseCode.Forbidden;
				return refuse(ws, code, result.reason);
			}
			// Access changes (gallery closed, participant moved, workshop deleted) end the connection
			// with 4403 and the reason; stock clients get no workshop state.
			const detach = await deps.hub.attach({
				access: result.access,
				boardId: result.board.id,
				end: (reason) => refuse(ws, CloseCode.Forbidden, reason)
			});
			if (!detach) return refuse(ws, CloseCode.Forbidden, RefusalReason.Forbidden);
			ws.once('close', detach);
			if (ws.readyState !== ws.OPEN) return detach();
			// Loaded last, then joined at once: an idle room unloads after ROOM_GRACE_MS.
			const room = await deps.rooms.acquireToJoin(boardId);
			if (!room) return refuse(ws, CloseCode.Forbidden, RefusalReason.Forbidden);
			if (ws.readyState !== ws.OPEN) return deps.rooms.release(room);
			const connection = new WebSocketConnection(ws, result.access);
			room.join(connection);
			ws.on('close', () => {
				room.leave(connection);
				deps.rooms.release(room);
			});
			onFrame = (frame) => void room.receive(connection, frame);
			for (const frame of early.splice(0)) onFrame(frame);
		} catch (error) {
			deps.log.error({ err: error }, 'yjs websocket setup failed');
			ws.close(CloseCode.StoreUnavailable, 'server unavailable');
		}
	}

	const pinger = setInterval(() => {
		for (const ws of wss.clients) {
			if (!alive.has(ws)) {
				ws.terminate();
				continue;
			}
			alive.delete(ws);
			ws.ping();
		}
	}, PING_INTERVAL_MS);
	pinger.unref();

	return {
		/** Closes every /yjs connection (server shutdown). */
		close() {
			clearInterval(pinger);
			for (const ws of wss.clients) ws.close(CloseCode.ServerShutdown, 'server shutting down');
			wss.close();
		}
	};
}
