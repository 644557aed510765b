/**
 * Board document format, version 1 (see DESIGN.md). The format is public: exports, imports and
 * third-party Yjs clients rely on it, so these names never change meaning.
 */
import * as v from 'valibot';

export const SCHEMA_VERSION = 1;

export const HELIXES = ['government', 'business', 'academia', 'community', 'media'] as const;
export type Helix = (typeof HELIXES)[number];

export const ATTITUDES = ['champion', 'supporter', 'neutral', 'skeptic', 'blocker'] as const;
export type Attitude = (typeof ATTITUDES)[number];

export const RELATION_KINDS = ['collaboration', 'conflict', 'information', 'funding', 'authority'] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'blocked'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Top-level shared types of the Y.Doc; every one is a Y.Map. */
export const COLLECTIONS = ['meta', 'stakeholders', 'relations', 'actions', 'notes', 'votes'] as const;
export type CollectionName = (typeof COLLECTIONS)[number];

/** Keys whose value is a Y.Text, and keys whose value is a Y.Array, per entity collection. */
export const TEXT_FIELDS: Partial<Record<CollectionName, readonly string[]>> = {
	stakeholders: ['notes'],
	actions: ['description'],
	notes: ['text']
};
export const ARRAY_FIELDS: Partial<Record<CollectionName, readonly string[]>> = {
	actions: ['partners', 'updates']
};

export const NOTE_COLORS = ['yellow', 'pink', 'blue', 'green', 'purple', 'orange'] as const;
export type NoteColor = (typeof NOTE_COLORS)[number];

/** Canvas coordinates are finite numbers within a generous board area. */
export const CANVAS_LIMIT = 1_000_000;

const percent = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100));
const coordinate = v.pipe(v.number(), v.finite(), v.minValue(-CANVAS_LIMIT), v.maxValue(CANVAS_LIMIT));
const shortText = v.pipe(v.string(), v.maxLength(500));
const isoDate = v.pipe(v.string(), v.isoDate());
const nullableId = v.nullable(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/)));

/**
 * Field rules per collection. Used to flag invalid values for display: the model never drops or
 * rewrites what a client wrote, it reports it (DESIGN.md: shown as invalid and kept).
 */
export const FIELD_RULES = {
	meta: {
		schema: v.literal(SCHEMA_VERSION),
		title: shortText,
		createdAt: v.pipe(v.number(), v.integer(), v.minValue(0)),
		locked: v.boolean()
	},
	stakeholders: {
		name: shortText,
		helix: v.picklist(HELIXES),
		organization: shortText,
		role: shortText,
		power: percent,
		interest: percent,
		attitude: v.picklist(ATTITUDES),
		x: coordinate,
		y: coordinate
	},
	relations: {
		from: nullableId,
		to: nullableId,
		kind: v.picklist(RELATION_KINDS),
		label: shortText
	},
	actions: {
		title: shortText,
		owner: nullableId,
		start: v.nullable(isoDate),
		end: v.nullable(isoDate),
		indicator: shortText,
		target: shortText,
		budget: v.nullable(v.pipe(v.number(), v.finite(), v.minValue(0))),
		currency: v.pipe(v.string(), v.regex(/^[A-Z]{3}$/)),
		status: v.picklist(ACTION_STATUSES),
		progress: percent,
		order: v.string()
	},
	notes: {
		x: coordinate,
		y: coordinate,
		color: v.picklist(NOTE_COLORS),
		author: shortText
	}
} as const satisfies Partial<Record<CollectionName, Record<string, v.GenericSchema>>>;

export type FieldIssue = { field: string; message: string };

/** Checks the plain-valued fields of one entity; missing optional fields are not issues. */
export function fieldIssues(collection: keyof typeof FIELD_RULES, entity: Record<string, unknown>): FieldIssue[] {
	const issues: FieldIssue[] = [];
	for (const [field, rule] of Object.entries(FIELD_RULES[collection])) {
		if (!(field in entity)) continue;
		const result = v.safeParse(rule as v.GenericSchema, entity[field]);
		if (!result.success) issues.push({ field, message: result.issues[0].message });
	}
	return issues;
}
