/**
 * The action plan issue's "done when", end to end: two people write a 20-action plan linked to
 * their map at the same time, export it, and "weeks later" (the browser's clock moved on) one of
 * them comes back, the other has reported progress, and "changes since my last visit" shows it.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import Papa from 'papaparse';
import type { Helix } from '../../src/lib/board/schema.js';
import { readActions } from '../../src/lib/board/model.js';
import { twoPeople, type Fields } from './board.js';
import { openBoard } from './sessions.js';

/** Two stakeholders per helix; names typed into the owner picker pick exactly one. */
const MAP: Array<[id: string, name: string, helix: Helix]> = [
	['bappeda-kota', 'Bappeda Kota Pekanbaru', 'government'],
	['diskominfo-01', 'Diskominfo', 'government'],
	['telkom-witel', 'Telkom Witel Riau', 'business'],
	['bank-riau-01', 'Bank Riau Kepri', 'business'],
	['univ-riau-01', 'Universitas Riau', 'academia'],
	['pcr-campus-01', 'Politeknik Caltex', 'academia'],
	['karang-taruna', 'Karang Taruna', 'community'],
	['pkk-sukajadi', 'PKK Sukajadi', 'community'],
	['radio-suara-01', 'Radio Suara', 'media'],
	['tribun-pku-01', 'Tribun Pekanbaru', 'media']
];

const PLAN_A = ['Open data portal', 'Budget dashboard', 'Smart parking pilot', 'Village Wi-Fi', 'E-permit one window', 'Flood sensors', 'Digital literacy class', 'Waste bank app', 'City call centre', 'Data protection rules'];
const PLAN_B = ['Citizen complaint app', 'Street light sensors', 'Campus interns at city hall', 'Startup clinic', 'School data pilot', 'Radio talk on services', 'Open procurement', 'Health queue app', 'Tourism portal', 'Evaluation survey'];

const rows = (page: Page) => page.getByTestId('plan-row');
const titlesOn = (page: Page) => page.getByTestId('plan-row').getByTestId('cell-title').allInnerTexts();

/** Adds actions by keyboard only: Add action, the title, Tab past the description, the owner. */
async function writePlan(page: Page, titles: string[], owners: string[]) {
	for (const [i, title] of titles.entries()) {
		await page.getByTestId('add-action').click();
		const editor = page.locator('[data-testid="cell-title"] [data-testid="cell-editor"]');
		await expect(editor).toBeFocused();
		await page.keyboard.type(title);
		await page.keyboard.press('Tab');
		await page.keyboard.press('Tab');
		await page.keyboard.type(owners[i % owners.length]);
		await expect(page.getByTestId('picker-option')).toHaveCount(1);
		await page.keyboard.press('Enter');
		await expect(page.getByTestId('picker-option')).toHaveCount(0);
	}
}

