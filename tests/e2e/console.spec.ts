/**
 * The facilitator console (/w/<workshopId>): every group's board live, participants by group with
 * their online state, moving a participant, adding/renaming/removing/restoring boards, lock all,
 * and deleting the workshop; the home page's list of the facilitator's workshops; how the console
 * looks with eight groups of the worked example on a desktop and on a phone.
 */
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import type { CreateWorkshopResponse, JoinResponse } from '../../src/lib/api/types.js';
import type { ParticipantsResponse } from '../../src/lib/api/workshop.js';
import type { SavedSession } from '../../src/lib/sessions.js';
import { createIn, DESKTOP, PHONE, shoot } from './board.js';
import { facilitatorSession, openBoard, remember } from './sessions.js';

async function createWorkshop(request: APIRequestContext, data: Record<string, unknown>): Promise<CreateWorkshopResponse> {
	const response = await request.post('/api/workshops', { data });
	expect(response.ok()).toBe(true);
	return (await response.json()) as CreateWorkshopResponse;
}

async function join(request: APIRequestContext, created: CreateWorkshopResponse, name: string, boardId: string): Promise<JoinResponse> {
	const response = await request.post('/api/join', { data: { joinCode: created.joinCode, name, boardId } });
	expect(response.ok()).toBe(true);
	return (await response.json()) as JoinResponse;
}

/** A browser with one saved session; nothing may throw on its pages. */
async function personWith(browser: Browser, session: SavedSession, errors: string[], viewport = DESKTOP): Promise<Page> {
	const context = await browser.newContext({ viewport, locale: 'en-US', hasTouch: viewport === PHONE });
	await remember(context, session);
	const page = await context.newPage();
	page.on('pageerror', (error) => errors.push(error.message));
	return page;
}

async function openConsole(page: Page, workshopId: string): Promise<void> {
	await page.goto(`/w/${workshopId}`);
	await page.locator('html[data-hydrated="true"]').waitFor();
	await expect(page.getByTestId('console')).toBeVisible();
}

const boardCard = (page: Page, boardId: string) => page.locator(`[data-testid="console-board"][data-board-id="${boardId}"]`);

