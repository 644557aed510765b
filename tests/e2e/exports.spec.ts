/**
 * Issue 8's "done when": a Korean facilitator and Indonesian, Kazakh and Mongolian participants
 * each work in their own language on one board, and the facilitator downloads a complete,
 * readable PDF report at the end — its pages turned into PNGs (poppler's pdftoppm) to be looked
 * at, its text read back (every participant's stakeholder, Korean labels). Also the board's
 * Export menu: map and grid images in the viewer's language, on a laptop and a phone.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import type { CreateWorkshopResponse, JoinResponse } from '../../src/lib/api/types.js';
import type { SavedSession } from '../../src/lib/sessions.js';
import { DESKTOP, PHONE, shoot } from './board.js';
import { facilitatorSession, openBoard, remember } from './sessions.js';

const catalog = (file: string, locale: string) =>
	JSON.parse(fs.readFileSync(path.join('messages', file, `${locale}.json`), 'utf8')) as Record<string, string>;

async function personIn(browser: Browser, locale: string, session: SavedSession, errors: string[], viewport = DESKTOP): Promise<Page> {
	const context = await browser.newContext({ viewport, locale, acceptDownloads: true, hasTouch: viewport === PHONE });
	await remember(context, session);
	const page = await context.newPage();
	page.on('pageerror', (error) => errors.push(error.message));
	return page;
}

/** Saves a download under the test's output and returns its path. */
async function saved(page: Page, testInfo: TestInfo, start: () => Promise<void>): Promise<{ file: string; name: string }> {
	const [download] = await Promise.all([page.waitForEvent('download'), start()]);
	const file = testInfo.outputPath(download.suggestedFilename());
	await download.saveAs(file);
	return { file, name: download.suggestedFilename() };
}

