/**
 * The JSON export format: the Y.Doc as plain JSON (Y.Text → string, Y.Array → array, Y.Map →
 * object) under an envelope. Importing an export gives an equal document; unknown keys survive.
 *
 * Importing a file (issue 8) first checks it with checkBoardExport, which lists every problem that
 * refuses the file (each with a code and params for the UI's catalog, a path such as
 * `board.stakeholders.abc`, and an English message for the API) and, apart, the field values that
 * break the board schema: those are warnings, never refusals — the format keeps them and the views
 * show them as invalid (DESIGN.md).
 */
import * as v from 'valibot';
import * as Y from 'yjs';
import { isId } from './ids.js';
import { ARRAY_FIELDS, COLLECTIONS, fieldIssues, SCHEMA_VERSION, TEXT_FIELDS, type CollectionName } from './schema.js';

export const EXPORT_FORMAT = 'helixboard-board';
export const EXPORT_VERSION = 1;
/** Export versions this code imports. */
export const SUPPORTED_EXPORT_VERSIONS: readonly number[] = [EXPORT_VERSION];
/** `meta.schema` values this code imports (a missing one is taken as the current). */
export const SUPPORTED_SCHEMAS: readonly number[] = [SCHEMA_VERSION];

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

/**
 * Builds a new Y.Doc from an export; throws a valibot error naming the problem when it is not one
 * (no envelope, another format or version, a board or collection that is not an object). Entities
 * are taken as written, invalid ones included: a live board may hold them (a foreign client wrote
 * them) and a snapshot of it must restore. An import of a user's file checks it with
 * checkBoardExport first, which is stricter.
 */
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

// ── checking a file before importing it ─────────────────────────────────────

/** What refuses a file. Each has a message in the UI catalog (import_board_problem_*). */
export type ImportProblemCode =
	| 'not-json'
	| 'not-an-object'
	| 'wrong-format'
	| 'unsupported-version'
	| 'board-not-object'
	| 'unknown-collection'
	| 'collection-not-object'
	| 'bad-id'
	| 'entity-not-object'
	| 'unsupported-schema'
	| 'too-deep';

/** Values kept as written and shown as invalid on the board (import_board_warning_*). */
export type ImportWarningCode = 'invalid-value' | 'not-text' | 'not-array' | 'missing-stakeholder';

export interface ImportIssue<Code extends string> {
	code: Code;
	/** Where in the file: `format`, `board.stakeholders.abc`, `board.actions.xyz.partners.2`; '' for the whole file. */
	path: string;
	/** What the message shows besides the path; user content (a value, an id) is shortened. */
	params: Record<string, string>;
	/** English, as the API answers: `<path>: <what is wrong>`. */
	message: string;
}
export type ImportProblem = ImportIssue<ImportProblemCode>;
export type ImportWarning = ImportIssue<ImportWarningCode>;

export interface ImportCounts {
	stakeholders: number;
	relations: number;
	actions: number;
	notes: number;
	/** Targets with votes (dropped by an import into a workshop). */
	votes: number;
}

export interface ImportCheck {
	/** No problem: the file can be imported (warnings or not). */
	ok: boolean;
	/** The first MAX_LISTED_PROBLEMS problems, in file order; problemCount counts them all. */
	problems: ImportProblem[];
	problemCount: number;
	/** The first MAX_LISTED_WARNINGS warnings; warningCount counts them all. */
	warnings: ImportWarning[];
	warningCount: number;
	counts: ImportCounts;
	/** `board.meta.title` when it is a non-empty string (trimmed), else null. */
	title: string | null;
	/** The input as an export, when ok. */
	export: BoardExport | null;
}

export const MAX_LISTED_PROBLEMS = 50;
/**
 * Deepest nesting of arrays and objects taken inside one entity (or one meta value, or one
 * target's votes). The board format nests at most 3 deep (an action's progress updates); a file
 * nesting thousands deep would overflow the stack of whoever encodes or renders it.
 */
