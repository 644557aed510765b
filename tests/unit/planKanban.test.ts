/** The plan board's pure parts: columns by status, the drop slot under the pointer, keyboard moves, autoscroll. */
import { describe, expect, it } from 'vitest';
import { edgeSpeed, kanbanColumns, keyboardMove, slotIndex, visibleColumns, KANBAN_STATUSES } from '../../src/lib/components/plan/kanban.js';
import type { ActionStatus } from '../../src/lib/board/schema.js';

const a = (id: string, status: ActionStatus | null) => ({ id, status });

describe('kanbanColumns', () => {
	it('splits by status in plan order, invalid statuses in their own column', () => {
		const columns = kanbanColumns([a('1', 'done'), a('2', 'planned'), a('3', null), a('4', 'planned'), a('5', 'blocked')]);
		expect(columns.planned.map((x) => x.id)).toEqual(['2', '4']);
		expect(columns.done.map((x) => x.id)).toEqual(['1']);
		expect(columns.blocked.map((x) => x.id)).toEqual(['5']);
		expect(columns.in_progress).toEqual([]);
		expect(columns.invalid.map((x) => x.id)).toEqual(['3']);
	});

	it('shows "needs fixing" only while something needs fixing', () => {
		expect(visibleColumns(kanbanColumns([a('1', 'done')]))).toEqual([...KANBAN_STATUSES]);
		expect(visibleColumns(kanbanColumns([a('1', null)]))).toEqual([...KANBAN_STATUSES, 'invalid']);
		expect(KANBAN_STATUSES).toEqual(['planned', 'in_progress', 'blocked', 'done']);
	});
});

describe('slotIndex', () => {
	// Three cards 60 px high, 10 px apart, from y = 100.
	const boxes = [0, 1, 2].map((i) => ({ top: 100 + i * 70, height: 60 }));

	it('counts the cards whose middle is above the pointer', () => {
		expect(slotIndex(50, boxes)).toBe(0);
		expect(slotIndex(129, boxes)).toBe(0);
		expect(slotIndex(131, boxes)).toBe(1);
		expect(slotIndex(205, boxes)).toBe(2);
		expect(slotIndex(900, boxes)).toBe(3);
		expect(slotIndex(10, [])).toBe(0);
	});

	it('measures as if the placeholder were not there, so the slot does not flicker', () => {
		// A 60 px placeholder (+10 gap) drawn before the second card pushes cards 1 and 2 down by 70.
		const shifted = boxes.map((b, i) => (i >= 1 ? { ...b, top: b.top + 70 } : b));
		const placeholder = { index: 1, size: 70 };
		expect(slotIndex(131, shifted, placeholder)).toBe(1);
		expect(slotIndex(199, shifted, placeholder)).toBe(1);
		expect(slotIndex(201, shifted, placeholder)).toBe(2);
		// Without the correction the pointer over the placeholder would read as slot 1 only up to its card's new middle.
		expect(slotIndex(260, shifted)).toBe(1);
		expect(slotIndex(260, shifted, placeholder)).toBe(2);
	});
});

describe('keyboardMove', () => {
	const columns = kanbanColumns([a('p1', 'planned'), a('p2', 'planned'), a('p3', 'planned'), a('i1', 'in_progress'), a('d1', 'done'), a('x1', null)]);

	it('moves up and down within the column (index without the card)', () => {
		expect(keyboardMove(columns, 'p2', 'up')).toEqual({ column: 'planned', index: 0 });
		expect(keyboardMove(columns, 'p2', 'down')).toEqual({ column: 'planned', index: 2 });
		expect(keyboardMove(columns, 'p1', 'up')).toBeNull();
		expect(keyboardMove(columns, 'p3', 'down')).toBeNull();
	});

	it('moves to the neighbouring status at the same height, or the end of a shorter column', () => {
		expect(keyboardMove(columns, 'p1', 'right')).toEqual({ column: 'in_progress', index: 0 });
		expect(keyboardMove(columns, 'p3', 'right')).toEqual({ column: 'in_progress', index: 1 });
		expect(keyboardMove(columns, 'i1', 'right')).toEqual({ column: 'blocked', index: 0 });
		expect(keyboardMove(columns, 'd1', 'left')).toEqual({ column: 'blocked', index: 0 });
		expect(keyboardMove(columns, 'p1', 'left')).toBeNull();
		expect(keyboardMove(columns, 'd1', 'right')).toBeNull(); // never into "needs fixing"
	});

	it('fixes an invalid status by moving left into the last status column', () => {
		expect(keyboardMove(columns, 'x1', 'left')).toEqual({ column: 'done', index: 0 });
		expect(keyboardMove(columns, 'x1', 'right')).toBeNull();
		expect(keyboardMove(columns, 'nope', 'left')).toBeNull();
	});
});

describe('edgeSpeed', () => {
	it('scrolls towards the edge the pointer is near, faster closer in', () => {
		expect(edgeSpeed(500, 0, 1000)).toBe(0);
		expect(edgeSpeed(50, 0, 1000)).toBeLessThan(0);
		expect(edgeSpeed(5, 0, 1000)).toBeLessThan(edgeSpeed(40, 0, 1000));
		expect(edgeSpeed(995, 0, 1000)).toBeGreaterThan(edgeSpeed(960, 0, 1000));
		expect(edgeSpeed(960, 0, 1000)).toBeGreaterThan(0);
		expect(edgeSpeed(-50, 0, 1000)).toBe(-18); // outside: full speed, no more
	});

	it('keeps a still middle in a small scroller', () => {
		expect(edgeSpeed(60, 0, 120)).toBe(0);
		expect(edgeSpeed(5, 0, 0)).toBe(0);
	});
});
