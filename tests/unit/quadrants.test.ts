/** The power–interest grid's pure parts: quadrant names, pixels, and chips that never hide each other. */
import { describe, expect, it } from 'vitest';
import {
	clampPercent,
	COURSE_NAME,
	fromPixel,
	parseLabelSet,
	placeChips,
	QUADRANT_CORNER,
	quadrantOf,
	stepPercent,
	toPixel,
	type ChipBox,
	type ChipPlacement
} from '../../src/lib/components/stakeholders/quadrants.js';

describe('quadrantOf', () => {
	it('names the four Mendelow quadrants', () => {
		expect(quadrantOf(90, 90)).toBe('manage');
		expect(quadrantOf(90, 10)).toBe('satisfy');
		expect(quadrantOf(10, 90)).toBe('inform');
		expect(quadrantOf(10, 10)).toBe('monitor');
	});

	it('counts 50 as high, so a new 50/50 card is managed closely', () => {
		expect(quadrantOf(50, 50)).toBe('manage');
		expect(quadrantOf(49, 50)).toBe('inform');
		expect(quadrantOf(50, 49)).toBe('satisfy');
		expect(quadrantOf(49.9, 49.9)).toBe('monitor');
		expect(quadrantOf(0, 0)).toBe('monitor');
		expect(quadrantOf(100, 100)).toBe('manage');
	});

	it('maps to the Indonesian course labels as taught', () => {
		// Promoters: high interest, high power; Defenders: high interest, low power;
		// Latents: low interest, high power; Apathetics: low interest, low power.
		expect(COURSE_NAME[quadrantOf(80, 80)]).toBe('promoters');
		expect(COURSE_NAME[quadrantOf(20, 80)]).toBe('defenders');
		expect(COURSE_NAME[quadrantOf(80, 20)]).toBe('latents');
		expect(COURSE_NAME[quadrantOf(20, 20)]).toBe('apathetics');
	});

	it('puts high power on top and high interest on the right', () => {
		expect(QUADRANT_CORNER.manage).toEqual({ top: true, right: true });
		expect(QUADRANT_CORNER.satisfy).toEqual({ top: true, right: false });
		expect(QUADRANT_CORNER.inform).toEqual({ top: false, right: true });
		expect(QUADRANT_CORNER.monitor).toEqual({ top: false, right: false });
	});
});

describe('label set preference', () => {
	it('defaults to Mendelow for anything but "course"', () => {
		expect(parseLabelSet('course')).toBe('course');
		expect(parseLabelSet('mendelow')).toBe('mendelow');
		expect(parseLabelSet(null)).toBe('mendelow');
		expect(parseLabelSet('<script>')).toBe('mendelow');
	});
});

describe('values and pixels', () => {
	const plot = { width: 400, height: 200 };

	it('maps interest left to right and power bottom to top', () => {
		expect(toPixel(plot, 0, 0)).toEqual({ x: 0, y: 200 });
		expect(toPixel(plot, 100, 100)).toEqual({ x: 400, y: 0 });
		expect(toPixel(plot, 25, 75)).toEqual({ x: 100, y: 50 });
	});

	it('goes back from pixels to the same values', () => {
		for (const [interest, power] of [
			[0, 0],
			[37, 81],
			[100, 12]
		]) {
			const p = toPixel(plot, interest, power);
			const v = fromPixel(plot, p.x, p.y);
			expect(v.interest).toBeCloseTo(interest);
			expect(v.power).toBeCloseTo(power);
		}
		expect(fromPixel({ width: 0, height: 0 }, 5, 5)).toEqual({ interest: 0, power: 0 });
	});

	it('writes integers 0–100 only', () => {
		expect(clampPercent(-3)).toBe(0);
		expect(clampPercent(140)).toBe(100);
		expect(clampPercent(41.6)).toBe(42);
		expect(clampPercent(Number.NaN, 50)).toBe(50);
		expect(stepPercent(98, 5)).toBe(100);
		expect(stepPercent(3, -5)).toBe(0);
		expect(stepPercent(33.4, 1)).toBe(34);
	});
});

