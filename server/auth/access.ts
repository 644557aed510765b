/** Decides, once per connection or request, what a token allows on a board. */
import type { BoardAccess } from '../../src/lib/sync/access.js';
import { RefusalReason } from '../../src/lib/sync/protocol.js';
import type { BoardRecord, Store } from '../store/Store.js';
import { mayRead } from '../workshop/WorkshopHub.js';
import { verifyToken } from './tokens.js';

export interface GrantedAccess extends BoardAccess {
	workshopId: string;
	participantId: string | null;
}

export type BoardAuthorization =
	| { ok: true; access: GrantedAccess; board: BoardRecord }
	| { ok: false; reason: typeof RefusalReason.Unauthorized | typeof RefusalReason.Forbidden };

/**
 * A facilitator of the board's workshop may connect to every board of it. A participant may read
 * their own group's board, and another group's only while the workshop state allows it (gallery
 * walk open, or that board presented to everyone: mayRead); they write their own (canWriteBoard).
 * Their own board is the one the store has for them now, not the one in their token, so a
 * participant the facilitator moved keeps using the same token; a participant the store does not
 * know (their workshop was deleted) is refused, and so is a removed board.
 *
 * No or a bad token is "unauthorized"; a good token for another workshop, a board that does not
 * exist, or one this token may not read is "forbidden".
 */
export async function authorizeBoard(store: Store, secret: string, token: unknown, boardId: unknown): Promise<BoardAuthorization> {
	const claims = verifyToken(token, secret);
	if (!claims) return { ok: false, reason: RefusalReason.Unauthorized };
	const board = typeof boardId === 'string' ? await store.getBoard(boardId) : null;
	if (!board || board.workshopId !== claims.workshopId) return { ok: false, reason: RefusalReason.Forbidden };
	if (claims.kind === 'facilitator') {
		return { ok: true, access: { role: 'facilitator', workshopId: claims.workshopId, participantId: null, ownBoardId: null }, board };
	}
	const [participant, state] = await Promise.all([store.getParticipant(claims.participantId), store.getWorkshopState(claims.workshopId)]);
	if (!participant || participant.workshopId !== claims.workshopId || board.removed) return { ok: false, reason: RefusalReason.Forbidden };
	const access: GrantedAccess = { role: 'participant', workshopId: claims.workshopId, participantId: participant.id, ownBoardId: participant.boardId };
	if (!mayRead(access, board.id, state)) return { ok: false, reason: RefusalReason.Forbidden };
	return { ok: true, access, board };
}
