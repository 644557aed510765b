/**
 * The durable state of a Helixboard deployment. Two implementations: SqliteStore (embedded, the
 * default) and, when REDIS_URL is set, a Redis one; both pass tests/unit/store.contract.ts.
 * Every method is async because the Redis implementation is.
 */

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

export interface Store {
	/**
	 * Creates a workshop, its boards and each board's initial document in one atomic step, so a
	 * join code never points at a half-made workshop. Throws JoinCodeTaken when the code is in use.
	 */
	createWorkshop(workshop: WorkshopRecord, boards: BoardRecord[], initialStates: Map<string, Uint8Array>): Promise<void>;
	getWorkshop(workshopId: string): Promise<WorkshopRecord | null>;
	findWorkshopByJoinCode(joinCode: string): Promise<WorkshopRecord | null>;
	/** Boards of a workshop in the order they were created. */
	listBoards(workshopId: string): Promise<BoardRecord[]>;
	getBoard(boardId: string): Promise<BoardRecord | null>;
	setBoardLocked(boardId: string, locked: boolean): Promise<void>;
	addParticipant(participant: ParticipantRecord): Promise<void>;

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

	/** Resolves when the store can serve requests (used by /healthz). */
	ping(): Promise<void>;
	close(): Promise<void>;
}

export class JoinCodeTaken extends Error {
	constructor() {
		super('join code already in use');
	}
}
