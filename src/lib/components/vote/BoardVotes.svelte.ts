/**
 * The dot vote as one open board shows it: the vote in progress (from the workshop state), this
 * participant's own dots (only from the server's answers: before the reveal they are in no board
 * doc), placing and taking back dots, and after the reveal the totals the server wrote into the
 * board's `votes` map. Reactive getters; VotePanel creates one per board page and hands it to
 * the cards through context.ts.
 */
import { ApiError, workshopApi } from '$lib/api/workshopClient.js';
import type { MyVotesResponse, VoteState, WorkshopState } from '$lib/api/workshop.js';
import { rankVoted, voteTotals, type RankedItem } from '$lib/board/votes.js';
import { m } from '$lib/paraglide/messages.js';
import type { BoardSession } from '$lib/sync/BoardSession.svelte.js';
import type { Role } from '$lib/sync/protocol.js';

export type VoteKind = 'stakeholders' | 'actions';

export interface BoardVotesOptions {
	session: BoardSession;
	/** The workshop state as it is now (read reactively). */
	state: () => WorkshopState;
	role: Role;
	token: string;
	workshopId: string;
}

const NO_TOTALS: ReadonlyMap<string, number> = new Map();

export class BoardVotes {
	/** This participant's dots in the current vote, as the server last answered. */
	mine = $state.raw<MyVotesResponse | null>(null);
	/** The last refusal, in the reader's language (cleared by the next success). */
	error = $state<string | null>(null);
	/** Placing dots is one request at a time, in click order. */
	private queue: Promise<void> = Promise.resolve();
	private loadedFor: string | null = null;

	constructor(private readonly options: BoardVotesOptions) {}

	get vote(): VoteState | null {
		return this.options.state().vote;
	}

	get isOpen(): boolean {
		return this.vote?.state === 'open';
	}

	/** A participant while a vote is open: the one who places dots. */
	get casting(): boolean {
		return this.options.role === 'participant' && this.isOpen;
	}

	/** Whether this kind of item takes dots in the open vote (for this person). */
	accepts(kind: VoteKind): boolean {
		const targets = this.vote?.targets;
		return this.casting && (targets === 'both' || targets === kind);
	}

	get dots(): number {
		return this.vote?.dots ?? 0;
	}

	/** Own dots placed, on every board. */
	get used(): number {
		return this.current?.used ?? 0;
	}

	get left(): number {
		return Math.max(0, this.dots - this.used);
	}

	/** Own dots on this item of this board. */
	dotsOn(targetId: string): number {
		return this.current?.mine[this.key(targetId)] ?? 0;
	}

	/** Own dots on other boards (placed during the gallery walk). */
	get elsewhere(): number {
		const prefix = `${this.options.session.boardId}:`;
		return Object.entries(this.current?.mine ?? {}).reduce((sum, [key, count]) => (key.startsWith(prefix) ? sum : sum + count), 0);
	}

	/** Revealed totals on this board (none while a vote is open: the server cleared the map). */
	get totals(): ReadonlyMap<string, number> {
		return this.isOpen ? NO_TOTALS : voteTotals(this.options.session.doc);
	}

	totalOn(targetId: string): number {
		return this.totals.get(targetId) ?? 0;
	}

	get ranked(): RankedItem[] {
		const { session } = this.options;
		return rankVoted(this.totals, session.stakeholders.all, session.actionsInOrder);
	}

	/** Fetches own dots when a vote opens (or on a new page); idempotent per vote. */
	async load(): Promise<void> {
		const vote = this.vote;
		if (this.options.role !== 'participant' || !vote || vote.state !== 'open' || this.loadedFor === vote.id) return;
		this.loadedFor = vote.id;
		try {
			this.mine = await workshopApi.myVotes(this.options.workshopId, this.options.token);
		} catch {
			this.loadedFor = null; // tried again on the next change
		}
	}

	add(targetId: string): Promise<void> {
		return this.enqueue(targetId, +1);
	}

	remove(targetId: string): Promise<void> {
		return this.enqueue(targetId, -1);
	}

	/** Runs after the requests before it, so each counts from the answer to the last. */
	private enqueue(targetId: string, step: 1 | -1): Promise<void> {
		const run = this.queue.then(async () => {
			const count = this.dotsOn(targetId) + step;
			if (count < 0) return;
			if (step > 0 && this.left === 0) {
				this.error = m.vote_no_dots_left({ dots: this.dots });
				return;
			}
			try {
				this.mine = await workshopApi.castVote(this.options.session.boardId, this.options.token, { targetId, count });
				this.loadedFor = this.mine.voteId;
				this.error = null;
			} catch (error) {
				this.error = this.messageFor(error);
				// Over the limit means this page's count was behind (another tab, say): catch up.
				if (error instanceof ApiError && error.status === 409 && this.isOpen) await this.reload();
			}
		});
		this.queue = run.catch(() => undefined); // one failure never blocks the clicks after it
		return run;
	}

	private async reload(): Promise<void> {
		this.loadedFor = null;
		await this.load();
	}

	private messageFor(error: unknown): string {
		if (!(error instanceof ApiError)) return m.vote_error_generic();
		// The workshop state says whether the vote is still open; the server's English text is not shown.
		if (error.status === 409) return this.isOpen ? m.vote_no_dots_left({ dots: this.dots }) : m.vote_error_closed();
		if (error.status === 403) return m.vote_error_forbidden();
		if (error.status === 404) return m.vote_error_missing();
		return m.vote_error_generic();
	}

	/** The answer belongs to the vote open now (an older vote's dots count for nothing). */
	private get current(): MyVotesResponse | null {
		return this.mine && this.mine.voteId === this.vote?.id ? this.mine : null;
	}

	private key(targetId: string): string {
		return `${this.options.session.boardId}:${targetId}`;
	}
}

/** Where a board page's VotePanel puts its BoardVotes (see context.ts). */
export class VoteSlot {
	current = $state.raw<BoardVotes | null>(null);
}
