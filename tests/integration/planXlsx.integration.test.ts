/**
 * The action plan as XLSX over HTTP (`GET /api/boards/<id>/export?format=xlsx&lang=…`), in both
 * modes: an app client fills a plan on a mixed-country board, the workbook is read back with
 * exceljs and compared cell by cell with the CSV export of the same board in the same language
 * and with the doc itself — typed cells (calendar dates, numbers with their currency, progress as
 * a percentage), the header bold, frozen and filtered, the sheet named from the catalog.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { addAction, addProgressUpdate, addStakeholder, collection, readActions, updateAction } from '../../src/lib/board/model.js';
import { connectSocket, createWorkshop, joinWorkshop, request, type SocketClient } from '../helpers/clients.js';
import { MODES } from '../helpers/modes.js';
import { serverInMode } from '../helpers/server.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Column positions (1-based) as in the CSV. */
const COL = { title: 1, description: 2, owner: 3, partners: 5, start: 6, end: 7, target: 9, budget: 10, currency: 11, status: 12, progress: 13, lastUpdate: 14 };
const DATE_COLUMNS = [COL.start, COL.end, COL.lastUpdate];

/** What the sheet and the header say in each language (from the catalogs, written out by hand). */
const EXPECTED = {
	en: { sheet: 'Plan', action: 'Action', helix: 'Government', status: 'In progress' },
	ko: { sheet: '실행 계획', action: '과제', helix: '정부', status: '진행 중' },
	ru: { sheet: 'План', action: 'Мероприятие', helix: 'Государство', status: 'Выполняется' }
} as const;

