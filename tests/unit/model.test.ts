import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardToJSON } from '../../src/lib/board/json.js';
import {
	addAction,
	addNote,
	addRelation,
	addStakeholder,
	boardTitle,
	collection,
	deleteNote,
	deleteStakeholder,
	entity,
	initBoardDoc,
	isLocked,
	moveNote,
	readNote,
	readNotes,
	setNoteColor
} from '../../src/lib/board/model.js';

function newBoard(title = 'Group 1'): Y.Doc {
	const doc = new Y.Doc();
	initBoardDoc(doc, { title, createdAt: 1_700_000_000_000 });
	return doc;
}

/** Sends each doc what the other is missing. */
function sync(a: Y.Doc, b: Y.Doc): void {
	const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
	const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
	Y.applyUpdate(b, toB);
	Y.applyUpdate(a, toA);
}

/** A second replica of a doc. */
function replicaOf(doc: Y.Doc): Y.Doc {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	return copy;
}

function countTransactions(doc: Y.Doc): { transactions: number; updates: number } {
	const counts = { transactions: 0, updates: 0 };
	doc.on('afterTransaction', () => counts.transactions++);
	doc.on('update', () => counts.updates++);
	return counts;
}

describe('initBoardDoc, boardTitle, isLocked', () => {
	it('writes schema 1, title, createdAt and unlocked in one transaction', () => {
		const doc = new Y.Doc();
		const counts = countTransactions(doc);
		initBoardDoc(doc, { title: 'Kelompok Riau', createdAt: 1234 });
		expect(collection(doc, 'meta').toJSON()).toEqual({ schema: 1, title: 'Kelompok Riau', createdAt: 1234, locked: false });
		expect(counts.transactions).toBe(1);
		expect(counts.updates).toBe(1);
	});

	it('reads the title, and an empty title when it is missing or not a string', () => {
		expect(boardTitle(newBoard('Kelompok 서울'))).toBe('Kelompok 서울');
		expect(boardTitle(new Y.Doc())).toBe('');
		const doc = newBoard();
		collection(doc, 'meta').set('title', 42);
		expect(boardTitle(doc)).toBe('');
	});

	it('is locked only by meta.locked === true', () => {
		const doc = newBoard();
		expect(isLocked(doc)).toBe(false);
		expect(isLocked(new Y.Doc())).toBe(false);
		const meta = collection(doc, 'meta');
		for (const value of ['true', 1, 'yes', {}, [true], null]) {
			meta.set('locked', value);
			expect(isLocked(doc), JSON.stringify(value)).toBe(false);
		}
		meta.set('locked', true);
		expect(isLocked(doc)).toBe(true);
	});
});

