/**
 * Typed access to a board's Y.Doc (format v1) and the helpers that keep its invariants. The app and
 * the server both write through these functions; nothing else touches the collections directly.
 */
import * as Y from 'yjs';
import { newId } from './ids.js';
import {
	fieldIssues,
	SCHEMA_VERSION,
	type Attitude,
	type CollectionName,
	type FieldIssue,
	type Helix,
	type NoteColor,
	type RelationKind
} from './schema.js';

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

// ── notes ───────────────────────────────────────────────────────────────────

export interface NoteView {
	id: string;
	/** null when the stored value is not a Y.Text (a foreign client wrote something else). */
	text: Y.Text | null;
	x: number;
	y: number;
	color: string;
	author: string;
	issues: FieldIssue[];
}

function numberOr(value: unknown, fallback: number): number {
	return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function readNote(doc: Y.Doc, id: string): NoteView | null {
	const raw = collection(doc, 'notes').get(id);
	if (raw === undefined) return null;
	if (!(raw instanceof Y.Map)) {
		return { id, text: null, x: 0, y: 0, color: '', author: '', issues: [{ field: '*', message: 'not an object' }] };
	}
	const plain = Object.fromEntries(raw.entries());
	const issues = fieldIssues('notes', plain);
	const text = raw.get('text');
	if (!(text instanceof Y.Text)) issues.push({ field: 'text', message: 'not a text' });
	return {
		id,
		text: text instanceof Y.Text ? text : null,
		x: numberOr(plain.x, 0),
		y: numberOr(plain.y, 0),
		color: typeof plain.color === 'string' ? plain.color : '',
		author: typeof plain.author === 'string' ? plain.author : '',
		issues
	};
}

export function readNotes(doc: Y.Doc): NoteView[] {
	const notes: NoteView[] = [];
	for (const id of collection(doc, 'notes').keys()) {
		const note = readNote(doc, id);
		if (note) notes.push(note);
	}
	return notes;
}

export function addNote(
	doc: Y.Doc,
	fields: { x: number; y: number; color: NoteColor; author: string; text?: string },
	origin?: unknown
): string {
	const id = newId();
	doc.transact(() => {
		const note = new Y.Map<unknown>();
		note.set('text', new Y.Text(fields.text ?? ''));
		note.set('x', Math.round(fields.x));
		note.set('y', Math.round(fields.y));
		note.set('color', fields.color);
		note.set('author', fields.author);
		collection(doc, 'notes').set(id, note);
	}, origin);
	return id;
}

/** Positions are written once, on drop (in-progress drags travel through awareness). */
export function moveNote(doc: Y.Doc, id: string, x: number, y: number, origin?: unknown): void {
	const note = entity(doc, 'notes', id);
	if (!note) return;
	doc.transact(() => {
		note.set('x', Math.round(x));
		note.set('y', Math.round(y));
	}, origin);
}

export function setNoteColor(doc: Y.Doc, id: string, color: NoteColor, origin?: unknown): void {
	const note = entity(doc, 'notes', id);
	if (note) doc.transact(() => note.set('color', color), origin);
}

export function deleteNote(doc: Y.Doc, id: string, origin?: unknown): void {
	doc.transact(() => {
		collection(doc, 'notes').delete(id);
		collection(doc, 'votes').delete(id);
	}, origin);
}

// ── stakeholders, relations, actions ────────────────────────────────────────

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
		item.set('x', fields.x ?? 0);
		item.set('y', fields.y ?? 0);
		item.set('notes', new Y.Text());
		collection(doc, 'stakeholders').set(id, item);
	}, origin);
	return id;
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

export function addAction(
	doc: Y.Doc,
	fields: { title: string; owner?: string | null; partners?: string[]; order: string },
	origin?: unknown
): string {
	const id = newId();
	doc.transact(() => {
		const item = new Y.Map<unknown>();
		item.set('title', fields.title);
		item.set('description', new Y.Text());
		item.set('owner', fields.owner ?? null);
		item.set('partners', Y.Array.from(fields.partners ?? []));
		item.set('start', null);
		item.set('end', null);
		item.set('indicator', '');
		item.set('target', '');
		item.set('budget', null);
		item.set('currency', 'IDR');
		item.set('status', 'planned');
		item.set('progress', 0);
		item.set('order', fields.order);
		collection(doc, 'actions').set(id, item);
	}, origin);
	return id;
}

/**
 * Deletes a stakeholder and everything that points at it, in one transaction so no client ever
 * sees a relation to nothing or an action owned by nobody-that-exists: its relations, its votes,
 * and its place as owner or partner of actions.
 */
export function deleteStakeholder(doc: Y.Doc, id: string, origin?: unknown): void {
	doc.transact(() => {
		collection(doc, 'stakeholders').delete(id);
		collection(doc, 'votes').delete(id);
		const relations = collection(doc, 'relations');
		for (const [relationId, relation] of relations.entries()) {
			if (relation instanceof Y.Map && (relation.get('from') === id || relation.get('to') === id)) {
				relations.delete(relationId);
			}
		}
		for (const action of collection(doc, 'actions').values()) {
			if (!(action instanceof Y.Map)) continue;
			if (action.get('owner') === id) action.set('owner', null);
			const partners = action.get('partners');
			if (partners instanceof Y.Array) {
				// Delete from the end so earlier indexes stay valid.
				for (let i = partners.length - 1; i >= 0; i--) if (partners.get(i) === id) partners.delete(i, 1);
			}
		}
	}, origin);
}