test('the console follows every group live, moves people, manages boards, locks all and deletes the workshop', async ({ browser, request }, testInfo) => {
	const created = await createWorkshop(request, { title: 'Smart Kota drill', groups: 2 });
	const [one, two] = created.boards;
	const dewi = await join(request, created, 'Dewi', one.boardId);
	const budi = await join(request, created, 'Budi', two.boardId);
	const errors: string[] = [];
	const common = { workshopId: created.workshopId, title: created.title, joinCode: created.joinCode, boards: created.boards, savedAt: Date.now() };

	const facilitator = await personWith(browser, facilitatorSession(created), errors);
	const dewiPage = await personWith(browser, { ...common, role: 'participant', token: dewi.participantToken, name: 'Dewi', boardId: one.boardId }, errors);
	const budiPage = await personWith(browser, { ...common, role: 'participant', token: budi.participantToken, name: 'Budi', boardId: two.boardId }, errors);

	await openConsole(facilitator, created.workshopId);
	await expect(facilitator.getByTestId('console-title')).toHaveText('Smart Kota drill');
	await expect(facilitator.getByTestId('console-join-code')).toHaveText(created.joinCode);
	await expect(facilitator.getByTestId('console-invite')).toHaveAttribute('href', `/w/${created.workshopId}/invite`);
	await expect(facilitator.getByTestId('console-board')).toHaveCount(2);
	await expect(boardCard(facilitator, one.boardId).getByTestId('console-thumbnail')).toHaveAttribute('data-cards', '0');

	// Both participants are listed in their groups, offline until their boards are open.
	const dewiRow = facilitator.getByTestId('console-participant').filter({ hasText: 'Dewi' });
	const budiRow = facilitator.getByTestId('console-participant').filter({ hasText: 'Budi' });
	await expect(facilitator.locator(`[data-testid="console-group"][data-board-id="${one.boardId}"]`).getByText('Dewi', { exact: true })).toBeVisible();
	await expect(facilitator.locator(`[data-testid="console-group"][data-board-id="${two.boardId}"]`).getByText('Budi', { exact: true })).toBeVisible();
	await expect(dewiRow).toHaveAttribute('data-online', 'false');

	await openBoard(dewiPage, one.boardId);
	await openBoard(budiPage, two.boardId);
	await expect(dewiRow).toHaveAttribute('data-online', 'true');
	await expect(budiRow).toHaveAttribute('data-online', 'true');
	await expect(boardCard(facilitator, one.boardId).getByTestId('console-board-online')).toContainText('Dewi');

	// A participant adds a stakeholder: that group's thumbnail and chart follow, the other's does not.
	await createIn(dewiPage, 'media');
	await expect(boardCard(facilitator, one.boardId).getByTestId('console-thumbnail')).toHaveAttribute('data-cards', '1');
	await expect(boardCard(facilitator, one.boardId).getByTestId('console-board-counts')).toHaveAttribute('data-stakeholders', '1');
	await expect(boardCard(facilitator, one.boardId).locator('[data-testid="console-chart-helix"] li[data-key="media"]')).toHaveAttribute('data-count', '1');
	await expect(boardCard(facilitator, two.boardId).getByTestId('console-thumbnail')).toHaveAttribute('data-cards', '0');
	await createIn(budiPage, 'academia');
	await expect(boardCard(facilitator, two.boardId).getByTestId('console-thumbnail')).toHaveAttribute('data-cards', '1');

	// Move Budi to group 1: the console shows it, and the server has it.
	await budiRow.getByTestId('console-move').selectOption(one.boardId);
	await expect(facilitator.locator(`[data-testid="console-group"][data-board-id="${one.boardId}"]`).getByText('Budi', { exact: true })).toBeVisible();
	const budiGroup = async () => {
		const response = await request.get(`/api/workshops/${created.workshopId}/participants`, { headers: { authorization: `Bearer ${created.facilitatorToken}` } });
		return ((await response.json()) as ParticipantsResponse).participants.find((p) => p.name === 'Budi')?.boardId;
	};
	await expect.poll(budiGroup).toBe(one.boardId);
	// With a mouse, dragging a name onto another group moves them too.
	await budiRow.getByText('Budi', { exact: true }).dragTo(facilitator.locator(`[data-testid="console-group"][data-board-id="${two.boardId}"]`));
	await expect(facilitator.locator(`[data-testid="console-group"][data-board-id="${two.boardId}"]`).getByText('Budi', { exact: true })).toBeVisible();
	await expect.poll(budiGroup).toBe(two.boardId);

	// Boards: add, rename inline, remove (soft), restore.
	await facilitator.getByTestId('console-add-name').fill('Group 3');
	await facilitator.getByTestId('console-add-submit').click();
	await expect(facilitator.getByTestId('console-board')).toHaveCount(3);
	const thirdId = (await facilitator
		.getByTestId('console-board')
		.filter({ has: facilitator.getByTestId('console-board-name').getByText('Group 3', { exact: true }) })
		.getAttribute('data-board-id'))!;
	const third = boardCard(facilitator, thirdId);
	await expect(third.getByTestId('console-board-counts')).toHaveAttribute('data-stakeholders', '0');
	await third.getByTestId('console-rename').click();
	await third.getByTestId('console-rename-input').fill('Tim Tiga');
	await third.getByTestId('console-rename-input').press('Enter');
	await expect(third.getByTestId('console-board-name')).toHaveText('Tim Tiga');
	// Every list of groups follows the new name.
	await expect(facilitator.getByTestId('console-participants')).toContainText('Tim Tiga');
	await third.getByTestId('console-remove').click();
	await expect(facilitator.getByTestId('console-board')).toHaveCount(2);
	await expect(facilitator.getByTestId('console-removed-board')).toHaveText(/Tim Tiga/);
	await facilitator.getByTestId('console-restore').click();
	await expect(boardCard(facilitator, thirdId)).toBeVisible();
	await expect(facilitator.getByTestId('console-removed-boards')).toHaveCount(0);

	// Lock all: the participant's board turns read-only; unlock hands it back.
	await facilitator.getByTestId('console-lock-all').click();
	await expect(dewiPage.getByTestId('read-only-banner')).toBeVisible();
	await expect(facilitator.getByTestId('console-locked-count')).toHaveText('3 of 3 boards locked');
	await expect(boardCard(facilitator, one.boardId).getByTestId('console-board-locked')).toBeVisible();
	await facilitator.getByTestId('console-unlock-all').click();
	await expect(dewiPage.getByTestId('read-only-banner')).toHaveCount(0);
	await expect(facilitator.getByTestId('console-locked-count')).toHaveText('0 of 3 boards locked');

	// Gallery walk, presenting and "bring everyone here" change the workshop's live state.
	const state = async () =>
		(await (await request.get(`/api/workshops/${created.workshopId}/state`, { headers: { authorization: `Bearer ${created.facilitatorToken}` } })).json()) as {
			gallery: { open: boolean };
			present: { boardId: string | null; followers: string } | null;
			archived: boolean;
		};
	await facilitator.getByTestId('console-gallery').click();
	await expect(facilitator.getByTestId('console-gallery')).toHaveAttribute('aria-pressed', 'true');
	expect((await state()).gallery.open).toBe(true);
	await facilitator.getByTestId('console-gallery').click();
	await expect(facilitator.getByTestId('console-gallery')).toHaveAttribute('aria-pressed', 'false');
	await boardCard(facilitator, two.boardId).getByTestId('console-bring-all').click();
	await expect(boardCard(facilitator, two.boardId)).toContainText('Everyone is here');
	expect((await state()).present).toMatchObject({ boardId: two.boardId, followers: 'all' });
	await boardCard(facilitator, two.boardId).getByTestId('console-stop-present').click();
	await expect(boardCard(facilitator, two.boardId).getByTestId('console-present')).toBeVisible();
	expect((await state()).present?.boardId ?? null).toBeNull();

	// Archive: a banner here, joining refused, every board locked; unarchive undoes it.
	await facilitator.getByTestId('console-archive').click();
	await expect(facilitator.getByTestId('console-archived-banner')).toBeVisible();
	await expect(facilitator.getByTestId('console-locked-count')).toHaveText('3 of 3 boards locked');
	const late = await request.post('/api/join', { data: { joinCode: created.joinCode, name: 'Late', boardId: one.boardId } });
	expect(late.ok()).toBe(false);
	await facilitator.getByTestId('console-archive').click();
	await expect(facilitator.getByTestId('console-archived-banner')).toHaveCount(0);
	await expect(facilitator.getByTestId('console-locked-count')).toHaveText('0 of 3 boards locked');

	// A new board may start as a copy of a group's board, with what the group has made so far.
	await facilitator.getByTestId('console-add-name').fill('Group 1 again');
	await facilitator.getByTestId('console-add-source').selectOption(`copy:0:${one.boardId}`);
	await facilitator.getByTestId('console-add-submit').click();
	const copy = facilitator.getByTestId('console-board').filter({ has: facilitator.getByTestId('console-board-name').getByText('Group 1 again', { exact: true }) });
	await expect(copy.getByTestId('console-board-counts')).toHaveAttribute('data-stakeholders', '1');

	await shoot(facilitator, testInfo, 'console-two-groups');

	// Delete: only once the title is typed exactly; then the workshop is gone and forgotten here.
	await facilitator.getByTestId('console-delete').click();
	const dialog = facilitator.getByTestId('delete-workshop-dialog');
	await expect(dialog).toBeVisible();
	await expect(dialog).toContainText('cannot be undone');
	await expect(dialog.getByTestId('delete-workshop-submit')).toBeDisabled();
	await dialog.getByTestId('delete-workshop-confirm').fill('Smart Kota');
	await expect(dialog.getByTestId('delete-workshop-submit')).toBeDisabled();
	await dialog.getByTestId('delete-workshop-confirm').fill('Smart Kota drill');
	await dialog.getByTestId('delete-workshop-submit').click();
	await expect(facilitator).toHaveURL(/\/$/);
	const gone = await request.get(`/api/workshops/${created.workshopId}/state`, { headers: { authorization: `Bearer ${created.facilitatorToken}` } });
	expect(gone.status()).toBe(404);
	expect(await facilitator.evaluate(() => localStorage.getItem('helixboard:sessions'))).not.toContain(created.workshopId);

	for (const page of [facilitator, dewiPage, budiPage]) await page.context().close();
	expect(errors).toEqual([]);
});

