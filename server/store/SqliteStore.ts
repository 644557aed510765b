/**
 * The embedded store: one SQLite file in DATA_DIR (better-sqlite3, WAL). Writes are synchronous
 * and committed with synchronous=FULL, so an acknowledged update survives a killed process and a
 * power cut alike. Board updates are group-committed, in a writer thread for a file
 * (sqliteAppends.ts).
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { WorkshopState } from '../../src/lib/api/workshop.js';
import { assertVote, mergeWorkshopState, workshopStatePatch } from './facilitation.js';
import { createAppendLog, type AppendLog } from './sqliteAppends.js';
import {
	assertCheckpointTime,
	assertSnapshot,
	checkpointToDrop,
	JoinCodeTaken,
	MAX_CHECKPOINTS,
	MAX_SNAPSHOTS,
	SnapshotIdTaken,
	SnapshotLimitReached,
	type Snapshot,
	type SnapshotMeta,
	type BoardRecord,
	type CastVoteOutcome,
	type ParticipantRecord,
	type Store,
	type StoredDoc,
	type VoteRecord,
	type WorkshopRecord
} from './Store.js';

const SCHEMA_VERSION = 5;

/** Whole board states at past moments, for "what changed since…" (Store.addCheckpoint). */
const CHECKPOINTS_TABLE = `
CREATE TABLE board_checkpoints (
	board_id TEXT NOT NULL REFERENCES boards(id),
	at INTEGER NOT NULL,
	data BLOB NOT NULL,
	PRIMARY KEY (board_id, at)
);
`;

/**
 * Named snapshots, kept forever (Store.addSnapshot); `position` orders snapshots taken in the same
 * millisecond. Not to be confused with board_snapshots, the compacted state of the update log.
 */
const NAMED_SNAPSHOTS_TABLE = `
CREATE TABLE board_named_snapshots (
	position INTEGER PRIMARY KEY AUTOINCREMENT,
	board_id TEXT NOT NULL REFERENCES boards(id),
	id TEXT NOT NULL,
	name TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	created_by TEXT NOT NULL,
	data BLOB NOT NULL,
	UNIQUE (board_id, id)
);
`;

/**
 * Facilitation (issue 6): the live workshop state, one JSON value per top-level section of
 * WorkshopState (Store.patchWorkshopState), and the dots of dot votes (Store.castVote), kept per
 * vote id so an old vote's dots never count in a new one.
 */
const FACILITATION_TABLES = `
CREATE TABLE workshop_state (
	workshop_id TEXT NOT NULL REFERENCES workshops(id),
	section TEXT NOT NULL,
	json TEXT NOT NULL,
	PRIMARY KEY (workshop_id, section)
);
CREATE TABLE votes (
	workshop_id TEXT NOT NULL REFERENCES workshops(id),
	vote_id TEXT NOT NULL,
	participant_id TEXT NOT NULL,
	key TEXT NOT NULL,
	count INTEGER NOT NULL,
	PRIMARY KEY (workshop_id, vote_id, participant_id, key)
);
CREATE INDEX participants_by_workshop ON participants(workshop_id, created_at);
`;

/**
 * Version 1 → 2: snapshots remember the last update they contain (safe concurrent compaction).
 * Version 2 → 3: board checkpoints (history); existing boards start with none.
 * Version 3 → 4: named snapshots; existing boards start with none.
 * Version 4 → 5: removed boards, workshop state, votes; existing boards stay in use (removed = 0).
 */
const MIGRATIONS: Record<number, string> = {
	1: 'ALTER TABLE board_snapshots ADD COLUMN upto_seq INTEGER NOT NULL DEFAULT 0;',
	2: CHECKPOINTS_TABLE,
	3: NAMED_SNAPSHOTS_TABLE,
	4: `ALTER TABLE boards ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;${FACILITATION_TABLES}`
};

