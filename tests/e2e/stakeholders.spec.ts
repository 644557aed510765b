/**
 * The stakeholder panels with two people on one group board: the power–interest grid (drag and
 * keys, written once on drop, seen live by the other), the list (sort, filter, search), the
 * inspector (editing, invalid values from a foreign client, relations by keyboard) and the
 * pentahelix balance strip. Stakeholders are seeded by a stock Yjs client, as a script or another
 * tool would write them. Screenshots of a populated board at desktop and phone size are kept with
 * the test's results.
 */
import { expect, test } from '@playwright/test';
import type * as Y from 'yjs';
import { chip, DESKTOP, PHONE, row, shoot, twoPeople, type Fields } from './board.js';
import { openBoard, remember } from './sessions.js';

/** A realistic case: a smart-city data-sharing plan in Pekanbaru, with two at the same spot. */
const CASE: Record<string, Fields> = {
	bappeda00001: { name: 'Bappeda Kota Pekanbaru', helix: 'government', organization: 'Pemerintah Kota', role: 'Regional planning', power: 90, interest: 85, attitude: 'champion' },
	diskominfo01: { name: 'Diskominfo', helix: 'government', organization: 'Dinas Komunikasi dan Informatika', role: 'Data platform owner', power: 75, interest: 90, attitude: 'supporter' },
	dprd00000001: { name: 'DPRD Komisi I', helix: 'government', organization: 'DPRD Kota', role: 'Budget approval', power: 85, interest: 30, attitude: 'skeptic' },
	kecamatan001: { name: 'Camat Tampan', helix: 'government', organization: 'Kecamatan Tampan', role: 'District head', power: 40, interest: 60, attitude: 'neutral' },
	telkom000001: { name: 'Telkom Indonesia', helix: 'business', organization: 'PT Telkom', role: 'Network provider', power: 70, interest: 45, attitude: 'supporter' },
	umkm00000001: { name: 'Asosiasi UMKM', helix: 'business', organization: 'UMKM Riau', role: 'Small business voice', power: 30, interest: 70, attitude: 'neutral' },
	bankriau0001: { name: 'Bank Riau Kepri', helix: 'business', organization: 'BRK Syariah', role: 'CSR funding', power: 65, interest: 25, attitude: 'neutral' },
	unri00000001: { name: 'Universitas Riau', helix: 'academia', organization: 'UNRI', role: 'Research partner', power: 35, interest: 80, attitude: 'champion' },
	uir000000001: { name: 'Universitas Islam Riau', helix: 'academia', organization: 'UIR', role: 'Survey team', power: 35, interest: 80, attitude: 'supporter' },
	karang000001: { name: 'Karang Taruna', helix: 'community', organization: 'Youth organisation', role: 'Youth outreach', power: 20, interest: 65, attitude: 'supporter' },
	rt0000000001: { name: 'Forum RT/RW', helix: 'community', organization: 'Neighbourhood forums', role: 'Residents', power: 25, interest: 40, attitude: 'skeptic' },
	lsm000000001: { name: 'LSM Transparansi Anggaran', helix: 'community', organization: 'FITRA Riau', role: 'Budget watchdog', power: 45, interest: 75, attitude: 'blocker' },
	radio0000001: { name: 'Radio Suara Riau', helix: 'media', organization: 'RRI Pekanbaru', role: 'Public broadcaster', power: 40, interest: 35, attitude: 'neutral' },
	tribun000001: { name: 'Tribun Pekanbaru', helix: 'media', organization: 'Tribun Network', role: 'Newspaper', power: 55, interest: 20, attitude: 'skeptic' },
	pln000000001: { name: 'PLN UIW Riau', helix: 'business', organization: 'PT PLN', role: 'Power for data centres', power: 10, interest: 10, attitude: 'neutral' }
};

