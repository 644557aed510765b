/** Configuration from environment variables (documented in README.md). */
import path from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface Config {
	port: number;
	host: string;
	dataDir: string;
	/** Token signing key; generated into dataDir when not given. */
	secret: string | null;
	redisUrl: string | null;
	logLevel: LogLevel;
	/** Largest board state accepted, in bytes; also sizes the largest frame either transport takes. */
	maxBoardBytes: number;
	/** How long a board stays loaded after its last client left, so a reload does not reload it. */
	roomGraceMs: number;
	/** Stored updates after which a loaded board is compacted into a snapshot. */
	compactAfterUpdates: number;
	/**
	 * Least time between two history checkpoints of a board (whole states kept for "what changed
	 * since…"); a lookup inside a busy stretch is at most this much early.
	 */
	checkpointIntervalMs: number;
	/** Participant and facilitator tokens expire after this many days. */
	tokenTtlDays: number;
	/** Document frames (updates, sync steps) one connection may send per second, sustained… */
	updatesPerSecond: number;
	/** …and at once, after a quiet spell (token bucket size). */
	updatesBurst: number;
	/** Presence (awareness) frames one connection may send per second, sustained, and at once. */
	presencePerSecond: number;
	presenceBurst: number;
	/** Open connections (socket.io and /yjs together) from one address; a classroom shares one NAT. */
	maxConnectionsPerIp: number;
	/** Failed join-code lookups one address may make per minute before it gets 429. */
	joinFailuresPerMinute: number;
	/** Reverse proxies in front that append to X-Forwarded-For; 0 trusts only the socket address. */
	trustProxy: number;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < min || value > max) {
		throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
	}
	return value;
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
	const logLevel = (env.LOG_LEVEL || 'info') as LogLevel;
	if (!LOG_LEVELS.includes(logLevel)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
	return {
		port: integer(env, 'PORT', 3000, 0, 65535),
		host: env.HOST || '0.0.0.0',
		dataDir: path.resolve(env.DATA_DIR || './data'),
		secret: env.SECRET || null,
		redisUrl: env.REDIS_URL || null,
		logLevel,
		maxBoardBytes: integer(env, 'MAX_BOARD_BYTES', 32 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
		roomGraceMs: integer(env, 'ROOM_GRACE_MS', 30_000, 0, 3_600_000),
		compactAfterUpdates: integer(env, 'COMPACT_AFTER_UPDATES', 500, 1, 1_000_000),
		checkpointIntervalMs: integer(env, 'CHECKPOINT_INTERVAL_MS', 300_000, 100, 7 * 24 * 3_600_000),
		tokenTtlDays: integer(env, 'TOKEN_TTL_DAYS', 180, 1, 3650),
		// The app sends a step 2 on connect and one update per edit; typing is ~10 a second.
		updatesPerSecond: integer(env, 'UPDATES_PER_SECOND', 60, 1, 1_000_000),
		updatesBurst: integer(env, 'UPDATES_BURST', 200, 1, 1_000_000),
		// The app sends presence at most 25 times a second; stock clients may send one per pointer move.
		presencePerSecond: integer(env, 'PRESENCE_PER_SECOND', 120, 1, 1_000_000),
		presenceBurst: integer(env, 'PRESENCE_BURST', 600, 1, 1_000_000),
		// 60 people behind one classroom NAT with a few tabs each.
		maxConnectionsPerIp: integer(env, 'MAX_CONNECTIONS_PER_IP', 200, 1, 1_000_000),
		joinFailuresPerMinute: integer(env, 'JOIN_FAILURES_PER_MINUTE', 30, 1, 1_000_000),
		trustProxy: integer(env, 'TRUST_PROXY', 0, 0, 10)
	};
}
