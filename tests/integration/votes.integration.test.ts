/**
 * Dot voting over HTTP, in both modes, with a real server and the app's own sync client: the dot
 * limit holds under parallel requests, dots stay off every board (and every other client) until
 * the facilitator reveals, reveal writes the totals that connected clients receive, and who may
 * do what, with bad input.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { CreateWorkshopResponse, JoinResponse } from '../../src/lib/api/types.js';
import type { MyVotesResponse, WorkshopState } from '../../src/lib/api/workshop.js';
import { addAction, addStakeholder, collection, deleteStakeholder } from '../../src/lib/board/model.js';
import { voteTotals } from '../../src/lib/board/votes.js';
import { connectSocket, createWorkshop, joinWorkshop, request, type SocketClient } from '../helpers/clients.js';
import { MODES, startBacking, type Backing } from '../helpers/modes.js';
import { startServer, type TestServer } from '../helpers/server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function allSaved(client: SocketClient) {
	await vi.waitFor(() => expect(client.provider.unsyncedChanges).toBe(0), { timeout: 10_000 });
}

describe.each(MODES)('%s mode', (mode) => {
	let server: TestServer;
	let backing: Backing;
	const open: SocketClient[] = [];

	let workshop: CreateWorkshopResponse;
	let board: string;
	let otherBoard: string;
	let rina: JoinResponse;
	let budi: JoinResponse;
	let sari: JoinResponse;
	/** Six stakeholders and two actions on group 1's board, one stakeholder on group 2's. */
	let stakeholders: string[];
	let actions: string[];
	let otherStakeholder: string;
	let facilitatorClient: SocketClient;

	beforeAll(async () => {
		backing = await startBacking(mode);
		server = await startServer({ env: backing.env });
	});
	beforeEach(async () => {
		workshop = await createWorkshop(server, 2);
		board = workshop.boards[0].boardId;
		otherBoard = workshop.boards[1].boardId;
		rina = await joinWorkshop(server, workshop, 'Rina', 0);
		budi = await joinWorkshop(server, workshop, 'Budi', 0);
		sari = await joinWorkshop(server, workshop, 'Sari', 1);
		facilitatorClient = await connectSocket(server, board, workshop.facilitatorToken);
		const other = await connectSocket(server, otherBoard, workshop.facilitatorToken);
		open.push(facilitatorClient, other);
		const doc = facilitatorClient.doc;
		stakeholders = ['Bappeda', 'Telkom', 'Universitas Riau', 'Radio Suara', 'Komunitas Kopi', 'Dinas Kominfo'].map((name) =>
			addStakeholder(doc, { name, helix: 'government' })
		);
		actions = [addAction(doc, { title: 'Free wifi in parks', owner: stakeholders[0] }), addAction(doc, { title: 'Open data portal' })];
		otherStakeholder = addStakeholder(other.doc, { name: 'Pelindo', helix: 'business' });
		await allSaved(facilitatorClient);
		await allSaved(other);
	});
	afterEach(() => {
		for (const client of open.splice(0)) client.close();
	});
	afterAll(async () => {
		await server.stop();
		await backing.stop();
	});

	const vote = (body: unknown, token = workshop.facilitatorToken) => request(server, 'POST', `/api/workshops/${workshop.workshopId}/vote`, body, token);
	const cast = (targetId: string, count: number, token: string, boardId = board) =>
		request(server, 'POST', `/api/boards/${boardId}/votes`, { targetId, count }, token);
	const mine = (token: string) => request(server, 'GET', `/api/workshops/${workshop.workshopId}/vote/mine`, undefined, token);
	const progress = (token = workshop.facilitatorToken) => request(server, 'GET', `/api/workshops/${workshop.workshopId}/vote`, undefined, token);
	const exportedVotes = async (boardId: string) =>
		(await request(server, 'GET', `/api/boards/${boardId}/export?format=json`, undefined, workshop.facilitatorToken)).json.board as { votes: unknown };

	it('opens, counts, reveals into the boards for connected clients, and closes with the results kept', async () => {
		const opened = await vote({ action: 'open', dots: 3, targets: 'both' });
		expect(opened.status).toBe(200);
		const state = opened.json as unknown as WorkshopState;
		expect(state.vote).toMatchObject({ dots: 3, targets: 'both', state: 'open' });
		expect(state.vote!.id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);

		const budiClient = await connectSocket(server, board, budi.participantToken);
		const sariClient = await connectSocket(server, otherBoard, sari.participantToken);
		open.push(budiClient, sariClient);

		expect((await cast(stakeholders[0], 2, rina.participantToken)).status).toBe(200);
		const rinaAnswer = await cast(actions[0], 1, rina.participantToken);
		expect(rinaAnswer.status).toBe(200);
		expect(rinaAnswer.json as unknown as MyVotesResponse).toEqual({
			voteId: state.vote!.id,
			dots: 3,
			used: 3,
			mine: { [`${board}:${stakeholders[0]}`]: 2, [`${board}:${actions[0]}`]: 1 }
		});
		expect((await cast(stakeholders[0], 1, budi.participantToken)).status).toBe(200);
		expect((await cast(otherStakeholder, 3, sari.participantToken, otherBoard)).status).toBe(200);

		// Hidden: a change made after the dots reaches the other participant, the dots never do.
		addStakeholder(facilitatorClient.doc, { name: 'Barrier', helix: 'media' });
		await allSaved(facilitatorClient);
		await vi.waitFor(() => expect(budiClient.doc.getMap('stakeholders').size).toBe(7));
		expect(budiClient.doc.getMap('votes').size).toBe(0);
		expect(sariClient.doc.getMap('votes').size).toBe(0);
		expect(await exportedVotes(board)).toMatchObject({ votes: {} });
		// Each participant sees only their own dots; the facilitator only how many.
		expect((await mine(budi.participantToken)).json).toEqual({ voteId: state.vote!.id, dots: 3, used: 1, mine: { [`${board}:${stakeholders[0]}`]: 1 } });
		expect((await progress()).json).toEqual({ voteId: state.vote!.id, voters: 3, dotsCast: 7 });

		const revealed = await vote({ action: 'reveal' });
		expect(revealed.status).toBe(200);
		expect((revealed.json as unknown as WorkshopState).vote).toMatchObject({ id: state.vote!.id, state: 'revealed' });
		await vi.waitFor(() =>
			expect(Object.fromEntries(voteTotals(budiClient.doc))).toEqual({ [stakeholders[0]]: 3, [actions[0]]: 1 })
		);
		expect(collection(budiClient.doc, 'votes').toJSON()).toEqual({
			[stakeholders[0]]: { [participantOf(rina)]: 2, [participantOf(budi)]: 1 },
			[actions[0]]: { [participantOf(rina)]: 1 }
		});
		await vi.waitFor(() => expect(Object.fromEntries(voteTotals(sariClient.doc))).toEqual({ [otherStakeholder]: 3 }));
		// Stored, so a client arriving later has them too.
		const late = await connectSocket(server, board, rina.participantToken);
		open.push(late);
		expect(Object.fromEntries(voteTotals(late.doc))).toEqual({ [stakeholders[0]]: 3, [actions[0]]: 1 });

		// Revealed: no more dots.
		expect((await cast(stakeholders[1], 1, budi.participantToken)).status).toBe(409);

		const closed = await vote({ action: 'close' });
		expect(closed.status).toBe(200);
		expect((closed.json as unknown as WorkshopState).vote).toMatchObject({ state: 'closed' });
		const refused = await cast(stakeholders[1], 1, budi.participantToken);
		expect(refused.status).toBe(409);
		expect(refused.json.error).toMatch(/no vote is open/);
		await sleep(100);
		expect(Object.fromEntries(voteTotals(budiClient.doc))).toEqual({ [stakeholders[0]]: 3, [actions[0]]: 1 });

		// A new vote starts from clean boards.
		const reopened = await vote({ action: 'open', dots: 2 });
		expect((reopened.json as unknown as WorkshopState).vote!.id).not.toBe(state.vote!.id);
		await vi.waitFor(() => expect(budiClient.doc.getMap('votes').size).toBe(0));
		await vi.waitFor(() => expect(sariClient.doc.getMap('votes').size).toBe(0));
		expect((await mine(rina.participantToken)).json).toMatchObject({ dots: 2, used: 0, mine: {} });
	});

	it('a participant client writing the votes map is put back by the server; deleting a voted item takes its votes along', async () => {
		await vote({ action: 'open', dots: 3, targets: 'stakeholders' });
		expect((await cast(stakeholders[0], 2, rina.participantToken)).status).toBe(200);
		expect((await cast(stakeholders[1], 1, budi.participantToken)).status).toBe(200);
		await vote({ action: 'reveal' });
		const revealed = { [stakeholders[0]]: { [participantOf(rina)]: 2 }, [stakeholders[1]]: { [participantOf(budi)]: 1 } };
		const budiClient = await connectSocket(server, board, budi.participantToken);
		open.push(budiClient);
		await vi.waitFor(() => expect(collection(budiClient.doc, 'votes').toJSON()).toEqual(revealed));

		// Budi's client inflates his own item and invents a result: the server puts the results back.
		budiClient.doc.transact(() => {
			const votes = collection(budiClient.doc, 'votes');
			(votes.get(stakeholders[1]) as Y.Map<number>).set(participantOf(budi), 20);
			votes.set(stakeholders[2], new Y.Map([[participantOf(budi), 9]]));
		});
		await vi.waitFor(() => expect(collection(budiClient.doc, 'votes').toJSON()).toEqual(revealed));
		await vi.waitFor(() => expect(collection(facilitatorClient.doc, 'votes').toJSON()).toEqual(revealed));
		expect((await exportedVotes(board)).votes).toEqual(revealed);

		// Deleting a voted stakeholder (his own board) removes its votes, and that stays.
		deleteStakeholder(budiClient.doc, stakeholders[1]);
		await allSaved(budiClient);
		const remaining = { [stakeholders[0]]: revealed[stakeholders[0]] };
		await vi.waitFor(() => expect(collection(facilitatorClient.doc, 'votes').toJSON()).toEqual(remaining));
		await sleep(200);
		expect((await exportedVotes(board)).votes).toEqual(remaining);
	});

	it('never lets one participant exceed their dots, however many requests race', async () => {
		await vote({ action: 'open', dots: 3 });
		const targets = [...stakeholders, ...actions];
		const answers = await Promise.all(targets.map((targetId) => cast(targetId, 1, rina.participantToken)));
		expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
		const refused = answers.filter((a) => a.status !== 200);
		expect(refused).toHaveLength(targets.length - 3);
		for (const answer of refused) {
			expect(answer.status).toBe(409);
			expect(answer.json.error).toBe('you have used all 3 dots');
		}
		expect((await mine(rina.participantToken)).json).toMatchObject({ used: 3 });

		// Bigger piles racing: at most one of these can fit after the dots are taken back.
		await Promise.all(targets.map((targetId) => cast(targetId, 0, rina.participantToken)));
		const piles = await Promise.all(targets.slice(0, 4).map((targetId) => cast(targetId, 2, rina.participantToken)));
		expect(piles.filter((a) => a.status === 200)).toHaveLength(1);
		const after = (await mine(rina.participantToken)).json as unknown as MyVotesResponse;
		expect(after.used).toBe(2);
		expect(Object.values(after.mine)).toEqual([2]);
		// Others are not limited by Rina's dots.
		expect((await cast(stakeholders[5], 3, budi.participantToken)).status).toBe(200);
	});

	it('lets participants vote on other groups’ boards while the gallery walk is open', async () => {
		const gallery = (open: boolean) => request(server, 'POST', `/api/workshops/${workshop.workshopId}/gallery`, { open }, workshop.facilitatorToken);
		await vote({ action: 'open', dots: 3 });
		expect((await cast(otherStakeholder, 1, rina.participantToken, otherBoard)).status).toBe(403);
		expect((await gallery(true)).status).toBe(200);
		const placed = await cast(otherStakeholder, 2, rina.participantToken, otherBoard);
		expect(placed.status).toBe(200);
		expect((placed.json as unknown as MyVotesResponse).mine).toEqual({ [`${otherBoard}:${otherStakeholder}`]: 2 });
		// One limit over every board.
		expect((await cast(stakeholders[0], 2, rina.participantToken)).status).toBe(409);
		expect((await cast(stakeholders[0], 1, rina.participantToken)).status).toBe(200);
		expect((await gallery(false)).status).toBe(200);
		expect((await cast(otherStakeholder, 0, rina.participantToken, otherBoard)).status).toBe(403);

		await vote({ action: 'reveal' });
		const other = await connectSocket(server, otherBoard, sari.participantToken);
		open.push(other);
		await vi.waitFor(() => expect(collection(other.doc, 'votes').toJSON()).toEqual({ [otherStakeholder]: { [participantOf(rina)]: 2 } }));
		await vi.waitFor(() => expect(Object.fromEntries(voteTotals(facilitatorClient.doc))).toEqual({ [stakeholders[0]]: 1 }));
	});

	it.runIf(mode === 'redis')('two instances: one limit across both, and a reveal on one reaches the clients of the other', async () => {
		const second = await startServer({ env: backing.env });
		try {
			await vote({ action: 'open', dots: 3 });
			const targets = [...stakeholders, ...actions];
			const answers = await Promise.all(
				targets.map((targetId, i) => request(i % 2 ? second : server, 'POST', `/api/boards/${board}/votes`, { targetId, count: 1 }, rina.participantToken))
			);
			expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
			expect(answers.filter((a) => a.status === 409)).toHaveLength(targets.length - 3);

			const there = await connectSocket(second, board, budi.participantToken);
			open.push(there);
			expect((await vote({ action: 'reveal' })).status).toBe(200);
			await vi.waitFor(() => expect([...voteTotals(there.doc).values()].reduce((a, b) => a + b, 0)).toBe(3));
		} finally {
			await second.stop();
		}
	});

	it('refuses what is not allowed', async () => {
		// No vote yet.
		expect((await cast(stakeholders[0], 1, rina.participantToken)).status).toBe(409);
		expect((await mine(rina.participantToken)).status).toBe(404);
		expect((await vote({ action: 'reveal' })).status).toBe(404);

		// Participants do not run votes; facilitators do not vote.
		for (const answer of [await vote({ action: 'open', dots: 3 }, rina.participantToken), await progress(rina.participantToken)]) {
			expect(answer.status).toBe(403);
			expect(answer.json.error).toMatch(/facilitator/);
		}
		await vote({ action: 'open', dots: 3, targets: 'stakeholders' });
		for (const answer of [await vote({ action: 'reveal' }, budi.participantToken), await vote({ action: 'close' }, budi.participantToken)]) {
			expect(answer.status).toBe(403);
		}
		expect((await cast(stakeholders[0], 1, workshop.facilitatorToken)).status).toBe(403);
		expect((await mine(workshop.facilitatorToken)).status).toBe(403);
		// No token, a forged one, another workshop's.
		expect((await vote({ action: 'close' }, '')).status).toBe(401);
		expect((await cast(stakeholders[0], 1, 'v1.abc.def')).status).toBe(401);
		const elsewhere = await createWorkshop(server, 1);
		const stranger = await joinWorkshop(server, elsewhere, 'Stranger');
		expect((await vote({ action: 'close' }, elsewhere.facilitatorToken)).status).toBe(403);
		expect((await cast(stakeholders[0], 1, stranger.participantToken)).status).toBe(403);
		expect((await mine(stranger.participantToken)).status).toBe(403);

		// Bad bodies and targets.
		expect((await vote({ action: 'open', dots: 0 })).status).toBe(400);
		expect((await vote({ action: 'open', dots: 21 })).status).toBe(400);
		expect((await vote({ action: 'shuffle' })).status).toBe(400);
		const malformed = await cast('not an id!', 1, rina.participantToken);
		expect(malformed.status).toBe(400);
		expect(malformed.json.error).toMatch(/targetId/);
		expect((await cast(stakeholders[0], -1, rina.participantToken)).status).toBe(400);
		expect((await cast(stakeholders[0], 1.5, rina.participantToken)).status).toBe(400);
		const unknown = await cast('NoSuchStakeholder1', 1, rina.participantToken);
		expect(unknown.status).toBe(404);
		// A stakeholder of another board is not an item of this one.
		expect((await cast(otherStakeholder, 1, rina.participantToken)).status).toBe(404);
		const wrongKind = await cast(actions[0], 1, rina.participantToken);
		expect(wrongKind.status).toBe(400);
		expect(wrongKind.json.error).toMatch(/stakeholders only/);
		// Another group's board while the gallery walk is closed.
		const foreign = await cast(otherStakeholder, 1, rina.participantToken, otherBoard);
		expect(foreign.status).toBe(403);
		// Nothing of that was counted.
		expect((await progress()).json).toMatchObject({ voters: 0, dotsCast: 0 });
	});
});

/** The participant id inside a participant token (its payload is base64url JSON). */
function participantOf(joined: JoinResponse): string {
	return (JSON.parse(Buffer.from(joined.participantToken.split('.')[1], 'base64url').toString('utf8')) as { participantId: string }).participantId;
}
