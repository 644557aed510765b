/**
 * The live workshop on board pages (issue 6): the timer on every screen, follow-me presenting with
 * the laser pointer, step away and rejoin, presentation mode, and what participants see when the
 * facilitator locks, archives, moves them or deletes the workshop. A facilitator and two
 * participants in different groups, each in their own browser, against the real server.
 */
import { expect, test, type Browser, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import type { CreateWorkshopResponse, JoinResponse } from '../../src/lib/api/types.js';
import type { SavedSession } from '../../src/lib/sessions.js';
import { DESKTOP, PHONE, rawClient, shoot } from './board.js';
import { openBoard, remember } from './sessions.js';

/** The second participant's laptop clock runs this far ahead: timers must not care. */
const SKEW_MS = 7 * 60_000;

async function threePeople(browser: Browser, request: APIRequestContext, testInfo: TestInfo, facilitatorSize = DESKTOP, participantSize = DESKTOP) {
	const created = (await (await request.post('/api/workshops', { data: { title: 'Facilitation drill', groups: 2 } })).json()) as CreateWorkshopResponse;
	const [boardA, boardB] = created.boards;
	const join = async (name: string, boardId: string) =>
		(await (await request.post('/api/join', { data: { joinCode: created.joinCode, name, boardId } })).json()) as JoinResponse;
	const minho = await join('Minho', boardA.boardId);
	const sari = await join('Sari', boardB.boardId);
	// A few cards on A, so the presented map has something to look at.
	const raw = await rawClient(testInfo, boardA.boardId, created.facilitatorToken);
	raw.add({
		gov: { name: 'Dinas Kominfo', helix: 'government', x: -300, y: -200 },
		uni: { name: 'Universitas Riau', helix: 'academia', x: 250, y: -150 },
		biz: { name: 'Telkom Riau', helix: 'business', x: 200, y: 250 }
	});
	raw.close();

	const common = { workshopId: created.workshopId, title: created.title, joinCode: created.joinCode, boards: created.boards, savedAt: Date.now() };
	const errors: string[] = [];
	const contexts: Awaited<ReturnType<Browser['newContext']>>[] = [];
	async function person(session: SavedSession, boardId: string, { size = DESKTOP, skewMs = 0 } = {}): Promise<Page> {
		const context = await browser.newContext({ viewport: size, locale: 'en-US' });
		contexts.push(context);
		await remember(context, session);
		if (skewMs) await context.addInitScript((skew) => {
			const real = Date.now.bind(Date);
			Date.now = () => real() + skew;
		}, skewMs);
		const page = await context.newPage();
		page.on('pageerror', (error) => errors.push(error.message));
		await openBoard(page, boardId);
		return page;
	}
	const facilitator = await person({ ...common, role: 'facilitator', token: created.facilitatorToken, name: 'Ayu', boardId: null }, boardA.boardId, {
		size: facilitatorSize
	});
	const p1 = await person({ ...common, role: 'participant', token: minho.participantToken, name: 'Minho', boardId: boardA.boardId }, boardA.boardId, {
		size: participantSize
	});
	const p2 = await person({ ...common, role: 'participant', token: sari.participantToken, name: 'Sari', boardId: boardB.boardId }, boardB.boardId, {
		size: participantSize,
		skewMs: SKEW_MS
	});
	return {
		created,
		boardA: boardA.boardId,
		boardB: boardB.boardId,
		facilitator,
		p1,
		p2,
		api: (method: 'post' | 'delete', path: string, data?: unknown) =>
			request[method](path, { data, headers: { authorization: `Bearer ${created.facilitatorToken}` } }),
		close: async () => {
			for (const context of contexts) await context.close();
			expect(errors).toEqual([]);
		}
	};
}

const remainingSeconds = async (page: Page) => Number(await page.getByTestId('timer-badge').getAttribute('data-remaining-s'));

/** The world point at the map's top-left corner and the zoom, from the map's pan and zoom. */
/** The world area a page's map shows: its centre and size in world units. */
async function mapArea(page: Page) {
	const viewport = page.getByTestId('map-viewport');
	const [k, x, y] = await Promise.all(['data-zoom', 'data-pan-x', 'data-pan-y'].map(async (name) => Number(await viewport.getAttribute(name))));
	const box = (await viewport.boundingBox())!;
	const width = box.width / k;
	const height = box.height / k;
	return { cx: Math.round(-x / k + width / 2), cy: Math.round(-y / k + height / 2), width, height };
}

test('a timer started by the facilitator shows the same time for everyone, skewed clocks too, and signals once at zero', async ({ browser, request }, testInfo) => {
	const w = await threePeople(browser, request, testInfo);
	await w.facilitator.getByTestId('timer-toggle').click();
	await w.facilitator.getByTestId('timer-custom').fill('0:06');
	await w.facilitator.getByTestId('timer-custom-start').click();

	for (const page of [w.facilitator, w.p1, w.p2]) await expect(page.getByTestId('timer-badge')).toHaveAttribute('data-phase', 'running');
	const [a, b, c] = await Promise.all([w.facilitator, w.p1, w.p2].map(remainingSeconds));
	expect(a).toBeGreaterThanOrEqual(3);
	expect(Math.abs(a - b)).toBeLessThanOrEqual(1);
	// Sari's laptop is 7 minutes ahead; her countdown is the server's all the same.
	expect(Math.abs(a - c)).toBeLessThanOrEqual(1);

	for (const page of [w.facilitator, w.p1, w.p2]) {
		await expect(page.getByTestId('timer-badge')).toHaveAttribute('data-phase', 'done', { timeout: 10_000 });
		await expect(page.getByTestId('timer-badge')).toHaveAttribute('data-signals', '1');
		await expect(page.getByTestId('timer-badge')).toContainText('0:00');
	}
	await shoot(w.p1, testInfo, 'timer-done');
	// Once per run: nothing more while it sits at zero.
	await w.p1.waitForTimeout(1500);
	await expect(w.p1.getByTestId('timer-badge')).toHaveAttribute('data-signals', '1');

	// Pause and resume keep the time left; clear removes the badge everywhere.
	await w.facilitator.getByTestId('timer-preset-5').click();
	await expect(w.p2.getByTestId('timer-badge')).toHaveAttribute('data-phase', 'running');
	await w.facilitator.getByTestId('timer-pause').click();
	await expect(w.p2.getByTestId('timer-badge')).toHaveAttribute('data-phase', 'paused');
	const pausedAt = await remainingSeconds(w.p2);
	await w.p2.waitForTimeout(1200);
	expect(await remainingSeconds(w.p2)).toBe(pausedAt);
	await w.facilitator.getByTestId('timer-clear').click();
	await expect(w.p1.getByTestId('timer-badge')).toHaveCount(0);
	await expect(w.p2.getByTestId('timer-badge')).toHaveCount(0);
	await w.close();
});

test('a group timer shows to that group only', async ({ browser, request }, testInfo) => {
	const w = await threePeople(browser, request, testInfo);
	await w.facilitator.getByTestId('timer-toggle').click();
	await w.facilitator.getByTestId('timer-scope').selectOption(w.boardB);
	await w.facilitator.getByTestId('timer-preset-3').click();
	await expect(w.p2.getByTestId('timer-badge')).toHaveAttribute('data-phase', 'running');
	await expect(w.facilitator.getByTestId('timer-badge')).toBeVisible();
	await expect(w.p1.getByTestId('timer-badge')).toHaveCount(0);
	await w.close();
});

test('follow me: "bring everyone here" moves a participant to the presented board and view, and follows the viewport; step away and rejoin', async ({
	browser,
	request
}, testInfo) => {
	const w = await threePeople(browser, request, testInfo);
	await w.facilitator.getByTestId('bring-everyone').click();
	await expect(w.facilitator.getByTestId('present-controls')).toHaveAttribute('data-presenting', 'all');

	// Sari leaves her own board for the presented one.
	await expect(w.p2.getByTestId('board')).toHaveAttribute('data-board-id', w.boardA);
	await expect(w.p2.getByTestId('follow-bar')).toHaveAttribute('data-mode', 'following');
	await expect(w.p2.getByTestId('follow-bar')).toContainText('Following Ayu');
	await expect(w.p1.getByTestId('follow-bar')).toHaveAttribute('data-mode', 'following');

	// The facilitator zooms and pans: the followers' maps follow.
	await w.facilitator.getByTestId('map-viewport').focus();
	await w.facilitator.keyboard.press('+');
	await w.facilitator.keyboard.press('ArrowLeft');
	// Followers see the presenter's area, centred the same and fitted to their screen.
	const target = await mapArea(w.facilitator);
	for (const follower of [w.p2, w.p1]) {
		await expect.poll(async () => { const { cx, cy } = await mapArea(follower); return { cx, cy }; }).toEqual({ cx: target.cx, cy: target.cy });
		const seen = await mapArea(follower);
		expect(seen.width).toBeGreaterThanOrEqual(target.width - 1);
		expect(seen.height).toBeGreaterThanOrEqual(target.height - 1);
		expect(Math.min(seen.width - target.width, seen.height - target.height)).toBeLessThan(1);
	}

	// The laser pointer: the facilitator's mouse on the map.
	const box = (await w.facilitator.getByTestId('map-viewport').boundingBox())!;
	await w.facilitator.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	await w.facilitator.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 20, { steps: 4 });
	await expect(w.p2.getByTestId('laser-pointer')).toBeVisible();
	await shoot(w.p2, testInfo, 'follower-with-laser');

	// A view change is followed.
	await w.facilitator.getByTestId('view-grid').click();
	await expect(w.p2.getByTestId('board')).toHaveAttribute('data-view', 'grid');
	await w.facilitator.getByTestId('view-map').click();
	await expect(w.p2.getByTestId('board')).toHaveAttribute('data-view', 'map');

	// Sari steps away: she stays where she is while the facilitator moves on.
	await w.p2.getByTestId('step-away').click();
	await expect(w.p2.getByTestId('follow-bar')).toHaveAttribute('data-mode', 'away');
	await expect(w.p2.getByTestId('follow-bar')).toContainText('Ayu is presenting');
	await w.facilitator.getByTestId('view-list').click();
	await expect(w.p1.getByTestId('board')).toHaveAttribute('data-view', 'list');
	await w.p2.waitForTimeout(800);
	await expect(w.p2.getByTestId('board')).toHaveAttribute('data-view', 'map');
	await shoot(w.p2, testInfo, 'stepped-away');
	// A reload does not pull her back either.
	await w.p2.reload();
	await expect(w.p2.getByTestId('follow-bar')).toHaveAttribute('data-mode', 'away');
	await expect(w.p2.getByTestId('board')).toHaveAttribute('data-view', 'map');

	// One click brings her back to where the facilitator is.
	await w.p2.getByTestId('rejoin').click();
	await expect(w.p2.getByTestId('board')).toHaveAttribute('data-view', 'list');
	await expect(w.p2.getByTestId('follow-bar')).toHaveAttribute('data-mode', 'following');

	// Presenting stops with the gallery closed: Sari may no longer read group A's board and lands on her own.
	await w.facilitator.getByTestId('present-stop').click();
	await expect(w.p2.getByTestId('board')).toHaveAttribute('data-board-id', w.boardB, { timeout: 15_000 });
	await expect(w.p1.getByTestId('follow-bar')).toHaveCount(0);
	await w.close();
});

