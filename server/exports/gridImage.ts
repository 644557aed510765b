/**
 * The power–interest grid as an SVG image, drawn like the grid view: four tinted quadrants with
 * their names (Mendelow's or the course's), the axes, one chip per stakeholder placed by the
 * view's own rule (quadrants.ts placeChips: near its point, never hiding another, a leader line
 * when it had to move), stakeholders whose values are not numbers listed under the grid, and the
 * legend beside it.
 */
import type * as Y from 'yjs';
import { readStakeholders, type StakeholderView } from '../../src/lib/board/stakeholders.js';
import { displayName, quadrantLabel, quadrantWhere } from '../../src/lib/components/stakeholders/labels.js';
import { placeChips, QUADRANT_CORNER, QUADRANTS, type LabelSet, type Plot, type Rect } from '../../src/lib/components/stakeholders/quadrants.js';
import { ATTITUDE_STYLE, HELIX_STYLE, INVALID_ATTITUDE_SHAPE, INVALID_COLOR, INVALID_HELIX_ICON } from '../../src/lib/components/stakeholders/style.js';
import { m } from '../../src/lib/paraglide/messages.js';
import { fitText, textWidth, wrapText } from './fonts.js';
import { attitudeShape, esc, header, helixIcon, legend, MUTED, r, svgDocument, text, type ImageHeading, type ImageOptions } from './svg.js';

const PAD = 24;
const AXIS_LEFT = 64;
const AXIS_BOTTOM = 60;
const PLOT: Plot = { width: 1040, height: 720 };
const CHIP = { width: 200, height: 30, gap: 6 };
const TICKS = [0, 25, 50, 75, 100];
const QUADRANT_FILL = { manage: '#eaf3ef', satisfy: '#eef2f8', inform: '#f7f3e8', monitor: '#f6f6f7' } as const;

