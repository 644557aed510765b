/** Map view geometry: relation paths between card edges, parallel relations, fitting and culling. */
import { describe, expect, it } from 'vitest';
import { CARD_HEIGHT, CARD_WIDTH, MAP_RADIUS } from '../../src/lib/board/sectors.js';
import {
	backdropRadius,
	CardGrid,
	contentBounds,
	cullBox,
	DISPLAY_RADIUS,
	edgePoint,
	fitBox,
	FULL_DETAIL_ABOVE,
	FULL_DETAIL_CARDS,
	labelSpot,
	LOW_DETAIL_CARDS,
	LOW_DETAIL_BELOW,
	lowDetailAt,
	MIN_ZOOM,
	parallelBends,
	pointOnRelation,
	relationGeometry,
	segmentHitsBox
} from '../../src/lib/components/map/geometry.js';

describe('relationGeometry', () => {
	it('runs from edge to edge of the two cards, not centre to centre', () => {
		const g = relationGeometry({ x: 0, y: 0 }, { x: 500, y: 0 });
		const [, x0, y0, x1, y1] = /^M([\d.-]+) ([\d.-]+)L([\d.-]+) ([\d.-]+)$/.exec(g.d)!.map(Number);
		expect(x0).toBeCloseTo(CARD_WIDTH + 2);
		expect(y0).toBeCloseTo(CARD_HEIGHT / 2);
		expect(x1).toBeCloseTo(500 - 4);
		expect(y1).toBeCloseTo(CARD_HEIGHT / 2);
		expect(g.mid.x).toBeCloseTo((x0 + x1) / 2);
	});

	it('bows a bent relation sideways by the bend at its middle', () => {
		const straight = relationGeometry({ x: 0, y: 0 }, { x: 600, y: 0 });
		const bent = relationGeometry({ x: 0, y: 0 }, { x: 600, y: 0 }, 30);
		expect(bent.d).toContain('Q');
		expect(Math.abs(bent.mid.y - straight.mid.y)).toBeGreaterThan(20);
	});

	it('never produces NaN, even for cards on top of each other', () => {
		const g = relationGeometry({ x: 10, y: 10 }, { x: 10, y: 10 }, 20);
		expect(g.d).not.toContain('NaN');
		expect(edgePoint({ x: 0, y: 0 }, { x: 0, y: 0 })).toEqual({ x: 0, y: 0 });
	});
});

describe('parallelBends', () => {
	it('keeps a lone relation straight and fans out relations between one pair, both directions', () => {
		const bends = parallelBends([
			{ id: 'r1', from: 'a', to: 'b' },
			{ id: 'r2', from: 'b', to: 'a' },
			{ id: 'r3', from: 'a', to: 'c' }
		]);
		expect(bends.get('r3')).toBe(0);
		const one = relationGeometry({ x: 0, y: 0 }, { x: 600, y: 0 }, bends.get('r1'));
		// r2 runs the other way: drawn from b to a, it must still bow to a different side than r1.
		const two = relationGeometry({ x: 600, y: 0 }, { x: 0, y: 0 }, bends.get('r2'));
		expect(Math.sign(one.mid.y - CARD_HEIGHT / 2)).not.toBe(Math.sign(two.mid.y - CARD_HEIGHT / 2));
	});

	it('gives three relations between one pair three different curves', () => {
		const bends = parallelBends(['x', 'y', 'z'].map((id) => ({ id, from: 'a', to: 'b' })));
		expect(new Set(bends.values()).size).toBe(3);
		expect(bends.get('y')).toBe(0);
	});
});

describe('fitting and bounds', () => {
	it('fits content inside the screen, centred', () => {
		const box = contentBounds([
			{ x: -500, y: -300 },
			{ x: 400, y: 200 }
		])!;
		const view = fitBox(box, 1000, 600, 40);
		const left = box.x0 * view.k + view.x;
		const right = box.x1 * view.k + view.x;
		expect(left).toBeGreaterThanOrEqual(39);
		expect(right).toBeLessThanOrEqual(961);
		expect((left + right) / 2).toBeCloseTo(500);
	});

	it('keeps a stray card at a huge coordinate from shrinking the map to nothing', () => {
		const box = contentBounds([
			{ x: 0, y: 0 },
			{ x: 900_000, y: -900_000 }
		])!;
		expect(box.x1).toBeLessThanOrEqual(DISPLAY_RADIUS + CARD_WIDTH);
		expect(fitBox(box, 1000, 600).k).toBeGreaterThanOrEqual(MIN_ZOOM);
		expect(backdropRadius([{ x: 900_000, y: 0 }])).toBeLessThan(DISPLAY_RADIUS * 1.1);
	});

	it('draws the backdrop at least MAP_RADIUS, and past the furthest card', () => {
		expect(backdropRadius([])).toBe(MAP_RADIUS);
		expect(backdropRadius([{ x: 2000, y: 0 }])).toBeGreaterThan(2000 + CARD_WIDTH);
	});
});

