/**
 * `/yjs/<boardId>?token=…`: the standard y-websocket protocol, so stock Yjs clients
 * (`WebsocketProvider`) work unchanged. Refusals close the socket with 4401 or 4403.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CloseCode, RefusalReason, SOCKET_IO_PATH, YJS_PATH } from '../../src/lib/sync/protocol.js';
import { authorizeBoard, type GrantedAccess } from '../auth/access.js';
import type { Logger } from '../logger.js';
import type { RoomConnection } from '../rooms/Room.js';
import type { RoomManager } from '../rooms/RoomManager.js';
import type { Store } from '../store/Store.js';

/** A connection that answers no ping within this time is closed (dead Wi-Fi, sleeping laptop). */
const PING_INTERVAL_MS = 30_000;
/** Frames buffered while a board loads; beyond it the client is sending nonsense. */
const MAX_EARLY_FRAMES = 100;

export interface YjsTransportDeps {
	store: Store;
	secret: string;
	rooms: RoomManager;
	log: Logger;
	maxFrameBytes: number;
	/** In production every upgrade is ours to answer; under Vite, HMR upgrades are not. */
	ownsUpgrades: boolean;
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

export function attachYjsTransport(httpServer: HttpServer, deps: YjsTransportDeps) {
	const wss = new WebSocketServer({ noServer: true, maxPayload: deps.maxFrameBytes });
	const alive = new WeakSet<WebSocket>();

	httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		if (url.pathname.startsWith(`${YJS_PATH}/`)) {
			const boardId = decodeURIComponent(url.pathname.slice(YJS_PATH.length + 1));
			const token = url.searchParams.get('token');
			wss.handleUpgrade(req, socket, head, (ws) => void accept(ws, boardId, token));
		} else if (deps.ownsUpgrades && !url.pathname.startsWith(SOCKET_IO_PATH)) {
			socket.destroy();
		}
	});

	async function accept(ws: WebSocket, boardId: string, token: string | null) {
		// Frames can arrive before the board is loaded; keep them in order until it is.
		const early: Uint8Array[] = [];
		let onFrame = (frame: Uint8Array) => {
			if (early.length < MAX_EARLY_FRAMES) early.push(frame);
		};
		ws.on('message', (data) => onFrame(toBytes(data)));
		ws.on('error', (error) => deps.log.debug({ err: error }, 'yjs websocket error'));
		alive.add(ws);
		ws.on('pong', () => alive.add(ws));

		try {
			const result = await authorizeBoard(deps.store, deps.secret, token, boardId);
			if (!result.ok) {
				const code = result.reason === RefusalReason.Unauthorized ? CloseCode.Unauthorized : CloseCode.Forbidden;
				return ws.close(code, result.reason);
			}
			const room = await deps.rooms.acquire(boardId);
			if (!room) return ws.close(CloseCode.Forbidden, RefusalReason.Forbidden);
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
