/**
 * The stakeholder map as an SVG image, drawn like the map view: the five pentahelix sectors, the
 * cards (helix stripe and icon, name, organisation, attitude, power/interest, the plan's count),
 * relations with their kind's line, arrowhead and label, and the legend beside it. The whole map
 * is shown: the disc grows with the cards, so the sectors and their names are always in the picture.
 * Uses the map's own geometry (sectors.ts, geometry.ts) and styles (style.ts).
 */
import type * as Y from 'yjs';
import { readActions } from '../../src/lib/board/actions.js';
import { actionCounts } from '../../src/lib/board/coverage.js';
import { HELIXES } from '../../src/lib/board/schema.js';
import { CARD_HEIGHT, CARD_WIDTH, SECTORS } from '../../src/lib/board/sectors.js';
import { readRelations, readStakeholders, type StakeholderView } from '../../src/lib/board/stakeholders.js';
import { CardGrid, displayClamp, labelSpot, parallelBends, relationGeometry, wedgePath } from '../../src/lib/components/map/geometry.js';
import { m } from '../../src/lib/paraglide/messages.js';
import {
	ATTITUDE_STYLE,
	attitudeLabel,
	HELIX_STYLE,
	helixLabel,
	INVALID_ATTITUDE_SHAPE,
	INVALID_COLOR,
	INVALID_HELIX_ICON,
	INVALID_RELATION_STYLE,
	RELATION_STYLE
} from '../../src/lib/components/stakeholders/style.js';
import { fitText, textWidth, wrapText } from './fonts.js';
import { attitudeShape, fine, header, helixIcon, legend, markerDefs, MUTED, r, svgDocument, text, type ImageHeading, type ImageOptions } from './svg.js';

/** Side of the map square in the image (px); the legend goes beside it. */
const MAP_SIDE = 1400;
/** The band at the disc's edge that holds the sector names, beyond the furthest card. */
const RIM = 150;
const PAD = 24;
/** Below this scale cards show their name only, larger (as the map does zoomed out). */
const COMPACT_BELOW = 0.45;
const PRIMARY = '#1f5f74';
const SECTOR_ANGLE = (2 * Math.PI) / SECTORS.length;

export function mapSvg(doc: Y.Doc, heading: ImageHeading | null, { legendScale = 1 }: ImageOptions = {}): string {
	const stakeholders = readStakeholders(doc).map((s) => ({ ...s, x: displayClamp(s.x), y: displayClamp(s.y) }));
	const byId = new Map(stakeholders.map((s) => [s.id, s]));
	const relations = readRelations(doc).filter((rel) => rel.from && rel.to && rel.from !== rel.to && byId.has(rel.from) && byId.has(rel.to));
	const counts = actionCounts(readActions(doc));

	// The disc reaches past the furthest card corner, with room for the sector names at its rim.
	let furthest = 0;
	for (const s of stakeholders) {
		for (const [dx, dy] of [[0, 0], [CARD_WIDTH, 0], [0, CARD_HEIGHT], [CARD_WIDTH, CARD_HEIGHT]]) furthest = Math.max(furthest, Math.hypot(s.x + dx, s.y + dy));
	}
	const radius = Math.max(560, Math.ceil((furthest + 30 + RIM) / 50) * 50);
	const scale = MAP_SIDE / (2 * radius);
	const compact = scale < COMPACT_BELOW;

	const parts: string[] = [];
	for (const sector of SECTORS) parts.push(sectorShape(sector, radius));

	const cardGrid = new CardGrid(stakeholders);
	const bends = parallelBends(relations.map((rel) => ({ id: rel.id, from: rel.from!, to: rel.to! })));
	const labels: string[] = [];
	for (const rel of relations) {
		const from = byId.get(rel.from!)!;
		const to = byId.get(rel.to!)!;
		const style = rel.kind ? RELATION_STYLE[rel.kind] : INVALID_RELATION_STYLE;
		const geometry = relationGeometry(from, to, bends.get(rel.id) ?? 0);
		const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : '';
		parts.push(`<path d="${geometry.d}" fill="none" stroke="${style.color}" stroke-width="${style.width}"${dash} marker-end="url(#${style.marker})"/>`);
		const label = rel.label.trim();
		const spot = label ? labelSpot(geometry, (p) => cardGrid.covers(p)) : null;
		if (spot) {
			const size = compact ? 24 : 13;
			labels.push(text(spot.x, spot.y + size * 0.35, label.length > 42 ? `${label.slice(0, 40)}…` : label, { size, weight: 'bold', fill: style.color, anchor: 'middle', halo: compact ? 8 : 5 }));
		}
	}
	parts.push(...labels);
	for (const s of stakeholders) parts.push(compact ? compactCard(s, counts.get(s.id) ?? 0) : fullCard(s, counts.get(s.id) ?? 0));

	const helixCounts = Object.fromEntries(HELIXES.map((helix) => [helix, stakeholders.filter((s) => s.helix === helix).length]));
	const legendBox = legend(PAD + MAP_SIDE + PAD, 0, { helixCounts, relations: true }, legendScale);
	const width = PAD + MAP_SIDE + PAD + legendBox.width + PAD;
	const head = header(PAD, width - 2 * PAD, heading);
	const top = head.height + PAD;
	const height = top + Math.max(MAP_SIDE, legendBox.height) + PAD;
	const map = `<g transform="translate(${PAD + MAP_SIDE / 2} ${top + MAP_SIDE / 2}) scale(${fine(scale)})">${parts.join('')}</g>`;
	const empty = stakeholders.length === 0 ? text(PAD + MAP_SIDE / 2, top + MAP_SIDE / 2, m.export_map_empty(), { size: 18, fill: MUTED, anchor: 'middle', halo: 6 }) : '';
	return svgDocument(width, height, heading?.title, markerDefs(), head.svg + map + empty + `<g transform="translate(0 ${top})">${legendBox.svg}</g>`);
}