export function gridSvg(doc: Y.Doc, heading: ImageHeading | null, labelSet: LabelSet = 'mendelow', { legendScale = 1 }: ImageOptions = {}): string {
	const stakeholders = readStakeholders(doc);
	const placed = stakeholders.filter((s) => s.power !== null && s.interest !== null);
	const unplaced = stakeholders.filter((s) => s.power === null || s.interest === null);
	const left = PAD + AXIS_LEFT;
	const legendBox = legend(left + PLOT.width + PAD, 0, { relations: false }, legendScale);
	const width = left + PLOT.width + PAD + legendBox.width + PAD;
	const head = header(PAD, width - 2 * PAD, heading);
	const top = head.height + PAD;
	const parts: string[] = [];

	// Quadrants, their names in the outer corners (kept clear of chips), grid lines.
	const reserved: Rect[] = [];
	for (const quadrant of QUADRANTS) {
		const corner = QUADRANT_CORNER[quadrant];
		const qx = corner.right ? PLOT.width / 2 : 0;
		const qy = corner.top ? 0 : PLOT.height / 2;
		parts.push(`<rect x="${left + qx}" y="${top + qy}" width="${PLOT.width / 2}" height="${PLOT.height / 2}" fill="${QUADRANT_FILL[quadrant]}"/>`);
		const name = fitText(quadrantLabel(quadrant, labelSet), 16, PLOT.width / 2 - 20, 'bold');
		const where = fitText(quadrantWhere(quadrant), 12, PLOT.width / 2 - 20);
		const width = Math.max(textWidth(name, 16, 'bold'), textWidth(where, 12));
		const x = corner.right ? PLOT.width - 10 : 10;
		const y = corner.top ? 8 : PLOT.height - 44;
		const anchor = corner.right ? 'end' : 'start';
		parts.push(text(left + x, top + y + 16, name, { size: 16, weight: 'bold', anchor }), text(left + x, top + y + 33, where, { size: 12, fill: MUTED, anchor }));
		reserved.push({ x: corner.right ? x - width - 4 : x - 4, y: y - 2, width: width + 8, height: 42 });
	}
	for (const tick of TICKS) {
		const x = left + (tick / 100) * PLOT.width;
		const y = top + (1 - tick / 100) * PLOT.height;
		const line = tick === 50 ? 'stroke="#9aa5b1" stroke-width="1.5"' : 'stroke="#dde2e7"';
		if (tick > 0 && tick < 100) parts.push(`<path d="M${x} ${top}V${top + PLOT.height}M${left} ${y}H${left + PLOT.width}" ${line}/>`);
		parts.push(text(x, top + PLOT.height + 18, String(tick), { size: 12, fill: MUTED, anchor: 'middle' }));
		parts.push(text(left - 8, y + 4, String(tick), { size: 12, fill: MUTED, anchor: 'end' }));
	}
	parts.push(`<rect x="${left}" y="${top}" width="${PLOT.width}" height="${PLOT.height}" fill="none" stroke="#c3ccd5"/>`);
	const axisY = top + PLOT.height + 44;
	parts.push(
		text(left, axisY, m.grid_axis_low(), { size: 13, fill: MUTED }),
		text(left + PLOT.width / 2, axisY, `${m.grid_axis_interest()} →`, { size: 14, weight: 'bold', anchor: 'middle' }),
		text(left + PLOT.width, axisY, m.grid_axis_high(), { size: 13, fill: MUTED, anchor: 'end' }),
		`<g transform="translate(${PAD + 16} ${top + PLOT.height / 2}) rotate(-90)">${text(0, 0, `${m.grid_axis_power()} →`, { size: 14, weight: 'bold', anchor: 'middle' })}</g>`
	);

	// Chips, by the grid view's placement rule; leader lines under them.
	const byId = new Map(placed.map((s) => [s.id, s]));
	const placements = placeChips(placed.map((s) => ({ id: s.id, power: s.power!, interest: s.interest! })), PLOT, CHIP, reserved);
	for (const p of placements) {
		if (!p.displaced) continue;
		parts.push(`<path d="M${r(left + p.anchorX)} ${r(top + p.anchorY)}L${r(left + p.x)} ${r(top + p.y)}" stroke="#6b7280" stroke-dasharray="3 3"/><circle cx="${r(left + p.anchorX)}" cy="${r(top + p.anchorY)}" r="3.5" fill="#4b5563"/>`);
	}
	for (const p of placements) parts.push(chip(byId.get(p.id)!, left + p.x - CHIP.width / 2, top + p.y - CHIP.height / 2));
	if (stakeholders.length === 0) parts.push(text(left + PLOT.width / 2, top + PLOT.height / 2, m.export_map_empty(), { size: 18, fill: MUTED, anchor: 'middle' }));

	// Stakeholders the grid cannot place: named under it, as the view's tray does.
	let bottom = axisY + 12;
	if (unplaced.length > 0) {
		bottom += 22;
		parts.push(text(left, bottom, m.grid_unplaced_heading({ count: unplaced.length }), { size: 14, weight: 'bold' }));
		for (const line of wrapText(unplaced.map((s) => displayName(s.name)).join(', '), 13, PLOT.width, 3)) {
			bottom += 19;
			parts.push(text(left, bottom, line, { size: 13 }));
		}
		bottom += 8;
	}

	const height = Math.max(bottom, top + legendBox.height) + PAD;
	return svgDocument(width, height, heading?.title, '', head.svg + parts.join('') + `<g transform="translate(0 ${top})">${legendBox.svg}</g>`);
}

function chip(s: StakeholderView, x: number, y: number): string {
	const color = s.helix ? HELIX_STYLE[s.helix].color : INVALID_COLOR;
	const name = fitText(displayName(s.name), 13, CHIP.width - 30 - 24, 'bold');
	const attitude = s.attitude
		? attitudeShape(x + CHIP.width - 20, y + 9, 12, ATTITUDE_STYLE[s.attitude].shape, ATTITUDE_STYLE[s.attitude].color)
		: attitudeShape(x + CHIP.width - 20, y + 9, 12, INVALID_ATTITUDE_SHAPE, INVALID_COLOR, false);
	return (
		`<g><title>${esc(displayName(s.name))}</title>` +
		`<rect x="${r(x)}" y="${r(y)}" width="${CHIP.width}" height="${CHIP.height}" rx="5" fill="#fff" stroke="#c3ccd5"/>` +
		`<rect x="${r(x)}" y="${r(y)}" width="4" height="${CHIP.height}" fill="${color}"/>` +
		helixIcon(x + 10, y + 8, 14, s.helix ? HELIX_STYLE[s.helix].icon : INVALID_HELIX_ICON, color) +
		text(x + 30, y + 20, name, { size: 13, weight: 'bold' }) +
		attitude +
		'</g>'
	);
}
