/**
 * The durable state of a Helixboard deployment. Two implementations: SqliteStore (embedded, the
 * default) and, when REDIS_URL is set, a Redis one; both pass tests/unit/store.contract.ts.
 * Every method is async because the Redis implementation is.
 */
import type { WorkshopState } from '../../src/lib/api/workshop.js';

export interface WorkshopRecord {
	id: string;
	title: string;
	joinCode: string;
	createdAt: number;
}

export interface BoardRecord {
	id: string;
	workshopId: string;
	name: string;
	/** Source of truth for the lock; the server mirrors it into the board's meta.locked. */
	locked: boolean;
	/** Removed by the facilitator: hidden from joining and the console, kept (restorable). */
	removed: boolean;
	createdAt: number;
}

export interface ParticipantRecord {
	id: string;
	workshopId: string;
	boardId: string;
	name: string;
	createdAt: number;
}

export interface StoredDoc {
	/** The last compacted state, or null if the board was never compacted. */
	snapshot: Uint8Array | null;
	/** Updates stored after the snapshot, oldest first. */
	updates: Uint8Array[];
	/**
	 * Sequence number of the newest update, or of the last one the snapshot covers when the log is
	 * empty (0 for a board never written); compaction cuts the log here.
	 */
	lastSeq: number;
}

/**
 * Checkpoints a board keeps at most (see Store.addCheckpoint): ~7 MB for a workshop-sized board
 * (~36 KB each), ~80 MB for a 500-stakeholder one; docs/decisions/008-history-checkpoints.md.
 */
export const MAX_CHECKPOINTS = 200;

export interface Checkpoint {
	/** The moment (ms since epoch) whose board state this is. */
	at: number;
	/** The whole board at that moment: a Yjs update (Y.encodeStateAsUpdate) to apply to an empty doc. */
	state: Uint8Array;
}

/** One participant's dots on one item in a vote; `key` is `${boardId}:${targetId}`. */
export interface VoteRecord {
	participantId: string;
	key: string;
	count: number;
}

export type CastVoteOutcome =
	/** Stored; `mine` is every key this participant has dots on now (zero counts left out). */
	| { ok: true; mine: Record<string, number> }
	/** Refused, nothing written: the new total would exceed maxDots; `used` is the total before. */
	| { ok: false; used: number };

/**
 * Named snapshots a board keeps at most (Store.addSnapshot). Unlike checkpoints they are never
 * thinned: a full board refuses new ones (SnapshotLimitReached) until the store is cleaned by hand.
 */
export const MAX_SNAPSHOTS = 100;

/** A named snapshot without its state, as lists show it. */
export interface SnapshotMeta {
	/** URL-safe id, unique per board. */
	id: string;
	/** What the facilitator or group called it ("end of exercise 1"). */
	name: string;
	/** When it was taken (ms since epoch). */
	createdAt: number;
	/** Who took it (a display name). */
	createdBy: string;
}

export interface Snapshot extends SnapshotMeta {
	/** The whole board then: a Yjs update (Y.encodeStateAsUpdate) to apply to an empty doc. */
	state: Uint8Array;
}

export interface Store {
	/**
	 * Creates a workshop, its boards and each board's initial document in one atomic step, so a
	 * join code never points at a half-made workshop. Throws JoinCodeTaken when the code is in use.
	 */
	createWorkshop(workshop: WorkshopRecord, boards: BoardRecord[], initialStates: Map<string, Uint8Array>): Promise<void>;
	getWorkshop(workshopId: string): Promise<WorkshopRecord | null>;
	findWorkshopByJoinCode(joinCode: string): Promise<WorkshopRecord | null>;
	/** Boards of a workshop in the order they were created, removed ones included (callers filter). */
	listBoards(workshopId: string): Promise<BoardRecord[]>;
	getBoard(boardId: string): Promise<BoardRecord | null>;
	setBoardLocked(boardId: string, locked: boolean): Promise<void>;
	/** Adds a board (last in order) with its initial document to an existing workshop; rejects for an unknown workshop. */
	addBoard(board: BoardRecord, initialState: Uint8Array): Promise<void>;
	/** Renames and/or removes (soft) a board; unknown boards are ignored. */
	updateBoard(boardId: string, change: { name?: string; removed?: boolean }): Promise<void>;

	addParticipant(participant: ParticipantRecord): Promise<void>;
	getParticipant(participantId: string): Promise<ParticipantRecord | null>;
	/** A workshop's participants, oldest first. */
	listParticipants(workshopId: string): Promise<ParticipantRecord[]>;
	/** Moves a participant to another group board (the caller checks it is of the same workshop). */
	moveParticipant(participantId: string, boardId: string): Promise<void>;

	/**
	 * The live state of a workshop (src/lib/api/workshop.ts); EMPTY_WORKSHOP_STATE's values for
	 * what was never set. Unknown workshop: the empty state.
	 */
	getWorkshopState(workshopId: string): Promise<WorkshopState>;
	/**
	 * Replaces the given top-level sections atomically and returns the whole new state (`null`
	 * clears a section, `undefined` ones are ignored). Rejects, writing nothing, for an unknown
	 * workshop (a late call cannot bring a deleted one back) or an unknown section.
	 */
	patchWorkshopState(workshopId: string, patch: Partial<WorkshopState>): Promise<WorkshopState>;

	/**
	 * Sets one participant's dots on one item of a vote, atomically checking that their total over
	 * the whole vote stays <= maxDots (two requests racing cannot both pass). count 0 removes.
	 * Rejects for an unknown workshop, counts that are not non-negative integers, or a participant
	 * id that is empty or contains `|`.
	 */
	castVote(workshopId: string, voteId: string, participantId: string, key: string, count: number, maxDots: number): Promise<CastVoteOutcome>;
	/** Every participant's dots in a vote (zero counts left out). */
	listVotes(workshopId: string, voteId: string): Promise<VoteRecord[]>;