test('a new presentation pulls back a participant who stepped away', async ({ browser, request }, testInfo) => {
	const w = await threePeople(browser, request, testInfo);
	await w.facilitator.getByTestId('present-group').click();
	await expect(w.p1.getByTestId('follow-bar')).toHaveAttribute('data-mode', 'following');
	// Group B does not follow a presentation to group A.
	await expect(w.p2.getByTestId('board')).toHaveAttribute('data-board-id', w.boardB);
	await expect(w.p2.getByTestId('follow-bar')).toHaveCount(0);

	await w.p1.getByTestId('step-away').click();
	await w.p1.getByTestId('view-plan').click();
	await w.facilitator.getByTestId('bring-everyone').click();
	await expect(w.p1.getByTestId('board')).toHaveAttribute('data-view', 'map');
	await expect(w.p1.getByTestId('follow-bar')).toHaveAttribute('data-mode', 'following');
	await expect(w.p2.getByTestId('board')).toHaveAttribute('data-board-id', w.boardA);
	await w.close();
});

test('gallery walk: participants visit the other groups read-only, and are sent home when it closes', async ({ browser, request }, testInfo) => {
	const w = await threePeople(browser, request, testInfo);
	const workshop = `/api/workshops/${w.created.workshopId}`;
	expect((await w.api('post', `${workshop}/gallery`, { open: true })).ok()).toBe(true);
	await expect(w.p2.getByTestId('gallery-nav')).toBeVisible();
	await w.p2.locator(`[data-testid="gallery-board"][data-board-id="${w.boardA}"]`).click();
	await expect(w.p2.getByTestId('board')).toHaveAttribute('data-board-id', w.boardA);
	await expect(w.p2.getByTestId('read-only-banner')).toBeVisible();
	await expect(w.p2.getByTestId('map-card')).toHaveCount(3);
	await shoot(w.p2, testInfo, 'gallery-walk');

	// The walk ends: Sari may no longer read group A's board and is back on her own, told why.
	expect((await w.api('post', `${workshop}/gallery`, { open: false })).ok()).toBe(true);
	await expect(w.p2.getByTestId('board')).toHaveAttribute('data-board-id', w.boardB, { timeout: 15_000 });
	await expect(w.p2.getByTestId('live-notice')).toBeVisible();
	await expect(w.p2.getByTestId('gallery-nav')).toHaveCount(0);
	await w.close();
});

