/**
 * The PDF workshop report a facilitator hands in: a cover (workshop, dates, groups, participants,
 * contents), then for each group its map and grid (the image exports), its stakeholders and its
 * action plan as tables, its pentahelix coverage and its vote results, each group headed by the snapshot it was
 * made from. Built with pdfkit from the export fonts (fonts.ts: text is cut into runs so Hangul
 * and Kazakh letters each get a font that has them), A4 landscape, in the locale it runs in
 * (inLocale). Nothing here reaches the network.
 */
import PDFDocument from 'pdfkit';
import type { ReportProgress } from '../../src/lib/api/exports.js';
import type * as Y from 'yjs';
import { readActions, sortByOrder, type ActionView } from '../../src/lib/board/actions.js';
import { planCoverage } from '../../src/lib/board/coverage.js';
import { readRelations, readStakeholders, type StakeholderView } from '../../src/lib/board/stakeholders.js';
import { rankVoted, ranks, voteTotals } from '../../src/lib/board/votes.js';
import { formatBudget, formatDate, formatMoment, statusLabel } from '../../src/lib/components/plan/labels.js';
import { HELIXES } from '../../src/lib/board/schema.js';
import { displayName, quadrantLabel } from '../../src/lib/components/stakeholders/labels.js';
import { quadrantOf, type LabelSet } from '../../src/lib/components/stakeholders/quadrants.js';
import { attitudeLabel, HELIX_STYLE, helixLabel } from '../../src/lib/components/stakeholders/style.js';
import { m } from '../../src/lib/paraglide/messages.js';
import { dateFormat } from '../../src/lib/intl.js';
import { getLocale } from '../../src/lib/paraglide/runtime.js';
import { FONT_FILES, pdfRuns, type Family, type Weight } from './fonts.js';
import { gridSvg } from './gridImage.js';
import { mapSvg } from './mapImage.js';
import { svgToPng } from './raster.js';

export interface ReportBoard {
	name: string;
	/** The board as the snapshot holds it. */
	doc: Y.Doc;
	/** The snapshot the section was made from; null when none could be stored (the board's limit). */
	snapshot: { name: string; createdAt: number } | null;
	/** When the state was read (the snapshot's time when there is one). */
	readAt: number;
	participants: number;
}

export interface ReportInput {
	workshopTitle: string;
	workshopCreatedAt: number;
	generatedAt: number;
	participants: number;
	boards: ReportBoard[];
	labelSet: LabelSet;
}

const INK = '#1b2430';
const MUTED = '#4b5563';
const LINE = '#d5dbe1';
const HEAD_FILL = '#eef2f5';
const MARGIN = 36;
const FOOTER = 22;
/** Images are drawn at this many pixels per CSS pixel: sharp in print, a few hundred KB each. */
const IMAGE_ZOOM = 1.5;

const fontName = (family: Family, weight: Weight) => `${family}-${weight}`;

/** Text in the export fonts: one call, however many scripts it mixes. */
interface Style {
	size: number;
	weight?: Weight;
	color?: string;
	align?: 'left' | 'right' | 'center';
}

class Writer {
	constructor(readonly doc: PDFKit.PDFDocument) {
		for (const family of ['latin', 'korean'] as const) {
			for (const weight of ['regular', 'bold'] as const) doc.registerFont(fontName(family, weight), FONT_FILES[family][weight]);
		}
	}

	get left() {
		return this.doc.page.margins.left;
	}
	get right() {
		return this.doc.page.width - this.doc.page.margins.right;
	}
	get width() {
		return this.right - this.left;
	}
	get bottom() {
		return this.doc.page.height - this.doc.page.margins.bottom;
	}