test('grid: a drag on one screen moves power and interest on the other, written once on drop', async ({ browser, request }, testInfo) => {
	const { a, b, raw, close } = await twoPeople(browser, request, testInfo, {
		view: 'grid',
		seed: {
			target000001: { name: 'Diskominfo', power: 50, interest: 50, attitude: 'supporter' },
			twin00000001: { name: 'Twin A', power: 20, interest: 20, helix: 'academia' },
			twin00000002: { name: 'Twin B', power: 20, interest: 20, helix: 'media' }
		}
	});
	try {
		await expect(a.getByTestId('grid-chip')).toHaveCount(3);

		// Equal values: both chips visible, neither on top of the other.
		const [t1, t2] = [await chip(a, 'twin00000001').boundingBox(), await chip(a, 'twin00000002').boundingBox()];
		expect(t1 && t2).toBeTruthy();
		const overlapX = Math.min(t1!.x + t1!.width, t2!.x + t2!.width) - Math.max(t1!.x, t2!.x);
		const overlapY = Math.min(t1!.y + t1!.height, t2!.y + t2!.height) - Math.max(t1!.y, t2!.y);
		expect(overlapX <= 0 || overlapY <= 0).toBe(true);

		// Quadrant names in both label sets; the choice is remembered by this browser.
		await expect(a.getByTestId('quadrant-manage').getByTestId('quadrant-name')).toHaveText('Manage closely');
		await expect(a.getByTestId('quadrant-satisfy').getByTestId('quadrant-name')).toHaveText('Keep satisfied');
		await expect(a.getByTestId('quadrant-inform').getByTestId('quadrant-name')).toHaveText('Keep informed');
		await expect(a.getByTestId('quadrant-monitor').getByTestId('quadrant-name')).toHaveText('Monitor');
		await a.getByText('Promoters…').click();
		await expect(a.getByTestId('quadrant-manage').getByTestId('quadrant-name')).toHaveText('Promoters');
		await expect(a.getByTestId('quadrant-satisfy').getByTestId('quadrant-name')).toHaveText('Latents');
		await expect(a.getByTestId('quadrant-inform').getByTestId('quadrant-name')).toHaveText('Defenders');
		await expect(a.getByTestId('quadrant-monitor').getByTestId('quadrant-name')).toHaveText('Apathetics');
		await a.reload();
		await a.locator('html[data-hydrated="true"]').waitFor();
		await expect(a.getByTestId('quadrant-manage').getByTestId('quadrant-name')).toHaveText('Promoters');
		await expect(b.getByTestId('quadrant-manage').getByTestId('quadrant-name')).toHaveText('Manage closely');
		await a.getByText('Mendelow', { exact: true }).click();

		// B opens the card in its inspector.
		await chip(b, 'target000001').click();
		await expect(b.getByTestId('inspector-power')).toHaveValue('50');
		await expect(b.getByTestId('inspector-interest')).toHaveValue('50');

		// Count the writes to the card while A drags it.
		let writes = 0;
		const target = raw.doc.getMap<Y.Map<unknown>>('stakeholders').get('target000001')!;
		target.observe(() => writes++);

		const plot = (await a.getByTestId('grid-plot').boundingBox())!;
		const start = (await chip(a, 'target000001').boundingBox())!;
		const from = { x: start.x + start.width / 2, y: start.y + start.height / 2 };
		const dx = plot.width * 0.25;
		const dy = -plot.height * 0.3;
		await a.mouse.move(from.x, from.y);
		await a.mouse.down();
		await a.mouse.move(from.x + dx / 2, from.y + dy / 2, { steps: 6 });
		// Mid-drag: the others see the pointer move, the document does not change.
		await expect(b.getByTestId('peer-cursor')).toHaveCount(1);
		await expect(b.getByTestId('peer-cursor-name')).toHaveText('Ayu');
		await a.mouse.move(from.x + dx, from.y + dy, { steps: 6 });
		expect(writes).toBe(0);
		await a.mouse.up();

		await expect(chip(a, 'target000001')).toHaveAttribute('data-interest', /^(74|75|76)$/);
		await expect(chip(a, 'target000001')).toHaveAttribute('data-power', /^(79|80|81)$/);
		const interest = await chip(a, 'target000001').getAttribute('data-interest');
		const power = await chip(a, 'target000001').getAttribute('data-power');
		// B's inspector follows, and B's chip too.
		await expect(b.getByTestId('inspector-interest')).toHaveValue(interest!);
		await expect(b.getByTestId('inspector-power')).toHaveValue(power!);
		await expect(chip(b, 'target000001')).toHaveAttribute('data-power', power!);
		await expect.poll(() => raw.field('target000001', 'power')).toBe(Number(power));
		expect(writes).toBe(1);
		expect(Number.isInteger(raw.field('target000001', 'interest'))).toBe(true);

		// Keys: → interest +5, Shift+↑ power +1, one write per press.
		await chip(a, 'target000001').focus();
		await a.keyboard.press('ArrowRight');
		await a.keyboard.press('Shift+ArrowUp');
		await expect(b.getByTestId('inspector-interest')).toHaveValue(String(Number(interest) + 5));
		await expect(b.getByTestId('inspector-power')).toHaveValue(String(Number(power) + 1));
		expect(writes).toBe(3);
		await expect(chip(b, 'target000001')).toHaveAttribute('data-quadrant', 'manage');
		// Moving past other chips keeps the keyboard focus on the moved one.
		for (let i = 0; i < 12; i++) await a.keyboard.press('ArrowDown');
		await expect(chip(a, 'target000001')).toBeFocused();
		await expect(b.getByTestId('inspector-power')).toHaveValue(String(Number(power) + 1 - 60));
		await expect(chip(b, 'target000001')).toHaveAttribute('data-quadrant', 'inform');
		await expect(a.getByTestId('grid-announcement')).toContainText('Keep informed');

		// A's selection outlines the chip on B's screen in A's colour.
		await chip(a, 'twin00000001').click();
		await expect(chip(b, 'twin00000001')).toHaveAttribute('style', /--rings:/);
		await expect(chip(b, 'twin00000001')).toHaveAttribute('title', /Selected by Ayu/);

		// Space adds the focused chip to the selection (and takes it out again).
		await chip(a, 'twin00000002').focus();
		await a.keyboard.press(' ');
		await expect(chip(a, 'twin00000002')).toHaveAttribute('aria-pressed', 'true');
		await expect(a.getByTestId('inspector-heading')).toHaveText('2 selected');
		await a.keyboard.press(' ');
		await expect(chip(a, 'twin00000002')).toHaveAttribute('aria-pressed', 'false');
		await expect(a.getByTestId('inspector-heading')).toHaveText('Stakeholder');

		// Enter on the selected chip opens its name for typing.
		await chip(a, 'twin00000001').focus();
		await a.keyboard.press('Enter');
		await expect(a.getByTestId('inspector-name')).toBeFocused();
		// The whole name is selected, ready to be typed over; End keeps it.
		await a.keyboard.press('End');
		await a.keyboard.type(' (UNRI)');
		await expect(chip(b, 'twin00000001')).toHaveAttribute('title', /^Twin A \(UNRI\)/);
		await expect(b.getByTestId('grid-chip').filter({ hasText: 'Twin A (UNRI)' })).toHaveCount(1);
	} finally {
		await close();
	}
});

