/**
 * The action plan model: reading and validation that keeps what was typed, plan order by
 * fractional keys under concurrent moves, progress updates, pentahelix coverage, the CSV export
 * and the "changes since" comparison.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { diffBoards, changeCount } from '../../src/lib/board/changes.js';
import {
	actionCounts,
	actionsOf,
	addAction,
	addProgressUpdate,
	addStakeholder,
	collection,
	deleteActions,
	deleteStakeholders,
	entity,
	initBoardDoc,
	keyAfterLast,
	keyBetween,
	keysForMove,
	moveAction,
	planCoverage,
	readAction,
	readActions,
	readStakeholder,
	updateAction
} from '../../src/lib/board/model.js';
import { planCsv } from '../../src/lib/board/planCsv.js';
import { boardFromJSON, boardToJSON } from '../../src/lib/board/json.js';
import { recordVisit, VISIT_GAP_MS } from '../../src/lib/sync/visits.js';

function newBoard(): Y.Doc {
	const doc = new Y.Doc();
	initBoardDoc(doc, { title: 'Kelompok 3', createdAt: 1 });
	return doc;
}

/** Two replicas of one board, synced both ways on demand (what the server does, minus the wire). */
function pair(): [Y.Doc, Y.Doc, () => void] {
	const a = newBoard();
	const b = new Y.Doc();
	const sync = () => {
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
	};
	sync();
	return [a, b, sync];
}

const titles = (doc: Y.Doc) => readActions(doc).map((a) => a.title);

