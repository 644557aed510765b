/**
 * Workshops this browser has joined or created, kept in localStorage so a reload or a return days
 * later lands back in the same board with the same name and role.
 */
import type { BoardSummary } from './api/types.js';
import type { Role } from './sync/protocol.js';

export interface SavedSession {
	workshopId: string;
	title: string;
	role: Role;
	token: string;
	/** The participant's display name, or the facilitator's. */
	name: string;
	/** The participant's own group board; null for facilitators. */
	boardId: string | null;
	joinCode: string | null;
	boards: BoardSummary[];
	savedAt: number;
}

const KEY = 'helixboard:sessions';

function storage(): Storage | null {
	return typeof localStorage === 'undefined' ? null : localStorage;
}

export function listSessions(): SavedSession[] {
	try {
		const parsed: unknown = JSON.parse(storage()?.getItem(KEY) ?? '[]');
		return Array.isArray(parsed) ? (parsed as SavedSession[]) : [];
	} catch {
		return [];
	}
}

/** One session per workshop and role; a facilitator session wins over a participant one on reads. */
export function saveSession(session: SavedSession): void {
	const others = listSessions().filter((s) => !(s.workshopId === session.workshopId && s.role === session.role));
	storage()?.setItem(KEY, JSON.stringify([session, ...others]));
}

export function forgetSession(workshopId: string, role: Role): void {
	storage()?.setItem(KEY, JSON.stringify(listSessions().filter((s) => !(s.workshopId === workshopId && s.role === role))));
}

/** The session that opens this board: the facilitator's if this browser has one, else the participant's. */
export function sessionForBoard(boardId: string): SavedSession | null {
	const matching = listSessions().filter((s) => s.boards.some((b) => b.boardId === boardId));
	return matching.find((s) => s.role === 'facilitator') ?? matching[0] ?? null;
}

/**
 * The participant session to continue with on a join link: this device's participant session for
 * the workshop, as long as its group still exists among the workshop's boards.
 */
export function participantSessionFor(
	sessions: readonly SavedSession[],
	workshopId: string,
	boards: readonly BoardSummary[]
): SavedSession | null {
	return (
		sessions.find(
			(s) => s.workshopId === workshopId && s.role === 'participant' && !!s.boardId && boards.some((b) => b.boardId === s.boardId)
		) ?? null
	);
}

/** This device's facilitator session for a workshop, or null. */
export function facilitatorSessionFor(sessions: readonly SavedSession[], workshopId: string): SavedSession | null {
	return sessions.find((s) => s.workshopId === workshopId && s.role === 'facilitator') ?? null;
}