describe.each(MODES)('%s mode', (mode) => {
	const server = serverInMode(mode);
	const open: SocketClient[] = [];
	afterEach(() => {
		for (const client of open.splice(0)) client.close();
	});

	async function download(boardId: string, format: 'csv' | 'xlsx', lang: string | null, token?: string) {
		const query = new URLSearchParams({ format, ...(lang ? { lang } : {}) });
		const response = await fetch(`${server.url}/api/boards/${boardId}/export?${query}`, {
			headers: token ? { authorization: `Bearer ${token}` } : {}
		});
		return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
	}

	async function readWorkbook(bytes: Uint8Array) {
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
		expect(workbook.worksheets).toHaveLength(1);
		return workbook.worksheets[0];
	}

	/** A plan across the helixes of a Kazakh–Mongolian–Korean–Indonesian group, built in the app client. */
	function buildPlan(doc: Y.Doc) {
		const s = {
			akimat: addStakeholder(doc, { name: 'Қызылорда облысы әкімдігі', helix: 'government' }),
			khural: addStakeholder(doc, { name: 'Өмнөговь аймгийн Иргэдийн Төлөөлөгчдийн Хурал', helix: 'government' }),
			kt: addStakeholder(doc, { name: '케이티 (KT) 스마트시티 사업단', helix: 'business' }),
			telkom: addStakeholder(doc, { name: 'Telkom Indonesia', helix: 'business' }),
			nu: addStakeholder(doc, { name: 'Назарбаев Университеті', helix: 'academia' }),
			radio: addStakeholder(doc, { name: '부산 MBC 라디오', helix: 'media' })
		};
		const kiosk = addAction(doc, { title: 'Smart kiosk pilot, 3 kelurahan', owner: s.telkom, partners: [s.akimat, s.kt] });
		const dashboard = addAction(doc, { title: '=HYPERLINK("http://evil.example","open")', owner: s.khural, partners: [s.nu] });
		const literacy = addAction(doc, { title: 'Цифрлық сауаттылық / 디지털 문해력 on air', owner: s.radio });
		addAction(doc, { title: 'Open data portal' });

		updateAction(doc, kiosk, {
			start: '2027-01-01', end: '2027-12-31', indicator: 'Kiosks in use', target: '12 kiosks', budget: 150_000_000.5, currency: 'IDR'
		});
		((collection(doc, 'actions').get(kiosk) as Y.Map<unknown>).get('description') as Y.Text).insert(0, 'Line one\nLine two: 스마트 / Ұлттық');
		addProgressUpdate(doc, kiosk, { date: '2027-03-15', progress: 40, status: 'in_progress', done: 'Two kiosks installed', blockers: 'Permit', author: 'Rina' });
		// Not a number, not a date: kept and exported as typed.
		updateAction(doc, dashboard, { start: '2027-02-30', end: '2027-12-20', budget: 'about 5 million', currency: 'MNT', target: '-30%' });
		updateAction(doc, literacy, { start: '2027-03-01', end: '2027-02-01', budget: 25_000_000, currency: 'KRW', status: 'blocked', progress: 5 });
		return s;
	}

	/** An xlsx cell as the CSV writes it: dates as the calendar day, percentages back to 0–100, text unescaped. */
	function asCsv(value: ExcelJS.CellValue, column: number): string {
		if (value === null || value === undefined) return '';
		if (value instanceof Date) return value.toISOString().slice(0, 10);
		if (typeof value === 'number') return String(column === COL.progress ? Math.round(value * 100 * 1e6) / 1e6 : value);
		if (typeof value === 'string') return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
		throw new Error(`unexpected cell ${JSON.stringify(value)} in column ${column}`);
	}

	it.each([null, 'ko', 'ru'] as const)('exports the plan as XLSX (lang=%s): the CSV cell by cell, typed', async (lang) => {
		const workshop = await createWorkshop(server, 2, 'Smart governance 2027');
		const board = workshop.boards[0].boardId;
		const participant = await joinWorkshop(server, workshop, 'Әйгерім', 0);
		const writer = await connectSocket(server, board, participant.participantToken);
		open.push(writer);
		buildPlan(writer.doc);
		await vi.waitFor(() => expect(writer.provider.unsyncedChanges).toBe(0));

		const xlsx = await download(board, 'xlsx', lang, participant.participantToken);
		expect(xlsx.status).toBe(200);
		expect(xlsx.headers.get('content-type')).toBe(XLSX_TYPE);
		expect(xlsx.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('Group 1-plan.xlsx')}`);
		expect(Number(xlsx.headers.get('content-length'))).toBe(xlsx.bytes.byteLength);
		expect([...xlsx.bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);

		const csv = await download(board, 'csv', lang, participant.participantToken);
		const csvRows = Papa.parse<string[]>(new TextDecoder().decode(csv.bytes), { newline: '\r\n' }).data;
		const sheet = await readWorkbook(xlsx.bytes);
		const words = EXPECTED[lang ?? 'en'];
		expect(sheet.name).toBe(words.sheet);

		// Cell by cell against the CSV of the same board in the same language.
		expect(sheet.actualRowCount).toBe(csvRows.length);
		expect(sheet.actualColumnCount).toBe(csvRows[0].length);
		csvRows.forEach((csvRow, r) => {
			csvRow.forEach((csvCell, c) => {
				expect(asCsv(sheet.getRow(r + 1).getCell(c + 1).value, c + 1), `row ${r + 1}, column ${c + 1}`).toBe(csvCell);
			});
		});
		expect(csvRows[0][0]).toBe(words.action);

		// And against the doc: types, formats and the letters of every script.
		const actions = readActions(writer.doc);
		const row = (title: string) => sheet.getRow(actions.findIndex((a) => a.title === title) + 2);
		const kiosk = row('Smart kiosk pilot, 3 kelurahan');
		expect(kiosk.getCell(COL.start).value).toEqual(new Date(Date.UTC(2027, 0, 1)));
		expect(kiosk.getCell(COL.end).value).toEqual(new Date(Date.UTC(2027, 11, 31)));
		expect(kiosk.getCell(COL.lastUpdate).value).toEqual(new Date(Date.UTC(2027, 2, 15)));
		for (const column of DATE_COLUMNS) expect(kiosk.getCell(column).numFmt).toBe('yyyy-mm-dd');
		expect(kiosk.getCell(COL.budget).value).toBe(150_000_000.5);
		expect(kiosk.getCell(COL.budget).numFmt).toBe('#,##0.00 "IDR"');
		expect(kiosk.getCell(COL.progress).value).toBe(0.4);
		expect(kiosk.getCell(COL.progress).numFmt).toBe('0%');
		expect(kiosk.getCell(COL.status).value).toBe(words.status);
		expect(kiosk.getCell(COL.description).value).toBe('Line one\nLine two: 스마트 / Ұлттық');
		expect(kiosk.getCell(COL.partners).value).toBe(`Қызылорда облысы әкімдігі (${words.helix}); 케이티 (KT) 스마트시티 사업단 (${EXPECTED[lang ?? 'en'] === EXPECTED.en ? 'Business' : lang === 'ko' ? '기업' : 'Бизнес'})`);

		const dashboard = row('=HYPERLINK("http://evil.example","open")');
		// Text cells are text: never a formula, so no escaping quote either.
		expect(dashboard.getCell(COL.title).type).toBe(ExcelJS.ValueType.String);
		expect(dashboard.getCell(COL.title).formula).toBeUndefined();
		expect(dashboard.getCell(COL.target).value).toBe('-30%');
		// 30 February is no day: text as typed, like the budget that is not a number.
		expect(dashboard.getCell(COL.start).value).toBe('2027-02-30');
		expect(dashboard.getCell(COL.budget).value).toBe('about 5 million');
		expect(dashboard.getCell(COL.owner).value).toBe('Өмнөговь аймгийн Иргэдийн Төлөөлөгчдийн Хурал');

		const literacy = row('Цифрлық сауаттылық / 디지털 문해력 on air');
		expect(literacy.getCell(COL.budget).value).toBe(25_000_000);
		expect(literacy.getCell(COL.budget).numFmt).toBe('#,##0 "KRW"');
		expect(literacy.getCell(COL.progress).value).toBe(0.05);
		expect(literacy.getCell(COL.owner).value).toBe('부산 MBC 라디오');

		const unowned = row('Open data portal');
		expect(unowned.getCell(COL.start).value).toBeNull();
		expect(unowned.getCell(COL.progress).value).toBe(0);

		// Header bold, frozen, filtered; every column wide enough to read and not absurdly wide.
		expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
		expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
		expect(sheet.autoFilter).toBeTruthy();
		for (let c = 1; c <= csvRows[0].length; c++) {
			const width = sheet.getColumn(c).width ?? 0;
			expect(width, `column ${c}`).toBeGreaterThanOrEqual(10);
			expect(width, `column ${c}`).toBeLessThanOrEqual(50);
		}
	});

	it('exports an empty plan as the header alone; refuses a bad token (401) and an unknown language (400)', async () => {
		const workshop = await createWorkshop(server);
		const board = workshop.boards[1].boardId;
		const empty = await download(board, 'xlsx', 'kk', workshop.facilitatorToken);
		expect(empty.status).toBe(200);
		const sheet = await readWorkbook(empty.bytes);
		expect(sheet.actualRowCount).toBe(1);
		expect(sheet.getRow(1).getCell(1).value).toBe('Іс-шара');

		expect((await download(board, 'xlsx', null)).status).toBe(401);
		const bad = await request(server, 'GET', `/api/boards/${board}/export?format=xlsx`, undefined, 'v1.x.y');
		expect(bad.status).toBe(401);
		expect(bad.json.error).toBeTruthy();
		const other = await createWorkshop(server);
		expect((await download(board, 'xlsx', null, other.facilitatorToken)).status).toBe(403);

		const unknown = await request(server, 'GET', `/api/boards/${board}/export?format=xlsx&lang=xx`, undefined, workshop.facilitatorToken);
		expect(unknown.status).toBe(400);
		expect(unknown.json.error).toMatch(/unsupported language "xx"; supported: en, id, ko, ru, kk, mn/);
	});
});
