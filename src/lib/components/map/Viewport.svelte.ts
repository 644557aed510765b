/**
 * Pan and zoom of the map: screen = board × k + (x, y), in pixels relative to the map's top-left.
 * Plain $state fields, so a pan frame changes only the world's transform and whatever reads the
 * zoom; the culling rectangle is snapped (see cullBox) and changes far less often.
 */
import { clampZoom, cullBox, fitBox, type Box, type Point } from './geometry.js';

export interface ViewState {
	x: number;
	y: number;
	k: number;
}

/** The last view of each board in this tab, so switching to the grid and back keeps your place. */
const remembered = new Map<string, ViewState>();

export class Viewport {
	x = $state(0);
	y = $state(0);
	k = $state(1);
	/** Size of the map on screen, in CSS pixels (bound to the element). */
	width = $state(0);
	height = $state(0);

	/** Rendered rectangle in board units; a new object only when the snapped edges change. */
	readonly cull: Box = $derived.by(() => {
		const next = cullBox({ x: this.x, y: this.y, k: this.k }, this.width, this.height);
		const prev = this.#lastCull;
		if (prev && prev.x0 === next.x0 && prev.y0 === next.y0 && prev.x1 === next.x1 && prev.y1 === next.y1) return prev;
		this.#lastCull = next;
		return next;
	});
	#lastCull: Box | null = null;

	toBoard(sx: number, sy: number): Point {
		return { x: (sx - this.x) / this.k, y: (sy - this.y) / this.k };
	}

	toScreen(bx: number, by: number): Point {
		return { x: bx * this.k + this.x, y: by * this.k + this.y };
	}

	/** The board point in the middle of the screen. */
	center(): Point {
		return this.toBoard(this.width / 2, this.height / 2);
	}

	panBy(dx: number, dy: number): void {
		this.x += dx;
		this.y += dy;
	}

	/** Zooms by `factor`, keeping the board point under the screen point (sx, sy) in place. */
	zoomAt(sx: number, sy: number, factor: number): void {
		const k = clampZoom(this.k * factor);
		const f = k / this.k;
		this.x = sx - (sx - this.x) * f;
		this.y = sy - (sy - this.y) * f;
		this.k = k;
	}

	zoomAtCenter(factor: number): void {
		this.zoomAt(this.width / 2, this.height / 2, factor);
	}

	fit(box: Box, padding = 40, maxZoom = 1): void {
		if (this.width <= 0 || this.height <= 0) return;
		this.set(fitBox(box, this.width, this.height, padding, maxZoom));
	}

	set(view: ViewState): void {
		this.x = view.x;
		this.y = view.y;
		this.k = clampZoom(view.k);
	}

	get state(): ViewState {
		return { x: this.x, y: this.y, k: this.k };
	}

	remember(boardId: string): void {
		remembered.set(boardId, this.state);
	}

	/** Restores the view this tab last had on the board; false when there is none. */
	restore(boardId: string): boolean {
		const view = remembered.get(boardId);
		if (!view) return false;
		this.set(view);
		return true;
	}
}