describe('reading and validation', () => {
	it('a new action is valid except for an empty title, which is required', () => {
		const doc = newBoard();
		const ok = addAction(doc, { title: 'Open data portal' });
		const empty = addAction(doc, { title: '  ' });
		expect(readAction(doc, ok)!.issues).toEqual([]);
		expect(readAction(doc, empty)!.issues).toEqual([{ field: 'title', reason: 'required' }]);
	});

	it('keeps invalid input as typed and says why, field by field', () => {
		const doc = newBoard();
		const id = addAction(doc, { title: 'Wi-Fi' });
		updateAction(doc, id, { budget: '12,5 juta', progress: 150, start: '2026-12-10', end: '2026-12-01', currency: 'rupiah' });
		const view = readAction(doc, id)!;
		expect(view.issues).toEqual(
			expect.arrayContaining([
				{ field: 'budget', reason: 'not_a_number' },
				{ field: 'progress', reason: 'out_of_range' },
				{ field: 'currency', reason: 'not_a_currency' },
				{ field: 'end', reason: 'end_before_start' }
			])
		);
		expect(view.raw).toMatchObject({ budget: '12,5 juta', progress: 150, currency: 'rupiah' });
		// Stored as typed: another client, an export and a reload all see it until someone fixes it.
		expect(entity(doc, 'actions', id)!.get('budget')).toBe('12,5 juta');
		updateAction(doc, id, { budget: 12_500_000, progress: 60, end: '2026-12-20', currency: 'IDR' });
		expect(readAction(doc, id)!.issues).toEqual([]);
	});

	it('flags progress typed as text, a negative budget and a date that is not one', () => {
		const doc = newBoard();
		const id = addAction(doc, { title: 'Forum' });
		updateAction(doc, id, { progress: 'half', budget: -5, start: '10/12/2026' });
		const reasons = Object.fromEntries(readAction(doc, id)!.issues.map((i) => [i.field, i.reason]));
		expect(reasons).toEqual({ progress: 'not_a_number', budget: 'out_of_range', start: 'not_a_date' });
		expect(readAction(doc, id)!.progress).toBeNull();
	});

	it('reads foreign values without throwing', () => {
		const doc = newBoard();
		collection(doc, 'actions').set('junk', 42);
		const weird = new Y.Map<unknown>();
		collection(doc, 'actions').set('weird', weird);
		weird.set('partners', 'not an array');
		weird.set('status', 'finished');
		weird.set('updates', new Y.Array());
		(weird.get('updates') as Y.Array<unknown>).push([{ nodate: true }, { date: '2026-12-01', progress: 'x' }]);
		expect(readAction(doc, 'junk')!.issues).toEqual([{ field: '*', reason: 'invalid' }]);
		const view = readAction(doc, 'weird')!;
		expect(view.partners).toEqual([]);
		expect(view.status).toBeNull();
		expect(view.issues.map((i) => i.reason)).toEqual(expect.arrayContaining(['unknown_status', 'invalid', 'required']));
		expect(view.updates).toHaveLength(1);
		expect(view.updates[0].progress).toBe(0);
	});

	it('writes nothing when a patch changes nothing, and edits partners in place', () => {
		const doc = newBoard();
		const id = addAction(doc, { title: 'Radio talk', partners: ['aaaaaaaa', 'bbbbbbbb'] });
		let updates = 0;
		doc.on('update', () => updates++);
		updateAction(doc, id, { title: 'Radio talk', partners: ['aaaaaaaa', 'bbbbbbbb'] });
		expect(updates).toBe(0);
		const partners = entity(doc, 'actions', id)!.get('partners');
		updateAction(doc, id, { partners: ['bbbbbbbb', 'cccccccc'] });
		expect(entity(doc, 'actions', id)!.get('partners')).toBe(partners);
		expect(readAction(doc, id)!.partners).toEqual(['bbbbbbbb', 'cccccccc']);
	});

	it('two people changing the partners of one action at once both keep their change', () => {
		const [a, b, sync] = pair();
		const id = addAction(a, { title: 'Smart kampung', partners: ['aaaaaaaa'] });
		sync();
		updateAction(a, id, { partners: ['aaaaaaaa', 'bbbbbbbb'] });
		updateAction(b, id, { partners: ['aaaaaaaa', 'cccccccc'] });
		sync();
		expect(readAction(a, id)!.partners.sort()).toEqual(['aaaaaaaa', 'bbbbbbbb', 'cccccccc']);
		expect(readAction(b, id)!.partners.sort()).toEqual(['aaaaaaaa', 'bbbbbbbb', 'cccccccc']);
	});

	it('two people editing different fields of one action both keep their edits', () => {
		const [a, b, sync] = pair();
		const id = addAction(a, { title: 'Draft' });
		sync();
		updateAction(a, id, { title: 'Open data portal' });
		updateAction(b, id, { indicator: 'datasets published', status: 'in_progress' });
		sync();
		for (const doc of [a, b]) expect(readAction(doc, id)).toMatchObject({ title: 'Open data portal', indicator: 'datasets published', status: 'in_progress' });
	});

	it('an action deleted while someone edits it stays deleted, with no ghost', () => {
		const [a, b, sync] = pair();
		const id = addAction(a, { title: 'Doomed' });
		sync();
		deleteActions(a, [id]);
		updateAction(b, id, { title: 'Rescued?' });
		(entity(b, 'actions', id)!.get('description') as Y.Text).insert(0, 'typing');
		sync();
		expect(readAction(a, id)).toBeNull();
		expect(readAction(b, id)).toBeNull();
		expect(readActions(a)).toEqual([]);
	});
});

