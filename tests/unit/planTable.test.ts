/**
 * The plan table's rules without a browser: moving the active cell, which keys start editing,
 * where a dragged row lands, and how typed text becomes a stored value (kept as typed when it is
 * not valid, so the model flags it instead of losing it). Also the stakeholder picker's list.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAction, readAction, updateAction, type ActionView } from '../../src/lib/board/actions.js';
import { keysForMove } from '../../src/lib/board/order.js';
import {
	afterEdit,
	dropTarget,
	edgeScroll,
	editStart,
	editText,
	FIELDS,
	isNoMove,
	moveActive,
	parseBudget,
	parseProgress,
	patchFor
} from '../../src/lib/components/plan/tableNav.js';
import { flatOptions, pickerGroups, toggled } from '../../src/lib/components/plan/table/pickerModel.js';

const COLS = FIELDS.length;

describe('moveActive', () => {
	const at = { row: 2, col: 3 };
	it('moves one cell with the arrows and stops at the edges', () => {
		expect(moveActive(at, { key: 'ArrowUp' }, 5)).toEqual({ row: 1, col: 3 });
		expect(moveActive(at, { key: 'ArrowDown' }, 5)).toEqual({ row: 3, col: 3 });
		expect(moveActive(at, { key: 'ArrowLeft' }, 5)).toEqual({ row: 2, col: 2 });
		expect(moveActive(at, { key: 'ArrowRight' }, 5)).toEqual({ row: 2, col: 4 });
		expect(moveActive({ row: 0, col: 0 }, { key: 'ArrowUp' }, 5)).toEqual({ row: 0, col: 0 });
		expect(moveActive({ row: 0, col: 0 }, { key: 'ArrowLeft' }, 5)).toEqual({ row: 0, col: 0 });
		expect(moveActive({ row: 4, col: COLS - 1 }, { key: 'ArrowDown' }, 5)).toEqual({ row: 4, col: COLS - 1 });
		expect(moveActive({ row: 4, col: COLS - 1 }, { key: 'ArrowRight' }, 5)).toEqual({ row: 4, col: COLS - 1 });
	});

	it('Home/End go to the row ends, Ctrl+Home/End to the corners, Ctrl+arrows to the edges', () => {
		expect(moveActive(at, { key: 'Home' }, 5)).toEqual({ row: 2, col: 0 });
		expect(moveActive(at, { key: 'End' }, 5)).toEqual({ row: 2, col: COLS - 1 });
		expect(moveActive(at, { key: 'Home', ctrlKey: true }, 5)).toEqual({ row: 0, col: 0 });
		expect(moveActive(at, { key: 'End', metaKey: true }, 5)).toEqual({ row: 4, col: COLS - 1 });
		expect(moveActive(at, { key: 'ArrowDown', ctrlKey: true }, 5)).toEqual({ row: 4, col: 3 });
		expect(moveActive(at, { key: 'PageDown' }, 30, COLS, 10)).toEqual({ row: 12, col: 3 });
		expect(moveActive(at, { key: 'PageUp' }, 30, COLS, 10)).toEqual({ row: 0, col: 3 });
	});

	it('Tab walks the row and leaves the table at its ends (no keyboard trap)', () => {
		expect(moveActive(at, { key: 'Tab' }, 5)).toEqual({ row: 2, col: 4 });
		expect(moveActive(at, { key: 'Tab', shiftKey: true }, 5)).toEqual({ row: 2, col: 2 });
		expect(moveActive({ row: 2, col: COLS - 1 }, { key: 'Tab' }, 5)).toBeNull();
		expect(moveActive({ row: 2, col: 0 }, { key: 'Tab', shiftKey: true }, 5)).toBeNull();
	});

	it('ignores other keys, Alt+arrows (row moves) and an empty table; clamps a stale position', () => {
		expect(moveActive(at, { key: 'a' }, 5)).toBeNull();
		expect(moveActive(at, { key: 'ArrowUp', altKey: true }, 5)).toBeNull();
		expect(moveActive(at, { key: 'ArrowUp' }, 0)).toBeNull();
		expect(moveActive({ row: 9, col: 3 }, { key: 'ArrowRight' }, 3)).toEqual({ row: 2, col: 4 });
	});
});

describe('afterEdit', () => {
	it('Enter goes down, Tab right, Shift+Tab left, wrapping at row ends', () => {
		expect(afterEdit({ row: 1, col: 2 }, 'enter', 4)).toEqual({ row: 2, col: 2 });
		expect(afterEdit({ row: 3, col: 2 }, 'enter', 4)).toEqual({ row: 3, col: 2 });
		expect(afterEdit({ row: 1, col: 2 }, 'tab', 4)).toEqual({ row: 1, col: 3 });
		expect(afterEdit({ row: 1, col: COLS - 1 }, 'tab', 4)).toEqual({ row: 2, col: 0 });
		expect(afterEdit({ row: 3, col: COLS - 1 }, 'tab', 4)).toEqual({ row: 3, col: COLS - 1 });
		expect(afterEdit({ row: 1, col: 2 }, 'shift-tab', 4)).toEqual({ row: 1, col: 1 });
		expect(afterEdit({ row: 1, col: 0 }, 'shift-tab', 4)).toEqual({ row: 0, col: COLS - 1 });
		expect(afterEdit({ row: 0, col: 0 }, 'shift-tab', 4)).toEqual({ row: 0, col: 0 });
		expect(afterEdit({ row: 1, col: 2 }, 'stay', 4)).toEqual({ row: 1, col: 2 });
	});
});

describe('editStart', () => {
	it('Enter and F2 edit the current value', () => {
		expect(editStart({ key: 'Enter' }, 'title')).toEqual({ text: null, preventDefault: true });
		expect(editStart({ key: 'F2' }, 'status')).toEqual({ text: null, preventDefault: true });
		expect(editStart({ key: 'Enter' }, 'owner')).toEqual({ text: null, preventDefault: true });
	});

	it('a typed character replaces a text value, filters a picker, is added to the description', () => {
		expect(editStart({ key: 'x' }, 'title')).toEqual({ text: 'x', preventDefault: true });
		expect(editStart({ key: '7' }, 'budget')).toEqual({ text: '7', preventDefault: true });
		expect(editStart({ key: 'Ж' }, 'indicator')).toEqual({ text: 'Ж', preventDefault: true });
		expect(editStart({ key: '😀' }, 'target')).toEqual({ text: '😀', preventDefault: true });
		expect(editStart({ key: 't' }, 'owner')).toEqual({ text: 't', preventDefault: true });
		expect(editStart({ key: 'a' }, 'description')).toEqual({ text: 'a', preventDefault: true });
		expect(editStart({ key: ' ' }, 'description')).toEqual({ text: ' ', preventDefault: true });
	});

	it('Backspace clears text cells but never the shared description', () => {
		expect(editStart({ key: 'Backspace' }, 'title')).toEqual({ text: '', preventDefault: true });
		expect(editStart({ key: 'Backspace' }, 'description')).toBeNull();
		expect(editStart({ key: 'Backspace' }, 'status')).toBeNull();
	});

	it('dates and the status open with Space, not with letters; shortcuts never edit', () => {
		expect(editStart({ key: 'a' }, 'status')).toBeNull();
		expect(editStart({ key: '1' }, 'start')).toBeNull();
		expect(editStart({ key: ' ' }, 'end')).toEqual({ text: null, preventDefault: true });
		expect(editStart({ key: ' ' }, 'title')).toBeNull();
		expect(editStart({ key: 'c', ctrlKey: true }, 'title')).toBeNull();
		expect(editStart({ key: 'z', metaKey: true }, 'title')).toBeNull();
		expect(editStart({ key: 'ArrowUp', altKey: true }, 'title')).toBeNull();
		expect(editStart({ key: 'Shift' }, 'title')).toBeNull();
		expect(editStart({ key: 'Tab' }, 'title')).toBeNull();
	});

	it('an input method opens the editor empty and lets the composition through', () => {
		expect(editStart({ key: 'Process' }, 'title')).toEqual({ text: '', preventDefault: false });
		expect(editStart({ key: 'ㅎ', isComposing: true }, 'indicator')).toEqual({ text: '', preventDefault: false });
		expect(editStart({ key: 'Process' }, 'status')).toBeNull();
	});
});

describe('dropTarget', () => {
	// Five rows, 40 px high, starting at y = 100.
	const boxes = [0, 1, 2, 3, 4].map((i) => ({ top: 100 + i * 40, height: 40 }));

	it('the upper half of a row drops above it, the lower half below', () => {
		expect(dropTarget(50, boxes, 2)).toEqual({ gap: 0, toIndex: 0 });
		expect(dropTarget(119, boxes, 2)).toEqual({ gap: 0, toIndex: 0 });
		expect(dropTarget(121, boxes, 2)).toEqual({ gap: 1, toIndex: 1 });
		expect(dropTarget(299, boxes, 2)).toEqual({ gap: 5, toIndex: 4 });
		expect(dropTarget(999, boxes, 2)).toEqual({ gap: 5, toIndex: 4 });
	});

	it('gives moveAction the index in the list without the dragged row', () => {
		// Row 0 dragged below row 2 (gap 3): it becomes index 2 of the four others.
		expect(dropTarget(225, boxes, 0)).toEqual({ gap: 3, toIndex: 2 });
		const ordered = ['a', 'b', 'c', 'd', 'e'].map((id, i) => ({ id, order: `a${i}` }));
		const keys = keysForMove(ordered, 'a', 2);
		const moved = ordered.map((item) => ({ ...item, order: keys.get(item.id) ?? item.order })).sort((x, y) => (x.order < y.order ? -1 : 1));
		expect(moved.map((item) => item.id)).toEqual(['b', 'c', 'a', 'd', 'e']);
	});

	it('knows the two gaps around the dragged row are no move', () => {
		expect(isNoMove(2, 2)).toBe(true);
		expect(isNoMove(3, 2)).toBe(true);
		expect(isNoMove(1, 2)).toBe(false);
		expect(isNoMove(4, 2)).toBe(false);
		expect(dropTarget(10, [], 0)).toEqual({ gap: 0, toIndex: 0 });
	});

	it('scrolls faster the closer the pointer is to an edge', () => {
		expect(edgeScroll(300, 0, 600)).toBe(0);
		expect(edgeScroll(40, 0, 600)).toBeLessThan(0);
		expect(edgeScroll(0, 0, 600)).toBeLessThan(edgeScroll(40, 0, 600));
		expect(edgeScroll(590, 0, 600)).toBeGreaterThan(0);
	});
});

describe('typed values', () => {
	it('budget: numbers as numbers, spaces ignored, empty is none, anything else as typed', () => {
		expect(parseBudget('1500000')).toBe(1500000);
		expect(parseBudget(' 1 500 000 ')).toBe(1500000);
		expect(parseBudget('2.5')).toBe(2.5);
		expect(parseBudget('')).toBeNull();
		expect(parseBudget('   ')).toBeNull();
		expect(parseBudget('abc')).toBe('abc');
		expect(parseBudget(' 12,5 juta ')).toBe('12,5 juta');
		// Numbers are read the viewer's way: Indonesian groups with dots and has a decimal comma.
		expect(parseBudget('1.500.000', 'id')).toBe(1500000);
		expect(parseBudget('2,5', 'id')).toBe(2.5);
		expect(parseBudget('1,500,000', 'en')).toBe(1500000);
		expect(parseBudget('1.500.000', 'en')).toBe('1.500.000');
		expect(parseBudget('1.50.000', 'id')).toBe('1.50.000');
		expect(parseBudget('1 500 000,5', 'ru')).toBe(1500000.5);
		expect(parseBudget('-5')).toBe(-5);
		expect(parseBudget('Infinity')).toBe('Infinity');
	});

	it('progress: numbers as numbers (also out of range, also with %), text as typed, empty is 0', () => {
		expect(parseProgress('40')).toBe(40);
		expect(parseProgress('40 %')).toBe(40);
		expect(parseProgress('150')).toBe(150);
		expect(parseProgress('12.5')).toBe(12.5);
		expect(parseProgress('')).toBe(0);
		expect(parseProgress('half')).toBe('half');
	});

	it('patches: trimmed text, upper-case currency, cleared dates are null', () => {
		expect(patchFor('title', '  Open data portal ')).toEqual({ title: 'Open data portal' });
		expect(patchFor('title', '   ')).toEqual({ title: '' });
		expect(patchFor('indicator', 'Datasets published')).toEqual({ indicator: 'Datasets published' });
		expect(patchFor('currency', ' krw ')).toEqual({ currency: 'KRW' });
		expect(patchFor('currency', 'rupiah')).toEqual({ currency: 'RUPIAH' });
		expect(patchFor('start', '2026-03-01')).toEqual({ start: '2026-03-01' });
		expect(patchFor('end', '')).toEqual({ end: null });
		expect(patchFor('budget', 'abc')).toEqual({ budget: 'abc' });
		expect(patchFor('progress', '150')).toEqual({ progress: 150 });
		expect(patchFor('status', 'done')).toEqual({});
	});

	it('what is typed is what is stored and flagged, and the editor starts from it again', () => {
		const doc = new Y.Doc();
		const id = addAction(doc, { title: 'Open data portal', start: '2026-05-01' });
		updateAction(doc, id, { ...patchFor('budget', 'abc'), ...patchFor('progress', '150'), ...patchFor('end', '2026-04-01') });
		const a = readAction(doc, id)!;
		expect(a.issues).toEqual(
			expect.arrayContaining([
				{ field: 'budget', reason: 'not_a_number' },
				{ field: 'progress', reason: 'out_of_range' },
				{ field: 'end', reason: 'end_before_start' }
			])
		);
		expect(editText(a, 'budget')).toBe('abc');
		expect(editText(a, 'progress')).toBe('150');
		expect(editText(a, 'end')).toBe('2026-04-01');
		expect(editText(a, 'title')).toBe('Open data portal');
		// Fixing them clears the flags.
		updateAction(doc, id, { ...patchFor('budget', '1500000'), ...patchFor('progress', '40'), ...patchFor('end', '2026-06-30') });
		const fixed = readAction(doc, id)!;
		expect(fixed.issues).toEqual([]);
		expect(editText(fixed, 'budget')).toBe('1500000');
		expect(editText(fixed, 'progress')).toBe('40');
		expect(editText(fixed, 'status')).toBe('planned');
		expect(editText(fixed, 'description')).toBe('');
	});

	it('an empty title is stored as "" and flagged as required', () => {
		const doc = new Y.Doc();
		const id = addAction(doc, { title: 'x' });
		updateAction(doc, id, patchFor('title', '  '));
		const a: ActionView = readAction(doc, id)!;
		expect(a.title).toBe('');
		expect(a.issues).toContainEqual({ field: 'title', reason: 'required' });
	});
});

describe('stakeholder picker list', () => {
	const people = [
		{ id: 'tribun', name: 'Tribun Pekanbaru', organization: 'Tribun Network', role: 'Newspaper', helix: 'media' as const },
		{ id: 'unri', name: 'Universitas Riau', organization: 'UNRI', role: 'Research partner', helix: 'academia' as const },
		{ id: 'bappeda', name: 'Bappeda Kota', organization: 'Pemerintah Kota', role: 'Planning', helix: 'government' as const },
		{ id: 'disk', name: 'Diskominfo', organization: 'Dinas Kominfo', role: 'Data', helix: 'government' as const },
		{ id: 'odd', name: 'Foreign card', organization: '', role: '', helix: null }
	];

	it('groups by helix in pentahelix order, names sorted, an invalid helix last', () => {
		const groups = pickerGroups(people, '', 'en');
		expect(groups.map((g) => g.helix)).toEqual(['government', 'academia', 'media', null]);
		expect(groups[0].items.map((s) => s.id)).toEqual(['bappeda', 'disk']);
		expect(flatOptions(groups).map((s) => s.id)).toEqual(['bappeda', 'disk', 'unri', 'tribun', 'odd']);
	});

	it('filters by every word in name, organisation or role, ignoring case and accents', () => {
		expect(flatOptions(pickerGroups(people, 'kota', 'en')).map((s) => s.id)).toEqual(['bappeda']);
		expect(flatOptions(pickerGroups(people, 'RÍAU research', 'en')).map((s) => s.id)).toEqual(['unri']);
		expect(pickerGroups(people, 'nobody', 'en')).toEqual([]);
	});

	it('toggles partners, keeping the order they were chosen in', () => {
		expect(toggled(['a', 'b'], 'c')).toEqual(['a', 'b', 'c']);
		expect(toggled(['a', 'b', 'c'], 'b')).toEqual(['a', 'c']);
	});
});