	/**
	 * Deletes a workshop and everything of it (boards, logs, checkpoints, snapshots, participants,
	 * votes, state, join code) for good. Unknown workshop: nothing happens. Afterwards appendUpdate
	 * and addCheckpoint on its boards reject, so a room still open cannot write it back.
	 */
	deleteWorkshop(workshopId: string): Promise<void>;

	/** Everything needed to rebuild a board's Y.Doc: snapshot plus the updates after it. */
	loadDoc(boardId: string): Promise<StoredDoc>;
	/**
	 * Appends one Yjs update to the board's log and resolves only once it is durable: the room
	 * sends an update to other clients only after this resolves (the durability rule).
	 */
	appendUpdate(boardId: string, update: Uint8Array): Promise<number>;
	/**
	 * Replaces the snapshot and drops the updates up to `uptoSeq`, which the snapshot must contain
	 * (build it from loadDoc, not from a room's doc: with several instances a room may not have seen
	 * every stored update yet). Later updates stay, so an append racing with compaction is never
	 * lost. Atomic; a compaction that covers no more than the stored snapshot already does changes
	 * nothing and resolves false, so two instances compacting at once cannot lose updates.
	 */
	compactDoc(boardId: string, snapshot: Uint8Array, uptoSeq: number): Promise<boolean>;

	/**
	 * History for "what changed since…" views: stores the whole state of a board as it was at
	 * `at` (ms since epoch, a safe non-negative integer; a second checkpoint at the same `at`
	 * replaces the first). Update logs are compacted, so checkpoints are the only record of past
	 * states; the room writes one at most every CHECKPOINT_INTERVAL_MS (server/rooms/Room.ts).
	 *
	 * Retention, in the same atomic step: a board keeps at most MAX_CHECKPOINTS. When there are
	 * more, the checkpoint whose removal leaves the smallest gap between its two neighbours
	 * (next.at - previous.at) goes, the oldest such on a tie, until MAX_CHECKPOINTS remain; the first
	 * (oldest) and the newest are never dropped. Dense stretches thin out first, so old history gets
	 * sparser but the checkpoints keep spanning the whole life of the board.
	 *
	 * Rejects for a board that does not exist (nothing is written).
	 */
	addCheckpoint(boardId: string, at: number, state: Uint8Array): Promise<void>;
	/** The times of a board's checkpoints, oldest first ([] for none or an unknown board). */
	listCheckpoints(boardId: string): Promise<number[]>;
	/** The newest checkpoint with at <= atOrBefore, or null when every checkpoint is later (or none exists). */
	getCheckpoint(boardId: string, atOrBefore: number): Promise<Checkpoint | null>;

	/**
	 * Keeps a named snapshot of a board forever (never thinned, not counted in MAX_BOARD_BYTES).
	 * Rejects, writing nothing, for an unknown board, an id the board already has
	 * (SnapshotIdTaken), or a board that already has MAX_SNAPSHOTS (SnapshotLimitReached).
	 */
	addSnapshot(boardId: string, snapshot: Snapshot): Promise<void>;
	/** A board's snapshots without their states, newest first ([] for none or an unknown board). */
	listSnapshots(boardId: string): Promise<SnapshotMeta[]>;
	/** One snapshot with its state, or null when the board has no such snapshot. */
	getSnapshot(boardId: string, snapshotId: string): Promise<Snapshot | null>;

	/** Resolves when the store can serve requests (used by /healthz). */
	ping(): Promise<void>;
	close(): Promise<void>;
}

/**
 * Which checkpoint retention drops from `times` (ascending, more than MAX_CHECKPOINTS): the index
 * of the one whose removal leaves the smallest gap between its neighbours, the oldest on a tie;
 * never the first or the last. -1 when there are fewer than three.
 */
export function checkpointToDrop(times: readonly number[]): number {
	let best = -1;
	let bestGap = Infinity;
	for (let i = 1; i < times.length - 1; i++) {
		const gap = times[i + 1] - times[i - 1];
		if (gap < bestGap) {
			best = i;
			bestGap = gap;
		}
	}
	return best;
}

/** Throws unless `at` can be a checkpoint time (ms since epoch as a safe non-negative integer). */
export function assertCheckpointTime(at: number): void {
	if (!Number.isSafeInteger(at) || at < 0) throw new RangeError(`a checkpoint time must be a non-negative integer (ms), got ${at}`);
}

export class JoinCodeTaken extends Error {
	constructor() {
		super('join code already in use');
	}
}

export class SnapshotLimitReached extends Error {
	constructor() {
		super(`this board already has ${MAX_SNAPSHOTS} snapshots, the most it may keep`);
	}
}

export class SnapshotIdTaken extends Error {
	constructor() {
		super('this board already has a snapshot with that id');
	}
}

/** Throws unless `snapshot` has the fields addSnapshot needs (a store-level guard; the API validates first). */
export function assertSnapshot(snapshot: Snapshot): void {
	if (typeof snapshot.id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(snapshot.id)) throw new RangeError('a snapshot id must be 1–64 URL-safe characters');
	if (typeof snapshot.name !== 'string' || typeof snapshot.createdBy !== 'string') throw new TypeError('a snapshot needs a name and an author');
	if (!Number.isSafeInteger(snapshot.createdAt) || snapshot.createdAt < 0) throw new RangeError('a snapshot time must be a non-negative integer (ms)');
	if (!(snapshot.state instanceof Uint8Array)) throw new TypeError('a snapshot state must be bytes');
}
