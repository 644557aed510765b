/**
 * Stakeholders and the relations between them: the pentahelix map. Reading never throws on
 * foreign data (values outside the schema come back flagged in `issues`, with the stored value in
 * `raw`); writing keeps the invariants in one transaction each.
 */
import * as v from 'valibot';
import * as Y from 'yjs';
import { collection, entity, numberOr, stringOr } from './doc.js';
import { newId } from './ids.js';
import {
	ATTITUDES,
	CANVAS_LIMIT,
	fieldIssues,
	HELIXES,
	RELATION_KINDS,
	type Attitude,
	type FieldIssue,
	type Helix,
	type RelationKind
} from './schema.js';
import { arrangeInSector } from './sectors.js';

// ── stakeholders ────────────────────────────────────────────────────────────

export interface StakeholderFields {
	name: string;
	helix: Helix;
	organization?: string;
	role?: string;
	power?: number;
	interest?: number;
	attitude?: Attitude;
	x?: number;
	y?: number;
}

/** The plain-valued fields a client may set (notes is a Y.Text and is edited in place). */
export type StakeholderPatch = Partial<Omit<StakeholderFields, 'x' | 'y'>>;

export interface StakeholderView {
	id: string;
	name: string;
	/** null when the stored value is not one of the five helixes. */
	helix: Helix | null;
	organization: string;
	role: string;
	/** 0–100 for display; null when the stored value is not a number. */
	power: number | null;
	interest: number | null;
	attitude: Attitude | null;
	x: number;
	y: number;
	notes: Y.Text | null;
	issues: FieldIssue[];
	/** Stored values of the fields listed in `issues`, so a view can show them as typed. */
	raw: Record<string, unknown>;
}

const percentOrNull = (value: unknown): number | null =>
	typeof value === 'number' && Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : null;

function pick<T extends string>(allowed: readonly T[], value: unknown): T | null {
	return allowed.includes(value as T) ? (value as T) : null;
}

function issuesWithRaw(issues: FieldIssue[], plain: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(issues.filter((issue) => issue.field in plain).map((issue) => [issue.field, plain[issue.field]]));
}

export function readStakeholder(doc: Y.Doc, id: string): StakeholderView | null {
	const stored = collection(doc, 'stakeholders').get(id);
	if (stored === undefined) return null;
	if (!(stored instanceof Y.Map)) {
		return {
			id, name: '', helix: null, organization: '', role: '', power: null, interest: null, attitude: null,
			x: 0, y: 0, notes: null, issues: [{ field: '*', message: 'not an object' }], raw: { '*': stored }
		};
	}
	const plain: Record<string, unknown> = Object.fromEntries(stored.entries());
	const issues = fieldIssues('stakeholders', plain);
	const notes = plain.notes;
	if ('notes' in plain && !(notes instanceof Y.Text)) issues.push({ field: 'notes', message: 'not a text' });
	return {
		id,
		name: stringOr(plain.name, ''),
		helix: pick(HELIXES, plain.helix),
		organization: stringOr(plain.organization, ''),
		role: stringOr(plain.role, ''),
		power: percentOrNull(plain.power),
		interest: percentOrNull(plain.interest),
		attitude: pick(ATTITUDES, plain.attitude),
		x: numberOr(plain.x, 0),
		y: numberOr(plain.y, 0),
		notes: notes instanceof Y.Text ? notes : null,
		issues,
		raw: issuesWithRaw(issues, plain)
	};
}

export function readStakeholders(doc: Y.Doc): StakeholderView[] {
	const views: StakeholderView[] = [];
	for (const id of collection(doc, 'stakeholders').keys()) {
		const view = readStakeholder(doc, id);
		if (view) views.push(view);
	}
	return views;
}

