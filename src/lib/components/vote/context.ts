/**
 * Hands a board page's dot vote (BoardVotes) to the stakeholder cards and action rows without
 * threading props through every view, and without a second context the board page would have to
 * set: the vote is filed under the page's BoardSession (which those components already get from
 * context). VotePanel files it; VoteDots reads it; with no VotePanel on the page no dots are drawn.
 */
import type { BoardSession } from '$lib/sync/BoardSession.svelte.js';
import { VoteSlot } from './BoardVotes.svelte.js';

const slots = new WeakMap<BoardSession, VoteSlot>();

/** The slot of this board page (the same object for the panel and every card); read `.current` reactively. */
export function votesOf(session: BoardSession): VoteSlot {
	let slot = slots.get(session);
	if (!slot) slots.set(session, (slot = new VoteSlot()));
	return slot;
}
