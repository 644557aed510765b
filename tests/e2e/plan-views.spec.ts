/**
 * The plan's board (kanban) and timeline layouts with two people on one group board: a drag or a
 * keyboard move on one screen changes status and order on the other (and in the document, as a
 * stock Yjs client reads it); the timeline groups actions by the owner's helix, marks today, lists
 * what has no dates and survives an end before its start. Actions are seeded by a stock Yjs client
 * through the board model, as a script or another tool would write them. Screenshots of both
 * layouts at desktop and phone size are kept with the test's results.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { addAction, updateAction, type NewAction } from '../../src/lib/board/model.js';
import { center, DESKTOP, PHONE, shoot, twoPeople, type Fields, type RawClient } from './board.js';

const PEOPLE: Record<string, Fields> = {
	bappeda00001: { name: 'Bappeda Kota Pekanbaru', helix: 'government' },
	diskominfo01: { name: 'Diskominfo', helix: 'government' },
	telkom000001: { name: 'Telkom Indonesia', helix: 'business' },
	unri00000001: { name: 'Universitas Riau', helix: 'academia' },
	karang000001: { name: 'Karang Taruna', helix: 'community' },
	radio0000001: { name: 'Radio Suara Riau', helix: 'media' }
};

/** A calendar day `offset` days from today, in this machine's zone (the browsers run here too). */
function day(offset: number): string {
	const date = new Date();
	date.setDate(date.getDate() + offset);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Seeds actions in the given order (each after the last) and returns their ids by key. */
function seedActions(raw: RawClient, actions: Record<string, NewAction & { progress?: number; rawStatus?: string }>): Record<string, string> {
	const ids: Record<string, string> = {};
	for (const [key, { progress, rawStatus, ...fields }] of Object.entries(actions)) {
		const id = addAction(raw.doc, fields);
		if (progress !== undefined) updateAction(raw.doc, id, { progress });
		// A foreign client may store any status; the board shows it as needing a fix.
		if (rawStatus !== undefined) (raw.doc.getMap('actions').get(id) as Y.Map<unknown>).set('status', rawStatus);
		ids[key] = id;
	}
	return ids;
}

const stored = (raw: RawClient, id: string, field: string) => (raw.doc.getMap('actions').get(id) as Y.Map<unknown> | undefined)?.get(field);

const column = (page: Page, status: string) => page.locator(`[data-testid="kanban-column"][data-status="${status}"]`);
const kanbanCard = (page: Page, id: string) => page.locator(`[data-testid="kanban-card"][data-action-id="${id}"]`);
const cardIds = (page: Page, status: string) =>
	column(page, status)
		.getByTestId('kanban-card')
		.evaluateAll((cards) => cards.map((c) => (c as HTMLElement).dataset.actionId));

async function openLayout(page: Page, layout: 'board' | 'timeline' | 'table') {
	await page.getByTestId(`plan-layout-${layout}`).click();
	if (layout === 'board') await expect(page.getByTestId('plan-kanban')).toBeVisible();
	if (layout === 'timeline') await expect(page.getByTestId('plan-timeline')).toBeVisible();
}

/** A mouse drag in small steps (the board lifts a card after a few pixels), checked halfway. */
async function drag(page: Page, from: Locator, to: { x: number; y: number }, halfway?: () => Promise<void>) {
	const start = await center(from);
	await page.mouse.move(start.x, start.y);
	await page.mouse.down();
	await page.mouse.move(start.x + 6, start.y + 6, { steps: 3 });
	await page.mouse.move(to.x, to.y, { steps: 12 });
	await halfway?.();
	await page.mouse.up();
}

test('board: a drag from Planned to In progress changes the status for the other person and in the document', async ({ browser, request }, testInfo) => {
	const { a, b, raw, close } = await twoPeople(browser, request, testInfo, { view: 'plan', seed: PEOPLE });
	try {
		const ids = seedActions(raw, {
			portal: { title: 'Open data portal for village budgets', owner: 'diskominfo01', status: 'planned', start: day(-3), end: day(40) },
			survey: { title: 'Citizen survey on e-services', owner: 'unri00000001', status: 'planned' },
			wifi: { title: 'Free Wi-Fi in 20 public spaces', owner: 'telkom000001', status: 'in_progress', progress: 40 }
		});
		await openLayout(a, 'board');
		await expect(column(a, 'planned').getByTestId('kanban-card')).toHaveCount(2);
		await expect(column(a, 'invalid')).toHaveCount(0); // "needs fixing" only when needed

		const target = (await column(a, 'in_progress').boundingBox())!;
		await drag(a, kanbanCard(a, ids.portal), { x: target.x + target.width / 2, y: target.y + target.height - 60 }, async () => {
			// Mid-drag: a placeholder shows where it lands; nothing is written yet.
			await expect(column(a, 'in_progress').locator('[data-placeholder]')).toBeVisible();
			expect(stored(raw, ids.portal, 'status')).toBe('planned');
		});

		await expect(column(a, 'in_progress').getByTestId('kanban-card')).toHaveCount(2);
		expect(await cardIds(a, 'in_progress')).toEqual([ids.wifi, ids.portal]);
		await expect.poll(() => stored(raw, ids.portal, 'status')).toBe('in_progress');
		await expect(a.getByTestId('kanban-announcement')).toContainText('In progress');

		// B is on the table layout (the default). The table is another engineer's work in progress:
		// assert on its status cell once it exists, and on B's board in any case.
		if ((await b.getByTestId('plan-table').count()) > 0) {
			await expect(b.locator(`[data-testid="plan-row"][data-action-id="${ids.portal}"] [data-testid="cell-status"]`)).toContainText('In progress');
		} else {
			testInfo.annotations.push({ type: 'note', description: 'plan-table not built yet: table assertion skipped' });
		}
		await openLayout(b, 'board');
		await expect(column(b, 'in_progress').locator(`[data-action-id="${ids.portal}"]`)).toBeVisible();
		await expect(column(b, 'planned').getByTestId('kanban-card')).toHaveCount(1);

		// One drop is one undo step: position and status go back together.
		await a.getByTestId('undo').click();
		await expect.poll(() => stored(raw, ids.portal, 'status')).toBe('planned');
		await expect(column(b, 'planned').locator(`[data-action-id="${ids.portal}"]`)).toBeVisible();
	} finally {
		await close();
	}
});

test('board: keyboard moves between and within columns, fixes an invalid status, adds per column', async ({ browser, request }, testInfo) => {
	const { a, b, raw, close } = await twoPeople(browser, request, testInfo, { view: 'plan', seed: PEOPLE });
	try {
		const ids = seedActions(raw, {
			one: { title: 'Draft the data-sharing regulation', owner: 'bappeda00001', status: 'planned' },
			two: { title: 'Train 40 village officers', owner: 'unri00000001', status: 'in_progress' },
			three: { title: 'Radio talk show on the new portal', owner: 'radio0000001', status: 'in_progress' },
			odd: { title: 'Imported from a spreadsheet', owner: 'karang000001', rawStatus: 'ongoing' }
		});
		await openLayout(a, 'board');
		await openLayout(b, 'board');

		// The foreign status waits in "needs fixing", shown as stored.
		await expect(column(a, 'invalid')).toBeVisible();
		await expect(kanbanCard(a, ids.odd)).toContainText('ongoing');

		// Enter selects; Alt+→ moves to the next status, focus stays on the card.
		const one = kanbanCard(a, ids.one);
		await one.focus();
		await a.keyboard.press('Enter');
		await expect(one).toHaveAttribute('aria-pressed', 'true');
		await a.keyboard.press('Alt+ArrowRight');
		await expect(column(a, 'in_progress').locator(`[data-action-id="${ids.one}"]`)).toBeVisible();
		await expect(kanbanCard(a, ids.one)).toBeFocused();
		await expect.poll(() => stored(raw, ids.one, 'status')).toBe('in_progress');
		await expect(a.getByTestId('kanban-announcement')).toHaveText(/In progress, position 1 of 3/);
		expect(await cardIds(a, 'in_progress')).toEqual([ids.one, ids.two, ids.three]);

		// Alt+↓ twice: to the end of the column; the other person sees the same order.
		await a.keyboard.press('Alt+ArrowDown');
		await a.keyboard.press('Alt+ArrowDown');
		await expect(kanbanCard(a, ids.one)).toBeFocused();
		await expect.poll(() => cardIds(b, 'in_progress')).toEqual([ids.two, ids.three, ids.one]);
		await expect(a.getByTestId('kanban-announcement')).toHaveText(/position 3 of 3/);

		// Alt+→ into Blocked; the board did not navigate back or away.
		await a.keyboard.press('Alt+ArrowRight');
		await expect.poll(() => stored(raw, ids.one, 'status')).toBe('blocked');
		await expect(a.getByTestId('plan-kanban')).toBeVisible();

		// Alt+← from "needs fixing" writes a real status and the column goes away.
		await kanbanCard(a, ids.odd).focus();
		await a.keyboard.press('Alt+ArrowLeft');
		await expect.poll(() => stored(raw, ids.odd, 'status')).toBe('done');
		// Alt+← is also the browser's "back": the board kept it.
		await expect(a).toHaveURL(/layout=board/);
		await expect(a.getByTestId('plan-kanban')).toBeVisible();
		await expect(column(a, 'invalid')).toHaveCount(0);
		await expect(column(b, 'done').locator(`[data-action-id="${ids.odd}"]`)).toBeVisible();

		// "+" in a column adds an action with that status and opens its title on the card.
		await column(b, 'blocked').getByTestId('kanban-add').click();
		await expect(column(b, 'blocked').getByTestId('kanban-card')).toHaveCount(2);
		const added = (await cardIds(b, 'blocked')).find((id) => id !== ids.one)!;
		await expect(kanbanCard(b, added)).toHaveAttribute('data-selected', 'true');
		await expect(b.getByTestId('kanban-name-input')).toBeFocused();
		await b.keyboard.type('Budget approval by DPRD');
		await b.keyboard.press('Enter');
		await expect(kanbanCard(b, added)).toContainText('Budget approval by DPRD');
		await expect(kanbanCard(b, added)).toBeFocused();
		await expect.poll(() => stored(raw, added, 'status')).toBe('blocked');
		await expect.poll(() => stored(raw, added, 'title')).toBe('Budget approval by DPRD');
		await expect(column(a, 'blocked').locator(`[data-action-id="${added}"]`)).toContainText('Budget approval by DPRD');

		// The plan's own "Add action" does the same on the board (a planned action); Esc leaves it untitled.
		await b.getByTestId('add-action').click();
		await expect(b.getByTestId('kanban-name-input')).toBeFocused();
		await b.keyboard.press('Escape');
		await expect(b.getByTestId('kanban-name-input')).toHaveCount(0);
		await expect(column(b, 'planned').getByTestId('kanban-card')).toHaveCount(1);
		await expect(column(b, 'planned').getByTestId('kanban-card')).toContainText('(untitled action)');
	} finally {
		await close();
	}
});

test('board: a reorder within a column keeps its order on the other page; read-only has no drag', async ({ browser, request }, testInfo) => {
	const { a, b, raw, boardId, facilitatorToken, close } = await twoPeople(browser, request, testInfo, { view: 'plan', seed: PEOPLE });
	try {
		const ids = seedActions(raw, {
			p1: { title: 'Map the datasets of each agency', owner: 'diskominfo01', status: 'planned' },
			p2: { title: 'Agree on open licences', owner: 'bappeda00001', status: 'planned' },
			p3: { title: 'Hackathon with students', owner: 'unri00000001', status: 'planned' }
		});
		await openLayout(a, 'board');
		await openLayout(b, 'board');
		await expect.poll(() => cardIds(b, 'planned')).toEqual([ids.p1, ids.p2, ids.p3]);

		const first = (await kanbanCard(a, ids.p1).boundingBox())!;
		await drag(a, kanbanCard(a, ids.p3), { x: first.x + first.width / 2, y: first.y + 4 });
		await expect.poll(() => cardIds(a, 'planned')).toEqual([ids.p3, ids.p1, ids.p2]);
		await expect.poll(() => cardIds(b, 'planned')).toEqual([ids.p3, ids.p1, ids.p2]);
		expect(stored(raw, ids.p3, 'status')).toBe('planned');
		// A plain click after the drag still selects (the drag did not eat it).
		await kanbanCard(a, ids.p2).click();
		await expect(kanbanCard(a, ids.p2)).toHaveAttribute('data-selected', 'true');

		// B reloads: the order came from the document, not from the page.
		await b.reload();
		await b.locator('html[data-hydrated="true"]').waitFor();
		await expect.poll(() => cardIds(b, 'planned')).toEqual([ids.p3, ids.p1, ids.p2]);

		// Locked board: the participant can neither drag nor add.
		const lock = await request.post(`/api/boards/${boardId}/lock`, { data: { locked: true }, headers: { authorization: `Bearer ${facilitatorToken}` } });
		expect(lock.ok()).toBe(true);
		await expect(b.getByTestId('kanban-add')).toHaveCount(0);
		const p1 = (await kanbanCard(b, ids.p1).boundingBox())!;
		await drag(b, kanbanCard(b, ids.p2), { x: p1.x + p1.width / 2, y: p1.y + 4 });
		await b.waitForTimeout(300);
		expect(await cardIds(b, 'planned')).toEqual([ids.p3, ids.p1, ids.p2]);
	} finally {
		await close();
	}
});

test('timeline: lanes by owner helix, today between past and future, milestones, unscheduled, end before start', async ({ browser, request }, testInfo) => {
	const { a, raw, close } = await twoPeople(browser, request, testInfo, { view: 'plan', seed: PEOPLE });
	try {
		const ids = seedActions(raw, {
			past: { title: 'Baseline study', owner: 'bappeda00001', status: 'done', start: day(-60), end: day(-20), progress: 100 },
			future: { title: 'Launch the portal', owner: 'telkom000001', status: 'planned', start: day(20), end: day(70) },
			milestone: { title: 'Ethics approval', owner: 'unri00000001', status: 'planned', start: day(12) },
			swapped: { title: 'Press campaign', owner: 'radio0000001', status: 'planned', start: day(30), end: day(5) },
			orphan: { title: 'Village data champions', owner: null, status: 'in_progress', start: day(-10), end: day(15), progress: 30 },
			removed: { title: 'Sponsor the app', owner: 'gone00000001', status: 'blocked', start: day(-5), end: day(25) },
			later: { title: 'Youth feedback sessions', owner: 'karang000001', status: 'planned' }
		});
		await openLayout(a, 'timeline');
		const timeline = a.getByTestId('plan-timeline');

		// Lanes in pentahelix order, empty ones hidden (community has nothing dated), no owner and removed last.
		const groups = timeline.getByTestId('timeline-group');
		await expect(groups).toHaveCount(6);
		expect(await groups.evaluateAll((gs) => gs.map((g) => (g as HTMLElement).dataset.helix))).toEqual(['government', 'business', 'academia', 'media', 'none', 'missing']);
		const barsIn = (helix: string) =>
			timeline
				.locator(`[data-testid="timeline-group"][data-helix="${helix}"] [data-testid="timeline-bar"]`)
				.evaluateAll((bars) => bars.map((b) => (b as HTMLElement).dataset.actionId));
		expect(await barsIn('government')).toEqual([ids.past]);
		expect(await barsIn('business')).toEqual([ids.future]);
		expect(await barsIn('academia')).toEqual([ids.milestone]);
		expect(await barsIn('media')).toEqual([ids.swapped]);
		expect(await barsIn('none')).toEqual([ids.orphan]);
		expect(await barsIn('missing')).toEqual([ids.removed]);

		const bar = (id: string) => timeline.locator(`[data-testid="timeline-bar"][data-action-id="${id}"]`);
		await expect(bar(ids.milestone)).toHaveAttribute('data-kind', 'milestone');
		await expect(bar(ids.swapped)).toHaveAttribute('data-kind', 'invalid');
		await expect(bar(ids.swapped)).toContainText('The end is before the start');
		const swapped = (await bar(ids.swapped).boundingBox())!;
		expect(swapped.width).toBeGreaterThan(0);

		// Today's line, opened in view, between the past bar's end and the future bar's start.
		const today = timeline.getByTestId('timeline-today');
		await expect(today).toBeInViewport();
		await expect(timeline.getByTestId('timeline-today-label')).toContainText('Today');
		const line = (await today.boundingBox())!;
		const past = (await bar(ids.past).boundingBox())!;
		const future = (await bar(ids.future).boundingBox())!;
		expect(past.x + past.width).toBeLessThan(line.x);
		expect(line.x + line.width).toBeLessThan(future.x);
		// The bar with today inside it straddles the line.
		const orphan = (await bar(ids.orphan).boundingBox())!;
		expect(orphan.x).toBeLessThan(line.x);
		expect(orphan.x + orphan.width).toBeGreaterThan(line.x);

		// Without dates: listed with a hint, and selectable.
		const unscheduled = timeline.getByTestId('timeline-unscheduled');
		await expect(unscheduled).toHaveCount(1);
		await expect(unscheduled).toHaveAttribute('data-action-id', ids.later);
		await unscheduled.click();
		await expect(unscheduled).toHaveAttribute('aria-selected', 'true');

		// A click on a bar selects its action; arrows and Enter do it from the keyboard.
		await bar(ids.future).click();
		const futureRow = timeline.locator(`[data-testid="timeline-row"][data-action-id="${ids.future}"]`);
		await expect(futureRow).toHaveAttribute('aria-selected', 'true');
		await futureRow.focus();
		await a.keyboard.press('ArrowDown');
		await a.keyboard.press('Enter');
		await expect(timeline.locator(`[data-testid="timeline-row"][data-action-id="${ids.milestone}"]`)).toHaveAttribute('aria-selected', 'true');

		// Zooms redraw around the same place; a date edit elsewhere moves the bar live.
		for (const zoom of ['weeks', 'quarters', 'months']) {
			await timeline.getByTestId(`timeline-zoom-${zoom}`).click();
			await expect(timeline).toHaveAttribute('data-zoom', zoom);
			await expect(bar(ids.orphan)).toBeVisible();
		}
		// A start typed a thousand years off neither stretches the axis to a millennium nor crashes.
		updateAction(raw.doc, ids.past, { start: '1026-01-05' });
		await expect(bar(ids.past)).toHaveAttribute('data-kind', 'bar');
		expect((await timeline.locator('.scroller').evaluate((el) => el.scrollWidth)) < 200_000).toBe(true);
		await expect(today).toBeVisible();
		updateAction(raw.doc, ids.swapped, { end: day(45) });
		await expect(bar(ids.swapped)).toHaveAttribute('data-kind', 'bar');
		updateAction(raw.doc, ids.later, { start: day(3), end: day(9) });
		await expect(timeline.getByTestId('timeline-unscheduled')).toHaveCount(0);
		await expect(timeline.locator('[data-testid="timeline-group"][data-helix="community"]')).toHaveCount(1);

		// A stakeholder selected in another view lights up the actions it owns, here and on the board.
		await a.getByTestId('view-list').click();
		await a.locator('[data-testid="list-row"][data-id="telkom000001"]').first().click();
		await a.getByTestId('view-plan').click();
		await openLayout(a, 'timeline');
		await expect(bar(ids.future)).toHaveAttribute('data-linked', 'true');
		await expect(bar(ids.past)).not.toHaveAttribute('data-linked', 'true');
		await openLayout(a, 'board');
		await expect(kanbanCard(a, ids.future)).toHaveAttribute('data-linked', 'true');
		await expect(kanbanCard(a, ids.past)).not.toHaveAttribute('data-linked', 'true');
	} finally {
		await close();
	}
});

/** Touch through the DevTools protocol: Playwright's touchscreen only taps. */
async function touch(page: Page) {
	const cdp = await page.context().newCDPSession(page);
	const send = (type: 'touchStart' | 'touchMove' | 'touchEnd', x = 0, y = 0) =>
		cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
	return {
		async drag(from: { x: number; y: number }, to: { x: number; y: number }, holdMs: number) {
			await send('touchStart', from.x, from.y);
			await page.waitForTimeout(holdMs);
			for (let i = 1; i <= 12; i++) await send('touchMove', from.x + ((to.x - from.x) * i) / 12, from.y + ((to.y - from.y) * i) / 12);
			await send('touchEnd');
		}
	};
}

test('phone: press and hold lifts a card by touch; a quick swipe scrolls the board instead', async ({ browser, request }, testInfo) => {
	const { b, raw, close } = await twoPeople(browser, request, testInfo, { view: 'plan', seed: PEOPLE, sizeB: PHONE });
	try {
		const ids = seedActions(raw, {
			p1: { title: 'Map the datasets of each agency', owner: 'diskominfo01', status: 'planned' },
			p2: { title: 'Agree on open licences', owner: 'bappeda00001', status: 'planned' },
			p3: { title: 'Hackathon with students', owner: 'unri00000001', status: 'planned' },
			i1: { title: 'Train village officers', owner: 'unri00000001', status: 'in_progress' }
		});
		await openLayout(b, 'board');
		await expect.poll(() => cardIds(b, 'planned')).toEqual([ids.p1, ids.p2, ids.p3]);
		const finger = await touch(b);

		// Hold, then move: the card goes to the top of its column.
		const first = (await kanbanCard(b, ids.p1).boundingBox())!;
		await finger.drag(await center(kanbanCard(b, ids.p3)), { x: first.x + first.width / 2, y: first.y + 4 }, 450);
		await expect.poll(() => cardIds(b, 'planned')).toEqual([ids.p3, ids.p1, ids.p2]);

		// A quick sideways swipe on a card scrolls to the next column and writes nothing.
		const board = b.getByTestId('plan-kanban').locator('.board');
		const before = await board.evaluate((el) => el.scrollLeft);
		const start = await center(kanbanCard(b, ids.p1));
		await finger.drag(start, { x: start.x - 250, y: start.y }, 0);
		await expect.poll(() => board.evaluate((el) => el.scrollLeft)).toBeGreaterThan(before + 100);
		expect(await cardIds(b, 'planned')).toEqual([ids.p3, ids.p1, ids.p2]);
		expect(stored(raw, ids.p1, 'status')).toBe('planned');
	} finally {
		await close();
	}
});

/** A plan as a class would have it after the exercise: every helix, all statuses, one of each oddity. */
function seedShowcase(raw: RawClient) {
	return seedActions(raw, {
		regulation: { title: 'Mayor regulation on data sharing between agencies', owner: 'bappeda00001', partners: ['diskominfo01', 'unri00000001'], status: 'in_progress', start: day(-30), end: day(45), progress: 45 },
		portal: { title: 'Open data portal for village budgets', owner: 'diskominfo01', partners: ['telkom000001'], status: 'planned', start: day(10), end: day(90) },
		baseline: { title: 'Baseline survey of e-service use', owner: 'unri00000001', partners: ['karang000001'], status: 'done', start: day(-75), end: day(-20), progress: 100 },
		wifi: { title: 'Free Wi-Fi in 20 public spaces', owner: 'telkom000001', status: 'blocked', start: day(-14), end: day(30), progress: 20 },
		champions: { title: 'Village data champions', owner: 'karang000001', partners: ['unri00000001', 'radio0000001', 'bappeda00001'], status: 'in_progress', start: day(-7), end: day(60), progress: 30 },
		radio: { title: 'Weekly radio talk show on the portal', owner: 'radio0000001', status: 'planned', start: day(25) },
		ethics: { title: 'Ethics approval', owner: 'unri00000001', status: 'planned', end: day(14) },
		press: { title: 'Press campaign', owner: 'radio0000001', status: 'planned', start: day(40), end: day(12) },
		sponsor: { title: 'Sponsor the citizen app', owner: 'gone00000001', status: 'planned', start: day(5), end: day(50) },
		youth: { title: 'Youth feedback sessions', owner: 'karang000001', status: 'planned' },
		imported: { title: 'Imported from a spreadsheet', owner: 'telkom000001', rawStatus: 'ongoing', progress: 60 },
		untitled: { title: '', owner: null, status: 'planned' }
	});
}

test('screenshots: board and timeline on a laptop and a phone', async ({ browser, request }, testInfo) => {
	const { a, b, raw, close } = await twoPeople(browser, request, testInfo, { view: 'plan', seed: PEOPLE, sizeA: DESKTOP, sizeB: PHONE });
	try {
		const ids = seedShowcase(raw);
		await openLayout(a, 'board');
		await expect(a.getByTestId('kanban-card')).toHaveCount(12);
		// One action selected, as in class: the inspector beside shows it.
		await kanbanCard(a, ids.regulation).click();
		await shoot(a, testInfo, 'kanban-desktop');

		// Mid-drag: the lifted card follows the pointer, a placeholder marks the slot; Esc puts it back.
		const from = await center(kanbanCard(a, ids.portal));
		const to = (await column(a, 'blocked').boundingBox())!;
		await a.mouse.move(from.x, from.y);
		await a.mouse.down();
		await a.mouse.move(from.x + 8, from.y + 8, { steps: 3 });
		await a.mouse.move(to.x + to.width / 2, to.y + 150, { steps: 10 });
		await expect(column(a, 'blocked').locator('[data-placeholder]')).toBeVisible();
		await shoot(a, testInfo, 'kanban-desktop-dragging');
		await a.keyboard.press('Escape');
		await a.mouse.up();
		await expect(column(a, 'blocked').locator('[data-placeholder]')).toHaveCount(0);
		expect(stored(raw, ids.portal, 'status')).toBe('planned');
		await expect(kanbanCard(a, ids.regulation)).toHaveAttribute('data-selected', 'true'); // Esc did not clear the selection

		// The "needs fixing" column, scrolled into view.
		await column(a, 'invalid').scrollIntoViewIfNeeded();
		await shoot(a, testInfo, 'kanban-desktop-needs-fixing');
		await openLayout(a, 'timeline');
		await expect(a.getByTestId('timeline-bar')).toHaveCount(9);
		await shoot(a, testInfo, 'timeline-desktop');
		await a.getByTestId('timeline-unscheduled').last().scrollIntoViewIfNeeded();
		await shoot(a, testInfo, 'timeline-desktop-unscheduled');

		await openLayout(b, 'board');
		await expect(b.getByTestId('kanban-card')).toHaveCount(12);
		await shoot(b, testInfo, 'kanban-phone');
		// Columns snap one at a time on a phone, each most of the screen wide.
		const first = (await column(b, 'planned').boundingBox())!;
		expect(first.width).toBeGreaterThan(PHONE.width * 0.75);
		expect(first.width).toBeLessThan(PHONE.width);
		await openLayout(b, 'timeline');
		await expect(b.getByTestId('timeline-today')).toBeInViewport();
		await shoot(b, testInfo, 'timeline-phone');

		// In Indonesian: longer words, dates in the Indonesian way.
		await a.getByTestId('language-switcher').selectOption('id');
		await a.waitForURL(/layout=timeline/);
		await a.locator('html[data-hydrated="true"]').waitFor();
		await expect(a.getByTestId('timeline-today-label')).toContainText('Hari ini');
		await shoot(a, testInfo, 'timeline-desktop-id');
		await openLayout(a, 'board');
		await shoot(a, testInfo, 'kanban-desktop-id');
	} finally {
		await close();
	}
});
