/**
 * The pentahelix exercise end to end, as a group does it: two people build one map together
 * (cards in several helixes, two kinds of relation), analyse it on the power–interest grid, undo
 * their own mistakes without touching the other's work, and delete a stakeholder with its
 * relations; one person does it all by keyboard; a class of five fills a 30-stakeholder map at
 * once; cards travel to another group's board by copy and paste.
 */
import { expect, test, type Page } from '@playwright/test';
import type { CreateWorkshopResponse } from '../../src/lib/api/types.js';
import { card, center, chip, createIn, DESKTOP, PHONE, shoot, twoPeople } from './board.js';
import { openBoard, remember } from './sessions.js';

/** Types a name into the inspector (where a new card puts the cursor) and leaves the field. */
async function nameNewCard(page: Page, name: string): Promise<void> {
	const field = page.getByTestId('inspector-name');
	await expect(field).toBeFocused();
	await page.keyboard.type(name);
	await expect(field).toHaveValue(name);
}

async function openView(page: Page, view: 'map' | 'grid' | 'list'): Promise<void> {
	await page.getByTestId(`view-${view}`).click();
	await expect(page.getByTestId('board')).toHaveAttribute('data-view', view);
}

test('two people build a map, analyse it on the grid, undo only their own changes, delete with relations', async ({ browser, request }, testInfo) => {
	const { a, b, close } = await twoPeople(browser, request, testInfo, { title: 'Pentahelix drill' });

	// ── both build: A in government and business, B in community and media ──────────────────────
	const bappeda = await createIn(a, 'government', 420);
	await nameNewCard(a, 'Bappeda Kota');
	const telkom = await createIn(a, 'business', 420);
	await nameNewCard(a, 'Telkom Indonesia');
	const karang = await createIn(b, 'community', 420);
	await nameNewCard(b, 'Karang Taruna');
	// B is still in the name field: A's map shows who edits that card.
	await expect(card(a, karang).getByTestId('map-card-editing')).toContainText('Minho');
	const radio = await createIn(b, 'media', 420);
	await nameNewCard(b, 'Radio Suara');
	for (const page of [a, b]) {
		await expect(page.getByTestId('map-card')).toHaveCount(4);
		await expect(card(page, bappeda).getByTestId('map-card-name')).toHaveText('Bappeda Kota');
		await expect(card(page, radio).getByTestId('map-card-name')).toHaveText('Radio Suara');
	}

	// ── relations of two kinds: A by the handle (collaboration), B by the inspector (conflict) ───
	await card(a, bappeda).hover();
	const handle = card(a, bappeda).getByTestId('map-link-handle');
	const [from, to] = [await center(handle), await center(card(a, telkom))];
	await a.mouse.move(from.x, from.y);
	await a.mouse.down();
	await a.mouse.move(to.x, to.y, { steps: 8 });
	await a.mouse.up();
	await a.getByTestId('kind-chooser').locator('[data-kind="collaboration"]').click();

	await card(b, karang).click();
	await b.getByTestId('add-relation-target').selectOption({ label: 'Bappeda Kota' });
	await b.getByTestId('add-relation-kind').selectOption('conflict');
	await b.getByTestId('add-relation-label').fill('market relocation');
	await b.getByTestId('add-relation-submit').click();
	for (const page of [a, b]) {
		await expect(page.getByTestId('map-relation')).toHaveCount(2);
		await expect(page.locator('[data-testid="map-relation"][data-kind="collaboration"]')).toHaveCount(1);
		await expect(page.locator('[data-testid="map-relation"][data-kind="conflict"]')).toHaveAttribute('data-to', bappeda);
	}
	await shoot(a, testInfo, 'pentahelix-map-desktop');

	// ── the grid: A's selection survives the switch; A drags, B's inspector follows ─────────────
	await card(a, bappeda).click();
	await openView(a, 'grid');
	await expect(a.getByTestId('inspector-name')).toHaveValue('Bappeda Kota');
	await expect(chip(a, bappeda)).toHaveClass(/selected/);
	await openView(b, 'grid');
	await chip(b, bappeda).click();
	await expect(b.getByTestId('inspector-power')).toHaveValue('50');

	const plot = (await a.getByTestId('grid-plot').boundingBox())!;
	const start = await center(chip(a, bappeda));
	await a.mouse.move(start.x, start.y);
	await a.mouse.down();
	await a.mouse.move(start.x + plot.width * 0.3, start.y - plot.height * 0.35, { steps: 10 });
	await a.mouse.up();
	await expect(b.getByTestId('inspector-power')).not.toHaveValue('50');
	await expect(b.getByTestId('inspector-interest')).not.toHaveValue('50');
	const movedPower = Number(await b.getByTestId('inspector-power').inputValue());
	const movedInterest = Number(await b.getByTestId('inspector-interest').inputValue());
	expect(movedPower).toBeGreaterThan(70);
	expect(movedInterest).toBeGreaterThan(70);
	await expect(chip(a, bappeda)).toHaveAttribute('data-power', String(movedPower));
	await shoot(a, testInfo, 'pentahelix-grid-desktop');

	// ── B changes an attitude; then A undoes: only A's grid move goes back, B's work stays ──────
	await b.getByTestId('inspector-attitude-champion').check();
	await expect(chip(a, bappeda)).toHaveAttribute('data-power', String(movedPower));
	await a.getByTestId('grid-plot').click({ position: { x: 5, y: 5 } }); // focus out of any field
	await a.keyboard.press('ControlOrMeta+z');
	await expect(b.getByTestId('inspector-power')).toHaveValue('50');
	await expect(b.getByTestId('inspector-interest')).toHaveValue('50');
	await expect(b.getByTestId('inspector-attitude-champion')).toBeChecked();
	// Redo brings A's move back.
	await a.getByTestId('redo').click();
	await expect(b.getByTestId('inspector-power')).toHaveValue(String(movedPower));
	// Undo on B takes back B's attitude, not A's move; nothing of B's ever undoes A's cards.
	await b.getByTestId('undo').click();
	await expect(b.getByTestId('inspector-attitude-neutral')).toBeChecked();
	await expect(b.getByTestId('inspector-power')).toHaveValue(String(movedPower));

	// ── B deletes Bappeda: both relations touching it go, for both people ───────────────────────
	await b.getByTestId('inspector-delete').click();
	for (const page of [a, b]) {
		await openView(page, 'map');
		await expect(page.getByTestId('map-card')).toHaveCount(3);
		await expect(page.getByTestId('map-relation')).toHaveCount(0);
	}
	// A's undo history holds A's relation to Bappeda; undoing cannot resurrect a dangling line.
	await expect(card(a, telkom)).toBeVisible();
	await close();
});

