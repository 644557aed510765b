/**
 * The plan table's rules without the DOM, so they are tested on their own: which cell becomes
 * active on a key, which keys start editing (and with what text), where a dragged row lands, and
 * how typed text becomes a stored value. Stored values follow DESIGN.md: what a person types is
 * kept even when it breaks the schema (it is flagged, never dropped), so the parsers never refuse.
 */
// Relative imports with no UI runtime behind them: this module is unit-tested without SvelteKit.
import type { ActionPatch, ActionView } from '../../board/actions.js';
import { numberFormat } from '../../intl.js';

/** The editable columns, in table order (the handle and the row number come before them). */
export const FIELDS = ['title', 'description', 'owner', 'partners', 'start', 'end', 'indicator', 'target', 'budget', 'currency', 'status', 'progress'] as const;
export type Field = (typeof FIELDS)[number];

/** Columns before the first field (drag handle, row number): aria-colindex of a field is its index + this + 1. */
export const LEADING_COLUMNS = 2;

/** Fields edited as a line of text, where a typed character replaces the value (like a spreadsheet). */
export const TEXT_FIELDS: readonly Field[] = ['title', 'indicator', 'target', 'budget', 'currency', 'progress'];

/** Fields where a typed character opens the editor with it: text fields, the description and the pickers (as a filter). */
export const TYPE_TO_EDIT: readonly Field[] = [...TEXT_FIELDS, 'description', 'owner', 'partners'];

export interface CellPos {
	row: number;
	col: number;
}

export interface KeyLike {
	key: string;
	ctrlKey?: boolean;
	metaKey?: boolean;
	altKey?: boolean;
	shiftKey?: boolean;
	isComposing?: boolean;
}

const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(max, value));

/**
 * The cell a navigation key moves to (null: not a navigation key, or Tab leaving the row's end).
 * Arrows move one cell, Tab/Shift+Tab one cell along the row, Home/End to the row's ends,
 * Ctrl+Home/End to the table's corners, PageUp/PageDown by `page` rows.
 */
export function moveActive(pos: CellPos, event: KeyLike, rows: number, cols: number = FIELDS.length, page = 10): CellPos | null {
	if (rows === 0 || event.altKey) return null;
	const mod = !!(event.ctrlKey || event.metaKey);
	const lastRow = rows - 1;
	const lastCol = cols - 1;
	const at = { row: clamp(pos.row, 0, lastRow), col: clamp(pos.col, 0, lastCol) };
	switch (event.key) {
		case 'ArrowUp':
			return { row: mod ? 0 : Math.max(0, at.row - 1), col: at.col };
		case 'ArrowDown':
			return { row: mod ? lastRow : Math.min(lastRow, at.row + 1), col: at.col };
		case 'ArrowLeft':
			return { row: at.row, col: mod ? 0 : Math.max(0, at.col - 1) };
		case 'ArrowRight':
			return { row: at.row, col: mod ? lastCol : Math.min(lastCol, at.col + 1) };
		case 'Home':
			return mod ? { row: 0, col: 0 } : { row: at.row, col: 0 };
		case 'End':
			return mod ? { row: lastRow, col: lastCol } : { row: at.row, col: lastCol };
		case 'PageUp':
			return { row: Math.max(0, at.row - page), col: at.col };
		case 'PageDown':
			return { row: Math.min(lastRow, at.row + page), col: at.col };
		case 'Tab':
			// Like a spreadsheet, Tab walks the row; at its end the browser takes the focus on, out
			// of the table, so the grid never traps a keyboard user.
			if (mod) return null;
			if (event.shiftKey) return at.col > 0 ? { row: at.row, col: at.col - 1 } : null;
			return at.col < lastCol ? { row: at.row, col: at.col + 1 } : null;
		default:
			return null;
	}
}

/** How a finished edit leaves the cell: the next active cell, like a spreadsheet. */
export type EditExit = 'enter' | 'tab' | 'shift-tab' | 'stay';

export function afterEdit(pos: CellPos, exit: EditExit, rows: number, cols: number = FIELDS.length): CellPos {
	if (exit === 'enter') return { row: Math.min(rows - 1, pos.row + 1), col: pos.col };
	if (exit === 'tab') {
		if (pos.col < cols - 1) return { row: pos.row, col: pos.col + 1 };
		return pos.row < rows - 1 ? { row: pos.row + 1, col: 0 } : pos;
	}
	if (exit === 'shift-tab') {
		if (pos.col > 0) return { row: pos.row, col: pos.col - 1 };
		return pos.row > 0 ? { row: pos.row - 1, col: cols - 1 } : pos;
	}
	return pos;
}

/**
 * What a key on an active (not editing) cell starts: null, or editing with `text` as the starting
 * text (null: the current value). A printable character replaces the value, Backspace clears it,
 * Enter and F2 keep it (Space too, on dates and the status). `preventDefault` is false for an input method's first key (Hangul, IME):
 * the editor opens empty and the composition itself goes into it.
 */
