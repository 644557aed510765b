/**
 * Flaky classroom Wi-Fi: edits made while the connection is down are counted as not yet saved,
 * leaving the page asks first, and the edits reach the others when the connection is back.
 */
import { expect, test, type Page } from '@playwright/test';

async function open(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await page.locator('html[data-hydrated="true"]').waitFor();
}

test('edits made offline are shown as unsaved and arrive after reconnecting', async ({ browser }, testInfo) => {
	const facilitator = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
	const participant = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
	const a = await facilitator.newPage();
	const b = await participant.newPage();

	await open(a, '/');
	await a.getByTestId('workshop-title').fill('Offline drill');
	await a.getByTestId('workshop-groups').fill('1');
	await a.getByTestId('create-workshop').click();
	const joinCode = (await a.getByTestId('join-code').textContent())!.trim();
	await a.getByTestId('open-board').click();
	await expect(a.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
	await a.getByTestId('view-notes').click();

	await open(b, `/?code=${joinCode}`);
	await expect(b.getByTestId('join-workshop-title')).toHaveText('Offline drill');
	await b.getByTestId('participant-name').fill('Dulguun');
	await b.getByTestId('join-workshop').click();
	await expect(b.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
	await expect(b.getByTestId('connection-status')).toContainText('Online');
	await b.getByTestId('view-notes').click();

	await participant.setOffline(true);
	await b.getByTestId('add-note').click();
	await b.keyboard.type('Typed without Wi-Fi');
	await expect(b.getByTestId('unsynced-changes')).toBeVisible();
	await b.screenshot({ path: testInfo.outputPath('offline-phone.png') });

	// Closing the tab now would lose edits the server has not stored: the browser asks first.
	let asked = false;
	b.once('dialog', async (dialog) => {
		asked = dialog.type() === 'beforeunload';
		await dialog.dismiss();
	});
	await b.close({ runBeforeUnload: true });
	await expect.poll(() => asked).toBe(true);
	expect(b.isClosed()).toBe(false);

	// Back online: the edit is sent, stored and acknowledged, and the other side has it.
	await participant.setOffline(false);
	await expect(b.getByTestId('connection-status')).toHaveAttribute('data-status', 'online', { timeout: 30_000 });
	await expect(b.getByTestId('unsynced-changes')).toHaveCount(0, { timeout: 30_000 });
	await expect(a.getByTestId('note-text')).toHaveValue('Typed without Wi-Fi');
	await participant.close();
	await facilitator.close();
});