describe('plan order', () => {
	it('new actions go last, in the order they were added', () => {
		const doc = newBoard();
		for (const title of ['one', 'two', 'three']) addAction(doc, { title });
		expect(titles(doc)).toEqual(['one', 'two', 'three']);
	});

	it('a move writes one key, between the new neighbours', () => {
		const doc = newBoard();
		const ids = ['one', 'two', 'three', 'four'].map((title) => addAction(doc, { title }));
		const keys = keysForMove(readActions(doc), ids[3], 1);
		expect([...keys.keys()]).toEqual([ids[3]]);
		moveAction(doc, ids[3], readActions(doc), 1);
		expect(titles(doc)).toEqual(['one', 'four', 'two', 'three']);
		moveAction(doc, ids[0], readActions(doc), 3);
		expect(titles(doc)).toEqual(['four', 'two', 'three', 'one']);
		moveAction(doc, ids[2], readActions(doc), 0);
		expect(titles(doc)).toEqual(['three', 'four', 'two', 'one']);
	});

	it('a move to where the action already is writes nothing', () => {
		const doc = newBoard();
		const ids = ['one', 'two'].map((title) => addAction(doc, { title }));
		expect(keysForMove(readActions(doc), ids[1], 1).size).toBe(0);
	});

	it('concurrent moves into the same gap never collide and every replica agrees', () => {
		for (let round = 0; round < 50; round++) {
			const [a, b, sync] = pair();
			const ids = ['p', 'q', 'r', 's', 't'].map((title) => addAction(a, { title }));
			sync();
			// A moves t between p and q; B moves s between p and q, at the same time.
			moveAction(a, ids[4], readActions(a), 1);
			moveAction(b, ids[3], readActions(b), 1);
			sync();
			const orderA = titles(a);
			expect(orderA).toEqual(titles(b));
			expect(orderA[0]).toBe('p');
			expect(new Set(orderA.slice(1, 3))).toEqual(new Set(['t', 's']));
			expect(orderA.slice(3)).toEqual(['q', 'r']);
			const keys = readActions(a).map((x) => x.order);
			expect(new Set(keys).size).toBe(keys.length);
		}
	});

	it('equal or foreign keys are repaired by re-keying, and the move lands where asked', () => {
		const doc = newBoard();
		const ids = ['one', 'two', 'three'].map((title) => addAction(doc, { title, order: 'a0' }));
		entity(doc, 'actions', ids[2])!.set('order', 42);
		const before = readActions(doc).map((a) => a.id);
		moveAction(doc, before[0], readActions(doc), 1);
		const after = readActions(doc).map((a) => a.id);
		expect(after).toEqual([before[1], before[0], before[2]]);
		expect(new Set(readActions(doc).map((a) => a.order)).size).toBe(3);
	});

	it('keys stay short over many moves to the front', () => {
		const doc = newBoard();
		const ids = Array.from({ length: 20 }, (_, i) => addAction(doc, { title: `a${i}` }));
		for (let i = 0; i < 200; i++) moveAction(doc, ids[i % 20], readActions(doc), 0);
		expect(Math.max(...readActions(doc).map((a) => a.order.length))).toBeLessThan(40);
	});

	it('keyBetween stays strictly between its bounds', () => {
		let random = 0;
		const rnd = () => (random = (random + 0.37) % 1);
		const a = keyBetween(null, null, rnd);
		const b = keyBetween(a, null, rnd);
		for (let i = 0; i < 100; i++) {
			const k = keyBetween(a, b, rnd);
			expect(k > a && k < b).toBe(true);
		}
		expect(keyAfterLast([{ id: 'x', order: 'not a key!' }]) > '').toBe(true);
	});
});

describe('progress updates', () => {
	it('an update is recorded with its date and notes and becomes the current progress and status', () => {
		const doc = newBoard();
		const id = addAction(doc, { title: 'Data portal' });
		addProgressUpdate(doc, id, { date: '2026-12-15', progress: 40, status: 'in_progress', done: 'Dataset list agreed', blockers: 'No server yet', author: 'Ayu' }, undefined);
		addProgressUpdate(doc, id, { date: '2026-12-01', progress: 10, status: 'in_progress', done: 'Kick-off', blockers: '', author: 'Minho' });
		const view = readAction(doc, id)!;
		expect(view.updates.map((u) => [u.date, u.progress, u.author])).toEqual([
			['2026-12-01', 10, 'Minho'],
			['2026-12-15', 40, 'Ayu']
		]);
		// The latest written sets the current values (the history is ordered by date for reading).
		expect(view.progress).toBe(10);
		expect(view.updates[1]).toMatchObject({ done: 'Dataset list agreed', blockers: 'No server yet' });
	});

	it('updates written at once by two people are both kept', () => {
		const [a, b, sync] = pair();
		const id = addAction(a, { title: 'Portal' });
		sync();
		addProgressUpdate(a, id, { date: '2027-01-10', progress: 50, status: 'in_progress', done: 'a', blockers: '', author: 'A' });
		addProgressUpdate(b, id, { date: '2027-01-10', progress: 55, status: 'blocked', done: 'b', blockers: 'budget', author: 'B' });
		sync();
		expect(readAction(a, id)!.updates).toHaveLength(2);
		const plain = (doc: Y.Doc) => ({ ...readAction(doc, id)!, description: null });
		expect(plain(a)).toEqual(plain(b));
	});
});