export function editStart(event: KeyLike, field: Field): { text: string | null; preventDefault: boolean } | null {
	if (event.ctrlKey || event.metaKey || event.altKey) return null;
	if (event.key === 'Enter' || event.key === 'F2') return { text: null, preventDefault: true };
	const typed = TYPE_TO_EDIT.includes(field);
	if (event.key === 'Process' || event.isComposing) return typed ? { text: '', preventDefault: false } : null;
	// The description is shared text others may be typing in: Backspace never wipes it.
	if (event.key === 'Backspace') return typed && field !== 'description' ? { text: '', preventDefault: true } : null;
	// One character (a whole code point, so an emoji counts too): a typed letter, digit or sign.
	// In the description it is added at the end instead of replacing (see PlanTable).
	if (typed && [...event.key].length === 1 && (event.key !== ' ' || field === 'description')) return { text: event.key, preventDefault: true };
	if (event.key === ' ' && (field === 'status' || field === 'start' || field === 'end')) return { text: null, preventDefault: true };
	return null;
}

/** A rectangle of a row on screen (top and height are enough). */
export interface RowBox {
	top: number;
	height: number;
}

/**
 * Where a dragged row lands for a pointer at `y`: `gap` is the slot in the full list (0 = before
 * the first row, n = after the last) where the drop line is drawn, and `toIndex` the index in the
 * list without the dragged row, as moveAction wants it. A row's upper half puts the drop above it.
 */
export function dropTarget(y: number, boxes: readonly RowBox[], dragged: number): { gap: number; toIndex: number } {
	let gap = 0;
	while (gap < boxes.length && y > boxes[gap].top + boxes[gap].height / 2) gap++;
	return { gap, toIndex: gap > dragged ? gap - 1 : gap };
}

/** True when a drop at this gap leaves the row where it is (no write, no drop line). */
export function isNoMove(gap: number, dragged: number): boolean {
	return gap === dragged || gap === dragged + 1;
}

/** Autoscroll speed (px per frame) near the top or bottom edge of the scroll box; 0 elsewhere. */
export function edgeScroll(y: number, top: number, bottom: number, zone = 48, max = 18): number {
	if (y < top + zone) return -Math.ceil(max * Math.min(1, (top + zone - y) / zone));
	if (y > bottom - zone) return Math.ceil(max * Math.min(1, (y - (bottom - zone)) / zone));
	return 0;
}

/**
 * Budget as typed: spaces removed, "" is no budget (null), a number is stored as a number, and
 * anything else ("12,5 juta") is stored as the text, to be flagged and fixed later. Numbers may
 * be written the viewer's way: "1.500.000" and "2,5" in Indonesian, "1,500,000" in English.
 */
export function parseBudget(text: string, locale = 'en'): number | string | null {
	const trimmed = text.trim();
	const compact = trimmed.replace(/\s+/g, '');
	if (compact === '') return null;
	const local = localNumber(compact, locale);
	if (local !== null) return local;
	const value = Number(compact);
	return Number.isFinite(value) ? value : trimmed;
}

/** A number in the locale's own grouping and decimal marks, or null when it is not one. */
function localNumber(text: string, locale: string): number | null {
	const parts = numberFormat(undefined, locale).formatToParts(12345.6);
	const group = parts.find((p) => p.type === 'group')?.value ?? ',';
	const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
	const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const g = group.trim() === '' ? '' : escape(group);
	const d = escape(decimal);
	const grouped = g ? `\\d{1,3}(?:${g}\\d{3})+` : '(?!)';
	const pattern = new RegExp(`^-?(?:${grouped}|\\d+)(?:${d}\\d+)?$`);
	if (!pattern.test(text)) return null;
	const plain = (g ? text.replace(new RegExp(g, 'g'), '') : text).replace(decimal, '.');
	const value = Number(plain);
	return Number.isFinite(value) ? value : null;
}

/**
 * Progress as typed: a number (a trailing "%" allowed) is stored as a number even when it is out
 * of 0–100 or not whole (the schema flags it); other text is stored as typed; "" is 0.
 */
export function parseProgress(text: string): number | string {
	const trimmed = text.trim();
	const compact = trimmed.replace(/\s+/g, '').replace(/%$/, '');
	if (compact === '') return 0;
	const value = Number(compact);
	return Number.isFinite(value) ? value : trimmed;
}

/** A stored value as text (style.invalidText's rule, without the message catalog behind that module). */
function asTyped(value: unknown): string {
	if (typeof value === 'string') return value;
	try {
		return JSON.stringify(value)?.slice(0, 200) ?? String(value);
	} catch {
		return String(value);
	}
}

/** The text an editor starts with for a cell: the stored value as typed when it is flagged. */
export function editText(action: ActionView, field: Field): string {
	if (field in action.raw) return asTyped(action.raw[field]);
	switch (field) {
		case 'budget':
			return action.budget === null ? '' : String(action.budget);
		case 'progress':
			return action.progress === null ? '' : String(action.progress);
		case 'start':
		case 'end':
			return action[field] ?? '';
		case 'status':
			return action.status ?? '';
		case 'title':
		case 'indicator':
		case 'target':
		case 'currency':
			return action[field];
		default:
			return '';
	}
}

/** The write for text typed into a cell (dates: 'YYYY-MM-DD' or '' from a date input). */
export function patchFor(field: Field, text: string, locale = 'en'): ActionPatch {
	switch (field) {
		case 'title':
		case 'indicator':
		case 'target':
			return { [field]: text.trim() };
		case 'budget':
			return { budget: parseBudget(text, locale) };
		case 'currency':
			return { currency: text.trim().toUpperCase() };
		case 'progress':
			return { progress: parseProgress(text) };
		case 'start':
		case 'end':
			return { [field]: text.trim() === '' ? null : text.trim() };
		default:
			return {};
	}
}