describe('cullBox', () => {
	it('covers the screen with margin and does not change for a small pan', () => {
		const a = cullBox({ x: 0, y: 0, k: 1 }, 1280, 800);
		expect(a.x0).toBeLessThanOrEqual(0);
		expect(a.y0).toBeLessThanOrEqual(0);
		expect(a.x1).toBeGreaterThanOrEqual(1280);
		expect(a.y1).toBeGreaterThanOrEqual(800);
		expect(cullBox({ x: -3, y: 2, k: 1 }, 1280, 800)).toEqual(a);
	});
});

describe('segmentHitsBox', () => {
	const box = { x0: 0, y0: 0, x1: 100, y1: 100 };
	it('finds segments through, into and beside the box', () => {
		expect(segmentHitsBox({ x: -50, y: 50 }, { x: 150, y: 50 }, box)).toBe(true);
		expect(segmentHitsBox({ x: 50, y: 50 }, { x: 500, y: 500 }, box)).toBe(true);
		expect(segmentHitsBox({ x: -50, y: -50 }, { x: 500, y: -10 }, box)).toBe(false);
		expect(segmentHitsBox({ x: -50, y: -50 }, { x: 500, y: -10 }, box, 40)).toBe(true);
		// A diagonal whose bounding box covers the box but passes beside its corner.
		expect(segmentHitsBox({ x: -100, y: 50 }, { x: 50, y: -100 }, box)).toBe(false);
		expect(segmentHitsBox({ x: 50, y: 50 }, { x: 50, y: 50 }, box)).toBe(true);
	});
});

describe('level of detail', () => {
	it('switches to low detail below LOW_DETAIL_BELOW and back only above FULL_DETAIL_ABOVE', () => {
		expect(LOW_DETAIL_BELOW).toBeLessThan(FULL_DETAIL_ABOVE);
		let low = false;
		const trace: boolean[] = [];
		// Zooming out, wobbling around the threshold, then back in.
		for (const k of [1, 0.5, 0.34, 0.32, 0.34, 0.36, 0.33, 0.36, 0.38, 0.36, 0.32]) trace.push((low = lowDetailAt(k, 400, low)));
		expect(trace).toEqual([false, false, false, true, true, true, true, true, false, false, true]);
	});

	it('keeps full detail for a small board at any zoom, with a gap in the card count too', () => {
		expect(FULL_DETAIL_CARDS).toBeLessThan(LOW_DETAIL_CARDS);
		expect(lowDetailAt(0.1, 50, false)).toBe(false);
		expect(lowDetailAt(0.1, LOW_DETAIL_CARDS, false)).toBe(false);
		expect(lowDetailAt(0.1, LOW_DETAIL_CARDS + 1, false)).toBe(true);
		expect(lowDetailAt(0.1, FULL_DETAIL_CARDS + 5, true)).toBe(true);
		expect(lowDetailAt(0.1, FULL_DETAIL_CARDS - 1, true)).toBe(false);
	});
});

describe('label placement', () => {
	it('keeps the label at the middle of the line when no card is there', () => {
		const g = relationGeometry({ x: 0, y: 0 }, { x: 1000, y: 0 });
		const grid = new CardGrid([{ x: 0, y: 0 }, { x: 1000, y: 0 }]);
		expect(labelSpot(g, (p) => grid.covers(p))).toEqual(g.mid);
	});

	it('moves it along the line off a card that sits on the middle, and leaves it out when there is no room', () => {
		const g = relationGeometry({ x: 0, y: 0 }, { x: 1000, y: 0 });
		const middle = { x: g.mid.x - CARD_WIDTH / 2, y: g.mid.y - CARD_HEIGHT / 2 };
		const grid = new CardGrid([{ x: 0, y: 0 }, { x: 1000, y: 0 }, middle]);
		expect(grid.covers(g.mid)).toBe(true);
		const spot = labelSpot(g, (p) => grid.covers(p))!;
		expect(spot).not.toBeNull();
		expect(grid.covers(spot)).toBe(false);
		expect(spot.y).toBeCloseTo(g.mid.y);
		// A point on a bent line stays on it: t = 0.5 is the middle.
		const bent = relationGeometry({ x: 0, y: 0 }, { x: 600, y: 0 }, 30);
		expect(pointOnRelation(bent, 0.5).x).toBeCloseTo(bent.mid.x);
		expect(pointOnRelation(bent, 0.5).y).toBeCloseTo(bent.mid.y);
		expect(labelSpot(g, () => true)).toBeNull();
	});
});
