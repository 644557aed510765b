/**
 * The action plan as an Excel workbook (`GET /api/boards/<id>/export?format=xlsx`): the same
 * columns and rows as the CSV export (planRows in src/lib/board/planCsv.ts), in the catalog's current locale
 * (the route runs it inside `inLocale`), but with typed cells: dates are dates (the calendar day as
 * written, never shifted by a time zone), budgets numbers shown with their currency, progress a
 * percentage. The header row is bold, frozen and filtered. Values that break the schema are
 * written as typed (text), as the CSV does. Text cells are always text: a spreadsheet never runs
 * them as formulas, so unlike the CSV they need no leading quote.
 */
import type * as Y from 'yjs';
import { CSV_COLUMNS, planRows, type CsvColumn, type CsvLabels } from '../../src/lib/board/planCsv.js';
import { localCsvLabels } from '../../src/lib/components/plan/csvExport.js';
import { m } from '../../src/lib/paraglide/messages.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Cell = string | number | Date | null;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day as a date cell: midnight UTC, which exceljs writes as a whole serial day. */
function dateCell(value: unknown): Cell {
	if (value === null || value === undefined || value === '') return null;
	if (typeof value !== 'string') return String(value);
	const match = ISO_DATE.exec(value);
	if (!match) return value;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	// 2027-02-30 is text as typed, not 2 March.
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return value;
	return date;
}

/** A number as a number; anything else as the text stored (the plan keeps invalid values). */
function numberCell(value: unknown): Cell {
	if (value === null || value === undefined || value === '') return null;
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	return String(value);
}

/** Excel's sheet-name rules: at most 31 characters, none of []:*?/\ and not empty. */
function sheetName(name: string): string {
	return name.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31) || 'Plan';
}

/** Display width of text in "character" units: Hangul, CJK and full-width forms take two. */
function textWidth(text: string): number {
	let width = 0;
	for (const char of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char) ? 2 : 1;
	return width;
}

function cellWidth(cell: Cell): number {
	if (cell === null) return 0;
	if (cell instanceof Date) return 11;
	if (typeof cell === 'number') return String(Math.round(cell)).length + 6;
	return Math.max(...cell.split('\n').map(textWidth));
}

export async function planXlsx(doc: Y.Doc, labels: CsvLabels = localCsvLabels()): Promise<Uint8Array> {
	const rows = planRows(doc, labels).map(({ action, cells: plain }) => {
		const progress = numberCell(plain.progress);
		const row: Record<CsvColumn, Cell> = {
			...(plain as Record<CsvColumn, Cell>),
			status: plain.status === null || plain.status === undefined ? '' : String(plain.status),
			start: dateCell(plain.start),
			end: dateCell(plain.end),
			budget: numberCell(plain.budget),
			// A real percentage (0.4 shown as 40%), so sums and averages work.
			progress: typeof progress === 'number' ? progress / 100 : progress,
			last_update: dateCell(plain.last_update)
		};
		return { action, cells: CSV_COLUMNS.map((column) => row[column]) };
	});

	// Loaded on the first XLSX export, not at server start (exceljs is large).
	const ExcelJS = (await import('exceljs')).default;
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Helixboard';
	const sheet = workbook.addWorksheet(sheetName(m.view_plan()), {
		views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }]
	});
	const header = sheet.addRow(CSV_COLUMNS.map((column) => labels.columns[column]));
	header.font = { bold: true };
	header.alignment = { vertical: 'middle', wrapText: true };
	header.eachCell((cell) => {
		cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE2F0F4' } };
		cell.border = { bottom: { style: 'thin', color: { argb: 'FF1F5F74' } } };
	});

	const col = (column: CsvColumn) => CSV_COLUMNS.indexOf(column) + 1;
	for (const { action, cells } of rows) {
		// Nothing to say is a blank cell, not an empty text.
		const row = sheet.addRow(cells.map((cell) => (cell === '' ? null : cell)));
		row.alignment = { vertical: 'top' };
		for (const column of ['start', 'end', 'last_update'] as const) {
			const cell = row.getCell(col(column));
			if (cell.value instanceof Date) cell.numFmt = 'yyyy-mm-dd';
		}
		const budget = row.getCell(col('budget'));
		if (typeof budget.value === 'number') {
			const digits = Number.isInteger(budget.value) ? '#,##0' : '#,##0.00';
			// Only a real currency code goes into the format (it is quoted text there).
			budget.numFmt = /^[A-Z]{3}$/.test(action.currency) ? `${digits} "${action.currency}"` : digits;
		}
		const progress = row.getCell(col('progress'));
		if (typeof progress.value === 'number') progress.numFmt = Number.isInteger(progress.value * 100) ? '0%' : '0.0#%';
		for (const column of ['description', 'partners', 'last_update_done', 'last_update_blockers'] as const) {
			row.getCell(col(column)).alignment = { vertical: 'top', wrapText: true };
		}
	}

	CSV_COLUMNS.forEach((column, i) => {
		const widest = Math.max(textWidth(labels.columns[column]) + 3, ...rows.map(({ cells }) => cellWidth(cells[i])));
		const cap = ['description', 'partners', 'last_update_done', 'last_update_blockers'].includes(column) ? 50 : 36;
		sheet.getColumn(i + 1).width = Math.min(cap, Math.max(10, widest + 2));
	});
	sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: CSV_COLUMNS.length } };

	const buffer = await workbook.xlsx.writeBuffer();
	return new Uint8Array(buffer as ArrayBuffer);
}
