/**
 * RedisBus against a real redis-server: what happens when its connections drop one at a time, as
 * they do after a Redis restart (each connection comes back at its own moment).
 */
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RedisBus } from '../../server/bus/RedisBus.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';

let redis: TestRedis;
beforeAll(async () => {
	redis = await startRedis();
});
afterAll(async () => {
	await redis?.stop();
});

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Closes the connection of one named client from the Redis side, as a dropped socket would. */
async function killConnection(name: string) {
	const admin = createClient({ url: redis.url });
	await admin.connect();
	try {
		const list = await admin.sendCommand(['CLIENT', 'LIST', 'TYPE', 'normal']);
		const id = String(list)
			.split('\n')
			.find((line) => line.includes(` name=${name} `))
			?.match(/^id=(\d+)/)?.[1];
		if (!id) throw new Error(`no connection named ${name}`);
		await admin.sendCommand(['CLIENT', 'KILL', 'ID', id]);
	} finally {
		await admin.close();
	}
}

describe('RedisBus', () => {
	it('a message published while only the publisher is reconnecting goes out once it is back', async () => {
		const message = 'stored while the publisher was away';
		// Published the moment the publisher's connection is found lost (before it reconnects).
		let publishing: Promise<void> | null = null;
		const sender: RedisBus = await RedisBus.connect(redis.url, () => {
			publishing ??= sender.publish('board:test', Buffer.from(message));
		});
		cleanups.push(() => sender.close());
		const receiver = await RedisBus.connect(redis.url);
		cleanups.push(() => receiver.close());
		const received: string[] = [];
		await receiver.subscribe('board:test', (bytes) => received.push(Buffer.from(bytes).toString()));

		// The store may be back before the publisher: an update is stored, then published. Other
		// instances whose bus never dropped (or already caught up) learn of it from this message only.
		await killConnection('helixboard-bus-pub');
		await vi.waitFor(() => expect(publishing).not.toBeNull(), { timeout: 5_000 });
		await publishing;
		await vi.waitFor(() => expect(received).toEqual([message]), { timeout: 5_000 });
	});
});
