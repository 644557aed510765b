/**
 * Named snapshots over HTTP, in both modes, with real servers and real clients: a participant
 * takes one, edits, the facilitator restores it as a new change that every connected client (the
 * app's socket.io client and a stock y-websocket one) receives, a fresh load after a restart has
 * it, and the board's history keeps the states before the restore. Plus who may do what, and bad
 * input.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { boardToJSON } from '../../src/lib/board/json.js';
import {
	addAction,
	addStakeholder,
	collection,
	deleteStakeholders,
	entity,
	readAction,
	readStakeholder,
	updateStakeholder
} from '../../src/lib/board/model.js';
import { RESTORED_COLLECTIONS } from '../../src/lib/board/restore.js';
import { MAX_SNAPSHOTS } from '../../server/store/Store.js';
import {
	connectSocket,
	connectStock,
	createWorkshop,
	joinWorkshop,
	request,
	type Endpoint,
	type SocketClient,
	type StockClient
} from '../helpers/clients.js';
import { MODES, startBacking, type Backing } from '../helpers/modes.js';
import { startServer, tempDataDir, type TestServer } from '../helpers/server.js';

const INTERVAL_MS = 200;
const ENV = { CHECKPOINT_INTERVAL_MS: String(INTERVAL_MS), ROOM_GRACE_MS: '200' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const content = (doc: Y.Doc) => {
	const { board } = boardToJSON(doc);
	return Object.fromEntries(RESTORED_COLLECTIONS.map((name) => [name, board[name]]));
};

async function allSaved(client: SocketClient) {
	await vi.waitFor(() => expect(client.provider.unsyncedChanges).toBe(0), { timeout: 10_000 });
}

async function snapshotDoc(server: Endpoint, boardId: string, snapshotId: string, token: string) {
	const response = await fetch(`${server.url}/api/boards/${boardId}/snapshots/${snapshotId}`, { headers: { authorization: `Bearer ${token}` } });
	const doc = new Y.Doc();
	if (response.status === 200) Y.applyUpdate(doc, new Uint8Array(await response.arrayBuffer()));
	return { status: response.status, headers: response.headers, doc };
}

async function stateAt(server: Endpoint, boardId: string, at: number, token: string) {
	const response = await fetch(`${server.url}/api/boards/${boardId}/history/${at}`, { headers: { authorization: `Bearer ${token}` } });
	expect(response.status).toBe(200);
	const doc = new Y.Doc();
	Y.applyUpdate(doc, new Uint8Array(await response.arrayBuffer()));
	return doc;
}

describe.each(MODES)('%s mode', (mode) => {
	let server: TestServer;
	let backing: Backing;
	const open: Array<SocketClient | StockClient> = [];
	const extraServers: TestServer[] = [];
	beforeAll(async () => {
		backing = await startBacking(mode);
		server = await startServer({ env: { ...ENV, ...backing.env } });
	});
	afterEach(async () => {
		for (const client of open.splice(0)) client.close();
		await Promise.all(extraServers.splice(0).map((s) => s.kill()));
	});
	afterAll(async () => {
		await server.stop();
		await backing.stop();
	});

	it('a participant takes a snapshot and edits; the facilitator restores it for every client, after a restart too, history kept', async () => {
		const dataDir = tempDataDir();
		const first = await startServer({ dataDir, env: { ...ENV, ...backing.env } });
		extraServers.push(first);
		const workshop = await createWorkshop(first);
		const board = workshop.boards[0].boardId;
		const rina = await joinWorkshop(first, workshop, 'Rina');
		const writer = await connectSocket(first, board, rina.participantToken);
		const facilitator = await connectStock(first, board, workshop.facilitatorToken);
		open.push(writer, facilitator);

		// The board at the end of exercise 1.
		const bappeda = addStakeholder(writer.doc, { name: 'Bappeda Kota', helix: 'government', x: 10, y: 10 });
		const telkom = addStakeholder(writer.doc, { name: 'Telkom', helix: 'business', x: 200, y: 10 });
		const unri = addStakeholder(writer.doc, { name: 'Universitas Riau', helix: 'academia', x: 300, y: 10 });
		const kiosk = addAction(writer.doc, { title: 'Pilot the smart kiosk', owner: bappeda, partners: [telkom] });
		(entity(writer.doc, 'actions', kiosk)!.get('description') as Y.Text).insert(0, 'Three kelurahan, six months.');
		await allSaved(writer);
		await vi.waitFor(() => expect(content(facilitator.doc)).toEqual(content(writer.doc)));
		const atSnapshot = content(writer.doc);

		const taken = await request(first, 'POST', `/api/boards/${board}/snapshots`, { name: '  End of exercise 1  ', author: 'Rina' }, rina.participantToken);
		expect(taken.status).toBe(201);
		expect(taken.json).toMatchObject({ name: 'End of exercise 1', createdBy: 'Rina' });
		expect(taken.json.snapshotId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
		expect(Math.abs((taken.json.createdAt as number) - Date.now())).toBeLessThan(10_000);
		const snapshotId = taken.json.snapshotId as string;

		const listed = await request(first, 'GET', `/api/boards/${board}/snapshots`, undefined, rina.participantToken);
		expect(listed.status).toBe(200);
		expect(listed.json).toEqual({ snapshots: [taken.json] });
		const served = await snapshotDoc(first, board, snapshotId, workshop.facilitatorToken);
		expect(served.status).toBe(200);
		expect(served.headers.get('content-type')).toBe('application/octet-stream');
		expect(served.headers.get('cache-control')).toBe('no-store');
		expect(content(served.doc)).toEqual(atSnapshot);

		// Exercise 2 changes things: add, delete, modify, retype a description.
		const media = addStakeholder(writer.doc, { name: 'Radio Suara', helix: 'media', x: 5, y: 5 });
		deleteStakeholders(writer.doc, [unri]);
		updateStakeholder(writer.doc, bappeda, { name: 'Bappeda Provinsi', power: 95 });
		const description = entity(writer.doc, 'actions', kiosk)!.get('description') as Y.Text;
		description.delete(0, description.length);
		description.insert(0, 'All kelurahan, twelve months.');
		await allSaved(writer);
		await vi.waitFor(() => expect(content(facilitator.doc)).toEqual(content(writer.doc)));
		const edited = content(writer.doc);
		await sleep(INTERVAL_MS * 2); // the next write stores a checkpoint of the edited board
		const beforeRestore = Date.now();
		const checkpointsBefore = (await request(first, 'GET', `/api/boards/${board}/history`, undefined, workshop.facilitatorToken)).json
			.checkpoints as number[];

		// A participant may not restore: refused, nothing changes.
		const refused = await request(first, 'POST', `/api/boards/${board}/snapshots/${snapshotId}/restore`, undefined, rina.participantToken);
		expect(refused.status).toBe(403);
		expect(refused.json.error).toMatch(/facilitator/);
		await sleep(150);
		expect(content(writer.doc)).toEqual(edited);
		expect(content(facilitator.doc)).toEqual(edited);

		// The facilitator restores: both connected clients receive it as a normal update.
		const restored = await request(first, 'POST', `/api/boards/${board}/snapshots/${snapshotId}/restore`, undefined, workshop.facilitatorToken);
		expect(restored.status).toBe(200);
		expect(restored.json).toEqual({ snapshotId, changed: true });
		await vi.waitFor(() => {
			expect(content(writer.doc)).toEqual(atSnapshot);
			expect(content(facilitator.doc)).toEqual(atSnapshot);
		});
		expect(readStakeholder(writer.doc, unri)?.name).toBe('Universitas Riau');
		expect(readStakeholder(writer.doc, media)).toBeNull();
		expect(readStakeholder(facilitator.doc, bappeda)).toMatchObject({ name: 'Bappeda Kota', power: 50 });
		expect(String(entity(facilitator.doc, 'actions', kiosk)!.get('description'))).toBe('Three kelurahan, six months.');
		// meta is not restored: the title is still there.
		expect(collection(writer.doc, 'meta').get('title')).toBe('Group 1');
		expect(writer.provider.unsyncedChanges).toBe(0);
		expect(writer.replica.refusedWrites).toBe(0);

		// The participant keeps editing after the restore, as usual.
		updateStakeholder(writer.doc, telkom, { attitude: 'champion' });
		await allSaved(writer);
		await vi.waitFor(() => expect(readStakeholder(facilitator.doc, telkom)?.attitude).toBe('champion'));
		updateStakeholder(writer.doc, telkom, { attitude: 'neutral' });
		await allSaved(writer);

		// Restoring the same snapshot again changes nothing.
		const again = await request(first, 'POST', `/api/boards/${board}/snapshots/${snapshotId}/restore`, undefined, workshop.facilitatorToken);
		expect(again.json).toEqual({ snapshotId, changed: false });

		// History is not rewritten: every older checkpoint is still listed, and the edited board is in it.
		await sleep(INTERVAL_MS * 1.5);
		const checkpointsAfter = (await request(first, 'GET', `/api/boards/${board}/history`, undefined, workshop.facilitatorToken)).json
			.checkpoints as number[];
		for (const at of checkpointsBefore) expect(checkpointsAfter).toContain(at);
		expect(checkpointsAfter.length).toBeGreaterThan(checkpointsBefore.length);
		expect(content(await stateAt(first, board, beforeRestore, workshop.facilitatorToken))).toEqual(edited);
		expect(content(await stateAt(first, board, Date.now(), workshop.facilitatorToken))).toEqual(atSnapshot);

		// After a restart a fresh client loads the restored board, and the snapshot is still there.
		writer.close();
		facilitator.close();
		expect(await first.stop()).toBe(0);
		const second = await startServer({ dataDir, env: { ...ENV, ...backing.env } });
		extraServers.push(second);
		const fresh = await connectSocket(second, board, workshop.facilitatorToken);
		open.push(fresh);
		expect(content(fresh.doc)).toEqual(atSnapshot);
		expect(readAction(fresh.doc, kiosk)?.title).toBe('Pilot the smart kiosk');
		const listedAfter = await request(second, 'GET', `/api/boards/${board}/snapshots`, undefined, workshop.facilitatorToken);
		expect(listedAfter.json).toEqual({ snapshots: [taken.json] });
	});

	it('who may: another group lists but may not take; a locked board refuses its participant; readers get 403 on restore', async () => {
		const workshop = await createWorkshop(server);
		const board = workshop.boards[0].boardId;
		const rina = await joinWorkshop(server, workshop, 'Rina', 0);
		const bolat = await joinWorkshop(server, workshop, 'Bolat', 1);
		const path = `/api/boards/${board}/snapshots`;

		const mine = await request(server, 'POST', path, { name: 'Start' }, rina.participantToken);
		expect(mine.status).toBe(201);
		expect(mine.json.createdBy).toBe('participant'); // no author given: the role

		// Another group reads the board (and its snapshots) only during the gallery walk (issue 6).
		expect((await request(server, 'GET', path, undefined, bolat.participantToken)).status).toBe(403);
		await request(server, 'POST', `/api/workshops/${workshop.workshopId}/gallery`, { open: true }, workshop.facilitatorToken);
		const listed = await request(server, 'GET', path, undefined, bolat.participantToken);
		expect(listed.status).toBe(200);
		expect((listed.json.snapshots as unknown[]).length).toBe(1);
		expect((await snapshotDoc(server, board, mine.json.snapshotId as string, bolat.participantToken)).status).toBe(200);
		const notTheirs = await request(server, 'POST', path, { name: 'Not mine' }, bolat.participantToken);
		expect(notTheirs.status).toBe(403);
		expect(notTheirs.json.error).toBeTruthy();
		const restoreByOther = await request(server, 'POST', `${path}/${mine.json.snapshotId}/restore`, undefined, bolat.participantToken);
		expect(restoreByOther.status).toBe(403);

		// Locked: the group's own participant may not take one; the facilitator still may.
		expect((await request(server, 'POST', `/api/boards/${board}/lock`, { locked: true }, workshop.facilitatorToken)).status).toBe(200);
		const locked = await request(server, 'POST', path, { name: 'While locked' }, rina.participantToken);
		expect(locked.status).toBe(403);
		expect(locked.json.error).toMatch(/locked/);
		const byFacilitator = await request(server, 'POST', path, { name: 'Facilitator while locked', author: 'Pak Budi' }, workshop.facilitatorToken);
		expect(byFacilitator.status).toBe(201);
		expect(byFacilitator.json.createdBy).toBe('Pak Budi');
		// The facilitator restores on a locked board; the lock stays.
		const restore = await request(server, 'POST', `${path}/${mine.json.snapshotId}/restore`, undefined, workshop.facilitatorToken);
		expect(restore.status).toBe(200);
		const reader = await connectSocket(server, board, rina.participantToken);
		open.push(reader);
		expect(collection(reader.doc, 'meta').get('locked')).toBe(true);
		const names = ((await request(server, 'GET', path, undefined, rina.participantToken)).json.snapshots as Array<{ name: string }>).map((s) => s.name);
		expect(names).toEqual(['Facilitator while locked', 'Start']);
	});

	it('bad input: ids, JSON, names; no token 401, another workshop 403, unknown snapshot 404', async () => {
		const workshop = await createWorkshop(server);
		const other = await createWorkshop(server);
		const board = workshop.boards[0].boardId;
		const token = workshop.facilitatorToken;
		const path = `/api/boards/${board}/snapshots`;
		const good = await request(server, 'POST', path, { name: 'x'.repeat(120) }, token);
		expect(good.status).toBe(201);
		const id = good.json.snapshotId as string;

		const badBodies: unknown[] = ['not json', '', '[]', { name: '' }, { name: '   ' }, { name: 'x'.repeat(121) }, { name: 5 }, {}, { name: 'ok', author: 'a'.repeat(81) }];
		for (const body of badBodies) {
			const answer = await request(server, 'POST', path, body, token);
			expect(answer.status, JSON.stringify(body)).toBe(400);
			expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
			expect(answer.json.error, JSON.stringify(body)).toBeTruthy();
		}
		for (const badId of ['a%20b', 'a.b', 'x'.repeat(65), '%E2%9C%93']) {
			expect((await request(server, 'GET', `/api/boards/${board}/snapshots/${badId}`, undefined, token)).status, badId).toBe(400);
			expect((await request(server, 'POST', `/api/boards/${board}/snapshots/${badId}/restore`, undefined, token)).status, badId).toBe(400);
			expect((await request(server, 'GET', `/api/boards/${badId}/snapshots`, undefined, token)).status, badId).toBe(400);
		}
		expect((await request(server, 'GET', `${path}/unknownSnapshot1`, undefined, token)).status).toBe(404);
		expect((await request(server, 'POST', `${path}/unknownSnapshot1/restore`, undefined, token)).status).toBe(404);
		expect((await request(server, 'DELETE', `${path}/${id}`, undefined, token)).status).toBe(405);

		for (const [method, route] of [
			['GET', path],
			['POST', path],
			['GET', `${path}/${id}`],
			['POST', `${path}/${id}/restore`]
		] as const) {
			const body = method === 'POST' && route === path ? { name: 'n' } : undefined;
			expect((await request(server, method, route, body)).status, route).toBe(401);
			expect((await request(server, method, route, body, 'v1.forged.token')).status, route).toBe(401);
			const foreign = await request(server, method, route, body, other.facilitatorToken);
			expect(foreign.status, route).toBe(403);
			expect(foreign.json.error).toBeTruthy();
		}
		// Nothing of that was stored.
		const listed = await request(server, 'GET', path, undefined, token);
		expect((listed.json.snapshots as unknown[]).length).toBe(1);
	});

	it(`a board keeps at most ${MAX_SNAPSHOTS} snapshots and says so (409)`, async () => {
		const workshop = await createWorkshop(server, 1);
		const board = workshop.boards[0].boardId;
		const path = `/api/boards/${board}/snapshots`;
		for (let i = 0; i < MAX_SNAPSHOTS; i += 10) {
			const batch = Array.from({ length: 10 }, (_, j) => request(server, 'POST', path, { name: `S${i + j}` }, workshop.facilitatorToken));
			for (const answer of await Promise.all(batch)) expect(answer.status).toBe(201);
		}
		const full = await request(server, 'POST', path, { name: 'One too many' }, workshop.facilitatorToken);
		expect(full.status).toBe(409);
		expect(full.json.error).toMatch(/100/);
		expect(((await request(server, 'GET', path, undefined, workshop.facilitatorToken)).json.snapshots as unknown[]).length).toBe(MAX_SNAPSHOTS);
	});
});