for (const size of [
	{ width: 1920, height: 1080 },
	{ width: 1280, height: 720 }
]) {
	test(`presentation mode at ${size.width}×${size.height}: no editing chrome, the timer large, Esc leaves`, async ({ browser, request }, testInfo) => {
		const w = await threePeople(browser, request, testInfo, size);
		await w.api('post', `/api/workshops/${w.created.workshopId}/timer`, { action: 'start', durationMs: 10 * 60_000 });
		await w.facilitator.getByTestId('presentation-mode').click();
		await expect(w.facilitator).toHaveURL(/present=1/);
		await expect(w.facilitator.getByTestId('presentation-bar')).toBeVisible();
		await expect(w.facilitator.getByTestId('timer-badge')).toBeVisible();
		await expect(w.facilitator.getByTestId('board-title')).toHaveCount(0);
		await expect(w.facilitator.getByTestId('view-grid')).toHaveCount(0);
		const timerBox = (await w.facilitator.getByTestId('timer-badge').boundingBox())!;
		expect(timerBox.height).toBeGreaterThan(40);
		await w.facilitator.waitForTimeout(400);
		await shoot(w.facilitator, testInfo, `presentation-${size.width}x${size.height}`);

		// Lists read from the back of the room too.
		await w.facilitator.goto(`/b/${w.boardA}?view=list&present=1`);
		await expect(w.facilitator.getByTestId('presentation-bar')).toBeVisible();
		await shoot(w.facilitator, testInfo, `presentation-list-${size.width}x${size.height}`);

		await w.facilitator.keyboard.press('Escape');
		await expect(w.facilitator).not.toHaveURL(/present=1/);
		await expect(w.facilitator.getByTestId('board-title')).toBeVisible();
		await w.close();
	});
}

