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
/** "Arrange by helix" leaves the centre free (where the five sectors meet) up to this radius. */
const INNER_RADIUS = 260;
const CELL_WIDTH = CARD_WIDTH + 24;
const CELL_HEIGHT = CARD_HEIGHT + 28;
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

/**
 * Card positions that lay `count` cards of one helix into its sector: cells of one board-wide grid
 * whose whole card lies inside the sector, nearest to the centre first. Sharing one grid means
 * cards never overlap, within a sector or across a border. Deterministic, so two people pressing
 * "Arrange" at once write the same layout.
 */
export function arrangeInSector(helix: Helix, count: number): { x: number; y: number }[] {
	if (count <= 0) return [];
	const sector = SECTORS[HELIXES.indexOf(helix)];
	const inside = (x: number, y: number) =>
		helixAt(x, y) === helix &&
		helixAt(x + CARD_WIDTH, y) === helix &&
		helixAt(x, y + CARD_HEIGHT) === helix &&
		helixAt(x + CARD_WIDTH, y + CARD_HEIGHT) === helix;
	// A sector is a fifth of a disc: start with a radius that should hold the cards, grow if not.
	let radius = INNER_RADIUS + Math.sqrt((count * CELL_WIDTH * CELL_HEIGHT * HELIXES.length * 2) / Math.PI);
	for (;;) {
		const cells: { x: number; y: number; distance: number; offset: number }[] = [];
		const [columns, rows] = [Math.ceil(radius / CELL_WIDTH), Math.ceil(radius / CELL_HEIGHT)];
		for (let i = -columns; i <= columns; i++) {
			for (let j = -rows; j <= rows; j++) {
				const [cx, cy] = [i * CELL_WIDTH, j * CELL_HEIGHT];
				const distance = Math.hypot(cx, cy);
				if (distance < INNER_RADIUS || distance > radius) continue;
				const corner = cardCornerAt(cx, cy);
				if (!inside(corner.x, corner.y)) continue;
				const offset = Math.abs(Math.atan2(Math.sin(Math.atan2(cy, cx) - sector.middle), Math.cos(Math.atan2(cy, cx) - sector.middle)));
				cells.push({ ...corner, distance, offset });
			}
		}
		if (cells.length >= count) {
			// Nearest first; at equal distance, nearest the sector's middle line, then left to right.
			cells.sort((a, b) => Math.round(a.distance / 10) - Math.round(b.distance / 10) || a.offset - b.offset || a.x - b.x);
			return cells.slice(0, count).map(({ x, y }) => ({ x, y }));
		}
		radius *= 1.5;
	}
}
