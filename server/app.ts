/**
 * Wires one Helixboard instance: store, bus, rooms, the HTTP API and both sync transports. The
 * caller owns the http.Server (production: server/main.ts; development: Vite's).
 */
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { loadOrCreateSecret } from './auth/tokens.js';
import { LocalBus } from './bus/LocalBus.js';
import type { Config } from './config.js';
import { createApi } from './http/api.js';
import { createLogger, type Logger } from './logger.js';
import { RoomManager } from './rooms/RoomManager.js';
import { SqliteStore } from './store/SqliteStore.js';
import { attachSocketTransport } from './transports/socketio.js';
import { attachYjsTransport } from './transports/yjsWebSocket.js';
import { Workshops } from './workshops.js';
import { CloseCode } from '../src/lib/sync/protocol.js';

/** Room for frame headers around the largest board state. */
const FRAME_OVERHEAD_BYTES = 64 * 1024;

export interface Helixboard {
	log: Logger;
	/** Mounts socket.io and /yjs on the server's upgrade and request events. */
	attach(server: HttpServer): void;
	/** The API and /healthz; anything else goes to next(). */
	handleRequest(req: IncomingMessage, res: ServerResponse, next: () => void): void;
	/** Disconnects every client, stores every loaded board, closes the store. */
	close(): Promise<void>;
}

export async function createHelixboard(config: Config, { ownsUpgrades = true } = {}): Promise<Helixboard> {
	const log = createLogger(config.logLevel);
	if (config.redisUrl) throw new Error('REDIS_URL is set, but Redis mode is not available in this version yet');
	const store = new SqliteStore(config.dataDir);
	const bus = new LocalBus();
	const secret = loadOrCreateSecret(config.secret, config.dataDir);
	const rooms = new RoomManager({
		store,
		bus,
		log,
		graceMs: config.roomGraceMs,
		compactAfterUpdates: config.compactAfterUpdates
	});
	const workshops = new Workshops(store, secret, config.tokenTtlDays);
	const api = createApi({ store, secret, workshops, rooms, log });
	const maxFrameBytes = config.maxBoardBytes + FRAME_OVERHEAD_BYTES;
	const transports: Array<{ close(): unknown }> = [];

	return {
		log,
		attach(server) {
			const io = attachSocketTransport(server, { store, secret, rooms, log, maxFrameBytes });
			transports.push({
				close: () => {
					// io.close() would also close the http.Server, which is not ours to close.
					io.disconnectSockets(true);
					io.engine.close();
				}
			});
			transports.push(attachYjsTransport(server, { store, secret, rooms, log, maxFrameBytes, ownsUpgrades }));
		},
		handleRequest(req, res, next) {
			void api(req, res, next);
		},
		async close() {
			for (const transport of transports) transport.close();
			for (const room of await rooms.loadedRooms()) room.disconnectAll(CloseCode.ServerShutdown, 'server shutting down');
			await rooms.close();
			await bus.close();
			await store.close();
		}
	};
}
