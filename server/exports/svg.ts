/**
 * Small SVG-writing helpers shared by the map and grid images: escaping (user text is text, never
 * markup), text with the export fonts, arrowhead definitions, and the legend beside each image.
 */
import { ATTITUDES, HELIXES, RELATION_KINDS } from '../../src/lib/board/schema.js';
import { m } from '../../src/lib/paraglide/messages.js';
import {
	ATTITUDE_STYLE,
	attitudeLabel,
	HELIX_STYLE,
	helixLabel,
	INVALID_RELATION_STYLE,
	RELATION_MARKERS,
	RELATION_STYLE,
	relationLabel
} from '../../src/lib/components/stakeholders/style.js';
import { fitText, FONT_FAMILY_CSS, type Weight } from './fonts.js';

export const INK = '#1b2430';
export const MUTED = '#4b5563';

/**
 * Text for XML: markup characters escaped; characters XML 1.0 forbids (C0 controls, lone
 * surrogates, U+FFFE/U+FFFF, which a foreign client may have written) dropped, so the file stays valid.
 */
export function esc(text: string): string {
	return text
		.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
		.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface TextStyle {
	size: number;
	weight?: Weight;
	fill?: string;
	anchor?: 'start' | 'middle' | 'end';
	/** A white outline under the letters, to read over lines and tints. */
	halo?: number;
	italic?: boolean;
	/** Paint opacity (fill-opacity: no group opacity, which resvg would draw as a separate layer). */
	opacity?: number;
}

export function text(x: number, y: number, content: string, style: TextStyle): string {
	const attrs = [
		`x="${r(x)}"`,
		`y="${r(y)}"`,
		`font-size="${style.size}"`,
		style.weight === 'bold' ? 'font-weight="700"' : '',
		`fill="${style.fill ?? INK}"`,
		style.anchor && style.anchor !== 'start' ? `text-anchor="${style.anchor}"` : '',
		style.halo ? `stroke="#fff" stroke-width="${style.halo}" stroke-linejoin="round" paint-order="stroke"` : '',
		style.italic ? 'font-style="italic"' : '',
		style.opacity !== undefined ? `fill-opacity="${style.opacity}"` : ''
	];
	return `<text ${attrs.filter(Boolean).join(' ')}>${esc(content)}</text>`;
}

/** Rounds to 0.1: enough for any screen or printer, and shorter files. */
export const r = (value: number) => Math.round(value * 10) / 10;
/** Scale factors need more digits than positions. */
export const fine = (value: number) => Math.round(value * 10000) / 10000;

export function markerId(kind: keyof typeof RELATION_MARKERS): string {
	return kind === 'invalid' ? INVALID_RELATION_STYLE.marker : RELATION_STYLE[kind].marker;
}

export function markerDefs(): string {
	return Object.entries(RELATION_MARKERS)
		.map(([kind, shape]) => {
			const paths = shape.paths
				.map((p) => `<path d="${p.d}" fill="${p.fill}"${p.stroke ? ` stroke="${p.stroke}" stroke-width="${p.strokeWidth ?? 1}"` : ''}/>`)
				.join('');
			const orient = shape.orient ? ` orient="${shape.orient}"` : '';
			return `<marker id="${markerId(kind as keyof typeof RELATION_MARKERS)}" viewBox="${shape.viewBox}" refX="${shape.refX}" refY="${shape.refY}" markerWidth="${shape.size}" markerHeight="${shape.size}" markerUnits="userSpaceOnUse"${orient}>${paths}</marker>`;
		})
		.join('');
}

/** The whole file: a white page of width × height with the export fonts. */
export function svgDocument(width: number, height: number, title: string | undefined, defs: string, body: string): string {
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width)}" height="${Math.ceil(height)}" viewBox="0 0 ${Math.ceil(width)} ${Math.ceil(height)}" font-family="${FONT_FAMILY_CSS}">` +
		`${title ? `<title>${esc(title)}</title>` : ''}<defs>${defs}</defs>` +
		`<rect width="100%" height="100%" fill="#fff"/>${body}</svg>`
	);
}

export interface ImageOptions {
	/** The legend drawn this many times larger (the PDF report prints the whole image small). */
	legendScale?: number;
}