const SCHEMA = `
CREATE TABLE workshops (
	id TEXT PRIMARY KEY,
	title TEXT NOT NULL,
	join_code TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL
);
CREATE TABLE boards (
	id TEXT PRIMARY KEY,
	workshop_id TEXT NOT NULL REFERENCES workshops(id),
	name TEXT NOT NULL,
	locked INTEGER NOT NULL DEFAULT 0,
	position INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	removed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX boards_by_workshop ON boards(workshop_id, position);
CREATE TABLE participants (
	id TEXT PRIMARY KEY,
	workshop_id TEXT NOT NULL REFERENCES workshops(id),
	board_id TEXT NOT NULL REFERENCES boards(id),
	name TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE TABLE board_snapshots (
	board_id TEXT PRIMARY KEY REFERENCES boards(id),
	data BLOB NOT NULL,
	updated_at INTEGER NOT NULL,
	upto_seq INTEGER NOT NULL DEFAULT 0
);
-- The update log; created_at is kept for "what changed since" views.
CREATE TABLE board_updates (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	board_id TEXT NOT NULL REFERENCES boards(id),
	data BLOB NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX board_updates_by_board ON board_updates(board_id, seq);
${CHECKPOINTS_TABLE}${NAMED_SNAPSHOTS_TABLE}${FACILITATION_TABLES}`;

interface BoardRow {
	id: string;
	workshop_id: string;
	name: string;
	locked: number;
	removed: number;
	created_at: number;
}
interface ParticipantRow {
	id: string;
	workshop_id: string;
	board_id: string;
	name: string;
	created_at: number;
}
interface NamedSnapshotRow {
	id: string;
	name: string;
	created_at: number;
	created_by: string;
}
interface WorkshopRow {
	id: string;
	title: string;
	join_code: string;
	created_at: number;
}

const toBoard = (row: BoardRow): BoardRecord => ({
	id: row.id,
	workshopId: row.workshop_id,
	name: row.name,
	locked: row.locked === 1,
	removed: row.removed === 1,
	createdAt: row.created_at
});
const toParticipant = (row: ParticipantRow): ParticipantRecord => ({
	id: row.id,
	workshopId: row.workshop_id,
	boardId: row.board_id,
	name: row.name,
	createdAt: row.created_at
});
const toSnapshotMeta = (row: NamedSnapshotRow): SnapshotMeta => ({
	id: row.id,
	name: row.name,
	createdAt: row.created_at,
	createdBy: row.created_by
});
const toWorkshop = (row: WorkshopRow): WorkshopRecord => ({
	id: row.id,
	title: row.title,
	joinCode: row.join_code,
	createdAt: row.created_at
});
/** better-sqlite3 binds Buffers, not plain Uint8Arrays; this wraps without copying. */
const blob = (data: Uint8Array): Buffer => Buffer.from(data.buffer, data.byteOffset, data.byteLength);
const bytes = (buffer: Buffer): Uint8Array => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

export class SqliteStore implements Store {
	private readonly db: Database.Database;
	private readonly statements;
	private readonly appends: AppendLog;

