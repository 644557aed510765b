/**
 * Who may write a board. The server enforces this on every frame; the app uses the same rule only
 * to disable editing it would refuse anyway.
 */
import type { Role } from './protocol.js';

export interface BoardAccess {
	role: Role;
	/** The participant's own group board; null for facilitators. */
	ownBoardId: string | null;
}

export function canWriteBoard(access: BoardAccess, boardId: string, locked: boolean): boolean {
	if (access.role === 'facilitator') return true;
	return access.ownBoardId === boardId && !locked;
}