export const MAX_NESTING = 32;
export const MAX_LISTED_WARNINGS = 10;
const MAX_VALUE_CHARS = 40;

/** A value as a user reads it in a message: JSON, shortened. */
function shown(value: unknown): string {
	let text: string;
	try {
		text = value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value));
	} catch {
		// Nested too deep to write out (its own problem).
		text = Array.isArray(value) ? '[…]' : typeof value === 'object' && value !== null ? '{…}' : typeof value;
	}
	return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** Whether arrays and objects nest deeper than `limit` in `value`; without recursion, for that reason. */
function nestsDeeperThan(value: unknown, limit: number): boolean {
	const stack: Array<[unknown, number]> = [[value, 0]];
	while (stack.length > 0) {
		const [item, depth] = stack.pop()!;
		if (typeof item !== 'object' || item === null) continue;
		if (depth >= limit) return true;
		for (const child of Object.values(item)) stack.push([child, depth + 1]);
	}
	return false;
}

/** `board.stakeholders.abc`, or `board.stakeholders["a b"]` for a key that is not a plain name (or is a long one, shortened). */
export function issuePath(parts: readonly (string | number)[]): string {
	let path = '';
	for (const part of parts) {
		if (typeof part === 'number' || /^[A-Za-z0-9_$-]{1,64}$/.test(part)) path += path ? `.${part}` : String(part);
		else path += `[${shown(part)}]`;
	}
	return path;
}

const list = (items: readonly (string | number)[]) => items.join(', ');

/** English text per code; the UI has its own per language. */
const PROBLEM_TEXT: Record<ImportProblemCode, (p: Record<string, string>) => string> = {
	'not-json': (p) => `the file is not JSON (${p.detail})`,
	'not-an-object': () => `must be an object { "format": "${EXPORT_FORMAT}", "version", "board" }`,
	'wrong-format': (p) => `must be "${EXPORT_FORMAT}" (found ${p.found}): not a Helixboard board export`,
	'unsupported-version': (p) => `${p.found} is not supported; supported versions: ${p.supported}`,
	'board-not-object': (p) => `must be an object of collections (found ${p.found})`,
	'unknown-collection': (p) => `not a collection of the board format (known: ${p.known})`,
	'collection-not-object': (p) => `must be an object of entities by id (found ${p.found})`,
	'bad-id': () => 'not a URL-safe id (8–64 letters, digits, - or _)',
	'entity-not-object': (p) => `must be an object (found ${p.found})`,
	'unsupported-schema': (p) => `${p.found} is not supported; supported schemas: ${p.supported}`,
	'too-deep': (p) => `nests lists or objects more than ${p.limit} deep`
};

const WARNING_TEXT: Record<ImportWarningCode, (p: Record<string, string>) => string> = {
	'invalid-value': (p) => `${p.value} breaks the board schema (${p.reason}); kept and shown as invalid`,
	'not-text': (p) => `should be text, found ${p.value}; kept as written`,
	'not-array': (p) => `should be a list, found ${p.value}; kept as written`,
	'missing-stakeholder': (p) => `names stakeholder ${p.id}, which is not in the file`
};

function issue<Code extends string>(texts: Record<Code, (p: Record<string, string>) => string>, code: Code, parts: readonly (string | number)[], params: Record<string, string> = {}): ImportIssue<Code> {
	const path = issuePath(parts);
	const text = texts[code](params);
	return { code, path, params, message: path ? `${path}: ${text}` : text };
}

/** Entity collections: objects of entities by id. */
const ENTITY_COLLECTIONS = ['stakeholders', 'relations', 'actions', 'notes'] as const;
type EntityCollection = (typeof ENTITY_COLLECTIONS)[number];

/** Parses a file's text and checks it (checkBoardExport); text that is not JSON is one problem. */
export function checkBoardExportText(text: string): ImportCheck {
	let input: unknown;
	try {
		input = JSON.parse(text);
	} catch (error) {
		const detail = error instanceof Error ? error.message : String(error);
		return { ...emptyCheck(), ok: false, problems: [issue(PROBLEM_TEXT, 'not-json', [], { detail })], problemCount: 1 };
	}
	return checkBoardExport(input);
}

