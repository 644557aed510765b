/**
 * Named snapshots in the app: a participant takes one, changes the plan, the facilitator compares
 * the board with it (the plan table marks what changed) and restores it for everyone — the
 * participant's browser sees the old content come back. Screenshots of the panel on a laptop and a
 * phone.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { addAction } from '../../src/lib/board/actions.js';
import { DESKTOP, PHONE, shoot, twoPeople, type Setup } from './board.js';

const row = (page: Page, id: string) => page.locator(`[data-testid="plan-row"][data-action-id="${id}"]`);
const inspector = (page: Page) => page.getByTestId('action-inspector');
const panel = (page: Page) => page.getByTestId('snapshots-panel');

async function selectAction(page: Page, id: string) {
	await row(page, id).getByTestId('cell-title').click();
	await expect(inspector(page)).toHaveAttribute('data-id', id);
}

/** Keeps a copy of a screenshot under test-results/ by a stable name, for a look by eye. */
function keep(file: string, name: string) {
	const dir = path.resolve('test-results');
	fs.mkdirSync(dir, { recursive: true });
	fs.copyFileSync(file, path.join(dir, name));
}

test.describe('named snapshots', () => {
	let setup: Setup | null = null;
	test.afterEach(async () => {
		await setup?.close();
		setup = null;
	});

	test('take, change, compare (table marks), restore for everyone', async ({ browser, request }, testInfo) => {
		setup = await twoPeople(browser, request, testInfo, {
			view: 'plan',
			seed: { 'bappeda-kota': { name: 'Bappeda Kota', helix: 'government' }, 'telkom-witel': { name: 'Telkom Witel', helix: 'business' } }
		});
		const { a, b, raw } = setup;
		const [edited, removed] = [
			addAction(raw.doc, { title: 'Smart parking pilot', owner: 'telkom-witel' }),
			addAction(raw.doc, { title: 'Radio talk show on e-services', owner: 'bappeda-kota' })
		];
		await expect(row(b, removed)).toBeVisible();

		// B (participant) takes a snapshot; the name comes prefilled with the time.
		await b.getByTestId('snapshots-button').click();
		await expect(panel(b)).toBeVisible();
		await expect(b.getByTestId('snapshot-name')).toHaveValue(/^Snapshot \d{1,2}:\d{2}/);
		await b.getByTestId('snapshot-name').fill('End of exercise 1');
		await b.getByTestId('snapshot-take').click();
		await expect(b.getByTestId('snapshots-message')).toContainText('End of exercise 1');
		await expect(b.getByTestId('snapshot-item')).toHaveCount(1);
		await expect(b.getByTestId('snapshot-item')).toContainText('Minho');
		// A participant never sees Restore.
		await expect(b.getByTestId('snapshot-restore')).toHaveCount(0);
		// View: the snapshot's content read-only.
		await b.getByTestId('snapshot-view').click();
		await expect(b.getByTestId('snapshot-actions').locator('li')).toHaveCount(2);
		await expect(b.getByTestId('snapshot-stakeholders')).toContainText('Telkom Witel');
		keep(await shoot(b, testInfo, 'snapshots-panel-desktop'), 'snapshots-panel-1280x800.png');
		await b.getByTestId('snapshots-close').click();
		await expect(panel(b)).toBeHidden();

		// B changes the plan: one target edited, one action added, one deleted.
		await selectAction(b, edited);
		await inspector(b).getByTestId('action-target').fill('300 parking spots online');
		await b.getByTestId('add-action').click();
		await inspector(b).getByTestId('action-title').fill('Data-sharing MoU with the university');
		await selectAction(b, removed);
		await inspector(b).getByTestId('action-delete').click();
		await expect(row(a, removed)).toHaveCount(0);
		await expect(a.getByTestId('plan-row')).toHaveCount(2);
		const added = (await a.getByTestId('plan-row').evaluateAll((rows, id) => rows.map((r) => (r as HTMLElement).dataset.actionId).filter((x) => x !== id), edited))[0]!;

		// A (facilitator) compares the board with the snapshot: summary with names, table marks.
		await a.getByTestId('snapshots-button').click();
		await a.getByTestId('snapshot-compare').click();
		await expect(panel(a)).toBeHidden();
		const summary = a.getByTestId('snapshot-compare-summary');
		await expect(summary).toHaveAttribute('data-added', '1');
		await expect(summary).toHaveAttribute('data-changed', '1');
		await expect(summary).toHaveAttribute('data-removed', '1');
		await expect(a.getByTestId('snapshot-compare-removed')).toContainText('Radio talk show on e-services');
		await expect(a.getByTestId('snapshot-compare-added')).toContainText('Data-sharing MoU');
		await expect(row(a, added)).toHaveAttribute('data-new', 'true');
		await expect(row(a, edited).getByTestId('cell-target')).toHaveAttribute('data-changed', 'true');
		keep(await shoot(a, testInfo, 'snapshot-compare-desktop'), 'snapshot-compare-1280x800.png');

		// A restores it, after the confirmation; B's browser sees the old content come back.
		await a.getByTestId('snapshots-button').click();
		await a.getByTestId('snapshot-restore').click();
		await expect(a.getByTestId('snapshot-restore-confirm')).toContainText('new change');
		keep(await shoot(a, testInfo, 'snapshot-restore-confirm'), 'snapshot-restore-confirm-1280x800.png');
		await a.getByTestId('snapshot-restore-yes').click();
		await expect(a.getByTestId('snapshots-message')).toContainText('restored');
		await expect(row(b, removed)).toBeVisible();
		await expect(row(b, added)).toHaveCount(0);
		await expect(b.getByTestId('plan-row')).toHaveCount(2);
		await selectAction(b, edited);
		await expect(inspector(b).getByTestId('action-target')).toHaveValue('');
		expect(raw.doc.getMap('actions').has(removed)).toBe(true);

		// The comparison, still open on A, now finds nothing changed.
		await a.getByTestId('snapshots-close').click();
		await expect(a.getByTestId('snapshot-compare-bar')).toContainText('Nothing changed');
		await a.getByTestId('snapshot-compare-stop').click();
		await expect(a.getByTestId('snapshot-compare-bar')).toHaveCount(0);

		// The panel on a phone.
		await a.setViewportSize(PHONE);
		await a.getByTestId('snapshots-button').click();
		await expect(panel(a)).toBeVisible();
		await a.getByTestId('snapshot-view').click();
		await expect(a.getByTestId('snapshot-actions').locator('li')).toHaveCount(2);
		keep(await shoot(a, testInfo, 'snapshots-panel-phone'), 'snapshots-panel-390x844.png');
		// Comparing on a phone: the bar above the plan, the button still reachable in the view bar.
		await a.getByTestId('snapshot-compare').click();
		await expect(a.getByTestId('snapshot-compare-bar')).toContainText('Nothing changed');
		await expect(a.getByTestId('snapshots-button')).toBeInViewport();
		keep(await shoot(a, testInfo, 'snapshot-compare-phone'), 'snapshot-compare-390x844.png');
		await a.setViewportSize(DESKTOP);

		// In Indonesian, for the participant: take and compare, never restore.
		await b.getByTestId('language-switcher').selectOption('id');
		await expect(b.locator('html')).toHaveAttribute('lang', 'id');
		await b.locator('html[data-hydrated="true"]').waitFor();
		await expect(b.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
		await b.getByTestId('snapshots-button').click();
		await expect(panel(b)).toContainText('Ambil cuplikan');
		await expect(b.getByTestId('snapshot-name')).toHaveValue(/^Cuplikan \d{1,2}[.:]\d{2}/);
		await expect(b.getByTestId('snapshot-compare')).toHaveText('Bandingkan dengan sekarang');
		await expect(b.getByTestId('snapshot-restore')).toHaveCount(0);
		keep(await shoot(b, testInfo, 'snapshots-panel-id'), 'snapshots-panel-id-1280x800.png');
	});
});
