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
import { describeStoreContract } from './store.contract.js';

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

	it('upgrades a version 2 database (before checkpoints): its data stays, its boards start with no history', async () => {
		const dir = tempDir();
		const { record, boards, doc, states } = workshop();
		const first = open(dir);
		await first.createWorkshop(record, boards, states);
		const seq = await first.appendUpdate(boards[0].id, new Uint8Array([0, 0]));
		await first.close();
		// What a version 2 server left behind: no checkpoint table.
		const db = new Database(path.join(dir, 'helixboard.sqlite'));
		db.exec('DROP TABLE board_checkpoints');
		db.exec('DROP TABLE board_named_snapshots');
		db.pragma('user_version = 2');
		db.close();

		const upgraded = open(dir);
		expect(await upgraded.listBoards(record.id)).toEqual(boards);
		const stored = await upgraded.loadDoc(boards[0].id);
		expect(stored.lastSeq).toBe(seq);
		expect(stored.updates).toHaveLength(1);
		expect(await upgraded.listCheckpoints(boards[0].id)).toEqual([]);
		await upgraded.addCheckpoint(boards[0].id, 5, Y.encodeStateAsUpdate(doc));
		expect(await upgraded.listCheckpoints(boards[0].id)).toEqual([5]);
		await upgraded.close();
		const check = new Database(path.join(dir, 'helixboard.sqlite'));
		expect(check.pragma('user_version', { simple: true })).toBe(4);
		check.close();
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
		const db = new Database(path.join(dir, 'helixboard.sqlite'));
		db.exec('DROP TABLE board_named_snapshots');
		db.pragma('user_version = 3');
		db.close();

		const upgraded = open(dir);
		expect(await upgraded.listCheckpoints(boards[0].id)).toEqual([7]);
		expect(await upgraded.listSnapshots(boards[0].id)).toEqual([]);
		await upgraded.addSnapshot(boards[0].id, { id: 'end-1', name: 'End of exercise 1', createdAt: 9, createdBy: 'Rina', state: Y.encodeStateAsUpdate(doc) });
		await upgraded.close();
		const check = new Database(path.join(dir, 'helixboard.sqlite'));
		expect(check.pragma('user_version', { simple: true })).toBe(4);
		check.close();
		expect((await open(dir).listSnapshots(boards[0].id)).map((s) => s.name)).toEqual(['End of exercise 1']);
	});

	it('refuses a database of an unknown schema version instead of guessing', () => {
		const dir = tempDir();
		const db = new Database(path.join(dir, 'helixboard.sqlite'));
		db.pragma('user_version = 99');
		db.close();
		expect(() => open(dir)).toThrow(/schema version 99/);
	});

	it('closing twice is harmless', async () => {
		const store = open(tempDir());
		await store.close();
		await expect(store.close()).resolves.toBeUndefined();
	});
});