	/** Opens (creating if needed) `helixboard.sqlite` in dataDir; ':memory:' for throwaway stores. */
	constructor(dataDir: string | ':memory:') {
		let file = ':memory:';
		if (dataDir !== ':memory:') {
			fs.mkdirSync(dataDir, { recursive: true });
			file = path.join(dataDir, 'helixboard.sqlite');
		}
		this.db = new Database(file);
		this.db.pragma('journal_mode = WAL');
		this.db.pragma('synchronous = FULL');
		this.db.pragma('foreign_keys = ON');
		this.migrate();
		const db = this.db;
		this.statements = {
			insertWorkshop: db.prepare('INSERT INTO workshops (id, title, join_code, created_at) VALUES (?, ?, ?, ?)'),
			insertBoard: db.prepare(
				'INSERT INTO boards (id, workshop_id, name, locked, removed, position, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
			),
			nextBoardPosition: db
				.prepare<[string], number>('SELECT COALESCE(MAX(position) + 1, 0) FROM boards WHERE workshop_id = ?')
				.pluck(),
			renameBoard: db.prepare('UPDATE boards SET name = ? WHERE id = ?'),
			setRemoved: db.prepare('UPDATE boards SET removed = ? WHERE id = ?'),
			getWorkshop: db.prepare<[string], WorkshopRow>('SELECT * FROM workshops WHERE id = ?'),
			findByCode: db.prepare<[string], WorkshopRow>('SELECT * FROM workshops WHERE join_code = ?'),
			listBoards: db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE workshop_id = ? ORDER BY position'),
			getBoard: db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE id = ?'),
			setLocked: db.prepare('UPDATE boards SET locked = ? WHERE id = ?'),
			insertParticipant: db.prepare(
				'INSERT INTO participants (id, workshop_id, board_id, name, created_at) VALUES (?, ?, ?, ?, ?)'
			),
			getParticipant: db.prepare<[string], ParticipantRow>('SELECT * FROM participants WHERE id = ?'),
			listParticipants: db.prepare<[string], ParticipantRow>(
				'SELECT * FROM participants WHERE workshop_id = ? ORDER BY created_at, id'
			),
			moveParticipant: db.prepare('UPDATE participants SET board_id = ? WHERE id = ?'),
			listState: db.prepare<[string], { section: string; json: string }>(
				'SELECT section, json FROM workshop_state WHERE workshop_id = ?'
			),
			putState: db.prepare(
				'INSERT INTO workshop_state (workshop_id, section, json) VALUES (?, ?, ?) ' +
					'ON CONFLICT(workshop_id, section) DO UPDATE SET json = excluded.json'
			),
			myVotes: db.prepare<[string, string, string], { key: string; count: number }>(
				'SELECT key, count FROM votes WHERE workshop_id = ? AND vote_id = ? AND participant_id = ? ORDER BY key'
			),
			putVote: db.prepare(
				'INSERT INTO votes (workshop_id, vote_id, participant_id, key, count) VALUES (?, ?, ?, ?, ?) ' +
					'ON CONFLICT(workshop_id, vote_id, participant_id, key) DO UPDATE SET count = excluded.count'
			),
			dropVote: db.prepare('DELETE FROM votes WHERE workshop_id = ? AND vote_id = ? AND participant_id = ? AND key = ?'),
			listVotes: db.prepare<[string, string], { participant_id: string; key: string; count: number }>(
				'SELECT participant_id, key, count FROM votes WHERE workshop_id = ? AND vote_id = ? ORDER BY participant_id, key'
			),
			/**
			 * Everything of a workshop, children before parents: foreign keys are enforced
			 * (foreign_keys = ON), so a board row cannot go before its log, snapshots and participants.
			 */
			deleteWorkshop: [
				'DELETE FROM votes WHERE workshop_id = ?',
				'DELETE FROM workshop_state WHERE workshop_id = ?',
				'DELETE FROM participants WHERE workshop_id = ?',
				...['board_named_snapshots', 'board_checkpoints', 'board_updates', 'board_snapshots'].map(
					(table) => `DELETE FROM ${table} WHERE board_id IN (SELECT id FROM boards WHERE workshop_id = ?)`
				),
				'DELETE FROM boards WHERE workshop_id = ?',
				'DELETE FROM workshops WHERE id = ?'
			].map((sql) => db.prepare<[string]>(sql)),
			getSnapshot: db.prepare<[string], { data: Buffer; upto_seq: number }>(
				'SELECT data, upto_seq FROM board_snapshots WHERE board_id = ?'
			),
			listUpdates: db.prepare<[string], { seq: number; data: Buffer }>(
				'SELECT seq, data FROM board_updates WHERE board_id = ? ORDER BY seq'
			),
			putSnapshot: db.prepare(
				'INSERT INTO board_snapshots (board_id, data, updated_at, upto_seq) VALUES (?, ?, ?, ?) ' +
					'ON CONFLICT(board_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at, upto_seq = excluded.upto_seq'
			),
			dropUpdates: db.prepare('DELETE FROM board_updates WHERE board_id = ? AND seq <= ?'),
			putCheckpoint: db.prepare(
				'INSERT INTO board_checkpoints (board_id, at, data) VALUES (?, ?, ?) ON CONFLICT(board_id, at) DO UPDATE SET data = excluded.data'
			),
			listCheckpoints: db
				.prepare<[string], number>('SELECT at FROM board_checkpoints WHERE board_id = ? ORDER BY at')
				.pluck(),
			getCheckpoint: db.prepare<[string, number], { at: number; data: Buffer }>(
				'SELECT at, data FROM board_checkpoints WHERE board_id = ? AND at <= ? ORDER BY at DESC LIMIT 1'
			),
			dropCheckpoint: db.prepare('DELETE FROM board_checkpoints WHERE board_id = ? AND at = ?'),
			countSnapshots: db
				.prepare<[string], number>('SELECT COUNT(*) FROM board_named_snapshots WHERE board_id = ?')
				.pluck(),
			hasSnapshot: db
				.prepare<[string, string], number>('SELECT 1 FROM board_named_snapshots WHERE board_id = ? AND id = ?')
				.pluck(),
			insertSnapshot: db.prepare(
				'INSERT INTO board_named_snapshots (board_id, id, name, created_at, created_by, data) VALUES (?, ?, ?, ?, ?, ?)'
			),
			listSnapshots: db.prepare<[string], NamedSnapshotRow>(
				'SELECT id, name, created_at, created_by FROM board_named_snapshots WHERE board_id = ? ORDER BY created_at DESC, position DESC'
			),
			getNamedSnapshot: db.prepare<[string, string], NamedSnapshotRow & { data: Buffer }>(
				'SELECT id, name, created_at, created_by, data FROM board_named_snapshots WHERE board_id = ? AND id = ?'
			)
		};
		this.appends = createAppendLog(db, file === ':memory:' ? null : file);
	}

