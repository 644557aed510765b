import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardToJSON } from '../../src/lib/board/json.js';
import {
	addAction,
	addNote,
	addRelation,
	addStakeholder,
	collection,
	deleteActions,
	deleteStakeholders,
	entity,
	initBoardDoc,
	moveNote,
	moveStakeholders,
	updateAction,
	updateStakeholder
} from '../../src/lib/board/model.js';
import { RESTORED_COLLECTIONS, restoreBoard, syncText } from '../../src/lib/board/restore.js';

/** The restored collections as plain JSON (meta is not restored). */
const content = (doc: Y.Doc) => {
	const { board } = boardToJSON(doc);
	return Object.fromEntries(RESTORED_COLLECTIONS.map((name) => [name, board[name]]));
};

/** A doc that shares the history of `doc` (a second client of the same board). */
function replicaOf(doc: Y.Doc): Y.Doc {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	return copy;
}

function sync(a: Y.Doc, b: Y.Doc) {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

/** Collects every update a doc emits. */
function recorder(doc: Y.Doc) {
	const updates: Uint8Array[] = [];
	const listener = (update: Uint8Array) => updates.push(update);
	doc.on('update', listener);
	return { updates, stop: () => doc.off('update', listener) };
}

function textOf(doc: Y.Doc, name: 'actions' | 'stakeholders' | 'notes', id: string, field: string): Y.Text {
	return entity(doc, name, id)!.get(field) as Y.Text;
}

/** A workshop board: stakeholders, relations, actions with text and partners, notes, votes. */
function workshopBoard() {
	const doc = new Y.Doc();
	initBoardDoc(doc, { title: 'Group 1', createdAt: 1 });
	const bappeda = addStakeholder(doc, { name: 'Bappeda Kota', helix: 'government', x: 10, y: 20 });
	const telkom = addStakeholder(doc, { name: 'Telkom', helix: 'business', x: 200, y: 20 });
	const unri = addStakeholder(doc, { name: 'Universitas Riau', helix: 'academia', x: 300, y: 40 });
	textOf(doc, 'stakeholders', bappeda, 'notes').insert(0, 'Leads the smart city plan');
	const rel = addRelation(doc, { from: bappeda, to: telkom, kind: 'funding', label: 'APBD' });
	const kiosk = addAction(doc, { title: 'Pilot the smart kiosk', owner: bappeda, partners: [telkom, unri], status: 'planned' });
	textOf(doc, 'actions', kiosk, 'description').insert(0, 'Three kelurahan, six months, one survey 🙂 at the end.');
	const app = addAction(doc, { title: 'Citizen app', owner: telkom, status: 'in_progress' });
	const note = addNote(doc, { x: 5, y: 5, color: 'yellow', author: 'Rina' });
	textOf(doc, 'notes', note, 'text').insert(0, 'Ask Kominfo about data');
	doc.transact(() => {
		const votes = new Y.Map<unknown>();
		votes.set('p1', 1);
		votes.set('p2', 2);
		collection(doc, 'votes').set(kiosk, votes);
	});
	return { doc, bappeda, telkom, unri, rel, kiosk, app, note };
}

describe('restoreBoard', () => {
	it('makes every restored collection equal to the snapshot: re-creates, deletes, sets back fields, texts, arrays, votes', () => {
		const b = workshopBoard();
		const snapshot = replicaOf(b.doc);
		const expected = content(snapshot);

		// Everything a group does after the snapshot.
		deleteStakeholders(b.doc, [b.unri]);
		updateStakeholder(b.doc, b.bappeda, { name: 'Bappeda Provinsi', power: 90 });
		moveStakeholders(b.doc, [{ id: b.bappeda, x: 400, y: 20 }]);
		textOf(b.doc, 'stakeholders', b.bappeda, 'notes').insert(0, 'NEW: ');
		const media = addStakeholder(b.doc, { name: 'Radio Suara', helix: 'media', x: 1, y: 1 });
		addRelation(b.doc, { from: b.telkom, to: media, kind: 'information' });
		updateAction(b.doc, b.kiosk, { title: 'Pilot kiosks everywhere', status: 'done', progress: 100, partners: [media] });
		const description = textOf(b.doc, 'actions', b.kiosk, 'description');
		description.delete(0, 5);
		description.insert(description.length, ' Extended to twelve.');
		deleteActions(b.doc, [b.app]);
		moveNote(b.doc, b.note, 99, 99);
		collection(b.doc, 'votes').delete(b.kiosk);
		entity(b.doc, 'stakeholders', b.telkom)!.set('unknownKey', { kept: 'by a foreign client' });
		collection(b.doc, 'meta').set('title', 'Renamed board');
		collection(b.doc, 'meta').set('locked', true);
		expect(content(b.doc)).not.toEqual(expected);

		restoreBoard(b.doc, snapshot);
		expect(content(b.doc)).toEqual(expected);
		// meta is left as it is now.
		expect(collection(b.doc, 'meta').get('title')).toBe('Renamed board');
		expect(collection(b.doc, 'meta').get('locked')).toBe(true);
		// Types are right: texts are Y.Text, arrays Y.Array, votes nested maps, also for re-created entities.
		expect(textOf(b.doc, 'actions', b.kiosk, 'description')).toBeInstanceOf(Y.Text);
		expect(entity(b.doc, 'actions', b.app)!.get('description')).toBeInstanceOf(Y.Text);
		expect(entity(b.doc, 'actions', b.kiosk)!.get('partners')).toBeInstanceOf(Y.Array);
		expect(entity(b.doc, 'stakeholders', b.unri)!.get('notes')).toBeInstanceOf(Y.Text);
		expect(collection(b.doc, 'votes').get(b.kiosk)).toBeInstanceOf(Y.Map);
	});

	it('takes the JSON export as the source just as well as a doc', () => {
		const b = workshopBoard();
		const snapshot = replicaOf(b.doc);
		const json = boardToJSON(snapshot);
		deleteStakeholders(b.doc, [b.telkom]);
		updateAction(b.doc, b.kiosk, { title: 'Changed' });
		textOf(b.doc, 'notes', b.note, 'text').insert(0, 'x');
		restoreBoard(b.doc, json);
		expect(content(b.doc)).toEqual(content(snapshot));
		expect(entity(b.doc, 'stakeholders', b.telkom)!.get('notes')).toBeInstanceOf(Y.Text);
		expect(entity(b.doc, 'actions', b.kiosk)!.get('partners')).toBeInstanceOf(Y.Array);
	});

	it('writes nothing when the board already equals the snapshot (no update emitted)', () => {
		const b = workshopBoard();
		for (const source of [replicaOf(b.doc), boardToJSON(b.doc)]) {
			const seen = recorder(b.doc);
			restoreBoard(b.doc, source);
			seen.stop();
			expect(seen.updates).toHaveLength(0);
		}
		// Equal content reached by a different history (a separate doc built to look the same) too.
		const lookalike = new Y.Doc();
		Y.applyUpdate(lookalike, Y.encodeStateAsUpdate(b.doc));
		const seen = recorder(b.doc);
		restoreBoard(b.doc, boardToJSON(lookalike));
		seen.stop();
		expect(seen.updates).toHaveLength(0);
	});

	it('leaves untouched entities alone: only what changed is in the update', () => {
		const b = workshopBoard();
		const snapshot = replicaOf(b.doc);
		updateStakeholder(b.doc, b.telkom, { name: 'Telkom Indonesia' });
		const changed: Array<{ keys: string[] }> = [];
		const observer = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
			for (const event of events) changed.push({ keys: [...event.path.map(String), ...event.keys.keys()] });
		};
		collection(b.doc, 'stakeholders').observeDeep(observer);
		const others = [collection(b.doc, 'actions'), collection(b.doc, 'relations'), collection(b.doc, 'notes'), collection(b.doc, 'votes')];
		let otherEvents = 0;
		const countOther = () => otherEvents++;
		for (const map of others) map.observeDeep(countOther);
		restoreBoard(b.doc, snapshot);
		expect(otherEvents).toBe(0);
		expect(changed).toHaveLength(1);
		expect(changed[0].keys).toContain('name');
		expect(changed[0].keys).toContain(b.telkom);
		expect(entity(b.doc, 'stakeholders', b.telkom)!.get('name')).toBe('Telkom');
	});

	it('replaces text by the smallest delete + insert, keeping what is common (emoji intact)', () => {
		const doc = new Y.Doc();
		const text = doc.getText('t');
		text.insert(0, 'Three kelurahan, six months 🙂 survey');
		const deltas: unknown[] = [];
		text.observe((event) => deltas.push(event.delta));
		doc.transact(() => syncText(text, 'Three kelurahan, twelve months 🙂 survey'));
		expect(text.toString()).toBe('Three kelurahan, twelve months 🙂 survey');
		expect(deltas).toEqual([[{ retain: 17 }, { delete: 3 }, { insert: 'twelve' }]]);
		// A change next to an emoji never splits it.
		deltas.length = 0;
		doc.transact(() => syncText(text, 'Three kelurahan, twelve months 😀 survey'));
		expect(text.toString()).toBe('Three kelurahan, twelve months 😀 survey');
		expect(deltas).toEqual([[{ retain: 31 }, { delete: 2 }, { insert: '😀' }]]);
		syncText(text, '');
		expect(text.toString()).toBe('');
		syncText(text, 'again');
		expect(text.toString()).toBe('again');
	});

	it('merges with edits a client makes at the same time', () => {
		const b = workshopBoard();
		const snapshot = replicaOf(b.doc);
		updateAction(b.doc, b.kiosk, { title: 'Changed after the snapshot' });
		deleteStakeholders(b.doc, [b.unri]);
		// A second client in sync with the server, then both edit concurrently.
		const client = replicaOf(b.doc);
		const server = b.doc;
		restoreBoard(server, snapshot);
		// Concurrently: the client types at the end of the description, adds a stakeholder, and sets a progress.
		const description = textOf(client, 'actions', b.kiosk, 'description');
		description.insert(description.length, ' (typed meanwhile)');
		const newcomer = addStakeholder(client, { name: 'Karang Taruna', helix: 'community', x: 0, y: 0 });
		updateAction(client, b.app, { progress: 40 });
		sync(server, client);
		expect(boardToJSON(server)).toEqual(boardToJSON(client));
		const action = entity(server, 'actions', b.kiosk)!;
		expect(action.get('title')).toBe('Pilot the smart kiosk');
		expect(String(action.get('description'))).toBe('Three kelurahan, six months, one survey 🙂 at the end. (typed meanwhile)');
		expect(entity(server, 'stakeholders', newcomer)).not.toBeNull();
		expect(entity(server, 'stakeholders', b.unri)).not.toBeNull();
		expect(entity(server, 'actions', b.app)!.get('progress')).toBe(40);
	});

	it('leaves undo history of a client untouched: its own last step still undoes', () => {
		const b = workshopBoard();
		const snapshot = replicaOf(b.doc);
		const client = replicaOf(b.doc);
		const mine = { me: true };
		const undo = new Y.UndoManager(RESTORED_COLLECTIONS.map((name) => client.getMap(name)), { trackedOrigins: new Set([mine]), captureTimeout: 0 });
		const added = addNote(client, { x: 1, y: 1, color: 'blue', author: 'Rina' }, mine);
		sync(b.doc, client);
		restoreBoard(b.doc, snapshot, 'server');
		sync(b.doc, client);
		expect(entity(client, 'notes', added)).toBeNull(); // the restore removed it (added after the snapshot)
		expect(undo.canUndo()).toBe(true); // the restore came from elsewhere: not on this client's stack
		undo.destroy();
	});

	it('restores invalid values and unknown keys as they were, and clears an emptied collection', () => {
		const b = workshopBoard();
		collection(b.doc, 'stakeholders').set('weird', 'not a map');
		entity(b.doc, 'actions', b.kiosk)!.set('x-extension', [1, { a: 2 }]);
		const snapshot = replicaOf(b.doc);
		collection(b.doc, 'stakeholders').set('weird', 42);
		entity(b.doc, 'actions', b.kiosk)!.set('x-extension', [1, { a: 3 }]);
		restoreBoard(b.doc, snapshot);
		expect(content(b.doc)).toEqual(content(snapshot));

		const empty = new Y.Doc();
		restoreBoard(b.doc, empty);
		for (const name of RESTORED_COLLECTIONS) expect(collection(b.doc, name).size).toBe(0);
		expect(collection(b.doc, 'meta').get('title')).toBe('Group 1');
	});

	it('a restored doc syncs to a fresh client equal, and restoring twice is a no-op', () => {
		const b = workshopBoard();
		const snapshot = replicaOf(b.doc);
		deleteStakeholders(b.doc, [b.bappeda, b.telkom]);
		restoreBoard(b.doc, snapshot);
		const fresh = new Y.Doc();
		Y.applyUpdate(fresh, Y.encodeStateAsUpdate(b.doc));
		expect(content(fresh)).toEqual(content(snapshot));
		const seen = recorder(b.doc);
		restoreBoard(b.doc, snapshot);
		seen.stop();
		expect(seen.updates).toHaveLength(0);
	});
});
