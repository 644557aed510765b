/** The collections of a board's Y.Doc (format v1) and its meta; shared by the entity modules. */
import * as Y from 'yjs';
import { SCHEMA_VERSION, type CollectionName } from './schema.js';

export type Entity = Y.Map<unknown>;

export function collection(doc: Y.Doc, name: CollectionName): Y.Map<unknown> {
	return doc.getMap(name);
}

/** An entity as a Y.Map, or null when a foreign client stored something else under the id. */
export function entity(doc: Y.Doc, name: CollectionName, id: string): Entity | null {
	const value = collection(doc, name).get(id);
	return value instanceof Y.Map ? (value as Entity) : null;
}

// ── meta ────────────────────────────────────────────────────────────────────

/** Written once by the server when a board is created, so every client sees the same meta. */
export function initBoardDoc(doc: Y.Doc, { title, createdAt }: { title: string; createdAt: number }): void {
	const meta = collection(doc, 'meta');
	doc.transact(() => {
		meta.set('schema', SCHEMA_VERSION);
		meta.set('title', title);
		meta.set('createdAt', createdAt);
		meta.set('locked', false);
	});
}

export function boardTitle(doc: Y.Doc): string {
	const title = collection(doc, 'meta').get('title');
	return typeof title === 'string' ? title : '';
}

/** Only `locked === true` locks: an invalid value written by a foreign client does not. */
export function isLocked(doc: Y.Doc): boolean {
	return collection(doc, 'meta').get('locked') === true;
}

// ── reading foreign values ──────────────────────────────────────────────────

/** A finite number, or the fallback when a client stored something else. */
export function numberOr(value: unknown, fallback: number): number {
	return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** A string, or the fallback when a client stored something else. */
export function stringOr(value: unknown, fallback: string): string {
	return typeof value === 'string' ? value : fallback;
}