	/** Writes `content` in a box `width` wide from (x, y); returns the height it took. */
	text(content: string, x: number, y: number, width: number, style: Style): number {
		const doc = this.doc;
		const parts = pdfRuns(content, style.weight);
		const options = { width, align: style.align ?? 'left', lineGap: 1 };
		doc.fillColor(style.color ?? INK).fontSize(style.size);
		if (parts.length <= 1) {
			doc.font(fontName(parts[0]?.family ?? 'latin', style.weight ?? 'regular')).text(content, x, y, options);
		} else {
			parts.forEach((part, i) => {
				doc.font(fontName(part.family, style.weight ?? 'regular'));
				if (i === 0) doc.text(part.text, x, y, { ...options, continued: true });
				else doc.text(part.text, { ...options, continued: i < parts.length - 1 });
			});
		}
		return doc.y - y;
	}

	/** The height `content` takes in a box `width` wide (measured in the taller of its fonts). */
	height(content: string, width: number, style: Style): number {
		const families = new Set(pdfRuns(content, style.weight).map((run) => run.family));
		const family = families.has('korean') ? 'korean' : 'latin';
		return this.doc.font(fontName(family, style.weight ?? 'regular')).fontSize(style.size).heightOfString(content || ' ', { width, lineGap: 1 });
	}
}

interface Column {
	label: string;
	/** Share of the table's width. */
	width: number;
	align?: 'left' | 'right';
}

interface Cell {
	text: string;
	/** A second, smaller muted line under the text (an action's description). */
	note?: string;
	bold?: boolean;
	color?: string;
}

const CELL_PAD = 4;
const BODY = 8.5;

/** A table that breaks across pages, its header repeated on each; returns the y under it. */
function table(w: Writer, y: number, columns: Column[], rows: Cell[][], newPage: () => number): number {
	const total = columns.reduce((sum, c) => sum + c.width, 0);
	const widths = columns.map((c) => (c.width / total) * w.width);
	const xs = widths.map((_, i) => w.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
	const cellHeight = (cell: Cell, i: number) =>
		w.height(cell.text, widths[i] - 2 * CELL_PAD, { size: BODY, weight: cell.bold ? 'bold' : 'regular' }) +
		(cell.note ? w.height(cell.note, widths[i] - 2 * CELL_PAD, { size: BODY - 1 }) + 2 : 0);
	const header = (top: number) => {
		const height = Math.max(...columns.map((c, i) => w.height(c.label, widths[i] - 2 * CELL_PAD, { size: BODY, weight: 'bold' }))) + 2 * CELL_PAD;
		w.doc.rect(w.left, top, w.width, height).fill(HEAD_FILL);
		columns.forEach((c, i) => w.text(c.label, xs[i] + CELL_PAD, top + CELL_PAD, widths[i] - 2 * CELL_PAD, { size: BODY, weight: 'bold', align: c.align }));
		return top + height;
	};
	y = header(y);
	for (const row of rows) {
		const height = Math.max(...row.map(cellHeight)) + 2 * CELL_PAD;
		if (y + height > w.bottom) y = header(newPage());
		row.forEach((cell, i) => {
			const used = w.text(cell.text, xs[i] + CELL_PAD, y + CELL_PAD, widths[i] - 2 * CELL_PAD, {
				size: BODY,
				weight: cell.bold ? 'bold' : 'regular',
				color: cell.color,
				align: columns[i].align
			});
			if (cell.note) w.text(cell.note, xs[i] + CELL_PAD, y + CELL_PAD + used + 2, widths[i] - 2 * CELL_PAD, { size: BODY - 1, color: MUTED });
		});
		y += height;
		w.doc.moveTo(w.left, y).lineTo(w.right, y).lineWidth(0.5).strokeColor(LINE).stroke();
	}
	return y;
}

/**
 * Builds the report; `onProgress` hears after each group (and at the start). `drawPicture` turns
 * the map and grid SVGs into PNGs (the renderer process; bench/exports.mts passes another to compare).
 */
export async function buildReport(
	input: ReportInput,
	onProgress: (progress: ReportProgress) => void = () => {},
	drawPicture: (svg: string, zoom: number) => Promise<Uint8Array> = svgToPng
): Promise<Uint8Array> {
	const total = input.boards.length + 1;
	const doc = new PDFDocument({
		size: 'A4',
		layout: 'landscape',
		margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER },
		bufferPages: true,
		lang: getLocale(),
		info: { Title: `${input.workshopTitle} — ${m.export_report_title()}`, Author: 'Helixboard', Creator: 'Helixboard' }
	});
	const chunks: Buffer[] = [];
	doc.on('data', (chunk: Buffer) => chunks.push(chunk));
	const ended = new Promise<void>((resolve) => doc.on('end', resolve));
	const w = new Writer(doc);
	/** Page index (0-based) where each group starts, and the group each page belongs to, for the contents and the footers. */
	const groupStarts: number[] = [];
	const pageGroup: (string | null)[] = [null];
	const addPage = (group: string) => {
		doc.addPage();
		pageGroup.push(group);
		return doc.page.margins.top;
	};

	onProgress({ done: 0, total, group: input.boards[0]?.name ?? null });
	const cover = coverPage(w, input);

	for (const [index, board] of input.boards.entries()) {
		groupStarts.push(pageGroup.length);
		await groupSection(w, input, board, addPage, drawPicture);
		onProgress({ done: index + 1, total, group: input.boards[index + 1]?.name ?? null });
	}

	// Contents on the cover, page numbers in every footer, now that the pages are known.
	const range = doc.bufferedPageRange();
	doc.switchToPage(0);
	let y = cover.contentsTop;
	input.boards.forEach((board, i) => {
		w.text(displayName(board.name), w.left + 16, y, w.width * 0.6, { size: 11 });
		w.text(String(groupStarts[i] + 1), w.left + 16, y, w.width * 0.6, { size: 11, align: 'right' });
		y += 17;
	});
	for (let page = range.start; page < range.start + range.count; page++) {
		doc.switchToPage(page);
		const bottomMargin = doc.page.margins.bottom;
		doc.page.margins.bottom = 0; // writing inside the margin must not start a new page
		const footerY = doc.page.height - MARGIN - 10;
		const group = pageGroup[page];
		w.text([input.workshopTitle, group === null ? '' : displayName(group)].filter(Boolean).join(' — '), w.left, footerY, w.width * 0.7, { size: 8, color: MUTED });
		w.text(m.export_report_page({ page: page + 1, pages: range.count }), w.left, footerY, w.width, { size: 8, color: MUTED, align: 'right' });
		doc.page.margins.bottom = bottomMargin;
	}
	doc.end();
	await ended;
	onProgress({ done: total, total, group: null });
	return new Uint8Array(Buffer.concat(chunks));
}

