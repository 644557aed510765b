/**
 * Dot voting (docs/design/facilitation.md, "Votes"): dots are cast through the API and kept in the
 * store, where Store.castVote enforces each participant's limit atomically; no board doc holds
 * them until the facilitator reveals. Reveal writes each board's totals into its `votes` map
 * (format v1: Y.Map<target id, Y.Map<participant id, number>>) as one server-made change per board,
 * through the room (stored before anyone receives it, like every update). Opening a vote clears
 * every board's map; closing leaves the results on the boards.
 *
 * The HTTP side (who may call what, request bodies) is server/http/voteRoutes.ts.
 */
import * as Y from 'yjs';
import type { MyVotesResponse, VoteProgressResponse, VoteState, VoteTargets, WorkshopState } from '../../src/lib/api/workshop.js';
import { newId } from '../../src/lib/board/ids.js';
import { collection } from '../../src/lib/board/doc.js';
import type { GrantedAccess } from '../auth/access.js';
import type { Store, VoteRecord } from '../store/Store.js';
import { mayRead, type WorkshopHub } from './WorkshopHub.js';

/** A refusal with the HTTP status it maps to; voteRoutes.ts turns it into an `{ error }` answer. */
export class VoteError extends Error {
	constructor(
		readonly status: 400 | 403 | 404 | 409,
		message: string
	) {
		super(message);
	}
}

/** What votes need of a loaded board (server/rooms/Room.ts). */
export interface VoteRoom {
	readonly doc: Y.Doc;
	/**
	 * Runs `change` on the room's doc as one server-made update in the room's write queue: stored,
	 * then sent to every client (the durability rule).
	 */
	serverChange(change: (doc: Y.Doc) => void): Promise<void>;
}

export interface VoteDeps {
	store: Store;
	hub: Pick<WorkshopHub, 'state' | 'update'>;
	rooms: { acquire(boardId: string): Promise<VoteRoom | null> };
}

// ── pure parts (unit-tested) ────────────────────────────────────────────────

/** Stored votes by board, then target, then participant. Keys are `${boardId}:${targetId}`. */
export function groupVotes(records: readonly VoteRecord[]): Map<string, Map<string, Map<string, number>>> {
	const byBoard = new Map<string, Map<string, Map<string, number>>>();
	for (const { participantId, key, count } of records) {
		const split = key.indexOf(':');
		if (split <= 0 || count <= 0) continue;
		const boardId = key.slice(0, split);
		const targetId = key.slice(split + 1);
		let byTarget = byBoard.get(boardId);
		if (!byTarget) byBoard.set(boardId, (byTarget = new Map()));
		let byParticipant = byTarget.get(targetId);
		if (!byParticipant) byTarget.set(targetId, (byParticipant = new Map()));
		byParticipant.set(participantId, count);
	}
	return byBoard;
}

/**
 * Makes the board's `votes` map hold exactly these results, for items that still exist (dots on
 * an item deleted while the vote was open are dropped). Call inside one transaction.
 */
export function writeVoteResults(doc: Y.Doc, results: ReadonlyMap<string, ReadonlyMap<string, number>>): void {
	clearVotes(doc);
	const votes = collection(doc, 'votes');
	for (const [targetId, byParticipant] of results) {
		if (!targetKind(doc, targetId)) continue;
		const counts = new Y.Map<number>();
		for (const participantId of [...byParticipant.keys()].sort()) counts.set(participantId, byParticipant.get(participantId)!);
		votes.set(targetId, counts);
	}
}

export function clearVotes(doc: Y.Doc): void {
	const votes = collection(doc, 'votes');
	for (const targetId of [...votes.keys()]) votes.delete(targetId);
}

function targetKind(doc: Y.Doc, targetId: string): 'stakeholders' | 'actions' | null {
	if (collection(doc, 'stakeholders').get(targetId) instanceof Y.Map) return 'stakeholders';
	if (collection(doc, 'actions').get(targetId) instanceof Y.Map) return 'actions';
	return null;
}

function allows(targets: VoteTargets, kind: 'stakeholders' | 'actions'): boolean {
	return targets === 'both' || targets === kind;
}

function myVotes(vote: VoteState, mine: Record<string, number>): MyVotesResponse {
	const used = Object.values(mine).reduce((sum, count) => sum + count, 0);
	return { voteId: vote.id, dots: vote.dots, used, mine };
}

// ── facilitator ─────────────────────────────────────────────────────────────

/** Starts a new vote (any earlier one ends; its dots stay stored under its own id) and clears every board's results. */
export async function openVote(deps: VoteDeps, workshopId: string, options: { dots: number; targets: VoteTargets }): Promise<WorkshopState> {
	const vote: VoteState = { id: newId(), targets: options.targets, dots: options.dots, state: 'open', openedAt: Date.now() };
	await forEachBoard(deps, workshopId, (doc) => clearVotes(doc));
	return deps.hub.update(workshopId, { vote });
}

