/**
 * Faults with real processes: killed instances, cold restarts, a restarted Redis, clients that go
 * offline. The one promise under test: no update any client has seen, or made, is lost.
 */
import { afterEach, describe, expect, it, onTestFailed, vi } from 'vitest';
import * as Y from 'yjs';
import { addNote, readNotes } from '../../src/lib/board/model.js';
import { connectSocket, connectStock, createWorkshop, type Endpoint, type SocketClient, type StockClient } from '../helpers/clients.js';
import { MODES, startBacking } from '../helpers/modes.js';
import { startProxy } from '../helpers/proxy.js';
import { startRedis } from '../helpers/redis.js';
import { startServer, tempDataDir } from '../helpers/server.js';

type Client = SocketClient | StockClient;

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
/** Ends the thing after the test: kill (servers, Redis), else stop, else close (clients, proxies). */
function track<T extends { kill?(): unknown; stop?(): unknown; close?(): unknown }>(thing: T): T {
	cleanups.push(() => (thing.kill ? thing.kill() : thing.stop ? thing.stop() : thing.close?.()));
	return thing;
}

/** Restarts and reconnect backoff (up to 5 s) take a while on a loaded 2-core machine. */
const FAULT_TEST_TIMEOUT_MS = 60_000;

const noteIds = (doc: Y.Doc) => new Set(readNotes(doc).map((n) => n.id));

/** Every note id any client ever saw, recorded as it arrives. */
function recordSeen(clients: Client[], seen: Set<string>) {
	for (const client of clients) {
		const record = () => {
			for (const id of client.doc.getMap('notes').keys()) seen.add(id);
		};
		client.doc.on('update', record);
		record();
	}
}

/** Each client adds `count` notes, one every `everyMs`; `made` fills as they go. */
async function burst(clients: Client[], count: number, everyMs: number, made: string[] = []): Promise<string[]> {
	await Promise.all(
		clients.map(async (client, i) => {
			for (let n = 0; n < count; n++) {
				made.push(addNote(client.doc, { x: n, y: i, color: 'yellow', author: `client ${i}`, text: `${i}/${n}` }));
				await new Promise((r) => setTimeout(r, everyMs));
			}
		})
	);
	return made;
}

/** All clients are connected and synced again, hold the same notes and have nothing unsaved. */
async function settled(clients: Client[], timeout = 45_000) {
	await vi.waitFor(
		() => {
			clients.forEach((client, i) => {
				if ('replica' in client) expect(client.provider.unsyncedChanges, `client ${i} unsynced`).toBe(0);
				else expect(client.provider.wsconnected, `client ${i} connected`).toBe(true);
				expect(client.provider.synced, `client ${i} synced`).toBe(true);
			});
			const reference = [...noteIds(clients[0].doc)].sort();
			clients.forEach((client, i) => expect([...noteIds(client.doc)].sort(), `notes of client ${i} vs client 0`).toEqual(reference));
		},
		{ timeout, interval: 100 }
	);
}