export function addStakeholder(doc: Y.Doc, fields: StakeholderFields, origin?: unknown): string {
	const id = newId();
	doc.transact(() => {
		const item = new Y.Map<unknown>();
		item.set('name', fields.name);
		item.set('helix', fields.helix);
		item.set('organization', fields.organization ?? '');
		item.set('role', fields.role ?? '');
		item.set('power', fields.power ?? 50);
		item.set('interest', fields.interest ?? 50);
		item.set('attitude', fields.attitude ?? 'neutral');
		item.set('x', Math.round(fields.x ?? 0));
		item.set('y', Math.round(fields.y ?? 0));
		item.set('notes', new Y.Text());
		collection(doc, 'stakeholders').set(id, item);
	}, origin);
	return id;
}

/** Sets the given fields; unchanged values are not written (no history for a no-op). */
export function updateStakeholder(doc: Y.Doc, id: string, patch: StakeholderPatch, origin?: unknown): void {
	const item = entity(doc, 'stakeholders', id);
	if (!item) return;
	doc.transact(() => {
		for (const [field, value] of Object.entries(patch)) {
			if (value !== undefined && item.get(field) !== value) item.set(field, value);
		}
	}, origin);
}

/** Positions are written once per gesture, on drop, for every moved card in one transaction. */
export function moveStakeholders(doc: Y.Doc, positions: { id: string; x: number; y: number }[], origin?: unknown): void {
	doc.transact(() => {
		for (const { id, x, y } of positions) {
			const item = entity(doc, 'stakeholders', id);
			if (!item) continue;
			const [rx, ry] = [Math.round(x), Math.round(y)];
			if (item.get('x') !== rx) item.set('x', rx);
			if (item.get('y') !== ry) item.set('y', ry);
		}
	}, origin);
}

/**
 * Deletes stakeholders and everything that points at them, in one transaction so no client ever
 * sees a relation to nothing or an action owned by nobody-that-exists: their relations, their
 * votes, and their place as owner or partner of actions.
 */
export function deleteStakeholders(doc: Y.Doc, ids: Iterable<string>, origin?: unknown): void {
	const gone = new Set(ids);
	if (gone.size === 0) return;
	doc.transact(() => {
		const stakeholders = collection(doc, 'stakeholders');
		const votes = collection(doc, 'votes');
		for (const id of gone) {
			stakeholders.delete(id);
			votes.delete(id);
		}
		const relations = collection(doc, 'relations');
		for (const [relationId, relation] of relations.entries()) {
			if (relation instanceof Y.Map && (gone.has(relation.get('from') as string) || gone.has(relation.get('to') as string))) {
				relations.delete(relationId);
				votes.delete(relationId);
			}
		}
		for (const action of collection(doc, 'actions').values()) {
			if (!(action instanceof Y.Map)) continue;
			if (gone.has(action.get('owner') as string)) action.set('owner', null);
			const partners = action.get('partners');
			if (partners instanceof Y.Array) {
				// Delete from the end so earlier indexes stay valid.
				for (let i = partners.length - 1; i >= 0; i--) if (gone.has(partners.get(i) as string)) partners.delete(i, 1);
			}
		}
	}, origin);
}

export function deleteStakeholder(doc: Y.Doc, id: string, origin?: unknown): void {
	deleteStakeholders(doc, [id], origin);
}

/**
 * Lays every stakeholder with a valid helix into its sector (see sectors.ts), in one transaction:
 * one undo step. Cards keep their order by name within a sector; invalid helixes stay put.
 */
export function arrangeByHelix(doc: Y.Doc, origin?: unknown): void {
	const byHelix = new Map<Helix, StakeholderView[]>();
	for (const view of readStakeholders(doc)) {
		if (!view.helix) continue;
		const list = byHelix.get(view.helix) ?? [];
		list.push(view);
		byHelix.set(view.helix, list);
	}
	const positions: { id: string; x: number; y: number }[] = [];
	for (const [helix, views] of byHelix) {
		views.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
		const slots = arrangeInSector(helix, views.length);
		views.forEach((view, i) => positions.push({ id: view.id, ...slots[i] }));
	}
	moveStakeholders(doc, positions, origin);
}

// ── relations ───────────────────────────────────────────────────────────────

