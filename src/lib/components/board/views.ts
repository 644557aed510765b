/** The views of one board, chosen by `?view=` so a link or a reload keeps it; the map by default. */
export const VIEWS = ['map', 'grid', 'list', 'notes'] as const;
export type BoardView = (typeof VIEWS)[number];

export function viewFrom(param: string | null): BoardView {
	return VIEWS.includes(param as BoardView) ? (param as BoardView) : 'map';
}

/** Views that show stakeholders, with the inspector beside them. */
export function showsStakeholders(view: BoardView): boolean {
	return view !== 'notes';
}

/** Asks the inspector to put the cursor in a stakeholder's name (a new card "opens for typing"). */
export interface EditRequest {
	id: string;
	/** Grows with every request, so asking twice for the same card focuses twice. */
	seq: number;
}