test('grid on a phone: touch drag sets the values; a read-only board cannot be dragged', async ({ browser, request }, testInfo) => {
	const { a, b, raw, boardId, facilitatorToken, close } = await twoPeople(browser, request, testInfo, {
		view: 'grid',
		sizeB: PHONE,
		seed: { phone0000001: { name: 'Karang Taruna', helix: 'community', power: 30, interest: 30 } }
	});
	try {
		const box = (await chip(b, 'phone0000001').boundingBox())!;
		const plot = (await b.getByTestId('grid-plot').boundingBox())!;
		// Everything fits the phone's width.
		expect(plot.x + plot.width).toBeLessThanOrEqual(PHONE.width);
		const x = box.x + box.width / 2;
		const y = box.y + box.height / 2;
		// A touch drag, as pointer events: down, a few moves, up.
		const session = await b.context().newCDPSession(b);
		const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', px: number, py: number) =>
			session.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x: px, y: py }] });
		await touch('touchStart', x, y);
		for (let i = 1; i <= 6; i++) await touch('touchMove', x + (plot.width * 0.4 * i) / 6, y);
		await touch('touchEnd', x + plot.width * 0.4, y);
		await expect.poll(() => raw.field('phone0000001', 'interest')).toBeGreaterThanOrEqual(68);
		expect(raw.field('phone0000001', 'power')).toBe(30);
		await expect(chip(a, 'phone0000001')).toHaveAttribute('data-interest', String(raw.field('phone0000001', 'interest')));

		// The facilitator locks the board: B can still select and read, but not move.
		const locked = await request.post(`/api/boards/${boardId}/lock`, { headers: { authorization: `Bearer ${facilitatorToken}` }, data: { locked: true } });
		expect(locked.ok()).toBe(true);
		await expect(b.getByTestId('read-only-banner')).toBeVisible();
		const before = raw.field('phone0000001', 'interest');
		await chip(b, 'phone0000001').click();
		await expect(b.getByTestId('inspector-name')).toHaveAttribute('readonly', '');
		await chip(b, 'phone0000001').press('ArrowRight');
		const again = (await chip(b, 'phone0000001').boundingBox())!;
		await b.mouse.move(again.x + again.width / 2, again.y + again.height / 2);
		await b.mouse.down();
		await b.mouse.move(again.x - 80, again.y - 80, { steps: 5 });
		await b.mouse.up();
		await b.waitForTimeout(300);
		expect(raw.field('phone0000001', 'interest')).toBe(before);
		await expect(chip(b, 'phone0000001')).toHaveAttribute('data-interest', String(before));
	} finally {
		await close();
	}
});