test('a group writes a 20-action plan linked to its map, and weeks later sees the progress reported', async ({ browser, request }, testInfo) => {
	test.setTimeout(180_000);
	const seed: Record<string, Fields> = Object.fromEntries(MAP.map(([id, name, helix]) => [id, { name, helix }]));
	const { a, b, raw, boardId, close } = await twoPeople(browser, request, testInfo, { view: 'plan', seed, title: 'Smart Pekanbaru' });
	try {
		// Both write at once, each owner picked from the map by name: ten actions each.
		const ownerNames = MAP.map(([, name]) => name);
		await Promise.all([writePlan(a, PLAN_A, ownerNames.slice(0, 5)), writePlan(b, PLAN_B, ownerNames.slice(5))]);
		await expect(rows(a)).toHaveCount(20);
		await expect(rows(b)).toHaveCount(20);
		// The same order on both screens and in the stored document, every owner a map stakeholder.
		await expect.poll(async () => JSON.stringify(await titlesOn(a))).toBe(JSON.stringify(await titlesOn(b)));
		const stored = readActions(raw.doc);
		expect(stored.map((x) => x.title).sort()).toEqual([...PLAN_A, ...PLAN_B].sort());
		expect(stored.every((x) => x.owner && MAP.some(([id]) => id === x.owner))).toBe(true);
		expect(stored.every((x) => x.issues.length === 0)).toBe(true);
		// Every helix owns a part of the plan; the map counts each stakeholder's actions.
		await expect(a.locator('[data-testid="coverage-helix"][data-missing="true"]')).toHaveCount(0);
		await a.getByTestId('view-map').click();
		await expect(a.locator('[data-testid="card-action-count"]')).toHaveCount(10);
		await a.getByTestId('view-plan').click();

		// The plan leaves the room as a spreadsheet file: 20 rows, UTF-8 with BOM, owners by name.
		const download = a.waitForEvent('download');
		await a.getByTestId('export-csv').click();
		const file = fs.readFileSync((await (await download).path())!, 'utf8');
		expect(file.charCodeAt(0)).toBe(0xfeff);
		const csv = Papa.parse<string[]>(file.slice(1), { skipEmptyLines: true }).data;
		expect(csv).toHaveLength(21);
		expect(csv.slice(1).map((r) => r[0])).toEqual(await titlesOn(a));
		expect(csv.slice(1).find((r) => r[0] === 'Open data portal')?.slice(2, 4)).toEqual(['Bappeda Kota Pekanbaru', 'Government']);

		// A leaves (the visit ends now). Later, B reports progress on one action and blocks another.
		await a.goto('/'); // leaving the board ends the visit (pagehide)
		const reported = stored.find((x) => x.title === 'Village Wi-Fi')!.id;
		const blocked = stored.find((x) => x.title === 'Startup clinic')!.id;
		await b.waitForTimeout(1_500); // past the server's checkpoint interval in these tests (1 s)
		await b.locator(`[data-testid="plan-row"][data-action-id="${reported}"] [data-testid="cell-title"]`).click();
		await expect(b.getByTestId('action-inspector')).toHaveAttribute('data-id', reported);
		const form = b.getByTestId('action-inspector').getByTestId('progress-form');
		await form.getByTestId('progress-value').fill('60');
		await form.getByTestId('progress-done').fill('Access points in 8 of 12 kelurahan');
		await form.getByTestId('progress-blockers').fill('Two sites wait for power lines');
		await form.getByTestId('progress-submit').click();
		await b.locator(`[data-testid="plan-row"][data-action-id="${blocked}"] [data-testid="cell-title"]`).click();
		await expect(b.getByTestId('action-inspector')).toHaveAttribute('data-id', blocked);
		await b.getByTestId('action-inspector').getByTestId('action-status').selectOption('blocked');
		await expect.poll(() => readActions(raw.doc).find((x) => x.id === blocked)?.status).toBe('blocked');

		// Weeks later on A's laptop (its clock moved on): "changes since my last visit".
		await a.context().clock.install({ time: Date.now() + 21 * 24 * 3600_000 });
		await openBoard(a, boardId, 'plan');
		await a.getByTestId('changes-control').selectOption('visit');
		const summary = a.getByTestId('changes-summary');
		await expect(summary).toContainText('2 changed');
		await expect(summary).toContainText('0 new');
		await expect(summary).toContainText('0 removed');
		const rowA = (id: string) => a.locator(`[data-testid="plan-row"][data-action-id="${id}"]`);
		await expect(rowA(reported).getByTestId('cell-progress')).toHaveAttribute('data-changed', 'true');
		await expect(rowA(reported).getByTestId('cell-progress')).toContainText('60');
		await expect(rowA(blocked).getByTestId('cell-status')).toHaveAttribute('data-changed', 'true');
		await expect(rowA(blocked).getByTestId('cell-status')).toContainText('Blocked');
		await expect(a.locator('[data-testid="plan-row"] [data-changed="true"]')).toHaveCount(3); // progress, status of one; status of the other
		// The progress history tells what was done and what blocks them.
		await rowA(reported).getByTestId('cell-title').click();
		await expect(a.getByTestId('action-inspector')).toHaveAttribute('data-id', reported);
		const entry = a.getByTestId('action-inspector').getByTestId('progress-entry').first();
		await expect(entry).toContainText('Access points in 8 of 12 kelurahan');
		await expect(entry).toContainText('Two sites wait for power lines');
	} finally {
		await close();
	}
});