describe('coverage and counts', () => {
	it('counts owned and partnered actions per helix and flags helixes with no role', () => {
		const doc = newBoard();
		const gov = addStakeholder(doc, { name: 'Bappeda', helix: 'government' });
		const biz = addStakeholder(doc, { name: 'Telkom', helix: 'business' });
		const gov2 = addStakeholder(doc, { name: 'Diskominfo', helix: 'government' });
		const uni = addStakeholder(doc, { name: 'UNRI', helix: 'academia' });
		addAction(doc, { title: 'Portal', owner: gov, partners: [gov2, biz] });
		addAction(doc, { title: 'Wi-Fi', owner: biz, partners: [gov] });
		addAction(doc, { title: 'Study', owner: 'deleted1', partners: [uni, 'deleted2'] });
		const helixOf = (id: string) => readStakeholder(doc, id)?.helix;
		const coverage = Object.fromEntries(planCoverage(readActions(doc), helixOf).map((c) => [c.helix, c]));
		expect(coverage.government).toMatchObject({ owns: 1, partners: 1, missing: false });
		expect(coverage.business).toMatchObject({ owns: 1, partners: 1, missing: false });
		expect(coverage.academia).toMatchObject({ owns: 0, partners: 1, missing: false });
		expect(coverage.community.missing).toBe(true);
		expect(coverage.media.missing).toBe(true);
		const counts = actionCounts(readActions(doc));
		expect(counts.get(gov)).toBe(2);
		expect(counts.get(gov2)).toBe(1);
		expect(actionsOf(readActions(doc), biz).map((a) => a.title)).toEqual(['Portal', 'Wi-Fi']);
	});

	it('deleting a stakeholder clears it from owners and partners of the plan', () => {
		const doc = newBoard();
		const gov = addStakeholder(doc, { name: 'Bappeda', helix: 'government' });
		const biz = addStakeholder(doc, { name: 'Telkom', helix: 'business' });
		const id = addAction(doc, { title: 'Portal', owner: gov, partners: [biz, gov] });
		deleteStakeholders(doc, [gov]);
		expect(readAction(doc, id)).toMatchObject({ owner: null, partners: [biz] });
	});
});

describe('CSV export', () => {
	it('one row per action in plan order, names with helix, UTF-8 BOM, formulas escaped, invalid kept', () => {
		const doc = newBoard();
		const gov = addStakeholder(doc, { name: '서울시청', helix: 'government' });
		const media = addStakeholder(doc, { name: 'Қазақ радиосы', helix: 'media' });
		const com = addStakeholder(doc, { name: 'Өрнөх ТББ', helix: 'community' });
		const second = addAction(doc, { title: 'Radio talk', owner: media });
		const first = addAction(doc, { title: '=HYPERLINK("x")', owner: gov, partners: [media, com], start: '2026-12-01', end: '2027-02-28' });
		moveAction(doc, first, readActions(doc), 0);
		updateAction(doc, first, { budget: 25_000_000, status: 'in_progress', progress: 30, indicator: 'datasets', target: '40' });
		updateAction(doc, second, { budget: 'dua juta', indicator: '=1+1\nsecond line' });
		(entity(doc, 'actions', first)!.get('description') as Y.Text).insert(0, 'Line one,\n"quoted"');
		addProgressUpdate(doc, first, { date: '2026-12-20', progress: 30, status: 'in_progress', done: 'Kick-off', blockers: 'Server', author: 'Ayu' });
		const csv = planCsv(doc);
		expect(csv.startsWith('\ufeff')).toBe(true);
		const rows = Papa.parse<string[]>(csv.slice(1)).data;
		expect(rows).toHaveLength(3);
		expect(rows[0][0]).toBe('Action');
		expect(rows[1]).toEqual([
			`'=HYPERLINK("x")`, 'Line one,\n"quoted"', '서울시청', 'Government', 'Қазақ радиосы (Media); Өрнөх ТББ (Community)',
			'2026-12-01', '2027-02-28', 'datasets', '40', '25000000', 'IDR', 'In progress', '30', '2026-12-20', 'Kick-off', 'Server'
		]);
		expect(rows[2].slice(0, 4)).toEqual(['Radio talk', '', 'Қазақ радиосы', 'Media']);
		expect(rows[2][9]).toBe('dua juta');
		expect(rows[2][7]).toBe("'=1+1\nsecond line");
		expect(csv).toContain('\r\n');
	});
});

