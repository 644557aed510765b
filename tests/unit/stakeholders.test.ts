/** The map model: reading foreign data, updates, moves, bulk deletes, arrange, relations, copy/paste. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addAction,
	addRelation,
	addStakeholder,
	arrangeByHelix,
	collection,
	copyStakeholders,
	deleteRelations,
	deleteStakeholders,
	duplicateStakeholders,
	entity,
	initBoardDoc,
	moveStakeholders,
	parseClip,
	pasteClip,
	readRelation,
	readRelations,
	readStakeholder,
	readStakeholders,
	updateRelation,
	updateStakeholder
} from '../../src/lib/board/model.js';
import { CANVAS_LIMIT, HELIXES } from '../../src/lib/board/schema.js';
import { helixOfCardAt } from '../../src/lib/board/sectors.js';

function newBoard(): Y.Doc {
	const doc = new Y.Doc();
	initBoardDoc(doc, { title: 'Kelompok 3', createdAt: 1 });
	return doc;
}

function countUpdates(doc: Y.Doc): { updates: number } {
	const counts = { updates: 0 };
	doc.on('update', () => counts.updates++);
	return counts;
}

/** A second replica that receives every update of `doc` as it happens. */
function follower(doc: Y.Doc): { doc: Y.Doc; updates: number } {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	const state = { doc: copy, updates: 0 };
	doc.on('update', (update: Uint8Array) => {
		state.updates++;
		Y.applyUpdate(copy, update);
	});
	return state;
}

function writeRaw(doc: Y.Doc, name: 'stakeholders' | 'relations', id: string, fields: Record<string, unknown>): void {
	const item = new Y.Map<unknown>();
	for (const [key, value] of Object.entries(fields)) item.set(key, value);
	collection(doc, name).set(id, item);
}

describe('readStakeholder', () => {
	it('reads a stakeholder as written, with no issues', () => {
		const doc = newBoard();
		const id = addStakeholder(doc, { name: '김민준', helix: 'academia', organization: 'Seoul National University', power: 70, interest: 20, attitude: 'supporter', x: 10.4, y: -3.6 });
		const view = readStakeholder(doc, id)!;
		expect(view).toMatchObject({
			id, name: '김민준', helix: 'academia', organization: 'Seoul National University', role: '',
			power: 70, interest: 20, attitude: 'supporter', x: 10, y: -4, issues: [], raw: {}
		});
		expect(view.notes).toBeInstanceOf(Y.Text);
	});

	it('returns null for an unknown id', () => {
		expect(readStakeholder(newBoard(), 'nobodyAAAAAAAAAA')).toBeNull();
	});

	it('flags every field outside the schema, keeps the stored values in raw, and never throws', () => {
		const doc = newBoard();
		writeRaw(doc, 'stakeholders', 'foreignAAAAAAAAA', {
			name: 42, helix: 'military', organization: null, power: 150, interest: 'high', attitude: 'hostile', x: 'left', y: Infinity, notes: 'plain string'
		});
		const view = readStakeholder(doc, 'foreignAAAAAAAAA')!;
		expect(view).toMatchObject({ name: '', helix: null, organization: '', power: 100, interest: null, attitude: null, x: 0, y: 0, notes: null });
		const flagged = view.issues.map((issue) => issue.field).sort();
		expect(flagged).toEqual(['attitude', 'helix', 'interest', 'name', 'notes', 'organization', 'power', 'x', 'y']);
		expect(view.raw).toMatchObject({ name: 42, helix: 'military', power: 150, interest: 'high', attitude: 'hostile', x: 'left' });
	});

	it('reports an entity that is not a map at all', () => {
		const doc = newBoard();
		collection(doc, 'stakeholders').set('junkAAAAAAAAAAAA', 'just a string');
		const view = readStakeholder(doc, 'junkAAAAAAAAAAAA')!;
		expect(view.issues).toEqual([{ field: '*', message: 'not an object' }]);
		expect(view.raw).toEqual({ '*': 'just a string' });
		expect(readStakeholders(doc)).toHaveLength(1);
	});
});

