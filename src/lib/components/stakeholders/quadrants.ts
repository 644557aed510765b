/**
 * The Mendelow power–interest grid as pure geometry, so the grid view, the inspector and the tests
 * agree: which quadrant a stakeholder is in, the two label sets facilitators use, where a value
 * lands in pixels and back, and where chips go so that stakeholders with equal or near values never
 * hide each other. No Svelte, no messages: labels are looked up by the components.
 */

/** Quadrants by what the facilitator does with the stakeholder (Mendelow). */
export const QUADRANTS = ['manage', 'satisfy', 'inform', 'monitor'] as const;
export type Quadrant = (typeof QUADRANTS)[number];

/**
 * A value of 50 or more counts as "high". New cards start at 50/50 (the model's default), so they
 * land in "manage closely" until someone places them: better over-attended than forgotten.
 */
export const HIGH_FROM = 50;

export function quadrantOf(power: number, interest: number): Quadrant {
	const highPower = power >= HIGH_FROM;
	const highInterest = interest >= HIGH_FROM;
	if (highPower) return highInterest ? 'manage' : 'satisfy';
	return highInterest ? 'inform' : 'monitor';
}

/** Where each quadrant sits: interest grows to the right, power grows upwards. */
export const QUADRANT_CORNER: Record<Quadrant, { top: boolean; right: boolean }> = {
	manage: { top: true, right: true },
	satisfy: { top: true, right: false },
	inform: { top: false, right: true },
	monitor: { top: false, right: false }
};

/**
 * Indonesian civil-service leadership courses teach the same grid with these names (DOMAIN.md):
 * Promoters (high interest, high power), Latents (low interest, high power), Defenders (high
 * interest, low power), Apathetics (low interest, low power).
 */
export const COURSE_NAME = {
	manage: 'promoters',
	satisfy: 'latents',
	inform: 'defenders',
	monitor: 'apathetics'
} as const satisfies Record<Quadrant, string>;
export type CourseName = (typeof COURSE_NAME)[Quadrant];

export const LABEL_SETS = ['mendelow', 'course'] as const;
export type LabelSet = (typeof LABEL_SETS)[number];
/** localStorage key: the label set is a per-browser preference, not part of the board. */
export const LABEL_SET_KEY = 'helixboard:grid-labels';

export function parseLabelSet(stored: string | null | undefined): LabelSet {
	return stored === 'course' ? 'course' : 'mendelow';
}

/** Integers 0–100, as the format wants them; NaN (a bad computation) falls back to `fallback`. */
export function clampPercent(value: number, fallback = 0): number {
	if (!Number.isFinite(value)) return fallback;
	return Math.min(100, Math.max(0, Math.round(value)));
}

/** One arrow-key step from a (possibly fractional, foreign-written) value. */
export function stepPercent(value: number, delta: number): number {
	return clampPercent(Math.round(value) + delta);
}

// ── pixels ──────────────────────────────────────────────────────────────────

export interface Plot {
	/** Size of the plotting area in pixels; (0, 0) is its top-left corner. */
	width: number;
	height: number;
}

/** Interest on x (left → right), power on y (bottom → top). */
export function toPixel(plot: Plot, interest: number, power: number): { x: number; y: number } {
	return { x: (interest / 100) * plot.width, y: (1 - power / 100) * plot.height };
}

/** The (unrounded) values under a pixel of the plot; outside the plot they run past 0–100. */
export function fromPixel(plot: Plot, x: number, y: number): { interest: number; power: number } {
	return {
		interest: plot.width > 0 ? (x / plot.width) * 100 : 0,
		power: plot.height > 0 ? (1 - y / plot.height) * 100 : 0
	};
}

// ── chip placement ──────────────────────────────────────────────────────────

export interface ChipInput {
	id: string;
	power: number;
	interest: number;
}

export interface ChipBox {
	width: number;
	height: number;
	/** Free space kept between two chips. */
	gap: number;
}

/** An area chips keep clear of (the quadrant names), in plot pixels from the top-left corner. */
export interface Rect {
	x: number;
	y: number;
	width: number;
	height: number;
}

