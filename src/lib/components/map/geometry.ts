/**
 * Pure geometry of the map view: card boxes, relation paths between card edges, sector wedges,
 * content bounds and fitting. No Svelte here, so it is unit-tested on its own.
 * All coordinates are board units (card top-left corners, like the stored x and y).
 */
import { CARD_HEIGHT, CARD_WIDTH, MAP_RADIUS } from '../../board/sectors.js';

export interface Point {
	x: number;
	y: number;
}

/** An axis-aligned rectangle by its edges. */
export interface Box {
	x0: number;
	y0: number;
	x1: number;
	y1: number;
}

/**
 * Foreign clients may store coordinates up to the schema's limit (±1,000,000); the map draws cards
 * there, but backdrop and fitting stop at this distance, so one stray card never shrinks the map
 * to nothing or grows the backdrop to absurd sizes.
 */
export const DISPLAY_RADIUS = 50_000;

export const MIN_ZOOM = 0.06;
export const MAX_ZOOM = 2.5;
/** Below this zoom dashed relations are drawn plain: long dashes cost raster time (decision 006). */
export const PLAIN_RELATIONS_BELOW = 0.35;
/** Below this zoom cards show only their name, larger, since the small lines cannot be read. */
export const COMPACT_CARDS_BELOW = 0.45;
/**
 * Level of detail: when the map is zoomed out past LOW_DETAIL_BELOW with more than
 * LOW_DETAIL_CARDS cards rendered, every card turns light (a stripe and the name, one element) and
 * relations plain and unlabelled. A small board keeps its full cards at any zoom: they are cheap,
 * and its fitted view (often about 0.3) is where people work. Back to full detail above
 * FULL_DETAIL_ABOVE or under FULL_DETAIL_CARDS: the gaps keep a zoom gesture hovering around a
 * threshold from remounting all cards on every frame.
 */
export const LOW_DETAIL_BELOW = 0.33;
export const FULL_DETAIL_ABOVE = 0.37;
export const LOW_DETAIL_CARDS = 150;
export const FULL_DETAIL_CARDS = 120;

/** Whether the map shows low detail at zoom `k` with `rendered` cards, given whether it did so far. */
export function lowDetailAt(k: number, rendered: number, wasLow: boolean): boolean {
	return wasLow ? k < FULL_DETAIL_ABOVE && rendered >= FULL_DETAIL_CARDS : k < LOW_DETAIL_BELOW && rendered > LOW_DETAIL_CARDS;
}

/** How far two relations between the same pair of cards bow apart, in board units. */
export const PARALLEL_SPACING = 34;

export const clampZoom = (k: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));

const round1 = (v: number) => Math.round(v * 10) / 10;

export function cardCenter(corner: Point): Point {
	return { x: corner.x + CARD_WIDTH / 2, y: corner.y + CARD_HEIGHT / 2 };
}

/**
 * Where a ray from a card's centre towards `toward` leaves the card's box grown by `gap`.
 * When `toward` is inside the box (overlapping cards) the point lies beyond it; callers draw it anyway.
 */
export function edgePoint(center: Point, toward: Point, gap = 0): Point {
	const dx = toward.x - center.x;
	const dy = toward.y - center.y;
	if (dx === 0 && dy === 0) return { ...center };
	const hw = CARD_WIDTH / 2 + gap;
	const hh = CARD_HEIGHT / 2 + gap;
	const t = Math.min(dx !== 0 ? hw / Math.abs(dx) : Infinity, dy !== 0 ? hh / Math.abs(dy) : Infinity);
	return { x: center.x + dx * t, y: center.y + dy * t };
}

export interface RelationGeometry {
	/** SVG path data, from the edge of the first card to the edge of the second. */
	d: string;
	/** Middle of the drawn line, where its label goes. */
	mid: Point;
	/** Bounding box of the path (control point included), for culling. */
	box: Box;
	/** The quadratic curve's points (for a straight line the control point is the middle). */
	start: Point;
	control: Point;
	end: Point;
}

/**
 * A relation between two cards (given by their top-left corners). `bend` bows the line sideways by
 * that many units at its middle (0: straight), so several relations between one pair stay apart.
 * The end stops a little before the target's edge, so the arrowhead is not hidden under the card.
 */
export function relationGeometry(from: Point, to: Point, bend = 0): RelationGeometry {
	const a = cardCenter(from);
	const b = cardCenter(to);
	const dx = b.x - a.x;
	const dy = b.y - a.y;
	const length = Math.hypot(dx, dy) || 1;
	// A quadratic curve reaches half of its control point's offset at t = 0.5.
	const control = { x: (a.x + b.x) / 2 + (-dy / length) * bend * 2, y: (a.y + b.y) / 2 + (dx / length) * bend * 2 };
	const start = edgePoint(a, bend ? control : b, 2);
	const end = edgePoint(b, bend ? control : a, 4);
	const box = {
		x0: Math.min(start.x, end.x, control.x),
		y0: Math.min(start.y, end.y, control.y),
		x1: Math.max(start.x, end.x, control.x),
		y1: Math.max(start.y, end.y, control.y)
	};
	if (!bend) {
		return {
			d: `M${round1(start.x)} ${round1(start.y)}L${round1(end.x)} ${round1(end.y)}`,
			mid: { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 },
			box,
			start,
			control: { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 },
			end
		};
	}
	return {
		d: `M${round1(start.x)} ${round1(start.y)}Q${round1(control.x)} ${round1(control.y)} ${round1(end.x)} ${round1(end.y)}`,
		mid: { x: 0.25 * start.x + 0.5 * control.x + 0.25 * end.x, y: 0.25 * start.y + 0.5 * control.y + 0.25 * end.y },
		box,
		start,
		control,
		end
	};
}

