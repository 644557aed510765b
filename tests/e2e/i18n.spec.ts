/**
 * The interface follows the chosen language everywhere and remembers it; errors are explained in
 * it too. (Adding a language is a catalog file and a `locales` entry; this checks the mechanism.)
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

async function open(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await page.locator('html[data-hydrated="true"]').waitFor();
}

async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
	const file = testInfo.outputPath(`${name}.png`);
	await page.screenshot({ path: file });
	await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

test('the language choice is remembered and every screen follows it', async ({ browser }, testInfo) => {
	const context = await browser.newContext({ viewport: PHONE, locale: 'en-US' });
	const page = await context.newPage();
	await open(page, '/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await page.getByTestId('language-switcher').selectOption('id');
	await expect(page.locator('html')).toHaveAttribute('lang', 'id');
	await page.locator('html[data-hydrated="true"]').waitFor();
	await expect(page.getByRole('heading', { name: 'Mulai lokakarya' })).toBeVisible();

	// Remembered across a reload (cookie), server-rendered in Indonesian from the first byte.
	await open(page, '/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'id');
	await expect(page.getByTestId('join-panel')).toContainText('Kode bergabung');

	// Join errors, in the chosen language: a malformed code, then one no workshop has.
	await page.getByTestId('join-code-input').fill('abc');
	await page.getByTestId('find-workshop').click();
	await expect(page.getByTestId('lookup-error')).toContainText('6 huruf dan angka');
	await page.getByTestId('join-code-input').fill('ZZZZZZ');
	await page.getByTestId('find-workshop').click();
	await expect(page.getByTestId('lookup-error')).toContainText('Tidak ada lokakarya dengan kode ini');
	await shoot(page, testInfo, 'home-id-phone');
	await page.setViewportSize(DESKTOP);
	await shoot(page, testInfo, 'home-id-desktop');
	await page.setViewportSize(PHONE);

	// A board this device never joined explains what to do instead of failing.
	await open(page, '/b/NoSuchBoard12345');
	await expect(page.getByTestId('join-first')).toContainText('Bergabunglah ke lokakarya terlebih dahulu');
	await shoot(page, testInfo, 'join-first-id-phone');
	await context.close();
});
