/** Decides, once per connection or request, what a token allows on a board. */
import type { BoardAccess } from '../../src/lib/sync/access.js';
import { RefusalReason } from '../../src/lib/sync/protocol.js';
import type { BoardRecord, Store } from '../store/Store.js';
import { verifyToken } from './tokens.js';

export interface GrantedAccess extends BoardAccess {
	workshopId: string;
	participantId: string | null;
}

export type BoardAuthorization =
	| { ok: true; access: GrantedAccess; board: BoardRecord }
	| { ok: false; reason: typeof RefusalReason.Unauthorized | typeof RefusalReason.Forbidden };

/**
 * A member of the board's workshop may connect (participants read every group's board and write
 * their own). No or a bad token is "unauthorized"; a good token for another workshop, or a board
 * that does not exist, is "forbidden".
 */
export async function authorizeBoard(store: Store, secret: string, token: unknown, boardId: unknown): Promise<BoardAuthorization> {
	const claims = verifyToken(token, secret);
	if (!claims) return { ok: false, reason: RefusalReason.Unauthorized };
	const board = typeof boardId === 'string' ? await store.getBoard(boardId) : null;
	if (!board || board.workshopId !== claims.workshopId) return { ok: false, reason: RefusalReason.Forbidden };
	const access: GrantedAccess =
		claims.kind === 'facilitator'
			? { role: 'facilitator', workshopId: claims.workshopId, participantId: null, ownBoardId: null }
			: { role: 'participant', workshopId: claims.workshopId, participantId: claims.participantId, ownBoardId: claims.boardId };
	return { ok: true, access, board };
}