export interface ImageHeading {
	/** The board's name. */
	title: string;
	/** Under it: workshop, view, date. */
	subtitle: string;
}

/** The board's name large, a line under it; none (height 0) for an image placed under a heading of its own (the PDF report). */
export function header(x: number, width: number, heading: ImageHeading | null): { svg: string; height: number } {
	if (!heading) return { svg: '', height: 0 };
	return {
		svg: text(x, 34, heading.title, { size: 24, weight: 'bold' }) + text(x, 58, heading.subtitle, { size: 14, fill: MUTED }) + `<path d="M${x} 70H${x + width}" stroke="#d5dbe1"/>`,
		height: 72
	};
}

export function helixIcon(x: number, y: number, size: number, d: string, color: string, opacity = 1): string {
	const faded = opacity === 1 ? '' : ` stroke-opacity="${opacity}"`;
	return `<path transform="translate(${r(x)} ${r(y)}) scale(${fine(size / 24)})" d="${d}" fill="none" stroke="${color}"${faded} stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>`;
}

export function attitudeShape(x: number, y: number, size: number, d: string, color: string, filled = true): string {
	const paint = filled ? `fill="${color}" fill-rule="evenodd"` : `fill="none" stroke="${color}" stroke-width="2.5"`;
	return `<path transform="translate(${r(x)} ${r(y)}) scale(${fine(size / 16)})" d="${d}" ${paint}/>`;
}

const LEGEND_WIDTH = 290;

export interface LegendParts {
	helixCounts?: Record<string, number>;
	relations: boolean;
}

/**
 * The legend panel at (left, top): helixes (with counts), relation kinds, attitudes, drawn `scale`
 * times its size (larger where the whole image is printed small, as in the PDF report). Returns
 * its markup and its size as drawn.
 */
export function legend(left: number, top: number, parts: LegendParts, scale = 1): { svg: string; width: number; height: number } {
	const [x, y, width] = [0, 0, LEGEND_WIDTH];
	const rows: string[] = [];
	let cy = y + 22;
	const heading = (label: string) => {
		cy += 14;
		rows.push(text(x + 14, cy, label, { size: 13, weight: 'bold', fill: MUTED }));
		cy += 10;
	};
	const row = (icon: string, label: string) => {
		rows.push(icon, text(x + 64, cy + 15, fitText(label, 14, width - 78), { size: 14 }));
		cy += 24;
	};
	rows.push(text(x + 14, cy, m.map_legend(), { size: 16, weight: 'bold' }));
	cy += 6;
	heading(m.export_legend_helixes());
	for (const helix of HELIXES) {
		const count = parts.helixCounts?.[helix];
		const label = count === undefined ? helixLabel(helix) : `${helixLabel(helix)} (${count})`;
		const style = HELIX_STYLE[helix];
		row(`<rect x="${x + 14}" y="${cy + 2}" width="40" height="18" rx="4" fill="${style.tint}" stroke="${style.color}"/>` + helixIcon(x + 26, cy + 3, 16, style.icon, style.color), label);
	}
	if (parts.relations) {
		heading(m.map_legend_relations());
		for (const kind of RELATION_KINDS) {
			const style = RELATION_STYLE[kind];
			const line = `<path d="M${x + 14} ${cy + 11}H${x + 50}" stroke="${style.color}" stroke-width="${Math.min(style.width, 3)}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''} marker-end="url(#${style.marker})"/>`;
			row(line, relationLabel(kind));
		}
	}
	heading(m.map_legend_attitudes());
	for (const attitude of ATTITUDES) row(attitudeShape(x + 26, cy + 3, 16, ATTITUDE_STYLE[attitude].shape, ATTITUDE_STYLE[attitude].color), attitudeLabel(attitude));
	const height = cy - y + 12;
	const panel = `<rect x="${x}" y="${y}" width="${width}" height="${r(height)}" rx="8" fill="#fff" stroke="#d5dbe1"/>` + rows.join('');
	return { svg: `<g transform="translate(${r(left)} ${r(top)}) scale(${fine(scale)})">${panel}</g>`, width: width * scale, height: height * scale };
}
