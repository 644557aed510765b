/**
 * Stakeholders from a spreadsheet, in the browser: a participant imports a semicolon CSV with
 * Indonesian headers (and a byte-order mark, as Indonesian Excel saves it) and, on a phone, an
 * XLSX with Korean headers, through the mapping step; the cards land in their sectors on everyone's
 * map and list. The plan's XLSX download is read back with exceljs. Screenshots of the mapping
 * dialog on a laptop and a phone are kept with the results.
 */
import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import { addAction, addStakeholder, updateAction } from '../../src/lib/board/model.js';
import { CARD_HEIGHT, CARD_WIDTH } from '../../src/lib/board/sectors.js';
import { DESKTOP, PHONE, shoot, twoPeople } from './board.js';
import { openBoard, remember } from './sessions.js';

const INDONESIAN_CSV =
	'\ufeffNama;Asal;Jabatan;Sektor;Sikap;Kekuatan;Kepentingan;Catatan\r\n' +
	'Bappeda Kota Pekanbaru;Pemkot Pekanbaru;Kepala;Pemerintah;Penggerak;90;80;Kunci anggaran\r\n' +
	'Telkom Witel Riau;PT Telkom Indonesia;Manajer;Bisnis;Pendukung;70;60;\r\n' +
	'Universitas Riau;;Dosen;Akademisi;Netral;40;75;\r\n' +
	'Karang Taruna Sukajadi;;;Komunitas;;30;90;"Pemuda; relawan"\r\n' +
	';Radio Suara;;Media;;;;\r\n' +
	'Radio Suara Pekanbaru;;;Radio;;150;;\r\n';

async function koreanWorkbook(): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('이해관계자');
	sheet.addRow(['이름', '소속', '직책', '부문', '태도', '권력', '관심도', '비고']);
	sheet.addRow(['부산광역시청', '스마트시티과', '과장', '정부', '지지자', 80, 70, '예산 담당']);
	sheet.addRow(['KAIST', '', '교수', '학계', '중립', 50, 85, '']);
	sheet.addRow(['네이버클라우드', '', '', '기업', '회의론자', 60, 40, '']);
	sheet.addRow(['부산 MBC', '', '', '언론', '', 45, 55, '']);
	sheet.addRow(['해운대 주민협의회', '', '', '지역사회', '적극 지지자', 20, 95, '']);
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Every pair of cards on the map, by their stored corners: none may overlap another. */
async function expectNoOverlap(page: Page) {
	const boxes = await page
		.getByTestId('map-card')
		.evaluateAll((cards) => cards.map((c) => ({ id: (c as HTMLElement).dataset.cardId!, x: Number((c as HTMLElement).dataset.x), y: Number((c as HTMLElement).dataset.y) })));
	for (const a of boxes) {
		for (const b of boxes) {
			if (a.id !== b.id) expect(Math.abs(a.x - b.x) < CARD_WIDTH && Math.abs(a.y - b.y) < CARD_HEIGHT, `${a.id} on ${b.id}`).toBe(false);
		}
	}
}

