/**
 * Stakeholder import, step by step on real inputs: CSV bytes as Indonesian Excel writes them
 * (semicolons, a byte-order mark), workbooks written by exceljs, headers and values in the six UI
 * languages, the problems of each row in words, and the cards it adds (one transaction, no card on
 * top of another).
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addStakeholder, readStakeholders } from '../../src/lib/board/model.js';
import { CARD_HEIGHT, CARD_WIDTH, helixOfCardAt } from '../../src/lib/board/sectors.js';
import {
	decodeText,
	detectDelimiter,
	emptyMapping,
	guessMapping,
	IMPORT_LIMITS,
	ImportFileError,
	importClip,
	importStakeholders,
	mapRows,
	parseCsv,
	placeNewCards,
	readPercent,
	readTable,
	type ImportTable
} from '../../src/lib/board/stakeholderImport.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const withBom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);

async function workbookBytes(rows: unknown[][], setup?: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('이해관계자');
	for (const row of rows) sheet.addRow(row);
	setup?.(sheet);
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

async function expectImportError(promise: Promise<unknown>, kind: string) {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(ImportFileError);
	expect((error as ImportFileError).kind).toBe(kind);
	return error as ImportFileError;
}

describe('reading files', () => {
	it('reads a semicolon CSV with a byte-order mark as Indonesian Excel saves it', async () => {
		const csv = 'Nama;Instansi;Jabatan;Sektor;Sikap;Kekuatan;Kepentingan;Keterangan\r\n' +
			'Bappeda Kota;Pemkot Pekanbaru;Kepala;Pemerintah;Penggerak;90;80;"Catatan; dengan titik koma"\r\n' +
			'\r\n' +
			'Telkom;PT Telkom Indonesia, Tbk;Manajer;Bisnis;Pendukung;70;60;\r\n';
		const table = await readTable('pemangku.csv', withBom(csv));
		expect(table.format).toBe('csv');
		expect(table.delimiter).toBe(';');
		// The BOM is not part of the first header.
		expect(table.headers[0]).toBe('Nama');
		expect(table.headers).toHaveLength(8);
		expect(table.rows).toEqual([
			['Bappeda Kota', 'Pemkot Pekanbaru', 'Kepala', 'Pemerintah', 'Penggerak', '90', '80', 'Catatan; dengan titik koma'],
			['Telkom', 'PT Telkom Indonesia, Tbk', 'Manajer', 'Bisnis', 'Pendukung', '70', '60', '']
		]);
		// Spreadsheet row numbers: the empty line 3 is skipped, not renumbered.
		expect(table.rowNumbers).toEqual([2, 4]);
	});

	it('reads comma CSV without a BOM, and picks the delimiter of the header line', () => {
		expect(detectDelimiter('name,helix\nA;B;C,x')).toBe(',');
		expect(detectDelimiter('"a,b";c;d\n')).toBe(';');
		expect(detectDelimiter('name\thelix\n')).toBe('\t');
		expect(detectDelimiter('name\n')).toBe(',');
		const table = parseCsv('Name,Helix\n"Kim, Minho",정부\n');
		expect(table.rows).toEqual([['Kim, Minho', '정부']]);
	});

	it('refuses text that is not UTF-8, empty files, and files over the limits, saying which', async () => {
		// "Bappéda" in Windows-1252, as an old Excel "CSV" would save it.
		expect(() => decodeText(new Uint8Array([0x42, 0x61, 0x70, 0x70, 0xe9, 0x64, 0x61]))).toThrow(ImportFileError);
		await expectImportError(readTable('a.csv', new Uint8Array([0x4e, 0x61, 0x6d, 0x61, 0x0a, 0xe9, 0x0a])), 'not_utf8');
		await expectImportError(readTable('a.csv', utf8('Nama;Sektor\r\n;\r\n')), 'empty');
		await expectImportError(readTable('a.csv', utf8('')), 'empty');
		await expectImportError(readTable('a.pdf', utf8('%PDF-1.7')), 'unsupported');
		const big = await expectImportError(readTable('a.csv', new Uint8Array(IMPORT_LIMITS.bytes + 1)), 'too_large');
		expect(big.detail.size).toBe(IMPORT_LIMITS.bytes + 1);
		const many = 'name;helix\n' + Array.from({ length: IMPORT_LIMITS.rows + 1 }, (_, i) => `S${i};media`).join('\n');
		const tooMany = await expectImportError(readTable('a.csv', utf8(many)), 'too_many_rows');
		expect(tooMany.detail.rows).toBe(IMPORT_LIMITS.rows + 1);
		// Exactly at the limit is fine.
		const atLimit = 'name;helix\n' + Array.from({ length: IMPORT_LIMITS.rows }, (_, i) => `S${i};media`).join('\n');
		expect((await readTable('a.csv', utf8(atLimit))).rows).toHaveLength(IMPORT_LIMITS.rows);
	});

	it('reads a workbook written by exceljs: typed cells as the text a person sees', async () => {
		const bytes = await workbookBytes(
			[
				['이름', '소속 기관', '역할', '부문', '태도', '권력', '관심', '비고'],
				['부산광역시청', { richText: [{ text: '스마트' }, { text: '시티과', font: { bold: true } }] }, '과장', '정부', '지지자', 80, 0.65, new Date(Date.UTC(2027, 2, 15))],
				[],
				['KAIST', null, null, '학계', '', { formula: '40+5', result: 45 }, 70, { text: 'site', hyperlink: 'https://kaist.ac.kr' }]
			],
			(sheet) => {
				sheet.getCell('G2').numFmt = '0%';
			}
		);
		const table = await readTable('이해관계자.xlsx', bytes);
		expect(table.format).toBe('xlsx');
		expect(table.headers).toEqual(['이름', '소속 기관', '역할', '부문', '태도', '권력', '관심', '비고']);
		expect(table.rowNumbers).toEqual([2, 4]);
		expect(table.rows[0]).toEqual(['부산광역시청', '스마트시티과', '과장', '정부', '지지자', '80', '65', '2027-03-15']);
		expect(table.rows[1]).toEqual(['KAIST', '', '', '학계', '', '45', '70', 'site']);
		// Recognised by its bytes too, whatever the name says.
		expect((await readTable('export', bytes)).format).toBe('xlsx');
	});

	it('refuses a broken workbook and one with too many rows', async () => {
		await expectImportError(readTable('x.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])), 'unreadable');
		const rows = [['Name', 'Helix'], ...Array.from({ length: IMPORT_LIMITS.rows + 1 }, (_, i) => [`S${i}`, 'media'])];
		await expectImportError(readTable('x.xlsx', await workbookBytes(rows)), 'too_many_rows');
	});
});

describe('guessing which column holds what', () => {
	it('recognises headers in Indonesian, Korean, Russian, Kazakh, Mongolian and English', () => {
		expect(guessMapping(['Nama', 'Instansi', 'Jabatan', 'Sektor', 'Sikap', 'Kekuatan', 'Kepentingan', 'Keterangan'])).toEqual({
			name: 0, organization: 1, role: 2, helix: 3, attitude: 4, power: 5, interest: 6, notes: 7
		});
		expect(guessMapping(['비고', '관심', '권력', '태도', '부문', '역할', '소속 기관', '이름'])).toEqual({
			name: 7, organization: 6, role: 5, helix: 4, attitude: 3, power: 2, interest: 1, notes: 0
		});
		expect(guessMapping(['Наименование', 'Организация', 'Должность', 'Сектор', 'Позиция', 'Влияние', 'Интерес', 'Примечание'])).toEqual({
			name: 0, organization: 1, role: 2, helix: 3, attitude: 4, power: 5, interest: 6, notes: 7
		});
		expect(guessMapping(['Атауы', 'Ұйым', 'Рөлі', 'Сектор', 'Ұстаным', 'Ықпал', 'Мүдделілік'])).toMatchObject({
			name: 0, organization: 1, role: 2, helix: 3, attitude: 4, power: 5, interest: 6, notes: null
		});
		expect(guessMapping(['Нэр', 'Байгууллага', 'Үүрэг', 'Салбар', 'Хандлага', 'Эрх мэдэл', 'Сонирхол', 'Тэмдэглэл'])).toEqual({
			name: 0, organization: 1, role: 2, helix: 3, attitude: 4, power: 5, interest: 6, notes: 7
		});
		expect(guessMapping([' STAKEHOLDER NAME ', 'Organisation', 'Helix', 'Power (0-100)', 'Interest (0–100)', 'Comments'])).toMatchObject({
			name: 0, organization: 1, helix: 2, power: 3, interest: 4, notes: 5, role: null, attitude: null
		});
	});

	it('gives each column to one field and leaves unknown headers alone', () => {
		// "Pemangku kepentingan" (stakeholder) holds the names, though it ends in "kepentingan" (interest).
		const mapping = guessMapping(['No', 'Pemangku Kepentingan', 'Kepentingan', 'Tanggal', 'Nama', 'Sektor']);
		expect(mapping).toMatchObject({ name: 1, interest: 2, helix: 5 });
		expect(Object.values(mapping).filter((c) => c === 4)).toHaveLength(0);
		expect(guessMapping(['x', 'y', ''])).toEqual(emptyMapping());
	});
});

describe('rows, values and problems', () => {
	const table = (rows: string[][], headers = ['Name', 'Helix', 'Attitude', 'Power', 'Interest', 'Org']): ImportTable => ({
		headers,
		rows,
		rowNumbers: rows.map((_, i) => i + 2),
		format: 'csv'
	});

	it('matches helix and attitude values in any of the six languages, English keys and ABCGM letters', () => {
		const helixes = ['Pemerintah', '정부', 'Мемлекет', 'Государство', 'Төр', ' GOVERNMENT ', 'g', 'Bisnis', '기업', 'Хувийн хэвшил', 'academia', 'Akademisi', 'Ғылым', 'Komunitas', 'Олон нийт', '지역사회', 'БАҚ', 'СМИ', '언론', 'm'];
		const rows = mapRows(table(helixes.map((h) => ['X', h])), guessMapping(['Name', 'Helix']));
		expect(rows.map((r) => r.shown.helix)).toEqual([
			'government', 'government', 'government', 'government', 'government', 'government', 'government',
			'business', 'business', 'business', 'academia', 'academia', 'academia', 'community', 'community', 'community',
			'media', 'media', 'media', 'media'
		]);
		expect(rows.every((r) => r.problems.length === 0)).toBe(true);

		const attitudes = ['Penggerak', '지지자', 'Скептик', 'Кедергі келтіруші', 'Төвийг сахисан', 'blocker', 'SUPPORTER', ''];
		const withAttitude = mapRows(table(attitudes.map((a) => ['X', 'media', a])), guessMapping(['Name', 'Helix', 'Attitude']));
		expect(withAttitude.map((r) => r.draft?.attitude)).toEqual(['champion', 'supporter', 'skeptic', 'blocker', 'neutral', 'blocker', 'supporter', 'neutral']);
	});

	it('reads power and interest as whole numbers 0–100 and defaults empty ones to 50', () => {
		expect(['80', '80%', ' 72,5 ', '0', '100', '', 'tinggi', '1e3', '-5'].map(readPercent)).toEqual([80, 80, 73, 0, 100, null, null, null, -5]);
		const rows = mapRows(table([['A', 'media', '', '', '']]), guessMapping(table([]).headers));
		expect(rows[0].draft).toMatchObject({ power: 50, interest: 50, attitude: 'neutral' });
	});

	it('names every problem of every row, and only rows without problems become stakeholders', () => {
		const rows = mapRows(
			table([
				['Bappeda', 'Pemerintah', 'Pendukung', '90', '80', 'Pemkot'],
				['', 'Swasta', '', '', '', ''],
				['Radio Suara', 'Radio', 'maybe', 'high', '150', ''],
				['Karang Taruna', '', '', '-1', '20', ''],
				['x'.repeat(501), 'media', '', '', '', '']
			]),
			guessMapping(['Name', 'Helix', 'Attitude', 'Power', 'Interest', 'Org'])
		);
		expect(rows[0].draft).toEqual({ name: 'Bappeda', helix: 'government', organization: 'Pemkot', role: '', attitude: 'supporter', power: 90, interest: 80, notes: '' });
		expect(rows[0].problems).toEqual([]);
		expect(rows[1].draft).toBeNull();
		expect(rows[1].problems).toEqual([{ field: 'name', kind: 'missing', value: '' }]);
		expect(rows[2].problems).toEqual([
			{ field: 'helix', kind: 'unknown_value', value: 'Radio' },
			{ field: 'attitude', kind: 'unknown_value', value: 'maybe' },
			{ field: 'power', kind: 'not_a_number', value: 'high' },
			{ field: 'interest', kind: 'out_of_range', value: '150' }
		]);
		expect(rows[3].problems).toEqual([
			{ field: 'helix', kind: 'missing', value: '' },
			{ field: 'power', kind: 'out_of_range', value: '-1' }
		]);
		expect(rows[4].problems.map((p) => `${p.field}:${p.kind}`)).toEqual(['name:too_long']);
		expect(rows.map((r) => r.rowNumber)).toEqual([2, 3, 4, 5, 6]);
		// Changing the mapping changes the outcome: without a helix column every row lacks a helix.
		const noHelix = mapRows(table([['Bappeda', 'Pemerintah', '', '', '', '']]), { ...emptyMapping(), name: 0 });
		expect(noHelix[0].problems).toEqual([{ field: 'helix', kind: 'missing', value: '' }]);
	});
});

describe('adding the stakeholders', () => {
	const overlap = (a: { x: number; y: number }, b: { x: number; y: number }) =>
		Math.abs(a.x - b.x) < CARD_WIDTH && Math.abs(a.y - b.y) < CARD_HEIGHT;

	it('places new cards in their sectors, on no existing card and on no other new card', () => {
		const existing = [{ x: -100, y: -420 }, { x: -100, y: -536 }, { x: 124, y: -420 }, { x: 300, y: 100 }];
		const helixes = [...Array(30).fill('government'), ...Array(12).fill('media'), 'business', 'academia', 'community'];
		const positions = placeNewCards(existing, helixes);
		expect(positions).toHaveLength(helixes.length);
		positions.forEach((p, i) => {
			expect(helixOfCardAt(p.x, p.y)).toBe(helixes[i]);
			for (const e of existing) expect(overlap(p, e), `${i} on an existing card`).toBe(false);
			positions.forEach((q, j) => {
				if (j !== i) expect(overlap(p, q), `${i} on ${j}`).toBe(false);
			});
		});
	});

	it('adds every row in one transaction, with all its fields, as cards that overlap nothing', () => {
		const doc = new Y.Doc();
		const before = addStakeholder(doc, { name: 'Already there', helix: 'government', x: -100, y: -420 });
		const rows = mapRows(
			{
				headers: ['Nama', 'Sektor', 'Instansi', 'Jabatan', 'Kekuatan', 'Kepentingan', 'Keterangan'],
				rows: [
					['Bappeda Kota', 'Pemerintah', 'Pemkot Pekanbaru', 'Kepala', '90', '80', 'Kunci anggaran'],
					['부산 MBC 라디오', '언론', '', '', '', '', ''],
					['Назарбаев Университеті', 'Ғылым', '', '', '40', '70', '']
				],
				rowNumbers: [2, 3, 4],
				format: 'csv'
			},
			guessMapping(['Nama', 'Sektor', 'Instansi', 'Jabatan', 'Kekuatan', 'Kepentingan', 'Keterangan'])
		);
		let transactions = 0;
		doc.on('afterTransaction', () => transactions++);
		const ids = importStakeholders(doc, rows.map((r) => r.draft!), 'import');
		expect(transactions).toBe(1);
		expect(ids).toHaveLength(3);
		const all = readStakeholders(doc);
		expect(all).toHaveLength(4);
		const bappeda = all.find((s) => s.id === ids[0])!;
		expect(bappeda).toMatchObject({ name: 'Bappeda Kota', helix: 'government', organization: 'Pemkot Pekanbaru', role: 'Kepala', power: 90, interest: 80, attitude: 'neutral', issues: [] });
		expect(bappeda.notes?.toString()).toBe('Kunci anggaran');
		expect(all.find((s) => s.id === ids[1])).toMatchObject({ name: '부산 MBC 라디오', helix: 'media', power: 50, interest: 50 });
		for (const s of all) {
			expect(helixOfCardAt(s.x, s.y)).toBe(s.helix);
			for (const t of all) if (t.id !== s.id) expect(overlap(s, t), `${s.name} on ${t.name}`).toBe(false);
		}
		expect(all.find((s) => s.id === before)).toMatchObject({ x: -100, y: -420 });
	});

	it('builds a clip a session can paste (valid under the clip schema) with the positions as placed', () => {
		const doc = new Y.Doc();
		const clip = importClip(doc, [
			{ name: 'A', helix: 'community', organization: '', role: '', attitude: 'neutral', power: 50, interest: 50, notes: '' }
		]);
		expect(clip.format).toBe('helixboard-clip');
		expect(clip.stakeholders[0].fields).toMatchObject({ name: 'A', helix: 'community', notes: '' });
		expect(helixOfCardAt(clip.stakeholders[0].fields.x as number, clip.stakeholders[0].fields.y as number)).toBe('community');
		expect(importStakeholders(doc, [])).toEqual([]);
	});
});
