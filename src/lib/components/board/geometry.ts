/** Sizes of the board surface and its notes, in board coordinates (CSS pixels at 100 %). */
export const NOTE_WIDTH = 220;
export const NOTE_HEIGHT = 180;
/** The surface is at least this big, so there is always room to add notes around the others. */
export const SURFACE_MIN_WIDTH = 2400;
export const SURFACE_MIN_HEIGHT = 1600;
export const SURFACE_MARGIN = 600;
/**
 * Where notes can be shown and dragged. Foreign clients may store any coordinate; showing a note
 * at x = 900000 would make an unusable surface, so the display (never the stored value) is clamped.
 */
export const DISPLAY_LIMIT = 20_000;

export function clampToBoard(value: number): number {
	return Math.min(DISPLAY_LIMIT, Math.max(0, Math.round(value)));
}