test('keyboard only: add, name, link, move, inspect on the grid, undo, help', async ({ browser, request }, testInfo) => {
	const { a, close } = await twoPeople(browser, request, testInfo, { title: 'Keyboard drill' });
	const page = a;
	const viewport = page.getByTestId('map-viewport');
	await viewport.focus();

	// N adds a card in the middle of the map and puts the cursor in its name.
	await page.keyboard.press('n');
	await nameNewCard(page, 'Dinas Kominfo');
	await page.keyboard.press('Escape');
	await viewport.focus();
	await page.keyboard.press('n');
	await nameNewCard(page, 'Universitas Riau');
	// Helix by keyboard: the radio group in the inspector.
	await page.getByTestId('inspector-helix').getByRole('radio', { name: 'Academia' }).focus();
	await page.keyboard.press('Space');
	await expect(page.locator('[data-testid="map-card"][data-helix="academia"]')).toHaveCount(1);

	// Tab reaches the cards; L links the focused one: search the target, then pick the kind.
	const cards = page.getByTestId('map-card');
	await expect(cards).toHaveCount(2);
	const kominfo = page.locator('[data-testid="map-card"]', { hasText: 'Dinas Kominfo' });
	await kominfo.focus();
	await expect(kominfo).toBeFocused();
	await page.keyboard.press('l');
	await expect(page.getByTestId('link-dialog')).toBeVisible();
	await page.keyboard.type('Riau');
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('kind-chooser')).toBeVisible();
	await page.keyboard.press('Enter'); // the first kind, collaboration, has the focus
	await expect(page.getByTestId('map-relation')).toHaveCount(1);

	// Arrow keys move the focused card, one write per press.
	await kominfo.focus();
	const x = Number(await kominfo.getAttribute('data-x'));
	await page.keyboard.press('ArrowLeft');
	await expect(kominfo).toHaveAttribute('data-x', String(x - 10));

	// Ctrl+Z undoes the move, then the relation.
	await page.keyboard.press('ControlOrMeta+z');
	await expect(kominfo).toHaveAttribute('data-x', String(x));
	await page.keyboard.press('ControlOrMeta+z');
	await expect(page.getByTestId('map-relation')).toHaveCount(0);
	await page.keyboard.press('ControlOrMeta+Shift+z');
	await expect(page.getByTestId('map-relation')).toHaveCount(1);

	// Esc clears the selection, Space selects the focused card; the grid keeps the selection.
	await kominfo.focus();
	await page.keyboard.press('Escape');
	await expect(page.locator('[data-testid="map-card"][data-selected="true"]')).toHaveCount(0);
	await page.keyboard.press('Space');
	await expect(kominfo).toHaveAttribute('data-selected', 'true');
	await page.getByTestId('view-grid').focus();
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('board')).toHaveAttribute('data-view', 'grid');
	const id = (await page.getByTestId('stakeholder-inspector').getAttribute('data-id'))!;
	await chip(page, id).focus();
	await page.keyboard.press('ArrowUp');
	await expect(page.getByTestId('inspector-power')).toHaveValue('55');

	// The help panel lists the shortcuts; Esc closes it.
	await chip(page, id).focus();
	await page.keyboard.press('?');
	const help = page.getByTestId('shortcuts-help');
	await expect(help).toBeVisible();
	await expect(help).toContainText('Undo your last change');
	await expect(help).toContainText('Link the focused card');
	await page.keyboard.press('Escape');
	await expect(help).toBeHidden();
	await close();
});

