/**
 * Adding a group board from a board's JSON export (issue 8), in both modes, against the real server:
 * a board filled by real clients (the app's socket.io client and a stock y-websocket one, with
 * unknown keys, invalid values, a revealed dot vote and a lock) is exported, imported into another
 * workshop through `POST /api/workshops/<id>/boards { fromExport }`, and exported again: equal but
 * for what an import deliberately drops (votes, the lock) and the title it is given. Files that
 * cannot be imported answer 400 with every problem listed and add nothing; a participant's token
 * is a 403, a body over 8 MB a 413, and a 2 MB export imports.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { CreateWorkshopResponse } from '../../src/lib/api/types.js';
import { MAX_IMPORT_BYTES, type ImportRefusal } from '../../src/lib/api/workshop.js';
import { boardToJSON, MAX_LISTED_PROBLEMS, type BoardExport } from '../../src/lib/board/json.js';
import {
	addAction,
	addNote,
	addProgressUpdate,
	addRelation,
	addStakeholder,
	collection,
	entity,
	initBoardDoc,
	readStakeholders
} from '../../src/lib/board/model.js';
import { connectSocket, connectStock, createWorkshop, joinWorkshop, request, type SocketClient, type StockClient } from '../helpers/clients.js';
import { MODES } from '../helpers/modes.js';
import { serverInMode } from '../helpers/server.js';

describe.each(MODES)('%s mode', (mode) => {
	const server = serverInMode(mode);
	const open: Array<SocketClient | StockClient> = [];
	afterEach(() => {
		for (const client of open.splice(0)) client.close();
	});

	const addBoard = (workshop: CreateWorkshopResponse, body: unknown, token = workshop.facilitatorToken) =>
		request(server, 'POST', `/api/workshops/${workshop.workshopId}/boards`, body, token);

	async function exportOf(boardId: string, token: string): Promise<BoardExport> {
		const answer = await request(server, 'GET', `/api/boards/${boardId}/export?format=json`, undefined, token);
		expect(answer.status).toBe(200);
		return answer.json as unknown as BoardExport;
	}

	/** Every board of the workshop, removed ones included, as the facilitator sees them. */
	async function boardsOf(workshop: CreateWorkshopResponse) {
		const details = await request(server, 'GET', `/api/workshops/${workshop.workshopId}`, undefined, workshop.facilitatorToken);
		expect(details.status).toBe(200);
		return { boards: details.json.boards, removedBoards: details.json.removedBoards };
	}

	/** What an import into a workshop makes of an export: no votes, unlocked, titled as the new board. */
	function asImported(exported: BoardExport, title: string): BoardExport {
		const copy = structuredClone(exported);
		copy.board.votes = {};
		copy.board.meta = { ...copy.board.meta, locked: false, title };
		return copy;
	}

	it('a board filled by real clients imports as an equal board (minus votes and lock), and a client joining it sees it', async () => {
		const source = await createWorkshop(server, 2, 'Smart Kota 2026');
		const target = await createWorkshop(server, 1, 'Follow-up 2027');
		const boardId = source.boards[0].boardId;
		expect((await request(server, 'PATCH', `/api/boards/${boardId}`, { name: 'Kelompok Pesisir' }, source.facilitatorToken)).status).toBe(200);

		// The app's client builds the map and the plan.
		const app = await connectSocket(server, boardId, source.facilitatorToken);
		open.push(app);
		const doc = app.doc;
		const bappeda = addStakeholder(doc, { name: 'Bappeda Kota', helix: 'government', power: 90, interest: 70, x: 10, y: -5 });
		const telkom = addStakeholder(doc, { name: 'Telkom', helix: 'business', attitude: 'supporter' });
		const radio = addStakeholder(doc, { name: 'Радио «Суара»', helix: 'media' });
		(entity(doc, 'stakeholders', bappeda)!.get('notes') as Y.Text).insert(0, 'Kepala: Ibu Sari 🙂\nmeets Tuesdays');
		addRelation(doc, { from: bappeda, to: telkom, kind: 'funding', label: 'CSR' });
		const action = addAction(doc, { title: 'Open data portal', owner: bappeda, partners: [telkom, radio] });
		(entity(doc, 'actions', action)!.get('description') as Y.Text).insert(0, '데이터 포털 구축');
		addProgressUpdate(doc, action, { date: '2026-03-15', progress: 40, status: 'in_progress', done: 'Two datasets', blockers: 'Permit', author: 'Rina' });
		addNote(doc, { x: 120, y: 80, color: 'yellow', author: 'Aigerim', text: 'Сұрақ: who funds it?' });

		// A stock client, as a third-party tool would, writes unknown keys and values that break the schema.
		const stock = await connectStock(server, boardId, source.facilitatorToken);
		open.push(stock);
		await vi.waitFor(() => expect(stock.doc.getMap('stakeholders').size).toBe(3));
		stock.doc.transact(() => {
			const odd = new Y.Map<unknown>();
			odd.set('name', 'Dinas typo');
			odd.set('helix', 'goverment');
			odd.set('power', 140);
			odd.set('x-source', { tool: 'mapper', tags: ['a', 'b'] });
			stock.doc.getMap('stakeholders').set('foreign-stakeholder-1', odd);
			stock.doc.getMap('meta').set('theme', 'dark');
			(stock.doc.getMap('stakeholders').get(telkom) as Y.Map<unknown>).set('website', 'https://telkom.co.id');
		});

		// A revealed dot vote writes the votes map; then the board is locked.
		const lina = await joinWorkshop(server, source, 'Lina', 0);
		expect((await request(server, 'POST', `/api/workshops/${source.workshopId}/vote`, { action: 'open', dots: 3 }, source.facilitatorToken)).status).toBe(200);
		expect((await request(server, 'POST', `/api/boards/${boardId}/votes`, { targetId: bappeda, count: 2 }, lina.participantToken)).status).toBe(200);
		expect((await request(server, 'POST', `/api/workshops/${source.workshopId}/vote`, { action: 'reveal' }, source.facilitatorToken)).status).toBe(200);
		expect((await request(server, 'POST', `/api/boards/${boardId}/lock`, { locked: true }, source.facilitatorToken)).status).toBe(200);

		// The export holds all of it once the server has it.
		let exported!: BoardExport;
		await vi.waitFor(async () => {
			exported = await exportOf(boardId, source.facilitatorToken);
			expect(exported.board.stakeholders['foreign-stakeholder-1']).toBeDefined();
			expect(exported.board.meta.locked).toBe(true);
			expect(Object.keys(exported.board.votes)).toEqual([bappeda]);
			expect(Object.values(exported.board.votes[bappeda] as Record<string, number>)).toEqual([2]);
		});
		expect(Object.keys(exported.board.stakeholders)).toHaveLength(4);
		expect(exported.board.meta).toMatchObject({ title: 'Kelompok Pesisir', theme: 'dark', schema: 1 });
		expect((exported.board.actions[action] as { updates: unknown[] }).updates).toHaveLength(1);

		// Imported into another workshop, without a name: the file's title names it.
		const before = await boardsOf(target);
		const added = await addBoard(target, { fromExport: exported });
		expect(added.status).toBe(201);
		const newId = added.json.boardId as string;
		expect(added.json).toEqual({ boardId: newId, name: 'Kelompok Pesisir' });
		const after = await boardsOf(target);
		expect(after.boards).toEqual([...(before.boards as unknown[]), { boardId: newId, name: 'Kelompok Pesisir', locked: false }]);

		const again = await exportOf(newId, target.facilitatorToken);
		expect(again).toEqual(asImported(exported, 'Kelompok Pesisir'));
		expect(again.board.votes).toEqual({});
		expect(again.board.meta.locked).toBe(false);
		expect((again.board.stakeholders['foreign-stakeholder-1'] as Record<string, unknown>).helix).toBe('goverment');

		// A stock client and the app's client joining the new board see the content, typed as the format says.
		const reader = await connectStock(server, newId, target.facilitatorToken);
		open.push(reader);
		expect(boardToJSON(reader.doc)).toEqual(again);
		expect(entity(reader.doc, 'stakeholders', bappeda)!.get('notes')).toBeInstanceOf(Y.Text);
		expect(entity(reader.doc, 'actions', action)!.get('partners')).toBeInstanceOf(Y.Array);
		const dewi = await joinWorkshop(server, { ...target, boards: after.boards as CreateWorkshopResponse['boards'] }, 'Dewi', 1);
		expect(dewi.boardId).toBe(newId);
		const participant = await connectSocket(server, newId, dewi.participantToken);
		open.push(participant);
		expect(readStakeholders(participant.doc).map((s) => s.name).sort()).toEqual(['Bappeda Kota', 'Dinas typo', 'Telkom', 'Радио «Суара»']);
		expect(participant.doc.getMap('meta').get('locked')).toBe(false);

		// The new board takes edits like any other; the source is untouched.
		addStakeholder(participant.doc, { name: 'Universitas Riau', helix: 'academia' });
		await vi.waitFor(async () => expect(Object.keys((await exportOf(newId, target.facilitatorToken)).board.stakeholders)).toHaveLength(5));
		expect(await exportOf(boardId, source.facilitatorToken)).toEqual(exported);
	});

	it('takes a given name over the file’s title; refuses two sources at once and a nameless file without a title', async () => {
		const target = await createWorkshop(server, 1, 'Names');
		const doc = new Y.Doc();
		initBoardDoc(doc, { title: 'From the file', createdAt: 1_700_000_000_000 });
		addStakeholder(doc, { name: 'Telkom', helix: 'business' });
		const file = boardToJSON(doc);

		const named = await addBoard(target, { name: '  Kelompok 3  ', fromExport: file });
		expect(named.status).toBe(201);
		expect(named.json.name).toBe('Kelompok 3');
		const exported = await exportOf(named.json.boardId as string, target.facilitatorToken);
		expect(exported).toEqual(asImported(file, 'Kelompok 3'));
		expect(exported.board.meta.createdAt).toBe(1_700_000_000_000);

		const before = await boardsOf(target);
		const two = await addBoard(target, { name: 'X', fromExport: file, template: 'example' });
		expect(two.status).toBe(400);
		expect(two.json.error).toBe('give one source at most: template, copyFrom or fromExport');
		const three = await addBoard(target, { name: 'X', fromExport: file, copyFrom: { boardId: target.boards[0].boardId, token: target.facilitatorToken } });
		expect(three.status).toBe(400);
		expect(three.json.error).toMatch(/one source at most/);

		const untitled = structuredClone(file);
		delete untitled.board.meta.title;
		const nameless = await addBoard(target, { fromExport: untitled });
		expect(nameless.status).toBe(400);
		expect(nameless.json.error).toMatch(/^name: must not be empty/);
		const noSource = await addBoard(target, {});
		expect(noSource.status).toBe(400);
		expect(noSource.json.error).toMatch(/^name/);
		expect(await boardsOf(target)).toEqual(before);

		// Templates and copies still work as before, with their name required.
		expect((await addBoard(target, { name: 'Plain' })).status).toBe(201);
		expect((await addBoard(target, { name: 'Example', template: 'example' })).status).toBe(201);
	});

	it('refuses a file with problems with 400, every problem listed with its path, and adds nothing', async () => {
		const target = await createWorkshop(server, 1, 'Bad files');
		const good = boardToJSON(new Y.Doc()).board;
		const cases: Array<[string, unknown, string[]]> = [
			['not an object', 'helixboard-board', ['must be an object { "format": "helixboard-board", "version", "board" }']],
			['null', null, ['must be an object { "format": "helixboard-board", "version", "board" }']],
			['another format', { format: 'excalidraw', version: 1, board: good }, ['format: must be "helixboard-board" (found "excalidraw"): not a Helixboard board export']],
			['a newer version', { format: 'helixboard-board', version: 2, board: good }, ['version: 2 is not supported; supported versions: 1']],
			['a board that is not an object', { format: 'helixboard-board', version: 1, board: [] }, ['board: must be an object of collections (found [])']],
			['an unknown collection', { format: 'helixboard-board', version: 1, board: { ...good, shapes: {} } }, [
				'board.shapes: not a collection of the board format (known: meta, stakeholders, relations, actions, notes, votes)'
			]],
			['a collection that is not an object', { format: 'helixboard-board', version: 1, board: { ...good, notes: 'n' } }, ['board.notes: must be an object of entities by id (found "n")']],
			['an id that is not URL-safe', { format: 'helixboard-board', version: 1, board: { ...good, stakeholders: { 'a b': { name: 'A' } } } }, [
				'board.stakeholders["a b"]: not a URL-safe id (8–64 letters, digits, - or _)'
			]],
			['an entity that is not an object', { format: 'helixboard-board', version: 1, board: { ...good, stakeholders: { abc12345678: 5 } } }, [
				'board.stakeholders.abc12345678: must be an object (found 5)'
			]],
			['an unsupported meta.schema', { format: 'helixboard-board', version: 1, board: { ...good, meta: { schema: 9 } } }, [
				'board.meta.schema: 9 is not supported; supported schemas: 1'
			]],
			['several problems at once', { format: 'x', version: 0, board: { ...good, shapes: {}, relations: [], stakeholders: { abc: 1 } } }, [
				'format: must be "helixboard-board" (found "x"): not a Helixboard board export',
				'version: 0 is not supported; supported versions: 1',
				'board.relations: must be an object of entities by id (found [])',
				'board.shapes: not a collection of the board format (known: meta, stakeholders, relations, actions, notes, votes)',
				'board.stakeholders.abc: not a URL-safe id (8–64 letters, digits, - or _)',
				'board.stakeholders.abc: must be an object (found 1)'
			]]
		];
		const before = await boardsOf(target);
		for (const [what, fromExport, problems] of cases) {
			const refused = await addBoard(target, { name: 'Imported', fromExport });
			expect(refused.status, what).toBe(400);
			const body = refused.json as unknown as ImportRefusal;
			expect(body, what).toEqual({
				error: `this file cannot be imported as a board: ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}`,
				problems
			});
		}

		// Many problems: the first MAX_LISTED_PROBLEMS, then how many more.
		const stakeholders = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`bad id ${i}`, { name: `S${i}` }]));
		const many = await addBoard(target, { fromExport: { format: 'helixboard-board', version: 1, board: { stakeholders } } });
		expect(many.status).toBe(400);
		expect(many.json.error).toBe('this file cannot be imported as a board: 120 problems');
		const listed = many.json.problems as string[];
		expect(listed).toHaveLength(MAX_LISTED_PROBLEMS + 1);
		expect(listed[0]).toBe('board.stakeholders["bad id 0"]: not a URL-safe id (8–64 letters, digits, - or _)');
		expect(listed.at(-1)).toBe(`and ${120 - MAX_LISTED_PROBLEMS} more`);

		// Nesting deeper than any encoder's stack (written as text: JSON.stringify here would overflow too).
		const depth = 100_000;
		const deep = await addBoard(target, `{"fromExport":{"format":"helixboard-board","version":1,"board":{"meta":{"title":"Deep","deep":${'['.repeat(depth)}${']'.repeat(depth)}}}}}`);
		expect(deep.status).toBe(400);
		expect(deep.json).toEqual({
			error: 'this file cannot be imported as a board: 1 problem',
			problems: ['board.meta.deep: nests lists or objects more than 32 deep']
		});

		// Not JSON at all is the body parser's 400.
		const notJson = await addBoard(target, '{"fromExport": {"format": ');
		expect(notJson.status).toBe(400);
		expect(notJson.json.error).toBe('request body is not valid JSON');

		expect(await boardsOf(target)).toEqual(before);

		// Values that only break the board schema are no refusal: kept as written.
		const warned = await addBoard(target, {
			fromExport: {
				format: 'helixboard-board',
				version: 1,
				board: { meta: { title: 'Warnings only' }, stakeholders: { typo00000001: { name: 'Bappeda', helix: 'goverment', power: 140 } } }
			}
		});
		expect(warned.status).toBe(201);
		const kept = await exportOf(warned.json.boardId as string, target.facilitatorToken);
		expect(kept.board.stakeholders.typo00000001).toEqual({ name: 'Bappeda', helix: 'goverment', power: 140 });
	});

	it('only a facilitator of the workshop imports: no token 401, a participant’s 403, another workshop’s 403', async () => {
		const target = await createWorkshop(server, 1, 'Access');
		const other = await createWorkshop(server, 1, 'Other');
		const budi = await joinWorkshop(server, target, 'Budi');
		const file = boardToJSON(new Y.Doc());
		file.board.meta.title = 'Sneaky';
		const before = await boardsOf(target);
		expect((await request(server, 'POST', `/api/workshops/${target.workshopId}/boards`, { fromExport: file })).status).toBe(401);
		const participant = await addBoard(target, { fromExport: file }, budi.participantToken);
		expect(participant.status).toBe(403);
		expect(participant.json.error).toMatch(/only a facilitator of this workshop may add boards/);
		expect((await addBoard(target, { fromExport: file }, other.facilitatorToken)).status).toBe(403);
		expect(await boardsOf(target)).toEqual(before);
	});

	it('refuses a body over 8 MB with 413 naming the limit; other routes keep the 64 KB limit', async () => {
		const target = await createWorkshop(server, 1, 'Sizes');
		const before = await boardsOf(target);
		const file = boardToJSON(new Y.Doc());
		file.board.meta.padding = 'x'.repeat(MAX_IMPORT_BYTES + 1024);
		const tooLarge = await addBoard(target, { name: 'Huge', fromExport: file });
		expect(tooLarge.status).toBe(413);
		expect(tooLarge.json.error).toBe(`request body larger than 8 MB (${MAX_IMPORT_BYTES} bytes)`);
		expect(await boardsOf(target)).toEqual(before);

		const timer = await request(server, 'POST', `/api/workshops/${target.workshopId}/timer`, { action: 'start', pad: 'x'.repeat(100_000) }, target.facilitatorToken);
		expect(timer.status).toBe(413);
		expect(timer.json.error).toBe('request body larger than 64 KB (65536 bytes)');
	});

	it('imports a 2 MB export (2,000 stakeholders) whole', async () => {
		const target = await createWorkshop(server, 1, 'Large');
		const doc = new Y.Doc();
		initBoardDoc(doc, { title: 'Provincial map', createdAt: 1_700_000_000_000 });
		const helixes = ['government', 'business', 'academia', 'community', 'media'] as const;
		doc.transact(() => {
			for (let i = 0; i < 2000; i++) {
				const id = addStakeholder(doc, {
					name: `Stakeholder ${i} — Dinas Komunikasi dan Informatika Kabupaten`,
					helix: helixes[i % 5],
					organization: `Organisation number ${i} of the province`,
					role: 'Head of the smart city programme office',
					power: i % 101,
					interest: (i * 7) % 101,
					x: i * 3,
					y: -i * 2
				});
				(entity(doc, 'stakeholders', id)!.get('notes') as Y.Text).insert(0, `Notes about stakeholder ${i}: meets every second Tuesday, prefers WhatsApp. `.repeat(12));
			}
		});
		const file = JSON.parse(JSON.stringify(boardToJSON(doc))) as BoardExport; // as read from a file (no -0)
		const bytes = Buffer.byteLength(JSON.stringify({ fromExport: file }));
		expect(bytes).toBeGreaterThan(2 * 1024 * 1024);
		expect(bytes).toBeLessThan(MAX_IMPORT_BYTES);

		const added = await addBoard(target, { fromExport: file });
		expect(added.status).toBe(201);
		expect(added.json.name).toBe('Provincial map');
		const newId = added.json.boardId as string;
		expect(await exportOf(newId, target.facilitatorToken)).toEqual(asImported(file, 'Provincial map'));
		const reader = await connectSocket(server, newId, target.facilitatorToken);
		open.push(reader);
		expect(collection(reader.doc, 'stakeholders').size).toBe(2000);
	});
});