function emptyCheck(): ImportCheck {
	return {
		ok: true,
		problems: [],
		problemCount: 0,
		warnings: [],
		warningCount: 0,
		counts: { stakeholders: 0, relations: 0, actions: 0, notes: 0, votes: 0 },
		title: null,
		export: null
	};
}

/**
 * Checks a parsed file as an export to import: every problem (not just the first) and the values
 * that break the board schema, with counts of what it holds. Never throws; reads, never changes,
 * the input.
 */
export function checkBoardExport(input: unknown): ImportCheck {
	const check = emptyCheck();
	const problem = (code: ImportProblemCode, parts: readonly (string | number)[], params?: Record<string, string>) => {
		check.problemCount++;
		if (check.problems.length < MAX_LISTED_PROBLEMS) check.problems.push(issue(PROBLEM_TEXT, code, parts, params));
	};
	const warn = (code: ImportWarningCode, parts: readonly (string | number)[], params?: Record<string, string>) => {
		check.warningCount++;
		if (check.warnings.length < MAX_LISTED_WARNINGS) check.warnings.push(issue(WARNING_TEXT, code, parts, params));
	};
	const finish = () => ({ ...check, ok: check.problemCount === 0, export: check.problemCount === 0 ? (input as BoardExport) : null });

	if (!isPlainObject(input)) {
		problem('not-an-object', [], { found: shown(input) });
		return finish();
	}
	if (input.format !== EXPORT_FORMAT) problem('wrong-format', ['format'], { found: shown(input.format), expected: EXPORT_FORMAT });
	if (!SUPPORTED_EXPORT_VERSIONS.includes(input.version as number)) {
		problem('unsupported-version', ['version'], { found: shown(input.version), supported: list(SUPPORTED_EXPORT_VERSIONS) });
	}
	const board = input.board;
	if (!isPlainObject(board)) {
		problem('board-not-object', ['board'], { found: shown(board) });
		return finish();
	}
	for (const [name, value] of Object.entries(board)) {
		if (!(COLLECTIONS as readonly string[]).includes(name)) {
			problem('unknown-collection', ['board', name], { name: shown(name), known: list(COLLECTIONS) });
		} else if (!isPlainObject(value)) {
			problem('collection-not-object', ['board', name], { found: shown(value) });
		}
	}
	const collectionOf = (name: CollectionName): Record<string, unknown> => (isPlainObject(board[name]) ? board[name] : {});

	const meta = collectionOf('meta');
	for (const [key, value] of Object.entries(meta)) {
		if (nestsDeeperThan(value, MAX_NESTING)) problem('too-deep', ['board', 'meta', key], { limit: String(MAX_NESTING) });
	}
	if ('schema' in meta && !SUPPORTED_SCHEMAS.includes(meta.schema as number)) {
		problem('unsupported-schema', ['board', 'meta', 'schema'], { found: shown(meta.schema), supported: list(SUPPORTED_SCHEMAS) });
	}
	const stakeholderIds = new Set(Object.keys(collectionOf('stakeholders')));

	for (const name of ENTITY_COLLECTIONS) {
		const entities = collectionOf(name);
		check.counts[name] = Object.keys(entities).length;
		for (const [id, value] of Object.entries(entities)) {
			if (!isId(id)) problem('bad-id', ['board', name, id], { id: shown(id) });
			if (!isPlainObject(value)) {
				problem('entity-not-object', ['board', name, id], { found: shown(value) });
				continue;
			}
			if (nestsDeeperThan(value, MAX_NESTING)) {
				problem('too-deep', ['board', name, id], { limit: String(MAX_NESTING) });
				continue;
			}
			entityWarnings(name, id, value, stakeholderIds, warn);
		}
	}

	const votes = collectionOf('votes');
	check.counts.votes = Object.keys(votes).length;
	for (const [target, value] of Object.entries(votes)) {
		if (!isId(target)) problem('bad-id', ['board', 'votes', target], { id: shown(target) });
		if (!isPlainObject(value)) {
			problem('entity-not-object', ['board', 'votes', target], { found: shown(value) });
			continue;
		}
		if (nestsDeeperThan(value, MAX_NESTING)) {
			problem('too-deep', ['board', 'votes', target], { limit: String(MAX_NESTING) });
			continue;
		}
		for (const [participant, count] of Object.entries(value)) {
			if (!isId(participant)) problem('bad-id', ['board', 'votes', target, participant], { id: shown(participant) });
			else if (!(typeof count === 'number' && Number.isInteger(count) && count >= 0)) {
				warn('invalid-value', ['board', 'votes', target, participant], { value: shown(count), reason: 'a vote count is a whole number, 0 or more' });
			}
		}
	}

	// The schema is a problem above; the lock is the server's and never imported.
	for (const { field, message } of fieldIssues('meta', meta)) {
		if (field !== 'schema' && field !== 'locked') warn('invalid-value', ['board', 'meta', field], { value: shown(meta[field]), reason: message });
	}
	const title = meta.title;
	check.title = typeof title === 'string' && title.trim() !== '' ? title.trim() : null;
	return finish();
}

