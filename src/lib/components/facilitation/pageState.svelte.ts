/**
 * What the live workshop needs to remember across board pages of this tab: the board page is
 * re-created on every board switch (following a presenter does that), these values are not.
 */
import type { BoardSummary } from '$lib/api/types.js';
import { workshopApi } from '$lib/api/workshopClient.js';
import { listSessions, saveSession, type SavedSession } from '$lib/sessions.js';
import { ZeroSignal } from '$lib/sync/workshopRules.js';

const STEPPED_AWAY_KEY = 'helixboard:stepped-away';

function storedSteppedAway(): number | null {
	const value = typeof sessionStorage === 'undefined' ? null : Number(sessionStorage.getItem(STEPPED_AWAY_KEY));
	return value ? value : null;
}

let steppedAwayFrom = $state(storedSteppedAway());

/** Kept for the tab's life (a reload while stepped away stays away). */
export const follow = {
	/** The presentation (its `since`) this participant stepped away from; a new one pulls them back. */
	get steppedAwayFrom(): number | null {
		return steppedAwayFrom;
	},
	set steppedAwayFrom(since: number | null) {
		steppedAwayFrom = since;
		if (typeof sessionStorage === 'undefined') return;
		if (since === null) sessionStorage.removeItem(STEPPED_AWAY_KEY);
		else sessionStorage.setItem(STEPPED_AWAY_KEY, String(since));
	}
};

/** A short message for the next board page (moved to another group, access ended). */
export const notice = $state({ text: null as string | null });

/** One per tab, so a run's zero signal sounds once however many board pages see it end. */
export const zeroSignal = new ZeroSignal();

/** The stored copy of the session: it may be newer than the page's (a move updates it). */
function latestOf(saved: SavedSession): SavedSession {
	return listSessions().find((s) => s.workshopId === saved.workshopId && s.role === saved.role) ?? saved;
}

/** The workshop's boards as the server has them now (a facilitator may have added some); saved ones when offline. */
async function currentBoards(saved: SavedSession): Promise<BoardSummary[]> {
	const latest = latestOf(saved);
	try {
		if (latest.role === 'facilitator') return (await workshopApi.info(latest.workshopId, latest.token)).boards;
		if (latest.joinCode) {
			const response = await fetch(`/api/join/${encodeURIComponent(latest.joinCode)}`, { headers: { accept: 'application/json' } });
			if (response.ok) return ((await response.json()) as { boards: BoardSummary[] }).boards;
		}
	} catch {
		// Offline or refused: what this device knows.
	}
	return latest.boards;
}

/**
 * Makes sure the saved session knows a board (one added after joining, say), so the board page
 * opens it; falls back to an unnamed entry. Returns the boards as saved.
 */
export async function rememberBoard(saved: SavedSession, boardId: string): Promise<BoardSummary[]> {
	const latest = latestOf(saved);
	if (latest.boards.some((b) => b.boardId === boardId)) return latest.boards;
	let boards = (await currentBoards(latest)).map(({ boardId, name }) => ({ boardId, name }));
	if (!boards.some((b) => b.boardId === boardId)) boards = [...boards, { boardId, name: '' }];
	saveSession({ ...latestOf(saved), boards });
	return boards;
}
