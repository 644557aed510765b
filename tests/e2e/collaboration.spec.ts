/**
 * Two people, two browsers, one group board: a facilitator creates a workshop, a participant joins
 * it by code on a phone, and both edit the same sticky note at the same time.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** The server-rendered page shows before its handlers attach; the layout marks hydration. */
async function open(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await page.locator('html[data-hydrated="true"]').waitFor();
}

/** Saves a screenshot into this test's output folder and attaches it to the report. */
async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
	const file = testInfo.outputPath(`${name}.png`);
	await page.screenshot({ path: file });
	await testInfo.attach(name, { path: file, contentType: 'image/png' });
	return file;
}

/** Desktop and phone screenshots of the same screen; the page returns to its own size after. */
async function shootBothSizes(page: Page, testInfo: TestInfo, name: string): Promise<void> {
	const original = page.viewportSize();
	await page.setViewportSize(DESKTOP);
	await shoot(page, testInfo, `${name}-desktop`);
	await page.setViewportSize(PHONE);
	await shoot(page, testInfo, `${name}-phone`);
	if (original) await page.setViewportSize(original);
}

test('two people edit one group board together', async ({ browser }, testInfo) => {
	const facilitatorContext = await browser.newContext({ viewport: DESKTOP, locale: 'en-US' });
	const participantContext = await browser.newContext({ viewport: PHONE, locale: 'en-US', hasTouch: true });
	const a = await facilitatorContext.newPage();
	const b = await participantContext.newPage();

	// ── A starts a workshop ──────────────────────────────────────────────────
	await open(a, '/');
	await shootBothSizes(a, testInfo, 'home');
	await a.getByTestId('workshop-title').fill('Smart city action plan, Pekanbaru');
	await a.getByTestId('workshop-groups').fill('3');
	await a.getByTestId('facilitator-name').fill('Ayu');
	await a.getByTestId('create-workshop').click();
	await expect(a.getByTestId('created-workshop')).toBeVisible();
	const joinCode = (await a.getByTestId('join-code').textContent())?.trim() ?? '';
	expect(joinCode).toMatch(/^[2-9A-Z]{6}$/);
	await expect(a.getByTestId('join-link')).toHaveText(new RegExp(`/j/${joinCode}$`));
	await expect(a.getByTestId('open-board')).toHaveCount(3);
	await shootBothSizes(a, testInfo, 'created');

	// ── B joins by code (typed the way people type it), picks Group 2 ──────
	await open(b, '/');
	await b.getByTestId('join-code-input').fill(`${joinCode.slice(0, 3).toLowerCase()}-${joinCode.slice(3)}`);
	await b.getByTestId('find-workshop').click();
	await expect(b.getByTestId('join-workshop-title')).toHaveText('Smart city action plan, Pekanbaru');
	await b.getByLabel('Group 2').check();
	await b.getByTestId('participant-name').fill('Minho');
	await b.getByTestId('join-workshop').click();
	await expect(b).toHaveURL(/\/b\/[A-Za-z0-9_-]+$/);
	const boardPath = new URL(b.url()).pathname;
	await expect(b.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
	await b.getByTestId('view-notes').click();

	// ── A opens the same group board ─────────────────────────────────────────
	await a.getByRole('link', { name: 'Open the board of Group 2' }).click();
	await expect(a).toHaveURL(new RegExp(`${boardPath}$`));
	await expect(a.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
	await a.getByTestId('view-notes').click();

	// ── A adds a note and types; B sees it ───────────────────────────────────
	await a.getByTestId('add-note').click();
	const noteA = a.getByTestId('note').first();
	const textA = noteA.getByTestId('note-text');
	await textA.click();
	await a.keyboard.type('Karang Taruna runs the youth survey');
	const textB = b.getByTestId('note').first().getByTestId('note-text');
	await expect(textB).toHaveValue('Karang Taruna runs the youth survey');

	// ── both type into the same note at once; the edits merge ────────────────
	await textB.click();
	await b.keyboard.press('ControlOrMeta+End');
	await expect(noteA.getByTestId('note-editing')).toHaveText('Minho is editing');
	await a.keyboard.press('ControlOrMeta+Home');
	await Promise.all([a.keyboard.type('Priority: '), b.keyboard.type(', with Radio Suara')]);
	const merged = 'Priority: Karang Taruna runs the youth survey, with Radio Suara';
	await expect(textA).toHaveValue(merged);
	await expect(textB).toHaveValue(merged);

	// ── more notes, so the board looks like a real exercise ──────────────────
	await a.getByRole('radio', { name: 'Blue' }).check();
	const surfaceA = a.getByTestId('board-surface');
	// Away from the first note (added mid-screen, around x 530, y 235).
	await surfaceA.dblclick({ position: { x: 1010, y: 150 } });
	await a.keyboard.type('Bappeda Kota leads the data-sharing MoU');
	await a.getByRole('radio', { name: 'Green' }).check();
	await surfaceA.dblclick({ position: { x: 260, y: 470 } });
	await a.keyboard.type('Universitas Riau: open dashboard prototype');
	const greenId = (await a.locator('[data-testid="note"]:focus-within').getAttribute('data-note-id'))!;
	await a.getByTestId('board-title').click(); // blur the note, so no one is shown editing it
	await expect(b.getByTestId('note')).toHaveCount(3);

	// ── A drags a note: B sees it move live, and the drop lands in the same place ──
	const greenA = a.locator(`[data-note-id="${greenId}"]`);
	const greenB = b.locator(`[data-note-id="${greenId}"]`);
	const startLeft = await greenA.evaluate((el) => parseFloat((el as HTMLElement).style.left));
	const handle = await greenA.getByTestId('note-handle').boundingBox();
	if (!handle) throw new Error('no handle');
	await a.mouse.move(handle.x + 30, handle.y + handle.height / 2);
	await a.mouse.down();
	await a.mouse.move(handle.x + 30 + 100, handle.y + handle.height / 2 - 30, { steps: 8 });
	await expect(greenB).toHaveClass(/remote-drag/);
	await a.mouse.up();
	await expect(greenB).not.toHaveClass(/remote-drag/);
	await expect(greenB).toHaveCSS('left', `${startLeft + 100}px`);
	await expect(greenA).toHaveCSS('left', `${startLeft + 100}px`);

	// ── colour changes reach the other side too ──────────────────────────────
	await greenA.getByRole('button', { name: 'Note colour' }).click();
	await greenA.getByRole('button', { name: 'Pink' }).click();
	await expect(greenB).toHaveAttribute('style', /--note-fill: var\(--note-pink\)/);
	await greenA.getByRole('button', { name: 'Note colour' }).click();
	await greenA.getByRole('button', { name: 'Green' }).click();
	await expect(greenB).toHaveAttribute('style', /--note-fill: var\(--note-green\)/);

	// ── A points at the board; B sees A's cursor with A's name ──────────────
	const box = await noteA.boundingBox();
	if (!box) throw new Error('note A has no box');
	await a.mouse.move(box.x + box.width + 20, box.y + box.height - 30, { steps: 6 });
	const cursorB = b.getByTestId('peer-cursor');
	await expect(cursorB).toHaveCount(1);
	await expect(cursorB.getByTestId('peer-cursor-name')).toHaveText('Ayu');

	// ── presence shows both names, each side marking itself ─────────────────
	for (const [page, self] of [
		[a, 'Ayu'],
		[b, 'Minho']
	] as const) {
		const people = page.getByTestId('presence-person');
		await expect(people).toHaveCount(2);
		await expect(people.filter({ hasText: 'Ayu' })).toHaveCount(1);
		await expect(people.filter({ hasText: 'Minho' })).toHaveCount(1);
		await expect(people.filter({ hasText: '(you)' })).toHaveText(new RegExp(self));
	}

	// ── screenshots of the board with two people ─────────────────────────────
	await b.getByTestId('note').first().scrollIntoViewIfNeeded();
	await b.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
	await expect(a.getByTestId('unsynced-changes')).toHaveCount(0);
	await shoot(a, testInfo, 'board-desktop');
	await shoot(b, testInfo, 'board-phone');

	// ── a stock Yjs client writes values that break the schema: shown as invalid, nothing breaks ──
	const boardId = boardPath.split('/').pop()!;
	const joined = await a.request.post('/api/join', { data: { joinCode, name: 'Script', boardId } });
	expect(joined.ok()).toBe(true);
	const { participantToken } = (await joined.json()) as { participantToken: string };
	const wsUrl = `${testInfo.project.use.baseURL!.replace(/^http/, 'ws')}/yjs`;
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(wsUrl, boardId, doc, {
		params: { token: participantToken },
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket
	});
	try {
		await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
		doc.transact(() => {
			const note = new Y.Map<unknown>();
			note.set('text', new Y.Text('Written by a script'));
			note.set('x', 'far away');
			note.set('y', 40);
			note.set('color', 'chartreuse');
			note.set('author', 'Script');
			doc.getMap('notes').set('ForeignNote0001', note);
		});
		for (const page of [a, b]) {
			const foreign = page.locator('[data-note-id="ForeignNote0001"]');
			await expect(foreign.getByTestId('note-invalid')).toBeVisible();
			await expect(foreign.getByTestId('note-text')).toHaveValue('Written by a script');
		}
		await expect(a.getByTestId('note')).toHaveCount(4);
		await shoot(a, testInfo, 'board-invalid-desktop');
		// A note with text asks for a second click before it goes.
		const foreignA = a.locator('[data-note-id="ForeignNote0001"]');
		await foreignA.getByTestId('note-delete').click();
		await expect(foreignA.getByTestId('note-delete')).toHaveAccessibleName('Click again to delete this note');
		await foreignA.getByTestId('note-delete').click();
		await expect(b.getByTestId('note')).toHaveCount(3);
	} finally {
		provider.destroy();
	}

	// ── days later, both find the workshop again on the home page ────────────
	await open(a, '/');
	await expect(a.getByTestId('saved-workshop').filter({ hasText: 'Smart city action plan, Pekanbaru' })).toContainText('Facilitator');
	await open(b, '/');
	const savedB = b.getByTestId('saved-workshop').filter({ hasText: 'Smart city action plan, Pekanbaru' });
	await expect(savedB).toContainText('Minho · Group 2');
	await shootBothSizes(b, testInfo, 'home-saved');
	await savedB.getByRole('link', { name: 'Open my board' }).click();
	await expect(b).toHaveURL(new RegExp(`${boardPath}$`));
	await b.getByTestId('view-notes').click();
	await expect(b.getByTestId('note')).toHaveCount(3);

	// ── during a gallery walk another group's board is read-only for a participant ──
	const facilitator = await a.evaluate(() => JSON.parse(localStorage.getItem('helixboard:sessions') ?? '[]')[0] as { workshopId: string; token: string });
	const walk = await a.request.post(`/api/workshops/${facilitator.workshopId}/gallery`, {
		data: { open: true },
		headers: { authorization: `Bearer ${facilitator.token}` }
	});
	expect(walk.status()).toBe(200);
	await expect(b.getByTestId('group-switcher')).toHaveCount(0);
	await b.getByTestId('gallery-board').filter({ hasText: 'Group 1' }).click();
	await expect(b).not.toHaveURL(new RegExp(`${boardPath}$`));
	await expect(b.getByTestId('read-only-banner')).toBeVisible();
	await expect(b.getByTestId('add-stakeholder')).toHaveCount(0);
	await b.getByTestId('view-notes').click();
	await expect(b.getByTestId('board-surface')).toBeVisible();
	await expect(b.getByTestId('add-note')).toHaveCount(0);
	await shoot(b, testInfo, 'board-read-only-phone');

	await facilitatorContext.close();
	await participantContext.close();
});