test('a participant imports a semicolon CSV with Indonesian headers: mapping, problems, cards on the map and in the list', async ({ browser, request }, testInfo) => {
	const { a, b, raw, boardId, close } = await twoPeople(browser, request, testInfo, {
		seed: { existing: { name: 'Dinas Kominfo', helix: 'government', x: -100, y: -420 } }
	});
	await b.getByTestId('import-stakeholders').click();
	const dialog = b.getByTestId('import-dialog');
	await expect(dialog).toBeVisible();
	await b.getByTestId('import-file').setInputFiles({ name: 'pemangku-kepentingan.csv', mimeType: 'text/csv', buffer: Buffer.from(INDONESIAN_CSV, 'utf8') });
	await expect(b.getByTestId('import-file-summary')).toContainText('pemangku-kepentingan.csv: 6 rows read.');

	// Guessed from the Indonesian headers, except "Asal", which is no word for organisation it knows.
	await expect(b.getByTestId('import-map-name')).toHaveValue('0');
	await expect(b.getByTestId('import-map-role')).toHaveValue('2');
	await expect(b.getByTestId('import-map-helix')).toHaveValue('3');
	await expect(b.getByTestId('import-map-attitude')).toHaveValue('4');
	await expect(b.getByTestId('import-map-power')).toHaveValue('5');
	await expect(b.getByTestId('import-map-interest')).toHaveValue('6');
	await expect(b.getByTestId('import-map-notes')).toHaveValue('7');
	await expect(b.getByTestId('import-map-organization')).toHaveValue('');
	const firstRow = b.getByTestId('import-preview-row').first();
	await expect(firstRow).not.toContainText('Pemkot Pekanbaru');
	// The person fixes that one mapping by hand.
	await b.getByTestId('import-map-organization').selectOption({ label: 'B: Asal' });
	await expect(firstRow).toContainText('Pemkot Pekanbaru');
	await expect(firstRow).toContainText('Government');
	await expect(firstRow).toHaveAttribute('data-ok', 'true');

	// Two rows have problems, named in words; nothing is added until the person says to skip them.
	const problems = b.getByTestId('import-problem');
	await expect(problems).toHaveCount(2);
	await expect(problems.nth(0)).toHaveText('Row 6: no name');
	await expect(problems.nth(1)).toHaveText('Row 7: “Radio” is not one of the five helixes; Power 150 is not between 0 and 100');
	await expect(b.getByTestId('import-summary')).toHaveText('Ready to add: 4 of 6 rows.');
	await expect(b.getByTestId('import-submit')).toBeDisabled();
	await shoot(b, testInfo, 'import-mapping-desktop');
	await b.getByTestId('import-problems').scrollIntoViewIfNeeded();
	await shoot(b, testInfo, 'import-preview-desktop');
	await b.getByTestId('import-skip-invalid').check();
	await expect(b.getByTestId('import-submit')).toHaveText('Add 4 stakeholders');
	await b.getByTestId('import-submit').click();
	await expect(b.getByTestId('import-done')).toHaveText('4 stakeholders added.');
	await b.getByTestId('import-close').click();
	await expect(dialog).toBeHidden();

	// On both maps, in their sectors, on no other card; written to the board as the format says.
	const expected = { 'Bappeda Kota Pekanbaru': 'government', 'Telkom Witel Riau': 'business', 'Universitas Riau': 'academia', 'Karang Taruna Sukajadi': 'community' };
	for (const page of [a, b]) {
		await expect(page.getByTestId('map-card')).toHaveCount(5);
		for (const [name, helix] of Object.entries(expected)) {
			await expect(page.getByTestId('map-card').filter({ hasText: name })).toHaveAttribute('data-helix', helix);
		}
		await expectNoOverlap(page);
	}
	await expect.poll(() => raw.doc.getMap('stakeholders').size).toBe(5);
	const stored = [...raw.doc.getMap<import('yjs').Map<unknown>>('stakeholders').values()].map((s) => s.toJSON());
	expect(stored.find((s) => s.name === 'Bappeda Kota Pekanbaru')).toMatchObject({
		helix: 'government', organization: 'Pemkot Pekanbaru', role: 'Kepala', attitude: 'champion', power: 90, interest: 80, notes: 'Kunci anggaran'
	});
	expect(stored.find((s) => s.name === 'Karang Taruna Sukajadi')).toMatchObject({ attitude: 'neutral', power: 30, interest: 90, notes: 'Pemuda; relawan' });
	// The card already there stayed where it was.
	expect(stored.find((s) => s.name === 'Dinas Kominfo')).toMatchObject({ x: -100, y: -420 });

	// The facilitator sees them in the list with their helix.
	await openBoard(a, boardId, 'list');
	for (const [name] of Object.entries(expected)) await expect(a.getByTestId('list-row').filter({ hasText: name })).toHaveCount(1);
	await expect(a.getByTestId('list-row').filter({ hasText: 'Telkom Witel Riau' })).toContainText('Business');
	await expect(a.getByTestId('list-row').filter({ hasText: 'Universitas Riau' })).toContainText('Academia');
	// The import is offered in the list and grid too, to whoever can edit.
	await expect(a.getByTestId('import-stakeholders')).toBeVisible();
	await openBoard(a, boardId, 'grid');
	await expect(a.getByTestId('import-stakeholders')).toBeVisible();

	// The whole import is one undo step of the person who made it.
	await b.getByTestId('map-viewport').click({ position: { x: 5, y: 5 } });
	await b.keyboard.press('Control+z');
	await expect(b.getByTestId('map-card')).toHaveCount(1);
	await expect.poll(() => raw.doc.getMap('stakeholders').size).toBe(1);
	await close();
});

