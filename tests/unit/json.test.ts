import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardFromJSON, boardToJSON, EXPORT_FORMAT, EXPORT_VERSION } from '../../src/lib/board/json.js';
import {
	addAction,
	addNote,
	addRelation,
	addStakeholder,
	collection,
	deleteStakeholder,
	entity,
	initBoardDoc,
	readNote
} from '../../src/lib/board/model.js';
import { COLLECTIONS } from '../../src/lib/board/schema.js';

/** A board using every feature of the format, plus keys a newer or foreign client might write. */
function richBoard() {
	const doc = new Y.Doc();
	initBoardDoc(doc, { title: 'Smart Kota Pekanbaru — Kelompok 1', createdAt: 1_700_000_000_000 });
	const meta = collection(doc, 'meta');
	meta.set('theme', 'dark'); // unknown meta key
	meta.set('facilitatorNotes', { round: 2, tags: ['a', 'b'] }); // unknown nested meta value

	const bappeda = addStakeholder(doc, { name: 'Bappeda Kota', helix: 'government', power: 90, interest: 70, x: 10, y: -5 });
	const telkom = addStakeholder(doc, { name: 'Telkom', helix: 'business', attitude: 'supporter' });
	const radio = addStakeholder(doc, { name: 'Radio Suara', helix: 'media' });
	(entity(doc, 'stakeholders', bappeda)!.get('notes') as Y.Text).insert(0, 'Kepala: Ibu Sari 🙂\nmeets Tuesdays');
	entity(doc, 'stakeholders', telkom)!.set('website', 'https://telkom.co.id'); // unknown entity field
	entity(doc, 'stakeholders', telkom)!.set('tags', ['isp', 'bumn']); // unknown nested array

	const relation = addRelation(doc, { from: bappeda, to: telkom, kind: 'funding', label: 'CSR' });
	entity(doc, 'relations', relation)!.set('strength', 3); // unknown field

	const action = addAction(doc, { title: 'Open data portal', owner: bappeda, partners: [telkom, radio, telkom], order: 'a0' });
	(entity(doc, 'actions', action)!.get('description') as Y.Text).insert(0, '데이터 포털 구축');
	entity(doc, 'actions', action)!.set('budget', 125_000_000.5);
	entity(doc, 'actions', action)!.set('start', '2026-01-15');
	entity(doc, 'actions', action)!.set('x-priority', 'high');

	const note = addNote(doc, { x: 120, y: 80, color: 'yellow', author: 'Aigerim', text: 'Сұрақ: who funds it?' });
	entity(doc, 'notes', note)!.set('pinned', true);

	const votes = collection(doc, 'votes');
	votes.set(note, new Y.Map<unknown>([['participantA', 1], ['participantB', 2]]));
	votes.set(action, new Y.Map<unknown>([['participantA', 3]]));
	return { doc, bappeda, telkom, radio, relation, action, note };
}

describe('boardToJSON', () => {
	it('wraps the board in the helixboard-board envelope, version 1', () => {
		const json = boardToJSON(richBoard().doc);
		expect(json.format).toBe('helixboard-board');
		expect(json.format).toBe(EXPORT_FORMAT);
		expect(json.version).toBe(1);
		expect(json.version).toBe(EXPORT_VERSION);
		expect(Object.keys(json).sort()).toEqual(['board', 'format', 'version']);
		expect(Object.keys(json.board).sort()).toEqual([...COLLECTIONS].sort());
	});

	it('exports an empty document as six empty collections', () => {
		expect(boardToJSON(new Y.Doc()).board).toEqual({ meta: {}, stakeholders: {}, relations: {}, actions: {}, notes: {}, votes: {} });
	});

	it('turns Y.Text into strings, Y.Array into arrays and Y.Map into objects', () => {
		const { doc, bappeda, telkom, radio, action, note } = richBoard();
		const board = boardToJSON(doc).board;
		expect((board.stakeholders[bappeda] as Record<string, unknown>).notes).toBe('Kepala: Ibu Sari 🙂\nmeets Tuesdays');
		expect((board.actions[action] as Record<string, unknown>).description).toBe('데이터 포털 구축');
		expect((board.actions[action] as Record<string, unknown>).partners).toEqual([telkom, radio, telkom]);
		expect((board.notes[note] as Record<string, unknown>).text).toBe('Сұрақ: who funds it?');
		expect(board.votes).toEqual({ [note]: { participantA: 1, participantB: 2 }, [action]: { participantA: 3 } });
		expect(board.meta).toMatchObject({ schema: 1, locked: false, theme: 'dark' });
	});

	it('is plain JSON: survives JSON.stringify / JSON.parse unchanged', () => {
		const json = boardToJSON(richBoard().doc);
		expect(JSON.parse(JSON.stringify(json))).toEqual(json);
	});
});

