/**
 * The six UI languages (issue 8): a browser set to a language gets the app in it from the first
 * visit, the main pages of a filled board (worked example) and the facilitator console show it —
 * enumerated values (helix, views) in the viewer's language, free text as written — and no layout
 * breaks: nothing makes the page scroll sideways and no label spills out of its box, on a laptop
 * and, for the languages with the longest words (Russian, Kazakh, Mongolian), on a phone.
 * Expected texts are read from the catalogs, so the test follows the translations.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { CreateWorkshopResponse } from '../../src/lib/api/types.js';
import { DESKTOP, PHONE, shoot } from './board.js';
import { facilitatorSession, openBoard, remember } from './sessions.js';

const LANGUAGES = [
	{ locale: 'en', browserLocale: 'en-US', phone: false },
	{ locale: 'id', browserLocale: 'id-ID', phone: false },
	{ locale: 'ko', browserLocale: 'ko-KR', phone: false },
	{ locale: 'ru', browserLocale: 'ru-RU', phone: true },
	{ locale: 'kk', browserLocale: 'kk-KZ', phone: true },
	{ locale: 'mn', browserLocale: 'mn-MN', phone: true }
] as const;

const catalog = (file: string, locale: string) =>
	JSON.parse(fs.readFileSync(path.join('messages', file, `${locale}.json`), 'utf8')) as Record<string, string>;

/**
 * What breaks a layout: the page wider than the screen, or a visible label whose text is wider
 * than its box (cut off or spilling over its neighbours) without an intended ellipsis.
 */
async function layoutProblems(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const problems: string[] = [];
		const root = document.documentElement;
		if (root.scrollWidth > window.innerWidth + 1) problems.push(`page ${root.scrollWidth}px wide on a ${window.innerWidth}px screen`);
		for (const el of document.querySelectorAll<HTMLElement>('button, a, label, [role="tab"], h1, h2, h3, th, legend, summary')) {
			const rect = el.getBoundingClientRect();
			// Off screen, or visually hidden for screen readers (a 1 px clipped box).
			if (rect.width <= 2 || rect.height <= 2 || rect.bottom < 0 || rect.top > window.innerHeight) continue;
			const style = getComputedStyle(el);
			if (style.visibility === 'hidden' || style.textOverflow === 'ellipsis' || el.closest('[aria-hidden="true"]')) continue;
			if (el.scrollWidth > el.clientWidth + 2 && el.clientWidth > 0) {
				problems.push(`"${(el.textContent ?? '').trim().slice(0, 40)}" (${el.tagName.toLowerCase()}) needs ${el.scrollWidth}px, has ${el.clientWidth}px`);
			}
		}
		return problems;
	});
}

for (const { locale, browserLocale, phone } of LANGUAGES) {
	test(`${locale}: the browser's language is the default and the main pages fit`, async ({ browser, request }, testInfo) => {
		test.setTimeout(120_000);
		const root = catalog('', locale);
		const board = catalog('stakeholders', locale);
		const created = (await (
			await request.post('/api/workshops', { data: { title: 'Smart Kota Pekanbaru', groups: 2, template: 'example' } })
		).json()) as CreateWorkshopResponse;
		const errors: string[] = [];
		for (const size of phone ? [DESKTOP, PHONE] : [DESKTOP]) {
			const device = size === PHONE ? 'phone' : 'desktop';
			const context = await browser.newContext({ viewport: size, locale: browserLocale, hasTouch: size === PHONE });
			const page = await context.newPage();
			page.on('pageerror', (error) => errors.push(error.message));

			// First visit, nothing chosen yet: the browser's language.
			await page.goto('/');
			await page.locator('html[data-hydrated="true"]').waitFor();
			await expect(page.locator('html')).toHaveAttribute('lang', locale);
			await expect(page.getByRole('heading', { name: root.start_heading })).toBeVisible();
			await expect(page.getByTestId('language-switcher')).toHaveValue(locale);
			expect(await layoutProblems(page), `home, ${device}`).toEqual([]);
			await shoot(page, testInfo, `home-${locale}-${device}`);

			await remember(context, facilitatorSession(created));
			const boardId = created.boards[0].boardId;
			await openBoard(page, boardId);
			// Helixes and relation kinds are the viewer's; the stakeholders' names stay as the group wrote them.
			await expect(page.locator('[data-testid="map-sector-label"][data-helix="government"]')).toContainText(board.helix_government);
			await expect(page.getByTestId('map-legend')).toContainText(board.relation_collaboration);
			await expect(page.getByTestId('map-card').first()).toBeVisible();
			expect(await layoutProblems(page), `map, ${device}`).toEqual([]);
			await shoot(page, testInfo, `map-${locale}-${device}`);

			for (const view of ['grid', 'list', 'plan'] as const) {
				await openBoard(page, boardId, view);
				const tab = { grid: board.view_grid_short, list: board.view_list, plan: catalog('plan', locale).view_plan }[view];
				await expect(page.getByTestId(`view-${view}`)).toHaveText(tab);
				expect(await layoutProblems(page), `${view}, ${device}`).toEqual([]);
				await shoot(page, testInfo, `${view}-${locale}-${device}`);
			}
			// Dates in the reader's form: never ICU's "2026 M09 15" placeholder (Chromium has no Kazakh
			// data) nor, in a language with its own script, English months (Chromium has no Mongolian data:
			// src/lib/intl.ts writes both as numeric dates).
			if (device === 'desktop') {
				const starts = await page.getByTestId('cell-start').allInnerTexts();
				expect(starts.filter((text) => text.trim() !== '').length, 'plan start dates').toBeGreaterThan(3);
				for (const text of starts) {
					expect(text, 'a plan start date').not.toMatch(/\bM\d{2}\b/);
					if (['ko', 'ru', 'kk', 'mn'].includes(locale)) expect(text, 'a plan start date').not.toMatch(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/);
				}
			}

			await page.goto(`/w/${created.workshopId}`);
			await page.locator('html[data-hydrated="true"]').waitFor();
			await expect(page.locator('html')).toHaveAttribute('lang', locale);
			await expect(page.getByTestId('console-board').first()).toBeVisible();
			expect(await layoutProblems(page), `console, ${device}`).toEqual([]);
			await shoot(page, testInfo, `console-${locale}-${device}`);
			await context.close();
		}
		expect(errors).toEqual([]);
	});
}