export interface RelationView {
	id: string;
	/** null when the stored value is not an id. */
	from: string | null;
	to: string | null;
	kind: RelationKind | null;
	label: string;
	issues: FieldIssue[];
	raw: Record<string, unknown>;
}

export type RelationPatch = Partial<{ kind: RelationKind; label: string }>;

export function readRelation(doc: Y.Doc, id: string): RelationView | null {
	const stored = collection(doc, 'relations').get(id);
	if (stored === undefined) return null;
	if (!(stored instanceof Y.Map)) {
		return { id, from: null, to: null, kind: null, label: '', issues: [{ field: '*', message: 'not an object' }], raw: { '*': stored } };
	}
	const plain: Record<string, unknown> = Object.fromEntries(stored.entries());
	const issues = fieldIssues('relations', plain);
	const validId = (field: 'from' | 'to') =>
		typeof plain[field] === 'string' && !issues.some((issue) => issue.field === field) ? (plain[field] as string) : null;
	return {
		id,
		from: validId('from'),
		to: validId('to'),
		kind: pick(RELATION_KINDS, plain.kind),
		label: stringOr(plain.label, ''),
		issues,
		raw: issuesWithRaw(issues, plain)
	};
}

export function readRelations(doc: Y.Doc): RelationView[] {
	const views: RelationView[] = [];
	for (const id of collection(doc, 'relations').keys()) {
		const view = readRelation(doc, id);
		if (view) views.push(view);
	}
	return views;
}

export function addRelation(
	doc: Y.Doc,
	fields: { from: string; to: string; kind: RelationKind; label?: string },
	origin?: unknown
): string {
	if (fields.from === fields.to) throw new Error('a relation links two different stakeholders');
	if (!entity(doc, 'stakeholders', fields.from) || !entity(doc, 'stakeholders', fields.to)) {
		throw new Error('a relation links existing stakeholders');
	}
	const id = newId();
	doc.transact(() => {
		const item = new Y.Map<unknown>();
		item.set('from', fields.from);
		item.set('to', fields.to);
		item.set('kind', fields.kind);
		item.set('label', fields.label ?? '');
		collection(doc, 'relations').set(id, item);
	}, origin);
	return id;
}

export function updateRelation(doc: Y.Doc, id: string, patch: RelationPatch, origin?: unknown): void {
	const item = entity(doc, 'relations', id);
	if (!item) return;
	doc.transact(() => {
		for (const [field, value] of Object.entries(patch)) {
			if (value !== undefined && item.get(field) !== value) item.set(field, value);
		}
	}, origin);
}

export function deleteRelations(doc: Y.Doc, ids: Iterable<string>, origin?: unknown): void {
	doc.transact(() => {
		for (const id of ids) {
			collection(doc, 'relations').delete(id);
			collection(doc, 'votes').delete(id);
		}
	}, origin);
}

// ── copy and paste ──────────────────────────────────────────────────────────

/**
 * What copy puts on the clipboard (as JSON text), so cards can be pasted into another board, in
 * another tab or browser. Fields travel as plain JSON (notes as a string), unknown keys included.
 */
export interface BoardClip {
	format: 'helixboard-clip';
	version: 1;
	stakeholders: { id: string; fields: Record<string, unknown> }[];
	/** Only relations between copied stakeholders; from/to are ids inside the clip. */
	relations: { fields: Record<string, unknown> }[];
}

export const CLIP_LIMITS = { stakeholders: 2_000, relations: 10_000, bytes: 4_000_000 } as const;

const clipFields = v.record(v.string(), v.unknown());
const ClipSchema = v.object({
	format: v.literal('helixboard-clip'),
	version: v.literal(1),
	stakeholders: v.pipe(v.array(v.object({ id: v.string(), fields: clipFields })), v.maxLength(CLIP_LIMITS.stakeholders)),
	relations: v.pipe(v.array(v.object({ fields: clipFields })), v.maxLength(CLIP_LIMITS.relations))
});