function coverPage(w: Writer, input: ReportInput): { contentsTop: number } {
	const date = (ms: number) => dateFormat({ dateStyle: 'long' }).format(new Date(ms));
	let y = 96;
	w.text(`Helixboard · ${m.export_report_title()}`, w.left, y, w.width, { size: 12, color: MUTED });
	y += 22;
	y += w.text(input.workshopTitle || m.export_report_untitled(), w.left, y, w.width, { size: 28, weight: 'bold' }) + 14;
	const facts = [
		[m.export_report_workshop_date(), date(input.workshopCreatedAt)],
		[m.export_report_generated(), formatMoment(input.generatedAt)],
		[m.export_report_groups(), String(input.boards.length)],
		[m.export_report_participants(), String(input.participants)]
	];
	for (const [label, value] of facts) {
		w.text(label, w.left, y, 200, { size: 11, color: MUTED });
		w.text(value, w.left + 210, y, w.width - 210, { size: 11, weight: 'bold' });
		y += 18;
	}
	y += 18;
	w.text(m.export_report_contents(), w.left, y, w.width, { size: 14, weight: 'bold' });
	y += 24;
	w.doc.moveTo(w.left, y - 4).lineTo(w.left + w.width * 0.6 + 16, y - 4).lineWidth(0.5).strokeColor(LINE).stroke();
	return { contentsTop: y };
}

