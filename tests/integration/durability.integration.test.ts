/** An acknowledged edit is on disk: killing the server cannot lose it. */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { addNote, readNotes } from '../../src/lib/board/model.js';
import { connectSocket, connectStock, createWorkshop, joinWorkshop, request } from '../helpers/clients.js';
import { MODES, startBacking, type Backing } from '../helpers/modes.js';
import { startServer, tempDataDir, type TestServer } from '../helpers/server.js';

describe.each(MODES)('%s mode', (mode) => {
	const running: TestServer[] = [];
	let backing: Backing;
	beforeAll(async () => {
		backing = await startBacking(mode);
	});
	afterAll(async () => {
		await backing.stop();
	});
	/** A server on this mode's backing; the same dataDir (embedded) or Redis (redis mode) across restarts. */
	async function start(dataDir: string) {
		const server = await startServer({ dataDir, env: backing.env });
		running.push(server);
		return server;
	}
	afterEach(async () => {
		await Promise.all(running.splice(0).map((s) => s.kill()));
	});

	describe('durability', () => {
		it('an edit acknowledged just before SIGKILL is there after a restart, and tokens still work', async () => {
			const dataDir = tempDataDir();
			const first = await start(dataDir);
			const workshop = await createWorkshop(first);
			const board = workshop.boards[0].boardId;
			const rina = await joinWorkshop(first, workshop, 'Rina');
			const client = await connectSocket(first, board, rina.participantToken);
			const id = addNote(client.doc, { x: 1, y: 2, color: 'orange', author: 'Rina', text: 'Karang Taruna' });
			// The acknowledgement means "stored"; kill the moment it arrives.
			await vi.waitFor(() => expect(client.provider.unsyncedChanges).toBe(0), { interval: 1 });
			await first.kill();
			client.close();

			const second = await start(dataDir);
			// The same participant token still opens the board: the secret lives in DATA_DIR or Redis.
			const after = await connectStock(second, board, rina.participantToken);
			const note = readNotes(after.doc).find((n) => n.id === id);
			expect(note?.text?.toString()).toBe('Karang Taruna');
			expect(note).toMatchObject({ x: 1, y: 2, color: 'orange', author: 'Rina' });
			after.close();
		});

		it('a burst of edits from several clients survives SIGKILL: every acknowledged update is kept', async () => {
			const dataDir = tempDataDir();
			const first = await start(dataDir);
			const workshop = await createWorkshop(first);
			const board = workshop.boards[0].boardId;
			const clients = await Promise.all(Array.from({ length: 5 }, () => connectSocket(first, board, workshop.facilitatorToken)));
			const ids = clients.flatMap((client, i) =>
				Array.from({ length: 20 }, (_, n) => addNote(client.doc, { x: n, y: i, color: 'blue', author: `c${i}`, text: `${i}.${n}` }))
			);
			await vi.waitFor(() => {
				for (const client of clients) expect(client.provider.unsyncedChanges).toBe(0);
			});
			await first.kill();
			for (const client of clients) client.close();

			const second = await start(dataDir);
			const check = await connectStock(second, board, workshop.facilitatorToken);
			expect(readNotes(check.doc).map((n) => n.id).sort()).toEqual(ids.sort());
			check.close();
		});

		it('SIGTERM shuts down cleanly (exit 0) and keeps the board, compacted', async () => {
			const dataDir = tempDataDir();
			const first = await start(dataDir);
			const workshop = await createWorkshop(first);
			const board = workshop.boards[0].boardId;
			const client = await connectSocket(first, board, workshop.facilitatorToken);
			const id = addNote(client.doc, { x: 0, y: 0, color: 'yellow', author: 'F', text: 'Radio Suara' });
			await vi.waitFor(() => expect(client.provider.unsyncedChanges).toBe(0));
			expect(await first.stop()).toBe(0);
			expect(first.output()).toContain('"msg":"stopped"');
			client.close();

			const second = await start(dataDir);
			const exported = await request(second, 'GET', `/api/boards/${board}/export?format=json`, undefined, workshop.facilitatorToken);
			const notes = (exported.json.board as { notes: Record<string, { text: string }> }).notes;
			expect(notes[id].text).toBe('Radio Suara');
		});
	});
});