export function copyStakeholders(doc: Y.Doc, ids: Iterable<string>): BoardClip {
	const chosen = new Set<string>();
	const clip: BoardClip = { format: 'helixboard-clip', version: 1, stakeholders: [], relations: [] };
	for (const id of ids) {
		const item = entity(doc, 'stakeholders', id);
		if (!item || chosen.has(id)) continue;
		chosen.add(id);
		clip.stakeholders.push({ id, fields: item.toJSON() });
	}
	for (const relation of collection(doc, 'relations').values()) {
		if (!(relation instanceof Y.Map)) continue;
		const fields = relation.toJSON();
		if (chosen.has(fields.from) && chosen.has(fields.to)) clip.relations.push({ fields });
	}
	return clip;
}

/** A clip from clipboard text, or null when the text is not one (any other text is ignored). */
export function parseClip(text: string): BoardClip | null {
	if (text.length > CLIP_LIMITS.bytes || !text.includes('helixboard-clip')) return null;
	try {
		const result = v.safeParse(ClipSchema, JSON.parse(text));
		return result.success ? (result.output as BoardClip) : null;
	} catch {
		return null;
	}
}

/** Plain JSON back into Yjs values: strings under text fields become Y.Text again. */
function toStakeholderMap(fields: Record<string, unknown>, position: { x: number; y: number }): Y.Map<unknown> {
	// A Y.Map not yet in a doc cannot be read back (has/get see nothing), so nothing here reads it.
	const item = new Y.Map<unknown>();
	for (const [key, value] of Object.entries(fields)) {
		if (key !== 'notes' && key !== 'x' && key !== 'y' && value !== undefined) item.set(key, value);
	}
	item.set('notes', new Y.Text(typeof fields.notes === 'string' ? fields.notes : ''));
	// A foreign clip may carry any coordinates; pasted cards land inside the board's range.
	const clamp = (value: number) => Math.round(Math.min(CANVAS_LIMIT, Math.max(-CANVAS_LIMIT, value)));
	item.set('x', clamp(position.x));
	item.set('y', clamp(position.y));
	return item;
}

/**
 * Adds the clip's stakeholders with new ids (and the relations between them), shifted so the
 * clip's top-left card lands at `at`; in one transaction. Returns the new ids in clip order.
 */
export function pasteClip(doc: Y.Doc, clip: BoardClip, at: { x: number; y: number }, origin?: unknown): string[] {
	const corner = clipCorner(clip);
	const newIds = new Map<string, string>();
	doc.transact(() => {
		const stakeholders = collection(doc, 'stakeholders');
		for (const s of clip.stakeholders) {
			const id = newId();
			newIds.set(s.id, id);
			const position = { x: at.x + numberOr(s.fields.x, 0) - corner.x, y: at.y + numberOr(s.fields.y, 0) - corner.y };
			stakeholders.set(id, toStakeholderMap(s.fields, position));
		}
		const relations = collection(doc, 'relations');
		for (const { fields } of clip.relations) {
			const from = newIds.get(fields.from as string);
			const to = newIds.get(fields.to as string);
			if (!from || !to || from === to) continue;
			const item = new Y.Map<unknown>();
			for (const [key, value] of Object.entries(fields)) if (value !== undefined) item.set(key, value);
			item.set('from', from);
			item.set('to', to);
			relations.set(newId(), item);
		}
	}, origin);
	return [...newIds.values()];
}

/** The top-left corner of a clip's cards as copied, moved by `offset` on both axes. */
export function clipCorner(clip: BoardClip, offset = 0): { x: number; y: number } {
	const minX = Math.min(...clip.stakeholders.map((s) => numberOr(s.fields.x, 0)));
	const minY = Math.min(...clip.stakeholders.map((s) => numberOr(s.fields.y, 0)));
	return { x: minX + offset, y: minY + offset };
}

/** Copies of the given cards and their relations among them, offset a little; one transaction. */
export function duplicateStakeholders(doc: Y.Doc, ids: Iterable<string>, origin?: unknown): string[] {
	const clip = copyStakeholders(doc, ids);
	if (clip.stakeholders.length === 0) return [];
	return pasteClip(doc, clip, clipCorner(clip, 32), origin);
}
