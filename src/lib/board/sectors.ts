/**
 * Geometry of the pentahelix map: five sectors around the origin, one per helix, government at the
 * top and the others clockwise in format order. A sector is an infinite wedge of 72°: every point
 * of the board belongs to exactly one, so "the sector under the pointer" always has an answer.
 * Positions are card top-left corners in board units; sector tests use the card's centre.
 */
import { HELIXES, type Helix } from './schema.js';

export const CARD_WIDTH = 200;
export const CARD_HEIGHT = 88;

const SECTOR_ANGLE = (2 * Math.PI) / HELIXES.length;
/** The first sector is centred straight up (screen y grows downwards). */
const FIRST_START = -Math.PI / 2 - SECTOR_ANGLE / 2;

/** Radius of the drawn backdrop when the cards do not reach further. */
export const MAP_RADIUS = 1100;
/** Where "Arrange by helix" puts its innermost ring, and the distance between rings. */
const FIRST_RING = 250;
const RING_STEP = CARD_HEIGHT + 44;
const CARD_GAP = 24;

export interface Sector {
	helix: Helix;
	/** Angles in radians, start < end, measured like Math.atan2 on screen coordinates. */
	start: number;
	end: number;
	middle: number;
}

export const SECTORS: readonly Sector[] = HELIXES.map((helix, i) => {
	const start = FIRST_START + i * SECTOR_ANGLE;
	return { helix, start, end: start + SECTOR_ANGLE, middle: start + SECTOR_ANGLE / 2 };
});

/** The helix whose sector holds this board point. */
export function helixAt(x: number, y: number): Helix {
	if (x === 0 && y === 0) return HELIXES[0];
	const angle = Math.atan2(y, x);
	const turns = (angle - FIRST_START) / (2 * Math.PI);
	const index = Math.floor((turns - Math.floor(turns)) * HELIXES.length) % HELIXES.length;
	return HELIXES[index];
}

/** The helix of the sector under a card placed with its top-left corner at (x, y). */
export function helixOfCardAt(x: number, y: number): Helix {
	return helixAt(x + CARD_WIDTH / 2, y + CARD_HEIGHT / 2);
}

/** Top-left corner that centres a card on a board point. */
export function cardCornerAt(x: number, y: number): { x: number; y: number } {
	return { x: Math.round(x - CARD_WIDTH / 2), y: Math.round(y - CARD_HEIGHT / 2) };
}

/** A point in the middle of a sector at a given distance from the centre. */
export function sectorPoint(helix: Helix, radius: number): { x: number; y: number } {
	const sector = SECTORS[HELIXES.indexOf(helix)];
	return { x: radius * Math.cos(sector.middle), y: radius * Math.sin(sector.middle) };
}

/** How many cards fit side by side on a ring of this radius inside one sector. */
function ringCapacity(radius: number): number {
	const arc = SECTOR_ANGLE * radius - CARD_WIDTH - 2 * CARD_GAP;
	return Math.max(1, Math.floor(arc / (CARD_WIDTH + CARD_GAP)) + 1);
}

/**
 * Card positions that lay `count` cards of one helix into its sector, ring by ring from the centre
 * outwards, each ring centred on the sector's middle. Deterministic, so two people pressing
 * "Arrange" at once write the same layout.
 */
export function arrangeInSector(helix: Helix, count: number): { x: number; y: number }[] {
	const sector = SECTORS[HELIXES.indexOf(helix)];
	const positions: { x: number; y: number }[] = [];
	for (let ring = 0; positions.length < count; ring++) {
		const radius = FIRST_RING + ring * RING_STEP;
		const onRing = Math.min(ringCapacity(radius), count - positions.length);
		const step = (CARD_WIDTH + CARD_GAP) / radius;
		for (let j = 0; j < onRing; j++) {
			const angle = sector.middle + (j - (onRing - 1) / 2) * step;
			positions.push(cardCornerAt(radius * Math.cos(angle), radius * Math.sin(angle)));
		}
	}
	return positions;
}