/** A sector's wedge, tinted, with its icon and name side by side near the rim (sized to fit the wedge). */
function sectorShape(sector: (typeof SECTORS)[number], radius: number): string {
	const style = HELIX_STYLE[sector.helix];
	const distance = radius - RIM / 2;
	const label = helixLabel(sector.helix);
	const room = 2 * (distance - 40) * Math.tan(SECTOR_ANGLE / 2) * 0.8;
	// The icon is as wide as the letters are tall, plus a gap: 1.25 font sizes.
	const size = Math.min(60, Math.floor(room / (1.25 + textWidth(label, 1, 'bold'))));
	const width = size * 1.25 + textWidth(label, size, 'bold');
	const left = distance * Math.cos(sector.middle) - width / 2;
	const cy = distance * Math.sin(sector.middle);
	return (
		`<path d="${wedgePath(sector.start, sector.end, radius)}" fill="${style.tint}" stroke="#fff" stroke-width="6" stroke-linejoin="round"/>` +
		helixIcon(left, cy - size * 0.55, size, style.icon, style.color, 0.85) +
		text(left + size * 1.25, cy + size * 0.36, label, { size, weight: 'bold', fill: style.color, opacity: 0.85 })
	);
}

function colorOf(s: StakeholderView): string {
	return s.helix ? HELIX_STYLE[s.helix].color : INVALID_COLOR;
}

/** The card's box with the helix stripe on its left edge (the stripe follows the rounded corners). */
function cardBox(s: StakeholderView, invalid: boolean): string {
	const { x, y } = s;
	const inset = 10 - Math.sqrt(10 ** 2 - 5 ** 2);
	const stripe = `M${x + 5} ${r(y + inset)}A10 10 0 0 0 ${x} ${y + 10}V${y + CARD_HEIGHT - 10}A10 10 0 0 0 ${x + 5} ${r(y + CARD_HEIGHT - inset)}Z`;
	const border = invalid ? 'fill="#f6f7f9" stroke="#6b7280" stroke-width="2" stroke-dasharray="5 3"' : 'fill="#fff" stroke="#c3ccd5"';
	return `<rect x="${x}" y="${y}" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" rx="10" ${border}/><path d="${stripe}" fill="${colorOf(s)}"/>`;
}