export interface ChipPlacement {
	id: string;
	/** The exact point of the values, in plot pixels. */
	anchorX: number;
	anchorY: number;
	/** Centre of the chip, in plot pixels; differs from the anchor when it had to make room. */
	x: number;
	y: number;
	/** True when the chip is away from its own point (the view draws a leader line). */
	displaced: boolean;
}

const clamp = (value: number, min: number, max: number) => (max < min ? (min + max) / 2 : Math.min(max, Math.max(min, value)));

/**
 * Candidate offsets from the desired spot, nearest first. Chips are wide and short, so most room is
 * found above or below; half-width sideways steps make a staggered cluster rather than a tall tower.
 */
function candidateOffsets(box: ChipBox): { dx: number; dy: number }[] {
	// Half-height and quarter-width steps let a chip slide into a gap beside or between others.
	const stepY = (box.height + box.gap) / 2;
	const stepX = (box.width + box.gap) / 4;
	const offsets: { dx: number; dy: number; i: number; j: number }[] = [];
	for (let j = -16; j <= 16; j++) {
		for (let i = -8; i <= 8; i++) offsets.push({ dx: i * stepX, dy: j * stepY, i, j });
	}
	// Ties broken by a fixed rule (down before up, right before left), so every screen agrees.
	offsets.sort((a, b) => Math.hypot(a.dx, a.dy) - Math.hypot(b.dx, b.dy) || b.j - a.j || b.i - a.i);
	return offsets;
}

/**
 * Places one chip per stakeholder as near to its (interest, power) point as the others allow,
 * greedily and deterministically: chips are taken from the top-left of the grid in a fixed order
 * (ties by id), each goes to the first free spot around its point, inside the plot and off the
 * `reserved` areas. When nothing is free (a phone with very many chips) it goes to its own point,
 * overlapping: never lost.
 */
export function placeChips(items: readonly ChipInput[], plot: Plot, box: ChipBox, reserved: readonly Rect[] = []): ChipPlacement[] {
	const halfW = box.width / 2;
	const halfH = box.height / 2;
	const anchored = items.map((item) => {
		const p = toPixel(plot, clamp(item.interest, 0, 100), clamp(item.power, 0, 100));
		return { id: item.id, anchorX: p.x, anchorY: p.y };
	});
	anchored.sort((a, b) => a.anchorY - b.anchorY || a.anchorX - b.anchorX || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	const offsets = candidateOffsets(box);
	const placed: ChipPlacement[] = [];
	// A hair of tolerance: value-to-pixel arithmetic leaves 29.999… where a step is 30.
	const clearX = box.width + box.gap - 0.01;
	const clearY = box.height + box.gap - 0.01;
	const overlaps = (x: number, y: number) =>
		placed.some((p) => Math.abs(p.x - x) < clearX && Math.abs(p.y - y) < clearY) ||
		reserved.some(
			(r) => x + halfW > r.x && x - halfW < r.x + r.width && y + halfH > r.y && y - halfH < r.y + r.height
		);
	for (const a of anchored) {
		const wantX = clamp(a.anchorX, halfW, plot.width - halfW);
		const wantY = clamp(a.anchorY, halfH, plot.height - halfH);
		// A chip pushed over a midline would read as the wrong quadrant: look in its own first.
		const right = a.anchorX >= plot.width / 2;
		const top = a.anchorY <= plot.height / 2;
		const sameQuadrant = (x: number, y: number) => x >= plot.width / 2 === right && y <= plot.height / 2 === top;
		let spot: { x: number; y: number } | null = null;
		for (const anywhere of [false, true]) {
			for (const { dx, dy } of offsets) {
				const x = clamp(wantX + dx, halfW, plot.width - halfW);
				const y = clamp(wantY + dy, halfH, plot.height - halfH);
				if ((anywhere || sameQuadrant(x, y)) && !overlaps(x, y)) {
					spot = { x, y };
					break;
				}
			}
			if (spot) break;
		}
		spot ??= { x: wantX, y: wantY };
		// Displaced: the chip no longer covers its own point.
		const displaced = Math.abs(spot.x - a.anchorX) > halfW || Math.abs(spot.y - a.anchorY) > halfH;
		placed.push({ ...a, x: spot.x, y: spot.y, displaced });
	}
	return placed;
}
