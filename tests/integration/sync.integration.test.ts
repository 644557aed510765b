/** Live co-editing through the real server: the app's socket.io client beside a stock y-websocket client. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { addNote, readNotes } from '../../src/lib/board/model.js';
import { decodeFrameBatch } from '../../src/lib/sync/frames.js';
import { MessageType } from '../../src/lib/sync/protocol.js';
import { connectSocket, connectStock, createWorkshop, joinWorkshop } from '../helpers/clients.js';
import { rawSocket } from '../helpers/raw.js';
import { MODES, startBacking, type Backing } from '../helpers/modes.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe.each(MODES)('%s mode', (mode) => {
	let server: TestServer;
	let backing: Backing;
	beforeAll(async () => {
		backing = await startBacking(mode);
		server = await startServer({ env: { ROOM_GRACE_MS: '200', ...backing.env } });
	});
	afterAll(async () => {
		await server.stop();
		await backing.stop();
	});

	const noteText = (doc: Y.Doc, id: string) => readNotes(doc).find((n) => n.id === id)?.text?.toString();

	describe('co-editing one board', () => {
		it('a socket.io client and a stock y-websocket client see each other’s edits live', async () => {
			const workshop = await createWorkshop(server);
			const board = workshop.boards[0].boardId;
			const alice = await joinWorkshop(server, workshop, 'Alice');
			const socketClient = await connectSocket(server, board, alice.participantToken);
			const stockClient = await connectStock(server, board, workshop.facilitatorToken);

			// Both start from the server's board: the title the server wrote when creating it.
			expect(socketClient.doc.getMap('meta').get('title')).toBe('Group 1');
			expect(stockClient.doc.getMap('meta').get('title')).toBe('Group 1');

			const id = addNote(socketClient.doc, { x: 10, y: 20, color: 'yellow', author: 'Alice', text: 'Bappeda Kota' });
			await vi.waitFor(() => expect(noteText(stockClient.doc, id)).toBe('Bappeda Kota'));

			// Concurrent typing in one note merges character by character.
			const fromSocket = readNotes(socketClient.doc).find((n) => n.id === id)!.text!;
			const fromStock = readNotes(stockClient.doc).find((n) => n.id === id)!.text!;
			fromSocket.insert(0, 'Dinas Kominfo + ');
			fromStock.insert(fromStock.length, ' (Bapperida)');
			const merged = 'Dinas Kominfo + Bappeda Kota (Bapperida)';
			await vi.waitFor(() => {
				expect(noteText(socketClient.doc, id)).toBe(merged);
				expect(noteText(stockClient.doc, id)).toBe(merged);
			});

			// Every edit was acknowledged as stored.
			await vi.waitFor(() => expect(socketClient.provider.unsyncedChanges).toBe(0));
			socketClient.close();
			stockClient.close();
		});

		it('a client joining later receives the stored state', async () => {
			const workshop = await createWorkshop(server);
			const board = workshop.boards[1].boardId;
			const first = await connectSocket(server, board, workshop.facilitatorToken);
			const id = addNote(first.doc, { x: 0, y: 0, color: 'blue', author: 'F', text: 'Universitas Riau' });
			await vi.waitFor(() => expect(first.provider.unsyncedChanges).toBe(0));
			first.close();
			// Past the room's grace period the board is unloaded, so this load comes from the store.
			await new Promise((r) => setTimeout(r, 500));
			const late = await connectStock(server, board, workshop.facilitatorToken);
			expect(noteText(late.doc, id)).toBe('Universitas Riau');
			late.close();
		});

		it('presence crosses transports and disappears when a client leaves', async () => {
			const workshop = await createWorkshop(server);
			const board = workshop.boards[0].boardId;
			const socketClient = await connectSocket(server, board, workshop.facilitatorToken);
			const stockClient = await connectStock(server, board, workshop.facilitatorToken);

			socketClient.provider.awareness.setLocalState({ user: { name: 'Siti', color: '#d1495b', role: 'facilitator' }, cursor: { x: 5, y: 6 } });
			stockClient.provider.awareness.setLocalState({ user: { name: 'Minho', color: '#00798c', role: 'participant' }, cursor: null });

			const names = (states: Map<number, Record<string, unknown>>) =>
				[...states.values()].map((s) => (s.user as { name?: string } | undefined)?.name).filter(Boolean).sort();
			await vi.waitFor(() => {
				expect(names(socketClient.provider.awareness.getStates() as never)).toEqual(['Minho', 'Siti']);
				expect(names(stockClient.provider.awareness.getStates() as never)).toEqual(['Minho', 'Siti']);
			});
			const siti = stockClient.provider.awareness.getStates().get(socketClient.doc.clientID) as { cursor: unknown };
			expect(siti.cursor).toEqual({ x: 5, y: 6 });

			stockClient.close();
			await vi.waitFor(() => expect(names(socketClient.provider.awareness.getStates() as never)).toEqual(['Siti']));
			socketClient.close();
		});

		it('many updates from several clients all arrive everywhere and are stored', async () => {
			const workshop = await createWorkshop(server);
			const board = workshop.boards[0].boardId;
			const clients = await Promise.all([
				connectSocket(server, board, workshop.facilitatorToken),
				connectSocket(server, board, workshop.facilitatorToken),
				connectStock(server, board, workshop.facilitatorToken),
				connectStock(server, board, workshop.facilitatorToken)
			]);
			clients.forEach((client, i) => {
				for (let n = 0; n < 25; n++) addNote(client.doc, { x: n, y: i, color: 'green', author: `c${i}`, text: `${i}-${n}` });
			});
			// 100 updates, each stored before it is relayed, one at a time: on a loaded 2-core machine
			// that takes seconds, far past waitFor's default of 1 s. Wait for the real end state: every
			// client holds all 100 notes and the app's clients have every edit acknowledged as stored.
			await vi.waitFor(
				() => {
					for (const client of clients) {
						expect(readNotes(client.doc)).toHaveLength(100);
						if ('replica' in client) expect(client.provider.unsyncedChanges).toBe(0);
					}
				},
				{ timeout: 20_000, interval: 50 }
			);
			for (const client of clients) client.close();
			const check = await connectStock(server, board, workshop.facilitatorToken);
			expect(readNotes(check.doc)).toHaveLength(100);
			check.close();
		});

		it('sends a turn’s frames as one `frames` message to clients that ask (batch: true), every frame as `yjs` to others', async () => {
			const workshop = await createWorkshop(server);
			const board = workshop.boards[0].boardId;
			const present = await connectStock(server, board, workshop.facilitatorToken);
			present.provider.awareness.setLocalState({ user: { name: 'Minho', color: '#00798c', role: 'participant' }, cursor: null });
			await new Promise((resolve) => setTimeout(resolve, 200)); // the server has the presence
			const record = (auth: Record<string, unknown>) => {
				const raw = rawSocket(server, auth);
				const received: Array<{ event: string; frames: Uint8Array[] }> = [];
				raw.socket.on('yjs' as never, (frame: ArrayBuffer) => void received.push({ event: 'yjs', frames: [new Uint8Array(frame)] }));
				raw.socket.on('frames' as never, (batch: ArrayBuffer) => void received.push({ event: 'frames', frames: decodeFrameBatch(new Uint8Array(batch)) }));
				return { raw, received };
			};
			const batching = record({ token: workshop.facilitatorToken, boardId: board, batch: true });
			const single = record({ token: workshop.facilitatorToken, boardId: board });
			// On join the server sends sync step 1 and the presence it has, in one turn.
			const types = (frames: Uint8Array[]) => frames.map((frame) => frame[0]);
			await vi.waitFor(() => expect(batching.received).toHaveLength(1));
			expect(batching.received[0].event).toBe('frames');
			expect(types(batching.received[0].frames)).toEqual([MessageType.Sync, MessageType.Awareness]);
			await vi.waitFor(() => expect(single.received).toHaveLength(2));
			expect(single.received.map((r) => r.event)).toEqual(['yjs', 'yjs']);
			expect(types(single.received.flatMap((r) => r.frames))).toEqual([MessageType.Sync, MessageType.Awareness]);
			// Same frames either way.
			expect(single.received.flatMap((r) => r.frames)).toEqual(batching.received[0].frames);
			batching.raw.close();
			single.raw.close();
			present.close();
		});

		it('works over long-polling only, for networks whose proxy blocks WebSockets', async () => {
			const workshop = await createWorkshop(server);
			const board = workshop.boards[0].boardId;
			const polling = await connectSocket(server, board, workshop.facilitatorToken, { transports: ['polling'] });
			const stock = await connectStock(server, board, workshop.facilitatorToken);
			const fromPolling = addNote(polling.doc, { x: 0, y: 0, color: 'yellow', author: 'P', text: 'lewat polling' });
			const fromStock = addNote(stock.doc, { x: 0, y: 0, color: 'yellow', author: 'S', text: 'via websocket' });
			await vi.waitFor(() => {
				expect(noteText(stock.doc, fromPolling)).toBe('lewat polling');
				expect(noteText(polling.doc, fromStock)).toBe('via websocket');
			});
			await vi.waitFor(() => expect(polling.provider.unsyncedChanges).toBe(0));
			polling.close();
			stock.close();
		});

		it('syncs a board larger than socket.io’s default 1 MB frame limit in both directions', async () => {
			const workshop = await createWorkshop(server);
			const board = workshop.boards[0].boardId;
			// Built offline on one client (as after a long offline session or an import), then connected.
			const big = await connectSocket(server, board, workshop.facilitatorToken, { waitSynced: false });
			big.doc.transact(() => {
				for (let i = 0; i < 2000; i++) {
					addNote(big.doc, { x: i, y: i, color: 'purple', author: 'bulk', text: `Stakeholder ${i} `.repeat(60) });
				}
			});
			const size = Y.encodeStateAsUpdate(big.doc).byteLength;
			expect(size).toBeGreaterThan(2 * 1024 * 1024);
			await vi.waitFor(() => expect(big.provider.unsyncedChanges).toBe(0), { timeout: 20_000 });

			// And back out to a new socket.io client and a stock client.
			const reader = await connectSocket(server, board, workshop.facilitatorToken);
			const stock = await connectStock(server, board, workshop.facilitatorToken);
			expect(readNotes(reader.doc)).toHaveLength(2000);
			expect(readNotes(stock.doc)).toHaveLength(2000);
			for (const c of [big, reader, stock]) c.close();
		});
	});
});