test('inspector: name typed by one shows in the other’s list; relations by keyboard; who is editing', async ({ browser, request }, testInfo) => {
	const { a, b, raw, close } = await twoPeople(browser, request, testInfo, {
		view: 'list',
		seed: {
			bappeda00001: CASE.bappeda00001,
			unri00000001: CASE.unri00000001,
			karang000001: CASE.karang000001
		}
	});
	try {
		await row(a, 'bappeda00001').getByTestId('list-select').click();
		await row(b, 'bappeda00001').getByTestId('list-select').click();
		const name = a.getByTestId('inspector-name');
		await name.click();
		await expect(b.getByTestId('inspector-editing')).toHaveText('Ayu is editing');
		await name.press('End');
		await a.keyboard.type(' (Bappedalitbang)');
		await expect(row(b, 'bappeda00001').getByTestId('list-select')).toHaveText('Bappeda Kota Pekanbaru (Bappedalitbang)');
		await expect(b.getByTestId('inspector-name')).toHaveValue('Bappeda Kota Pekanbaru (Bappedalitbang)');
		await a.getByTestId('inspector-organization').fill('Pemkot Pekanbaru');
		await expect(row(b, 'bappeda00001')).toContainText('Pemkot Pekanbaru');
		await a.getByTestId('inspector-notes').fill('Chairs the data forum');
		await expect(b.getByTestId('inspector-notes')).toHaveValue('Chairs the data forum');
		await a.getByTestId('inspector-power').fill('64');
		await expect(row(b, 'bappeda00001').getByTestId('list-power')).toHaveText('64');
		await a.getByTestId('inspector-attitude').getByText('Skeptic').click();
		await expect(row(b, 'bappeda00001').getByTestId('list-attitude')).toHaveText('Skeptic');
		await a.getByTestId('inspector-helix').getByText('Academia').click();
		await expect.poll(() => raw.field('bappeda00001', 'helix')).toBe('academia');

		// Leaving the fields ends "editing" for the others.
		await a.getByTestId('inspector-heading').click();
		await expect(b.getByTestId('inspector-editing')).toHaveCount(0);

		// Linking by keyboard: choose the other end and the kind, add.
		await a.getByTestId('add-relation-target').selectOption({ label: 'Universitas Riau · UNRI' });
		await a.getByTestId('add-relation-kind').selectOption('funding');
		await a.getByTestId('add-relation-label').fill('Research grant');
		await a.getByTestId('add-relation-label').press('Enter');
		await expect(a.getByTestId('inspector-relation')).toHaveCount(1);
		await expect(a.getByTestId('inspector-relation')).toContainText('Funding to Universitas Riau');
		const relationRow = b.getByTestId('relation-row');
		await expect(relationRow).toHaveCount(1);
		await expect(relationRow).toContainText('Bappeda Kota Pekanbaru (Bappedalitbang)');
		await expect(relationRow).toContainText('Funding');
		await expect(relationRow).toContainText('Universitas Riau');
		await expect(relationRow).toContainText('Research grant');
		await expect(row(b, 'unri00000001').locator('td').last()).toHaveText('1');

		// The relation opens in the inspector; its kind and label are edited there.
		await a.getByTestId('inspector-relation').click();
		await expect(a.getByTestId('relation-inspector')).toBeVisible();
		await a.getByTestId('relation-kind').getByText('Collaboration').click();
		await a.getByTestId('relation-label').fill('Joint survey');
		await expect(relationRow).toContainText('Collaboration');
		await expect(relationRow).toContainText('Joint survey');
		await a.getByTestId('relation-to').click();
		await expect(a.getByTestId('stakeholder-inspector')).toHaveAttribute('data-id', 'unri00000001');

		// Several selected: names, and delete for all (relations of deleted cards go too).
		await row(a, 'bappeda00001').click({ modifiers: ['Shift'] });
		await expect(a.getByTestId('inspector-heading')).toHaveText('2 selected');
		await expect(a.getByTestId('selection-item')).toHaveCount(2);
		await a.getByTestId('selection-delete').click();
		await expect(b.getByTestId('list-row')).toHaveCount(1);
		await expect(b.getByTestId('relation-row')).toHaveCount(0);
		await expect(a.getByTestId('inspector')).toHaveCount(0);
	} finally {
		await close();
	}
});