async function groupSection(
	w: Writer,
	input: ReportInput,
	board: ReportBoard,
	addPage: (group: string) => number,
	drawPicture: (svg: string, zoom: number) => Promise<Uint8Array>
): Promise<void> {
	const doc = board.doc;
	const stakeholders = readStakeholders(doc);
	const actions = sortByOrder(readActions(doc));
	const relations = readRelations(doc);
	const name = displayName(board.name);
	// Both images (without their own heading: the page has one) are drawn before the pages are written.
	const [mapPng, gridPng] = await Promise.all([
		drawPicture(mapSvg(doc, null, { legendScale: 2 }), IMAGE_ZOOM),
		drawPicture(gridSvg(doc, null, input.labelSet, { legendScale: 1.4 }), IMAGE_ZOOM)
	]);

	// Page 1: who the group is, what the section was made from, the map.
	let y = addPage(board.name);
	y += w.text(name, w.left, y, w.width, { size: 20, weight: 'bold' }) + 2;
	const source = board.snapshot
		? m.export_report_from_snapshot({ name: board.snapshot.name, time: formatMoment(board.snapshot.createdAt) })
		: m.export_report_from_current({ time: formatMoment(board.readAt) });
	y += w.text(source, w.left, y, w.width, { size: 9.5, color: MUTED }) + 2;
	const counts = m.export_report_counts({ stakeholders: stakeholders.length, relations: relations.length, actions: actions.length, participants: board.participants });
	y += w.text(counts, w.left, y, w.width, { size: 9.5, color: MUTED }) + 8;
	w.doc.image(Buffer.from(mapPng), w.left, y, { fit: [w.width, w.bottom - y], align: 'center' });

	// Page 2: the grid.
	y = addPage(board.name);
	y += w.text(`${name} — ${m.view_grid()}`, w.left, y, w.width, { size: 14, weight: 'bold' }) + 8;
	w.doc.image(Buffer.from(gridPng), w.left, y, { fit: [w.width, w.bottom - y], align: 'center' });

	// Page 3 on: the stakeholders as a table (the names the images show, as text), the plan, its coverage, the vote.
	y = addPage(board.name);
	const newPage = () => addPage(board.name);
	y += w.text(`${name} — ${m.export_report_stakeholders()}`, w.left, y, w.width, { size: 14, weight: 'bold' }) + 8;
	if (stakeholders.length === 0) y += w.text(m.export_map_empty(), w.left, y, w.width, { size: 10, color: MUTED }) + 8;
	else y = stakeholderTable(w, y, stakeholders, input.labelSet, newPage) + 16;

	if (y + 80 > w.bottom) y = newPage();
	y += w.text(m.export_report_plan(), w.left, y, w.width, { size: 12, weight: 'bold' }) + 6;
	if (actions.length === 0) y += w.text(m.export_report_plan_empty(), w.left, y, w.width, { size: 10, color: MUTED }) + 8;
	else y = planTable(w, y, actions, stakeholders, newPage) + 16;

	const helixOf = new Map(stakeholders.map((s) => [s.id, s.helix]));
	const coverage = planCoverage(actions, (id) => helixOf.get(id));
	const coverageRows: Cell[][] = coverage.map((c) => [
		{ text: helixLabel(c.helix), bold: true, color: HELIX_STYLE[c.helix].color },
		{ text: String(c.owns) },
		{ text: String(c.partners) },
		{ text: c.missing ? m.pfollow_coverage_missing() : '', color: c.missing ? '#b42318' : undefined }
	]);
	if (y + 130 > w.bottom) y = newPage();
	y += w.text(m.pfollow_coverage_heading(), w.left, y, w.width, { size: 12, weight: 'bold' }) + 6;
	y = table(w, y, [{ label: m.export_report_helix(), width: 3 }, { label: m.export_report_owns(), width: 2, align: 'right' }, { label: m.export_report_partners(), width: 2, align: 'right' }, { label: '', width: 5 }], coverageRows, newPage) + 16;

	const ranked = rankVoted(voteTotals(doc), stakeholders, actions);
	if (y + 80 > w.bottom) y = newPage();
	y += w.text(m.vote_results_title(), w.left, y, w.width, { size: 12, weight: 'bold' }) + 6;
	if (ranked.length === 0) {
		w.text(m.export_report_votes_empty(), w.left, y, w.width, { size: 10, color: MUTED });
		return;
	}
	const rankOf = ranks(ranked);
	table(
		w,
		y,
		[{ label: '#', width: 1, align: 'right' }, { label: m.export_report_item(), width: 8 }, { label: m.export_report_kind(), width: 3 }, { label: m.export_report_dots(), width: 2, align: 'right' }],
		ranked.map((item) => [
			{ text: String(rankOf.get(item.id)) },
			{ text: item.kind === 'stakeholder' ? displayName(item.label) : item.label || m.export_report_untitled_action(), bold: true },
			{ text: item.kind === 'stakeholder' ? m.vote_kind_stakeholder() : m.vote_kind_action() },
			{ text: String(item.total) }
		]),
		newPage
	);
}