test('lock all, archive, move and delete reach the participants', async ({ browser, request }, testInfo) => {
	const w = await threePeople(browser, request, testInfo);
	const workshop = `/api/workshops/${w.created.workshopId}`;

	expect((await w.api('post', `${workshop}/lock`, { locked: true })).ok()).toBe(true);
	await expect(w.p1.getByTestId('read-only-banner')).toContainText('locked');
	await expect(w.p2.getByTestId('read-only-banner')).toContainText('locked');
	expect((await w.api('post', `${workshop}/lock`, { locked: false })).ok()).toBe(true);
	await expect(w.p1.getByTestId('read-only-banner')).toHaveCount(0);

	expect((await w.api('post', `${workshop}/archive`, { archived: true })).ok()).toBe(true);
	await expect(w.p1.getByTestId('archived-banner')).toBeVisible();
	await expect(w.facilitator.getByTestId('archived-banner')).toBeVisible();
	await shoot(w.p1, testInfo, 'archived');
	expect((await w.api('post', `${workshop}/archive`, { archived: false })).ok()).toBe(true);
	await expect(w.p1.getByTestId('archived-banner')).toHaveCount(0);

	// Minho is moved to group B: his page follows, his saved session too.
	const participants = (await (await request.get(`${workshop}/participants`, { headers: { authorization: `Bearer ${w.created.facilitatorToken}` } })).json()) as {
		participants: { participantId: string; name: string }[];
	};
	const minho = participants.participants.find((p) => p.name === 'Minho')!;
	expect((await w.api('post', `${workshop}/participants/${minho.participantId}/move`, { boardId: w.boardB })).ok()).toBe(true);
	await expect(w.p1.getByTestId('board')).toHaveAttribute('data-board-id', w.boardB, { timeout: 15_000 });
	await expect(w.p1.getByTestId('live-notice')).toContainText('moved you to');
	const saved = await w.p1.evaluate(() => JSON.parse(localStorage.getItem('helixboard:sessions') ?? '[]') as SavedSession[]);
	expect(saved[0].boardId).toBe(w.boardB);
	await w.p1.reload();
	await expect(w.p1.getByTestId('board')).toHaveAttribute('data-board-id', w.boardB);

	expect((await w.api('delete', workshop)).status()).toBe(204);
	for (const page of [w.p1, w.p2]) await expect(page.getByTestId('workshop-deleted')).toBeVisible();
	await shoot(w.p2, testInfo, 'workshop-deleted');
	expect(await w.p2.evaluate(() => localStorage.getItem('helixboard:sessions'))).toBe('[]');
	await w.close();
});

test("on a phone: the facilitator's controls and the follower's bar fit the screen", async ({ browser, request }, testInfo) => {
	const w = await threePeople(browser, request, testInfo, PHONE, PHONE);
	const fits = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
	await w.facilitator.getByTestId('timer-toggle').click();
	await w.facilitator.getByTestId('timer-preset-10').click();
	await w.facilitator.getByTestId('bring-everyone').click();
	await expect(w.p2.getByTestId('follow-bar')).toHaveAttribute('data-mode', 'following');
	await expect(w.p2.getByTestId('timer-badge')).toHaveAttribute('data-phase', 'running');
	expect(await fits(w.facilitator)).toBe(true);
	expect(await fits(w.p2)).toBe(true);
	await shoot(w.facilitator, testInfo, 'phone-facilitator');
	await shoot(w.p2, testInfo, 'phone-follower');
	await w.close();
});
