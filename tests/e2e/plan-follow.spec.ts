/**
 * The plan followed up: an action started from the map, progress reported weeks later, "changes
 * since…" from the server's history, and the pentahelix coverage of the plan, with two people on
 * one board (A facilitator, B participant) and a stock Yjs client seeding it.
 */
import { expect, test, type Page } from '@playwright/test';
import type * as Y from 'yjs';
import { addAction, type NewAction } from '../../src/lib/board/actions.js';
import type { Helix } from '../../src/lib/board/schema.js';
import { CARD_HEIGHT, CARD_WIDTH, sectorPoint } from '../../src/lib/board/sectors.js';
import { card, DESKTOP, PHONE, shoot, twoPeople, type Fields, type Setup } from './board.js';

/** One stakeholder per helix, ids long enough to be owners (the format wants 8+ characters). */
const PEOPLE: Record<string, { name: string; helix: Helix; organization: string }> = {
	'bappeda-kota': { name: 'Bappeda Kota', helix: 'government', organization: 'Pemerintah Kota Pekanbaru' },
	'telkom-witel': { name: 'Telkom Witel', helix: 'business', organization: 'PT Telkom Indonesia' },
	'univ-riau-01': { name: 'Universitas Riau', helix: 'academia', organization: 'Fakultas Teknik' },
	'karang-taruna': { name: 'Karang Taruna', helix: 'community', organization: 'Kelurahan Sukajadi' },
	'radio-suara-fm': { name: 'Radio Suara', helix: 'media', organization: 'Suara 98.1 FM' }
};

function seed(): Record<string, Fields> {
	const out: Record<string, Fields> = {};
	for (const [id, s] of Object.entries(PEOPLE)) {
		const p = sectorPoint(s.helix, 460);
		out[id] = { ...s, x: Math.round(p.x - CARD_WIDTH / 2), y: Math.round(p.y - CARD_HEIGHT / 2), power: 60, interest: 60 };
	}
	return out;
}

/** Writes actions as a third-party tool would, through the board model on the stock client's doc. */
function seedActions(doc: Y.Doc, actions: NewAction[]): string[] {
	return actions.map((a) => addAction(doc, a));
}

const row = (page: Page, id: string) => page.locator(`[data-testid="plan-row"][data-action-id="${id}"]`);
const inspector = (page: Page) => page.getByTestId('action-inspector');

/** Selects an action in the plan table by its title cell, and waits for its inspector. */
async function selectAction(page: Page, id: string) {
	await row(page, id).getByTestId('cell-title').click();
	await expect(inspector(page)).toHaveAttribute('data-id', id);
}

async function openView(page: Page, view: 'map' | 'plan') {
	await page.getByTestId(`view-${view}`).click();
	await expect(page.getByTestId('board')).toHaveAttribute('data-view', view);
}