describe('updateStakeholder and moveStakeholders', () => {
	it('writes the changed fields only, in one update', () => {
		const doc = newBoard();
		const id = addStakeholder(doc, { name: 'Dinas Kominfo', helix: 'government' });
		const counts = countUpdates(doc);
		updateStakeholder(doc, id, { name: 'Dinas Kominfo', power: 80, attitude: 'champion' });
		expect(counts.updates).toBe(1);
		expect(readStakeholder(doc, id)).toMatchObject({ name: 'Dinas Kominfo', power: 80, attitude: 'champion' });
		updateStakeholder(doc, id, { power: 80 });
		expect(counts.updates).toBe(1); // a no-op writes nothing, so undo has nothing empty to step through
	});

	it('repairs an invalid value by writing a valid one', () => {
		const doc = newBoard();
		writeRaw(doc, 'stakeholders', 'foreignAAAAAAAAA', { name: 'Radio Suara', helix: 'radio' });
		updateStakeholder(doc, 'foreignAAAAAAAAA', { helix: 'media' });
		expect(readStakeholder(doc, 'foreignAAAAAAAAA')!.issues).toEqual([]);
	});

	it('moves several cards in one update, rounded, skipping unknown ids', () => {
		const doc = newBoard();
		const a = addStakeholder(doc, { name: 'A', helix: 'business' });
		const b = addStakeholder(doc, { name: 'B', helix: 'business' });
		const counts = countUpdates(doc);
		moveStakeholders(doc, [{ id: a, x: 100.6, y: 50.2 }, { id: 'goneAAAAAAAAAAAA', x: 1, y: 1 }, { id: b, x: -20, y: 7 }]);
		expect(counts.updates).toBe(1);
		expect(readStakeholder(doc, a)).toMatchObject({ x: 101, y: 50 });
		expect(readStakeholder(doc, b)).toMatchObject({ x: -20, y: 7 });
	});

	it('ignores updates of ids that do not exist or are not maps', () => {
		const doc = newBoard();
		collection(doc, 'stakeholders').set('junkAAAAAAAAAAAA', 7);
		const counts = countUpdates(doc);
		updateStakeholder(doc, 'junkAAAAAAAAAAAA', { name: 'x' });
		updateStakeholder(doc, 'goneAAAAAAAAAAAA', { name: 'x' });
		moveStakeholders(doc, [{ id: 'junkAAAAAAAAAAAA', x: 1, y: 1 }]);
		expect(collection(doc, 'stakeholders').get('junkAAAAAAAAAAAA')).toBe(7);
		expect(counts.updates).toBeLessThanOrEqual(1);
	});
});

describe('deleteStakeholders', () => {
	function mapWithPlan() {
		const doc = newBoard();
		const gov = addStakeholder(doc, { name: 'Bappeda', helix: 'government' });
		const uni = addStakeholder(doc, { name: 'Universitas Riau', helix: 'academia' });
		const ngo = addStakeholder(doc, { name: 'Karang Taruna', helix: 'community' });
		const radio = addStakeholder(doc, { name: 'Radio Suara', helix: 'media' });
		const r1 = addRelation(doc, { from: gov, to: uni, kind: 'funding' });
		const r2 = addRelation(doc, { from: ngo, to: gov, kind: 'conflict' });
		const r3 = addRelation(doc, { from: ngo, to: radio, kind: 'information' });
		const action = addAction(doc, { title: 'Open data portal', owner: uni, partners: [gov, radio, uni], order: 'a0' });
		return { doc, gov, uni, ngo, radio, r1, r2, r3, action };
	}

	it('removes the stakeholders, every relation touching them, and clears them from actions, as one update', () => {
		const { doc, gov, uni, ngo, radio, r3, action } = mapWithPlan();
		const replica = follower(doc);
		deleteStakeholders(doc, [gov, uni]);
		expect(replica.updates).toBe(1);
		for (const d of [doc, replica.doc]) {
			expect(readStakeholders(d).map((s) => s.id).sort()).toEqual([ngo, radio].sort());
			expect(readRelations(d).map((r) => r.id)).toEqual([r3]);
			const plan = entity(d, 'actions', action)!;
			expect(plan.get('owner')).toBeNull();
			expect((plan.get('partners') as Y.Array<string>).toArray()).toEqual([radio]);
		}
	});

	it('writes nothing for an empty list', () => {
		const { doc } = mapWithPlan();
		const counts = countUpdates(doc);
		deleteStakeholders(doc, []);
		expect(counts.updates).toBe(0);
	});

	it('deleteRelations removes relations and their votes, leaving stakeholders', () => {
		const { doc, r1, r2 } = mapWithPlan();
		collection(doc, 'votes').set(r1, new Y.Map());
		deleteRelations(doc, [r1, r2]);
		expect(readRelations(doc)).toHaveLength(1);
		expect(collection(doc, 'votes').has(r1)).toBe(false);
		expect(readStakeholders(doc)).toHaveLength(4);
	});
});

