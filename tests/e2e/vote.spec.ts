/**
 * Dot voting end to end: the facilitator opens a vote of 3 dots on the board page, two
 * participants place dots on the map's cards (each sees only their own), a 4th dot is refused, and
 * after the reveal both see the totals on the cards and the ranked results. Desktop and phone.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { CreateWorkshopResponse, JoinResponse } from '../../src/lib/api/types.js';
import { addAction } from '../../src/lib/board/model.js';
import type { SavedSession } from '../../src/lib/sessions.js';
import { card, DESKTOP, PHONE, rawClient, shoot } from './board.js';
import { openBoard, remember } from './sessions.js';

async function person(browser: Browser, session: SavedSession, size: typeof DESKTOP, errors: string[]): Promise<Page> {
	const context = await browser.newContext({ viewport: size, locale: 'en-US', hasTouch: size === PHONE });
	await remember(context, session);
	const page = await context.newPage();
	page.on('pageerror', (error) => errors.push(error.message));
	return page;
}

const dots = (page: Page, id: string) => card(page, id).getByTestId('vote-dots');

test('a dot vote: hidden while open, limited to N, revealed to everyone with a ranking', async ({ browser, request }, testInfo) => {
	const created = (await (await request.post('/api/workshops', { data: { title: 'Smart Kota', groups: 1 } })).json()) as CreateWorkshopResponse;
	const board = created.boards[0];
	const join = async (name: string) =>
		(await (await request.post('/api/join', { data: { joinCode: created.joinCode, name, boardId: board.boardId } })).json()) as JoinResponse;
	const [rina, budi] = [await join('Rina'), await join('Budi')];

	// The board: three stakeholders near the middle of the map, one action owned by Bappeda.
	const raw = await rawClient(testInfo, board.boardId, created.facilitatorToken);
	raw.add({
		bappeda: { name: 'Bappeda Kota', helix: 'government', x: -260, y: -120 },
		telkom: { name: 'Telkom Witel', helix: 'business', x: 40, y: -120 },
		unri: { name: 'Universitas Riau', helix: 'academia', x: -110, y: 60 }
	});
	addAction(raw.doc, { title: 'Free wifi in parks', owner: 'bappeda' });

	const common = { workshopId: created.workshopId, title: created.title, joinCode: created.joinCode, boards: created.boards, savedAt: Date.now() };
	const errors: string[] = [];
	const facilitator = await person(browser, { ...common, role: 'facilitator', token: created.facilitatorToken, name: 'Ayu', boardId: null }, DESKTOP, errors);
	const first = await person(browser, { ...common, role: 'participant', token: rina.participantToken, name: 'Rina', boardId: board.boardId }, DESKTOP, errors);
	const second = await person(browser, { ...common, role: 'participant', token: budi.participantToken, name: 'Budi', boardId: board.boardId }, PHONE, errors);
	for (const page of [facilitator, first, second]) await openBoard(page, board.boardId);
	await expect(card(second, 'unri')).toBeVisible();

	// No vote: no dot controls anywhere, no participant bar.
	await expect(first.getByTestId('vote-dots')).toHaveCount(0);
	await expect(first.getByTestId('vote-bar')).toHaveCount(0);

	// The facilitator opens a vote of 3 dots.
	const controls = facilitator.getByTestId('vote-controls');
	await facilitator.getByTestId('vote-facilitator-bar').locator('summary').click();
	await controls.getByTestId('vote-dots-input').fill('3');
	await controls.getByTestId('vote-targets').selectOption('both');
	await controls.getByTestId('vote-open').click();
	await expect(controls).toHaveAttribute('data-vote-state', 'open');
	// Facilitators do not vote: no controls on their cards.
	await expect(facilitator.getByTestId('vote-dots')).toHaveCount(0);
	await shoot(facilitator, testInfo, 'vote-facilitator-open');

	// Rina places her three dots: two on Bappeda, one on Telkom.
	await expect(first.getByTestId('vote-left')).toHaveText('Dots left: 3 of 3');
	await dots(first, 'bappeda').getByTestId('vote-add').click();
	await expect(dots(first, 'bappeda')).toHaveAttribute('data-mine', '1');
	await dots(first, 'bappeda').getByTestId('vote-add').click();
	await dots(first, 'telkom').getByTestId('vote-add').click();
	await expect(dots(first, 'bappeda')).toHaveAttribute('data-mine', '2');
	await expect(dots(first, 'telkom')).toHaveAttribute('data-mine', '1');
	await expect(first.getByTestId('vote-left')).toHaveText('Dots left: 0 of 3');
	await shoot(first, testInfo, 'vote-open-desktop');

	// A 4th dot is refused, with the reason; nothing changes.
	await dots(first, 'unri').getByTestId('vote-add').click();
	await expect(first.getByTestId('vote-error')).toHaveText('You have used all 3 dots. Take one back to place it elsewhere.');
	await expect(dots(first, 'unri')).toHaveAttribute('data-mine', '0');
	// Taking one back frees it.
	await dots(first, 'telkom').getByTestId('vote-remove').click();
	await expect(first.getByTestId('vote-left')).toHaveText('Dots left: 1 of 3');
	await dots(first, 'telkom').getByTestId('vote-add').click();
	await expect(first.getByTestId('vote-left')).toHaveText('Dots left: 0 of 3');
	await expect(first.getByTestId('vote-error')).toHaveCount(0);

	// Budi, on his phone, sees none of Rina's dots: his own count is zero everywhere, no totals.
	await expect(second.getByTestId('vote-left')).toHaveText('Dots left: 3 of 3');
	for (const id of ['bappeda', 'telkom', 'unri']) await expect(dots(second, id)).toHaveAttribute('data-mine', '0');
	await expect(second.getByTestId('vote-total')).toHaveCount(0);
	await dots(second, 'bappeda').getByTestId('vote-add').click();
	await dots(second, 'unri').getByTestId('vote-add').click();
	await expect(second.getByTestId('vote-left')).toHaveText('Dots left: 1 of 3');
	await shoot(second, testInfo, 'vote-open-phone');
	// The list view has the same controls (cards on a phone).
	await second.getByTestId('view-list').click();
	const listDots = (page: Page, id: string) => page.locator(`[data-testid="list-row"][data-id="${id}"]`).getByTestId('vote-dots');
	await expect(listDots(second, 'bappeda')).toHaveAttribute('data-mine', '1');
	await expect(listDots(second, 'telkom')).toHaveAttribute('data-mine', '0');
	await shoot(second, testInfo, 'vote-open-phone-list');
	await second.getByTestId('view-map').click();

	// The facilitator sees how many dots were cast, not where.
	await expect(controls.getByTestId('vote-progress')).toHaveAttribute('data-dots-cast', '5');
	await expect(facilitator.getByTestId('vote-total')).toHaveCount(0);
	await shoot(facilitator, testInfo, 'vote-facilitator-progress');

	// Reveal: totals on every card and the ranked list, for everyone.
	await controls.getByTestId('vote-reveal').click();
	await expect(controls).toHaveAttribute('data-vote-state', 'revealed');
	for (const page of [first, second, facilitator]) {
		await expect(page.getByTestId('vote-dots')).toHaveCount(0);
		await expect(card(page, 'bappeda').getByTestId('vote-total')).toHaveAttribute('data-total', '3');
		await expect(card(page, 'telkom').getByTestId('vote-total')).toHaveAttribute('data-total', '1');
		await expect(card(page, 'unri').getByTestId('vote-total')).toHaveAttribute('data-total', '1');
		const ranked = page.getByTestId('vote-ranked-item');
		await expect(ranked).toHaveCount(3);
		await expect(ranked.first()).toHaveAttribute('data-target-id', 'bappeda');
		await expect(ranked.first()).toContainText('Bappeda Kota');
		await expect(ranked.first()).toContainText('3 dots');
	}
	await expect(first.getByTestId('vote-bar')).toHaveCount(0);
	await shoot(first, testInfo, 'vote-revealed-desktop');
	await first.getByTestId('view-list').click();
	await expect(first.locator('[data-testid="list-row"][data-id="bappeda"]').getByTestId('vote-total')).toHaveAttribute('data-total', '3');
	await shoot(first, testInfo, 'vote-revealed-list');
	await shoot(second, testInfo, 'vote-revealed-phone');

	// Closing keeps the results on the board.
	await controls.getByTestId('vote-close').click();
	await expect(controls).toHaveAttribute('data-vote-state', 'closed');
	await expect(card(second, 'bappeda').getByTestId('vote-total')).toHaveAttribute('data-total', '3');

	raw.close();
	for (const page of [facilitator, first, second]) await page.context().close();
	expect(errors).toEqual([]);
});

test('votes on actions: dots on plan rows and kanban cards, results with the owner', async ({ browser, request }, testInfo) => {
	const created = (await (await request.post('/api/workshops', { data: { title: 'Plan vote', groups: 1 } })).json()) as CreateWorkshopResponse;
	const board = created.boards[0];
	const joined = (await (await request.post('/api/join', { data: { joinCode: created.joinCode, name: 'Rina', boardId: board.boardId } })).json()) as JoinResponse;
	const raw = await rawClient(testInfo, board.boardId, created.facilitatorToken);
	raw.add({ bappedaKota: { name: 'Bappeda Kota', helix: 'government' } });
	const wifi = addAction(raw.doc, { title: 'Free wifi in parks', owner: 'bappedaKota' });
	const portal = addAction(raw.doc, { title: 'Open data portal' });

	const common = { workshopId: created.workshopId, title: created.title, joinCode: created.joinCode, boards: created.boards, savedAt: Date.now() };
	const errors: string[] = [];
	const page = await person(browser, { ...common, role: 'participant', token: joined.participantToken, name: 'Rina', boardId: board.boardId }, DESKTOP, errors);
	await openBoard(page, board.boardId, 'plan');
	const opened = await request.post(`/api/workshops/${created.workshopId}/vote`, {
		data: { action: 'open', dots: 2, targets: 'actions' },
		headers: { authorization: `Bearer ${created.facilitatorToken}` }
	});
	expect(opened.status()).toBe(200);

	const rowDots = (id: string) => page.locator(`[data-testid="plan-row"][data-action-id="${id}"]`).getByTestId('vote-dots');
	await rowDots(portal).getByTestId('vote-add').click();
	await rowDots(portal).getByTestId('vote-add').click();
	await expect(rowDots(portal)).toHaveAttribute('data-mine', '2');
	// Typing and selecting in the table still work around the controls: the row was not selected by the clicks.
	await expect(page.locator(`[data-testid="plan-row"][data-action-id="${portal}"]`)).not.toHaveAttribute('data-selected', 'true');
	await shoot(page, testInfo, 'vote-plan-table');

	// Stakeholders take no dots in this vote.
	await page.getByTestId('view-map').click();
	await expect(card(page, 'bappedaKota')).toBeVisible();
	await expect(page.getByTestId('vote-dots')).toHaveCount(0);

	await page.goto(`/b/${board.boardId}?view=plan&layout=board`);
	const kanbanDots = page.locator(`[data-testid="vote-dots"][data-target-id="${portal}"]`);
	await expect(kanbanDots).toHaveAttribute('data-mine', '2');
	await kanbanDots.getByTestId('vote-remove').click();
	await page.locator(`[data-testid="vote-dots"][data-target-id="${wifi}"]`).getByTestId('vote-add').click();
	await expect(page.getByTestId('vote-left')).toHaveText('Dots left: 0 of 2');
	await shoot(page, testInfo, 'vote-plan-kanban');

	await request.post(`/api/workshops/${created.workshopId}/vote`, { data: { action: 'reveal' }, headers: { authorization: `Bearer ${created.facilitatorToken}` } });
	const ranked = page.getByTestId('vote-ranked-item');
	await expect(ranked).toHaveCount(2);
	await expect(ranked.first()).toContainText('Free wifi in parks');
	await expect(ranked.first()).toContainText('Owner: Bappeda Kota');
	await expect(page.locator(`[data-testid="vote-total"][data-target-id="${portal}"]`)).toHaveAttribute('data-total', '1');
	await shoot(page, testInfo, 'vote-plan-revealed');

	raw.close();
	await page.context().close();
	expect(errors).toEqual([]);
});

test('a revealed vote in which nobody placed a dot says so instead of showing nothing', async ({ browser, request }, testInfo) => {
	const created = (await (await request.post('/api/workshops', { data: { title: 'Quiet vote', groups: 1 } })).json()) as CreateWorkshopResponse;
	const board = created.boards[0];
	const joined = (await (await request.post('/api/join', { data: { joinCode: created.joinCode, name: 'Bolat', boardId: board.boardId } })).json()) as JoinResponse;
	const common = { workshopId: created.workshopId, title: created.title, joinCode: created.joinCode, boards: created.boards, savedAt: Date.now() };
	const errors: string[] = [];
	const page = await person(browser, { ...common, role: 'participant', token: joined.participantToken, name: 'Bolat', boardId: board.boardId }, DESKTOP, errors);
	await openBoard(page, board.boardId, 'map');
	const vote = (action: string, extra = {}) =>
		request.post(`/api/workshops/${created.workshopId}/vote`, { data: { action, ...extra }, headers: { authorization: `Bearer ${created.facilitatorToken}` } });
	expect((await vote('open', { dots: 3, targets: 'stakeholders' })).status()).toBe(200);
	await expect(page.getByTestId('vote-left')).toBeVisible();
	await expect(page.getByTestId('vote-results-empty')).toHaveCount(0); // open: nothing to show yet
	expect((await vote('reveal')).status()).toBe(200);
	await expect(page.getByTestId('vote-results-empty')).toHaveText('No dots were placed on this board.');
	await expect(page.getByTestId('vote-ranked-item')).toHaveCount(0);
	await shoot(page, testInfo, 'vote-revealed-empty');
	await page.context().close();
	expect(errors).toEqual([]);
});