	private migrate(): void {
		const version = this.db.pragma('user_version', { simple: true }) as number;
		if (version === SCHEMA_VERSION) return;
		if (version > SCHEMA_VERSION || (version !== 0 && !(version in MIGRATIONS))) {
			throw new Error(`unknown store schema version ${version}; this server knows ${SCHEMA_VERSION}`);
		}
		this.db.transaction(() => {
			if (version === 0) this.db.exec(SCHEMA);
			else for (let v = version; v < SCHEMA_VERSION; v++) this.db.exec(MIGRATIONS[v]);
			this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
		})();
	}

	async createWorkshop(workshop: WorkshopRecord, boards: BoardRecord[], initialStates: Map<string, Uint8Array>) {
		const s = this.statements;
		try {
			this.db.transaction(() => {
				s.insertWorkshop.run(workshop.id, workshop.title, workshop.joinCode, workshop.createdAt);
				boards.forEach((board, position) => {
					s.insertBoard.run(board.id, board.workshopId, board.name, board.locked ? 1 : 0, board.removed ? 1 : 0, position, board.createdAt);
					const state = initialStates.get(board.id);
					if (state) s.putSnapshot.run(board.id, blob(state), board.createdAt, 0);
				});
			})();
		} catch (error) {
			const sqliteError = error as { code?: string; message?: string };
			if (sqliteError.code === 'SQLITE_CONSTRAINT_UNIQUE' && sqliteError.message?.includes('join_code')) {
				throw new JoinCodeTaken();
			}
			throw error;
		}
	}

	async getWorkshop(workshopId: string) {
		const row = this.statements.getWorkshop.get(workshopId);
		return row ? toWorkshop(row) : null;
	}

