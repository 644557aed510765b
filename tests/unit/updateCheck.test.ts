/**
 * server/updateCheck.ts on hand-made updates: each bad one is a minimal form of what the fuzz test
 * found breaking boards (Yjs applies part of it, throws, and cannot roll back).
 */
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { hasUnmetDependencies, isSafeUpdate } from '../../server/updateCheck.js';

/** Yjs's ContentAny reference number and the info bit of an item with a left origin (update v1). */
const CONTENT_ANY = 8;
const HAS_ORIGIN = 0x80;

/** An update v1 with one item of `client` at `clock` holding 1, whose left origin is `origin`. */
function itemUpdate(client: number, clock: number, origin: { client: number; clock: number }): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 1); // clients with structs
	encoding.writeVarUint(encoder, 1); // structs of this client
	encoding.writeVarUint(encoder, client);
	encoding.writeVarUint(encoder, clock);
	encoding.writeUint8(encoder, CONTENT_ANY | HAS_ORIGIN);
	encoding.writeVarUint(encoder, origin.client);
	encoding.writeVarUint(encoder, origin.clock);
	encoding.writeVarUint(encoder, 1); // one value
	encoding.writeAny(encoder, 1);
	encoding.writeVarUint(encoder, 0); // empty delete set
	return encoding.toUint8Array(encoder);
}

/** An update v1 with no structs and one deletion range. */
function deleteUpdate(client: number, clock: number, len: number): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint(encoder, 1);
	encoding.writeVarUint(encoder, client);
	encoding.writeVarUint(encoder, 1);
	encoding.writeVarUint(encoder, clock);
	encoding.writeVarUint(encoder, len);
	return encoding.toUint8Array(encoder);
}

/** A doc with `count` items of client `client` in an array. */
function docWithItems(client: number, count: number): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = client;
	for (let i = 0; i < count; i++) doc.getArray('a').push([i]);
	return doc;
}

describe('isSafeUpdate', () => {
	it('passes real updates of every kind', () => {
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		doc.getText('t').insert(0, 'Bappeda Kota 🙂');
		doc.getText('t').delete(2, 3);
		doc.getMap('m').set('nested', new Y.Map());
		doc.getArray('a').insert(0, [1, 'two', { three: 3 }, new Uint8Array([4])]);
		doc.getMap('m').delete('nested');
		for (const update of [...updates, Y.encodeStateAsUpdate(doc)]) expect(isSafeUpdate(update)).toBe(true);
	});

	it('refuses bytes that do not decode', () => {
		expect(isSafeUpdate(new Uint8Array([1, 2, 3]))).toBe(false);
	});

	it('refuses a deletion of length 0, which Yjs throws on after applying the rest', () => {
		const update = deleteUpdate(7, 3, 0);
		expect(() => Y.decodeUpdate(update)).not.toThrow(); // what the room checked before
		expect(() => Y.applyUpdate(new Y.Doc(), update)).toThrow();
		expect(isSafeUpdate(update)).toBe(false);
		expect(isSafeUpdate(deleteUpdate(7, 3, 2))).toBe(true);
	});

	it('refuses an item whose origin is its own client’s same or later clock', () => {
		// Harmless on an empty doc (it just waits), but it crashes Yjs on a doc that has client 5's
		// earlier items: Yjs trusts same-client references to point back.
		const doc = docWithItems(5, 3);
		const forward = itemUpdate(5, 3, { client: 5, clock: 10 });
		expect(() => Y.applyUpdate(new Y.Doc(), forward)).not.toThrow();
		expect(() => Y.applyUpdate(doc, forward)).toThrow();
		expect(isSafeUpdate(forward)).toBe(false);
		expect(isSafeUpdate(itemUpdate(5, 3, { client: 5, clock: 3 }))).toBe(false);
		expect(isSafeUpdate(itemUpdate(5, 3, { client: 5, clock: 2 }))).toBe(true);
	});
});

describe('hasUnmetDependencies', () => {
	it('is false for updates that build only on what the doc or the update itself has', () => {
		const doc = docWithItems(5, 3);
		expect(hasUnmetDependencies(doc, itemUpdate(5, 3, { client: 5, clock: 2 }))).toBe(false);
		expect(hasUnmetDependencies(doc, itemUpdate(9, 0, { client: 5, clock: 2 }))).toBe(false);
		expect(hasUnmetDependencies(doc, deleteUpdate(5, 0, 3))).toBe(false);
		// A whole doc's state, including deletions inside it, against an empty doc.
		const other = docWithItems(6, 4);
		other.getArray('a').delete(1, 2);
		expect(hasUnmetDependencies(new Y.Doc(), Y.encodeStateAsUpdate(other))).toBe(false);
	});

	it('is true for a gap in a client’s clocks, an origin the doc lacks, and a deletion of unknown items', () => {
		const doc = docWithItems(5, 3);
		expect(hasUnmetDependencies(doc, itemUpdate(5, 4, { client: 5, clock: 2 }))).toBe(true); // clock 3 missing
		expect(hasUnmetDependencies(doc, itemUpdate(9, 0, { client: 5, clock: 3 }))).toBe(true);
		expect(hasUnmetDependencies(doc, itemUpdate(9, 0, { client: 77, clock: 0 }))).toBe(true);
		expect(hasUnmetDependencies(doc, deleteUpdate(5, 2, 2))).toBe(true);
		expect(hasUnmetDependencies(doc, deleteUpdate(77, 0, 1))).toBe(true);
	});

	it('catches what the first-clock check missed: the applied doc keeps it pending, a reload shows it', () => {
		const doc = docWithItems(5, 3);
		const dependent = itemUpdate(9, 0, { client: 77, clock: 0 });
		expect(Y.parseUpdateMeta(dependent).from.get(9)).toBe(0); // passes a first-clock check
		Y.applyUpdate(doc, dependent);
		expect(doc.store.pendingStructs).not.toBeNull();
	});
});
