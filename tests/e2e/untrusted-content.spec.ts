/**
 * Everything people type reaches other people's screens as text: names, note texts, workshop and
 * group titles with markup in them never run or render as HTML.
 */
import { expect, test } from '@playwright/test';
import type { CreateWorkshopResponse, JoinResponse } from '../../src/lib/api/types.js';
import { openBoard, remember } from './sessions.js';

const PAYLOAD = '<img src=x onerror="window.__pwned=1">';

test('markup typed by one person stays text on everyone’s screen', async ({ browser, request }) => {
	const created = (await (
		await request.post('/api/workshops', { data: { title: `Workshop ${PAYLOAD}`, groups: 1, groupNames: [`Group ${PAYLOAD}`] } })
	).json()) as CreateWorkshopResponse;
	const board = created.boards[0];
	const joined = (await (
		await request.post('/api/join', { data: { joinCode: created.joinCode, name: PAYLOAD, boardId: board.boardId } })
	).json()) as JoinResponse;
	const common = { workshopId: created.workshopId, title: created.title, joinCode: created.joinCode, boards: created.boards, savedAt: Date.now() };

	const writerContext = await browser.newContext();
	await remember(writerContext, { ...common, role: 'participant', token: joined.participantToken, name: PAYLOAD, boardId: board.boardId });
	const readerContext = await browser.newContext();
	await remember(readerContext, { ...common, role: 'facilitator', token: created.facilitatorToken, name: 'Ayu', boardId: null });
	const writer = await writerContext.newPage();
	const reader = await readerContext.newPage();
	await openBoard(writer, board.boardId, 'notes');
	await openBoard(reader, board.boardId, 'notes');

	await writer.getByTestId('add-note').click();
	await writer.getByTestId('note-text').first().fill(PAYLOAD);
	await writer.getByTestId('board-surface').hover();

	await expect(reader.getByTestId('note-text')).toHaveValue(PAYLOAD);
	await expect(reader.getByTestId('presence-person').filter({ hasText: '<img' })).toHaveCount(1);
	await expect(reader.getByTestId('board-title')).toHaveText(`Group ${PAYLOAD}`);
	// The markup never became an element, and its handler never ran, on either screen.
	for (const page of [reader, writer]) {
		expect(await page.locator('img[src="x"]').count()).toBe(0);
		expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
	}
	await writerContext.close();
	await readerContext.close();
});