	async findWorkshopByJoinCode(joinCode: string) {
		const row = this.statements.findByCode.get(joinCode);
		return row ? toWorkshop(row) : null;
	}

	async listBoards(workshopId: string) {
		return this.statements.listBoards.all(workshopId).map(toBoard);
	}

	async getBoard(boardId: string) {
		const row = this.statements.getBoard.get(boardId);
		return row ? toBoard(row) : null;
	}

	async setBoardLocked(boardId: string, locked: boolean) {
		this.statements.setLocked.run(locked ? 1 : 0, boardId);
	}

	async addBoard(board: BoardRecord, initialState: Uint8Array) {
		const s = this.statements;
		this.db.transaction(() => {
			if (!s.getWorkshop.get(board.workshopId)) throw new Error(`unknown workshop ${board.workshopId}`);
			const position = s.nextBoardPosition.get(board.workshopId)!;
			s.insertBoard.run(board.id, board.workshopId, board.name, board.locked ? 1 : 0, board.removed ? 1 : 0, position, board.createdAt);
			s.putSnapshot.run(board.id, blob(initialState), board.createdAt, 0);
		})();
	}

	async updateBoard(boardId: string, change: { name?: string; removed?: boolean }) {
		const s = this.statements;
		this.db.transaction(() => {
			if (change.name !== undefined) s.renameBoard.run(change.name, boardId);
			if (change.removed !== undefined) s.setRemoved.run(change.removed ? 1 : 0, boardId);
		})();
	}

	async addParticipant(p: ParticipantRecord) {
		this.statements.insertParticipant.run(p.id, p.workshopId, p.boardId, p.name, p.createdAt);
	}

	async getParticipant(participantId: string) {
		const row = this.statements.getParticipant.get(participantId);
		return row ? toParticipant(row) : null;
	}

	async listParticipants(workshopId: string) {
		return this.statements.listParticipants.all(workshopId).map(toParticipant);
	}

	async moveParticipant(participantId: string, boardId: string) {
		this.statements.moveParticipant.run(boardId, participantId);
	}

	// ---- facilitation ----

	async getWorkshopState(workshopId: string): Promise<WorkshopState> {
		return this.readState(workshopId);
	}

	private readState(workshopId: string): WorkshopState {
		const rows = this.statements.listState.all(workshopId);
		return mergeWorkshopState(rows.map((row) => [row.section, row.json]));
	}

	async patchWorkshopState(workshopId: string, patch: Partial<WorkshopState>): Promise<WorkshopState> {
		const sections = workshopStatePatch(patch);
		const s = this.statements;
		return this.db.transaction(() => {
			if (!s.getWorkshop.get(workshopId)) throw new Error(`unknown workshop ${workshopId}`);
			for (const [section, json] of sections) s.putState.run(workshopId, section, json);
			return this.readState(workshopId);
		})();
	}

	async castVote(workshopId: string, voteId: string, participantId: string, key: string, count: number, maxDots: number): Promise<CastVoteOutcome> {
		assertVote(participantId, count, maxDots);
		const s = this.statements;
		// IMMEDIATE takes the write lock before reading, so another connection to the same file
		// cannot slip a vote in between the sum and the write.
		return this.db
			.transaction((): CastVoteOutcome => {
				if (!s.getWorkshop.get(workshopId)) throw new Error(`unknown workshop ${workshopId}`);
				const before = s.myVotes.all(workshopId, voteId, participantId);
				const used = before.reduce((sum, vote) => sum + vote.count, 0);
				const others = before.reduce((sum, vote) => sum + (vote.key === key ? 0 : vote.count), 0);
				if (others + count > maxDots) return { ok: false, used };
				if (count === 0) s.dropVote.run(workshopId, voteId, participantId, key);
				else s.putVote.run(workshopId, voteId, participantId, key, count);
				const mine: Record<string, number> = {};
				for (const vote of s.myVotes.all(workshopId, voteId, participantId)) mine[vote.key] = vote.count;
				return { ok: true, mine };
			})
			.immediate();
	}

