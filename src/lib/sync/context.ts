/** Hands the page's BoardSession to its components (one per board, never a module singleton). */
import { getContext, setContext } from 'svelte';
import type { BoardSession } from './BoardSession.svelte.js';

const KEY = Symbol('board-session');

export function setBoardSession(session: BoardSession): BoardSession {
	return setContext(KEY, session);
}

export function useBoardSession(): BoardSession {
	const session = getContext<BoardSession | undefined>(KEY);
	if (!session) throw new Error('useBoardSession() outside a board page');
	return session;
}
