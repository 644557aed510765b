/** The views of one board, chosen by `?view=` so a link or a reload keeps it; the map by default. */
export const VIEWS = ['map', 'grid', 'list', 'plan', 'notes'] as const;
export type BoardView = (typeof VIEWS)[number];

export function viewFrom(param: string | null): BoardView {
	return VIEWS.includes(param as BoardView) ? (param as BoardView) : 'map';
}

/** The plan's three layouts of the same actions, chosen by `?layout=`; the table by default. */
export const PLAN_LAYOUTS = ['table', 'board', 'timeline'] as const;
export type PlanLayout = (typeof PLAN_LAYOUTS)[number];

export function planLayoutFrom(param: string | null): PlanLayout {
	return PLAN_LAYOUTS.includes(param as PlanLayout) ? (param as PlanLayout) : 'table';
}

/** Views with the inspector beside them (stakeholders, relations, actions). */
export function showsStakeholders(view: BoardView): boolean {
	return view !== 'notes';
}

/** Asks the inspector (or a plan layout) to put the cursor in an item's first field. */
export interface EditRequest {
	id: string;
	/** Grows with every request, so asking twice for the same card focuses twice. */
	seq: number;
}

/**
 * Edit requests already answered. A request outlives the panel that answered it (Board keeps the
 * last one), so without this, selecting the item again later would steal the focus again.
 */
const answeredRequests = new WeakSet<EditRequest>();

/** True, once, when `request` asks for item `id`: the caller then focuses its first field. */
export function takeEditRequest(request: EditRequest | null, id: string): boolean {
	if (!request || request.id !== id || answeredRequests.has(request)) return false;
	answeredRequests.add(request);
	return true;
}