/** The point at `t` (0 = start, 1 = end) along a relation's line. */
export function pointOnRelation(g: RelationGeometry, t: number): Point {
	const u = 1 - t;
	return {
		x: u * u * g.start.x + 2 * u * t * g.control.x + t * t * g.end.x,
		y: u * u * g.start.y + 2 * u * t * g.control.y + t * t * g.end.y
	};
}

/** Where along its line a label is tried, middle first. */
const LABEL_SPOTS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78];

/**
 * Where a relation's label goes: the middle of its line, or, when that point lies on a card (the
 * label would cover the card's text), the nearest point along the line that does not. Null when
 * every candidate is covered: the label is then left out at this layout.
 */
export function labelSpot(g: RelationGeometry, covered: (p: Point) => boolean): Point | null {
	for (const t of LABEL_SPOTS) {
		const p = t === 0.5 ? g.mid : pointOnRelation(g, t);
		if (!covered(p)) return p;
	}
	return null;
}

/**
 * Card rectangles bucketed in a coarse grid, to ask quickly whether a point lies on a card
 * (grown by a margin: a label is wider than its anchor point).
 */
export class CardGrid {
	readonly #cells = new Map<string, Point[]>();
	readonly margin: Point;
	readonly cell: number;

	constructor(corners: Iterable<Point>, margin: Point = { x: 24, y: 10 }, cell = 512) {
		this.margin = margin;
		this.cell = cell;
		for (const c of corners) {
			const x0 = Math.floor((c.x - margin.x) / cell);
			const x1 = Math.floor((c.x + CARD_WIDTH + margin.x) / cell);
			const y0 = Math.floor((c.y - margin.y) / cell);
			const y1 = Math.floor((c.y + CARD_HEIGHT + margin.y) / cell);
			for (let x = x0; x <= x1; x++) {
				for (let y = y0; y <= y1; y++) {
					const key = `${x},${y}`;
					const list = this.#cells.get(key);
					if (list) list.push(c);
					else this.#cells.set(key, [c]);
				}
			}
		}
	}

	covers(p: Point): boolean {
		const list = this.#cells.get(`${Math.floor(p.x / this.cell)},${Math.floor(p.y / this.cell)}`);
		if (!list) return false;
		const { x: mx, y: my } = this.margin;
		return list.some((c) => p.x > c.x - mx && p.x < c.x + CARD_WIDTH + mx && p.y > c.y - my && p.y < c.y + CARD_HEIGHT + my);
	}
}

/**
 * Sideways bends for relations, so two relations between the same pair never lie on each other.
 * Relations are grouped by unordered pair; within a pair they fan out symmetrically (a single one
 * stays straight). The bend is measured against the pair's canonical direction (smaller id first),
 * so A→B and B→A bow to opposite sides instead of onto the same curve.
 */
export function parallelBends(relations: { id: string; from: string; to: string }[]): Map<string, number> {
	const pairs = new Map<string, { id: string; flip: boolean }[]>();
	for (const r of relations) {
		const flip = r.from > r.to;
		const key = flip ? `${r.to}\u0000${r.from}` : `${r.from}\u0000${r.to}`;
		const list = pairs.get(key) ?? [];
		list.push({ id: r.id, flip });
		pairs.set(key, list);
	}
	const bends = new Map<string, number>();
	for (const list of pairs.values()) {
		// Stable order (by id), so every client bows the same relation the same way.
		list.sort((p, q) => (p.id < q.id ? -1 : p.id > q.id ? 1 : 0));
		list.forEach((item, i) => {
			const bend = (i - (list.length - 1) / 2) * PARALLEL_SPACING;
			bends.set(item.id, item.flip ? -bend : bend);
		});
	}
	return bends;
}

/** Stored coordinates limited to what the map lays out (see DISPLAY_RADIUS). */
export function displayClamp(v: number): number {
	return Math.min(DISPLAY_RADIUS, Math.max(-DISPLAY_RADIUS, v));
}

/** The box around all cards, or null when there are none. */
export function contentBounds(corners: Iterable<Point>): Box | null {
	let box: Box | null = null;
	for (const c of corners) {
		const x = displayClamp(c.x);
		const y = displayClamp(c.y);
		if (!box) box = { x0: x, y0: y, x1: x + CARD_WIDTH, y1: y + CARD_HEIGHT };
		else {
			box.x0 = Math.min(box.x0, x);
			box.y0 = Math.min(box.y0, y);
			box.x1 = Math.max(box.x1, x + CARD_WIDTH);
			box.y1 = Math.max(box.y1, y + CARD_HEIGHT);
		}
	}
	return box;
}

