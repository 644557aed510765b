/** Sticky notes: free text on the notes canvas. */
import * as Y from 'yjs';
import { collection, entity, numberOr } from './doc.js';
import { newId } from './ids.js';
import { fieldIssues, type FieldIssue, type NoteColor } from './schema.js';

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