test('list: sort by column, filter by helix and attitude, search', async ({ browser, request }, testInfo) => {
	const { a, close } = await twoPeople(browser, request, testInfo, { view: 'list', seed: CASE });
	try {
		const names = () => a.getByTestId('list-select').allTextContents();
		await expect(a.getByTestId('list-row')).toHaveCount(15);
		await expect(a.getByTestId('list-count')).toHaveText('15 of 15 stakeholders');
		// By name, ascending, by default.
		expect((await names())[0]).toBe('Asosiasi UMKM');
		await expect(a.locator('th[aria-sort="ascending"]')).toContainText('Name');

		await a.getByTestId('sort-power').click();
		await expect(a.locator('th[aria-sort="ascending"]')).toContainText('Power');
		expect((await names())[0]).toBe('PLN UIW Riau');
		await a.getByTestId('sort-power').click();
		await expect(a.locator('th[aria-sort="descending"]')).toContainText('Power');
		expect((await names())[0]).toBe('Bappeda Kota Pekanbaru');
		expect(await a.locator('th[aria-sort]').count()).toBe(1);

		await a.getByTestId('filter-helix-academia').click();
		await a.getByTestId('filter-helix-media').click();
		await expect(a.getByTestId('filter-helix-media')).toHaveAttribute('aria-pressed', 'true');
		await expect(a.getByTestId('list-count')).toHaveText('4 of 15 stakeholders');
		await a.getByTestId('filter-attitude-skeptic').click();
		await expect(a.getByTestId('list-count')).toHaveText('1 of 15 stakeholders');
		expect(await names()).toEqual(['Tribun Pekanbaru']);

		await a.getByTestId('list-clear-filters').click();
		await a.getByTestId('list-search').fill('riau');
		// "Riau" in name, organisation (UMKM Riau, FITRA Riau) or role, whatever the case.
		await expect(a.getByTestId('list-count')).toHaveText('7 of 15 stakeholders');
		await a.getByTestId('list-search').fill('UNIVERSITAS riau');
		await expect(a.getByTestId('list-count')).toHaveText('2 of 15 stakeholders');
		await a.getByTestId('list-search').fill('watchdog');
		expect(await names()).toEqual(['LSM Transparansi Anggaran']);
		await a.getByTestId('list-search').fill('nothing like this');
		await expect(a.getByTestId('list-no-match')).toBeVisible();
		await a.getByTestId('list-clear-filters').click();
		await expect(a.getByTestId('list-row')).toHaveCount(15);

		// Keyboard: Enter selects a row, Enter again opens its name for typing.
		const select = row(a, 'telkom000001').getByTestId('list-select');
		await select.focus();
		await a.keyboard.press('Enter');
		await expect(select).toHaveAttribute('aria-pressed', 'true');
		await expect(a.getByTestId('stakeholder-inspector')).toHaveAttribute('data-id', 'telkom000001');
		await select.focus();
		await a.keyboard.press('Enter');
		await expect(a.getByTestId('inspector-name')).toBeFocused();
	} finally {
		await close();
	}
});

