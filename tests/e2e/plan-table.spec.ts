/**
 * The plan table with two people on one group board: concurrent edits of one row, the shared
 * description merging character by character, a row deleted under someone's editor, reordering by
 * drag (mouse and touch) and by Alt+arrows, keyboard-only editing, invalid values kept as typed
 * and flagged, read-only viewers, and screenshots at desktop and phone size. Stakeholders and
 * actions are seeded by a stock Yjs client with the model's own functions.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { addAction, type NewAction } from '../../src/lib/board/model.js';
import { PHONE, shoot, twoPeople, type Fields, type RawClient } from './board.js';

const STAKEHOLDERS: Record<string, Fields> = {
	bappeda00001: { name: 'Bappeda Kota Pekanbaru', helix: 'government', organization: 'Pemerintah Kota' },
	diskominfo01: { name: 'Diskominfo', helix: 'government', organization: 'Dinas Komunikasi dan Informatika' },
	telkom000001: { name: 'Telkom Indonesia', helix: 'business', organization: 'PT Telkom' },
	bankriau0001: { name: 'Bank Riau Kepri', helix: 'business', organization: 'BRK Syariah' },
	unri00000001: { name: 'Universitas Riau', helix: 'academia', organization: 'UNRI' },
	karang000001: { name: 'Karang Taruna', helix: 'community', organization: 'Youth organisation' },
	radio0000001: { name: 'Radio Suara Riau', helix: 'media', organization: 'RRI Pekanbaru' }
};

const rowOf = (page: Page, id: string) => page.locator(`[data-testid="plan-row"][data-action-id="${id}"]`);
const cellOf = (page: Page, id: string, field: string) => rowOf(page, id).getByTestId(`cell-${field}`);
const editorIn = (page: Page) => page.getByTestId('plan-table').getByTestId('cell-editor');

/** Seeds actions as a third-party client would, with extra fields set on the stored map. */
function seedActions(raw: RawClient, actions: Array<NewAction & Record<string, unknown>>): string[] {
	return actions.map(({ title, owner, partners, status, start, end, ...extra }) => {
		const id = addAction(raw.doc, { title, owner, partners, status, start, end });
		const item = raw.doc.getMap<Y.Map<unknown>>('actions').get(id)!;
		raw.doc.transact(() => {
			for (const [key, value] of Object.entries(extra)) {
				if (key === 'description') (item.get('description') as Y.Text).insert(0, String(value));
				else item.set(key, value);
			}
		});
		return id;
	});
}

const stored = (raw: RawClient, id: string, field: string): unknown => {
	const value = raw.doc.getMap<Y.Map<unknown>>('actions').get(id)?.get(field);
	return value instanceof Y.Text || value instanceof Y.Array ? value.toJSON() : value;
};

/** Action ids in plan order as the raw doc stores it (order key, then id). */
function rawOrder(raw: RawClient): string[] {
	const entries = [...raw.doc.getMap<Y.Map<unknown>>('actions').entries()].map(([id, item]) => ({ id, order: String(item.get('order')) }));
	return entries.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : 1)).map((e) => e.id);
}

