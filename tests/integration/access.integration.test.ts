/** The server, not the UI, decides who may connect and who may write (contract in DESIGN.md). */
import { io } from 'socket.io-client';
import { describe, expect, it, vi } from 'vitest';
import { addNote, readNotes } from '../../src/lib/board/model.js';
import { CloseCode, SOCKET_IO_PATH } from '../../src/lib/sync/protocol.js';
import { connectSocket, connectStock, createWorkshop, joinWorkshop, request, yjsCloseCode } from '../helpers/clients.js';
import { MODES } from '../helpers/modes.js';
import { serverInMode } from '../helpers/server.js';

describe.each(MODES)('%s mode', (mode) => {
	const server = serverInMode(mode);

	/** The connect_error message socket.io reports for this handshake. */
	function socketRefusal(auth: Record<string, unknown>): Promise<string> {
		const socket = io(server.url, { path: SOCKET_IO_PATH, auth, reconnection: false, transports: ['websocket'] });
		return new Promise((resolve, reject) => {
			socket.on('connect', () => {
				socket.disconnect();
				reject(new Error('connection was accepted'));
			});
			socket.on('connect_error', (error) => {
				socket.disconnect();
				resolve(error.message);
			});
		});
	}

	/** A forged token: a real token's payload with a made-up signature, and a self-made one. */
	function forgeries(realToken: string): string[] {
		const [version, payload] = realToken.split('.');
		const selfMade = Buffer.from(JSON.stringify({ kind: 'facilitator', workshopId: 'x', exp: 9e15 })).toString('base64url');
		return [`${version}.${payload}.AAAA${realToken.slice(-40)}`, `v1.${selfMade}.c2lnbmF0dXJl`, 'garbage', ''];
	}

	describe('refusing connections', () => {
		it('socket.io refuses no token, forged tokens, another workshop’s token and unknown boards', async () => {
			const mine = await createWorkshop(server);
			const other = await createWorkshop(server);
			const board = mine.boards[0].boardId;
			expect(await socketRefusal({ boardId: board })).toBe('unauthorized');
			for (const forged of forgeries(mine.facilitatorToken)) {
				expect(await socketRefusal({ boardId: board, token: forged })).toBe('unauthorized');
			}
			expect(await socketRefusal({ boardId: board, token: other.facilitatorToken })).toBe('forbidden');
			const otherParticipant = await joinWorkshop(server, other, 'Aigerim');
			expect(await socketRefusal({ boardId: board, token: otherParticipant.participantToken })).toBe('forbidden');
			expect(await socketRefusal({ boardId: 'no-such-board-id', token: mine.facilitatorToken })).toBe('forbidden');
		});

		it('/yjs closes with 4401 for no or bad tokens and 4403 for tokens of another workshop', async () => {
			const mine = await createWorkshop(server);
			const other = await createWorkshop(server);
			const board = mine.boards[0].boardId;
			expect(await yjsCloseCode(server, board)).toBe(CloseCode.Unauthorized);
			for (const forged of forgeries(mine.facilitatorToken)) {
				expect(await yjsCloseCode(server, board, forged)).toBe(CloseCode.Unauthorized);
			}
			expect(await yjsCloseCode(server, board, other.facilitatorToken)).toBe(CloseCode.Forbidden);
			expect(await yjsCloseCode(server, 'no-such-board-id', mine.facilitatorToken)).toBe(CloseCode.Forbidden);
		});

		it('the HTTP API refuses the same tokens with 401 and 403', async () => {
			const mine = await createWorkshop(server);
			const other = await createWorkshop(server);
			const board = mine.boards[0].boardId;
			expect((await request(server, 'GET', `/api/boards/${board}/export?format=json`)).status).toBe(401);
			expect((await request(server, 'GET', `/api/boards/${board}/export?format=json`, undefined, 'v1.x.y')).status).toBe(401);
			const foreign = await request(server, 'GET', `/api/boards/${board}/export?format=json`, undefined, other.facilitatorToken);
			expect(foreign.status).toBe(403);
			expect(foreign.json.error).toMatch(/access/);
		});
	});

	describe('dropping writes a role may not make', () => {
		it('a participant reads another group’s board during the gallery walk but their writes there are dropped and never stored', async () => {
			const workshop = await createWorkshop(server);
			const [own, others] = workshop.boards.map((b) => b.boardId);
			const bayu = await joinWorkshop(server, workshop, 'Bayu', 0);
			// Outside the gallery walk they may not even read it (issue 6; tests/integration/facilitation.integration.test.ts).
			expect((await request(server, 'POST', `/api/workshops/${workshop.workshopId}/gallery`, { open: true }, workshop.facilitatorToken)).status).toBe(200);

			// Through the app's client: the server answers every write with "read-only".
			// Through the app's client: the server answers "read-only", and the client drops its copy
			// of the refused change too, starting over from the server's state.
			const app = await connectSocket(server, others, bayu.participantToken);
			addNote(app.doc, { x: 0, y: 0, color: 'pink', author: 'Bayu', text: 'not allowed' });
			await vi.waitFor(() => expect(app.replica.refusedWrites).toBe(1));
			await vi.waitFor(() => expect(app.provider.synced).toBe(true));
			expect(readNotes(app.doc)).toHaveLength(0);

			// Through a stock client: silently dropped, as y-websocket has no way to say no.
			const stock = await connectStock(server, others, bayu.participantToken);
			addNote(stock.doc, { x: 0, y: 0, color: 'pink', author: 'Bayu', text: 'not allowed either' });

			// Their own board takes their writes.
			const ownClient = await connectSocket(server, own, bayu.participantToken);
			addNote(ownClient.doc, { x: 0, y: 0, color: 'green', author: 'Bayu', text: 'mine' });
			await vi.waitFor(() => expect(ownClient.provider.unsyncedChanges).toBe(0));

			const observer = await connectStock(server, others, workshop.facilitatorToken);
			// Give a dropped write every chance to have arrived before checking it did not.
			await new Promise((r) => setTimeout(r, 300));
			expect(readNotes(observer.doc)).toHaveLength(0);
			const exported = await request(server, 'GET', `/api/boards/${others}/export?format=json`, undefined, workshop.facilitatorToken);
			expect(Object.keys((exported.json.board as { notes: object }).notes)).toHaveLength(0);
			for (const c of [app, stock, ownClient, observer]) c.close();
		});

		it('a locked board takes only facilitators’ writes; unlocking lets participants write again', async () => {
			const workshop = await createWorkshop(server);
			const board = workshop.boards[0].boardId;
			const dewi = await joinWorkshop(server, workshop, 'Dewi', 0);
			const participant = await connectSocket(server, board, dewi.participantToken);
			const facilitator = await connectSocket(server, board, workshop.facilitatorToken);

			const refused = await request(server, 'POST', `/api/boards/${board}/lock`, { locked: true }, dewi.participantToken);
			expect(refused.status).toBe(403);
			const locked = await request(server, 'POST', `/api/boards/${board}/lock`, { locked: true }, workshop.facilitatorToken);
			expect(locked).toMatchObject({ status: 200, json: { locked: true } });
			await vi.waitFor(() => expect(participant.doc.getMap('meta').get('locked')).toBe(true));

			addNote(participant.doc, { x: 0, y: 0, color: 'yellow', author: 'Dewi', text: 'while locked' });
			await vi.waitFor(() => expect(participant.replica.refusedWrites).toBe(1));
			await vi.waitFor(() => expect(participant.provider.synced).toBe(true));
			const byFacilitator = addNote(facilitator.doc, { x: 0, y: 0, color: 'yellow', author: 'F', text: 'facilitator note' });
			await vi.waitFor(() => expect(facilitator.provider.unsyncedChanges).toBe(0));

			// A participant flipping meta.locked in the doc changes nothing: the server owns it.
			participant.doc.getMap('meta').set('locked', false);
			await vi.waitFor(() => expect(participant.replica.refusedWrites).toBe(2));
			await vi.waitFor(() => expect(participant.doc.getMap('meta').get('locked')).toBe(true));
			expect(facilitator.doc.getMap('meta').get('locked')).toBe(true);

			await request(server, 'POST', `/api/boards/${board}/lock`, { locked: false }, workshop.facilitatorToken);
			await vi.waitFor(() => expect(participant.doc.getMap('meta').get('locked')).toBe(false));
			const afterUnlock = addNote(participant.doc, { x: 0, y: 0, color: 'yellow', author: 'Dewi', text: 'after unlock' });
			await vi.waitFor(() => expect(participant.provider.unsyncedChanges).toBe(0));

			const observer = await connectStock(server, board, workshop.facilitatorToken);
			await vi.waitFor(() => {
				const ids = readNotes(observer.doc).map((n) => n.id);
				expect(ids).toContain(byFacilitator);
				expect(ids).toContain(afterUnlock);
			});
			const texts = readNotes(observer.doc).map((n) => n.text?.toString());
			expect(texts).not.toContain('while locked');
			for (const c of [participant, facilitator, observer]) c.close();
		});

		it('the lock survives a reload of the board from the store', async () => {
			const workshop = await createWorkshop(server);
			const board = workshop.boards[1].boardId;
			await request(server, 'POST', `/api/boards/${board}/lock`, { locked: true }, workshop.facilitatorToken);
			const late = await connectStock(server, board, workshop.facilitatorToken);
			expect(late.doc.getMap('meta').get('locked')).toBe(true);
			late.close();
		});
	});
});
