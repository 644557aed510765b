/**
 * Adding a board from a file in the facilitator console (issue 8): a board of one workshop,
 * exported as JSON through the API, is imported into another workshop — the dialog checks the file
 * in the browser and shows what it holds, the values that break the board rules and a name from its
 * title; "Add board" adds it and its stakeholders are on the new board. A broken file lists every
 * problem and adds nothing; a file over 8 MB is refused before it is read. The dialog is
 * photographed with problems and with the summary on a desktop and on a phone.
 */
import fs from 'node:fs';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import type { CreateWorkshopResponse } from '../../src/lib/api/types.js';
import type { WorkshopDetailsResponse } from '../../src/lib/api/workshop.js';
import type { BoardExport } from '../../src/lib/board/json.js';
import { DESKTOP, PHONE, rawClient, shoot } from './board.js';
import { facilitatorSession, openBoard, remember } from './sessions.js';

async function createWorkshop(request: APIRequestContext, data: Record<string, unknown>): Promise<CreateWorkshopResponse> {
	const response = await request.post('/api/workshops', { data });
	expect(response.ok()).toBe(true);
	return (await response.json()) as CreateWorkshopResponse;
}

async function boardsOf(request: APIRequestContext, created: CreateWorkshopResponse) {
	const response = await request.get(`/api/workshops/${created.workshopId}`, { headers: { authorization: `Bearer ${created.facilitatorToken}` } });
	expect(response.ok()).toBe(true);
	const details = (await response.json()) as WorkshopDetailsResponse;
	return { boards: details.boards, removedBoards: details.removedBoards };
}

async function consolePage(browser: Browser, created: CreateWorkshopResponse, errors: string[], viewport = DESKTOP): Promise<Page> {
	const context = await browser.newContext({ viewport, locale: 'en-US', hasTouch: viewport === PHONE });
	await remember(context, facilitatorSession(created));
	const page = await context.newPage();
	page.on('pageerror', (error) => errors.push(error.message));
	page.on('dialog', (dialog) => {
		errors.push(`unexpected browser dialog: ${dialog.message()}`);
		void dialog.dismiss();
	});
	await page.goto(`/w/${created.workshopId}`);
	await page.locator('html[data-hydrated="true"]').waitFor();
	await expect(page.getByTestId('console')).toBeVisible();
	return page;
}

/** A file with one problem of every kind the dialog lists (and more bad ids than it lists). */
function brokenFile(): string {
	const stakeholders: Record<string, unknown> = { 'bad id!': { name: 'A' }, abcdefgh1234: 'Bappeda Kota' };
	for (let i = 0; i < 60; i++) stakeholders[`s${i}`] = { name: `S${i}` };
	return JSON.stringify({
		format: 'helixboard-bord',
		version: 2,
		board: { meta: { schema: 3, title: 'Broken' }, stakeholders, shapes: {}, notes: ['a note'] }
	});
}