describe('several instances on one Redis', { timeout: FAULT_TEST_TIMEOUT_MS }, () => {
	it('SIGKILL of one instance mid-burst: its clients move to the other and nothing anyone saw is lost', async () => {
		const redis = track(await startRedis());
		const env = { REDIS_URL: redis.url };
		const a = track(await startServer({ env }));
		const b = track(await startServer({ env }));
		const balancer = track(await startProxy([a.port, b.port]));
		const workshop = await createWorkshop(balancer);
		const board = workshop.boards[0].boardId;
		// Round robin spreads them over both instances.
		const clients: Client[] = [];
		for (let i = 0; i < 6; i++) {
			clients.push(
				track(
					i % 2 === 0
						? await connectSocket(balancer, board, workshop.facilitatorToken, { transports: ['websocket'] })
						: await connectStock(balancer, board, workshop.facilitatorToken)
				)
			);
		}
		const seen = new Set<string>();
		recordSeen(clients, seen);

		const made: string[] = [];
		const writing = burst(clients, 30, 20, made);
		await new Promise((r) => setTimeout(r, 250));
		balancer.setBackends([b.port]);
		await a.kill();
		const madeBeforeKill = made.length;
		await writing;
		expect(madeBeforeKill).toBeGreaterThan(0);
		expect(madeBeforeKill).toBeLessThan(6 * 30); // killed mid-burst

		await settled(clients);
		const fresh = track(await connectStock(b, board, workshop.facilitatorToken));
		const stored = noteIds(fresh.doc);
		for (const id of seen) expect(stored.has(id), `seen note ${id}`).toBe(true);
		for (const id of made) expect(stored.has(id), `made note ${id}`).toBe(true);
		expect(stored.size).toBe(6 * 30);
	});

	it('all instances killed and started cold: every board comes back from Redis alone', async () => {
		const redis = track(await startRedis());
		const env = { REDIS_URL: redis.url };
		const first = [track(await startServer({ env })), track(await startServer({ env }))];
		const workshop = await createWorkshop(first[0]);
		const clients = [
			track(await connectSocket(first[0], workshop.boards[0].boardId, workshop.facilitatorToken)),
			track(await connectSocket(first[1], workshop.boards[1].boardId, workshop.facilitatorToken))
		];
		const made = await burst(clients, 20, 5);
		await vi.waitFor(() => clients.forEach((c) => expect(c.provider.unsyncedChanges).toBe(0)));
		await Promise.all(first.map((s) => s.kill()));

		// New processes with fresh, empty data directories: nothing local survives.
		const cold = track(await startServer({ env, dataDir: tempDataDir() }));
		const loaded = [
			track(await connectStock(cold, workshop.boards[0].boardId, workshop.facilitatorToken)),
			track(await connectStock(cold, workshop.boards[1].boardId, workshop.facilitatorToken))
		];
		const stored = new Set([...noteIds(loaded[0].doc), ...noteIds(loaded[1].doc)]);
		expect([...stored].sort()).toEqual([...made].sort());
		expect(loaded[0].doc.getMap('meta').get('title')).toBe('Group 1');
	});

	it('Redis restarted while clients edit: instances reconnect by themselves and no edit is lost', async () => {
		const redis = track(await startRedis({ persistent: true }));
		const env = { REDIS_URL: redis.url };
		const a = track(await startServer({ env }));
		const b = track(await startServer({ env }));
		const workshop = await createWorkshop(a);
		const board = workshop.boards[0].boardId;
		const onA = track(await connectSocket(a, board, workshop.facilitatorToken));
		const onB = track(await connectSocket(b, board, workshop.facilitatorToken));
		const stock = track(await connectStock(b, board, workshop.facilitatorToken));
		const clients: Client[] = [onA, onB, stock];

		// What the app shows while Redis is away: the server refuses to acknowledge, the client
		// keeps the edits as unsaved and reconnects.
		// Watched on every change the provider reports, not polled: lastRejection holds only the
		// latest refusal, and the writes queued behind a refused one are refused as out-of-sync
		// within the same millisecond, so a poll (delayed further on a loaded machine) misses it.
		let sawRefusal = false;
		const unwatch = [onA, onB].map((client) =>
			client.replica.subscribe('connection', () => {
				if (client.provider.lastRejection === 'store-unavailable') sawRefusal = true;
			})
		);
		const describeClients = () =>
			clients
				.map((c, i) =>
					'replica' in c
						? `client ${i} app: ${c.provider.status} synced=${c.provider.synced} unsynced=${c.provider.unsyncedChanges} rejection=${c.provider.lastRejection} notes=${noteIds(c.doc).size}`
						: `client ${i} stock: connected=${c.provider.wsconnected} synced=${c.provider.synced} notes=${noteIds(c.doc).size}`
				)
				.join('\n');
		// onTestFailed runs after afterEach, i.e. after servers, Redis and clients were shut down: the
		// state worth reading is the one taken when an assertion gave up.
		let atFailure: string | null = null;
		onTestFailed(() => {
			console.error(
				`clients when the test gave up:\n${atFailure ?? '(not taken)'}\nA:\n${a.output().slice(-3000)}\nB:\n${b.output().slice(-3000)}`
			);
		});
		const writing = burst(clients, 40, 25);
		await new Promise((r) => setTimeout(r, 200));
		await redis.restart();
		const made = await writing;

		await settled(clients).catch((error: unknown) => {
			atFailure = describeClients();
			throw error;
		});
		unwatch.forEach((stop) => stop());
		// While Redis was away, edits were refused visibly (and kept) rather than silently dropped.
		expect(sawRefusal).toBe(true);
		expect(made).toHaveLength(3 * 40);
		// Both instances serve every edit: each room also holds what the other instance stored while
		// this one's bus was cut off (caught up from the store once both were back).
		atFailure = `(settled) ${describeClients()}`;
		for (const [name, instance] of [['A', a], ['B', b]] as const) {
			const fresh = track(await connectStock(instance, board, workshop.facilitatorToken));
			expect([...noteIds(fresh.doc)].sort(), `notes read through instance ${name}`).toEqual([...made].sort());
		}
	});
});