test('the console is for the facilitator: others get a clear message and a way home', async ({ browser, request }) => {
	const created = await createWorkshop(request, { title: 'Closed door', groups: 1 });
	const joined = await join(request, created, 'Sari', created.boards[0].boardId);
	const errors: string[] = [];
	const nobody = await personWith(browser, { ...facilitatorSession(created), workshopId: 'someone-else' }, errors);
	await nobody.goto(`/w/${created.workshopId}`);
	await expect(nobody.getByTestId('console-no-session')).toContainText('Only the facilitator');
	await expect(nobody.getByTestId('console-no-session').getByRole('link', { name: 'Go to the home page' })).toHaveAttribute('href', '/');

	const participant = await personWith(
		browser,
		{ ...facilitatorSession(created), role: 'participant', token: joined.participantToken, name: 'Sari', boardId: created.boards[0].boardId },
		errors
	);
	await participant.goto(`/w/${created.workshopId}`);
	await expect(participant.getByTestId('console-no-session')).toContainText('as a participant');
	await expect(participant.getByRole('link', { name: 'Open my board' })).toHaveAttribute('href', `/b/${created.boards[0].boardId}`);
	for (const page of [nobody, participant]) await page.context().close();
	expect(errors).toEqual([]);
});

test('home page: the facilitator opens the console, archives, unarchives and deletes a workshop', async ({ browser, request }) => {
	const created = await createWorkshop(request, { title: 'Archive drill', groups: 1 });
	const errors: string[] = [];
	const page = await personWith(browser, facilitatorSession(created), errors);
	await page.goto('/');
	await page.locator('html[data-hydrated="true"]').waitFor();
	const entry = page.locator(`[data-testid="saved-workshop"][data-workshop-id="${created.workshopId}"]`);
	await expect(entry.getByTestId('saved-open-console')).toHaveAttribute('href', `/w/${created.workshopId}`);

	await entry.getByTestId('saved-archive').click();
	const archived = page.getByTestId('saved-archived');
	await expect(archived).toBeVisible();
	await expect(archived).not.toHaveAttribute('open');
	await archived.locator('summary').click();
	await expect(archived.getByTestId('saved-workshop')).toContainText('Archive drill');
	const state = await request.get(`/api/workshops/${created.workshopId}/state`, { headers: { authorization: `Bearer ${created.facilitatorToken}` } });
	expect(((await state.json()) as { archived: boolean }).archived).toBe(true);
	// Archived means nobody joins.
	const refused = await request.post('/api/join', { data: { joinCode: created.joinCode, name: 'Late', boardId: created.boards[0].boardId } });
	expect(refused.ok()).toBe(false);

	await archived.getByTestId('saved-archive').click();
	await expect(page.getByTestId('saved-archived')).toHaveCount(0);

	await entry.getByTestId('saved-delete').click();
	const dialog = page.getByTestId('delete-workshop-dialog');
	await dialog.getByTestId('delete-workshop-confirm').fill('Archive drill');
	await dialog.getByTestId('delete-workshop-submit').click();
	await expect(entry).toHaveCount(0);
	const gone = await request.get(`/api/workshops/${created.workshopId}/state`, { headers: { authorization: `Bearer ${created.facilitatorToken}` } });
	expect(gone.status()).toBe(404);
	await page.context().close();
	expect(errors).toEqual([]);
});

