/**
 * A whole class exercise run from the facilitator console, with three browsers: the facilitator
 * (desktop) and two participants who join by code into different groups (a laptop and a phone).
 * Timer, "bring everyone here", lock all with a participant write the server drops, a dot vote
 * hidden until the reveal, the gallery walk, a snapshot of the results and the projector view.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { CreateWorkshopResponse } from '../../src/lib/api/types.js';
import { DESKTOP, PHONE, rawClient, shoot } from './board.js';
import { facilitatorSession, remember } from './sessions.js';

async function newPage(browser: Browser, viewport: typeof DESKTOP, errors: string[]): Promise<Page> {
	const context = await browser.newContext({ viewport, locale: 'en-US', hasTouch: viewport === PHONE });
	const page = await context.newPage();
	page.on('pageerror', (error) => errors.push(error.message));
	return page;
}

/** Joins by typing the code on the home page, as a participant does from the wall. */
async function joinByCode(page: Page, code: string, name: string, group: string): Promise<string> {
	await page.goto('/');
	await page.locator('html[data-hydrated="true"]').waitFor();
	await page.getByTestId('join-code-input').fill(code.toLowerCase());
	await page.getByTestId('find-workshop').click();
	await page.getByTestId('participant-name').fill(name);
	await page.getByLabel(group).check();
	await page.getByTestId('join-workshop').click();
	await expect(page).toHaveURL(/\/b\/[A-Za-z0-9_-]+$/);
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
	return new URL(page.url()).pathname.split('/').pop()!;
}