describe('boardFromJSON', () => {
	it('round-trips: importing an export gives an equal export', () => {
		const { doc } = richBoard();
		const exported = boardToJSON(doc);
		const imported = boardFromJSON(JSON.parse(JSON.stringify(exported)));
		expect(boardToJSON(imported)).toEqual(exported);
	});

	it('keeps unknown entity fields and unknown meta keys', () => {
		const { doc, telkom, relation, action, note } = richBoard();
		const imported = boardFromJSON(boardToJSON(doc));
		expect(entity(imported, 'stakeholders', telkom)!.get('website')).toBe('https://telkom.co.id');
		expect(entity(imported, 'stakeholders', telkom)!.get('tags')).toEqual(['isp', 'bumn']);
		expect(entity(imported, 'relations', relation)!.get('strength')).toBe(3);
		expect(entity(imported, 'actions', action)!.get('x-priority')).toBe('high');
		expect(entity(imported, 'notes', note)!.get('pinned')).toBe(true);
		expect(collection(imported, 'meta').get('theme')).toBe('dark');
		expect(collection(imported, 'meta').get('facilitatorNotes')).toEqual({ round: 2, tags: ['a', 'b'] });
	});

	it('rebuilds the Yjs types: Y.Text texts, Y.Array partners, Y.Map entities and vote maps', () => {
		const { doc, bappeda, action, note } = richBoard();
		const imported = boardFromJSON(boardToJSON(doc));
		expect(entity(imported, 'stakeholders', bappeda)!.get('notes')).toBeInstanceOf(Y.Text);
		expect(entity(imported, 'actions', action)!.get('description')).toBeInstanceOf(Y.Text);
		expect(entity(imported, 'actions', action)!.get('partners')).toBeInstanceOf(Y.Array);
		expect(readNote(imported, note)!.text).toBeInstanceOf(Y.Text);
		expect(collection(imported, 'votes').get(note)).toBeInstanceOf(Y.Map);
		expect(readNote(imported, note)!.issues).toEqual([]);
	});

	it('gives a document the model can keep editing (texts, partners, votes)', () => {
		const { doc, bappeda, telkom, action, note } = richBoard();
		const imported = boardFromJSON(boardToJSON(doc));
		readNote(imported, note)!.text!.insert(0, '» ');
		(collection(imported, 'votes').get(note) as Y.Map<number>).set('participantC', 1);
		deleteStakeholder(imported, telkom);
		const board = boardToJSON(imported).board;
		expect((board.notes[note] as { text: string }).text).toBe('» Сұрақ: who funds it?');
		expect((board.votes[note] as Record<string, number>).participantC).toBe(1);
		expect((board.actions[action] as { partners: string[]; owner: string }).partners).not.toContain(telkom);
		expect((board.actions[action] as { owner: string }).owner).toBe(bappeda);
		expect(Object.keys(board.relations)).toEqual([]);
	});

	it('keeps invalid entities as written instead of dropping them', () => {
		const input = {
			format: 'helixboard-board',
			version: 1,
			board: {
				notes: { strangeNote01: 'a string, not an object', nullNote00001: null },
				actions: { oddAction001: { title: 'x', partners: 'not an array', description: 42 } },
				votes: { someTarget01: 5 }
			}
		};
		const imported = boardFromJSON(input);
		expect(collection(imported, 'notes').get('strangeNote01')).toBe('a string, not an object');
		expect(collection(imported, 'notes').get('nullNote00001')).toBeNull();
		expect(entity(imported, 'actions', 'oddAction001')!.toJSON()).toEqual({ title: 'x', partners: 'not an array', description: 42 });
		expect(boardToJSON(imported).board).toMatchObject(input.board);
	});

	it('accepts an export with collections missing', () => {
		const imported = boardFromJSON({ format: 'helixboard-board', version: 1, board: { meta: { title: 'Only meta' } } });
		expect(boardToJSON(imported).board).toEqual({
			meta: { title: 'Only meta' },
			stakeholders: {},
			relations: {},
			actions: {},
			notes: {},
			votes: {}
		});
	});

	it('gives a document that syncs to a replica unchanged (as the server would send it)', () => {
		const imported = boardFromJSON(boardToJSON(richBoard().doc));
		const replica = new Y.Doc();
		Y.applyUpdate(replica, Y.encodeStateAsUpdate(imported));
		expect(boardToJSON(replica)).toEqual(boardToJSON(imported));
		expect(entity(replica, 'actions', Object.keys(boardToJSON(replica).board.actions)[0])!.get('partners')).toBeInstanceOf(Y.Array);
	});

	describe('refuses what is not an export, with an error', () => {
		const board = { meta: {}, stakeholders: {}, relations: {}, actions: {}, notes: {}, votes: {} };
		const cases: Array<[string, unknown]> = [
			['null', null],
			['a string', 'helixboard-board'],
			['an array', [board]],
			['no envelope (a bare board)', board],
			['another format', { format: 'excalidraw', version: 1, board }],
			['a newer version', { format: 'helixboard-board', version: 2, board }],
			['a version as a string', { format: 'helixboard-board', version: '1', board }],
			['a missing board', { format: 'helixboard-board', version: 1 }],
			['a board that is not an object', { format: 'helixboard-board', version: 1, board: 'x' }],
			// An array is not an object of entities: valibot's v.record lets arrays through.
			['a board that is an array', { format: 'helixboard-board', version: 1, board: [] }],
			['a collection that is an array', { format: 'helixboard-board', version: 1, board: { ...board, notes: ['a note'] } }],
			['a collection that is a string', { format: 'helixboard-board', version: 1, board: { ...board, meta: 'title' } }]
		];
		it.each(cases)('%s', (_name, input) => {
			expect(() => boardFromJSON(input)).toThrow(Error);
		});
	});
});
