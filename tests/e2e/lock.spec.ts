/**
 * A facilitator locks a group's board: the participant's screen turns read-only at once, a write
 * the participant's browser still makes is dropped by the server, and unlocking hands the board back.
 */
import { expect, test } from '@playwright/test';
import type { CreateWorkshopResponse, JoinResponse } from '../../src/lib/api/types.js';
import { openBoard, remember } from './sessions.js';

test('locking a board makes it read-only for participants, enforced by the server', async ({ browser, request }) => {
	const created = (await (await request.post('/api/workshops', { data: { title: 'Lock drill', groups: 2 } })).json()) as CreateWorkshopResponse;
	const board = created.boards[0];
	const joined = (await (
		await request.post('/api/join', { data: { joinCode: created.joinCode, name: 'Nurlan', boardId: board.boardId } })
	).json()) as JoinResponse;
	const common = { workshopId: created.workshopId, title: created.title, joinCode: created.joinCode, boards: created.boards, savedAt: Date.now() };

	const facilitatorContext = await browser.newContext();
	await remember(facilitatorContext, { ...common, role: 'facilitator', token: created.facilitatorToken, name: 'Ayu', boardId: null });
	const participantContext = await browser.newContext();
	await remember(participantContext, { ...common, role: 'participant', token: joined.participantToken, name: 'Nurlan', boardId: board.boardId });
	const facilitator = await facilitatorContext.newPage();
	const participant = await participantContext.newPage();
	await openBoard(facilitator, board.boardId, 'notes');
	await openBoard(participant, board.boardId, 'notes');

	// Participants see no lock control; the facilitator does.
	await expect(participant.getByTestId('lock-toggle')).toHaveCount(0);
	await expect(participant.getByTestId('add-note')).toBeVisible();

	await facilitator.getByTestId('lock-toggle').click();
	await expect(facilitator.getByTestId('lock-toggle')).toHaveAttribute('aria-pressed', 'true');
	await expect(participant.getByTestId('read-only-banner')).toContainText('locked');
	await expect(participant.getByTestId('add-note')).toHaveCount(0);
	// The facilitator still edits a locked board.
	await facilitator.getByTestId('add-note').click();
	await facilitator.getByTestId('note-text').first().fill('Only the facilitator writes now');
	await expect(participant.getByTestId('note-text')).toHaveValue('Only the facilitator writes now');

	// The UI only reflects the lock: a write forced from the participant's browser is refused by
	// the server, and the browser drops it too.
	await participant.evaluate(() => {
		const text = document.querySelector<HTMLTextAreaElement>('[data-testid="note-text"]')!;
		text.readOnly = false;
		text.disabled = false;
		text.value = 'sneaky edit';
		text.dispatchEvent(new Event('input', { bubbles: true }));
	});
	await expect(participant.getByTestId('refused-writes')).toBeVisible();
	await expect(participant.getByTestId('note-text')).toHaveValue('Only the facilitator writes now');
	await expect(facilitator.getByTestId('note-text')).toHaveValue('Only the facilitator writes now');

	await facilitator.getByTestId('lock-toggle').click();
	await expect(participant.getByTestId('read-only-banner')).toHaveCount(0);
	await participant.getByTestId('add-note').click();
	await expect(facilitator.getByTestId('note')).toHaveCount(2);

	await facilitatorContext.close();
	await participantContext.close();
});