test('on a phone: an XLSX with Korean headers, one mapping changed, imported into the sectors', async ({ browser, request }, testInfo) => {
	const { b, raw, close } = await twoPeople(browser, request, testInfo, { sizeB: PHONE });
	await expect(b.getByTestId('import-stakeholders')).toBeVisible();
	await shoot(b, testInfo, 'import-button-phone');
	await b.getByTestId('import-stakeholders').click();
	await b.getByTestId('import-file').setInputFiles({
		name: '이해관계자.xlsx',
		mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		buffer: await koreanWorkbook()
	});
	await expect(b.getByTestId('import-file-summary')).toContainText('5 rows read.');
	await expect(b.getByTestId('import-map-name')).toHaveValue('0');
	await expect(b.getByTestId('import-map-organization')).toHaveValue('1');
	await expect(b.getByTestId('import-map-role')).toHaveValue('2');
	await expect(b.getByTestId('import-map-helix')).toHaveValue('3');
	await expect(b.getByTestId('import-map-interest')).toHaveValue('6');
	await expect(b.getByTestId('import-problem')).toHaveCount(0);
	await expect(b.getByTestId('import-preview-row').nth(1)).toHaveAttribute('data-helix', 'academia');
	// Choosing the wrong column for the helix shows a problem on every row; choosing it back clears them.
	await b.getByTestId('import-map-helix').selectOption('4');
	await expect(b.getByTestId('import-problem')).toHaveCount(5);
	await expect(b.getByTestId('import-problem').first()).toHaveText('Row 2: “지지자” is not one of the five helixes');
	await expect(b.getByTestId('import-submit')).toBeDisabled();
	await b.getByTestId('import-map-helix').selectOption('3');
	await expect(b.getByTestId('import-problem')).toHaveCount(0);
	await shoot(b, testInfo, 'import-mapping-phone');
	await b.getByTestId('import-preview').scrollIntoViewIfNeeded();
	await shoot(b, testInfo, 'import-preview-phone');
	// Nothing spills sideways out of the dialog on a phone.
	const overflow = await b.getByTestId('import-dialog').evaluate((d) => ({ scroll: d.scrollWidth, client: d.clientWidth, width: d.getBoundingClientRect().width }));
	expect(overflow.scroll).toBeLessThanOrEqual(overflow.client + 1);
	expect(overflow.width).toBeLessThanOrEqual(PHONE.width);
	await b.getByTestId('import-submit').click();
	await expect(b.getByTestId('import-done')).toHaveText('5 stakeholders added.');
	await shoot(b, testInfo, 'import-done-phone');
	await b.getByTestId('import-close').click();

	await expect.poll(() => raw.doc.getMap('stakeholders').size).toBe(5);
	const stored = [...raw.doc.getMap<import('yjs').Map<unknown>>('stakeholders').values()].map((s) => s.toJSON());
	expect(Object.fromEntries(stored.map((s) => [s.name, s.helix]))).toEqual({
		부산광역시청: 'government', KAIST: 'academia', 네이버클라우드: 'business', '부산 MBC': 'media', '해운대 주민협의회': 'community'
	});
	expect(stored.find((s) => s.name === '해운대 주민협의회')).toMatchObject({ attitude: 'champion', power: 20, interest: 95 });
	await expect(b.getByTestId('map-card')).toHaveCount(5);
	await expectNoOverlap(b);
	await close();
});