/** The box of the five sectors as drawn when the map is empty. */
export function sectorsBounds(radius = MAP_RADIUS): Box {
	return { x0: -radius, y0: -radius, x1: radius, y1: radius };
}

/**
 * Backdrop radius: MAP_RADIUS, or further when cards lie beyond it, rounded up in steps so small
 * moves near the rim do not redraw the backdrop.
 */
export function backdropRadius(corners: Iterable<Point>, margin = 220): number {
	let furthest = 0;
	for (const c of corners) {
		const x = displayClamp(c.x);
		const y = displayClamp(c.y);
		for (const [px, py] of [
			[x, y],
			[x + CARD_WIDTH, y],
			[x, y + CARD_HEIGHT],
			[x + CARD_WIDTH, y + CARD_HEIGHT]
		]) {
			furthest = Math.max(furthest, px * px + py * py);
		}
	}
	const needed = Math.sqrt(furthest) + margin;
	return Math.max(MAP_RADIUS, Math.ceil(needed / 250) * 250);
}

/** An SVG wedge from the origin between two angles (radians), out to `radius`. */
export function wedgePath(start: number, end: number, radius: number): string {
	const p = (angle: number) => `${round1(radius * Math.cos(angle))} ${round1(radius * Math.sin(angle))}`;
	const large = end - start > Math.PI ? 1 : 0;
	return `M0 0L${p(start)}A${radius} ${radius} 0 ${large} 1 ${p(end)}Z`;
}

/** Pan and zoom that show `box` in a screen of width × height with `padding` pixels around it. */
export function fitBox(box: Box, width: number, height: number, padding = 40, maxZoom = 1): { x: number; y: number; k: number } {
	const w = Math.max(1, box.x1 - box.x0);
	const h = Math.max(1, box.y1 - box.y0);
	const availableW = Math.max(1, width - 2 * padding);
	const availableH = Math.max(1, height - 2 * padding);
	const k = clampZoom(Math.min(availableW / w, availableH / h, maxZoom));
	const cx = (box.x0 + box.x1) / 2;
	const cy = (box.y0 + box.y1) / 2;
	return { x: width / 2 - cx * k, y: height / 2 - cy * k, k };
}

export function boxesIntersect(a: Box, b: Box): boolean {
	return a.x0 < b.x1 && a.x1 > b.x0 && a.y0 < b.y1 && a.y1 > b.y0;
}

export function cardBox(corner: Point): Box {
	return { x0: corner.x, y0: corner.y, x1: corner.x + CARD_WIDTH, y1: corner.y + CARD_HEIGHT };
}

/** The box spanned by two points, in any order. */
export function boxOf(a: Point, b: Point): Box {
	return { x0: Math.min(a.x, b.x), y0: Math.min(a.y, b.y), x1: Math.max(a.x, b.x), y1: Math.max(a.y, b.y) };
}

/**
 * The rectangle to render, in board units: what is on screen plus a quarter on every side, snapped
 * to a power-of-two grid, so a pan of a few pixels changes only the transform, not the rendered
 * set (the spike's rule, bench/map-rendering).
 */
export function cullBox(view: { x: number; y: number; k: number }, width: number, height: number): Box {
	const ww = Math.max(1, width) / view.k;
	const wh = Math.max(1, height) / view.k;
	const wx = -view.x / view.k;
	const wy = -view.y / view.k;
	const tile = 2 ** Math.ceil(Math.log2(Math.max(ww, wh) / 4));
	return {
		x0: Math.floor((wx - ww / 4) / tile) * tile,
		y0: Math.floor((wy - wh / 4) / tile) * tile,
		x1: Math.ceil((wx + ww * 1.25) / tile) * tile,
		y1: Math.ceil((wy + wh * 1.25) / tile) * tile
	};
}

/**
 * Whether the segment a–b passes through `box` grown by `margin` (Liang–Barsky clipping). Long
 * relations across the map usually have a bounding box that overlaps the screen while the line
 * itself misses it; those are not drawn.
 */
export function segmentHitsBox(a: Point, b: Point, box: Box, margin = 0): boolean {
	const x0 = box.x0 - margin;
	const y0 = box.y0 - margin;
	const x1 = box.x1 + margin;
	const y1 = box.y1 + margin;
	const dx = b.x - a.x;
	const dy = b.y - a.y;
	let t0 = 0;
	let t1 = 1;
	for (const [p, q] of [
		[-dx, a.x - x0],
		[dx, x1 - a.x],
		[-dy, a.y - y0],
		[dy, y1 - a.y]
	]) {
		if (p === 0) {
			if (q < 0) return false;
			continue;
		}
		const t = q / p;
		if (p < 0) {
			if (t > t1) return false;
			if (t > t0) t0 = t;
		} else {
			if (t < t0) return false;
			if (t < t1) t1 = t;
		}
	}
	return true;
}
