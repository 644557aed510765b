/**
 * Restoring a named snapshot: make a live board's content equal to an earlier state of it with
 * ordinary Yjs edits, so the restore is one more change that everyone receives and that merges
 * with what others type meanwhile — history is never rewritten.
 *
 * What changes: every collection but `meta` (the title and the lock stay as they are now).
 * Entities missing now are re-created, entities added since are deleted, fields that differ are
 * set back, Y.Text contents get the smallest delete + insert that turns them into the old text,
 * Y.Arrays the smallest splice. Anything already equal is left alone: restoring an equal board
 * writes nothing at all.
 */
import * as Y from 'yjs';
import { boardFromJSON, type BoardExport } from './json.js';
import type { CollectionName } from './schema.js';

/** The collections a restore makes equal to the snapshot; `meta` is deliberately not one. */
export const RESTORED_COLLECTIONS = ['stakeholders', 'relations', 'actions', 'notes', 'votes'] as const satisfies readonly CollectionName[];

/**
 * Makes `target`'s restored collections equal to `source`'s, in one transaction with `origin`.
 * `source` is a board doc or its JSON export (boardToJSON); with JSON, text and array fields are
 * typed by the board schema, as an import does. `source` is only read.
 */
export function restoreBoard(target: Y.Doc, source: Y.Doc | BoardExport, origin: unknown = null): void {
	const from = source instanceof Y.Doc ? source : boardFromJSON(source);
	try {
		target.transact(() => {
			for (const name of RESTORED_COLLECTIONS) syncMap(target.getMap(name), from.getMap(name));
		}, origin);
	} finally {
		if (from !== source) from.destroy();
	}
}

function syncMap(target: Y.Map<unknown>, source: Y.Map<unknown>): void {
	for (const key of [...target.keys()]) if (!source.has(key)) target.delete(key);
	for (const [key, value] of source.entries()) syncValue(target, key, value);
}

function syncValue(parent: Y.Map<unknown>, key: string, value: unknown): void {
	const current = parent.get(key);
	if (value instanceof Y.Map) {
		if (current instanceof Y.Map) syncMap(current, value);
		else parent.set(key, value.clone());
	} else if (value instanceof Y.Text) {
		if (current instanceof Y.Text) syncText(current, value.toString());
		else parent.set(key, new Y.Text(value.toString()));
	} else if (value instanceof Y.Array) {
		if (current instanceof Y.Array) syncArray(current, value);
		else parent.set(key, value.clone());
	} else if (value instanceof Y.AbstractType) {
		// Another shared type (XML from a foreign client): replaced unless its content is equal.
		if (!(current instanceof Y.AbstractType) || !sameJSON(current.toJSON(), value.toJSON())) parent.set(key, value.clone());
	} else if (!parent.has(key) || current instanceof Y.AbstractType || !sameJSON(current, value)) {
		parent.set(key, value);
	}
}

/** The smallest single splice that turns `text` into `wanted` (common start and end kept). */
export function syncText(text: Y.Text, wanted: string): void {
	const now = text.toString();
	if (now === wanted) return;
	const { start, removed, inserted } = splice(now.length, wanted.length, (i, j) => now.charCodeAt(i) === wanted.charCodeAt(j));
	// Never cut a surrogate pair in two: move the splice to whole characters.
	let s = start;
	if (s > 0 && isHighSurrogate(now.charCodeAt(s - 1))) s--;
	let endNow = start + removed;
	let endWanted = start + inserted;
	if (endNow < now.length && isLowSurrogate(now.charCodeAt(endNow))) {
		endNow++;
		endWanted++;
	}
	if (endNow > s) text.delete(s, endNow - s);
	if (endWanted > s) text.insert(s, wanted.slice(s, endWanted));
}

function syncArray(array: Y.Array<unknown>, source: Y.Array<unknown>): void {
	const now = array.toArray().map(jsonOf);
	const wanted = source.toArray();
	const wantedJSON = wanted.map(jsonOf);
	if (now.length === wanted.length && now.every((item, i) => item === wantedJSON[i])) return;
	const { start, removed, inserted } = splice(now.length, wanted.length, (i, j) => now[i] === wantedJSON[j]);
	if (removed > 0) array.delete(start, removed);
	if (inserted > 0) array.insert(start, wanted.slice(start, start + inserted).map((item) => (item instanceof Y.AbstractType ? item.clone() : item)));
}

/** Common prefix and suffix of two sequences; what lies between is removed from one and inserted from the other. */
function splice(lengthNow: number, lengthWanted: number, same: (i: number, j: number) => boolean) {
	let start = 0;
	const shortest = Math.min(lengthNow, lengthWanted);
	while (start < shortest && same(start, start)) start++;
	let end = 0;
	while (end < shortest - start && same(lengthNow - 1 - end, lengthWanted - 1 - end)) end++;
	return { start, removed: lengthNow - start - end, inserted: lengthWanted - start - end };
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

function jsonOf(value: unknown): string {
	return JSON.stringify(value instanceof Y.AbstractType ? value.toJSON() : value) ?? 'undefined';
}

/** Deep equality of plain JSON-like values, key order ignored. */
function sameJSON(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
		return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
	}
	if (a instanceof Uint8Array || b instanceof Uint8Array) {
		return a instanceof Uint8Array && b instanceof Uint8Array && a.length === b.length && a.every((byte, i) => byte === b[i]);
	}
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((item, i) => sameJSON(item, (b as unknown[])[i]));
	const ka = Object.keys(a as object);
	const kb = Object.keys(b as object);
	if (ka.length !== kb.length) return false;
	return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJSON((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
