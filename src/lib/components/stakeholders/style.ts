/**
 * How helixes, attitudes and relation kinds look, in one place for the map, the grid, the list and
 * the legend. Colour never carries meaning alone (colour-blind readers): every helix has an icon
 * and a label, every attitude a shape, every relation kind a dash pattern and an arrowhead.
 * Colours are from the Okabe–Ito palette, which stays distinct under the common colour-vision types.
 */
import { m } from '../../paraglide/messages.js';
import type { Attitude, Helix, RelationKind } from '../../board/schema.js';

export interface HelixStyle {
	color: string;
	/** Light tint for sector backdrops and card headers; text on it stays dark. */
	tint: string;
	/** 24×24 icon path, drawn with stroke="currentColor". */
	icon: string;
}

export const HELIX_STYLE: Record<Helix, HelixStyle> = {
	government: {
		color: '#0072B2',
		tint: '#e3f0f8',
		icon: 'M3 21h18M4 10h16M12 3 3 8h18zM6 10v8M10 10v8M14 10v8M18 10v8'
	},
	business: {
		color: '#B86F00',
		tint: '#fcf0d9',
		icon: 'M3 8h18v12H3zM9 8V5h6v3M3 13h18'
	},
	academia: {
		color: '#00795A',
		tint: '#dff3ec',
		icon: 'M2 9l10-5 10 5-10 5zM6 11v5c3 2 9 2 12 0v-5M22 9v6'
	},
	community: {
		color: '#A8508A',
		tint: '#f7e6f0',
		icon: 'M8 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM16 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM2 20c0-4 3-6 6-6s6 2 6 6M12 20c0-4 2-6 4-6 3 0 6 2 6 6'
	},
	media: {
		color: '#C24E00',
		tint: '#fbe7da',
		icon: 'M3 10v4h3l6 5V5L6 10zM16 9a4 4 0 0 1 0 6M19 6a8 8 0 0 1 0 12'
	}
};

export const INVALID_COLOR = '#6b7280';

export function helixLabel(helix: Helix | null): string {
	if (!helix) return m.helix_invalid();
	return { government: m.helix_government, business: m.helix_business, academia: m.helix_academia, community: m.helix_community, media: m.helix_media }[helix]();
}

export interface AttitudeStyle {
	color: string;
	/** 16×16 shape path, filled: the shape alone tells the attitudes apart. */
	shape: string;
}

export const ATTITUDE_STYLE: Record<Attitude, AttitudeStyle> = {
	champion: { color: '#00795A', shape: 'M8 1l2.1 4.6 5 .5-3.8 3.4 1.1 4.9L8 11.9 3.6 14.4l1.1-4.9L.9 6.1l5-.5z' },
	supporter: { color: '#0072B2', shape: 'M8 2l7 12H1z' },
	neutral: { color: '#6b7280', shape: 'M8 3a5 5 0 1 1 0 10A5 5 0 0 1 8 3z' },
	skeptic: { color: '#B86F00', shape: 'M1 2h14L8 14z' },
	blocker: { color: '#C24E00', shape: 'M2 2h12v12H2zM4 7v2h8V7z' }
};

export function attitudeLabel(attitude: Attitude | null): string {
	if (!attitude) return m.attitude_invalid();
	return { champion: m.attitude_champion, supporter: m.attitude_supporter, neutral: m.attitude_neutral, skeptic: m.attitude_skeptic, blocker: m.attitude_blocker }[attitude]();
}

export interface RelationStyle {
	color: string;
	width: number;
	/** stroke-dasharray, '' for a solid line. */
	dash: string;
	/** id of the arrowhead <marker> drawn by RelationMarkers.svelte. */
	marker: string;
}

export const RELATION_STYLE: Record<RelationKind, RelationStyle> = {
	collaboration: { color: '#00795A', width: 2.5, dash: '', marker: 'hb-marker-collaboration' },
	conflict: { color: '#C24E00', width: 2.5, dash: '10 5', marker: 'hb-marker-conflict' },
	information: { color: '#0072B2', width: 2, dash: '2 5', marker: 'hb-marker-information' },
	funding: { color: '#B86F00', width: 4, dash: '', marker: 'hb-marker-funding' },
	authority: { color: '#1f2933', width: 2, dash: '14 4 3 4', marker: 'hb-marker-authority' }
};

export const INVALID_RELATION_STYLE: RelationStyle = { color: INVALID_COLOR, width: 1.5, dash: '1 3', marker: 'hb-marker-invalid' };

/** An arrowhead as SVG <marker> attributes and its shapes (board units); drawn by RelationMarkers.svelte and the image exports. */
export interface MarkerShape {
	viewBox: string;
	refX: number;
	refY: number;
	size: number;
	orient: 'auto' | 'auto-start-reverse' | null;
	paths: { d: string; fill: string; stroke?: string; strokeWidth?: number }[];
}

const none = 'none';
export const RELATION_MARKERS: Record<RelationKind | 'invalid', MarkerShape> = {
	// an open chevron
	collaboration: { viewBox: '0 0 12 12', refX: 10, refY: 6, size: 10, orient: 'auto-start-reverse', paths: [{ d: 'M2 1l8 5-8 5', fill: none, stroke: RELATION_STYLE.collaboration.color, strokeWidth: 2 }] },
	// a bar across the line (a "stop")
	conflict: { viewBox: '0 0 12 12', refX: 9, refY: 6, size: 12, orient: 'auto', paths: [{ d: 'M9 0v12M4 1l5 5-5 5', fill: none, stroke: RELATION_STYLE.conflict.color, strokeWidth: 2 }] },
	// a hollow circle
	information: { viewBox: '0 0 12 12', refX: 10, refY: 6, size: 10, orient: 'auto', paths: [{ d: 'M2 6a4 4 0 1 0 8 0a4 4 0 1 0-8 0z', fill: '#fff', stroke: RELATION_STYLE.information.color, strokeWidth: 2 }] },
	// a filled diamond
	funding: { viewBox: '0 0 14 14', refX: 12, refY: 7, size: 14, orient: 'auto', paths: [{ d: 'M1 7l6-5 6 5-6 5z', fill: RELATION_STYLE.funding.color }] },
	// a filled triangle
	authority: { viewBox: '0 0 12 12', refX: 11, refY: 6, size: 12, orient: 'auto', paths: [{ d: 'M0 0l12 6-12 6z', fill: RELATION_STYLE.authority.color }] },
	invalid: { viewBox: '0 0 10 10', refX: 5, refY: 5, size: 8, orient: null, paths: [{ d: 'M2 2l6 6M8 2 2 8', fill: none, stroke: INVALID_COLOR, strokeWidth: 2 }] }
};

/** The stroke or fill path of a helix icon (24×24, stroked) and of an attitude shape (16×16, filled) for a value that broke the schema. */
export const INVALID_HELIX_ICON = 'M12 3v11M12 19v1';
export const INVALID_ATTITUDE_SHAPE = 'M3 3l10 10M13 3 3 13';

export function relationLabel(kind: RelationKind | null): string {
	if (!kind) return m.relation_invalid();
	return { collaboration: m.relation_collaboration, conflict: m.relation_conflict, information: m.relation_information, funding: m.relation_funding, authority: m.relation_authority }[kind]();
}

/** A stored value that broke the schema, as text a person can read and fix. */
export function invalidText(value: unknown): string {
	if (typeof value === 'string') return value;
	try {
		return JSON.stringify(value)?.slice(0, 200) ?? String(value);
	} catch {
		return String(value);
	}
}
