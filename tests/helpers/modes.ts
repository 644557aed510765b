/**
 * Every feature runs in both modes: embedded (SQLite + in-process bus) and Redis (a real
 * redis-server started for the test file). Integration tests use `describe.each(MODES)`.
 */
import { startRedis, type TestRedis } from './redis.js';

export type Mode = 'embedded' | 'redis';
export const MODES: Mode[] = ['embedded', 'redis'];

export interface Backing {
	/** Environment for server processes of this mode. */
	env: Record<string, string>;
	redis: TestRedis | null;
	stop(): Promise<void>;
}

/** Starts what a mode needs besides the server itself (nothing for embedded). */
export async function startBacking(mode: Mode, options: { persistent?: boolean } = {}): Promise<Backing> {
	if (mode === 'embedded') return { env: {}, redis: null, stop: async () => {} };
	const redis = await startRedis({ persistent: options.persistent });
	return { env: { REDIS_URL: redis.url }, redis, stop: () => redis.stop() };
}