test('eight groups of the worked example, on a desktop and on a phone', async ({ browser, request }, testInfo) => {
	const created = await createWorkshop(request, { title: 'Smart Kota Pekanbaru — pentahelix workshop', groups: 8, template: 'example', templateLocale: 'en' });
	const joined = await Promise.all(['Dewi', 'Budi', 'Sari', 'Rizky', 'Putri', 'Agus', 'Nur', 'Fajar'].map((name, i) => join(request, created, name, created.boards[i].boardId)));
	expect(joined).toHaveLength(8);
	const errors: string[] = [];
	for (const viewport of [DESKTOP, PHONE]) {
		const page = await personWith(browser, facilitatorSession(created), errors, viewport);
		await openConsole(page, created.workshopId);
		await expect(page.getByTestId('console-board')).toHaveCount(8);
		await expect(page.getByTestId('console-thumbnail')).toHaveCount(8);
		for (const thumbnail of await page.getByTestId('console-thumbnail').all()) await expect(thumbnail).not.toHaveAttribute('data-cards', '0');
		await expect(page.getByTestId('console-participant')).toHaveCount(8);
		// Nothing sticks out sideways on either screen.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
		await shoot(page, testInfo, `console-${viewport === PHONE ? 'phone' : 'desktop'}`);
		const size = viewport === PHONE ? 'phone' : 'desktop';
		await page.screenshot({ path: testInfo.outputPath(`console-${size}-full.png`), fullPage: true });
		await page.getByTestId('console-board').first().screenshot({ path: testInfo.outputPath(`console-${size}-board.png`) });
		await page.getByTestId('console-participants').screenshot({ path: testInfo.outputPath(`console-${size}-participants.png`) });
		await page.getByTestId('console-boards-manager').screenshot({ path: testInfo.outputPath(`console-${size}-manager.png`) });
		await page.context().close();
	}
	expect(errors).toEqual([]);
});
