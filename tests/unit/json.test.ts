import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	boardFromJSON,
	boardToJSON,
	checkBoardExport,
	checkBoardExportText,
	EXPORT_FORMAT,
	EXPORT_VERSION,
	importedBoard,
	MAX_LISTED_PROBLEMS,
	MAX_LISTED_WARNINGS,
	MAX_NESTING,
	problemLines,
	problemSummary,
	type ImportCheck
} from '../../src/lib/board/json.js';
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

/** `[[[…]]]`, `depth` arrays deep, parsed from text as a file would be. */
const deeplyNested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

/** Code, path and English message of every listed problem. */
const problemsOf = (check: ImportCheck) => check.problems.map((p) => [p.code, p.path, p.message]);
const envelope = (board: unknown) => ({ format: 'helixboard-board', version: 1, board });

describe('checkBoardExport', () => {
	it('passes an export of a full board, with its counts and title and no warnings', () => {
		const check = checkBoardExport(JSON.parse(JSON.stringify(boardToJSON(richBoard().doc))));
		expect(check.ok).toBe(true);
		expect(check.problems).toEqual([]);
		expect(check.problemCount).toBe(0);
		expect(check.warnings).toEqual([]);
		expect(check.warningCount).toBe(0);
		expect(check.counts).toEqual({ stakeholders: 3, relations: 1, actions: 1, notes: 1, votes: 2 });
		expect(check.title).toBe('Smart Kota Pekanbaru — Kelompok 1');
		expect(check.export?.board.stakeholders).toBeDefined();
	});

	it('passes an empty board and an export with collections left out', () => {
		expect(checkBoardExport(boardToJSON(new Y.Doc())).ok).toBe(true);
		const check = checkBoardExport(envelope({ meta: { title: '  Only meta  ' } }));
		expect(check.ok).toBe(true);
		expect(check.title).toBe('Only meta');
		expect(checkBoardExport(envelope({ meta: { title: '   ' } })).title).toBeNull();
	});

	describe('refuses, with the path of each problem', () => {
		const ok = { meta: { schema: 1, title: 'x' }, stakeholders: {}, relations: {}, actions: {}, notes: {}, votes: {} };
		const cases: Array<[string, unknown, string, string, RegExp, number?]> = [
			['text that is not JSON', undefined, 'not-json', '', /^the file is not JSON/],
			['null', null, 'not-an-object', '', /must be an object/],
			['an array', [ok], 'not-an-object', '', /must be an object/],
			['a string', 'helixboard-board', 'not-an-object', '', /must be an object/],
			['another format', { format: 'excalidraw', version: 1, board: ok }, 'wrong-format', 'format', /^format: must be "helixboard-board" \(found "excalidraw"\)/],
			// A bare board has no envelope: format, version and board are each missing.
			['no envelope (a bare board)', ok, 'wrong-format', 'format', /^format: must be "helixboard-board" \(found nothing\)/, 3],
			['a newer version', { format: 'helixboard-board', version: 2, board: ok }, 'unsupported-version', 'version', /^version: 2 is not supported; supported versions: 1$/],
			['a version as a string', { format: 'helixboard-board', version: '1', board: ok }, 'unsupported-version', 'version', /^version: "1" is not supported/],
			['a missing board', { format: 'helixboard-board', version: 1 }, 'board-not-object', 'board', /^board: must be an object of collections \(found nothing\)/],
			['a board that is an array', envelope([]), 'board-not-object', 'board', /^board: must be an object/],
			['an unknown collection', envelope({ ...ok, shapes: {} }), 'unknown-collection', 'board.shapes', /^board\.shapes: not a collection of the board format \(known: meta, stakeholders, relations, actions, notes, votes\)$/],
			['a collection that is an array', envelope({ ...ok, notes: ['a note'] }), 'collection-not-object', 'board.notes', /^board\.notes: must be an object of entities by id \(found \["a note"\]\)$/],
			['a collection that is a string', envelope({ ...ok, meta: 'title' }), 'collection-not-object', 'board.meta', /^board\.meta: must be an object/],
			['an id that is too short', envelope({ ...ok, stakeholders: { abc: { name: 'A' } } }), 'bad-id', 'board.stakeholders.abc', /^board\.stakeholders\.abc: not a URL-safe id/],
			['an id with spaces and a slash', envelope({ ...ok, actions: { 'a b/c d e f': { title: 'A' } } }), 'bad-id', 'board.actions["a b/c d e f"]', /^board\.actions\["a b\/c d e f"\]: not a URL-safe id/],
			['an entity that is not an object', envelope({ ...ok, stakeholders: { abcdefgh12: 'Bappeda' } }), 'entity-not-object', 'board.stakeholders.abcdefgh12', /^board\.stakeholders\.abcdefgh12: must be an object \(found "Bappeda"\)$/],
			['an entity that is null', envelope({ ...ok, notes: { abcdefgh12: null } }), 'entity-not-object', 'board.notes.abcdefgh12', /must be an object \(found null\)/],
			['an entity that is an array', envelope({ ...ok, relations: { abcdefgh12: [] } }), 'entity-not-object', 'board.relations.abcdefgh12', /must be an object/],
			['votes for a target that are not an object', envelope({ ...ok, votes: { abcdefgh12: 5 } }), 'entity-not-object', 'board.votes.abcdefgh12', /must be an object \(found 5\)/],
			['a voter id that is not an id', envelope({ ...ok, votes: { abcdefgh12: { 'x y': 1 } } }), 'bad-id', 'board.votes.abcdefgh12["x y"]', /not a URL-safe id/],
			['an unsupported meta.schema', envelope({ ...ok, meta: { schema: 2 } }), 'unsupported-schema', 'board.meta.schema', /^board\.meta\.schema: 2 is not supported; supported schemas: 1$/],
			// Nesting that would overflow the stack of whoever encodes or shows it (Yjs does at ~10,000).
			['a meta value nested 100,000 deep', envelope({ ...ok, meta: { deep: deeplyNested(100_000) } }), 'too-deep', 'board.meta.deep', /^board\.meta\.deep: nests lists or objects more than 32 deep$/],
			['an entity nested too deep', envelope({ ...ok, notes: { abcdefgh12: { text: 'x', extra: deeplyNested(MAX_NESTING) } } }), 'too-deep', 'board.notes.abcdefgh12', /more than 32 deep/],
			['votes nested too deep', envelope({ ...ok, votes: { abcdefgh12: { participantA: deeplyNested(50_000) } } }), 'too-deep', 'board.votes.abcdefgh12', /more than 32 deep/],
			['a deeply nested entity that is not an object', envelope({ ...ok, stakeholders: { abcdefgh12: deeplyNested(100_000) } }), 'entity-not-object', 'board.stakeholders.abcdefgh12', /must be an object \(found \[…\]\)$/]
		];
		it.each(cases)('%s', (_name, input, code, path, message, count = 1) => {
			const check = input === undefined ? checkBoardExportText('{"format": "helixboard-board", ') : checkBoardExport(input);
			expect(check.ok).toBe(false);
			expect(check.export).toBeNull();
			expect(check.problemCount).toBe(count);
			expect(check.problems).toHaveLength(count);
			expect(check.problems[0]).toMatchObject({ code, path });
			expect(check.problems[0].message).toMatch(message);
			expect(typeof check.problems[0].params).toBe('object');
		});
	});

	it('lists every problem of a file, in file order, not just the first', () => {
		const check = checkBoardExport({
			format: 'helixboard-bord',
			version: 3,
			board: {
				meta: { schema: 0 },
				stakeholders: { abc: { name: 'short id' }, abcdefgh12: 'not an object', 'good-id-0001': { name: 'Fine' } },
				shapes: {},
				notes: [],
				actions: { 'bad id!': 7 }
			}
		});
		expect(check.ok).toBe(false);
		expect(problemsOf(check).map(([code, path]) => `${code} ${path}`)).toEqual([
			'wrong-format format',
			'unsupported-version version',
			'unknown-collection board.shapes',
			'collection-not-object board.notes',
			'unsupported-schema board.meta.schema',
			'bad-id board.stakeholders.abc',
			'entity-not-object board.stakeholders.abcdefgh12',
			'bad-id board.actions["bad id!"]',
			'entity-not-object board.actions["bad id!"]'
		]);
		expect(check.problemCount).toBe(9);
		expect(problemLines(check)).toEqual(check.problems.map((p) => p.message));
		expect(problemSummary(check)).toBe('this file cannot be imported as a board: 9 problems');
		// Counted as the file holds them, problems or not.
		expect(check.counts.stakeholders).toBe(3);
	});

	it('caps the list of problems and says how many more there are', () => {
		const stakeholders = Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`s${i}`, { name: `S${i}` }]));
		const check = checkBoardExport(envelope({ stakeholders }));
		expect(check.problemCount).toBe(130);
		expect(check.problems).toHaveLength(MAX_LISTED_PROBLEMS);
		expect(check.problems.every((p) => p.code === 'bad-id')).toBe(true);
		expect(check.problems[0].path).toBe('board.stakeholders.s0');
		const lines = problemLines(check);
		expect(lines).toHaveLength(MAX_LISTED_PROBLEMS + 1);
		expect(lines.at(-1)).toBe(`and ${130 - MAX_LISTED_PROBLEMS} more`);
		expect(problemSummary({ problemCount: 1 })).toBe('this file cannot be imported as a board: 1 problem');
	});

	it('shortens long values and odd keys in messages', () => {
		const long = 'x'.repeat(500);
		const check = checkBoardExport({ format: long, version: 1, board: { stakeholders: { [long]: {} } } });
		for (const problem of check.problems) expect(problem.message.length).toBeLessThan(200);
		expect(check.problems[0].params.found).toMatch(/…$/);
	});

	it('warns, without refusing, of values that break the board schema, with their paths', () => {
		const doc = new Y.Doc();
		initBoardDoc(doc, { title: 'Warnings', createdAt: 1 });
		const ok = addStakeholder(doc, { name: 'Telkom', helix: 'business' });
		const board = JSON.parse(JSON.stringify(boardToJSON(doc).board));
		board.stakeholders.typo00000001 = { name: 'Bappeda', helix: 'goverment', power: 140, interest: 50, notes: 12 };
		board.relations.relation0001 = { from: 'typo00000001', to: 'gone00000001', kind: 'funding', label: '' };
		board.actions.action000001 = { title: 'Portal', owner: ok, partners: 'Telkom', status: 'finished', progress: -3, description: 'ok' };
		board.actions.action000002 = { title: 'Kiosk', owner: 'gone00000002', partners: [ok, 'gone00000003'] };
		board.notes.note00000001 = { text: ['not', 'text'], color: 'black', x: 0, y: 0 };
		board.meta.title = 7;
		board.votes = { action000001: { participantA: 'two' } };

		const check = checkBoardExport(envelope(board));
		expect(check.ok).toBe(true);
		expect(check.problems).toEqual([]);
		const warned = [
			'invalid-value board.stakeholders.typo00000001.helix',
			'invalid-value board.stakeholders.typo00000001.power',
			'not-text board.stakeholders.typo00000001.notes',
			'missing-stakeholder board.relations.relation0001.to',
			'invalid-value board.actions.action000001.status',
			'invalid-value board.actions.action000001.progress',
			'not-array board.actions.action000001.partners',
			'missing-stakeholder board.actions.action000002.owner',
			'missing-stakeholder board.actions.action000002.partners.1',
			'invalid-value board.notes.note00000001.color',
			'not-text board.notes.note00000001.text',
			'invalid-value board.votes.action000001.participantA',
			'invalid-value board.meta.title'
		];
		expect(check.warningCount).toBe(warned.length);
		expect(check.warnings).toHaveLength(MAX_LISTED_WARNINGS);
		expect(check.warnings.map((w) => `${w.code} ${w.path}`)).toEqual(warned.slice(0, MAX_LISTED_WARNINGS));
		expect(check.warnings[0].message).toMatch(/^board\.stakeholders\.typo00000001\.helix: "goverment" breaks the board schema/);
		expect(check.warnings[0].params.value).toBe('"goverment"');
		expect(check.warnings[1].message).toMatch(/^board\.stakeholders\.typo00000001\.power: 140 breaks the board schema/);
		expect(check.warnings[3].params.id).toBe('"gone00000001"');
		expect(check.title).toBeNull();

		// The values stay as written in the imported document.
		const imported = importedBoard(check.export!, { title: 'Warnings', now: 5 });
		expect(entity(imported, 'stakeholders', 'typo00000001')!.get('helix')).toBe('goverment');
		expect(entity(imported, 'stakeholders', 'typo00000001')!.get('power')).toBe(140);
		expect(entity(imported, 'actions', 'action000001')!.get('partners')).toBe('Telkom');
	});

	it('takes the nesting the format uses (and a little more) in every collection', () => {
		const nested = deeplyNested(MAX_NESTING - 1);
		const check = checkBoardExport(
			envelope({
				meta: { title: 'Deep enough', extra: nested },
				actions: { abcdefgh12: { title: 'A', updates: [{ id: 'u1', done: 'x' }], extra: nested } },
				votes: { abcdefgh12: { participantA: 1 } }
			})
		);
		expect(check.problems).toEqual([]);
		const imported = importedBoard(check.export!, { title: 'Deep enough', now: 1 });
		expect(Y.encodeStateAsUpdate(imported).length).toBeGreaterThan(0);
	});

	it('reads, never changes, its input', () => {
		const input = JSON.parse(JSON.stringify(boardToJSON(richBoard().doc)));
		const before = JSON.stringify(input);
		checkBoardExport(input);
		expect(JSON.stringify(input)).toBe(before);
	});
});

