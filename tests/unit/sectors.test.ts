/** Pentahelix map geometry: which sector a point is in, and where "Arrange by helix" puts cards. */
import { describe, expect, it } from 'vitest';
import { HELIXES } from '../../src/lib/board/schema.js';
import { arrangeInSector, CARD_HEIGHT, CARD_WIDTH, cardCornerAt, helixAt, helixOfCardAt, SECTORS, sectorPoint } from '../../src/lib/board/sectors.js';

describe('helixAt', () => {
	it('puts government at the top and the others clockwise in format order', () => {
		expect(helixAt(0, -500)).toBe('government');
		expect(SECTORS.map((s) => s.helix)).toEqual([...HELIXES]);
		for (const helix of HELIXES) {
			for (const radius of [1, 300, 50_000]) {
				const p = sectorPoint(helix, radius);
				expect(helixAt(p.x, p.y), `${helix} at ${radius}`).toBe(helix);
			}
		}
	});

	it('gives every point exactly one helix, including the centre and the sector borders', () => {
		expect(HELIXES).toContain(helixAt(0, 0));
		for (const sector of SECTORS) {
			for (const angle of [sector.start, sector.end, sector.start + 1e-9, sector.end - 1e-9]) {
				expect(HELIXES).toContain(helixAt(1000 * Math.cos(angle), 1000 * Math.sin(angle)));
			}
		}
	});

	it('judges a card by its centre', () => {
		const corner = cardCornerAt(sectorPoint('media', 400).x, sectorPoint('media', 400).y);
		expect(helixOfCardAt(corner.x, corner.y)).toBe('media');
	});
});

describe('arrangeInSector', () => {
	const overlap = (a: { x: number; y: number }, b: { x: number; y: number }) =>
		Math.abs(a.x - b.x) < CARD_WIDTH && Math.abs(a.y - b.y) < CARD_HEIGHT;

	it.each([0, 1, 2, 7, 30, 100, 150])('lays %i cards inside the sector without overlaps', (count) => {
		for (const helix of HELIXES) {
			const slots = arrangeInSector(helix, count);
			expect(slots).toHaveLength(count);
			for (const slot of slots) expect(helixOfCardAt(slot.x, slot.y)).toBe(helix);
			for (let i = 0; i < slots.length; i++) {
				for (let j = i + 1; j < slots.length; j++) expect(overlap(slots[i], slots[j]), `${helix} ${i}/${j}`).toBe(false);
			}
		}
	});

	it('keeps neighbouring sectors apart too', () => {
		const all = HELIXES.flatMap((helix) => arrangeInSector(helix, 40));
		let collisions = 0;
		for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) if (overlap(all[i], all[j])) collisions++;
		expect(collisions).toBe(0);
	});
});