test('balance strip flags a missing helix and updates when one is added', async ({ browser, request }, testInfo) => {
	const { a, b, raw, close } = await twoPeople(browser, request, testInfo, {
		view: 'list',
		seed: {
			gov000000001: { name: 'Bappeda', helix: 'government' },
			gov000000002: { name: 'Diskominfo', helix: 'government' },
			biz000000001: { name: 'Telkom', helix: 'business' },
			uni000000001: { name: 'UNRI', helix: 'academia' }
		}
	});
	try {
		const media = b.getByTestId('balance-media');
		await expect(b.getByTestId('balance-government')).toHaveAttribute('data-count', '2');
		await expect(media).toHaveAttribute('data-missing', 'true');
		await expect(media).toContainText('missing');
		await expect(b.getByTestId('balance-community')).toContainText('missing');
		await media.hover();
		await expect(b.getByRole('tooltip').filter({ hasText: 'No Media actor on this map' })).toBeVisible();
		await expect(media).toHaveAccessibleDescription(/empty helix is a finding/);

		// A stock client adds a community actor; A re-labels one as media in the inspector.
		raw.add({ com000000001: { name: 'Karang Taruna', helix: 'community' } });
		await expect(b.getByTestId('balance-community')).toHaveAttribute('data-count', '1');
		await expect(b.getByTestId('balance-community')).not.toContainText('missing');
		await row(a, 'biz000000001').click();
		await a.getByTestId('inspector-helix').getByText('Media').click();
		await expect(media).toHaveAttribute('data-count', '1');
		await expect(media).toHaveAttribute('data-missing', 'false');
		await expect(b.getByTestId('balance-business')).toHaveAttribute('data-missing', 'true');

		// A click selects that helix's stakeholders.
		await b.getByTestId('balance-government').click();
		await expect(b.getByTestId('inspector-heading')).toHaveText('2 selected');
	} finally {
		await close();
	}
});