function entityWarnings(
	name: EntityCollection,
	id: string,
	entity: Record<string, unknown>,
	stakeholderIds: Set<string>,
	warn: (code: ImportWarningCode, parts: readonly (string | number)[], params?: Record<string, string>) => void
): void {
	for (const { field, message } of fieldIssues(name, entity)) {
		warn('invalid-value', ['board', name, id, field], { value: shown(entity[field]), reason: message });
	}
	for (const field of TEXT_FIELDS[name] ?? []) {
		if (field in entity && typeof entity[field] !== 'string') warn('not-text', ['board', name, id, field], { value: shown(entity[field]) });
	}
	for (const field of ARRAY_FIELDS[name] ?? []) {
		if (field in entity && !Array.isArray(entity[field])) warn('not-array', ['board', name, id, field], { value: shown(entity[field]) });
	}
	const references: Array<[readonly (string | number)[], unknown]> = [];
	if (name === 'relations') references.push([['from'], entity.from], [['to'], entity.to]);
	if (name === 'actions') {
		references.push([['owner'], entity.owner]);
		if (Array.isArray(entity.partners)) entity.partners.forEach((partner, i) => references.push([['partners', i], partner]));
	}
	for (const [parts, target] of references) {
		// Only well-formed ids that lead nowhere: a malformed one is already an invalid value.
		if (isId(target) && !stakeholderIds.has(target)) warn('missing-stakeholder', ['board', name, id, ...parts], { id: shown(target) });
	}
}

/** The problems as English lines for an answer, the last one "and N more" when some were left out. */
export function problemLines(check: Pick<ImportCheck, 'problems' | 'problemCount'>): string[] {
	const lines = check.problems.map((p) => p.message);
	const more = check.problemCount - check.problems.length;
	if (more > 0) lines.push(`and ${more} more`);
	return lines;
}

/** One line saying why a file is refused, for `{ error }`. */
export function problemSummary(check: Pick<ImportCheck, 'problemCount'>): string {
	const count = check.problemCount;
	return `this file cannot be imported as a board: ${count} ${count === 1 ? 'problem' : 'problems'}`;
}

/**
 * The document of a board imported into a workshop from a checked export: everything as in the
 * file, except that it is titled `title`, unlocked (the server owns the lock), and without votes
 * (they belong to the participants of the workshop that cast them). A file without `meta.schema`
 * or `meta.createdAt` gets the current schema and `now`.
 */
export function importedBoard(exported: BoardExport, { title, now }: { title: string; now: number }): Y.Doc {
	const meta: Record<string, unknown> = { ...(exported.board.meta ?? {}) };
	meta.schema ??= SCHEMA_VERSION;
	meta.createdAt ??= now;
	meta.title = title;
	meta.locked = false;
	return boardFromJSON({ ...exported, board: { ...exported.board, meta, votes: {} } });
}