describe('notes', () => {
	it('adds a note with a Y.Text, rounded position, colour and author', () => {
		const doc = newBoard();
		const id = addNote(doc, { x: 10.4, y: -20.6, color: 'pink', author: 'Dewi', text: 'Ajak Karang Taruna' });
		const note = readNote(doc, id)!;
		expect(note.text).toBeInstanceOf(Y.Text);
		expect(note.text!.toString()).toBe('Ajak Karang Taruna');
		expect(note).toMatchObject({ id, x: 10, y: -21, color: 'pink', author: 'Dewi', issues: [] });
	});

	it('adds a note in one transaction with an empty text by default', () => {
		const doc = newBoard();
		const counts = countTransactions(doc);
		const id = addNote(doc, { x: 0, y: 0, color: 'yellow', author: 'Min-jun' });
		expect(counts.transactions).toBe(1);
		expect(readNote(doc, id)!.text!.toString()).toBe('');
	});

	it('passes the origin to the transaction', () => {
		const doc = newBoard();
		const origins: unknown[] = [];
		doc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
		const origin = { who: 'test' };
		const id = addNote(doc, { x: 0, y: 0, color: 'yellow', author: 'A' }, origin);
		moveNote(doc, id, 1, 1, origin);
		setNoteColor(doc, id, 'blue', origin);
		deleteNote(doc, id, origin);
		expect(origins).toEqual([origin, origin, origin, origin]);
	});

	it('moves a note to a rounded position in one transaction', () => {
		const doc = newBoard();
		const id = addNote(doc, { x: 0, y: 0, color: 'yellow', author: 'A' });
		const counts = countTransactions(doc);
		moveNote(doc, id, 99.5, 200.2);
		expect(counts.transactions).toBe(1);
		expect(readNote(doc, id)).toMatchObject({ x: 100, y: 200 });
	});

	it('changes a note colour', () => {
		const doc = newBoard();
		const id = addNote(doc, { x: 0, y: 0, color: 'yellow', author: 'A' });
		setNoteColor(doc, id, 'green');
		expect(readNote(doc, id)!.color).toBe('green');
	});

	it('ignores moving or colouring a note that does not exist or is not a map', () => {
		const doc = newBoard();
		collection(doc, 'notes').set('foreignNote1', 'just a string');
		const before = Y.encodeStateAsUpdate(doc);
		moveNote(doc, 'missingNote1', 5, 5);
		setNoteColor(doc, 'missingNote1', 'blue');
		moveNote(doc, 'foreignNote1', 5, 5);
		setNoteColor(doc, 'foreignNote1', 'blue');
		expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
		expect(collection(doc, 'notes').get('foreignNote1')).toBe('just a string');
	});

	it('deletes a note and its votes, leaving other notes and votes', () => {
		const doc = newBoard();
		const a = addNote(doc, { x: 0, y: 0, color: 'yellow', author: 'A' });
		const b = addNote(doc, { x: 1, y: 1, color: 'blue', author: 'B' });
		const votes = collection(doc, 'votes');
		votes.set(a, new Y.Map<unknown>([['participant1', 1]]));
		votes.set(b, new Y.Map<unknown>([['participant1', 2]]));
		const counts = countTransactions(doc);
		deleteNote(doc, a);
		expect(counts.transactions).toBe(1);
		expect(readNote(doc, a)).toBeNull();
		expect(votes.has(a)).toBe(false);
		expect(readNotes(doc).map((note) => note.id)).toEqual([b]);
		expect(votes.toJSON()).toEqual({ [b]: { participant1: 2 } });
	});

	it('reads every note', () => {
		const doc = newBoard();
		const ids = [0, 1, 2].map((i) => addNote(doc, { x: i, y: i, color: 'orange', author: `P${i}` }));
		expect(
			readNotes(doc)
				.map((note) => note.id)
				.sort()
		).toEqual([...ids].sort());
	});
});

describe('readNote and readNotes on foreign or invalid data', () => {
	it('returns null for a note that does not exist', () => {
		expect(readNote(newBoard(), 'nothingHere1')).toBeNull();
	});

	it('reports a note that is not a Y.Map, without throwing', () => {
		const doc = newBoard();
		const notes = collection(doc, 'notes');
		notes.set('stringNote01', 'hello');
		notes.set('numberNote01', 7);
		notes.set('arrayNote001', new Y.Array());
		notes.set('textNote0001', new Y.Text('x'));
		notes.set('nullNote0001', null);
		const views = readNotes(doc);
		expect(views).toHaveLength(5);
		for (const view of views) {
			expect(view.text).toBeNull();
			expect(view).toMatchObject({ x: 0, y: 0, color: '', author: '' });
			expect(view.issues).toEqual([{ field: '*', message: expect.any(String) }]);
		}
	});

	it('reports a text that is not a Y.Text', () => {
		const doc = newBoard();
		const note = new Y.Map<unknown>([
			['text', 'plain string'],
			['x', 1],
			['y', 2],
			['color', 'yellow'],
			['author', 'A']
		]);
		collection(doc, 'notes').set('plainText001', note);
		const view = readNote(doc, 'plainText001')!;
		expect(view.text).toBeNull();
		expect(view.issues.map((issue) => issue.field)).toEqual(['text']);
		expect(view).toMatchObject({ x: 1, y: 2, color: 'yellow', author: 'A' });
	});

	it('reports a missing text', () => {
		const doc = newBoard();
		collection(doc, 'notes').set('noText000001', new Y.Map<unknown>([['x', 3]]));
		const view = readNote(doc, 'noText000001')!;
		expect(view.text).toBeNull();
		expect(view.issues.map((issue) => issue.field)).toContain('text');
	});

	it('reports a string where a number belongs and shows it at 0', () => {
		const doc = newBoard();
		const id = addNote(doc, { x: 5, y: 6, color: 'yellow', author: 'A' });
		entity(doc, 'notes', id)!.set('x', '12');
		entity(doc, 'notes', id)!.set('y', Infinity);
		const view = readNote(doc, id)!;
		expect(view.x).toBe(0);
		expect(view.y).toBe(0);
		expect(view.issues.map((issue) => issue.field).sort()).toEqual(['x', 'y']);
		// Kept as written, never rewritten.
		expect(entity(doc, 'notes', id)!.get('x')).toBe('12');
	});

	it('reports a bad colour and a non-string author', () => {
		const doc = newBoard();
		const id = addNote(doc, { x: 5, y: 6, color: 'yellow', author: 'A' });
		entity(doc, 'notes', id)!.set('color', 'chartreuse');
		entity(doc, 'notes', id)!.set('author', { evil: true });
		const view = readNote(doc, id)!;
		expect(view.color).toBe('chartreuse');
		expect(view.author).toBe('');
		expect(view.issues.map((issue) => issue.field).sort()).toEqual(['author', 'color']);
	});
});

