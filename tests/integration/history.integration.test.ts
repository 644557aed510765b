/**
 * Board history over HTTP, in both modes: the server keeps checkpoints (whole board states dated
 * when they began) at most every CHECKPOINT_INTERVAL_MS, and `GET /api/boards/<id>/history[/<at>]`
 * serves their times and the state at a past moment, for "what changed since…" views. A real
 * server with a 200 ms interval; a real app client writes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { boardToJSON } from '../../src/lib/board/json.js';
import { addAction, collection, readAction, readActions, updateAction } from '../../src/lib/board/model.js';
import { connectSocket, createWorkshop, joinWorkshop, request, type Endpoint, type SocketClient } from '../helpers/clients.js';
import { MODES, startBacking, type Backing } from '../helpers/modes.js';
import { startServer, tempDataDir, type TestServer } from '../helpers/server.js';

const INTERVAL_MS = 200;
const HISTORY_ENV = { CHECKPOINT_INTERVAL_MS: String(INTERVAL_MS), ROOM_GRACE_MS: '200' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function allSaved(client: SocketClient) {
	await vi.waitFor(() => expect(client.provider.unsyncedChanges).toBe(0));
}

/** GET /history/<at> as bytes, with the checkpoint time it names. */
async function stateAt(server: Endpoint, boardId: string, at: number | string, token?: string) {
	const response = await fetch(`${server.url}/api/boards/${boardId}/history/${at}`, {
		headers: token ? { authorization: `Bearer ${token}` } : {}
	});
	const bytes = new Uint8Array(await response.arrayBuffer());
	const doc = new Y.Doc();
	if (response.status === 200) Y.applyUpdate(doc, bytes);
	return { status: response.status, headers: response.headers, bytes, doc, checkpointAt: Number(response.headers.get('x-checkpoint-at')) };
}

async function checkpoints(server: Endpoint, boardId: string, token: string): Promise<number[]> {
	const { status, json } = await request(server, 'GET', `/api/boards/${boardId}/history`, undefined, token);
	expect(status).toBe(200);
	return json.checkpoints as number[];
}