describe('arrangeByHelix', () => {
	it('puts every card with a valid helix into its sector, without overlaps, in one update', () => {
		const doc = newBoard();
		for (let i = 0; i < 60; i++) addStakeholder(doc, { name: `S${i}`, helix: HELIXES[i % 5], x: 5000 - i * 7, y: -3000 + i });
		writeRaw(doc, 'stakeholders', 'foreignAAAAAAAAA', { name: 'Unknown sector', helix: 'military', x: 77, y: 88 });
		const counts = countUpdates(doc);
		arrangeByHelix(doc);
		expect(counts.updates).toBe(1);
		const views = readStakeholders(doc);
		for (const view of views) {
			if (view.helix) expect(helixOfCardAt(view.x, view.y), view.name).toBe(view.helix);
		}
		expect(readStakeholder(doc, 'foreignAAAAAAAAA')).toMatchObject({ x: 77, y: 88 });
		const corners = new Set(views.map((v) => `${v.x},${v.y}`));
		expect(corners.size).toBe(views.length);
	});

	it('gives the same layout on two replicas, so concurrent arranges agree', () => {
		const doc = newBoard();
		for (let i = 0; i < 12; i++) addStakeholder(doc, { name: `S${(i * 7) % 12}`, helix: HELIXES[i % 3] });
		const other = new Y.Doc();
		Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
		arrangeByHelix(doc);
		arrangeByHelix(other);
		const layout = (d: Y.Doc) => readStakeholders(d).map((v) => [v.id, v.x, v.y]).sort();
		expect(layout(other)).toEqual(layout(doc));
	});
});

describe('relations', () => {
	it('reads, updates and flags relations, tolerating missing endpoints', () => {
		const doc = newBoard();
		const a = addStakeholder(doc, { name: 'A', helix: 'media' });
		const b = addStakeholder(doc, { name: 'B', helix: 'business' });
		const id = addRelation(doc, { from: a, to: b, kind: 'collaboration' });
		updateRelation(doc, id, { kind: 'authority', label: 'issues permits' });
		expect(readRelation(doc, id)).toMatchObject({ from: a, to: b, kind: 'authority', label: 'issues permits', issues: [] });

		writeRaw(doc, 'relations', 'foreignAAAAAAAAA', { from: 5, to: 'goneAAAAAAAAAAAA', kind: 'friendship', label: ['x'] });
		const foreign = readRelation(doc, 'foreignAAAAAAAAA')!;
		expect(foreign).toMatchObject({ from: null, to: 'goneAAAAAAAAAAAA', kind: null, label: '' });
		expect(foreign.issues.map((i) => i.field).sort()).toEqual(['from', 'kind', 'label']);
		expect(foreign.raw).toMatchObject({ from: 5, kind: 'friendship' });
	});
});