test('a class exercise from one screen: join, timer, bring everyone here, lock, vote, gallery walk, snapshot, projector', async ({ browser, request }, testInfo) => {
	test.setTimeout(120_000);
	const created = (await (
		await request.post('/api/workshops', { data: { title: 'Smart governance lab, Pekanbaru', groups: 2, template: 'example' } })
	).json()) as CreateWorkshopResponse;
	const [one, two] = created.boards;
	const errors: string[] = [];
	const auth = { authorization: `Bearer ${created.facilitatorToken}` };

	const facilitator = await newPage(browser, DESKTOP, errors);
	const session = facilitatorSession(created);
	await remember(facilitator.context(), session);
	const dewi = await newPage(browser, DESKTOP, errors);
	const minho = await newPage(browser, PHONE, errors);

	// ── Join by code into two groups ─────────────────────────────────────────
	expect(await joinByCode(dewi, created.joinCode, 'Dewi', 'Group 1')).toBe(one.boardId);
	expect(await joinByCode(minho, created.joinCode, 'Minho', 'Group 2')).toBe(two.boardId);

	// ── The console: both groups live, both people online in their group ──────
	await facilitator.goto(`/w/${created.workshopId}`);
	await expect(facilitator.getByTestId('console')).toBeVisible();
	const group = (boardId: string) => facilitator.locator(`[data-testid="console-group"][data-board-id="${boardId}"]`);
	await expect(group(one.boardId).getByTestId('console-participant').filter({ hasText: 'Dewi' })).toHaveAttribute('data-online', 'true');
	await expect(group(two.boardId).getByTestId('console-participant').filter({ hasText: 'Minho' })).toHaveAttribute('data-online', 'true');
	const card = (boardId: string) => facilitator.locator(`[data-testid="console-board"][data-board-id="${boardId}"]`);
	await expect(card(one.boardId).getByTestId('console-thumbnail')).toHaveAttribute('data-cards', '16');

	// ── A 5-minute timer for everyone ────────────────────────────────────────
	const timerPanel = facilitator.getByTestId('console-timer');
	if (!(await timerPanel.evaluate((el) => (el as HTMLDetailsElement).open))) await timerPanel.locator('summary').click();
	await timerPanel.getByTestId('timer-preset-5').click();
	for (const page of [dewi, minho]) await expect(page.getByTestId('timer-badge')).toContainText(/^\s*(5:00|4:5\d)/);
	await shoot(facilitator, testInfo, 'classroom-console');

	// ── Bring everyone to group 1's board ────────────────────────────────────
	await card(one.boardId).getByTestId('console-bring-all').click();
	await expect(minho.getByTestId('board')).toHaveAttribute('data-board-id', one.boardId);
	await expect(minho.getByTestId('follow-bar')).toHaveAttribute('data-mode', 'following');
	await card(one.boardId).getByTestId('console-stop-present').click();
	// The gallery is closed: Minho may no longer read group 1's board and lands on his own.
	await expect(minho.getByTestId('board')).toHaveAttribute('data-board-id', two.boardId, { timeout: 15_000 });

	// ── Lock all: read-only screens, and the server drops a write anyway ─────
	await facilitator.getByTestId('console-lock-all').click();
	await expect(facilitator.getByTestId('console-locked-count')).toContainText('2 of 2');
	for (const page of [dewi, minho]) {
		await expect(page.getByTestId('read-only-banner')).toContainText('locked');
		await expect(page.getByTestId('add-stakeholder')).toHaveCount(0);
	}
	const minhoToken = await minho.evaluate(() => JSON.parse(localStorage.getItem('helixboard:sessions') ?? '[]')[0].token as string);
	const forced = await rawClient(testInfo, two.boardId, minhoToken);
	forced.add({ sneaky: { name: 'Written while locked', helix: 'media' } });
	const marker = await rawClient(testInfo, two.boardId, created.facilitatorToken);
	marker.add({ marker: { name: 'Facilitator after the lock', helix: 'media' } });
	const exported = async () => (await (await request.get(`/api/boards/${two.boardId}/export`, { headers: auth })).json()) as { board: { stakeholders: Record<string, unknown> } };
	await expect.poll(async () => Object.keys((await exported()).board.stakeholders)).toContain('marker');
	expect(Object.keys((await exported()).board.stakeholders)).not.toContain('sneaky');
	await expect(facilitator.locator(`[data-testid="console-board"][data-board-id="${two.boardId}"]`).getByTestId('console-thumbnail')).toHaveAttribute('data-cards', '17');
	forced.close();
	marker.close();
	await facilitator.getByTestId('console-unlock-all').click();
	for (const page of [dewi, minho]) await expect(page.getByTestId('read-only-banner')).toHaveCount(0);

	// ── Dot vote: 2 dots each, hidden until the reveal ───────────────────────
	const votePanel = facilitator.getByTestId('console-vote');
	if (!(await votePanel.evaluate((el) => (el as HTMLDetailsElement).open))) await votePanel.locator('summary').click();
	const controls = votePanel.getByTestId('vote-controls');
	await controls.getByTestId('vote-dots-input').fill('2');
	await controls.getByTestId('vote-targets').selectOption('stakeholders');
	await controls.getByTestId('vote-open').click();
	await expect(controls).toHaveAttribute('data-vote-state', 'open');
	const dewiDots = dewi.getByTestId('vote-dots').first();
	await dewiDots.getByTestId('vote-add').click();
	await dewiDots.getByTestId('vote-add').click();
	await expect(dewiDots).toHaveAttribute('data-mine', '2');
	await expect(dewi.getByTestId('vote-left')).toHaveText('Dots left: 0 of 2');
	// A third dot is refused.
	await dewi.getByTestId('vote-dots').nth(1).getByTestId('vote-add').click();
	await expect(dewi.getByTestId('vote-error')).toContainText('all 2 dots');
	const votedId = (await dewiDots.getAttribute('data-target-id'))!;
	const minhoDots = minho.getByTestId('vote-dots').first();
	await minhoDots.getByTestId('vote-add').click();
	await expect(minhoDots).toHaveAttribute('data-mine', '1');
	// Nobody sees totals yet, and the board documents carry no votes.
	for (const page of [dewi, minho, facilitator]) await expect(page.getByTestId('vote-total')).toHaveCount(0);
	const boardVotes = async (boardId: string) =>
		((await (await request.get(`/api/boards/${boardId}/export`, { headers: auth })).json()) as { board: { votes?: Record<string, unknown> } }).board.votes ?? {};
	expect(await boardVotes(one.boardId)).toEqual({});
	await expect(controls.getByTestId('vote-progress')).toHaveAttribute('data-dots-cast', '3');

	await controls.getByTestId('vote-reveal').click();
	await expect(controls).toHaveAttribute('data-vote-state', 'revealed');
	await expect(dewi.locator(`[data-testid="vote-total"][data-target-id="${votedId}"]`).first()).toHaveAttribute('data-total', '2');
	await expect(dewi.getByTestId('vote-ranked-item').first()).toHaveAttribute('data-target-id', votedId);
	await expect(minho.getByTestId('vote-ranked-item')).toHaveCount(1);
	expect(Object.keys(await boardVotes(one.boardId))).toEqual([votedId]);
	await shoot(dewi, testInfo, 'classroom-vote-revealed');

	// ── Gallery walk: Minho visits group 1 read-only, and is sent home when it ends ──
	await facilitator.getByTestId('console-gallery').click();
	await minho.getByTestId('gallery-board').filter({ hasText: 'Group 1' }).click();
	await expect(minho.getByTestId('board')).toHaveAttribute('data-board-id', one.boardId);
	await expect(minho.getByTestId('read-only-banner')).toBeVisible();
	await expect(minho.locator(`[data-testid="vote-total"][data-target-id="${votedId}"]`).first()).toHaveAttribute('data-total', '2');
	await facilitator.getByTestId('console-gallery').click();
	await expect(minho.getByTestId('board')).toHaveAttribute('data-board-id', two.boardId, { timeout: 15_000 });

	// ── The results kept as a snapshot, then shown on the projector ──────────
	const snapshot = await request.post(`/api/boards/${one.boardId}/snapshots`, { data: { name: 'End of exercise 1', author: 'Ayu' }, headers: auth });
	expect(snapshot.status()).toBe(201);
	const projector = await newPage(browser, { width: 1920, height: 1080 }, errors);
	await remember(projector.context(), session);
	await projector.goto(`/b/${one.boardId}?present=1`);
	await expect(projector.getByTestId('presentation-bar')).toBeVisible();
	await expect(projector.getByTestId('timer-badge')).toBeVisible();
	await expect(projector.getByTestId('add-stakeholder')).toHaveCount(0);
	await shoot(projector, testInfo, 'classroom-projector');

	for (const page of [facilitator, dewi, minho, projector]) await page.context().close();
	expect(errors).toEqual([]);
});