test('invalid values from a foreign client are flagged, never hidden, and fixed in the inspector', async ({ browser, request }, testInfo) => {
	const { a, b, raw, close } = await twoPeople(browser, request, testInfo, {
		view: 'grid',
		seed: {
			good00000001: { name: 'Bappeda', helix: 'government', power: 70, interest: 70 },
			odd000000001: { name: 'Radio Suara', helix: 'media', attitude: 'enthusiastic', power: 'very high', interest: 60 },
			odd000000002: { name: 'Perhaps', helix: 'pers', attitude: 'neutral', power: 150, interest: 20 }
		}
	});
	try {
		// Grid: the one without a usable power waits in the tray with the reason.
		await expect(a.getByTestId('grid-chip')).toHaveCount(2);
		const tray = a.getByTestId('grid-unplaced');
		await expect(tray.getByTestId('grid-unplaced-item')).toHaveCount(1);
		await expect(tray).toContainText('Radio Suara');
		await expect(tray).toContainText('Power: very high');
		// Out of range: shown at the edge, flagged.
		await expect(chip(a, 'odd000000002')).toHaveClass(/flagged/);
		await expect(a.getByTestId('balance-invalid')).toContainText('1 without a valid helix');

		// The inspector shows the stored values with the reason.
		await tray.getByTestId('grid-unplaced-item').click();
		await expect(a.getByTestId('inspector-attitude-flag')).toContainText('Stored value “enthusiastic” is not valid');
		await expect(a.getByTestId('inspector-power-flag')).toContainText('“very high”');
		for (const attitude of ['champion', 'supporter', 'neutral', 'skeptic', 'blocker']) {
			await expect(a.getByTestId(`inspector-attitude-${attitude}`)).not.toBeChecked();
		}
		await shoot(a, testInfo, 'inspector-invalid-desktop');

		// B sees it flagged in the list too.
		await b.getByTestId('view-list').click();
		await expect(row(b, 'odd000000001').getByTestId('list-attitude')).toContainText('No valid attitude: enthusiastic');
		await expect(row(b, 'odd000000001').getByTestId('list-power')).toContainText('very high');

		// Fixing: choose an attitude, type a power.
		await a.getByTestId('inspector-attitude').getByText('Supporter').click();
		await expect(a.getByTestId('inspector-attitude-flag')).toHaveCount(0);
		await expect.poll(() => raw.field('odd000000001', 'attitude')).toBe('supporter');
		await a.getByTestId('inspector-power').fill('80');
		await expect(a.getByTestId('inspector-power-flag')).toHaveCount(0);
		await expect(chip(a, 'odd000000001')).toHaveAttribute('data-power', '80');
		await expect(a.getByTestId('grid-unplaced')).toHaveCount(0);
		await expect(row(b, 'odd000000001').getByTestId('list-attitude')).toHaveText('Supporter');
		await expect(row(b, 'odd000000001').getByTestId('list-power')).toHaveText('80');

		// The other: invalid helix and out-of-range power, fixed the same way.
		await chip(a, 'odd000000002').click();
		await expect(a.getByTestId('inspector-helix-flag')).toContainText('“pers”');
		await expect(a.getByTestId('inspector-power-flag')).toContainText('“150”');
		await a.getByTestId('inspector-helix').getByText('Media').click();
		await a.getByTestId('inspector-power').fill('100');
		await expect(a.getByTestId('inspector-helix-flag')).toHaveCount(0);
		await expect(a.getByTestId('inspector-power-flag')).toHaveCount(0);
		await expect(chip(a, 'odd000000002')).not.toHaveClass(/flagged/);
		await expect(a.getByTestId('balance-invalid')).toHaveCount(0);
	} finally {
		await close();
	}
});

