/**
 * Wires one Helixboard instance: store, bus, rooms, the HTTP API and both sync transports. The
 * caller owns the http.Server (production: server/main.ts; development: Vite's).
 */
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { loadOrCreateSecret } from './auth/tokens.js';
import { randomBytes } from 'node:crypto';
import type { Bus } from './bus/Bus.js';
import { LocalBus } from './bus/LocalBus.js';
import { RedisBus } from './bus/RedisBus.js';
import type { Config } from './config.js';
import { createApi } from './http/api.js';
import { createLimits } from './limits.js';
import { createLogger, type Logger } from './logger.js';
import { RoomManager } from './rooms/RoomManager.js';
import { RedisStore } from './store/RedisStore.js';
import { SqliteStore } from './store/SqliteStore.js';
import type { Store } from './store/Store.js';
import { attachSocketTransport } from './transports/socketio.js';
import { attachYjsTransport } from './transports/yjsWebSocket.js';
import { createWorkshopHub } from './workshop/WorkshopHub.js';
import { Workshops } from './workshops.js';
import { CloseCode } from '../src/lib/sync/protocol.js';

/** At most one log line per this interval while Redis is unreachable. */
const REDIS_ERROR_LOG_INTERVAL_MS = 10_000;

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
	const { store, bus, secret } = await openBackends(config, log);
	const rooms = new RoomManager({
		store,
		bus,
		log,
		graceMs: config.roomGraceMs,
		compactAfterUpdates: config.compactAfterUpdates,
		maxBoardBytes: config.maxBoardBytes,
		checkpointIntervalMs: config.checkpointIntervalMs
	});
	const workshops = new Workshops(store, secret, config.tokenTtlDays);
	// A deleted workshop's rooms go on every instance without writing anything back.
	const hub = createWorkshopHub({ store, bus, log, onWorkshopDeleted: (workshopId) => rooms.discardWorkshop(workshopId) });
	const limits = createLimits(config);
	const api = createApi({ store, secret, workshops, rooms, hub, log, limits });
	const maxFrameBytes = config.maxBoardBytes + FRAME_OVERHEAD_BYTES;
	const transports: Array<{ close(): unknown }> = [];

	return {
		log,
		attach(server) {
			const io = attachSocketTransport(server, { store, secret, rooms, hub, log, maxFrameBytes, limits });
			transports.push({
				close: () => {
					// io.close() would also close the http.Server, which is not ours to close.
					io.disconnectSockets(true);
					io.engine.close();
				}
			});
			transports.push(attachYjsTransport(server, { store, secret, rooms, hub, log, maxFrameBytes, ownsUpgrades, limits }));
		},
		handleRequest(req, res, next) {
			void api(req, res, next);
		},
		async close() {
			for (const transport of transports) transport.close();
			for (const room of await rooms.loadedRooms()) room.disconnectAll(CloseCode.ServerShutdown, 'server shutting down');
			await rooms.close();
			await hub.close();
			limits.close();
			await bus.close();
			await store.close();
		}
	};
}

/**
 * Embedded (default): SQLite in DATA_DIR, an in-process bus, a secret file in DATA_DIR.
 * REDIS_URL set: Redis for all three, so any number of instances serve the same workshops and no
 * instance keeps anything of its own.
 */
async function openBackends(config: Config, log: Logger): Promise<{ store: Store; bus: Bus; secret: string }> {
	if (!config.redisUrl) {
		return { store: new SqliteStore(config.dataDir), bus: new LocalBus(), secret: loadOrCreateSecret(config.secret, config.dataDir) };
	}
	// During an outage the clients report every failed reconnect: log the first of each burst only.
	let lastLogged = 0;
	const onError = (error: Error) => {
		if (Date.now() - lastLogged < REDIS_ERROR_LOG_INTERVAL_MS) return;
		lastLogged = Date.now();
		log.warn({ err: { message: error.message } }, 'redis connection problem (retrying)');
	};
	const store = await RedisStore.connect(config.redisUrl, { onError });
	const bus = await RedisBus.connect(config.redisUrl, onError);
	const secret = config.secret ?? (await store.sharedSecret(randomBytes(32).toString('hex')));
	return { store, bus, secret };
}