describe('deleteStakeholder', () => {
	function mapWithActions() {
		const doc = newBoard();
		const gone = addStakeholder(doc, { name: 'Telkom', helix: 'business' });
		const kept = addStakeholder(doc, { name: 'Universitas Riau', helix: 'academia' });
		const other = addStakeholder(doc, { name: 'Radio Suara', helix: 'media' });
		const outgoing = addRelation(doc, { from: gone, to: kept, kind: 'funding' });
		const incoming = addRelation(doc, { from: other, to: gone, kind: 'information' });
		const unrelated = addRelation(doc, { from: kept, to: other, kind: 'collaboration', label: 'MoU' });
		const owned = addAction(doc, { title: 'Open data', owner: gone, partners: [gone, kept, gone, other, gone], order: 'a0' });
		const untouched = addAction(doc, { title: 'Radio talk', owner: other, partners: [kept], order: 'a1' });
		const votes = collection(doc, 'votes');
		votes.set(gone, new Y.Map<unknown>([['participant1', 1]]));
		votes.set(kept, new Y.Map<unknown>([['participant1', 3]]));
		return { doc, gone, kept, other, outgoing, incoming, unrelated, owned, untouched };
	}

	it('removes the stakeholder, its relations in both directions and its votes', () => {
		const { doc, gone, kept, other, outgoing, incoming, unrelated } = mapWithActions();
		deleteStakeholder(doc, gone);
		expect(collection(doc, 'stakeholders').has(gone)).toBe(false);
		expect(collection(doc, 'relations').has(outgoing)).toBe(false);
		expect(collection(doc, 'relations').has(incoming)).toBe(false);
		expect(collection(doc, 'votes').has(gone)).toBe(false);
		expect([...collection(doc, 'stakeholders').keys()].sort()).toEqual([kept, other].sort());
		expect([...collection(doc, 'relations').keys()]).toEqual([unrelated]);
	});

	it('clears it as owner and removes it from partners, duplicates included', () => {
		const { doc, gone, kept, other, owned } = mapWithActions();
		deleteStakeholder(doc, gone);
		const action = entity(doc, 'actions', owned)!;
		expect(action.get('owner')).toBeNull();
		expect((action.get('partners') as Y.Array<string>).toArray()).toEqual([kept, other]);
	});

	it('leaves unrelated stakeholders, relations, actions and votes exactly as they were', () => {
		const { doc, gone, kept, other, unrelated, untouched } = mapWithActions();
		const before = boardToJSON(doc).board;
		deleteStakeholder(doc, gone);
		const after = boardToJSON(doc).board;
		expect(after.stakeholders[kept]).toEqual(before.stakeholders[kept]);
		expect(after.stakeholders[other]).toEqual(before.stakeholders[other]);
		expect(after.relations[unrelated]).toEqual(before.relations[unrelated]);
		expect(after.actions[untouched]).toEqual(before.actions[untouched]);
		expect(after.votes[kept]).toEqual(before.votes[kept]);
		expect(after.meta).toEqual(before.meta);
	});

	it('does it all in ONE transaction, so no client sees a dangling reference', () => {
		const { doc, gone } = mapWithActions();
		const counts = countTransactions(doc);
		deleteStakeholder(doc, gone, 'origin-x');
		expect(counts.transactions).toBe(1);
		expect(counts.updates).toBe(1);
	});

	it('makes a replica receive everything in one update', () => {
		const { doc, gone, owned } = mapWithActions();
		const replica = replicaOf(doc);
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		deleteStakeholder(doc, gone);
		expect(updates).toHaveLength(1);
		let sawDangling = false;
		replica.on('afterTransaction', () => {
			const json = boardToJSON(replica).board;
			const ids = new Set(Object.keys(json.stakeholders));
			for (const relation of Object.values(json.relations) as Array<{ from: string; to: string }>) {
				if (!ids.has(relation.from) || !ids.has(relation.to)) sawDangling = true;
			}
			const action = json.actions[owned] as { owner: string | null; partners: string[] };
			if (action.owner !== null && !ids.has(action.owner)) sawDangling = true;
			if (action.partners.some((p) => !ids.has(p))) sawDangling = true;
		});
		Y.applyUpdate(replica, updates[0]);
		expect(sawDangling).toBe(false);
		expect(boardToJSON(replica)).toEqual(boardToJSON(doc));
	});

	it('tolerates foreign data: non-map relations and actions, partners that are not a Y.Array', () => {
		const { doc, gone, owned } = mapWithActions();
		collection(doc, 'relations').set('foreignRel01', 'not a map');
		collection(doc, 'actions').set('foreignAct01', 12);
		const odd = addAction(doc, { title: 'Odd', owner: gone, order: 'a2' });
		entity(doc, 'actions', odd)!.set('partners', [gone]);
		expect(() => deleteStakeholder(doc, gone)).not.toThrow();
		expect(collection(doc, 'relations').get('foreignRel01')).toBe('not a map');
		expect(collection(doc, 'actions').get('foreignAct01')).toBe(12);
		expect(entity(doc, 'actions', odd)!.get('owner')).toBeNull();
		expect(entity(doc, 'actions', odd)!.get('partners')).toEqual([gone]); // plain value kept as written
		expect(entity(doc, 'actions', owned)!.get('owner')).toBeNull();
	});

	it('is harmless for an unknown id', () => {
		const { doc } = mapWithActions();
		const before = boardToJSON(doc);
		deleteStakeholder(doc, 'unknownStake1');
		expect(boardToJSON(doc)).toEqual(before);
	});
});