test('a class of five fills a 30-stakeholder map at once, on laptops and phones', async ({ browser, request }) => {
	const created = (await (await request.post('/api/workshops', { data: { title: 'Class exercise', groups: 1 } })).json()) as CreateWorkshopResponse;
	const board = created.boards[0];
	const common = { workshopId: created.workshopId, title: created.title, joinCode: created.joinCode, boards: created.boards, savedAt: Date.now() };
	const people = ['Ayu', 'Minho', 'Aigerim', 'Batbayar', 'Dewi'];
	const pages: Page[] = [];
	const errors: string[] = [];
	for (const [i, name] of people.entries()) {
		const phone = i >= 3;
		const joined = await (await request.post('/api/join', { data: { joinCode: created.joinCode, name, boardId: board.boardId } })).json();
		const context = await browser.newContext({ viewport: phone ? PHONE : DESKTOP, locale: 'en-US', hasTouch: phone });
		await remember(context, { ...common, role: 'participant', token: joined.participantToken, name, boardId: board.boardId });
		const page = await context.newPage();
		page.on('pageerror', (error) => errors.push(`${name}: ${error.message}`));
		await openBoard(page, board.boardId);
		pages.push(page);
	}

	// Everyone adds six stakeholders with the toolbar button, at the same time.
	await Promise.all(
		pages.map(async (page, i) => {
			for (let n = 1; n <= 6; n++) {
				await page.getByTestId('add-stakeholder').click();
				await nameNewCard(page, `${people[i]} ${n}`);
				await page.getByTestId('inspector-close').click();
			}
		})
	);
	for (const page of pages) {
		await openView(page, 'list');
		await expect(page.getByTestId('list-count')).toContainText('30');
	}
	// Every name arrived everywhere, exactly once.
	const names = people.flatMap((p) => [1, 2, 3, 4, 5, 6].map((n) => `${p} ${n}`)).sort();
	for (const page of pages) {
		await page.getByTestId('list-search').fill('');
		// Phones show the list as cards, desktops as a table: read whichever is on screen.
		const seen = await page.evaluate(() =>
			[...document.querySelectorAll('[data-testid="list-row"]')]
				.filter((row) => (row as HTMLElement).offsetParent !== null)
				.map((row) => row.querySelector('[data-testid="list-select"]')?.textContent?.trim() ?? '')
		);
		expect(seen.length).toBe(30);
		expect(seen.sort(), 'names seen on one screen').toEqual(names);
	}
	for (const page of pages) await page.context().close();
	expect(errors).toEqual([]);
});

test('copy cards with their relation from one group board and paste them into another', async ({ browser, request }) => {
	const created = (await (await request.post('/api/workshops', { data: { title: 'Two groups', groups: 2 } })).json()) as CreateWorkshopResponse;
	const [first, second] = created.boards;
	const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', permissions: ['clipboard-read', 'clipboard-write'] });
	await remember(context, {
		workshopId: created.workshopId, title: created.title, joinCode: created.joinCode, boards: created.boards, savedAt: Date.now(),
		role: 'facilitator', token: created.facilitatorToken, name: 'Ayu', boardId: null
	});
	const page = await context.newPage();
	await openBoard(page, first.boardId);
	const gov = await createIn(page, 'government', 420);
	await nameNewCard(page, 'Bappeda Kota');
	const uni = await createIn(page, 'academia', 420);
	await nameNewCard(page, 'Universitas Riau');
	await page.getByTestId('add-relation-target').selectOption({ label: 'Bappeda Kota' });
	await page.getByTestId('add-relation-kind').selectOption('funding');
	await page.getByTestId('add-relation-submit').click();
	await expect(page.getByTestId('map-relation')).toHaveCount(1);

	await card(page, gov).click();
	await card(page, uni).click({ modifiers: ['Shift'] });
	await expect(page.locator('[data-testid="map-card"][data-selected="true"]')).toHaveCount(2);
	await page.keyboard.press('ControlOrMeta+c');

	await openBoard(page, second.boardId);
	await expect(page.getByTestId('map-empty')).toBeVisible();
	await page.getByTestId('map-viewport').focus();
	await page.keyboard.press('ControlOrMeta+v');
	await expect(page.getByTestId('map-card')).toHaveCount(2);
	await expect(page.locator('[data-testid="map-relation"][data-kind="funding"]')).toHaveCount(1);
	expect((await page.getByTestId('map-card-name').allInnerTexts()).sort()).toEqual(['Bappeda Kota', 'Universitas Riau']);
	// New ids: the pasted cards are copies, not the originals.
	await expect(card(page, gov)).toHaveCount(0);
	await context.close();
});