test.describe('plan follow-up', () => {
	let setup: Setup | null = null;
	test.afterEach(async () => {
		await setup?.close();
		setup = null;
	});

	test('an action started from a map card: owner set, counted and linked on both maps', async ({ browser, request }, testInfo) => {
		setup = await twoPeople(browser, request, testInfo, { view: 'map', seed: seed() });
		const { a, b } = setup;
		const owner = 'univ-riau-01';

		// A: the card's menu → "New action owned by this stakeholder" → the plan, with it selected.
		await card(a, owner).click({ button: 'right' });
		await expect(a.getByTestId('menu-new-action')).toBeVisible();
		await shoot(a, testInfo, 'card-menu-desktop');
		await a.getByTestId('menu-new-action').click();
		await expect(a.getByTestId('board')).toHaveAttribute('data-view', 'plan');
		await expect(a).toHaveURL(/view=plan/);
		await expect(inspector(a)).toBeVisible();
		const actionId = (await inspector(a).getAttribute('data-id'))!;
		await expect(inspector(a).locator(`[data-testid="picker-chosen"][data-stakeholder-id="${owner}"]`)).toBeVisible();
		// The new row's title is open for typing in the table, as after "Add action".
		await expect(row(a, actionId).getByTestId('cell-editor')).toBeFocused();
		await inspector(a).getByTestId('action-title').fill('Open data portal with campus interns');

		// A adds a partner from another helix with the picker.
		await inspector(a).getByTestId('action-partners-picker').click();
		await inspector(a).getByTestId('action-partners-picker').fill('Karang');
		await a.locator('[data-testid="picker-option"][data-stakeholder-id="karang-taruna"]').click();
		await a.keyboard.press('Escape');
		await expect(inspector(a).locator('[data-testid="picker-chosen"][data-stakeholder-id="karang-taruna"]')).toBeVisible();

		// B, on the plan, sees the row with its owner's chip.
		await openView(b, 'plan');
		await expect(row(b, actionId)).toBeVisible();
		await expect(row(b, actionId).locator(`[data-testid="stakeholder-chip"][data-stakeholder-id="${owner}"]`)).toBeVisible();
		await selectAction(b, actionId);
		await expect(inspector(b).getByTestId('action-title')).toHaveValue('Open data portal with campus interns');

		// Both maps count the action on its owner's card and its partner's.
		await openView(a, 'map');
		await openView(b, 'map');
		for (const page of [a, b]) {
			await expect(card(page, owner).getByTestId('card-action-count')).toHaveAttribute('data-count', '1');
			await expect(card(page, owner).getByTestId('card-action-count')).toContainText('1 action');
			await expect(card(page, 'karang-taruna').getByTestId('card-action-count')).toHaveAttribute('data-count', '1');
			await expect(card(page, 'telkom-witel').getByTestId('card-action-count')).toHaveCount(0);
		}

		// The action is still selected (selection survives a view switch): owner and partner are ringed.
		await expect(card(a, owner)).toHaveAttribute('data-linked', 'true');
		await expect(card(a, 'karang-taruna')).toHaveAttribute('data-linked', 'true');
		await expect(card(a, 'telkom-witel')).toHaveAttribute('data-linked', 'false');
		await shoot(a, testInfo, 'map-linked-desktop');

		// The stakeholder inspector lists the action and selects it from there.
		await card(a, 'karang-taruna').click();
		await expect(a.getByTestId('inspector-action')).toHaveCount(1);
		await a.getByTestId('inspector-action').click();
		await expect(inspector(a)).toHaveAttribute('data-id', actionId);
		await expect(card(a, owner)).toHaveAttribute('data-linked', 'true');
	});

	test('a dated progress update with notes reaches the other person live', async ({ browser, request }, testInfo) => {
		setup = await twoPeople(browser, request, testInfo, { view: 'plan', seed: seed() });
		const { a, b, raw } = setup;
		const [actionId] = seedActions(raw.doc, [
			{ title: 'Single-window permit service', owner: 'bappeda-kota', partners: ['telkom-witel'], status: 'in_progress', start: '2026-01-05', end: '2026-12-20' }
		]);
		await expect(row(a, actionId)).toBeVisible();
		await selectAction(a, actionId);
		await selectAction(b, actionId);
		await expect(inspector(a).getByTestId('progress-history-empty')).toBeVisible();

		// B reports progress as of an earlier day, then today.
		const form = inspector(b).getByTestId('progress-form');
		await form.getByTestId('progress-date').fill('2026-02-10');
		await form.getByTestId('progress-value').fill('20');
		await form.getByTestId('progress-done').fill('Service design workshop with Telkom');
		await form.getByTestId('progress-submit').click();
		await expect(inspector(b).getByTestId('progress-entry')).toHaveCount(1);

		await form.getByTestId('progress-date').fill('2026-03-15');
		await form.getByTestId('progress-value').fill('45');
		await form.getByTestId('progress-status').selectOption('blocked');
		await form.getByTestId('progress-done').fill('Pilot in two kecamatan');
		await form.getByTestId('progress-blockers').fill('Waiting for the Perwal (mayor regulation)');
		await form.getByTestId('progress-submit').click();

		// A sees the history, newest first, and the action's new progress and status.
		const history = inspector(a).getByTestId('progress-history');
		await expect(history.getByTestId('progress-entry')).toHaveCount(2);
		const newest = history.getByTestId('progress-entry').first();
		await expect(newest).toContainText('45 %');
		await expect(newest).toContainText('Minho');
		await expect(newest.getByTestId('progress-entry-done')).toHaveText('Pilot in two kecamatan');
		await expect(newest.getByTestId('progress-entry-blockers')).toHaveText('Waiting for the Perwal (mayor regulation)');
		await expect(newest).toContainText('Mar 15, 2026');
		await expect(history.getByTestId('progress-entry').last()).toContainText('20 %');
		await expect(inspector(a).getByTestId('action-progress')).toHaveValue('45');
		await expect(inspector(a).getByTestId('action-status')).toHaveValue('blocked');
		await expect(inspector(a).getByTestId('progress-chart')).toBeVisible();
		await expect(row(a, actionId).getByTestId('cell-progress')).toContainText('45');

		// The stock client reads the same, as the format says.
		const stored = (raw.doc.getMap('actions').get(actionId) as Y.Map<unknown>).toJSON();
		expect(stored.progress).toBe(45);
		expect(stored.status).toBe('blocked');
		expect(stored.updates).toHaveLength(2);

		await inspector(a).getByTestId('progress-updates').evaluate((el) => el.scrollIntoView({ block: 'start' }));
		await shoot(a, testInfo, 'inspector-chart-desktop');
		await history.evaluate((el) => el.scrollIntoView({ block: 'end' }));
		await shoot(a, testInfo, 'inspector-history-desktop');
		await a.setViewportSize(PHONE);
		await history.evaluate((el) => el.scrollIntoView({ block: 'end' }));
		await shoot(a, testInfo, 'inspector-history-phone');
		await a.setViewportSize(DESKTOP);

		// Values that break the rules are stored as typed and flagged, then fixed in place.
		const budget = inspector(a).getByTestId('action-budget');
		await budget.fill('12,5 juta');
		await budget.press('Enter');
		await expect(inspector(a).getByTestId('action-budget-flag')).toContainText('12,5 juta');
		await expect.poll(() => (raw.doc.getMap('actions').get(actionId) as Y.Map<unknown>).get('budget')).toBe('12,5 juta');
		await budget.fill('1500000');
		await budget.press('Enter');
		await expect(inspector(a).getByTestId('action-budget-flag')).toHaveCount(0);
		await expect.poll(() => (raw.doc.getMap('actions').get(actionId) as Y.Map<unknown>).get('budget')).toBe(1500000);
		const progress = inspector(a).getByTestId('action-progress');
		await progress.fill('120');
		await progress.press('Tab');
		await expect(inspector(a).getByTestId('action-progress-flag')).toBeVisible();
		await expect(progress).toHaveValue('120');
		await expect(progress).toHaveAttribute('aria-invalid', 'true');
		await budget.evaluate((el) => el.scrollIntoView({ block: 'center' }));
		await shoot(a, testInfo, 'inspector-flags-desktop');
		await progress.fill('50');
		await progress.press('Tab');
		await expect(inspector(a).getByTestId('action-progress-flag')).toHaveCount(0);
	});

	test('changes since a moment: edited and new actions marked, summary counted', async ({ browser, request }, testInfo) => {
		setup = await twoPeople(browser, request, testInfo, { view: 'plan', seed: seed() });
		const { a, b, raw } = setup;
		const [edited, kept, removed] = seedActions(raw.doc, [
			{ title: 'Smart parking pilot', owner: 'telkom-witel' },
			{ title: 'Citizen complaint app (LAPOR!)', owner: 'bappeda-kota' },
			{ title: 'Radio talk show on e-services', owner: 'radio-suara-fm' }
		]);
		await expect(row(a, kept)).toBeVisible();
		// The server keeps a checkpoint at most every CHECKPOINT_INTERVAL_MS (1 s here): let the seeded
		// state settle, note the moment, and change things only after another interval.
		await a.waitForTimeout(1500);
		const since = await a.evaluate(() => Date.now());
		await a.waitForTimeout(1500);

		// B edits one action's target, adds one, and deletes one.
		await selectAction(b, edited);
		await inspector(b).getByTestId('action-target').fill('300 parking spots online');
		await b.getByTestId('add-action').click();
		await inspector(b).getByTestId('action-title').fill('Data-sharing MoU with the university');
		await selectAction(b, removed);
		await inspector(b).getByTestId('action-delete').click();
		await expect(row(a, removed)).toHaveCount(0);
		await expect(a.getByTestId('plan-row')).toHaveCount(3);
		const added = (await a.getByTestId('plan-row').evaluateAll((rows, ids) => rows.map((r) => (r as HTMLElement).dataset.actionId).filter((id) => !ids.includes(id!)), [edited, kept]))[0]!;

		// A: "changes since" a date → the moment noted before B's edits (to the second).
		await a.getByTestId('changes-control').selectOption('date');
		const local = await a.evaluate((ms) => {
			const d = new Date(ms);
			const pad = (n: number) => String(n).padStart(2, '0');
			return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
		}, since);
		await a.getByTestId('changes-date').fill(local);
		const summary = a.getByTestId('changes-summary');
		await expect(summary).toHaveAttribute('data-added', '1');
		await expect(summary).toHaveAttribute('data-changed', '1');
		await expect(summary).toHaveAttribute('data-removed', '1');
		await expect(summary).toContainText('1 new');
		await expect(summary).toContainText('1 changed');
		await expect(a.getByTestId('changes-base')).toHaveCount(0);
		await a.getByTestId('changes-removed-toggle').click();
		await expect(a.getByTestId('changes-removed')).toHaveText(['Radio talk show on e-services']);

		// The table marks the new row and the changed cell; the untouched action stays plain.
		await expect(row(a, added)).toHaveAttribute('data-new', 'true');
		await expect(row(a, edited).getByTestId('cell-target')).toHaveAttribute('data-changed', 'true');
		await expect(row(a, kept).locator('[data-changed="true"]')).toHaveCount(0);
		await expect(row(a, kept)).not.toHaveAttribute('data-new', 'true');
		await shoot(a, testInfo, 'changes-summary-desktop');

		// Live: another edit by B while the comparison is on counts too.
		await selectAction(b, kept);
		await inspector(b).getByTestId('action-indicator').fill('complaints answered within 5 days');
		await expect(summary).toHaveAttribute('data-changed', '2');

		await a.setViewportSize(PHONE);
		await a.getByTestId('changes-summary').scrollIntoViewIfNeeded();
		await shoot(a, testInfo, 'changes-summary-phone');
		await a.setViewportSize(DESKTOP);

		// Off: no marks left.
		await a.getByTestId('changes-control').selectOption('off');
		await expect(summary).toHaveCount(0);
		await expect(row(a, added)).not.toHaveAttribute('data-new', 'true');
	});

	test('coverage flags helixes with no role and follows the plan live', async ({ browser, request }, testInfo) => {
		setup = await twoPeople(browser, request, testInfo, { view: 'plan', seed: seed() });
		const { a, b, raw } = setup;
		const [first] = seedActions(raw.doc, [
			{ title: 'E-budgeting dashboard', owner: 'bappeda-kota', partners: ['telkom-witel'] },
			{ title: 'Youth digital literacy camp', owner: null }
		]);
		const helix = (page: Page, h: Helix) => page.locator(`[data-testid="coverage-helix"][data-helix="${h}"]`);
		await expect(a.getByTestId('coverage-panel')).toBeVisible();
		await expect(helix(a, 'government')).toHaveAttribute('data-missing', 'false');
		const counts = async (h: Helix, owns: number, partners: number) => {
			await expect(helix(a, h)).toHaveAttribute('data-owns', String(owns));
			await expect(helix(a, h)).toHaveAttribute('data-partners', String(partners));
			await expect(helix(a, h)).toContainText(`owns ${owns}`);
			await expect(helix(a, h)).toContainText(`partners in ${partners}`);
		};
		await counts('government', 1, 0);
		await counts('business', 0, 1);
		for (const h of ['academia', 'community', 'media'] as const) {
			await expect(helix(a, h)).toHaveAttribute('data-missing', 'true');
			await expect(helix(a, h)).toContainText('no role in the plan');
		}
		await shoot(a, testInfo, 'coverage-desktop');

		// B gives the second action an owner from community: A's panel follows.
		const second = (await a.getByTestId('plan-row').nth(1).getAttribute('data-action-id'))!;
		await selectAction(b, second);
		await inspector(b).getByTestId('action-owner-picker').click();
		await inspector(b).getByTestId('action-owner-picker').fill('Karang');
		await b.locator('[data-testid="picker-option"][data-stakeholder-id="karang-taruna"]').click();
		await expect(helix(a, 'community')).toHaveAttribute('data-missing', 'false');
		await counts('community', 1, 0);
		await expect(helix(a, 'academia')).toHaveAttribute('data-missing', 'true');

		// A click on a helix selects its stakeholders, and their actions light up in the plan.
		await helix(a, 'business').click();
		await expect(helix(a, 'business')).toHaveAttribute('aria-pressed', 'true');
		await expect(row(a, first)).toHaveAttribute('data-linked', 'true');
		await expect(row(a, second)).not.toHaveAttribute('data-linked', 'true');

		await a.setViewportSize(PHONE);
		await a.getByTestId('inspector-close').click();
		await shoot(a, testInfo, 'coverage-phone');
	});
});