function nameOf(s: StakeholderView): { name: string; placeholder: boolean } {
	return s.name.trim() ? { name: s.name, placeholder: false } : { name: m.map_card_unnamed(), placeholder: true };
}

function countBadge(s: StakeholderView, count: number, size: number): string {
	if (count === 0) return '';
	const label = String(count);
	const width = size * 1.1 + textWidth(label, size, 'bold') + size * 0.9;
	const height = size * 1.55;
	const x = s.x + CARD_WIDTH - 10 - width;
	const y = s.y + CARD_HEIGHT - height / 2;
	const icon = `<path transform="translate(${r(x + size * 0.35)} ${r(y + (height - size) / 2)}) scale(${fine(size / 16)})" d="M2 4l1.5 1.5L6 3M2 10.5 3.5 12 6 9.5M8.5 4.5H14M8.5 11H14" fill="none" stroke="#fff" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round"/>`;
	return `<rect x="${r(x)}" y="${r(y)}" width="${r(width)}" height="${r(height)}" rx="${r(height / 2)}" fill="${PRIMARY}"/>${icon}` + text(x + size * 1.45, y + height * 0.72, label, { size, weight: 'bold', fill: '#fff' });
}

function fullCard(s: StakeholderView, count: number): string {
	const invalid = s.issues.length > 0;
	const color = colorOf(s);
	const { name, placeholder } = nameOf(s);
	const parts = [cardBox(s, invalid), helixIcon(s.x + 12, s.y + 8, 16, s.helix ? HELIX_STYLE[s.helix].icon : INVALID_HELIX_ICON, color)];
	const lines = wrapText(name, 14, CARD_WIDTH - 33 - 9, s.organization.trim() ? 2 : 3, 'bold');
	let y = s.y + 21;
	for (const line of lines) {
		parts.push(text(s.x + 33, y, line, { size: 14, weight: 'bold', fill: placeholder ? MUTED : undefined, italic: placeholder }));
		y += 17;
	}
	if (s.organization.trim()) parts.push(text(s.x + 12, y, fitText(s.organization, 12, CARD_WIDTH - 21), { size: 12, fill: MUTED }));
	const metaY = s.y + CARD_HEIGHT - 10;
	const pi = `${m.map_power_short()} ${s.power ?? '–'} · ${m.map_interest_short()} ${s.interest ?? '–'}`;
	const piWidth = textWidth(pi, 11);
	parts.push(text(s.x + CARD_WIDTH - 9, metaY, pi, { size: 11, fill: MUTED, anchor: 'end' }));
	parts.push(
		s.attitude
			? attitudeShape(s.x + 12, metaY - 10, 12, ATTITUDE_STYLE[s.attitude].shape, ATTITUDE_STYLE[s.attitude].color)
			: attitudeShape(s.x + 12, metaY - 10, 12, INVALID_ATTITUDE_SHAPE, INVALID_COLOR, false)
	);
	parts.push(text(s.x + 28, metaY, fitText(attitudeLabel(s.attitude), 11, CARD_WIDTH - 28 - 9 - piWidth - 8), { size: 11, fill: MUTED }));
	parts.push(countBadge(s, count, 11));
	return `<g>${parts.join('')}</g>`;
}

/** Far out: the stripe, the icon and the name, larger, as the map shows cards zoomed out. */
function compactCard(s: StakeholderView, count: number): string {
	const invalid = s.issues.length > 0;
	const color = colorOf(s);
	const { name, placeholder } = nameOf(s);
	const parts = [cardBox(s, invalid), helixIcon(s.x + 12, s.y + 10, 26, s.helix ? HELIX_STYLE[s.helix].icon : INVALID_HELIX_ICON, color)];
	const lines = wrapText(name, 24, CARD_WIDTH - 44 - 8, 2, 'bold');
	const top = s.y + (lines.length === 1 ? 54 : 38);
	lines.forEach((line, i) => parts.push(text(s.x + 44, top + i * 29, line, { size: 24, weight: 'bold', fill: placeholder ? MUTED : undefined, italic: placeholder })));
	parts.push(countBadge(s, count, 18));
	return `<g>${parts.join('')}</g>`;
}
