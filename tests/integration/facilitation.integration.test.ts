/**
 * Facilitation (issue 6), server side: the facilitator routes, the workshop state every socket
 * receives (`workshop` event), access that follows the state (gallery walk, presenting, moves,
 * deletion) and the presenter relay — against the real server, with real clients, in both modes.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { CreateWorkshopResponse } from '../../src/lib/api/types.js';
import type { PresenterFrame, WorkshopState } from '../../src/lib/api/workshop.js';
import { addNote, readNotes } from '../../src/lib/board/model.js';
import { addStakeholder, readStakeholders } from '../../src/lib/board/stakeholders.js';
import { CloseCode, SOCKET_IO_PATH, type HelloInfo } from '../../src/lib/sync/protocol.js';
import { connectSocket, connectStock, createWorkshop, joinWorkshop, request, yjsCloseCode, type Endpoint } from '../helpers/clients.js';
import { MODES, startBacking, type Backing } from '../helpers/modes.js';
import { rawYjs } from '../helpers/raw.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** A socket.io connection that records what the server tells it about the workshop. */
interface Watcher {
	socket: Socket;
	hello: HelloInfo | null;
	states: WorkshopState[];
	frames: PresenterFrame[];
	refusals: string[];
	/** Resolves once connected, or with the connect_error message. */
	outcome: Promise<{ connected: true } | { connected: false; error: string }>;
	disconnected: Promise<string>;
	latest(): WorkshopState | undefined;
	close(): void;
}

function watch(server: Endpoint, boardId: string, token: string): Watcher {
	const socket = io(server.url, { path: SOCKET_IO_PATH, auth: { token, boardId }, transports: ['websocket'], forceNew: true, reconnection: false });
	const watcher: Watcher = {
		socket,
		hello: null,
		states: [],
		frames: [],
		refusals: [],
		outcome: new Promise((resolve) => {
			socket.once('connect', () => resolve({ connected: true }));
			socket.once('connect_error', (error) => resolve({ connected: false, error: error.message }));
		}),
		disconnected: new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason))),
		latest: () => watcher.states.at(-1),
		close: () => socket.disconnect()
	};
	socket.on('hello', (info: HelloInfo) => (watcher.hello = info));
	socket.on('workshop', (state: WorkshopState) => watcher.states.push(state));
	socket.on('presenter', (frame: PresenterFrame) => watcher.frames.push(frame));
	socket.on('refused', (reason: string) => watcher.refusals.push(reason));
	return watcher;
}

/** A connected watcher that has received its first workshop state. */
async function connected(server: Endpoint, boardId: string, token: string): Promise<Watcher> {
	const watcher = watch(server, boardId, token);
	expect(await watcher.outcome).toEqual({ connected: true });
	await vi.waitFor(() => expect(watcher.states.length).toBeGreaterThan(0));
	return watcher;
}

async function refusalOf(server: Endpoint, boardId: string, token: string): Promise<string> {
	const watcher = watch(server, boardId, token);
	const outcome = await watcher.outcome;
	watcher.close();
	return outcome.connected ? 'connected' : outcome.error;
}

/** The participant id a participant token carries. */
const participantId = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { participantId: string }).participantId;

const frame: PresenterFrame = { boardId: 'x', view: 'map', viewport: { x: 10, y: -20, zoom: 1.5, width: 853.3, height: 480 }, pointer: { x: 3, y: 4 } };

