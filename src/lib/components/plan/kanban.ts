/**
 * The plan board's pure parts: which column an action sits in, where a dragged card lands, where
 * a keyboard move takes it, and how fast the board scrolls near an edge while dragging.
 * Indexes follow session.moveAction: the position in the target column WITHOUT the moved card.
 */
import type { ActionStatus } from '../../board/schema.js';

/** Left to right as the work flows; blocked sits beside in-progress work, done last. */
export const KANBAN_STATUSES = ['planned', 'in_progress', 'blocked', 'done'] as const satisfies readonly ActionStatus[];

/** 'invalid': the stored status is none of the four (shown in a "needs fixing" column). */
export type ColumnKey = ActionStatus | 'invalid';

/** Splits actions (already in plan order) into columns, keeping that order inside each. */
export function kanbanColumns<T extends { status: ActionStatus | null }>(ordered: readonly T[]): Record<ColumnKey, T[]> {
	const columns: Record<ColumnKey, T[]> = { planned: [], in_progress: [], blocked: [], done: [], invalid: [] };
	for (const action of ordered) columns[action.status ?? 'invalid'].push(action);
	return columns;
}

/** The columns shown: the four statuses, and "needs fixing" only while something is in it. */
export function visibleColumns(columns: Record<ColumnKey, readonly unknown[]>): ColumnKey[] {
	return columns.invalid.length > 0 ? [...KANBAN_STATUSES, 'invalid'] : [...KANBAN_STATUSES];
}

export interface Box {
	top: number;
	height: number;
}

/**
 * The slot a pointer at `y` points at, among the column's cards other than the dragged one
 * (boxes in page order, as measured). The drop placeholder, when shown in this column before
 * card `placeholder.index`, pushes that card and the ones after it down by `placeholder.size`;
 * measuring them as if it were not there keeps the slot from flickering as the placeholder moves.
 */
export function slotIndex(y: number, boxes: readonly Box[], placeholder: { index: number; size: number } | null = null): number {
	let index = 0;
	boxes.forEach((box, i) => {
		const shift = placeholder && i >= placeholder.index ? placeholder.size : 0;
		if (box.top - shift + box.height / 2 < y) index = i + 1;
	});
	return index;
}

export type MoveDirection = 'left' | 'right' | 'up' | 'down';

export interface KanbanTarget {
	column: ColumnKey;
	/** Index in the target column without the moved card. */
	index: number;
}

/**
 * Where a keyboard move takes a card: up/down one place in its column, left/right into the
 * neighbouring status column at the same height (or its end). Nothing moves into "needs fixing":
 * a status cannot be made invalid, only fixed. Null when the card cannot go further that way.
 */
export function keyboardMove(columns: Record<ColumnKey, readonly { id: string }[]>, id: string, direction: MoveDirection): KanbanTarget | null {
	const from = (Object.keys(columns) as ColumnKey[]).find((key) => columns[key].some((a) => a.id === id));
	if (!from) return null;
	const list = columns[from];
	const at = list.findIndex((a) => a.id === id);
	if (direction === 'up') return at > 0 ? { column: from, index: at - 1 } : null;
	if (direction === 'down') return at < list.length - 1 ? { column: from, index: at + 1 } : null;
	const statuses: readonly ColumnKey[] = KANBAN_STATUSES;
	// "Needs fixing" is drawn after the last status column.
	const position = from === 'invalid' ? statuses.length : statuses.indexOf(from);
	const next = direction === 'left' ? position - 1 : position + 1;
	if (next < 0 || next >= statuses.length) return null;
	const column = statuses[next];
	return { column, index: Math.min(at, columns[column].length) };
}

/**
 * Pixels to scroll per frame while a drag is near an edge of a scroller spanning [min, max]:
 * negative near the start, positive near the end, faster the closer, 0 elsewhere.
 */
export function edgeSpeed(position: number, min: number, max: number, edge = 56, maxSpeed = 18): number {
	const size = Math.min(edge, (max - min) / 3);
	if (size <= 0) return 0;
	if (position < min + size) return -Math.ceil(maxSpeed * Math.min(1, (min + size - position) / size));
	if (position > max - size) return Math.ceil(maxSpeed * Math.min(1, (position - (max - size)) / size));
	return 0;
}