const pageOrder = (page: Page) => page.getByTestId('plan-row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.actionId));

async function openPlan(browser: Parameters<typeof twoPeople>[0], request: Parameters<typeof twoPeople>[1], testInfo: Parameters<typeof twoPeople>[2], options: { sizeB?: typeof PHONE } = {}) {
	const setup = await twoPeople(browser, request, testInfo, { view: 'plan', seed: STAKEHOLDERS, title: 'Smart Pekanbaru', ...options });
	return setup;
}

/** Drags a row's handle with the mouse to the vertical middle + `dy` of another row. */
async function dragRow(page: Page, from: Locator, to: Locator, below: boolean) {
	const handle = (await from.getByTestId('row-handle').boundingBox())!;
	const target = (await to.boundingBox())!;
	await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
	await page.mouse.down();
	const y = target.y + (below ? target.height * 0.8 : target.height * 0.2);
	await page.mouse.move(handle.x + handle.width / 2, (handle.y + y) / 2, { steps: 5 });
	await page.mouse.move(handle.x + handle.width / 2, y, { steps: 5 });
	await expect(page.getByTestId('drop-line')).toBeVisible();
	await page.mouse.up();
}

test('two people edit different cells of one row at once: both edits kept everywhere', async ({ browser, request }, testInfo) => {
	const { a, b, raw, close } = await openPlan(browser, request, testInfo);
	try {
		const [id] = seedActions(raw, [{ title: 'Open data portal', owner: 'diskominfo01' }]);
		await expect(rowOf(a, id)).toBeVisible();
		await expect(rowOf(b, id)).toBeVisible();

		// A edits the title while B edits the indicator.
		await cellOf(a, id, 'title').dblclick();
		await cellOf(b, id, 'indicator').dblclick();
		await expect(editorIn(a)).toBeFocused();
		await expect(editorIn(b)).toBeFocused();
		// Each sees the other at work on the row, in their colour.
		await expect(rowOf(b, id).getByTestId('row-editing')).toContainText('Ayu');
		await expect(rowOf(a, id).getByTestId('row-editing')).toContainText('Minho');
		await editorIn(a).fill('Open data portal 2.0');
		await editorIn(b).fill('Datasets published per quarter');
		await Promise.all([editorIn(a).press('Enter'), editorIn(b).press('Enter')]);
		for (const page of [a, b]) {
			await expect(cellOf(page, id, 'title')).toContainText('Open data portal 2.0');
			await expect(cellOf(page, id, 'indicator')).toContainText('Datasets published per quarter');
		}
		await expect.poll(() => [stored(raw, id, 'title'), stored(raw, id, 'indicator')]).toEqual(['Open data portal 2.0', 'Datasets published per quarter']);
		await expect(rowOf(a, id).getByTestId('row-editing')).toHaveCount(0);

		// A types a budget while B picks a status.
		await cellOf(a, id, 'budget').dblclick();
		await cellOf(b, id, 'status').dblclick();
		await editorIn(a).fill('2500000');
		await editorIn(b).selectOption('in_progress');
		await Promise.all([editorIn(a).press('Tab'), editorIn(b).press('Enter')]);
		for (const page of [a, b]) {
			await expect(cellOf(page, id, 'budget')).toContainText('2,500,000');
			await expect(cellOf(page, id, 'status')).toHaveText('In progress');
		}
		await expect.poll(() => [stored(raw, id, 'budget'), stored(raw, id, 'status')]).toEqual([2500000, 'in_progress']);
		// Tab moved A's active cell right, to the currency.
		await expect(cellOf(a, id, 'currency')).toBeFocused();
	} finally {
		await close();
	}
});

test('the description typed by both at once merges character by character', async ({ browser, request }, testInfo) => {
	const { a, b, raw, close } = await openPlan(browser, request, testInfo);
	try {
		const [id] = seedActions(raw, [{ title: 'Citizen complaint app', description: ' — ' }]);
		await cellOf(a, id, 'description').dblclick();
		await cellOf(b, id, 'description').dblclick();
		await expect(editorIn(a)).toBeFocused();
		await expect(editorIn(b)).toBeFocused();
		// A writes at the end, B at the start, keystroke by keystroke, at the same time.
		await b.keyboard.press('Control+Home');
		await Promise.all([
			editorIn(a).pressSequentially('integrated with LAPOR', { delay: 40 }),
			editorIn(b).pressSequentially('Pilot in Tampan', { delay: 40 })
		]);
		const expected = 'Pilot in Tampan — integrated with LAPOR';
		await expect.poll(() => stored(raw, id, 'description')).toBe(expected);
		await expect(editorIn(a)).toHaveValue(expected);
		await expect(editorIn(b)).toHaveValue(expected);
		await shoot(a, testInfo, 'plan-table-description');
		await editorIn(a).press('Escape');
		await editorIn(b).press('Enter');
		await expect(editorIn(a)).toHaveCount(0);
		await expect(editorIn(b)).toHaveCount(0);
		await expect(cellOf(a, id, 'description')).toContainText('Pilot in Tampan');
		await expect(cellOf(b, id, 'description')).toContainText('integrated with LAPOR');
	} finally {
		await close();
	}
});

test('a row deleted while someone edits it: the editor closes, no ghost row, the focus goes to its neighbour', async ({ browser, request }, testInfo) => {
	const { a, b, raw, close } = await openPlan(browser, request, testInfo);
	try {
		const [first, middle, last] = seedActions(raw, [{ title: 'Survey residents' }, { title: 'Draft data policy' }, { title: 'Train village officers' }]);
		await expect(b.getByTestId('plan-row')).toHaveCount(3);
		await cellOf(b, middle, 'indicator').dblclick();
		await editorIn(b).pressSequentially('Policy sig');
		await expect(rowOf(a, middle).getByTestId('row-editing')).toContainText('Minho');

		await cellOf(a, middle, 'title').click();
		await a.keyboard.press('Delete');
		await expect(a.getByTestId('plan-row')).toHaveCount(2);
		await expect.poll(() => rawOrder(raw)).toEqual([first, last]);

		await expect(b.getByTestId('plan-row')).toHaveCount(2);
		await expect(rowOf(b, middle)).toHaveCount(0);
		await expect(editorIn(b)).toHaveCount(0);
		// B's focus is on the row that took its place, same column.
		await expect(cellOf(b, last, 'indicator')).toBeFocused();
		// And B goes on with the keyboard: nothing broke.
		await b.keyboard.press('ArrowUp');
		await expect(cellOf(b, first, 'indicator')).toBeFocused();
		// A's focus stayed in its table too, on the neighbour.
		await expect(cellOf(a, last, 'title')).toBeFocused();
		await expect(rowOf(a, last).getByTestId('row-editing')).toHaveCount(0);
	} finally {
		await close();
	}
});

test('reorder by drag and by Alt+arrows: the same order on both screens and in the doc', async ({ browser, request }, testInfo) => {
	const { a, b, raw, close } = await openPlan(browser, request, testInfo);
	try {
		const [r1, r2, r3, r4] = seedActions(raw, [{ title: 'One' }, { title: 'Two' }, { title: 'Three' }, { title: 'Four' }]);
		await expect(b.getByTestId('plan-row')).toHaveCount(4);

		await dragRow(a, rowOf(a, r1), rowOf(a, r3), true);
		const afterDrag = [r2, r3, r1, r4];
		await expect.poll(() => pageOrder(a)).toEqual(afterDrag);
		await expect.poll(() => pageOrder(b)).toEqual(afterDrag);
		await expect.poll(() => rawOrder(raw)).toEqual(afterDrag);
		await expect(a.getByTestId('drop-line')).toHaveCount(0);

		// Alt+Up on the last row, twice: it climbs two places; the focus stays on it.
		await cellOf(a, r4, 'title').click();
		await a.keyboard.press('Alt+ArrowUp');
		await expect.poll(() => pageOrder(a)).toEqual([r2, r3, r4, r1]);
		await expect(cellOf(a, r4, 'title')).toBeFocused();
		await a.keyboard.press('Alt+ArrowUp');
		const afterKeys = [r2, r4, r3, r1];
		await expect.poll(() => pageOrder(a)).toEqual(afterKeys);
		await expect.poll(() => pageOrder(b)).toEqual(afterKeys);
		await expect.poll(() => rawOrder(raw)).toEqual(afterKeys);
		// Alt+Down back down one.
		await a.keyboard.press('Alt+ArrowDown');
		await expect.poll(() => rawOrder(raw)).toEqual([r2, r3, r4, r1]);

		// A finger on the handle (pointer events, as a phone sends them) drags too: B moves "One" to the top.
		const handle = rowOf(b, r1).getByTestId('row-handle');
		const box = (await handle.boundingBox())!;
		const top = (await rowOf(b, r2).boundingBox())!;
		const at = (y: number) => ({ pointerId: 7, pointerType: 'touch', isPrimary: true, button: 0, buttons: 1, clientX: box.x + box.width / 2, clientY: y, bubbles: true });
		await handle.dispatchEvent('pointerdown', at(box.y + box.height / 2));
		for (const y of [box.y, top.y + top.height, top.y + top.height * 0.3, top.y + 4]) await handle.dispatchEvent('pointermove', at(y));
		await expect(b.getByTestId('drop-line')).toBeVisible();
		await handle.dispatchEvent('pointerup', { ...at(top.y + 4), buttons: 0 });
		await expect.poll(() => rawOrder(raw)).toEqual([r1, r2, r3, r4]);
		await expect.poll(() => pageOrder(a)).toEqual([r1, r2, r3, r4]);
	} finally {
		await close();
	}
});

test('keyboard only: add an action, type its title, Tab through cells, Enter, arrows, Esc', async ({ browser, request }, testInfo) => {
	const { a, b, raw, close } = await openPlan(browser, request, testInfo);
	try {
		const [existing] = seedActions(raw, [{ title: 'Survey residents' }]);
		await expect(rowOf(a, existing)).toBeVisible();

		await a.getByTestId('add-action').focus();
		await a.keyboard.press('Enter');
		await expect(a.getByTestId('plan-row')).toHaveCount(2);
		const id = (await pageOrder(a))[1]!;
		await expect(cellOf(a, id, 'title').getByTestId('cell-editor')).toBeFocused();
		await a.keyboard.type('Publish open budget data');
		await a.keyboard.press('Tab');
		await expect(cellOf(a, id, 'description')).toBeFocused();
		await expect.poll(() => stored(raw, id, 'title')).toBe('Publish open budget data');
		// The new action is the selection: the inspector is open beside the table.
		await expect(rowOf(a, id)).toHaveAttribute('data-selected', 'true');

		// Description: Enter opens the shared text, Tab leaves it for the owner.
		await a.keyboard.press('Enter');
		await a.keyboard.type('Monthly, as CSV and charts');
		await a.keyboard.press('Tab');
		await expect(cellOf(a, id, 'owner')).toBeFocused();
		await expect.poll(() => stored(raw, id, 'description')).toBe('Monthly, as CSV and charts');

		// Owner: typing filters the picker; Enter picks the first match.
		await a.keyboard.type('disk');
		await expect(cellOf(a, id, 'owner').getByTestId('cell-editor')).toHaveValue('disk');
		await expect(a.getByTestId('picker-option')).toHaveCount(1);
		await a.keyboard.press('Enter');
		await expect.poll(() => stored(raw, id, 'owner')).toBe('diskominfo01');
		await expect(cellOf(a, id, 'owner')).toBeFocused(); // last row: Enter stays on it
		await expect(cellOf(b, id, 'owner')).toContainText('Diskominfo');

		// Partners: arrows to the one wanted, Enter adds it, Tab saves and moves on to the start.
		await a.keyboard.press('ArrowRight');
		await a.keyboard.press('Enter');
		await a.keyboard.type('riau');
		await a.keyboard.press('ArrowDown');
		await a.keyboard.press('Enter');
		await a.keyboard.press('Tab');
		await expect(cellOf(a, id, 'start')).toBeFocused();
		await expect.poll(() => stored(raw, id, 'partners')).toEqual(['unri00000001']);

		// Start date typed into the date field, month/day/year in en-US.
		await a.keyboard.press('Enter');
		await a.keyboard.type('03012026');
		await a.keyboard.press('Enter');
		await expect.poll(() => stored(raw, id, 'start')).toBe('2026-03-01');
		await expect(cellOf(a, id, 'start')).toHaveText('Mar 1, 2026');

		// Esc cancels what was typed.
		await a.keyboard.press('ArrowRight');
		await a.keyboard.press('ArrowRight');
		await expect(cellOf(a, id, 'indicator')).toBeFocused();
		await a.keyboard.type('never mind');
		await expect(cellOf(a, id, 'indicator').getByTestId('cell-editor')).toHaveValue('never mind');
		await a.keyboard.press('Escape');
		await expect(editorIn(a)).toHaveCount(0);
		await expect(cellOf(a, id, 'indicator')).toBeFocused();
		expect(stored(raw, id, 'indicator')).toBe('');

		// Arrows: up to the first row; End and Home along it; Ctrl+End to the last cell.
		await a.keyboard.press('ArrowUp');
		await expect(cellOf(a, existing, 'indicator')).toBeFocused();
		await expect(rowOf(a, existing)).toHaveAttribute('data-selected', 'true');
		await a.keyboard.press('End');
		await expect(cellOf(a, existing, 'progress')).toBeFocused();
		await a.keyboard.press('Home');
		await expect(cellOf(a, existing, 'title')).toBeFocused();
		await a.keyboard.press('Control+End');
		await expect(cellOf(a, id, 'progress')).toBeFocused();

		// Status: Enter, arrow to the next status, Enter saves.
		await a.keyboard.press('ArrowLeft');
		await a.keyboard.press('Enter');
		await expect(cellOf(a, id, 'status').getByTestId('cell-editor')).toBeFocused();
		await a.keyboard.press('ArrowDown');
		await a.keyboard.press('Enter');
		await expect.poll(() => stored(raw, id, 'status')).toBe('in_progress');
		await expect(cellOf(b, id, 'status')).toHaveText('In progress');

		// F2 edits keeping the value; typing replaces it.
		await a.keyboard.press('Home');
		await a.keyboard.press('F2');
		await a.keyboard.type(' (pilot)');
		await a.keyboard.press('Enter');
		await expect.poll(() => stored(raw, id, 'title')).toBe('Publish open budget data (pilot)');
		await expect(cellOf(b, id, 'title')).toHaveText('Publish open budget data (pilot)');
	} finally {
		await close();
	}
});

test('invalid values are kept as typed and flagged with the reason, on both screens and after a reload', async ({ browser, request }, testInfo) => {
	const { a, b, raw, close } = await openPlan(browser, request, testInfo);
	try {
		const [id] = seedActions(raw, [{ title: 'Smart street lighting', start: '2026-05-01' }]);
		const edit = async (field: string, value: string) => {
			await cellOf(a, id, field).dblclick();
			await editorIn(a).fill(value);
			await editorIn(a).press('Enter');
			await expect(editorIn(a)).toHaveCount(0);
		};
		await edit('budget', 'abc');
		await edit('progress', '150');
		await edit('end', '2026-04-01');
		await expect.poll(() => [stored(raw, id, 'budget'), stored(raw, id, 'progress'), stored(raw, id, 'end')]).toEqual(['abc', 150, '2026-04-01']);

		const check = async (page: Page) => {
			for (const field of ['budget', 'progress', 'end']) await expect(cellOf(page, id, field)).toHaveAttribute('data-invalid', 'true');
			await expect(cellOf(page, id, 'budget')).toContainText('abc');
			await expect(cellOf(page, id, 'budget')).toHaveAttribute('title', /“abc”: Not a number/);
			await expect(cellOf(page, id, 'budget')).toHaveAccessibleDescription(/Not a number/);
			await expect(cellOf(page, id, 'progress')).toContainText('150');
			await expect(cellOf(page, id, 'progress')).toHaveAccessibleDescription(/Out of range/);
			await expect(cellOf(page, id, 'end')).toContainText('Apr 1, 2026');
			await expect(cellOf(page, id, 'end')).toHaveAccessibleDescription('The end is before the start');
			await expect(cellOf(page, id, 'start')).not.toHaveAttribute('data-invalid');
		};
		await check(a);
		await check(b);
		await a.reload();
		await a.locator('html[data-hydrated="true"]').waitFor();
		await check(a);

		// The editor starts from the value as typed; an empty title is kept and flagged too.
		await cellOf(a, id, 'budget').dblclick();
		await expect(editorIn(a)).toHaveValue('abc');
		await editorIn(a).fill('1500000');
		await editorIn(a).press('Enter');
		await cellOf(a, id, 'progress').dblclick();
		await editorIn(a).fill('40');
		await editorIn(a).press('Enter');
		await cellOf(a, id, 'end').dblclick();
		await editorIn(a).fill('2026-06-30');
		await editorIn(a).press('Enter');
		await cellOf(a, id, 'title').click();
		await a.keyboard.press('Backspace');
		await a.keyboard.press('Enter');
		for (const page of [a, b]) {
			for (const field of ['budget', 'progress', 'end']) await expect(cellOf(page, id, field)).not.toHaveAttribute('data-invalid');
			await expect(cellOf(page, id, 'budget')).toContainText('1,500,000');
			await expect(cellOf(page, id, 'progress')).toContainText('40%');
			await expect(cellOf(page, id, 'title')).toHaveAttribute('data-invalid', 'true');
			await expect(cellOf(page, id, 'title')).toHaveAccessibleDescription('A title is required');
		}
		await expect.poll(() => [stored(raw, id, 'budget'), stored(raw, id, 'progress'), stored(raw, id, 'end'), stored(raw, id, 'title')]).toEqual([1500000, 40, '2026-06-30', '']);
		// The row is still there on both screens.
		await expect(a.getByTestId('plan-row')).toHaveCount(1);
		await expect(b.getByTestId('plan-row')).toHaveCount(1);
	} finally {
		await close();
	}
});

test('a read-only participant reads everything but cannot edit, drag or delete', async ({ browser, request }, testInfo) => {
	const { a, b, raw, boardId, facilitatorToken, close } = await openPlan(browser, request, testInfo);
	try {
		const [id] = seedActions(raw, [{ title: 'Open data portal', owner: 'diskominfo01', status: 'done' }]);
		const locked = await request.post(`/api/boards/${boardId}/lock`, { data: { locked: true }, headers: { authorization: `Bearer ${facilitatorToken}` } });
		expect(locked.ok()).toBe(true);
		await expect(b.getByTestId('read-only-banner')).toBeVisible();
		await expect(rowOf(b, id).getByTestId('row-handle')).toHaveCount(0);
		await cellOf(b, id, 'title').dblclick();
		await expect(editorIn(b)).toHaveCount(0);
		await b.keyboard.press('Enter');
		await b.keyboard.press('x');
		await b.keyboard.press('Delete');
		await expect(editorIn(b)).toHaveCount(0);
		await expect(b.getByTestId('plan-row')).toHaveCount(1);
		// Reading with the keyboard still works.
		await b.keyboard.press('ArrowRight');
		await expect(cellOf(b, id, 'description')).toBeFocused();
		await expect(cellOf(b, id, 'owner')).toContainText('Diskominfo');
		// The facilitator still writes.
		await expect(rowOf(a, id).getByTestId('row-handle')).toHaveCount(1);
	} finally {
		await close();
	}
});

test('screenshots: a full plan at desktop and phone size, with editing, flags and highlights', async ({ browser, request }, testInfo) => {
	test.slow(); // many steps on two pages
	const { a, b, raw, close } = await openPlan(browser, request, testInfo, { sizeB: PHONE });
	try {
		const ids = seedActions(raw, [
			{ title: 'Open data portal for regional budget (APBD)', owner: 'diskominfo01', partners: ['unri00000001', 'telkom000001', 'radio0000001'], status: 'in_progress', start: '2026-02-01', end: '2026-08-31', indicator: 'Datasets published', target: '40 datasets', budget: 850000000, progress: 45, description: 'Publish APBD data monthly as CSV and charts.\nStart with the education office.' },
			{ title: 'Citizen complaint app integrated with LAPOR!', owner: 'bappeda00001', partners: ['karang000001'], status: 'planned', start: '2026-04-01', end: '2026-12-15', indicator: 'Complaints answered within 5 days', target: '80%', budget: 1200000000, progress: 10 },
			{ title: 'Smart street lighting pilot in Tampan', owner: 'telkom000001', partners: ['bankriau0001'], status: 'blocked', start: '2026-03-01', end: '2026-02-01', indicator: 'Streets lit', target: '25 streets', budget: '12,5 juta', progress: 20 },
			{ title: 'Data literacy training for village officers', owner: 'unri00000001', partners: ['diskominfo01', 'karang000001'], status: 'done', start: '2026-01-10', end: '2026-03-20', indicator: 'Officers trained', target: '120 officers', budget: 95000000, progress: 100 },
			{ title: 'Weekly radio talk show on city services', owner: 'radio0000001', partners: [], status: 'in_progress', start: '2026-02-15', end: '2026-11-30', indicator: 'Episodes aired', target: '40 episodes', budget: 30000000, currency: 'IDR', progress: 150 },
			{ title: '', owner: null, status: 'planned', indicator: '', target: '' }
		]);
		await expect(a.getByTestId('plan-row')).toHaveCount(6);
		await expect(b.getByTestId('plan-row')).toHaveCount(6);

		// Desktop: B (phone) edits row 2, so A sees B's name on it; A selects a stakeholder on the
		// list, then the plan shows the rows linked to it; A has row 1 selected with its cell active.
		await a.getByTestId('view-list').click();
		await a.locator('[data-testid="list-row"][data-id="unri00000001"]').click();
		await a.getByTestId('view-plan').click();
		await expect(a.locator('[data-testid="plan-row"][data-linked="true"]')).toHaveCount(2);
		await cellOf(b, ids[1], 'title').click();
		await cellOf(b, ids[1], 'title').dblclick();
		await expect(editorIn(b)).toBeFocused();
		await expect(rowOf(a, ids[1]).getByTestId('row-editing')).toContainText('Minho');
		await a.mouse.move(5, 5);
		const desktop = await shoot(a, testInfo, 'plan-table-desktop');
		expect(desktop).toBeTruthy();

		// Desktop with the owner picker open.
		await cellOf(a, ids[4], 'owner').dblclick();
		await expect(a.getByTestId('picker-option').first()).toBeVisible();
		await a.keyboard.type('r');
		await shoot(a, testInfo, 'plan-table-desktop-picker');
		await a.keyboard.press('Escape');
		// The right half: dates, money, status, progress, and the flagged values as typed.
		await a.getByTestId('inspector-close').click();
		await a.locator('.table-wrap').evaluate((el) => (el.scrollLeft = el.scrollWidth));
		await expect(cellOf(a, ids[2], 'budget')).toHaveAttribute('data-invalid', 'true');
		await expect(cellOf(a, ids[2], 'end')).toHaveAttribute('data-invalid', 'true');
		await expect(cellOf(a, ids[4], 'progress')).toHaveAttribute('data-invalid', 'true');
		await shoot(a, testInfo, 'plan-table-desktop-right');

		// Phone: the table scrolls sideways, the title stays; B edits a cell with the keyboard up.
		await editorIn(b).press('Escape');
		await b.getByTestId('inspector-close').click().catch(() => {});
		await shoot(b, testInfo, 'plan-table-phone');
		const title = cellOf(b, ids[0], 'title');
		const before = (await title.boundingBox())!;
		await b.locator('.table-wrap').evaluate((el) => (el.scrollLeft = 500));
		await expect.poll(async () => (await title.boundingBox())!.x).toBeLessThanOrEqual(before.x);
		const sticky = (await title.boundingBox())!;
		expect(sticky.x).toBeGreaterThanOrEqual(0);
		expect(sticky.x).toBeLessThan(5);
		await shoot(b, testInfo, 'plan-table-phone-scrolled');
		// Tap, tap: the second tap on the active cell opens it for typing.
		await cellOf(b, ids[4], 'indicator').tap();
		await cellOf(b, ids[4], 'indicator').tap();
		await expect(editorIn(b)).toBeFocused();
		await shoot(b, testInfo, 'plan-table-phone-editing');
		await editorIn(b).press('Escape');
		// Selecting a row opened the details sheet over the lower half; close it to reach row 3.
		await b.getByTestId('inspector-close').tap();
		await b.locator('.table-wrap').evaluate((el) => (el.scrollLeft = 0));
		await cellOf(b, ids[2], 'partners').tap();
		await cellOf(b, ids[2], 'partners').tap();
		await expect(b.getByTestId('picker-option').first()).toBeVisible();
		await shoot(b, testInfo, 'plan-table-phone-picker');
		await b.getByTestId('picker-done').tap();
	} finally {
		await close();
	}
});