describe.each(MODES)('%s mode', (mode) => {
	let backing: Backing;
	let server: TestServer;
	beforeAll(async () => {
		backing = await startBacking(mode);
		server = await startServer({ env: backing.env });
	});
	afterAll(async () => {
		await server.stop();
		await backing.stop();
	});

	async function restart() {
		await server.stop();
		server = await startServer({ dataDir: server.dataDir, env: backing.env });
	}

	const post = (workshop: CreateWorkshopResponse, route: string, body: unknown, token = workshop.facilitatorToken) =>
		request(server, 'POST', `/api/workshops/${workshop.workshopId}/${route}`, body, token);

	describe('who may call the facilitator routes', () => {
		it('a participant token is refused (403) by every facilitator route and changes nothing; no token is 401', async () => {
			const workshop = await createWorkshop(server, 2);
			const other = await createWorkshop(server, 1);
			const lina = await joinWorkshop(server, workshop, 'Lina');
			const [b0, b1] = workshop.boards.map((b) => b.boardId);
			const w = `/api/workshops/${workshop.workshopId}`;
			const calls: Array<[string, string, unknown?]> = [
				['GET', w],
				['DELETE', w],
				['POST', `${w}/timer`, { action: 'start', durationMs: 60_000 }],
				['POST', `${w}/present`, { boardId: b0, followers: 'all' }],
				['POST', `${w}/gallery`, { open: true }],
				['POST', `${w}/lock`, { locked: true }],
				['POST', `${w}/archive`, { archived: true }],
				['GET', `${w}/participants`],
				['POST', `${w}/participants/${participantId(lina.participantToken)}/move`, { boardId: b1 }],
				['POST', `${w}/boards`, { name: 'Extra' }],
				['PATCH', `/api/boards/${b0}`, { name: 'Renamed', removed: true }]
			];
			for (const [method, path, body] of calls) {
				const asParticipant = await request(server, method, path, body, lina.participantToken);
				expect(asParticipant.status, `${method} ${path} as participant`).toBe(403);
				expect(asParticipant.json.error, `${method} ${path}`).toMatch(/only a facilitator of this workshop may/);
				expect((await request(server, method, path, body, other.facilitatorToken)).status, `${method} ${path} as another workshop`).toBe(403);
				expect((await request(server, method, path, body)).status, `${method} ${path} without a token`).toBe(401);
			}

			const details = await request(server, 'GET', w, undefined, workshop.facilitatorToken);
			expect(details.status).toBe(200);
			expect(details.json.boards).toEqual([
				{ boardId: b0, name: 'Group 1', locked: false },
				{ boardId: b1, name: 'Group 2', locked: false }
			]);
			expect(details.json.removedBoards).toEqual([]);
			expect(details.json.state).toEqual({ timer: null, present: null, gallery: { open: false }, vote: null, archived: false });
			const people = await request(server, 'GET', `${w}/participants`, undefined, workshop.facilitatorToken);
			expect((people.json.participants as Array<{ boardId: string }>).map((p) => p.boardId)).toEqual([b0]);
			// The participant still reads and writes their own board.
			const own = await connectSocket(server, b0, lina.participantToken);
			expect(own.doc.getMap('meta').get('title')).toBe('Group 1');
			own.close();
		});

		it('bad bodies are 400 with the field named, unknown ids 404', async () => {
			const workshop = await createWorkshop(server, 2);
			const f = workshop.facilitatorToken;
			expect((await post(workshop, 'timer', { action: 'start', durationMs: 5 })).json.error).toMatch(/^durationMs: /);
			expect((await post(workshop, 'timer', { action: 'start' })).status).toBe(400);
			expect((await post(workshop, 'timer', { action: 'explode' })).status).toBe(400);
			expect((await post(workshop, 'gallery', { open: 'yes' })).json.error).toMatch(/^open: /);
			expect((await post(workshop, 'present', { boardId: 'not-a-board-here' })).json.error).toMatch(/^boardId: not a board of this workshop/);
			expect((await post(workshop, 'boards', { name: '  ' })).json.error).toMatch(/^name: /);
			expect((await request(server, 'PATCH', `/api/boards/${workshop.boards[0].boardId}`, {}, f)).status).toBe(400);
			expect((await post(workshop, 'lock', 'not json')).status).toBe(400);
			expect((await post(workshop, 'participants/nobody/move', { boardId: workshop.boards[0].boardId })).status).toBe(404);
			expect((await request(server, 'PATCH', '/api/boards/no-such-board', { name: 'x' }, f)).status).toBe(404);
			const forged = { ...workshop, workshopId: 'no-such-workshop' };
			// A facilitator token names its workshop: any other id is not theirs (403), never a lookup.
			expect((await post(forged, 'gallery', { open: true })).status).toBe(403);
		});
	});

	describe('the timer', () => {
		it('a start reaches connected sockets; a reconnect and a server restart show the same endsAt', async () => {
			const workshop = await createWorkshop(server, 1);
			const board = workshop.boards[0].boardId;
			const lina = await joinWorkshop(server, workshop, 'Lina');
			const watcher = await connected(server, board, lina.participantToken);
			expect(watcher.latest()?.timer).toBeNull();

			const before = Date.now();
			const started = await post(workshop, 'timer', { action: 'start', durationMs: 600_000 });
			expect(started.status).toBe(200);
			const timer = (started.json as unknown as WorkshopState).timer!;
			expect(timer).toMatchObject({ scope: 'all', durationMs: 600_000, running: true, remainingMs: 600_000 });
			expect(timer.endsAt).toBeGreaterThanOrEqual(before + 600_000);
			expect(timer.endsAt).toBeLessThanOrEqual(Date.now() + 600_000);
			await vi.waitFor(() => expect(watcher.latest()?.timer).toEqual(timer));
			watcher.close();

			const again = await connected(server, board, lina.participantToken);
			expect(again.hello?.serverTime).toBeGreaterThan(0);
			expect(again.states[0].timer).toEqual(timer);
			again.close();

			await restart();
			const afterRestart = await connected(server, board, lina.participantToken);
			expect(afterRestart.states[0].timer).toEqual(timer);
			afterRestart.close();
			expect((await request(server, 'GET', `/api/workshops/${workshop.workshopId}/state`, undefined, lina.participantToken)).json.timer).toEqual(timer);
		});

		it('pause keeps what is left, start resumes it, reset goes back to the duration, clear removes the timer', async () => {
			const workshop = await createWorkshop(server, 2);
			await post(workshop, 'timer', { action: 'start', durationMs: 60_000, scope: workshop.boards[1].boardId });
			const paused = ((await post(workshop, 'timer', { action: 'pause' })).json as unknown as WorkshopState).timer!;
			expect(paused.running).toBe(false);
			expect(paused.endsAt).toBeNull();
			expect(paused.remainingMs).toBeGreaterThan(50_000);
			expect(paused.remainingMs).toBeLessThanOrEqual(60_000);

			const before = Date.now();
			const resumed = ((await post(workshop, 'timer', { action: 'start' })).json as unknown as WorkshopState).timer!;
			expect(resumed).toMatchObject({ running: true, durationMs: 60_000, remainingMs: paused.remainingMs, scope: workshop.boards[1].boardId });
			expect(resumed.endsAt! - before).toBeGreaterThanOrEqual(paused.remainingMs - 5);
			expect(resumed.endsAt! - Date.now()).toBeLessThanOrEqual(paused.remainingMs);

			const reset = ((await post(workshop, 'timer', { action: 'reset' })).json as unknown as WorkshopState).timer!;
			expect(reset).toMatchObject({ running: false, endsAt: null, remainingMs: 60_000, startedAt: null });
			expect(((await post(workshop, 'timer', { action: 'clear' })).json as unknown as WorkshopState).timer).toBeNull();
		});
	});

	describe('who may read which board', () => {
		it('with the gallery walk closed a participant cannot open another group’s board; opening lets them read, closing ends the connection', async () => {
			const workshop = await createWorkshop(server, 2);
			const [own, other] = workshop.boards.map((b) => b.boardId);
			const lina = await joinWorkshop(server, workshop, 'Lina');
			expect(await refusalOf(server, other, lina.participantToken)).toBe('forbidden');
			expect(await yjsCloseCode(server, other, lina.participantToken)).toBe(CloseCode.Forbidden);
			expect((await request(server, 'GET', `/api/boards/${other}/export?format=json`, undefined, lina.participantToken)).status).toBe(403);

			expect((await post(workshop, 'gallery', { open: true })).json.gallery).toEqual({ open: true });
			const visiting = await connected(server, other, lina.participantToken);
			expect(visiting.latest()?.gallery.open).toBe(true);
			const stock = rawYjs(server, other, lina.participantToken);
			await stock.opened;
			const ownBoard = await connected(server, own, lina.participantToken);
			// Reading is not writing: the visit stays read-only.
			const reader = await connectSocket(server, other, lina.participantToken);
			addNote(reader.doc, { x: 0, y: 0, color: 'yellow', author: 'Lina', text: 'not mine' });
			await vi.waitFor(() => expect(reader.replica.refusedWrites).toBe(1));
			reader.close();

			await post(workshop, 'gallery', { open: false });
			await visiting.disconnected;
			expect(visiting.refusals).toEqual(['access-ended']);
			expect((await stock.closed).code).toBe(CloseCode.Forbidden);
			// Their own board stays open and learns the new state.
			await vi.waitFor(() => expect(ownBoard.latest()?.gallery.open).toBe(false));
			expect(ownBoard.socket.connected).toBe(true);
			ownBoard.close();
		});

		it('presenting to everyone lets participants read the presented board; stopping ends those connections', async () => {
			const workshop = await createWorkshop(server, 2);
			const presented = workshop.boards[1].boardId;
			const lina = await joinWorkshop(server, workshop, 'Lina');
			expect(await refusalOf(server, presented, lina.participantToken)).toBe('forbidden');

			await post(workshop, 'present', { boardId: presented, followers: 'group' });
			expect(await refusalOf(server, presented, lina.participantToken)).toBe('forbidden');
			const state = (await post(workshop, 'present', { boardId: presented, followers: 'all', by: 'Ayu' })).json as unknown as WorkshopState;
			expect(state.present).toMatchObject({ boardId: presented, followers: 'all', by: 'Ayu', view: 'map', layout: null });
			const following = await connected(server, presented, lina.participantToken);
			expect(following.latest()?.present?.boardId).toBe(presented);

			await post(workshop, 'present', { boardId: null });
			await following.disconnected;
			expect(following.refusals).toEqual(['access-ended']);
		});

		it('a moved participant is told so, reconnects with the same token and writes the new group’s board, not the old one', async () => {
			const workshop = await createWorkshop(server, 2);
			const [from, to] = workshop.boards.map((b) => b.boardId);
			const lina = await joinWorkshop(server, workshop, 'Lina');
			const id = participantId(lina.participantToken);
			const before = await connected(server, from, lina.participantToken);
			expect(before.hello?.ownBoardId).toBe(from);

			const moved = await post(workshop, `participants/${id}/move`, { boardId: to });
			expect(moved.json).toEqual({ participantId: id, boardId: to });
			await before.disconnected;
			expect(before.refusals).toEqual(['moved']);

			// Her page asks who she is now (her old board refuses her, so no hello can say).
			const me = await request(server, 'GET', `/api/workshops/${workshop.workshopId}/me`, undefined, lina.participantToken);
			expect(me.json).toEqual({ role: 'participant', participantId: id, name: 'Lina', boardId: to });
			const other = await createWorkshop(server, 1);
			expect((await request(server, 'GET', `/api/workshops/${other.workshopId}/me`, undefined, lina.participantToken)).status).toBe(403);
			expect((await request(server, 'GET', `/api/workshops/${workshop.workshopId}/me`)).status).toBe(401);
			const after = await connected(server, to, lina.participantToken);
			expect(after.hello?.ownBoardId).toBe(to);
			after.close();
			const observer = await connectStock(server, to, workshop.facilitatorToken);
			const writer = await connectSocket(server, to, lina.participantToken);
			const note = addNote(writer.doc, { x: 0, y: 0, color: 'yellow', author: 'Lina', text: 'new group' });
			await vi.waitFor(() => expect(readNotes(observer.doc).map((n) => n.id)).toEqual([note]));
			writer.close();
			observer.close();

			expect(await refusalOf(server, from, lina.participantToken)).toBe('forbidden');
			await post(workshop, 'gallery', { open: true });
			const old = await connectSocket(server, from, lina.participantToken);
			addNote(old.doc, { x: 0, y: 0, color: 'yellow', author: 'Lina', text: 'old group' });
			await vi.waitFor(() => expect(old.replica.refusedWrites).toBe(1));
			old.close();
			const people = await request(server, 'GET', `/api/workshops/${workshop.workshopId}/participants`, undefined, workshop.facilitatorToken);
			expect(people.json.participants).toEqual([{ participantId: id, name: 'Lina', boardId: to, createdAt: expect.any(Number) }]);
		});
	});

	describe('locking, archiving, deleting', () => {
		it('lock all makes every board read-only for participants, unlock all lifts it', async () => {
			const workshop = await createWorkshop(server, 2);
			const board = workshop.boards[1].boardId;
			const dina = await joinWorkshop(server, workshop, 'Dina', 1);
			const writer = await connectSocket(server, board, dina.participantToken);
			expect((await post(workshop, 'lock', { locked: true })).json).toEqual({ locked: true });
			await vi.waitFor(() => expect(writer.doc.getMap('meta').get('locked')).toBe(true));
			addNote(writer.doc, { x: 0, y: 0, color: 'yellow', author: 'Dina', text: 'while locked' });
			await vi.waitFor(() => expect(writer.replica.refusedWrites).toBe(1));
			const details = await request(server, 'GET', `/api/workshops/${workshop.workshopId}`, undefined, workshop.facilitatorToken);
			expect((details.json.boards as Array<{ locked: boolean }>).map((b) => b.locked)).toEqual([true, true]);

			await post(workshop, 'lock', { locked: false });
			await vi.waitFor(() => expect(writer.doc.getMap('meta').get('locked')).toBe(false));
			const observer = await connectStock(server, board, workshop.facilitatorToken);
			const note = addNote(writer.doc, { x: 0, y: 0, color: 'yellow', author: 'Dina', text: 'after unlock' });
			await vi.waitFor(() => expect(readNotes(observer.doc).map((n) => n.id)).toEqual([note]));
			writer.close();
			observer.close();
		});

		it('an archived workshop refuses joining and is locked; unarchiving reopens both', async () => {
			const workshop = await createWorkshop(server, 2);
			const archived = await post(workshop, 'archive', { archived: true });
			expect(archived.json.archived).toBe(true);
			const info = await request(server, 'GET', `/api/join/${workshop.joinCode}`);
			expect(info.status).toBe(403);
			expect(info.json.error).toBe('this workshop is archived');
			const join = await request(server, 'POST', '/api/join', { joinCode: workshop.joinCode, name: 'Late', boardId: workshop.boards[0].boardId });
			expect(join.status).toBe(403);
			// A board added meanwhile is locked like the others.
			expect((await post(workshop, 'boards', { name: 'Late group' })).status).toBe(201);
			const details = await request(server, 'GET', `/api/workshops/${workshop.workshopId}`, undefined, workshop.facilitatorToken);
			expect((details.json.boards as Array<{ locked: boolean }>).map((b) => b.locked)).toEqual([true, true, true]);

			await post(workshop, 'archive', { archived: false });
			const reopened = await request(server, 'GET', `/api/workshops/${workshop.workshopId}`, undefined, workshop.facilitatorToken);
			expect((reopened.json.boards as Array<{ locked: boolean }>).map((b) => b.locked)).toEqual([false, false, false]);
			expect((await request(server, 'GET', `/api/join/${workshop.joinCode}`)).status).toBe(200);
			const joined = await joinWorkshop(server, workshop, 'Late');
			const writer = await connectSocket(server, workshop.boards[0].boardId, joined.participantToken);
			expect(writer.doc.getMap('meta').get('locked')).toBe(false);
			writer.close();
		});

		it('deleting ends every connection, and the workshop stays gone after a restart', async () => {
			const workshop = await createWorkshop(server, 2);
			const board = workshop.boards[0].boardId;
			const lina = await joinWorkshop(server, workshop, 'Lina');
			const writer = await connectStock(server, board, workshop.facilitatorToken);
			addNote(writer.doc, { x: 0, y: 0, color: 'yellow', author: 'F', text: 'soon gone' });
			await vi.waitFor(async () => {
				const exported = await request(server, 'GET', `/api/boards/${board}/export?format=json`, undefined, workshop.facilitatorToken);
				expect(Object.keys((exported.json.board as { notes: object }).notes)).toHaveLength(1);
			});
			writer.close();
			const participant = await connected(server, board, lina.participantToken);
			const facilitator = await connected(server, workshop.boards[1].boardId, workshop.facilitatorToken);
			const stock = rawYjs(server, board, workshop.facilitatorToken);
			await stock.opened;

			expect((await request(server, 'DELETE', `/api/workshops/${workshop.workshopId}`, undefined, workshop.facilitatorToken)).status).toBe(204);
			await Promise.all([participant.disconnected, facilitator.disconnected]);
			expect(participant.refusals).toEqual(['workshop-deleted']);
			expect(facilitator.refusals).toEqual(['workshop-deleted']);
			expect(await stock.closed).toEqual({ code: CloseCode.Forbidden, reason: 'workshop-deleted' });

			const gone = async () => {
				const f = workshop.facilitatorToken;
				expect((await request(server, 'GET', `/api/workshops/${workshop.workshopId}`, undefined, f)).status).toBe(404);
				expect((await request(server, 'GET', `/api/workshops/${workshop.workshopId}/state`, undefined, f)).status).toBe(404);
				expect((await request(server, 'DELETE', `/api/workshops/${workshop.workshopId}`, undefined, f)).status).toBe(404);
				expect((await request(server, 'GET', `/api/join/${workshop.joinCode}`)).status).toBe(404);
				expect((await request(server, 'GET', `/api/boards/${board}/export?format=json`, undefined, f)).status).toBe(403);
				expect(await refusalOf(server, board, f)).toBe('forbidden');
				expect(await refusalOf(server, board, lina.participantToken)).toBe('forbidden');
			};
			await gone();
			await restart();
			await gone();
		});
	});

	describe('boards', () => {
		it('a board added as a copy has the source’s stakeholders, no votes, its own title, unlocked', async () => {
			const source = await createWorkshop(server, 1, 'Last year');
			const target = await createWorkshop(server, 1, 'This year');
			const sourceBoard = source.boards[0].boardId;
			const editor = await connectStock(server, sourceBoard, source.facilitatorToken);
			addStakeholder(editor.doc, { name: 'Dinas PUPR', helix: 'government', x: 10, y: 20 });
			addStakeholder(editor.doc, { name: 'Universitas Riau', helix: 'academia', power: 70 });
			editor.doc.getMap('votes').set('some-target', new Y.Map());
			await vi.waitFor(async () => {
				const exported = await request(server, 'GET', `/api/boards/${sourceBoard}/export?format=json`, undefined, source.facilitatorToken);
				expect(Object.keys((exported.json.board as { stakeholders: object }).stakeholders)).toHaveLength(2);
			});
			await request(server, 'POST', `/api/boards/${sourceBoard}/lock`, { locked: true }, source.facilitatorToken);

			const refused = await post(target, 'boards', { name: 'Copy', copyFrom: { boardId: sourceBoard, token: target.facilitatorToken } });
			expect(refused.status).toBe(403);
			const lina = await joinWorkshop(server, source, 'Lina');
			expect((await post(target, 'boards', { name: 'Copy', copyFrom: { boardId: sourceBoard, token: lina.participantToken } })).status).toBe(403);

			const added = await post(target, 'boards', { name: 'From last year', copyFrom: { boardId: sourceBoard, token: source.facilitatorToken } });
			expect(added.status).toBe(201);
			const copyId = added.json.boardId as string;
			expect(added.json).toEqual({ boardId: copyId, name: 'From last year' });
			const copy = await connectStock(server, copyId, target.facilitatorToken);
			expect(readStakeholders(copy.doc).map((s) => s.name).sort()).toEqual(['Dinas PUPR', 'Universitas Riau']);
			expect(copy.doc.getMap('stakeholders').toJSON()).toEqual(editor.doc.getMap('stakeholders').toJSON());
			expect(copy.doc.getMap('votes').size).toBe(0);
			expect(copy.doc.getMap('meta').get('title')).toBe('From last year');
			expect(copy.doc.getMap('meta').get('locked')).toBe(false);
			editor.close();
			copy.close();

			const blank = await post(target, 'boards', { name: 'Template board', template: 'empty' });
			expect(blank.status).toBe(201);
			const details = await request(server, 'GET', `/api/workshops/${target.workshopId}`, undefined, target.facilitatorToken);
			expect((details.json.boards as Array<{ name: string }>).map((b) => b.name)).toEqual(['Group 1', 'From last year', 'Template board']);
			const joinInfo = await request(server, 'GET', `/api/join/${target.joinCode}`);
			expect((joinInfo.json.boards as Array<{ name: string }>).map((b) => b.name)).toEqual(['Group 1', 'From last year', 'Template board']);
		});

		it('renaming changes the title a connected client sees; a removed board is hidden and closed to participants', async () => {
			const workshop = await createWorkshop(server, 2);
			const board = workshop.boards[1].boardId;
			const dina = await joinWorkshop(server, workshop, 'Dina', 1);
			const client = await connectSocket(server, board, dina.participantToken);
			const renamed = await request(server, 'PATCH', `/api/boards/${board}`, { name: 'Kelompok Pesisir' }, workshop.facilitatorToken);
			expect(renamed.json).toEqual({ boardId: board, name: 'Kelompok Pesisir', removed: false });
			await vi.waitFor(() => expect(client.doc.getMap('meta').get('title')).toBe('Kelompok Pesisir'));
			client.close();

			const removed = await request(server, 'PATCH', `/api/boards/${board}`, { removed: true }, workshop.facilitatorToken);
			expect(removed.json).toEqual({ boardId: board, name: 'Kelompok Pesisir', removed: true });
			expect(await refusalOf(server, board, dina.participantToken)).toBe('forbidden');
			const details = await request(server, 'GET', `/api/workshops/${workshop.workshopId}`, undefined, workshop.facilitatorToken);
			expect(details.json.removedBoards).toEqual([{ boardId: board, name: 'Kelompok Pesisir', locked: false }]);
			expect((details.json.boards as unknown[]).length).toBe(1);
			expect(((await request(server, 'GET', `/api/join/${workshop.joinCode}`)).json.boards as unknown[]).length).toBe(1);
			// The facilitator still opens it (restorable), and restoring reopens it.
			expect(await refusalOf(server, board, workshop.facilitatorToken)).toBe('connected');
			await request(server, 'PATCH', `/api/boards/${board}`, { removed: false }, workshop.facilitatorToken);
			expect(await refusalOf(server, board, dina.participantToken)).toBe('connected');
		});
	});

	describe('the presenter relay', () => {
		it('a facilitator’s frame reaches participants (not its sender); a participant’s or a malformed one reaches nobody', async () => {
			const workshop = await createWorkshop(server, 2);
			const lina = await joinWorkshop(server, workshop, 'Lina', 0);
			const dina = await joinWorkshop(server, workshop, 'Dina', 1);
			const presenter = await connected(server, workshop.boards[0].boardId, workshop.facilitatorToken);
			const coFacilitator = await connected(server, workshop.boards[1].boardId, workshop.facilitatorToken);
			const linaSocket = await connected(server, workshop.boards[0].boardId, lina.participantToken);
			const dinaSocket = await connected(server, workshop.boards[1].boardId, dina.participantToken);

			const sent = { ...frame, boardId: workshop.boards[0].boardId };
			presenter.socket.emit('presenter', sent);
			await vi.waitFor(() => {
				expect(linaSocket.frames).toEqual([sent]);
				expect(dinaSocket.frames).toEqual([sent]);
				expect(coFacilitator.frames).toEqual([sent]);
			});

			dinaSocket.socket.emit('presenter', { ...sent, pointer: { x: 999, y: 999 } });
			presenter.socket.emit('presenter', { ...sent, viewport: { x: 'a' } });
			presenter.socket.emit('presenter', { ...sent, extra: 'field' });
			// An ordering marker: once it arrives, anything sent before it would have arrived too.
			const marker = { ...sent, pointer: null };
			presenter.socket.emit('presenter', marker);
			await vi.waitFor(() => expect(linaSocket.frames).toEqual([sent, marker]));
			expect(presenter.frames).toEqual([]);
			for (const watcher of [presenter, coFacilitator, linaSocket, dinaSocket]) watcher.close();
		});
	});

	describe.runIf(mode === 'redis')('two instances', () => {
		let second: TestServer;
		beforeAll(async () => {
			second = await startServer({ env: backing.env });
		});
		afterAll(async () => {
			await second.stop();
		});

		it('a change made through one instance reaches sockets on the other, and so do presenter frames and access changes', async () => {
			const workshop = await createWorkshop(server, 2);
			const lina = await joinWorkshop(server, workshop, 'Lina');
			const onSecond = await connected(second, workshop.boards[0].boardId, lina.participantToken);
			const onFirst = await connected(server, workshop.boards[0].boardId, workshop.facilitatorToken);

			const started = (await post(workshop, 'timer', { action: 'start', durationMs: 90_000 })).json as unknown as WorkshopState;
			await vi.waitFor(() => expect(onSecond.latest()?.timer).toEqual(started.timer));
			const galleryOnSecond = (await request(second, 'POST', `/api/workshops/${workshop.workshopId}/gallery`, { open: true }, workshop.facilitatorToken)).json;
			await vi.waitFor(() => expect(onFirst.latest()).toEqual(galleryOnSecond));

			const visiting = await connected(second, workshop.boards[1].boardId, lina.participantToken);
			onFirst.socket.emit('presenter', { ...frame, boardId: workshop.boards[1].boardId });
			await vi.waitFor(() => expect(visiting.frames).toHaveLength(1));
			await post(workshop, 'gallery', { open: false });
			await visiting.disconnected;
			expect(visiting.refusals).toEqual(['access-ended']);

			await request(server, 'DELETE', `/api/workshops/${workshop.workshopId}`, undefined, workshop.facilitatorToken);
			await onSecond.disconnected;
			expect(onSecond.refusals).toEqual(['workshop-deleted']);
			onFirst.close();
		});
	});
});