describe.each(MODES)('%s mode', { timeout: FAULT_TEST_TIMEOUT_MS }, (mode) => {
	it('a server under load (20 clients) killed with SIGKILL and restarted loses no update', async () => {
		const backing = track(await startBacking(mode));
		const dataDir = tempDataDir();
		const server = track(await startServer({ dataDir, env: backing.env }));
		const port = String(server.port);
		const workshop = await createWorkshop(server);
		const board = workshop.boards[0].boardId;
		const clients: Client[] = [];
		for (let i = 0; i < 20; i++) {
			const endpoint: Endpoint = server;
			clients.push(
				track(
					i % 4 === 3
						? await connectStock(endpoint, board, workshop.facilitatorToken)
						: await connectSocket(endpoint, board, workshop.facilitatorToken, { transports: ['websocket'] })
				)
			);
		}
		const made: string[] = [];
		const writing = burst(clients, 15, 20, made);
		await new Promise((r) => setTimeout(r, 150));
		await server.kill();
		expect(made.length).toBeLessThan(20 * 15); // killed mid-burst
		// Same port and store: the clients reconnect by themselves and resend what was not stored.
		const restarted = track(await startServer({ dataDir, env: { ...backing.env, PORT: port } }));
		await writing;
		await settled(clients);
		const fresh = track(await connectStock(restarted, board, workshop.facilitatorToken));
		expect(noteIds(fresh.doc).size).toBe(20 * 15);
		expect([...noteIds(fresh.doc)].sort()).toEqual([...made].sort());
	});

	it('clients offline for a while with queued edits merge them on return, on both transports', async () => {
		const backing = track(await startBacking(mode));
		// A short grace period: while they are away the board is unloaded and compacted, as after minutes.
		const server = track(await startServer({ env: { ...backing.env, ROOM_GRACE_MS: '100', COMPACT_AFTER_UPDATES: '10' } }));
		const network = track(await startProxy([server.port]));
		const workshop = await createWorkshop(server);
		const board = workshop.boards[0].boardId;
		const appClient = track(await connectSocket(network, board, workshop.facilitatorToken, { transports: ['websocket'] }));
		const stockClient = track(await connectStock(network, board, workshop.facilitatorToken));

		network.setOffline(true);
		await vi.waitFor(() => expect(appClient.provider.status).not.toBe('online'));
		const offlineMade = [...(await burst([appClient, stockClient], 10, 5))];
		// Meanwhile the rest of the group keeps working online, then leaves.
		const online = track(await connectSocket(server, board, workshop.facilitatorToken));
		const onlineMade = await burst([online], 25, 2);
		await vi.waitFor(() => expect(online.provider.unsyncedChanges).toBe(0));
		online.close();
		await new Promise((r) => setTimeout(r, 400)); // past the grace period: unloaded, compacted
		expect(appClient.provider.unsyncedChanges).toBe(10);

		network.setOffline(false);
		await settled([appClient, stockClient]);
		const fresh = track(await connectStock(server, board, workshop.facilitatorToken));
		expect([...noteIds(fresh.doc)].sort()).toEqual([...offlineMade, ...onlineMade].sort());
	});
});
