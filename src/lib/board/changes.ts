/**
 * What changed between two states of a board, entity by entity and field by field: the base of
 * the "changes since…" view. Both states are whole Y.Docs (the older one from a server checkpoint),
 * compared as plain JSON, so the answer does not depend on anyone having kept a log.
 */
import * as Y from 'yjs';
import type { CollectionName } from './schema.js';

export const COMPARED = ['actions', 'stakeholders', 'relations'] as const;
export type ComparedCollection = (typeof COMPARED)[number] & CollectionName;

export interface CollectionChanges {
	/** Ids that exist now and did not then. */
	added: string[];
	/** Entities that existed then and do not now, as they were. */
	removed: Array<{ id: string; before: Record<string, unknown> }>;
	/** Per id, the fields that differ, each with its value then (undefined: the field is new). */
	changed: Record<string, Record<string, unknown>>;
}

export type BoardChanges = Record<ComparedCollection, CollectionChanges>;

const asRecord = (value: unknown): Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : { '*': value };

export function diffCollection(before: Record<string, unknown>, after: Record<string, unknown>): CollectionChanges {
	const changes: CollectionChanges = { added: [], removed: [], changed: {} };
	for (const [id, now] of Object.entries(after)) {
		if (!(id in before)) {
			changes.added.push(id);
			continue;
		}
		const then = asRecord(before[id]);
		const current = asRecord(now);
		const fields: Record<string, unknown> = {};
		for (const field of new Set([...Object.keys(then), ...Object.keys(current)])) {
			if (JSON.stringify(then[field]) !== JSON.stringify(current[field])) fields[field] = then[field];
		}
		if (Object.keys(fields).length > 0) changes.changed[id] = fields;
	}
	for (const [id, then] of Object.entries(before)) if (!(id in after)) changes.removed.push({ id, before: asRecord(then) });
	return changes;
}

export function diffBoards(before: Y.Doc, after: Y.Doc): BoardChanges {
	return Object.fromEntries(
		COMPARED.map((name) => [name, diffCollection(before.getMap(name).toJSON(), after.getMap(name).toJSON())])
	) as BoardChanges;
}

/** How many things changed (added, removed or edited entities) in one collection. */
export function changeCount(changes: CollectionChanges): number {
	return changes.added.length + changes.removed.length + Object.keys(changes.changed).length;
}