describe('JSON round trip with progress updates', () => {
	it('an exported plan imports to an equal document', () => {
		const doc = newBoard();
		const id = addAction(doc, { title: 'Portal', partners: ['aaaaaaaa'] });
		addProgressUpdate(doc, id, { date: '2026-12-20', progress: 30, status: 'in_progress', done: 'x', blockers: '', author: 'Ayu' });
		const copy = boardFromJSON(JSON.parse(JSON.stringify(boardToJSON(doc))));
		expect(boardToJSON(copy)).toEqual(boardToJSON(doc));
		expect(readAction(copy, id)).toEqual({ ...readAction(doc, id)!, description: expect.any(Y.Text) });
	});
});

describe('changes since', () => {
	it('reports added, removed and changed entities with the values they had', () => {
		const doc = newBoard();
		const keep = addAction(doc, { title: 'Portal' });
		const gone = addAction(doc, { title: 'Old idea' });
		const s = addStakeholder(doc, { name: 'Bappeda', helix: 'government' });
		const before = new Y.Doc();
		Y.applyUpdate(before, Y.encodeStateAsUpdate(doc));
		updateAction(doc, keep, { target: '40 datasets', progress: 20 });
		(entity(doc, 'actions', keep)!.get('description') as Y.Text).insert(0, 'new words');
		deleteActions(doc, [gone]);
		const added = addAction(doc, { title: 'Wi-Fi' });
		const changes = diffBoards(before, doc);
		expect(changes.actions.added).toEqual([added]);
		expect(changes.actions.removed.map((r) => r.before.title)).toEqual(['Old idea']);
		expect(changes.actions.changed[keep]).toEqual({ target: '', progress: 0, description: '' });
		expect(changes.stakeholders.changed[s]).toBeUndefined();
		expect(changeCount(changes.actions)).toBe(3);
		expect(changeCount(changes.relations)).toBe(0);
	});
});

describe('visits', () => {
	function memoryStorage(): Storage {
		const map = new Map<string, string>();
		return {
			getItem: (k: string) => map.get(k) ?? null,
			setItem: (k: string, v: string) => void map.set(k, v),
			removeItem: (k: string) => void map.delete(k),
			clear: () => map.clear(),
			key: () => null,
			get length() {
				return map.size;
			}
		};
	}

	it('the last visit is the end of the previous one; reloads within a visit do not move it', () => {
		const storage = memoryStorage();
		const t0 = 1_000_000_000;
		expect(recordVisit('b1', t0, storage)).toBeNull();
		expect(recordVisit('b1', t0 + 60_000, storage)).toBeNull();
		const nextDay = t0 + 24 * 3600_000;
		expect(recordVisit('b1', nextDay, storage)).toBe(t0 + 60_000);
		expect(recordVisit('b1', nextDay + VISIT_GAP_MS - 1, storage)).toBe(t0 + 60_000);
		expect(recordVisit('b2', nextDay, storage)).toBeNull();
		storage.setItem('helixboard:visit:b3', '{broken');
		expect(recordVisit('b3', nextDay, storage)).toBeNull();
	});
});