/** Sets the file of the dialog's input from bytes. */
async function pick(page: Page, name: string, text: string | Buffer) {
	await page.getByTestId('import-board-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.isBuffer(text) ? text : Buffer.from(text) });
}

test('a board exported from one workshop is added to another from its file; broken files list their problems and add nothing', async ({ browser, request }, testInfo) => {
	// The source: a workshop's board with the worked example, renamed, with values a foreign client wrote.
	const source = await createWorkshop(request, { title: 'Smart Kota 2026', groups: 1, template: 'example' });
	const sourceBoard = source.boards[0].boardId;
	const auth = { authorization: `Bearer ${source.facilitatorToken}` };
	expect((await request.patch(`/api/boards/${sourceBoard}`, { data: { name: 'Kelompok Pesisir' }, headers: auth })).ok()).toBe(true);
	const raw = await rawClient(testInfo, sourceBoard, source.facilitatorToken);
	raw.add({ typo00000001: { name: 'Dinas <b>Kominfo</b>', helix: 'goverment', power: 140 } });
	let exported!: BoardExport;
	await expect(async () => {
		const response = await request.get(`/api/boards/${sourceBoard}/export?format=json`, { headers: auth });
		exported = (await response.json()) as BoardExport;
		expect(exported.board.stakeholders.typo00000001).toBeDefined();
		expect(exported.board.meta.title).toBe('Kelompok Pesisir');
	}).toPass();
	raw.close();
	const stakeholderCount = Object.keys(exported.board.stakeholders).length;
	const file = testInfo.outputPath('kelompok-pesisir.json');
	fs.writeFileSync(file, JSON.stringify(exported, null, 2));

	const target = await createWorkshop(request, { title: 'Follow-up 2027', groups: 2 });
	const errors: string[] = [];
	const page = await consolePage(browser, target, errors);
	await expect(page.getByTestId('console-board')).toHaveCount(2);

	// A broken file: every problem listed with where it is, no way to add.
	const before = await boardsOf(request, target);
	await page.getByTestId('import-board-open').click();
	const dialog = page.getByTestId('import-board-dialog');
	await expect(dialog).toBeVisible();
	await pick(page, 'broken.json', brokenFile());
	const problems = dialog.getByTestId('import-board-problems');
	await expect(problems).toBeVisible();
	await expect(problems).toHaveAttribute('data-count', '67');
	await expect(problems.getByRole('heading')).toHaveText('This file cannot be added as a board. Problems found: 67');
	const listed = dialog.getByTestId('import-board-problem');
	await expect(listed).toHaveCount(50);
	await expect(listed.nth(0)).toHaveAttribute('data-path', 'format');
	await expect(listed.nth(0)).toContainText('Must be "helixboard-board" but is "helixboard-bord": this is not a Helixboard board export.');
	await expect(listed.nth(1)).toContainText('Version 2 is not supported; this Helixboard reads version 1.');
	await expect(listed.nth(2)).toHaveAttribute('data-path', 'board.shapes');
	await expect(listed.nth(3)).toContainText('board.notes');
	await expect(listed.nth(3)).toContainText('Must be an object of entries by id (found ["a note"]).');
	await expect(listed.nth(4)).toContainText('Board schema 3 is not supported');
	await expect(listed.nth(5)).toHaveAttribute('data-path', 'board.stakeholders["bad id!"]');
	await expect(listed.nth(5)).toContainText('Not a valid id');
	await expect(listed.nth(6)).toContainText('Must be an object (found "Bappeda Kota").');
	await expect(dialog.getByTestId('import-board-problems-more')).toHaveText('…and 17 more.');
	await expect(dialog.getByTestId('import-board-submit')).toHaveCount(0);
	await expect(dialog.getByTestId('import-board-summary')).toHaveCount(0);
	await shoot(page, testInfo, 'import-board-problems-desktop');

	// Not JSON at all, and a file over the limit (refused before it is read).
	await pick(page, 'notes.json', '{"format": "helixboard-board", "version": 1, ');
	await expect(listed).toHaveCount(1);
	await expect(listed.first()).toHaveAttribute('data-code', 'not-json');
	await expect(listed.first()).toContainText('The file');
	await expect(listed.first()).toContainText('The file is not JSON');
	await pick(page, 'huge.json', Buffer.alloc(9 * 1024 * 1024, 32));
	await expect(dialog.getByTestId('import-board-error')).toHaveText('This file is 9 MB; a board file can be at most 8 MB.');
	await expect(dialog.getByTestId('import-board-problems')).toHaveCount(0);

	await dialog.getByTestId('import-board-cancel').click();
	await expect(dialog).toBeHidden();
	expect(await boardsOf(request, target)).toEqual(before);
	await expect(page.getByTestId('console-board')).toHaveCount(2);

	// The exported file: a summary, its warnings shown as text, a name from its title; then added.
	await page.getByTestId('import-board-open').click();
	await expect(dialog.getByTestId('import-board-problems')).toHaveCount(0); // a fresh dialog
	await page.getByTestId('import-board-file').setInputFiles(file);
	const summary = dialog.getByTestId('import-board-summary');
	await expect(summary).toBeVisible();
	await expect(summary).toContainText('From kelompok-pesisir.json');
	const count = (kind: string) => summary.locator(`[data-testid="import-board-count"][data-kind="${kind}"] dd`);
	await expect(count('stakeholders')).toHaveText(String(stakeholderCount));
	await expect(count('relations')).toHaveText(String(Object.keys(exported.board.relations).length));
	await expect(count('actions')).toHaveText(String(Object.keys(exported.board.actions).length));
	await expect(count('notes')).toHaveText(String(Object.keys(exported.board.notes).length));
	expect(stakeholderCount).toBe(17);
	const warnings = dialog.getByTestId('import-board-warnings');
	await expect(warnings).toHaveAttribute('data-count', '2');
	await expect(warnings).toContainText('Values that break the board rules: 2');
	await expect(warnings.getByTestId('import-board-warning').nth(0)).toHaveText(/board\.stakeholders\.typo00000001\.helix\s*"goverment" is not a valid value here\./);
	await expect(warnings.getByTestId('import-board-warning').nth(1)).toHaveAttribute('data-path', 'board.stakeholders.typo00000001.power');
	await expect(dialog.getByTestId('import-board-dropped')).toContainText('Dot votes and the lock are not carried over');
	await expect(dialog.getByTestId('import-board-name')).toHaveValue('Kelompok Pesisir');
	await shoot(page, testInfo, 'import-board-summary-desktop');

	// The name is the facilitator's to change; an empty one cannot be added.
	await dialog.getByTestId('import-board-name').fill('   ');
	await expect(dialog.getByTestId('import-board-submit')).toBeDisabled();
	await dialog.getByTestId('import-board-name').fill('Kelompok Pesisir (2026)');
	await dialog.getByTestId('import-board-submit').click();
	await expect(dialog).toBeHidden();
	const added = page.getByTestId('console-board').filter({ hasText: 'Kelompok Pesisir (2026)' });
	await expect(added).toHaveCount(1);
	await expect(page.getByTestId('console-board')).toHaveCount(3);
	await expect(page.getByTestId('console-error')).toHaveCount(0);
	await expect(added.getByTestId('console-thumbnail')).toHaveAttribute('data-cards', String(stakeholderCount));
	const newBoardId = (await added.getAttribute('data-board-id'))!;
	expect((await boardsOf(request, target)).boards.map((b) => b.name)).toEqual(['Group 1', 'Group 2', 'Kelompok Pesisir (2026)']);

	// The new board, opened by the facilitator (a browser whose saved session knows it, as the
	// console's own refresh saves it), shows the stakeholders of the file (the foreign name as text).
	const boardContext = await browser.newContext({ viewport: DESKTOP, locale: 'en-US' });
	await remember(boardContext, { ...facilitatorSession(target), boards: (await boardsOf(request, target)).boards.map(({ boardId, name }) => ({ boardId, name })) });
	const boardPage = await boardContext.newPage();
	boardPage.on('pageerror', (error) => errors.push(error.message));
	await openBoard(boardPage, newBoardId);
	await expect(boardPage.getByTestId('map-card')).toHaveCount(stakeholderCount);
	const someName = (Object.values(exported.board.stakeholders)[0] as { name: string }).name;
	await expect(boardPage.getByTestId('map-card').filter({ hasText: someName })).toHaveCount(1);
	await expect(boardPage.locator('[data-testid="map-card"][data-card-id="typo00000001"]')).toContainText('Dinas <b>Kominfo</b>');
	await expect(boardPage.locator('[data-testid="map-card"] b')).toHaveCount(0);
	expect(errors).toEqual([]);
	await boardContext.close();
	await page.context().close();
});

test('on a phone, the import dialog with problems and with a summary fits the screen', async ({ browser, request }, testInfo) => {
	const source = await createWorkshop(request, { title: 'Smart Kota 2026', groups: 1, template: 'example' });
	const response = await request.get(`/api/boards/${source.boards[0].boardId}/export?format=json`, {
		headers: { authorization: `Bearer ${source.facilitatorToken}` }
	});
	const exported = (await response.json()) as BoardExport;
	(exported.board.stakeholders[Object.keys(exported.board.stakeholders)[0]] as Record<string, unknown>).helix = 'goverment';
	const target = await createWorkshop(request, { title: 'Follow-up 2027', groups: 1 });
	const errors: string[] = [];
	const page = await consolePage(browser, target, errors, PHONE);

	await page.getByTestId('import-board-open').scrollIntoViewIfNeeded();
	await page.getByTestId('import-board-open').click();
	const dialog = page.getByTestId('import-board-dialog');
	await pick(page, 'broken.json', brokenFile());
	await expect(dialog.getByTestId('import-board-problem')).toHaveCount(50);
	const fits = async () => {
		const box = (await dialog.boundingBox())!;
		expect(box.x).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
		expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
		// Nothing inside is wider than the dialog (long paths and values wrap).
		expect(await dialog.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
	};
	await fits();
	await shoot(page, testInfo, 'import-board-problems-phone');

	await pick(page, 'group-1.json', JSON.stringify(exported));
	await expect(dialog.getByTestId('import-board-summary')).toBeVisible();
	await expect(dialog.getByTestId('import-board-warnings')).toHaveAttribute('data-count', '1');
	await expect(dialog.getByTestId('import-board-submit')).toBeVisible();
	await fits();
	await shoot(page, testInfo, 'import-board-summary-phone');
	await dialog.getByTestId('import-board-submit').click();
	await expect(dialog).toBeHidden();
	await expect(page.getByTestId('console-board')).toHaveCount(2);
	expect(errors).toEqual([]);
	await page.context().close();
});