describe('copy, paste, duplicate', () => {
	function smallMap() {
		const doc = newBoard();
		const a = addStakeholder(doc, { name: 'Айгерим Әбілқасымова', helix: 'government', x: 100, y: 200, attitude: 'champion' });
		const b = addStakeholder(doc, { name: 'KOICA', helix: 'business', x: 400, y: 260 });
		const c = addStakeholder(doc, { name: 'Outside the copy', helix: 'media', x: 900, y: 900 });
		(readStakeholder(doc, a)!.notes as Y.Text).insert(0, 'Met on 3 March');
		entity(doc, "stakeholders", a)!.set("govLevel", "province"); // an optional field from DOMAIN.md
		addRelation(doc, { from: a, to: b, kind: 'funding', label: 'grant' });
		addRelation(doc, { from: b, to: c, kind: 'conflict' });
		return { doc, a, b, c };
	}

	it('copies the chosen cards with unknown keys and only the relations between them', () => {
		const { doc, a, b } = smallMap();
		const clip = copyStakeholders(doc, [a, b, a]);
		expect(clip.stakeholders.map((s) => s.id)).toEqual([a, b]);
		expect(clip.stakeholders[0].fields).toMatchObject({ name: 'Айгерим Әбілқасымова', notes: 'Met on 3 March', govLevel: 'province' });
		expect(clip.relations).toHaveLength(1);
		expect(clip.relations[0].fields).toMatchObject({ from: a, to: b, kind: 'funding', label: 'grant' });
	});

	it('pastes into another board with new ids, notes as Y.Text, shifted to the target point, in one update', () => {
		const { doc, a, b } = smallMap();
		const text = JSON.stringify(copyStakeholders(doc, [a, b]));
		const target = newBoard();
		const counts = countUpdates(target);
		const ids = pasteClip(target, parseClip(text)!, { x: -50, y: 10 });
		expect(counts.updates).toBe(1);
		expect(ids).toHaveLength(2);
		expect(ids).not.toContain(a);
		const [pa, pb] = ids.map((id) => readStakeholder(target, id)!);
		expect(pa).toMatchObject({ name: 'Айгерим Әбілқасымова', x: -50, y: 10, attitude: 'champion', issues: [] });
		expect(pa.notes!.toString()).toBe('Met on 3 March');
		expect(pb).toMatchObject({ name: 'KOICA', x: 250, y: 70 });
		expect(readRelations(target)).toEqual([expect.objectContaining({ from: pa.id, to: pb.id, kind: 'funding', label: 'grant' })]);
	});

	it('duplicates next to the originals, as one update', () => {
		const { doc, a, b } = smallMap();
		const counts = countUpdates(doc);
		const ids = duplicateStakeholders(doc, [a, b]);
		expect(counts.updates).toBe(1);
		expect(readStakeholder(doc, ids[0])).toMatchObject({ x: 132, y: 232 });
		expect(readStakeholders(doc)).toHaveLength(5);
		expect(readRelations(doc)).toHaveLength(3);
	});

	it('ignores text that is not a clip, and rejects malformed clips', () => {
		for (const text of ['', 'hello', '{"format":"helixboard-clip"}', '{"format":"helixboard-clip","version":2,"stakeholders":[],"relations":[]}', '{not json helixboard-clip', 'null']) {
			expect(parseClip(text), text).toBeNull();
		}
		const tooMany = { format: 'helixboard-clip', version: 1, stakeholders: Array.from({ length: 2001 }, (_, i) => ({ id: `s${i}`, fields: {} })), relations: [] };
		expect(parseClip(JSON.stringify(tooMany))).toBeNull();
	});

	it('pastes a hostile clip without breaking the board: extreme positions are clamped, bad relations skipped', () => {
		const clip = parseClip(JSON.stringify({
			format: 'helixboard-clip', version: 1,
			stakeholders: [
				{ id: 'x', fields: { name: 'far', x: -1e308, y: 5 } },
				{ id: 'y', fields: { name: 'farther', x: 1e308, y: 'north', notes: 42 } }
			],
			relations: [{ fields: { from: 'x', to: 'x', kind: 'conflict' } }, { fields: { from: 'x', to: 'nowhere' } }, { fields: { from: 'x', to: 'y', kind: 'odd' } }]
		}))!;
		const doc = newBoard();
		const ids = pasteClip(doc, clip, { x: 0, y: 0 });
		const views = ids.map((id) => readStakeholder(doc, id)!);
		for (const view of views) expect(Math.abs(view.x)).toBeLessThanOrEqual(CANVAS_LIMIT);
		expect(views[1].notes!.toString()).toBe('');
		const relations = readRelations(doc);
		expect(relations).toHaveLength(1);
		expect(relations[0]).toMatchObject({ from: ids[0], to: ids[1], kind: null });
	});
});