test('a Korean facilitator and Indonesian, Kazakh and Mongolian participants share a board; the facilitator downloads a readable PDF report', async ({ browser, request }, testInfo) => {
	test.setTimeout(180_000);
	const created = (await (await request.post('/api/workshops', { data: { title: '스마트 거버넌스 연수 2027', groups: 2, groupNames: ['Kelompok Pekanbaru', 'Топ Алматы'] } })).json()) as CreateWorkshopResponse;
	const boardId = created.boards[0].boardId;
	const errors: string[] = [];
	const people = [
		{ locale: 'id', browserLocale: 'id-ID', name: 'Dewi', stakeholder: 'Dinas Kominfo Kota', helix: 'government' },
		{ locale: 'kk', browserLocale: 'kk-KZ', name: 'Әйгерім', stakeholder: 'Қазақтелеком АҚ', helix: 'business' },
		{ locale: 'mn', browserLocale: 'mn-MN', name: 'Болормаа', stakeholder: 'Залуучуудын холбоо', helix: 'community' }
	] as const;

	const pages: Page[] = [];
	for (const person of people) {
		const joined = (await (await request.post('/api/join', { data: { joinCode: created.joinCode, name: person.name, boardId } })).json()) as JoinResponse;
		const page = await personIn(browser, person.browserLocale, { ...facilitatorSession(created), role: 'participant', token: joined.participantToken, name: person.name, boardId }, errors);
		await openBoard(page, boardId);
		// Each in their own language: the view tabs and the sector names.
		const words = catalog('stakeholders', person.locale);
		await expect(page.getByTestId('view-grid')).toContainText(words.view_grid_short);
		await expect(page.locator('[data-testid="map-sector-label"][data-helix="media"]')).toContainText(words.helix_media);
		await page.getByTestId('add-stakeholder').click();
		await expect(page.getByTestId('inspector-name')).toBeFocused();
		await page.keyboard.type(person.stakeholder);
		await page.keyboard.press('Enter');
		await page.locator(`[data-testid="inspector-helix"] input[value="${person.helix}"]`).check();
		pages.push(page);
	}
	// New cards start in the middle of the view; the last one in sorts them into their sectors.
	await pages[2].getByTestId('arrange-by-helix').click();
	// Everyone sees everyone's cards, each with the helixes in their own language.
	for (const page of pages) {
		for (const person of people) await expect(page.getByTestId('map-card').filter({ hasText: person.stakeholder })).toBeVisible();
	}

	// The Korean facilitator: the console, the report in Korean (the UI's language by default).
	const ko = catalog('exports', 'ko');
	const facilitator = await personIn(browser, 'ko-KR', facilitatorSession(created, '김민지'), errors);
	await facilitator.goto(`/w/${created.workshopId}`);
	await facilitator.locator('html[data-hydrated="true"]').waitFor();
	const panel = facilitator.getByTestId('console-report');
	await expect(panel).toContainText(ko.export_report_title);
	await expect(facilitator.getByTestId('report-language')).toHaveValue('ko');
	await panel.scrollIntoViewIfNeeded();
	const report = await saved(facilitator, testInfo, async () => {
		await facilitator.getByTestId('report-build').click();
		// The progress bar shows while the server builds.
		await expect(facilitator.getByTestId('report-progress')).toBeVisible();
		await shoot(facilitator, testInfo, 'report-building-ko');
	});
	await expect(facilitator.getByTestId('report-done')).toHaveText(ko.export_report_done);
	expect(report.name).toMatch(/-report\.pdf$/);

	// Readable: the text is there (Hangul, Latin, Cyrillic with Kazakh and Mongolian letters) …
	const text = execFileSync('pdftotext', ['-raw', report.file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
	for (const words of [ko.export_report_title, '스마트 거버넌스 연수 2027', 'Kelompok Pekanbaru', 'Топ Алматы', ...people.map((p) => p.stakeholder)]) {
		expect(text).toContain(words);
	}
	// … and every page turns into an image to look at (kept with the test's results).
	const prefix = testInfo.outputPath('report-page');
	execFileSync('pdftoppm', ['-r', '50', '-png', report.file, prefix]);
	const pagesOut = fs.readdirSync(path.dirname(prefix)).filter((f) => f.startsWith('report-page') && f.endsWith('.png'));
	// A cover and three pages (map, grid, plan with coverage and votes) per group.
	expect(pagesOut.length).toBeGreaterThanOrEqual(7);
	for (const file of pagesOut.sort().slice(0, 4)) await testInfo.attach(file, { path: path.join(path.dirname(prefix), file), contentType: 'image/png' });
	expect(errors).toEqual([]);
	await facilitator.context().close();
	for (const page of pages) await page.context().close();
});

test('the board Export menu downloads the map and grid in the viewer language, on a laptop and a phone', async ({ browser, request }, testInfo) => {
	test.setTimeout(120_000);
	const created = (await (await request.post('/api/workshops', { data: { title: 'Smart Kota Pekanbaru', groups: 1, template: 'example' } })).json()) as CreateWorkshopResponse;
	const boardId = created.boards[0].boardId;
	const errors: string[] = [];
	for (const [viewport, device] of [[DESKTOP, 'desktop'], [PHONE, 'phone']] as const) {
		const page = await personIn(browser, 'ru-RU', facilitatorSession(created), errors, viewport);
		await openBoard(page, boardId);
		await page.getByTestId('export-toggle').click();
		await expect(page.getByTestId('export-map-png')).toBeVisible();
		// The menu stays on the screen.
		const box = (await page.locator('[data-testid="export-menu"] .menu').boundingBox())!;
		expect(box.x).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
		await shoot(page, testInfo, `export-menu-ru-${device}`);

		const png = await saved(page, testInfo, () => page.getByTestId('export-map-png').click());
		expect(png.name).toMatch(/-map\.png$/);
		expect([...fs.readFileSync(png.file).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
		if (device === 'desktop') {
			await page.getByTestId('export-toggle').click();
			const svg = await saved(page, testInfo, () => page.getByTestId('export-grid-svg').click());
			const content = fs.readFileSync(svg.file, 'utf8');
			expect(content).toContain(catalog('stakeholders', 'ru').quadrant_manage);
			expect(content).toContain('Bappeda Kota');
		}
		await page.context().close();
	}
	expect(errors).toEqual([]);
});
