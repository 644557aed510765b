/**
 * The JSON export format: the Y.Doc as plain JSON (Y.Text → string, Y.Array → array, Y.Map →
 * object) under an envelope. Importing an export gives an equal document; unknown keys survive.
 */
import * as v from 'valibot';
import * as Y from 'yjs';
import { ARRAY_FIELDS, COLLECTIONS, TEXT_FIELDS, type CollectionName } from './schema.js';

export const EXPORT_FORMAT = 'helixboard-board';
export const EXPORT_VERSION = 1;

export type BoardJSON = Record<CollectionName, Record<string, unknown>>;
export interface BoardExport {
	format: typeof EXPORT_FORMAT;
	version: typeof EXPORT_VERSION;
	board: BoardJSON;
}

export function boardToJSON(doc: Y.Doc): BoardExport {
	const board = Object.fromEntries(COLLECTIONS.map((name) => [name, doc.getMap(name).toJSON()])) as BoardJSON;
	return { format: EXPORT_FORMAT, version: EXPORT_VERSION, board };
}

/** A JSON object; valibot's record() would also take an array (and hand back an object). */
const JsonObject = v.custom<Record<string, unknown>>(
	(value) => typeof value === 'object' && value !== null && !Array.isArray(value),
	'must be an object'
);

const ExportSchema = v.object({
	format: v.literal(EXPORT_FORMAT),
	version: v.literal(EXPORT_VERSION),
	board: v.pipe(
		JsonObject,
		v.check((board) => Object.keys(board).every((key) => (COLLECTIONS as readonly string[]).includes(key)), 'unknown collection'),
		v.check((board) => Object.values(board).every((c) => typeof c === 'object' && c !== null && !Array.isArray(c)), 'each collection must be an object')
	)
});

/** Builds a new Y.Doc from an export; throws a valibot error naming the problem when it is not one. */
export function boardFromJSON(input: unknown): Y.Doc {
	const board = v.parse(ExportSchema, input).board as Partial<BoardJSON>;
	const doc = new Y.Doc();
	doc.transact(() => {
		for (const name of COLLECTIONS) {
			const source = board[name] ?? {};
			const target = doc.getMap(name);
			if (name === 'meta' || name === 'votes') {
				for (const [key, value] of Object.entries(source)) target.set(key, toYValue(value, name === 'votes'));
				continue;
			}
			for (const [id, value] of Object.entries(source)) target.set(id, entityToY(name, value));
		}
	});
	return doc;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Votes are nested maps (target → participant → count); other nested values stay plain JSON. */
function toYValue(value: unknown, nestedMap: boolean): unknown {
	if (nestedMap && isPlainObject(value)) return new Y.Map(Object.entries(value));
	return value;
}

function entityToY(name: CollectionName, value: unknown): unknown {
	if (!isPlainObject(value)) return value; // kept as written: invalid, shown as such
	const texts = TEXT_FIELDS[name] ?? [];
	const arrays = ARRAY_FIELDS[name] ?? [];
	const map = new Y.Map<unknown>();
	for (const [key, field] of Object.entries(value)) {
		if (texts.includes(key) && typeof field === 'string') map.set(key, new Y.Text(field));
		else if (arrays.includes(key) && Array.isArray(field)) map.set(key, Y.Array.from(field));
		else map.set(key, field);
	}
	return map;
}
