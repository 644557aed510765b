/**
 * A facilitator starts a workshop from the home page with the worked example (Smart Pekanbaru) and
 * opens a group board: the map shows the case's cards in their sectors, the plan lists its actions.
 * The screenshots (map and plan at 1280×800, in English and Bahasa Indonesia) are for a person to
 * look at: the example must read as a credible, tidy board.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { CARD_HEIGHT, CARD_WIDTH } from '../../src/lib/board/sectors.js';
import { EXAMPLE_ACTIONS, EXAMPLE_STAKEHOLDERS } from '../../src/lib/board/templates/example.js';
import { DESKTOP } from './board.js';

async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
	const file = testInfo.outputPath(`${name}.png`);
	await page.screenshot({ path: file });
	await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

for (const locale of ['en', 'id'] as const) {
	test(`a workshop started from the worked example (${locale}) shows the case on the map and in the plan`, async ({ browser }, testInfo) => {
		const context = await browser.newContext({ viewport: DESKTOP, locale: locale === 'id' ? 'id-ID' : 'en-US' });
		const page = await context.newPage();
		const errors: string[] = [];
		page.on('pageerror', (error) => errors.push(error.message));

		await page.goto('/');
		await page.locator('html[data-hydrated="true"]').waitFor();
		if (locale === 'id') {
			await page.getByTestId('language-switcher').selectOption('id');
			await expect(page.locator('html')).toHaveAttribute('lang', 'id');
			await page.locator('html[data-hydrated="true"]').waitFor();
		}
		await page.getByTestId('workshop-title').fill(locale === 'id' ? 'Pelatihan Smart Governance' : 'Smart governance training');
		await page.getByTestId('workshop-groups').fill('2');
		const choice = page.getByTestId('template-choice');
		await expect(choice).toContainText(locale === 'id' ? 'Contoh kasus (Smart Pekanbaru)' : 'Worked example (Smart Pekanbaru)');
		await expect(page.getByTestId('template-empty')).toBeChecked();
		await page.getByTestId('template-example').check();
		await shoot(page, testInfo, `home-${locale}`);
		await page.getByTestId('create-workshop').click();

		await expect(page.getByTestId('created-workshop')).toBeVisible();
		await page.getByTestId('open-board').first().click();
		await page.waitForURL(/\/b\//);
		await page.locator('html[data-hydrated="true"]').waitFor();
		await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');

		// The map: every card of the case, in its helix, none on top of another.
		const cards = page.getByTestId('map-card');
		await expect(cards).toHaveCount(EXAMPLE_STAKEHOLDERS.length);
		await expect(page.getByTestId('map-card-name').filter({ hasText: 'Bappeda Kota' })).toBeVisible();
		for (const helix of ['government', 'business', 'academia', 'community', 'media']) {
			expect(await page.locator(`[data-testid="map-card"][data-helix="${helix}"]`).count()).toBe(EXAMPLE_STAKEHOLDERS.filter((s) => s.helix === helix).length);
		}
		await shoot(page, testInfo, `map-${locale}-opened`);
		await page.getByTestId('map-zoom-fit').click();
		await page.waitForTimeout(400);
		const boxes = await cards.evaluateAll((all) => all.map((c) => c.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height })));
		for (const [i, a] of boxes.entries()) {
			expect(a.w / a.h).toBeCloseTo(CARD_WIDTH / CARD_HEIGHT, 0);
			for (const b of boxes.slice(i + 1)) {
				const apart = a.x + a.w <= b.x + 0.5 || b.x + b.w <= a.x + 0.5 || a.y + a.h <= b.y + 0.5 || b.y + b.h <= a.y + 0.5;
				expect(apart).toBe(true);
			}
		}
		await shoot(page, testInfo, `map-${locale}`);

		// The plan: every action, by its title in the board's language.
		await page.getByTestId('view-plan').click();
		await expect(page.getByTestId('plan-view')).toBeVisible();
		await expect(page.getByTestId('plan-row')).toHaveCount(EXAMPLE_ACTIONS.length);
		for (const action of EXAMPLE_ACTIONS) await expect(page.getByTestId('plan-view')).toContainText(action.title[locale]);
		await shoot(page, testInfo, `plan-${locale}`);

		await context.close();
		expect(errors).toEqual([]);
	});
}