test('plan: the XLSX download in the reader’s language, read back; a refused download says why', async ({ browser, request }, testInfo) => {
	const { raw, savedA, boardId, close } = await twoPeople(browser, request, testInfo);
	const owner = addStakeholder(raw.doc, { name: '부산광역시청', helix: 'government' });
	const action = addAction(raw.doc, { title: 'Цифрлық сауаттылық курсы', owner });
	updateAction(raw.doc, action, { start: '2027-03-01', end: '2027-06-30', budget: 25_000_000, currency: 'KRW', progress: 40 });

	const context = await browser.newContext({ viewport: DESKTOP, locale: 'ko-KR', acceptDownloads: true });
	await remember(context, savedA);
	const page = await context.newPage();
	await openBoard(page, boardId, 'plan');
	await expect(page.getByTestId('export-xlsx')).toHaveText('XLSX 내보내기');
	const download = page.waitForEvent('download');
	await page.getByTestId('export-xlsx').click();
	const file = await download;
	expect(file.suggestedFilename()).toMatch(/-plan\.xlsx$/);
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(fs.readFileSync((await file.path())!) as unknown as ArrayBuffer);
	const sheet = workbook.worksheets[0];
	expect(sheet.name).toBe('실행 계획');
	expect(sheet.getRow(1).getCell(1).value).toBe('과제');
	const row = sheet.getRow(2);
	expect(row.getCell(1).value).toBe('Цифрлық сауаттылық курсы');
	expect(row.getCell(3).value).toBe('부산광역시청');
	expect(row.getCell(4).value).toBe('정부');
	expect(row.getCell(6).value).toEqual(new Date(Date.UTC(2027, 2, 1)));
	expect(row.getCell(10).value).toBe(25_000_000);
	expect(row.getCell(13).value).toBe(0.4);

	// A refused download (here: the server says the token is no good) is explained, not silent.
	await page.route('**/export?format=xlsx*', (route) => route.fulfill({ status: 401, contentType: 'application/json', body: '{"error":"invalid token"}' }));
	await page.getByTestId('export-xlsx').click();
	await expect(page.getByTestId('export-xlsx-error')).toContainText('invalid token');
	await shoot(page, testInfo, 'plan-xlsx-error-ko');
	await context.close();
	await close();
});

test('in Russian on a phone: the dialog speaks the reader’s language and nothing spills sideways', async ({ browser, request }, testInfo) => {
	const { savedA, boardId, close } = await twoPeople(browser, request, testInfo);
	const context = await browser.newContext({ viewport: PHONE, locale: 'ru-RU', hasTouch: true });
	await remember(context, savedA);
	const page = await context.newPage();
	await openBoard(page, boardId);
	await page.getByTestId('import-stakeholders').click();
	await page.getByTestId('import-file').setInputFiles({ name: 'стейкхолдеры.csv', mimeType: 'text/csv', buffer: Buffer.from(INDONESIAN_CSV, 'utf8') });
	await expect(page.getByTestId('import-file-summary')).toHaveText('стейкхолдеры.csv: прочитано строк — 6.');
	await expect(page.getByTestId('import-problem').nth(1)).toHaveText('Строка 7: «Radio» — не один из пяти секторов; Влияние: 150 — вне диапазона от 0 до 100');
	await expect(page.getByTestId('import-preview-row').first()).toContainText('Государство');
	await shoot(page, testInfo, 'import-mapping-phone-ru');
	await page.getByTestId('import-problems').scrollIntoViewIfNeeded();
	await shoot(page, testInfo, 'import-problems-phone-ru');
	const overflow = await page.getByTestId('import-dialog').evaluate((d) => ({ scroll: d.scrollWidth, client: d.clientWidth }));
	expect(overflow.scroll).toBeLessThanOrEqual(overflow.client + 1);
	await context.close();
	await close();
});