	async listVotes(workshopId: string, voteId: string): Promise<VoteRecord[]> {
		return this.statements.listVotes
			.all(workshopId, voteId)
			.map((row) => ({ participantId: row.participant_id, key: row.key, count: row.count }));
	}

	async deleteWorkshop(workshopId: string) {
		this.db.transaction(() => {
			for (const statement of this.statements.deleteWorkshop) statement.run(workshopId);
		})();
	}

	async loadDoc(boardId: string): Promise<StoredDoc> {
		const read = this.db.transaction(() => {
			const snapshot = this.statements.getSnapshot.get(boardId);
			const rows = this.statements.listUpdates.all(boardId);
			return {
				snapshot: snapshot ? bytes(snapshot.data) : null,
				updates: rows.map((row) => bytes(row.data)),
				lastSeq: rows.length > 0 ? rows[rows.length - 1].seq : (snapshot?.upto_seq ?? 0)
			};
		});
		return read();
	}

	/** Group-committed (sqliteAppends.ts): resolves once the update is on disk. */
	appendUpdate(boardId: string, update: Uint8Array): Promise<number> {
		return this.appends.append(boardId, update);
	}

	async compactDoc(boardId: string, snapshot: Uint8Array, uptoSeq: number) {
		return this.db.transaction(() => {
			const current = this.statements.getSnapshot.get(boardId);
			if (current && current.upto_seq >= uptoSeq) return false;
			this.statements.putSnapshot.run(boardId, blob(snapshot), Date.now(), uptoSeq);
			this.statements.dropUpdates.run(boardId, uptoSeq);
			return true;
		})();
	}

	async addCheckpoint(boardId: string, at: number, state: Uint8Array) {
		assertCheckpointTime(at);
		const s = this.statements;
		this.db.transaction(() => {
			s.putCheckpoint.run(boardId, at, blob(state));
			const times = s.listCheckpoints.all(boardId);
			while (times.length > MAX_CHECKPOINTS) {
				const drop = checkpointToDrop(times);
				s.dropCheckpoint.run(boardId, times[drop]);
				times.splice(drop, 1);
			}
		})();
	}

	async listCheckpoints(boardId: string) {
		return this.statements.listCheckpoints.all(boardId);
	}

	async getCheckpoint(boardId: string, atOrBefore: number) {
		if (Number.isNaN(atOrBefore)) throw new RangeError('atOrBefore must be a number');
		const row = this.statements.getCheckpoint.get(boardId, atOrBefore);
		return row ? { at: row.at, state: bytes(row.data) } : null;
	}

	async addSnapshot(boardId: string, snapshot: Snapshot) {
		assertSnapshot(snapshot);
		const s = this.statements;
		this.db.transaction(() => {
			if (s.hasSnapshot.get(boardId, snapshot.id)) throw new SnapshotIdTaken();
			if (s.countSnapshots.get(boardId)! >= MAX_SNAPSHOTS) throw new SnapshotLimitReached();
			s.insertSnapshot.run(boardId, snapshot.id, snapshot.name, snapshot.createdAt, snapshot.createdBy, blob(snapshot.state));
		})();
	}

	async listSnapshots(boardId: string) {
		return this.statements.listSnapshots.all(boardId).map(toSnapshotMeta);
	}

	async getSnapshot(boardId: string, snapshotId: string): Promise<Snapshot | null> {
		const row = this.statements.getNamedSnapshot.get(boardId, snapshotId);
		return row ? { ...toSnapshotMeta(row), state: bytes(row.data) } : null;
	}

	async ping() {
		this.db.prepare('SELECT 1').get();
		this.appends.check();
	}

	async close() {
		if (!this.db.open) return;
		await this.appends.close(); // appends already made are stored, not dropped
		this.db.close();
	}
}