function stakeholderTable(w: Writer, y: number, stakeholders: StakeholderView[], labelSet: LabelSet, newPage: () => number): number {
	const helixOrder = (s: StakeholderView) => (s.helix ? HELIXES.indexOf(s.helix) : HELIXES.length);
	const sorted = [...stakeholders].sort((a, b) => helixOrder(a) - helixOrder(b) || a.name.localeCompare(b.name));
	const columns: Column[] = [
		{ label: m.list_col_name(), width: 18 },
		{ label: `${m.list_col_organization()} / ${m.list_col_role()}`, width: 20 },
		{ label: m.list_col_helix(), width: 11 },
		{ label: m.list_col_attitude(), width: 11 },
		{ label: m.list_col_power(), width: 7, align: 'right' },
		{ label: m.list_col_interest(), width: 7, align: 'right' },
		{ label: m.export_report_quadrant(), width: 16 }
	];
	const rows = sorted.map((s): Cell[] => [
		{ text: displayName(s.name), bold: true },
		{ text: [s.organization, s.role].filter((part) => part.trim()).join(' — ') },
		{ text: helixLabel(s.helix), color: s.helix ? HELIX_STYLE[s.helix].color : undefined },
		{ text: attitudeLabel(s.attitude) },
		{ text: s.power === null ? '—' : String(s.power) },
		{ text: s.interest === null ? '—' : String(s.interest) },
		{ text: s.power === null || s.interest === null ? '' : quadrantLabel(quadrantOf(s.power, s.interest), labelSet) }
	]);
	return table(w, y, columns, rows, newPage);
}

function planTable(w: Writer, y: number, actions: ActionView[], stakeholders: StakeholderView[], newPage: () => number): number {
	const byId = new Map(stakeholders.map((s) => [s.id, s]));
	const who = (id: string | null) => {
		const s = id ? byId.get(id) : undefined;
		return s ? `${displayName(s.name)}${s.helix ? ` (${helixLabel(s.helix)})` : ''}` : '';
	};
	const columns: Column[] = [
		{ label: m.csv_col_title(), width: 19 },
		{ label: m.csv_col_owner(), width: 11 },
		{ label: m.csv_col_partners(), width: 13 },
		{ label: m.export_report_period(), width: 10 },
		{ label: `${m.csv_col_indicator()} / ${m.csv_col_target()}`, width: 16 },
		{ label: m.csv_col_budget(), width: 12, align: 'right' },
		{ label: m.csv_col_status(), width: 10 },
		{ label: m.csv_col_progress(), width: 7, align: 'right' }
	];
	const rows = actions.map((action): Cell[] => {
		const description = action.description?.toString().trim() ?? '';
		const period = [formatDate(action.start), formatDate(action.end)].filter(Boolean).join(' – ');
		return [
			{ text: action.title || m.export_report_untitled_action(), bold: true, note: description.length > 400 ? `${description.slice(0, 400)}…` : description || undefined },
			{ text: who(action.owner) },
			{ text: action.partners.map(who).filter(Boolean).join(', ') },
			{ text: period },
			{ text: [action.indicator, action.target].filter((part) => part.trim()).join(' — ') },
			{ text: formatBudget(action.budget, action.currency) },
			{ text: statusLabel(action.status) },
			{ text: action.progress === null ? '' : `${action.progress}%` }
		];
	});
	return table(w, y, columns, rows, newPage);
}
