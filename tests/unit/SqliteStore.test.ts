import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newId, newJoinCode } from '../../src/lib/board/ids.js';
import { boardToJSON } from '../../src/lib/board/json.js';
import { addNote, initBoardDoc } from '../../src/lib/board/model.js';
import { SqliteStore } from '../../server/store/SqliteStore.js';
import type { BoardRecord, Store, WorkshopRecord } from '../../server/store/Store.js';
import { EMPTY_WORKSHOP_STATE } from '../../src/lib/api/workshop.js';
import { describeStoreContract } from './store.contract.js';

/** The schema version this server writes (SqliteStore's SCHEMA_VERSION). */
const CURRENT_VERSION = 5;

const tempDirs = new Map<Store, string>();
const newTempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'helixboard-store-'));

describeStoreContract('SqliteStore(:memory:)', async () => new SqliteStore(':memory:'));

describeStoreContract(
	'SqliteStore in a data directory',
	async () => {
		const dir = newTempDir();
		const store = new SqliteStore(dir);
		tempDirs.set(store, dir);
		return store;
	},
	async (store) => {
		await store.close();
		fs.rmSync(tempDirs.get(store)!, { recursive: true, force: true });
		tempDirs.delete(store);
	}
);

describe('SqliteStore on disk', () => {
	const dirs: string[] = [];
	const stores: SqliteStore[] = [];
	const open = (dir: string) => {
		const store = new SqliteStore(dir);
		stores.push(store);
		return store;
	};
	const tempDir = () => {
		const dir = newTempDir();
		dirs.push(dir);
		return dir;
	};
	afterEach(async () => {
		for (const store of stores.splice(0)) await store.close();
		for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
	});

	function workshop() {
		const record: WorkshopRecord = { id: newId(), title: 'Remote follow-up', joinCode: newJoinCode(), createdAt: 1 };
		const boards: BoardRecord[] = ['Group B', 'Group A'].map((name, i) => ({
			id: newId(),
			workshopId: record.id,
			name,
			locked: false,
			removed: false,
			createdAt: 1 + i
		}));
		const doc = new Y.Doc();
		initBoardDoc(doc, { title: 'Group B', createdAt: 1 });
		return { record, boards, doc, states: new Map([[boards[0].id, Y.encodeStateAsUpdate(doc)]]) };
	}

	it('creates the data directory and its database file', async () => {
		const dir = path.join(tempDir(), 'not', 'yet', 'there');
		const store = open(dir);
		await store.ping();
		expect(fs.existsSync(path.join(dir, 'helixboard.sqlite'))).toBe(true);
	});

	it('keeps workshops, boards, locks, updates and snapshots across close and reopen', async () => {
		const dir = tempDir();
		const { record, boards, doc, states } = workshop();
		const first = open(dir);
		await first.createWorkshop(record, boards, states);
		await first.setBoardLocked(boards[1].id, true);
		await first.addParticipant({ id: newId(), workshopId: record.id, boardId: boards[0].id, name: 'Dewi', createdAt: 2 });

		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		addNote(doc, { x: 1, y: 2, color: 'blue', author: 'Dewi', text: 'sebelum' });
		const s1 = await first.appendUpdate(boards[0].id, updates[0]);
		await first.compactDoc(boards[0].id, Y.encodeStateAsUpdate(doc), s1);
		addNote(doc, { x: 3, y: 4, color: 'pink', author: 'Min-jun', text: 'after compaction' });
		const s2 = await first.appendUpdate(boards[0].id, updates[1]);
		await first.close();

		const second = open(dir);
		expect(await second.getWorkshop(record.id)).toEqual(record);
		expect(await second.findWorkshopByJoinCode(record.joinCode)).toEqual(record);
		expect(await second.listBoards(record.id)).toEqual([boards[0], { ...boards[1], locked: true }]);
		const stored = await second.loadDoc(boards[0].id);
		expect(stored.updates).toHaveLength(1);
		expect(stored.lastSeq).toBe(s2);
		const rebuilt = new Y.Doc();
		Y.applyUpdate(rebuilt, stored.snapshot!);
		for (const update of stored.updates) Y.applyUpdate(rebuilt, update);
		expect(boardToJSON(rebuilt)).toEqual(boardToJSON(doc));

		// Sequence numbers go on increasing after a restart.
		expect(await second.appendUpdate(boards[0].id, new Uint8Array([0, 0]))).toBeGreaterThan(s2);
	});

	it('opens the same directory again and again (migration runs once)', async () => {
		const dir = tempDir();
		const { record, boards, states } = workshop();
		const first = open(dir);
		await first.createWorkshop(record, boards, states);
		await first.close();
		for (let i = 0; i < 3; i++) {
			const again = open(dir);
			expect(await again.listBoards(record.id)).toHaveLength(2);
			await again.close();
		}
	});

	/**
	 * Turns a current database file into what a server of `version` left behind, undoing the
	 * migrations (newest first) the way they were added.
	 */
	function downgrade(dir: string, version: number) {
		const db = new Database(path.join(dir, 'helixboard.sqlite'));
		const undo: Record<number, string> = {
			4: 'DROP TABLE votes; DROP TABLE workshop_state; DROP INDEX participants_by_workshop; ALTER TABLE boards DROP COLUMN removed;',
			3: 'DROP TABLE board_named_snapshots;',
			2: 'DROP TABLE board_checkpoints;'
		};
		for (let v = CURRENT_VERSION - 1; v >= version; v--) db.exec(undo[v]);
		db.pragma(`user_version = ${version}`);
		db.close();
	}
	const versionOf = (dir: string) => {
		const db = new Database(path.join(dir, 'helixboard.sqlite'));
		const version = db.pragma('user_version', { simple: true });
		db.close();
		return version;
	};

	it('upgrades a version 2 database (before checkpoints): its data stays, its boards start with no history', async () => {
		const dir = tempDir();
		const { record, boards, doc, states } = workshop();
		const first = open(dir);
		await first.createWorkshop(record, boards, states);
		const seq = await first.appendUpdate(boards[0].id, new Uint8Array([0, 0]));
		await first.close();
		downgrade(dir, 2); // no checkpoint table

		const upgraded = open(dir);
		expect(await upgraded.listBoards(record.id)).toEqual(boards);
		const stored = await upgraded.loadDoc(boards[0].id);
		expect(stored.lastSeq).toBe(seq);
		expect(stored.updates).toHaveLength(1);
		expect(await upgraded.listCheckpoints(boards[0].id)).toEqual([]);
		await upgraded.addCheckpoint(boards[0].id, 5, Y.encodeStateAsUpdate(doc));
		expect(await upgraded.listCheckpoints(boards[0].id)).toEqual([5]);
		await upgraded.close();
		expect(versionOf(dir)).toBe(CURRENT_VERSION);
		// And it survives a reopen.
		expect(await open(dir).listCheckpoints(boards[0].id)).toEqual([5]);
	});

	it('upgrades a version 3 database (before named snapshots): its history stays, its boards start with none', async () => {
		const dir = tempDir();
		const { record, boards, doc, states } = workshop();
		const first = open(dir);
		await first.createWorkshop(record, boards, states);
		await first.addCheckpoint(boards[0].id, 7, Y.encodeStateAsUpdate(doc));
		await first.close();
		downgrade(dir, 3);

		const upgraded = open(dir);
		expect(await upgraded.listCheckpoints(boards[0].id)).toEqual([7]);
		expect(await upgraded.listSnapshots(boards[0].id)).toEqual([]);
		await upgraded.addSnapshot(boards[0].id, { id: 'end-1', name: 'End of exercise 1', createdAt: 9, createdBy: 'Rina', state: Y.encodeStateAsUpdate(doc) });
		await upgraded.close();
		expect(versionOf(dir)).toBe(CURRENT_VERSION);
		expect((await open(dir).listSnapshots(boards[0].id)).map((s) => s.name)).toEqual(['End of exercise 1']);
	});

	it('upgrades a version 4 database (before facilitation): everything stays, its boards are in use, the new parts work', async () => {
		const dir = tempDir();
		const { record, boards, doc, states } = workshop();
		const first = open(dir);
		await first.createWorkshop(record, boards, states);
		await first.setBoardLocked(boards[1].id, true);
		const dewi = { id: newId(), workshopId: record.id, boardId: boards[0].id, name: 'Dewi', createdAt: 2 };
		await first.addParticipant(dewi);
		const seq = await first.appendUpdate(boards[0].id, new Uint8Array([0, 0]));
		await first.addCheckpoint(boards[0].id, 7, Y.encodeStateAsUpdate(doc));
		await first.addSnapshot(boards[0].id, { id: 'end-1', name: 'End of exercise 1', createdAt: 9, createdBy: 'Rina', state: Y.encodeStateAsUpdate(doc) });
		await first.close();
		downgrade(dir, 4);
		expect(versionOf(dir)).toBe(4);

		const upgraded = open(dir);
		expect(await upgraded.getWorkshop(record.id)).toEqual(record);
		expect(await upgraded.listBoards(record.id)).toEqual([boards[0], { ...boards[1], locked: true }]);
		expect((await upgraded.loadDoc(boards[0].id)).lastSeq).toBe(seq);
		expect(await upgraded.listCheckpoints(boards[0].id)).toEqual([7]);
		expect((await upgraded.listSnapshots(boards[0].id)).map((s) => s.id)).toEqual(['end-1']);
		expect(await upgraded.listParticipants(record.id)).toEqual([dewi]);
		expect(await upgraded.getWorkshopState(record.id)).toEqual(EMPTY_WORKSHOP_STATE);
		await upgraded.updateBoard(boards[1].id, { removed: true });
		await upgraded.patchWorkshopState(record.id, { archived: true });
		expect(await upgraded.castVote(record.id, 'v1', dewi.id, `${boards[0].id}:s1`, 2, 3)).toMatchObject({ ok: true });
		await upgraded.close();
		expect(versionOf(dir)).toBe(CURRENT_VERSION);

		const reopened = open(dir);
		expect((await reopened.getBoard(boards[1].id))!.removed).toBe(true);
		expect((await reopened.getWorkshopState(record.id)).archived).toBe(true);
		expect(await reopened.listVotes(record.id, 'v1')).toEqual([{ participantId: dewi.id, key: `${boards[0].id}:s1`, count: 2 }]);
	});

	it('deletes every row of a workshop from every table, and only its rows', async () => {
		const dir = tempDir();
		const store = open(dir);
		const made = [workshop(), workshop()];
		for (const { record, boards, doc, states } of made) {
			await store.createWorkshop(record, boards, states);
			await store.addBoard({ id: newId(), workshopId: record.id, name: 'Added', locked: false, removed: false, createdAt: 3 }, new Uint8Array([1]));
			for (const board of await store.listBoards(record.id)) {
				const seq = await store.appendUpdate(board.id, new Uint8Array([1]));
				await store.appendUpdate(board.id, new Uint8Array([2]));
				await store.compactDoc(board.id, Y.encodeStateAsUpdate(doc), seq);
				await store.addCheckpoint(board.id, 7, new Uint8Array([3]));
				await store.addSnapshot(board.id, { id: 'end-1', name: 'End', createdAt: 9, createdBy: 'Rina', state: new Uint8Array([4]) });
				const participantId = newId();
				await store.addParticipant({ id: participantId, workshopId: record.id, boardId: board.id, name: 'Dewi', createdAt: 2 });
				await store.castVote(record.id, 'v1', participantId, `${board.id}:s1`, 1, 3);
			}
			await store.patchWorkshopState(record.id, { archived: true });
		}
		const [doomed, kept] = made;
		const doomedBoards = (await store.listBoards(doomed.record.id)).map((board) => board.id);
		await store.deleteWorkshop(doomed.record.id);

		// Every table, read raw: none holds a row of the deleted workshop, each still holds the other's.
		const db = new Database(path.join(dir, 'helixboard.sqlite'), { readonly: true });
		const tables = db
			.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
			.pluck()
			.all();
		expect(tables.length).toBeGreaterThanOrEqual(9);
		const ownedBy = (table: string, workshopId: string, boardIds: string[]) => {
			const columns = db.prepare<[], { name: string }>(`PRAGMA table_info(${table})`).all().map((column) => column.name);
			const marks = boardIds.map(() => '?').join(', ');
			if (table === 'workshops') return db.prepare('SELECT COUNT(*) FROM workshops WHERE id = ?').pluck().get(workshopId);
			if (table === 'boards') return db.prepare('SELECT COUNT(*) FROM boards WHERE workshop_id = ?').pluck().get(workshopId);
			if (columns.includes('workshop_id')) return db.prepare(`SELECT COUNT(*) FROM ${table} WHERE workshop_id = ?`).pluck().get(workshopId);
			if (columns.includes('board_id')) return db.prepare(`SELECT COUNT(*) FROM ${table} WHERE board_id IN (${marks})`).pluck().get(...boardIds);
			throw new Error(`table ${table} has neither workshop_id nor board_id: teach deleteWorkshop (and this test) about it`);
		};
		const keptBoards = (await store.listBoards(kept.record.id)).map((board) => board.id);
		for (const table of tables) {
			expect(ownedBy(table, doomed.record.id, doomedBoards), table).toBe(0);
			expect(ownedBy(table, kept.record.id, keptBoards), table).toBeGreaterThan(0);
		}
		db.close();
	});

	it('refuses a database of an unknown schema version instead of guessing', () => {
		const dir = tempDir();
		const db = new Database(path.join(dir, 'helixboard.sqlite'));
		db.pragma('user_version = 99');
		db.close();
		expect(() => open(dir)).toThrow(/schema version 99/);
	});

	it('group-commits the appends of one turn: each resolves once stored, a refused one fails alone, close keeps the rest', async () => {
		const dir = tempDir();
		const { record, boards, states } = workshop();
		const store = open(dir);
		await store.createWorkshop(record, boards, states);
		const reader = new Database(path.join(dir, 'helixboard.sqlite'), { readonly: true });
		const stored = () => reader.prepare('SELECT COUNT(*) FROM board_updates').pluck().get() as number;
		try {
			// 60 appends to two boards and one to a board that does not exist, all in one turn.
			const appends = Array.from({ length: 60 }, (_, i) => store.appendUpdate(boards[i % 2].id, new Uint8Array([i])));
			const ghost = store.appendUpdate('no-such-board', new Uint8Array([0xff]));
			expect(stored()).toBe(0); // nothing is written (nor resolved) inside the turn that asked
			const seqs = await Promise.all(appends);
			await expect(ghost).rejects.toThrow(/FOREIGN KEY/);
			expect(stored()).toBe(60);
			expect(seqs).toEqual([...seqs].sort((a, b) => a - b)); // in the order asked
			expect(new Set(seqs).size).toBe(60);
			const loaded = await store.loadDoc(boards[1].id);
			expect(loaded.updates.map((update) => update[0])).toEqual(Array.from({ length: 30 }, (_, i) => 2 * i + 1));

			// Appends still waiting for their turn when the store closes are stored, not dropped.
			const late = store.appendUpdate(boards[0].id, new Uint8Array([0xee]));
			await store.close();
			await expect(late).resolves.toBeGreaterThan(seqs.at(-1)!);
			expect(stored()).toBe(61);
		} finally {
			reader.close();
		}
	});

	it('closing twice is harmless', async () => {
		const store = open(tempDir());
		await store.close();
		await expect(store.close()).resolves.toBeUndefined();
	});
});