test('screenshots: grid, list and inspector with a real case, desktop and phone', async ({ browser, request }, testInfo) => {
	const { a, b, raw, boardId, savedA, close } = await twoPeople(browser, request, testInfo, { view: 'grid', sizeB: PHONE, seed: CASE });
	try {
		raw.relate('rel000000001', 'bappeda00001', 'diskominfo01', 'authority', 'Mandates the data forum');
		raw.relate('rel000000002', 'bankriau0001', 'umkm00000001', 'funding', 'Micro-credit for digital shops');
		raw.relate('rel000000003', 'unri00000001', 'diskominfo01', 'information', 'Survey data');
		raw.relate('rel000000004', 'lsm000000001', 'dprd00000001', 'conflict', 'Budget transparency');
		raw.relate('rel000000005', 'telkom000001', 'diskominfo01', 'collaboration', 'Network for sensors');
		await expect(a.getByTestId('grid-chip')).toHaveCount(15);
		await expect(b.getByTestId('grid-chip')).toHaveCount(15);
		// No two chips cover each other, on either screen.
		for (const page of [a, b]) {
			const boxes = await page.getByTestId('grid-chip').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
			for (let i = 0; i < boxes.length; i++) {
				for (let j = i + 1; j < boxes.length; j++) {
					const [p, q] = [boxes[i], boxes[j]];
					const overlap = Math.min(p.right, q.right) - Math.max(p.left, q.left) > 1 && Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) > 1;
					expect(overlap, `chips ${i} and ${j} overlap`).toBe(false);
				}
			}
		}
		await b.mouse.move(5, 5);
		await shoot(a, testInfo, 'grid-desktop');
		await shoot(b, testInfo, 'grid-phone');

		await chip(a, 'diskominfo01').click();
		await chip(b, 'diskominfo01').click();
		await expect(a.getByTestId('stakeholder-inspector')).toBeVisible();
		await a.mouse.move(700, 300);
		await shoot(a, testInfo, 'grid-inspector-desktop');
		await shoot(b, testInfo, 'grid-inspector-phone');
		await a.getByTestId('inspector').evaluate((el) => el.closest('aside')!.scrollTo(0, 10_000));
		await shoot(a, testInfo, 'inspector-bottom-desktop');

		await a.getByTestId('inspector-relation').first().click();
		await expect(a.getByTestId('relation-inspector')).toBeVisible();
		await shoot(a, testInfo, 'relation-inspector-desktop');

		await a.getByTestId('view-list').click();
		await b.getByTestId('view-list').click();
		await expect(a.getByTestId('list-row')).toHaveCount(15);
		await shoot(a, testInfo, 'list-desktop');
		await b.getByTestId('inspector-close').click();
		// Phone: cards instead of the wide table, sorted from a select.
		await expect(b.getByTestId('stakeholder-cards')).toBeVisible();
		await expect(b.getByTestId('stakeholder-table')).toHaveCount(0);
		await b.getByTestId('list-sort-key').selectOption('power');
		await expect(b.getByTestId('list-select').first()).toHaveText('PLN UIW Riau');
		await b.getByTestId('list-sort-direction').click();
		await expect(b.getByTestId('list-select').first()).toHaveText('Bappeda Kota Pekanbaru');
		await b.getByTestId('list-sort-key').selectOption('name');
		await b.getByTestId('list-sort-direction').click();
		await shoot(b, testInfo, 'list-phone');
		await b.getByTestId('relation-list').scrollIntoViewIfNeeded();
		await shoot(b, testInfo, 'list-relations-phone');

		await a.keyboard.press('Escape');
		await row(a, 'bappeda00001').click();
		await row(a, 'karang000001').click({ modifiers: ['Shift'] });
		await row(a, 'radio0000001').click({ modifiers: ['Shift'] });
		await shoot(a, testInfo, 'list-multi-desktop');

		// The same board in Bahasa Indonesia (longer words), desktop and phone.
		for (const [size, name] of [
			[DESKTOP, 'desktop'],
			[PHONE, 'phone']
		] as const) {
			const context = await browser.newContext({ viewport: size, locale: 'id-ID', hasTouch: size === PHONE });
			await remember(context, savedA);
			const page = await context.newPage();
			await openBoard(page, boardId, 'grid');
			await expect(page.getByTestId('quadrant-manage').getByTestId('quadrant-name')).toHaveText('Kelola dengan saksama');
			await page.getByText('Promoters…').click();
			await expect(page.getByTestId('quadrant-inform').getByTestId('quadrant-name')).toHaveText('Defenders');
			await chip(page, 'lsm000000001').click();
			await shoot(page, testInfo, `grid-id-${name}`);
			await page.getByTestId('view-list').click();
			await expect(page.getByTestId('list-count')).toHaveText('15 dari 15 pemangku kepentingan');
			await shoot(page, testInfo, `list-id-${name}`);
			await context.close();
		}
	} finally {
		await close();
	}
});