describe('placeChips', () => {
	const plot = { width: 600, height: 400 };
	const box: ChipBox = { width: 120, height: 26, gap: 4 };

	const overlapping = (placements: ChipPlacement[]) => {
		const pairs: string[] = [];
		for (let i = 0; i < placements.length; i++) {
			for (let j = i + 1; j < placements.length; j++) {
				const a = placements[i];
				const b = placements[j];
				if (Math.abs(a.x - b.x) < box.width && Math.abs(a.y - b.y) < box.height) pairs.push(`${a.id}/${b.id}`);
			}
		}
		return pairs;
	};

	it('leaves a lone chip on its own point', () => {
		const [chip] = placeChips([{ id: 'a', power: 50, interest: 50 }], plot, box);
		expect(chip).toMatchObject({ x: 300, y: 200, anchorX: 300, anchorY: 200, displaced: false });
	});

	it('keeps chips inside the plot, also at the corners', () => {
		const chips = placeChips(
			[
				{ id: 'a', power: 100, interest: 0 },
				{ id: 'b', power: 0, interest: 100 }
			],
			plot,
			box
		);
		for (const chip of chips) {
			expect(chip.x - box.width / 2).toBeGreaterThanOrEqual(0);
			expect(chip.x + box.width / 2).toBeLessThanOrEqual(plot.width);
			expect(chip.y - box.height / 2).toBeGreaterThanOrEqual(0);
			expect(chip.y + box.height / 2).toBeLessThanOrEqual(plot.height);
		}
		expect(chips.find((c) => c.id === 'a')).toMatchObject({ anchorX: 0, anchorY: 0 });
	});

	it('spreads stakeholders with identical values so none hides another', () => {
		const items = Array.from({ length: 8 }, (_, i) => ({ id: `s${i}`, power: 60, interest: 60 }));
		const chips = placeChips(items, plot, box);
		expect(chips).toHaveLength(8);
		expect(overlapping(chips)).toEqual([]);
		// They stay a cluster near their point, not scattered across the grid.
		for (const chip of chips) expect(Math.hypot(chip.x - chip.anchorX, chip.y - chip.anchorY)).toBeLessThan(150);
	});

	it('spreads near values and a crowded corner too', () => {
		const items = [
			...Array.from({ length: 6 }, (_, i) => ({ id: `n${i}`, power: 70 + i, interest: 30 + i })),
			...Array.from({ length: 6 }, (_, i) => ({ id: `c${i}`, power: 100, interest: 100 }))
		];
		expect(overlapping(placeChips(items, plot, box))).toEqual([]);
	});

	it('is deterministic whatever order the stakeholders come in', () => {
		const items = Array.from({ length: 10 }, (_, i) => ({ id: `s${i}`, power: 40 + (i % 3), interest: 55 - (i % 2) }));
		const sorted = (chips: ChipPlacement[]) => [...chips].sort((a, b) => a.id.localeCompare(b.id));
		expect(sorted(placeChips(items, plot, box))).toEqual(sorted(placeChips([...items].reverse(), plot, box)));
	});

	it('never loses a chip when there is no room (tiny plot)', () => {
		const items = Array.from({ length: 30 }, (_, i) => ({ id: `s${i}`, power: 50, interest: 50 }));
		const chips = placeChips(items, { width: 130, height: 60 }, box);
		expect(new Set(chips.map((c) => c.id)).size).toBe(30);
		for (const chip of chips) expect(Number.isFinite(chip.x) && Number.isFinite(chip.y)).toBe(true);
	});

	it('keeps clear of reserved areas (the quadrant names), also for a chip whose point is inside one', () => {
		const label = { x: 0, y: 0, width: 150, height: 40 };
		const chips = placeChips(
			[
				{ id: 'corner', power: 100, interest: 0 },
				{ id: 'near', power: 95, interest: 10 }
			],
			plot,
			box,
			[label]
		);
		for (const chip of chips) {
			const clear =
				chip.x - box.width / 2 >= label.x + label.width || chip.y - box.height / 2 >= label.y + label.height;
			expect(clear, chip.id).toBe(true);
		}
		expect(chips.find((c) => c.id === 'corner')?.displaced).toBe(true);
		expect(overlapping(chips)).toEqual([]);
	});

	it('keeps a crowded chip in its own quadrant while there is room there', () => {
		const items = Array.from({ length: 6 }, (_, i) => ({ id: `s${i}`, power: 45, interest: 70 }));
		const chips = placeChips(items, plot, box);
		expect(overlapping(chips)).toEqual([]);
		// Low power: every chip centre stays below the midline, high interest: right of it.
		for (const chip of chips) {
			expect(chip.y).toBeGreaterThanOrEqual(plot.height / 2);
			expect(chip.x).toBeGreaterThanOrEqual(plot.width / 2);
		}
	});

	it('marks chips that had to move away from their point', () => {
		const chips = placeChips(
			[
				{ id: 'a', power: 50, interest: 50 },
				{ id: 'b', power: 50, interest: 50 }
			],
			plot,
			box
		);
		expect(chips.filter((c) => c.displaced)).toHaveLength(1);
	});
});
