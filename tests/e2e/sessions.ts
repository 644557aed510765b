/** Shortcuts for e2e tests that start on a board: a saved session in the browser, a synced board page. */
import { expect, type BrowserContext, type Page } from '@playwright/test';
import type { CreateWorkshopResponse } from '../../src/lib/api/types.js';
import type { SavedSession } from '../../src/lib/sessions.js';
import type { BoardView } from '../../src/lib/components/board/views.js';

/** Puts a saved session in the browser, as the home page does after creating or joining. */
export async function remember(context: BrowserContext, session: SavedSession): Promise<void> {
	await context.addInitScript((s) => localStorage.setItem('helixboard:sessions', JSON.stringify([s])), session);
}

/** The session a facilitator's browser saves after creating this workshop. */
export function facilitatorSession(created: CreateWorkshopResponse, name = 'Ayu'): SavedSession {
	return {
		workshopId: created.workshopId,
		title: created.title,
		role: 'facilitator',
		token: created.facilitatorToken,
		name,
		boardId: null,
		joinCode: created.joinCode,
		boards: created.boards,
		savedAt: Date.now()
	};
}

/** Opens a board (in one of its views; the map by default) and waits until it is hydrated and online. */
export async function openBoard(page: Page, boardId: string, view?: BoardView): Promise<void> {
	await page.goto(`/b/${boardId}${view && view !== 'map' ? `?view=${view}` : ''}`);
	await page.locator('html[data-hydrated="true"]').waitFor();
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
}
