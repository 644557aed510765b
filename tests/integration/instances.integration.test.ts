/** Redis mode: what one instance knows, every instance knows — updates, presence, locks, workshops. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addNote, readNotes } from '../../src/lib/board/model.js';
import { connectSocket, connectStock, createWorkshop, joinWorkshop, request } from '../helpers/clients.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { startServer, type TestServer } from '../helpers/server.js';

let redis: TestRedis;
let a: TestServer;
let b: TestServer;
beforeAll(async () => {
	redis = await startRedis();
	a = await startServer({ env: { REDIS_URL: redis.url } });
	b = await startServer({ env: { REDIS_URL: redis.url } });
});
afterAll(async () => {
	await Promise.all([a.stop(), b.stop()]);
	await redis.stop();
});

const names = (states: Map<number, unknown>) =>
	[...states.values()].map((s) => (s as { user?: { name?: string } }).user?.name).filter(Boolean).sort();

describe('two instances on one Redis', () => {
	it('a workshop created on one instance is joined and edited through the other, on both transports', async () => {
		const workshop = await createWorkshop(a);
		const info = await request(b, 'GET', `/api/join/${workshop.joinCode}`);
		expect(info.json.workshopId).toBe(workshop.workshopId);
		const lina = await joinWorkshop(b, workshop, 'Lina');
		const board = workshop.boards[0].boardId;

		const onA = await connectSocket(a, board, lina.participantToken);
		const onB = await connectStock(b, board, workshop.facilitatorToken);
		const fromA = addNote(onA.doc, { x: 0, y: 0, color: 'yellow', author: 'Lina', text: 'dari A' });
		const fromB = addNote(onB.doc, { x: 0, y: 0, color: 'blue', author: 'F', text: 'from B' });
		await vi.waitFor(() => {
			expect(readNotes(onA.doc).map((n) => n.id).sort()).toEqual([fromA, fromB].sort());
			expect(readNotes(onB.doc).map((n) => n.id).sort()).toEqual([fromA, fromB].sort());
		});

		onA.provider.awareness.setLocalState({ user: { name: 'Lina', color: '#00798c', role: 'participant' }, cursor: { x: 1, y: 2 } });
		onB.provider.awareness.setLocalState({ user: { name: 'Ayu', color: '#d1495b', role: 'facilitator' }, cursor: null });
		await vi.waitFor(() => {
			expect(names(onA.provider.awareness.getStates())).toEqual(['Ayu', 'Lina']);
			expect(names(onB.provider.awareness.getStates())).toEqual(['Ayu', 'Lina']);
		});
		onA.close();
		onB.close();
	});

	it('a lock set through one instance is enforced by the other, and lifted the same way', async () => {
		const workshop = await createWorkshop(a);
		const board = workshop.boards[0].boardId;
		const dina = await joinWorkshop(a, workshop, 'Dina');
		const participantOnB = await connectSocket(b, board, dina.participantToken);
		const watcherOnB = await connectStock(b, board, workshop.facilitatorToken);

		expect((await request(a, 'POST', `/api/boards/${board}/lock`, { locked: true }, workshop.facilitatorToken)).status).toBe(200);
		await vi.waitFor(() => expect(participantOnB.doc.getMap('meta').get('locked')).toBe(true));
		addNote(participantOnB.doc, { x: 0, y: 0, color: 'yellow', author: 'Dina', text: 'while locked' });
		await vi.waitFor(() => expect(participantOnB.replica.refusedWrites).toBe(1));

		expect((await request(a, 'POST', `/api/boards/${board}/lock`, { locked: false }, workshop.facilitatorToken)).status).toBe(200);
		await vi.waitFor(() => expect(participantOnB.doc.getMap('meta').get('locked')).toBe(false));
		const allowed = addNote(participantOnB.doc, { x: 0, y: 0, color: 'yellow', author: 'Dina', text: 'after unlock' });
		await vi.waitFor(() => expect(readNotes(watcherOnB.doc).map((n) => n.id)).toEqual([allowed]));
		participantOnB.close();
		watcherOnB.close();
	});

	it('tokens signed by one instance are accepted by the other (one shared secret)', async () => {
		const workshop = await createWorkshop(a);
		const exported = await request(b, 'GET', `/api/boards/${workshop.boards[0].boardId}/export?format=json`, undefined, workshop.facilitatorToken);
		expect(exported.status).toBe(200);
	});
});