describe('importing a full board: export → check → import → export', () => {
	it('gives a deep-equal export (every collection, Y.Text, Y.Array, votes, unknown keys)', () => {
		const { doc } = richBoard();
		const exported = boardToJSON(doc);
		const text = JSON.stringify(exported);
		const check = checkBoardExportText(text);
		expect(check.ok).toBe(true);
		const again = boardToJSON(boardFromJSON(check.export));
		expect(again).toEqual(exported);
		expect(JSON.stringify(again)).toBe(text);
	});

	it('into a workshop: the same, with the given title, unlocked and without votes', () => {
		const { doc, bappeda, action } = richBoard();
		collection(doc, 'meta').set('locked', true);
		const exported = JSON.parse(JSON.stringify(boardToJSON(doc)));
		const imported = importedBoard(checkBoardExport(exported).export!, { title: 'Kelompok 7', now: 99 });
		const board = boardToJSON(imported).board;
		expect(board.votes).toEqual({});
		expect(board.meta).toEqual({ ...exported.board.meta, title: 'Kelompok 7', locked: false });
		for (const name of ['stakeholders', 'relations', 'actions', 'notes'] as const) expect(board[name]).toEqual(exported.board[name]);
		expect(entity(imported, 'stakeholders', bappeda)!.get('notes')).toBeInstanceOf(Y.Text);
		expect(entity(imported, 'actions', action)!.get('partners')).toBeInstanceOf(Y.Array);
		// The file's meta is not changed by the import.
		expect(exported.board.meta.locked).toBe(true);
	});

	it('into a workshop: a file without schema or creation time gets the current schema and now', () => {
		const imported = importedBoard(checkBoardExport(envelope({ stakeholders: {} })).export!, { title: 'T', now: 1234 });
		expect(boardToJSON(imported).board.meta).toEqual({ schema: 1, createdAt: 1234, title: 'T', locked: false });
	});
});