/**
 * Ends casting, then writes the totals into the boards. The state turns 'revealed' before the
 * dots are read, so a dot cast meanwhile is refused (see castVote) rather than silently left out.
 * Revealing again rewrites the same results.
 */
export async function revealVote(deps: VoteDeps, workshopId: string): Promise<WorkshopState> {
	const vote = await currentVote(deps, workshopId);
	if (vote.state === 'closed') throw new VoteError(409, 'this vote is closed; open a new one');
	const state = vote.state === 'revealed' ? await deps.hub.state(workshopId) : await deps.hub.update(workshopId, { vote: { ...vote, state: 'revealed' } });
	const byBoard = groupVotes(await deps.store.listVotes(workshopId, vote.id));
	await forEachBoard(deps, workshopId, (doc, boardId) => writeVoteResults(doc, byBoard.get(boardId) ?? new Map()));
	return state;
}

/** Ends the vote; revealed results stay on the boards. */
export async function closeVote(deps: VoteDeps, workshopId: string): Promise<WorkshopState> {
	const vote = await currentVote(deps, workshopId);
	if (vote.state === 'closed') return deps.hub.state(workshopId);
	return deps.hub.update(workshopId, { vote: { ...vote, state: 'closed' } });
}

export async function voteProgress(deps: VoteDeps, workshopId: string): Promise<VoteProgressResponse> {
	const { vote } = await deps.hub.state(workshopId);
	if (!vote) return { voteId: null, voters: 0, dotsCast: 0 };
	const records = await deps.store.listVotes(workshopId, vote.id);
	return {
		voteId: vote.id,
		voters: new Set(records.filter((r) => r.count > 0).map((r) => r.participantId)).size,
		dotsCast: records.reduce((sum, r) => sum + Math.max(0, r.count), 0)
	};
}

// ── participants ────────────────────────────────────────────────────────────

/** This participant's dots in the current vote (whatever its state). */
export async function ownVotes(deps: VoteDeps, workshopId: string, participantId: string): Promise<MyVotesResponse> {
	const vote = await currentVote(deps, workshopId);
	const records = await deps.store.listVotes(workshopId, vote.id);
	const mine = records.filter((r) => r.participantId === participantId && r.count > 0);
	return myVotes(vote, Object.fromEntries(mine.map((r) => [r.key, r.count])));
}

/**
 * Sets the participant's dots on one item of a board they may read (their own, or any while the
 * gallery walk is open). Taking dots back (count 0) works on items deleted since; placing them
 * needs an existing item of a kind the vote is about.
 */
export async function castVote(
	deps: VoteDeps,
	access: GrantedAccess & { participantId: string },
	boardId: string,
	{ targetId, count }: { targetId: string; count: number }
): Promise<MyVotesResponse> {
	const { workshopId, participantId } = access;
	const state = await deps.hub.state(workshopId);
	const vote = state.vote;
	if (!vote || vote.state !== 'open') throw new VoteError(409, 'no vote is open');
	if (!mayRead(access, boardId, state)) throw new VoteError(403, 'you may vote on your own board, and on others only during the gallery walk');
	if (count > 0) {
		const room = await deps.rooms.acquire(boardId);
		if (!room) throw new VoteError(404, 'unknown board');
		const kind = targetKind(room.doc, targetId);
		if (!kind) throw new VoteError(404, 'this board has no such stakeholder or action');
		if (!allows(vote.targets, kind)) throw new VoteError(400, vote.targets === 'actions' ? 'this vote is on actions only' : 'this vote is on stakeholders only');
	}
	const outcome = await deps.store.castVote(workshopId, vote.id, participantId, `${boardId}:${targetId}`, count, vote.dots);
	if (!outcome.ok) {
		throw new VoteError(409, outcome.used >= vote.dots ? `you have used all ${vote.dots} dots` : `you have only ${vote.dots - outcome.used} of your ${vote.dots} dots left`);
	}
	// Revealing turns the state before it reads the dots: still open now means this dot is counted.
	const after = (await deps.hub.state(workshopId)).vote;
	if (after?.id !== vote.id || after.state !== 'open') throw new VoteError(409, 'the vote ended before your dot was counted');
	return myVotes(vote, outcome.mine);
}

// ── helpers ─────────────────────────────────────────────────────────────────

async function currentVote(deps: VoteDeps, workshopId: string): Promise<VoteState> {
	const { vote } = await deps.hub.state(workshopId);
	if (!vote) throw new VoteError(404, 'no vote has been opened in this workshop');
	return vote;
}

/** One server-made change per board of the workshop (removed boards too: they may be restored). */
async function forEachBoard(deps: VoteDeps, workshopId: string, change: (doc: Y.Doc, boardId: string) => void): Promise<void> {
	const boards = await deps.store.listBoards(workshopId);
	await Promise.all(
		boards.map(async (board) => {
			const room = await deps.rooms.acquire(board.id);
			await room?.serverChange((doc) => change(doc, board.id));
		})
	);
}