describe.each(MODES)('%s mode', (mode) => {
	let server: TestServer;
	let backing: Backing;
	const open: SocketClient[] = [];
	const extraServers: TestServer[] = [];
	beforeAll(async () => {
		backing = await startBacking(mode);
		server = await startServer({ env: { ...HISTORY_ENV, ...backing.env } });
	});
	afterEach(async () => {
		for (const client of open.splice(0)) client.close();
		await Promise.all(extraServers.splice(0).map((s) => s.kill()));
	});
	afterAll(async () => {
		await server.stop();
		await backing.stop();
	});

	/**
	 * A participant adds an action, the board stays quiet for longer than the interval, then the
	 * participant changes it. Returns the moments around those writes.
	 */
	async function twoWrites(target: Endpoint) {
		const beforeBoard = Date.now() - 1;
		const workshop = await createWorkshop(target);
		const board = workshop.boards[0].boardId;
		const rina = await joinWorkshop(target, workshop, 'Rina');
		const writer = await connectSocket(target, board, rina.participantToken);
		open.push(writer);
		const action = addAction(writer.doc, { title: 'Pilot the smart kiosk', status: 'planned' });
		await allSaved(writer);
		const between = Date.now();
		await sleep(INTERVAL_MS * 2.5);
		updateAction(writer.doc, action, { title: 'Pilot the smart kiosk in 3 kelurahan', status: 'in_progress' });
		await allSaved(writer);
		const afterSecond = Date.now();
		return { workshop, board, writer, action, beforeBoard, between, afterSecond };
	}

	it('lists checkpoints and serves the board as it was between two writes, before it existed, and now', async () => {
		const { workshop, board, writer, action, beforeBoard, between } = await twoWrites(server);
		const token = workshop.facilitatorToken;

		const times = await checkpoints(server, board, token);
		expect(times.length).toBeGreaterThanOrEqual(2);
		expect(times).toEqual([...times].sort((a, b) => a - b));
		expect(new Set(times).size).toBe(times.length);
		expect(times[0]).toBeGreaterThan(beforeBoard); // the first one is the board's creation
		expect(times[0]).toBeLessThanOrEqual(between);

		// Between the writes: the first value, not the second.
		const then = await stateAt(server, board, between, token);
		expect(then.status).toBe(200);
		expect(then.headers.get('content-type')).toBe('application/octet-stream');
		expect(then.headers.get('content-disposition')).toBeNull();
		expect(then.headers.get('cache-control')).toBe('no-store');
		expect(then.checkpointAt).toBeLessThanOrEqual(between);
		expect(times).toContain(then.checkpointAt);
		expect(readAction(then.doc, action)).toMatchObject({ title: 'Pilot the smart kiosk', status: 'planned' });
		expect(collection(then.doc, 'meta').get('title')).toBe('Group 1');

		// Before the board existed: an empty doc, and checkpoint time 0 (everything is new).
		const before = await stateAt(server, board, beforeBoard, token);
		expect(before.status).toBe(200);
		expect(before.checkpointAt).toBe(0);
		expect(before.headers.get('x-checkpoint-at')).toBe('0');
		expect([...before.bytes]).toEqual([...Y.encodeStateAsUpdate(new Y.Doc())]);
		expect(collection(before.doc, 'meta').size).toBe(0);
		expect(readActions(before.doc)).toEqual([]);
		expect((await stateAt(server, board, 0, token)).checkpointAt).toBe(0);

		// An interval after the last change, a lookup at now shows the board as it is.
		await sleep(INTERVAL_MS * 1.5);
		const now = await stateAt(server, board, Date.now(), token);
		expect(now.checkpointAt).toBeGreaterThan(between);
		expect(readAction(now.doc, action)).toMatchObject({ title: 'Pilot the smart kiosk in 3 kelurahan', status: 'in_progress' });
		expect(boardToJSON(now.doc)).toEqual(boardToJSON(writer.doc));
		expect((await checkpoints(server, board, token)).length).toBeGreaterThan(times.length);

		// Whoever may read the board may read its history: a participant of another group during the gallery walk (issue 6).
		const other = await joinWorkshop(server, workshop, 'Bolat', 1);
		expect((await request(server, 'GET', `/api/boards/${board}/history`, undefined, other.participantToken)).status).toBe(403);
		await request(server, 'POST', `/api/workshops/${workshop.workshopId}/gallery`, { open: true }, workshop.facilitatorToken);
		expect((await stateAt(server, board, between, other.participantToken)).checkpointAt).toBe(then.checkpointAt);
		expect(await checkpoints(server, board, other.participantToken)).toContain(then.checkpointAt);
	});

	it('refuses no token (401), another workshop’s token (403) and a time that is not ms digits (400)', async () => {
		const mine = await createWorkshop(server);
		const other = await createWorkshop(server);
		const board = mine.boards[0].boardId;
		const otherParticipant = await joinWorkshop(server, other, 'Aigerim');
		for (const path of [`/api/boards/${board}/history`, `/api/boards/${board}/history/${Date.now()}`]) {
			const none = await request(server, 'GET', path);
			expect(none.status, path).toBe(401);
			expect(none.json.error).toMatch(/token/);
			expect((await request(server, 'GET', path, undefined, 'v1.forged.token')).status, path).toBe(401);
			for (const foreign of [other.facilitatorToken, otherParticipant.participantToken]) {
				const refused = await request(server, 'GET', path, undefined, foreign);
				expect(refused.status, path).toBe(403);
				expect(refused.json.error).toBeTruthy();
			}
		}
		const bad = ['abc', '-5', '1.5', '1e12', '0x10', '12345678901234567', '99999999999999999999', '%20', '', '2026-01-01'];
		for (const at of bad) {
			const answer = await request(server, 'GET', `/api/boards/${board}/history/${at}`, undefined, mine.facilitatorToken);
			expect(answer.status, at).toBe(400);
			expect(answer.headers.get('content-type'), at).toMatch(/^application\/json/);
			expect(answer.json.error, at).toMatch(/milliseconds/);
		}
		// The refusals did not break anything.
		expect((await checkpoints(server, board, mine.facilitatorToken)).length).toBeGreaterThanOrEqual(1);
	});

	it('history survives a server restart', async () => {
		const dataDir = tempDataDir();
		const first = await startServer({ dataDir, env: { ...HISTORY_ENV, ...backing.env } });
		extraServers.push(first);
		const { workshop, board, writer, action, between, afterSecond } = await twoWrites(first);
		const token = workshop.facilitatorToken;
		const timesBefore = await checkpoints(first, board, token);
		const thenBefore = await stateAt(first, board, between, token);
		expect(readAction(thenBefore.doc, action)?.title).toBe('Pilot the smart kiosk');
		const latest = boardToJSON(writer.doc);
		writer.close();

		// A graceful stop stores each loaded board's last state as a checkpoint too.
		expect(await first.stop()).toBe(0);
		const second = await startServer({ dataDir, env: { ...HISTORY_ENV, ...backing.env } });
		extraServers.push(second);
		const timesAfter = await checkpoints(second, board, token);
		for (const at of timesBefore) expect(timesAfter).toContain(at);
		const thenAfter = await stateAt(second, board, between, token);
		expect(thenAfter.checkpointAt).toBe(thenBefore.checkpointAt);
		expect(boardToJSON(thenAfter.doc)).toEqual(boardToJSON(thenBefore.doc));
		// The last state before the stop is in the history, dated at the second write.
		const last = await stateAt(second, board, Date.now(), token);
		expect(last.checkpointAt).toBeGreaterThan(between);
		expect(last.checkpointAt).toBeLessThanOrEqual(afterSecond);
		expect(boardToJSON(last.doc)).toEqual(latest);
	});
});