describe('addStakeholder, addRelation, addAction', () => {
	it('adds a stakeholder with defaults and a notes Y.Text', () => {
		const doc = newBoard();
		const id = addStakeholder(doc, { name: 'Karang Taruna', helix: 'community' });
		const item = entity(doc, 'stakeholders', id)!;
		expect(item.get('notes')).toBeInstanceOf(Y.Text);
		expect(item.toJSON()).toEqual({
			name: 'Karang Taruna',
			helix: 'community',
			organization: '',
			role: '',
			power: 50,
			interest: 50,
			attitude: 'neutral',
			x: 0,
			y: 0,
			notes: ''
		});
	});

	it('adds an action with a description Y.Text and a partners Y.Array', () => {
		const doc = newBoard();
		const a = addStakeholder(doc, { name: 'A', helix: 'media' });
		const id = addAction(doc, { title: 'Plan', owner: a, partners: [a], order: 'a0' });
		const item = entity(doc, 'actions', id)!;
		expect(item.get('description')).toBeInstanceOf(Y.Text);
		expect(item.get('partners')).toBeInstanceOf(Y.Array);
		expect(item.toJSON()).toMatchObject({ title: 'Plan', owner: a, partners: [a], status: 'planned', progress: 0, order: 'a0' });
	});

	it('links two existing stakeholders', () => {
		const doc = newBoard();
		const a = addStakeholder(doc, { name: 'A', helix: 'government' });
		const b = addStakeholder(doc, { name: 'B', helix: 'business' });
		const id = addRelation(doc, { from: a, to: b, kind: 'authority', label: 'permit' });
		expect(entity(doc, 'relations', id)!.toJSON()).toEqual({ from: a, to: b, kind: 'authority', label: 'permit' });
	});

	it('refuses a self-link and writes nothing', () => {
		const doc = newBoard();
		const a = addStakeholder(doc, { name: 'A', helix: 'government' });
		const counts = countTransactions(doc);
		expect(() => addRelation(doc, { from: a, to: a, kind: 'conflict' })).toThrow();
		expect(collection(doc, 'relations').size).toBe(0);
		expect(counts.updates).toBe(0);
	});

	it('refuses unknown stakeholders and entities of another collection, and writes nothing', () => {
		const doc = newBoard();
		const a = addStakeholder(doc, { name: 'A', helix: 'government' });
		const note = addNote(doc, { x: 0, y: 0, color: 'yellow', author: 'A' });
		collection(doc, 'stakeholders').set('foreignStake', 'not a map');
		const counts = countTransactions(doc);
		expect(() => addRelation(doc, { from: a, to: 'unknownStake1', kind: 'conflict' })).toThrow();
		expect(() => addRelation(doc, { from: 'unknownStake1', to: a, kind: 'conflict' })).toThrow();
		expect(() => addRelation(doc, { from: a, to: note, kind: 'conflict' })).toThrow();
		expect(() => addRelation(doc, { from: a, to: 'foreignStake', kind: 'conflict' })).toThrow();
		expect(collection(doc, 'relations').size).toBe(0);
		expect(counts.updates).toBe(0);
	});
});

describe('concurrent editing', () => {
	it('two docs editing concurrently converge after syncing both ways', () => {
		const a = newBoard();
		const b = replicaOf(a);
		const shared = addNote(a, { x: 0, y: 0, color: 'yellow', author: 'A', text: 'hello' });
		sync(a, b);

		addNote(a, { x: 10, y: 10, color: 'blue', author: 'A' });
		addNote(b, { x: 20, y: 20, color: 'pink', author: 'B' });
		moveNote(a, shared, 100, 100);
		setNoteColor(b, shared, 'green');
		readNote(a, shared)!.text!.insert(0, 'A: ');
		readNote(b, shared)!.text!.insert(5, ' world');
		addStakeholder(b, { name: 'Telkom', helix: 'business' });
		collection(a, 'meta').set('title', 'Renamed by A');

		sync(a, b);
		expect(boardToJSON(a)).toEqual(boardToJSON(b));
		const note = readNote(a, shared)!;
		expect(note).toMatchObject({ x: 100, y: 100, color: 'green' });
		expect(note.text!.toString()).toBe('A: hello world');
		expect(readNotes(a)).toHaveLength(3);
		expect(boardTitle(b)).toBe('Renamed by A');
	});

	it('a concurrent delete and edit of a note does not crash readNotes', () => {
		const a = newBoard();
		const id = addNote(a, { x: 0, y: 0, color: 'yellow', author: 'A', text: 'draft' });
		const keep = addNote(a, { x: 5, y: 5, color: 'blue', author: 'A' });
		const b = replicaOf(a);

		deleteNote(a, id);
		readNote(b, id)!.text!.insert(5, ' edited');
		moveNote(b, id, 50, 50);
		setNoteColor(b, id, 'purple');

		sync(a, b);
		expect(() => readNotes(a)).not.toThrow();
		expect(() => readNotes(b)).not.toThrow();
		expect(readNotes(a).map((note) => note.id)).toEqual([keep]);
		expect(readNotes(b).map((note) => note.id)).toEqual([keep]);
		expect(boardToJSON(a)).toEqual(boardToJSON(b));
	});

	it('a concurrent deleteStakeholder and addRelation converge without crashing', () => {
		const a = newBoard();
		const s1 = addStakeholder(a, { name: 'S1', helix: 'government' });
		const s2 = addStakeholder(a, { name: 'S2', helix: 'media' });
		const b = replicaOf(a);
		deleteStakeholder(a, s1);
		const relation = addRelation(b, { from: s1, to: s2, kind: 'information' });
		sync(a, b);
		expect(boardToJSON(a)).toEqual(boardToJSON(b));
		// The relation written without knowing of the delete survives (it is shown as dangling, not dropped).
		expect(collection(a, 'relations').has(relation)).toBe(true);
		expect(collection(a, 'stakeholders').has(s1)).toBe(false);
	});
});
