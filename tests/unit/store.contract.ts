/**
 * The contract every Store implementation passes (server/store/Store.ts). Implementation-agnostic:
 * it only uses the Store interface, and every test makes its own ids and join codes, so it can run
 * against a store shared between tests (a Redis database, a file on disk).
 *
 *   describeStoreContract('SqliteStore', async () => new SqliteStore(':memory:'));
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newId, newJoinCode } from '../../src/lib/board/ids.js';
import { boardToJSON } from '../../src/lib/board/json.js';
import { addNote, addStakeholder, collection, deleteStakeholder, initBoardDoc, moveNote } from '../../src/lib/board/model.js';
import { EMPTY_WORKSHOP_STATE, type WorkshopState } from '../../src/lib/api/workshop.js';
import {
	JoinCodeTaken,
	MAX_CHECKPOINTS,
	MAX_SNAPSHOTS,
	SnapshotIdTaken,
	SnapshotLimitReached,
	type BoardRecord,
	type ParticipantRecord,
	type Snapshot,
	type Store,
	type WorkshopRecord
} from '../../server/store/Store.js';

export function describeStoreContract(
	name: string,
	open: () => Promise<Store>,
	close: (store: Store) => Promise<void> = (store) => store.close()
): void {
	describe(`Store contract: ${name}`, () => {
		let store: Store;

		beforeEach(async () => {
			store = await open();
		});
		afterEach(async () => {
			await close(store);
		});

		/** A workshop with `groups` boards (ids deliberately not in alphabetical order) and initial docs. */
		function makeWorkshop(groups = 3, { joinCode = newJoinCode(), withStates = true } = {}) {
			const createdAt = 1_700_000_000_000;
			const workshop: WorkshopRecord = { id: newId(), title: 'Smart Kota Pekanbaru', joinCode, createdAt };
			const prefixes = ['zz', 'aa', 'mm', 'bb', 'yy'];
			const boards: BoardRecord[] = Array.from({ length: groups }, (_, i) => ({
				id: `${prefixes[i % prefixes.length]}${newId(14)}`,
				workshopId: workshop.id,
				name: `Group ${groups - i}`,
				locked: false,
				removed: false,
				createdAt: createdAt + i
			}));
			const states = new Map<string, Uint8Array>();
			if (withStates) {
				for (const board of boards) {
					const doc = new Y.Doc();
					initBoardDoc(doc, { title: board.name, createdAt });
					states.set(board.id, Y.encodeStateAsUpdate(doc));
				}
			}
			return { workshop, boards, states };
		}

		async function created(groups = 3, options?: { joinCode?: string; withStates?: boolean }) {
			const made = makeWorkshop(groups, options);
			await store.createWorkshop(made.workshop, made.boards, made.states);
			return made;
		}

		/** A fresh board with an empty update log. */
		async function emptyBoard(): Promise<string> {
			const { boards } = await created(1, { withStates: false });
			return boards[0].id;
		}

		function expectBytes(actual: Uint8Array | null | undefined, expected: Uint8Array): void {
			expect(actual).toBeInstanceOf(Uint8Array);
			expect(actual!.byteLength).toBe(expected.byteLength);
			expect(Buffer.from(actual!.buffer, actual!.byteOffset, actual!.byteLength).equals(Buffer.from(expected))).toBe(true);
		}

		async function rebuild(boardId: string): Promise<Y.Doc> {
			const stored = await store.loadDoc(boardId);
			const doc = new Y.Doc();
			if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
			for (const update of stored.updates) Y.applyUpdate(doc, update);
			return doc;
		}

		const bytes = (...values: number[]) => new Uint8Array(values);

		describe('workshops and boards', () => {
			it('creates a workshop and reads it back by id and by join code', async () => {
				const { workshop } = await created();
				expect(await store.getWorkshop(workshop.id)).toEqual(workshop);
				expect(await store.findWorkshopByJoinCode(workshop.joinCode)).toEqual(workshop);
			});

			it('answers null for an unknown workshop, join code or board', async () => {
				await created();
				expect(await store.getWorkshop(newId())).toBeNull();
				expect(await store.findWorkshopByJoinCode(newJoinCode())).toBeNull();
				expect(await store.getBoard(newId())).toBeNull();
			});

			it('lists the boards of a workshop in the order they were created', async () => {
				const { workshop, boards } = await created(5);
				const listed = await store.listBoards(workshop.id);
				expect(listed).toEqual(boards);
				expect(listed.map((board) => board.id)).not.toEqual(boards.map((board) => board.id).sort());
			});

			it('keeps the boards of different workshops apart', async () => {
				const first = await created(2);
				const second = await created(3);
				expect(await store.listBoards(first.workshop.id)).toEqual(first.boards);
				expect(await store.listBoards(second.workshop.id)).toEqual(second.boards);
				expect(await store.listBoards(newId())).toEqual([]);
			});

			it('reads a board by id', async () => {
				const { boards } = await created(3);
				for (const board of boards) expect(await store.getBoard(board.id)).toEqual(board);
			});

			it('creates a board locked when asked', async () => {
				const made = makeWorkshop(2);
				made.boards[1].locked = true;
				await store.createWorkshop(made.workshop, made.boards, made.states);
				expect((await store.getBoard(made.boards[0].id))!.locked).toBe(false);
				expect((await store.getBoard(made.boards[1].id))!.locked).toBe(true);
			});

			it('creates a board removed when asked', async () => {
				const made = makeWorkshop(2);
				made.boards[0].removed = true;
				await store.createWorkshop(made.workshop, made.boards, made.states);
				expect((await store.listBoards(made.workshop.id)).map((board) => board.removed)).toEqual([true, false]);
			});

			it('adds boards last, each with its initial document, and lists them in that order', async () => {
				const { workshop, boards } = await created(2);
				const other = await created(1);
				const added: BoardRecord[] = ['aa', 'zz', '00'].map((prefix, i) => ({
					id: `${prefix}${newId(14)}`,
					workshopId: workshop.id,
					name: `Kelompok baru ${i}`,
					locked: i === 1,
					removed: false,
					createdAt: 1_800_000_000_000 + i
				}));
				const states = added.map((board) => {
					const doc = new Y.Doc();
					initBoardDoc(doc, { title: board.name, createdAt: board.createdAt });
					return Y.encodeStateAsUpdate(doc);
				});
				for (const [i, board] of added.entries()) await store.addBoard(board, states[i]);
				expect(await store.listBoards(workshop.id)).toEqual([...boards, ...added]);
				expect(await store.getBoard(added[1].id)).toEqual(added[1]);
				const stored = await store.loadDoc(added[2].id);
				expectBytes(stored.snapshot, states[2]);
				expect(stored).toMatchObject({ updates: [], lastSeq: 0 });
				expect(collection(await rebuild(added[0].id), 'meta').get('title')).toBe('Kelompok baru 0');
				// A new board's log works like any other.
				const seq = await store.appendUpdate(added[0].id, bytes(1));
				expect((await store.loadDoc(added[0].id)).lastSeq).toBe(seq);
				expect(await store.listBoards(other.workshop.id)).toEqual(other.boards);
			});

			it('refuses to add a board to an unknown workshop or under an id in use, writing nothing', async () => {
				const { workshop, boards } = await created(1);
				const stray: BoardRecord = { id: newId(), workshopId: newId(), name: 'Stray', locked: false, removed: false, createdAt: 1 };
				await expect(store.addBoard(stray, bytes(1))).rejects.toThrow();
				expect(await store.getBoard(stray.id)).toBeNull();
				expect(await store.loadDoc(stray.id)).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
				expect(await store.listBoards(stray.workshopId)).toEqual([]);
				const again: BoardRecord = { ...boards[0], name: 'Again' };
				await expect(store.addBoard(again, bytes(2))).rejects.toThrow();
				expect(await store.listBoards(workshop.id)).toEqual(boards);
			});

			it('renames, removes and restores a board without touching its siblings', async () => {
				const { workshop, boards } = await created(3);
				await store.updateBoard(boards[1].id, { name: 'Kelompok Riau ✓' });
				expect(await store.getBoard(boards[1].id)).toEqual({ ...boards[1], name: 'Kelompok Riau ✓' });
				await store.updateBoard(boards[1].id, { removed: true });
				expect(await store.getBoard(boards[1].id)).toEqual({ ...boards[1], name: 'Kelompok Riau ✓', removed: true });
				await store.updateBoard(boards[2].id, { name: 'Both at once', removed: true });
				// Removed boards stay listed, in place; callers filter.
				expect(await store.listBoards(workshop.id)).toEqual([
					boards[0],
					{ ...boards[1], name: 'Kelompok Riau ✓', removed: true },
					{ ...boards[2], name: 'Both at once', removed: true }
				]);
				await store.updateBoard(boards[1].id, { removed: false });
				await store.updateBoard(boards[2].id, {});
				expect((await store.listBoards(workshop.id)).map((board) => [board.name, board.removed])).toEqual([
					[boards[0].name, false],
					['Kelompok Riau ✓', false],
					['Both at once', true]
				]);
				// The lock is its own setting.
				await store.setBoardLocked(boards[2].id, true);
				expect(await store.getBoard(boards[2].id)).toMatchObject({ locked: true, removed: true });
			});

			it('ignores an update of an unknown board (and creates nothing)', async () => {
				const unknown = newId();
				await expect(store.updateBoard(unknown, { name: 'Ghost', removed: true })).resolves.toBeUndefined();
				expect(await store.getBoard(unknown)).toBeNull();
			});

			it('locks and unlocks a board without touching its siblings', async () => {
				const { workshop, boards } = await created(3);
				await store.setBoardLocked(boards[1].id, true);
				expect((await store.getBoard(boards[1].id))!.locked).toBe(true);
				expect((await store.listBoards(workshop.id)).map((board) => board.locked)).toEqual([false, true, false]);
				await store.setBoardLocked(boards[1].id, true); // idempotent
				expect((await store.getBoard(boards[1].id))!.locked).toBe(true);
				await store.setBoardLocked(boards[1].id, false);
				expect((await store.listBoards(workshop.id)).map((board) => board.locked)).toEqual([false, false, false]);
			});

			it('adds participants to boards without changing the workshop or its boards', async () => {
				const { workshop, boards } = await created(2);
				for (const [i, board] of boards.entries()) {
					await expect(
						store.addParticipant({ id: newId(), workshopId: workshop.id, boardId: board.id, name: `Peserta ${i}`, createdAt: 1 })
					).resolves.toBeUndefined();
				}
				await store.addParticipant({ id: newId(), workshopId: workshop.id, boardId: boards[0].id, name: 'Peserta 0', createdAt: 2 });
				expect(await store.getWorkshop(workshop.id)).toEqual(workshop);
				expect(await store.listBoards(workshop.id)).toEqual(boards);
			});

			it('refuses a join code in use with JoinCodeTaken and writes nothing of the second workshop', async () => {
				const first = await created(2);
				const second = makeWorkshop(2, { joinCode: first.workshop.joinCode });
				const error = await store.createWorkshop(second.workshop, second.boards, second.states).catch((e: unknown) => e);
				expect(error).toBeInstanceOf(JoinCodeTaken);
				// Nothing half-written of the second one...
				expect(await store.getWorkshop(second.workshop.id)).toBeNull();
				expect(await store.listBoards(second.workshop.id)).toEqual([]);
				for (const board of second.boards) {
					expect(await store.getBoard(board.id)).toBeNull();
					expect(await store.loadDoc(board.id)).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
				}
				// ...and the first one untouched.
				expect(await store.findWorkshopByJoinCode(first.workshop.joinCode)).toEqual(first.workshop);
				expect(await store.listBoards(first.workshop.id)).toEqual(first.boards);
				expectBytes((await store.loadDoc(first.boards[0].id)).snapshot, first.states.get(first.boards[0].id)!);
			});

			it('accepts the same workshop shape again under a fresh code', async () => {
				const first = await created(1);
				const again = makeWorkshop(1);
				await store.createWorkshop(again.workshop, again.boards, again.states);
				expect(await store.findWorkshopByJoinCode(again.workshop.joinCode)).toEqual(again.workshop);
				expect(await store.findWorkshopByJoinCode(first.workshop.joinCode)).toEqual(first.workshop);
			});

			it('answers ping', async () => {
				await expect(store.ping()).resolves.toBeUndefined();
			});
		});

		describe('board documents', () => {
			it('loads the initial state as the snapshot of a new board', async () => {
				const { boards, states } = await created(2);
				for (const board of boards) {
					const stored = await store.loadDoc(board.id);
					expectBytes(stored.snapshot, states.get(board.id)!);
					expect(stored.updates).toEqual([]);
					expect(stored.lastSeq).toBe(0);
				}
				const doc = await rebuild(boards[1].id);
				expect(collection(doc, 'meta').toJSON()).toMatchObject({ schema: 1, title: boards[1].name, locked: false });
			});

			it('loads a board created without an initial state as empty', async () => {
				const board = await emptyBoard();
				expect(await store.loadDoc(board)).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
			});

			it('loads an unknown board as empty', async () => {
				expect(await store.loadDoc(newId())).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
			});

			it('appends updates with increasing sequence numbers and loads them oldest first', async () => {
				const board = await emptyBoard();
				const seqs: number[] = [];
				for (let i = 1; i <= 5; i++) seqs.push(await store.appendUpdate(board, bytes(i, i, i)));
				for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]);
				expect(seqs[0]).toBeGreaterThan(0);
				const stored = await store.loadDoc(board);
				expect(stored.updates).toHaveLength(5);
				stored.updates.forEach((update, i) => expectBytes(update, bytes(i + 1, i + 1, i + 1)));
				expect(stored.lastSeq).toBe(seqs[4]);
			});

			it('keeps the logs of different boards apart, each increasing', async () => {
				const a = await emptyBoard();
				const b = await emptyBoard();
				const seqsA = [await store.appendUpdate(a, bytes(0xa1))];
				const seqsB = [await store.appendUpdate(b, bytes(0xb1))];
				seqsA.push(await store.appendUpdate(a, bytes(0xa2)));
				seqsB.push(await store.appendUpdate(b, bytes(0xb2)));
				seqsB.push(await store.appendUpdate(b, bytes(0xb3)));
				expect(seqsA[1]).toBeGreaterThan(seqsA[0]);
				expect(seqsB[2]).toBeGreaterThan(seqsB[1]);
				expect(seqsB[1]).toBeGreaterThan(seqsB[0]);
				const storedA = await store.loadDoc(a);
				const storedB = await store.loadDoc(b);
				expect(storedA.updates.map((u) => [...u])).toEqual([[0xa1], [0xa2]]);
				expect(storedB.updates.map((u) => [...u])).toEqual([[0xb1], [0xb2], [0xb3]]);
				expect(storedA.lastSeq).toBe(seqsA[1]);
				expect(storedB.lastSeq).toBe(seqsB[2]);
			});

			it('stores a copy of the bytes it is given, and only the bytes of the view', async () => {
				const board = await emptyBoard();
				const backing = new Uint8Array([9, 9, 9, 1, 2, 3, 4, 9, 9]);
				const view = backing.subarray(3, 7);
				await store.appendUpdate(board, view);
				backing.fill(0);
				expectBytes((await store.loadDoc(board)).updates[0], bytes(1, 2, 3, 4));
			});

			it('keeps large updates and snapshots intact (2 MB, larger than a socket.io buffer)', async () => {
				const board = await emptyBoard();
				const large = new Uint8Array(2 * 1024 * 1024);
				for (let i = 0; i < large.length; i++) large[i] = (i * 7919) & 0xff;
				const seq = await store.appendUpdate(board, large);
				expectBytes((await store.loadDoc(board)).updates[0], large);
				await store.compactDoc(board, large, seq);
				expectBytes((await store.loadDoc(board)).snapshot, large);
			});

			it('compaction replaces the snapshot and drops the updates up to uptoSeq, keeping later ones', async () => {
				const { boards } = await created(1);
				const board = boards[0].id;
				const s1 = await store.appendUpdate(board, bytes(1));
				const s2 = await store.appendUpdate(board, bytes(2));
				const s3 = await store.appendUpdate(board, bytes(3));
				await store.compactDoc(board, bytes(0xc, 1, 2), s2);
				const stored = await store.loadDoc(board);
				expectBytes(stored.snapshot, bytes(0xc, 1, 2));
				expect(stored.updates.map((u) => [...u])).toEqual([[3]]);
				expect(stored.lastSeq).toBe(s3);
				expect(s1).toBeLessThan(s2);
			});

			it('compaction replaces an earlier snapshot rather than keeping both', async () => {
				const board = await emptyBoard();
				const s1 = await store.appendUpdate(board, bytes(1));
				await store.compactDoc(board, bytes(0xa), s1);
				const s2 = await store.appendUpdate(board, bytes(2));
				await store.compactDoc(board, bytes(0xb, 0xb), s2);
				const stored = await store.loadDoc(board);
				expectBytes(stored.snapshot, bytes(0xb, 0xb));
				expect(stored.updates).toEqual([]);
			});

			it('never reuses a sequence number after the log was compacted away', async () => {
				const board = await emptyBoard();
				const seqs = [await store.appendUpdate(board, bytes(1)), await store.appendUpdate(board, bytes(2))];
				await store.compactDoc(board, bytes(0xc), seqs[1]);
				const emptied = await store.loadDoc(board);
				expect(emptied.updates).toEqual([]);
				const next = await store.appendUpdate(board, bytes(3));
				expect(next).toBeGreaterThan(seqs[1]);
				// A late compaction up to the old seq must not drop the new update.
				await store.compactDoc(board, bytes(0xd), seqs[1]);
				const stored = await store.loadDoc(board);
				expect(stored.updates.map((u) => [...u])).toEqual([[3]]);
				expect(stored.lastSeq).toBe(next);
			});

			it('a compaction that covers no more than the stored snapshot changes nothing (two instances racing)', async () => {
				const board = await emptyBoard();
				const s1 = await store.appendUpdate(board, bytes(1));
				const s2 = await store.appendUpdate(board, bytes(2));
				// Instance A folded the log up to s2; instance B, slower, had loaded it only up to s1.
				expect(await store.compactDoc(board, bytes(0xa, 1, 2), s2)).toBe(true);
				expect(await store.compactDoc(board, bytes(0xb, 1), s1)).toBe(false);
				expect(await store.compactDoc(board, bytes(0xb, 1, 2), s2)).toBe(false);
				const stored = await store.loadDoc(board);
				expectBytes(stored.snapshot, bytes(0xa, 1, 2));
				expect(stored.updates).toEqual([]);
				expect(stored.lastSeq).toBe(s2);
			});

			it('compacting one board leaves the others alone', async () => {
				const a = await emptyBoard();
				const b = await emptyBoard();
				const sa = await store.appendUpdate(a, bytes(1));
				await store.appendUpdate(b, bytes(2));
				await store.compactDoc(a, bytes(0xa), sa + 1_000_000);
				expect((await store.loadDoc(b)).updates.map((u) => [...u])).toEqual([[2]]);
				expect((await store.loadDoc(b)).snapshot).toBeNull();
			});

			it('rebuilds a Y.Doc equal to the original after mixed appends and compactions', async () => {
				const { boards, states } = await created(1);
				const board = boards[0].id;
				const doc = new Y.Doc();
				Y.applyUpdate(doc, states.get(board)!);
				const pending: Uint8Array[] = [];
				doc.on('update', (update: Uint8Array) => pending.push(update));
				let lastSeq = 0;
				const flush = async () => {
					for (const update of pending.splice(0)) lastSeq = await store.appendUpdate(board, update);
				};

				const stakeholders: string[] = [];
				const notes: string[] = [];
				for (let round = 0; round < 12; round++) {
					stakeholders.push(addStakeholder(doc, { name: `Aktor ${round}`, helix: 'community', x: round, y: -round }));
					notes.push(addNote(doc, { x: round, y: round, color: 'yellow', author: 'Dewi', text: `catatan ${round} 🙂` }));
					moveNote(doc, notes[round >> 1], round * 10, round * 20);
					if (round % 4 === 3) deleteStakeholder(doc, stakeholders[round - 2]);
					await flush();
					if (round % 3 === 2) {
						// Snapshot taken now, but more updates land before the compaction is written (a race).
						const snapshot = Y.encodeStateAsUpdate(doc);
						const upto = lastSeq;
						collection(doc, 'meta').set('title', `round ${round}`);
						await flush();
						await store.compactDoc(board, snapshot, upto);
					}
				}
				const rebuilt = await rebuild(board);
				expect(boardToJSON(rebuilt)).toEqual(boardToJSON(doc));
				expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(doc));
				expect(collection(rebuilt, 'meta').get('title')).toBe('round 11');
				const stored = await store.loadDoc(board);
				expect(stored.snapshot).not.toBeNull();
				expect(stored.lastSeq).toBe(lastSeq);
			});
		});

		describe('board history (checkpoints)', () => {
			const T0 = 1_750_000_000_000;
			/** A recognisable state for a time: its bytes say which checkpoint came back. */
			const stateAt = (at: number) => new TextEncoder().encode(`state@${at}`);
			const atOf = (state: Uint8Array) => Number(new TextDecoder().decode(state).slice('state@'.length));

			it('lists no checkpoints and finds none for a new or unknown board', async () => {
				const board = await emptyBoard();
				expect(await store.listCheckpoints(board)).toEqual([]);
				expect(await store.getCheckpoint(board, Number.MAX_SAFE_INTEGER)).toBeNull();
				expect(await store.listCheckpoints(newId())).toEqual([]);
				expect(await store.getCheckpoint(newId(), T0)).toBeNull();
			});

			it('lists checkpoint times oldest first, whatever order they were added in', async () => {
				const board = await emptyBoard();
				for (const at of [T0 + 5_000, T0, T0 + 60_000, T0 + 1]) await store.addCheckpoint(board, at, stateAt(at));
				expect(await store.listCheckpoints(board)).toEqual([T0, T0 + 1, T0 + 5_000, T0 + 60_000]);
			});

			it('finds the newest checkpoint at or before a time: none before the first, exact, between, after the last', async () => {
				const board = await emptyBoard();
				const times = [T0, T0 + 1_000, T0 + 300_000];
				for (const at of times) await store.addCheckpoint(board, at, stateAt(at));
				expect(await store.getCheckpoint(board, T0 - 1)).toBeNull();
				expect(await store.getCheckpoint(board, 0)).toBeNull();
				for (const at of times) {
					const found = await store.getCheckpoint(board, at);
					expect(found?.at).toBe(at);
					expectBytes(found?.state, stateAt(at));
				}
				expect((await store.getCheckpoint(board, T0 + 999))?.at).toBe(T0);
				expect((await store.getCheckpoint(board, T0 + 1_001))?.at).toBe(T0 + 1_000);
				expect((await store.getCheckpoint(board, T0 + 299_999.5))?.at).toBe(T0 + 1_000);
				const latest = await store.getCheckpoint(board, Number.MAX_SAFE_INTEGER);
				expect(latest?.at).toBe(T0 + 300_000);
				expectBytes(latest?.state, stateAt(T0 + 300_000));
				expect((await store.getCheckpoint(board, Infinity))?.at).toBe(T0 + 300_000);
			});

			it('keeps a real board state byte for byte (a 2 MB one too)', async () => {
				const { boards } = await created(1);
				const doc = new Y.Doc();
				Y.applyUpdate(doc, (await store.loadDoc(boards[0].id)).snapshot!);
				for (let i = 0; i < 20; i++) addStakeholder(doc, { name: `Аймаг ${i} 읍 ${i}`, helix: 'government', x: i, y: i });
				const state = Y.encodeStateAsUpdate(doc);
				await store.addCheckpoint(boards[0].id, T0, state);
				const back = new Y.Doc();
				Y.applyUpdate(back, (await store.getCheckpoint(boards[0].id, T0))!.state);
				expect(boardToJSON(back)).toEqual(boardToJSON(doc));

				const large = new Uint8Array(2 * 1024 * 1024);
				for (let i = 0; i < large.length; i++) large[i] = (i * 7919) & 0xff;
				await store.addCheckpoint(boards[0].id, T0 + 1, large);
				expectBytes((await store.getCheckpoint(boards[0].id, T0 + 1))?.state, large);
			});

			it('replaces a checkpoint added again at the same time', async () => {
				const board = await emptyBoard();
				await store.addCheckpoint(board, T0, bytes(1));
				await store.addCheckpoint(board, T0, bytes(2, 2));
				expect(await store.listCheckpoints(board)).toEqual([T0]);
				expectBytes((await store.getCheckpoint(board, T0))?.state, bytes(2, 2));
			});

			it('stores a copy of the bytes it is given', async () => {
				const board = await emptyBoard();
				const backing = new Uint8Array([9, 1, 2, 3, 9]);
				await store.addCheckpoint(board, T0, backing.subarray(1, 4));
				backing.fill(0);
				expectBytes((await store.getCheckpoint(board, T0))?.state, bytes(1, 2, 3));
			});

			it('refuses a time that is not a non-negative integer, and an unknown board, writing nothing', async () => {
				const board = await emptyBoard();
				for (const at of [-1, 1.5, Number.NaN, Infinity, 2 ** 53]) {
					await expect(store.addCheckpoint(board, at, bytes(1))).rejects.toThrow();
				}
				expect(await store.listCheckpoints(board)).toEqual([]);
				const unknown = newId();
				await expect(store.addCheckpoint(unknown, T0, bytes(1))).rejects.toThrow();
				expect(await store.listCheckpoints(unknown)).toEqual([]);
				expect(await store.getCheckpoint(unknown, T0)).toBeNull();
			});

			it('keeps the checkpoints of different boards apart', async () => {
				const a = await emptyBoard();
				const b = await emptyBoard();
				await store.addCheckpoint(a, T0, bytes(0xa1));
				await store.addCheckpoint(b, T0 + 10, bytes(0xb1));
				await store.addCheckpoint(a, T0 + 20, bytes(0xa2));
				expect(await store.listCheckpoints(a)).toEqual([T0, T0 + 20]);
				expect(await store.listCheckpoints(b)).toEqual([T0 + 10]);
				expect(await store.getCheckpoint(b, T0 + 5)).toBeNull();
				expectBytes((await store.getCheckpoint(b, T0 + 30))?.state, bytes(0xb1));
				expectBytes((await store.getCheckpoint(a, T0 + 15))?.state, bytes(0xa1));
				// Compacting or writing one board's log leaves every board's history alone.
				const seq = await store.appendUpdate(a, bytes(1));
				await store.compactDoc(a, bytes(0xc), seq);
				expect(await store.listCheckpoints(a)).toEqual([T0, T0 + 20]);
			});

			it(`keeps at most ${MAX_CHECKPOINTS}: the first and the newest stay, dense stretches thin out, sparse ones stay whole`, async () => {
				const board = await emptyBoard();
				const other = await emptyBoard();
				await store.addCheckpoint(other, T0, bytes(0xee));
				// A busy workshop day (a checkpoint a minute), then weeks of follow-up (one a day).
				const MINUTE = 60_000;
				const DAY = 24 * 60 * MINUTE;
				const busy = Array.from({ length: 180 }, (_, i) => T0 + i * MINUTE);
				const followUp = Array.from({ length: 60 }, (_, i) => T0 + (i + 1) * DAY);
				const all = [...busy, ...followUp];
				for (const at of all) {
					await store.addCheckpoint(board, at, stateAt(at));
					const count = (await store.listCheckpoints(board)).length;
					expect(count).toBeLessThanOrEqual(MAX_CHECKPOINTS);
				}
				const kept = await store.listCheckpoints(board);
				expect(kept).toHaveLength(MAX_CHECKPOINTS);
				expect(kept).toEqual([...kept].sort((x, y) => x - y));
				expect(kept[0]).toBe(all[0]);
				expect(kept.at(-1)).toBe(all.at(-1));
				// The daily follow-up checkpoints are all there; the 40 dropped ones come from the busy day,
				// every other one from its oldest end, so no stretch of it goes missing.
				for (const at of followUp) expect(kept).toContain(at);
				const keptBusy = kept.filter((at) => at < T0 + DAY);
				expect(keptBusy).toHaveLength(MAX_CHECKPOINTS - followUp.length);
				expect(keptBusy).toContain(busy.at(-1)); // the end of the busy day is a neighbour worth keeping
				const gaps = keptBusy.slice(1).map((at, i) => at - keptBusy[i]);
				expect(Math.max(...gaps)).toBeLessThanOrEqual(2 * MINUTE);
				// Every kept time still finds its own state; a dropped one finds its kept predecessor.
				for (const at of kept.filter((_, i) => i % 17 === 0)) {
					const found = await store.getCheckpoint(board, at);
					expect(found?.at).toBe(at);
					expect(atOf(found!.state)).toBe(at);
				}
				const dropped = busy.filter((at) => !kept.includes(at));
				expect(dropped).toHaveLength(40);
				for (const at of dropped.slice(0, 5)) {
					const found = await store.getCheckpoint(board, at);
					expect(found!.at).toBeLessThan(at);
					expect(atOf(found!.state)).toBe(found!.at);
				}
				// The other board was never thinned.
				expect(await store.listCheckpoints(other)).toEqual([T0]);
			});

			it('thins the middle evenly when checkpoints come at a steady pace', async () => {
				const board = await emptyBoard();
				const STEP = 5 * 60_000;
				const total = MAX_CHECKPOINTS * 2;
				for (let i = 0; i < total; i++) await store.addCheckpoint(board, T0 + i * STEP, stateAt(T0 + i * STEP));
				const kept = await store.listCheckpoints(board);
				expect(kept).toHaveLength(MAX_CHECKPOINTS);
				expect(kept[0]).toBe(T0);
				expect(kept.at(-1)).toBe(T0 + (total - 1) * STEP);
				// Spanning the whole time with no hole much wider than the average spacing.
				const gaps = kept.slice(1).map((at, i) => at - kept[i]);
				const average = (kept.at(-1)! - kept[0]) / (kept.length - 1);
				expect(Math.max(...gaps)).toBeLessThanOrEqual(2 * average + STEP);
			});
		});
		describe('named snapshots', () => {
			const T0 = 1_760_000_000_000;
			const snap = (id: string, createdAt: number, state: Uint8Array = new TextEncoder().encode(`snap:${id}`), name = `Snapshot ${id}`): Snapshot => ({
				id,
				name,
				createdAt,
				createdBy: 'Rina',
				state
			});

			it('lists none and finds none for a new or unknown board', async () => {
				const board = await emptyBoard();
				expect(await store.listSnapshots(board)).toEqual([]);
				expect(await store.getSnapshot(board, 'nope')).toBeNull();
				expect(await store.listSnapshots(newId())).toEqual([]);
				expect(await store.getSnapshot(newId(), 'nope')).toBeNull();
			});

			it('keeps a real board state byte for byte, with its name, time and author', async () => {
				const { boards } = await created(1);
				const doc = new Y.Doc();
				Y.applyUpdate(doc, (await store.loadDoc(boards[0].id)).snapshot!);
				for (let i = 0; i < 10; i++) addStakeholder(doc, { name: `Аймаг ${i} 읍 ${i}`, helix: 'government', x: i, y: i });
				const state = Y.encodeStateAsUpdate(doc);
				await store.addSnapshot(boards[0].id, { id: 'end-ex-1', name: 'Akhir latihan 1 — 끝 ✓', createdAt: T0, createdBy: 'Bolat Ж.', state });
				const back = await store.getSnapshot(boards[0].id, 'end-ex-1');
				expect(back).toMatchObject({ id: 'end-ex-1', name: 'Akhir latihan 1 — 끝 ✓', createdAt: T0, createdBy: 'Bolat Ж.' });
				expectBytes(back?.state, state);
				const rebuilt = new Y.Doc();
				Y.applyUpdate(rebuilt, back!.state);
				expect(boardToJSON(rebuilt)).toEqual(boardToJSON(doc));
				expect(await store.listSnapshots(boards[0].id)).toEqual([
					{ id: 'end-ex-1', name: 'Akhir latihan 1 — 끝 ✓', createdAt: T0, createdBy: 'Bolat Ж.' }
				]);
			});

			it('lists newest first without states, the later-added first on the same millisecond', async () => {
				const board = await emptyBoard();
				await store.addSnapshot(board, snap('b', T0 + 10));
				await store.addSnapshot(board, snap('a', T0));
				await store.addSnapshot(board, snap('c', T0 + 20));
				await store.addSnapshot(board, snap('d', T0 + 20));
				const list = await store.listSnapshots(board);
				expect(list.map((s) => s.id)).toEqual(['d', 'c', 'b', 'a']);
				for (const meta of list) expect(meta).not.toHaveProperty('state');
			});

			it('stores a copy of the bytes it is given (a 2 MB state too)', async () => {
				const board = await emptyBoard();
				const backing = new Uint8Array([9, 1, 2, 3, 9]);
				await store.addSnapshot(board, snap('x', T0, backing.subarray(1, 4)));
				backing.fill(0);
				expectBytes((await store.getSnapshot(board, 'x'))?.state, bytes(1, 2, 3));
				const large = new Uint8Array(2 * 1024 * 1024);
				for (let i = 0; i < large.length; i++) large[i] = (i * 7919) & 0xff;
				await store.addSnapshot(board, snap('large', T0 + 1, large));
				expectBytes((await store.getSnapshot(board, 'large'))?.state, large);
			});

			it('refuses an id the board has, an unknown board and bad fields, writing nothing', async () => {
				const board = await emptyBoard();
				await store.addSnapshot(board, snap('one', T0, bytes(1)));
				await expect(store.addSnapshot(board, snap('one', T0 + 1, bytes(2)))).rejects.toBeInstanceOf(SnapshotIdTaken);
				expectBytes((await store.getSnapshot(board, 'one'))?.state, bytes(1));
				const unknown = newId();
				await expect(store.addSnapshot(unknown, snap('one', T0))).rejects.toThrow();
				expect(await store.listSnapshots(unknown)).toEqual([]);
				for (const bad of [snap('', T0), snap('a:b', T0), snap('ok', -1), snap('ok', 1.5)]) {
					await expect(store.addSnapshot(board, bad)).rejects.toThrow();
				}
				expect((await store.listSnapshots(board)).map((s) => s.id)).toEqual(['one']);
			});

			it('keeps the snapshots of different boards apart, and apart from the log and checkpoints', async () => {
				const a = await emptyBoard();
				const b = await emptyBoard();
				await store.addSnapshot(a, snap('same', T0, bytes(0xa)));
				await store.addSnapshot(b, snap('same', T0, bytes(0xb)));
				expectBytes((await store.getSnapshot(a, 'same'))?.state, bytes(0xa));
				expectBytes((await store.getSnapshot(b, 'same'))?.state, bytes(0xb));
				const seq = await store.appendUpdate(a, bytes(1));
				await store.compactDoc(a, bytes(0xc), seq);
				await store.addCheckpoint(a, T0, bytes(0xd));
				expect((await store.listSnapshots(a)).map((s) => s.id)).toEqual(['same']);
				expect(await store.listCheckpoints(a)).toEqual([T0]);
				expect((await store.loadDoc(a)).updates).toEqual([]);
			});

			it(`keeps ${MAX_SNAPSHOTS} forever (never thinned) and refuses the next with SnapshotLimitReached`, async () => {
				const board = await emptyBoard();
				const other = await emptyBoard();
				for (let i = 0; i < MAX_SNAPSHOTS; i++) await store.addSnapshot(board, snap(`s${i}`, T0 + i, bytes(i & 0xff)));
				await expect(store.addSnapshot(board, snap('one-too-many', T0 + 1_000))).rejects.toBeInstanceOf(SnapshotLimitReached);
				const list = await store.listSnapshots(board);
				expect(list).toHaveLength(MAX_SNAPSHOTS);
				expect(list[0].id).toBe(`s${MAX_SNAPSHOTS - 1}`);
				expect(list.at(-1)!.id).toBe('s0');
				expect(await store.getSnapshot(board, 'one-too-many')).toBeNull();
				expectBytes((await store.getSnapshot(board, 's0'))?.state, bytes(0));
				// Another board is not affected by this one being full.
				await store.addSnapshot(other, snap('fine', T0));
				expect(await store.listSnapshots(other)).toHaveLength(1);
			});
		});

		describe('participants', () => {
			const participant = (workshopId: string, boardId: string, name: string, createdAt: number): ParticipantRecord => ({
				id: newId(),
				workshopId,
				boardId,
				name,
				createdAt
			});

			it('reads a participant back by id; null for an unknown one', async () => {
				const { workshop, boards } = await created(2);
				const dewi = participant(workshop.id, boards[1].id, 'Dewi Ардак 읍', 1_700_000_000_123);
				await store.addParticipant(dewi);
				expect(await store.getParticipant(dewi.id)).toEqual(dewi);
				expect(await store.getParticipant(newId())).toBeNull();
			});

			it('lists the participants of a workshop oldest first, and only them', async () => {
				const { workshop, boards } = await created(2);
				const other = await created(1);
				const late = participant(workshop.id, boards[0].id, 'Late', 30);
				const early = participant(workshop.id, boards[1].id, 'Early', 10);
				const middle = participant(workshop.id, boards[0].id, 'Middle', 20);
				const elsewhere = participant(other.workshop.id, other.boards[0].id, 'Elsewhere', 5);
				for (const p of [late, early, elsewhere, middle]) await store.addParticipant(p);
				expect(await store.listParticipants(workshop.id)).toEqual([early, middle, late]);
				expect(await store.listParticipants(other.workshop.id)).toEqual([elsewhere]);
				expect(await store.listParticipants(newId())).toEqual([]);
			});

			it('moves a participant to another board, leaving the others where they are', async () => {
				const { workshop, boards } = await created(3);
				const rina = participant(workshop.id, boards[0].id, 'Rina', 1);
				const budi = participant(workshop.id, boards[0].id, 'Budi', 2);
				await store.addParticipant(rina);
				await store.addParticipant(budi);
				await store.moveParticipant(rina.id, boards[2].id);
				expect(await store.getParticipant(rina.id)).toEqual({ ...rina, boardId: boards[2].id });
				expect(await store.getParticipant(budi.id)).toEqual(budi);
				expect((await store.listParticipants(workshop.id)).map((p) => p.boardId)).toEqual([boards[2].id, boards[0].id]);
				await store.moveParticipant(rina.id, boards[0].id);
				expect(await store.getParticipant(rina.id)).toEqual(rina);
			});

			it('ignores a move of an unknown participant (and creates nothing)', async () => {
				const { boards } = await created(1);
				const unknown = newId();
				await store.moveParticipant(unknown, boards[0].id);
				expect(await store.getParticipant(unknown)).toBeNull();
			});

			it('refuses a move to an unknown board', async () => {
				const { workshop, boards } = await created(1);
				const rina = participant(workshop.id, boards[0].id, 'Rina', 1);
				await store.addParticipant(rina);
				await expect(store.moveParticipant(rina.id, newId())).rejects.toThrow();
				expect(await store.getParticipant(rina.id)).toEqual(rina);
			});
		});

		describe('workshop state', () => {
			const timer: WorkshopState['timer'] = {
				scope: 'all',
				durationMs: 300_000,
				running: true,
				endsAt: 1_800_000_300_000,
				remainingMs: 300_000,
				startedAt: 1_800_000_000_000
			};
			const present: WorkshopState['present'] = {
				boardId: 'board-1',
				view: 'map',
				layout: null,
				followers: 'all',
				by: 'Fasilitator Ж',
				since: 1_800_000_000_000
			};
			const vote: WorkshopState['vote'] = { id: 'v1', targets: 'both', dots: 5, state: 'open', openedAt: 1_800_000_000_000 };

			it('is the empty state for a new workshop and for an unknown one, a fresh copy each time', async () => {
				const { workshop } = await created(1);
				const state = await store.getWorkshopState(workshop.id);
				expect(state).toEqual(EMPTY_WORKSHOP_STATE);
				expect(await store.getWorkshopState(newId())).toEqual(EMPTY_WORKSHOP_STATE);
				state.gallery.open = true; // a caller changing its copy changes nothing else
				expect(EMPTY_WORKSHOP_STATE.gallery.open).toBe(false);
				expect(await store.getWorkshopState(workshop.id)).toEqual(EMPTY_WORKSHOP_STATE);
			});

			it('replaces the sections given, keeps the others, and answers the whole new state', async () => {
				const { workshop } = await created(1);
				expect(await store.patchWorkshopState(workshop.id, { timer })).toEqual({ ...EMPTY_WORKSHOP_STATE, timer });
				expect(await store.patchWorkshopState(workshop.id, { present, gallery: { open: true } })).toEqual({
					...EMPTY_WORKSHOP_STATE,
					timer,
					present,
					gallery: { open: true }
				});
				const paused = { ...timer!, running: false, endsAt: null, remainingMs: 123_456 };
				const after = await store.patchWorkshopState(workshop.id, { timer: paused, vote, archived: true });
				const expected: WorkshopState = { timer: paused, present, gallery: { open: true }, vote, archived: true };
				expect(after).toEqual(expected);
				expect(await store.getWorkshopState(workshop.id)).toEqual(expected);
				// null clears a section; undefined and an empty patch leave everything as it is.
				expect(await store.patchWorkshopState(workshop.id, { present: null, timer: undefined })).toEqual({ ...expected, present: null });
				expect(await store.patchWorkshopState(workshop.id, {})).toEqual({ ...expected, present: null });
			});

			it('keeps the states of different workshops apart', async () => {
				const a = await created(1);
				const b = await created(1);
				await store.patchWorkshopState(a.workshop.id, { archived: true, vote });
				await store.patchWorkshopState(b.workshop.id, { gallery: { open: true } });
				expect(await store.getWorkshopState(a.workshop.id)).toEqual({ ...EMPTY_WORKSHOP_STATE, archived: true, vote });
				expect(await store.getWorkshopState(b.workshop.id)).toEqual({ ...EMPTY_WORKSHOP_STATE, gallery: { open: true } });
			});

			it('loses no section when patches of different sections race', async () => {
				const { workshop } = await created(1);
				await Promise.all([
					store.patchWorkshopState(workshop.id, { timer }),
					store.patchWorkshopState(workshop.id, { present }),
					store.patchWorkshopState(workshop.id, { gallery: { open: true } }),
					store.patchWorkshopState(workshop.id, { vote }),
					store.patchWorkshopState(workshop.id, { archived: true })
				]);
				expect(await store.getWorkshopState(workshop.id)).toEqual({ timer, present, gallery: { open: true }, vote, archived: true });
			});

			it('refuses an unknown workshop or section, writing nothing', async () => {
				const { workshop } = await created(1);
				const unknown = newId();
				await expect(store.patchWorkshopState(unknown, { archived: true })).rejects.toThrow();
				expect(await store.getWorkshopState(unknown)).toEqual(EMPTY_WORKSHOP_STATE);
				const bad = { archived: true, colour: 'red' } as unknown as Partial<WorkshopState>;
				await expect(store.patchWorkshopState(workshop.id, bad)).rejects.toThrow(/colour/);
				expect(await store.getWorkshopState(workshop.id)).toEqual(EMPTY_WORKSHOP_STATE);
			});
		});

		describe('dot votes', () => {
			const total = (mine: Record<string, number>) => Object.values(mine).reduce((sum, count) => sum + count, 0);
			const sorted = <T extends { participantId: string; key: string }>(votes: T[]) =>
				[...votes].sort((a, b) => a.participantId.localeCompare(b.participantId) || a.key.localeCompare(b.key));

			it('sets, changes and (with 0) removes one participant’s dots, answering all of theirs', async () => {
				const { workshop, boards } = await created(2);
				const [b1, b2] = boards.map((board) => board.id);
				const rina = newId();
				expect(await store.castVote(workshop.id, 'v1', rina, `${b1}:s1`, 2, 5)).toEqual({ ok: true, mine: { [`${b1}:s1`]: 2 } });
				expect(await store.castVote(workshop.id, 'v1', rina, `${b2}:a1`, 3, 5)).toEqual({
					ok: true,
					mine: { [`${b1}:s1`]: 2, [`${b2}:a1`]: 3 }
				});
				// Changing a count replaces it: 2 → 1 on s1 leaves room for 1 more elsewhere.
				expect(await store.castVote(workshop.id, 'v1', rina, `${b1}:s1`, 1, 5)).toEqual({
					ok: true,
					mine: { [`${b1}:s1`]: 1, [`${b2}:a1`]: 3 }
				});
				expect(await store.castVote(workshop.id, 'v1', rina, `${b2}:a1`, 0, 5)).toEqual({ ok: true, mine: { [`${b1}:s1`]: 1 } });
				expect(await store.listVotes(workshop.id, 'v1')).toEqual([{ participantId: rina, key: `${b1}:s1`, count: 1 }]);
				// Removing what is not there is fine.
				expect(await store.castVote(workshop.id, 'v1', rina, `${b2}:zz`, 0, 5)).toEqual({ ok: true, mine: { [`${b1}:s1`]: 1 } });
				expect(await store.castVote(workshop.id, 'v1', rina, `${b1}:s1`, 0, 5)).toEqual({ ok: true, mine: {} });
				expect(await store.listVotes(workshop.id, 'v1')).toEqual([]);
			});

			it('refuses dots over maxDots, answering what was used and writing nothing', async () => {
				const { workshop, boards } = await created(1);
				const key = (target: string) => `${boards[0].id}:${target}`;
				const budi = newId();
				await store.castVote(workshop.id, 'v1', budi, key('a'), 3, 5);
				await store.castVote(workshop.id, 'v1', budi, key('b'), 2, 5);
				expect(await store.castVote(workshop.id, 'v1', budi, key('c'), 1, 5)).toEqual({ ok: false, used: 5 });
				expect(await store.castVote(workshop.id, 'v1', budi, key('a'), 4, 5)).toEqual({ ok: false, used: 5 });
				expect(await store.castVote(workshop.id, 'v1', budi, key('b'), 6, 5)).toEqual({ ok: false, used: 5 });
				expect(sorted(await store.listVotes(workshop.id, 'v1'))).toEqual([
					{ participantId: budi, key: key('a'), count: 3 },
					{ participantId: budi, key: key('b'), count: 2 }
				]);
				// Moving dots within the budget is fine: a 3 → 1, then c 2.
				expect(await store.castVote(workshop.id, 'v1', budi, key('a'), 1, 5)).toMatchObject({ ok: true });
				expect(await store.castVote(workshop.id, 'v1', budi, key('c'), 2, 5)).toEqual({
					ok: true,
					mine: { [key('a')]: 1, [key('b')]: 2, [key('c')]: 2 }
				});
				// Exactly maxDots on one item is allowed; one more is not.
				const dewi = newId();
				expect(await store.castVote(workshop.id, 'v1', dewi, key('a'), 5, 5)).toMatchObject({ ok: true });
				expect(await store.castVote(workshop.id, 'v1', dewi, key('a'), 6, 5)).toEqual({ ok: false, used: 5 });
			});

			it('counts each participant’s dots apart, and keeps votes and workshops apart', async () => {
				const first = await created(1);
				const second = await created(1);
				const key = `${first.boards[0].id}:s1`;
				const [rina, budi] = [newId(), newId()];
				await store.castVote(first.workshop.id, 'v1', rina, key, 3, 3);
				await store.castVote(first.workshop.id, 'v1', budi, key, 3, 3); // Budi has his own 3
				await store.castVote(first.workshop.id, 'v2', rina, key, 2, 3); // a new vote starts from 0
				await store.castVote(second.workshop.id, 'v1', rina, key, 1, 3);
				expect(sorted(await store.listVotes(first.workshop.id, 'v1'))).toEqual(
					sorted([
						{ participantId: rina, key, count: 3 },
						{ participantId: budi, key, count: 3 }
					])
				);
				expect(await store.listVotes(first.workshop.id, 'v2')).toEqual([{ participantId: rina, key, count: 2 }]);
				expect(await store.listVotes(second.workshop.id, 'v1')).toEqual([{ participantId: rina, key, count: 1 }]);
				expect(await store.listVotes(first.workshop.id, 'nope')).toEqual([]);
				expect(await store.listVotes(newId(), 'v1')).toEqual([]);
			});

			it('lets exactly maxDots of 20 racing one-dot votes of one participant through', async () => {
				const { workshop, boards } = await created(1);
				const rina = newId();
				const keys = Array.from({ length: 20 }, (_, i) => `${boards[0].id}:target${i}`);
				const outcomes = await Promise.all(keys.map((key) => store.castVote(workshop.id, 'v1', rina, key, 1, 5)));
				expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(5);
				for (const outcome of outcomes) {
					if (outcome.ok) expect(total(outcome.mine)).toBeLessThanOrEqual(5);
					else expect(outcome.used).toBe(5);
				}
				const stored = await store.listVotes(workshop.id, 'v1');
				expect(stored).toHaveLength(5);
				expect(stored.reduce((sum, vote) => sum + vote.count, 0)).toBe(5);
			});

			it('never stores more than maxDots when racing votes of different sizes (same items too)', async () => {
				const { workshop, boards } = await created(1);
				const budi = newId();
				const casts = Array.from({ length: 20 }, (_, i) => ({ key: `${boards[0].id}:t${i % 4}`, count: 1 + (i % 3) }));
				const outcomes = await Promise.all(casts.map(({ key, count }) => store.castVote(workshop.id, 'v1', budi, key, count, 5)));
				expect(outcomes.some((outcome) => outcome.ok)).toBe(true);
				for (const outcome of outcomes) if (outcome.ok) expect(total(outcome.mine)).toBeLessThanOrEqual(5);
				const stored = await store.listVotes(workshop.id, 'v1');
				expect(stored.reduce((sum, vote) => sum + vote.count, 0)).toBeLessThanOrEqual(5);
				for (const vote of stored) expect(vote.count).toBeGreaterThan(0);
			});

			it('refuses bad numbers, a participant id with "|" and an unknown workshop, writing nothing', async () => {
				const { workshop, boards } = await created(1);
				const key = `${boards[0].id}:s1`;
				const rina = newId();
				for (const [count, max] of [[-1, 5], [1.5, 5], [Number.NaN, 5], [1, -1], [1, 2.5]]) {
					await expect(store.castVote(workshop.id, 'v1', rina, key, count, max)).rejects.toThrow();
				}
				await expect(store.castVote(workshop.id, 'v1', 'a|b', key, 1, 5)).rejects.toThrow();
				await expect(store.castVote(workshop.id, 'v1', '', key, 1, 5)).rejects.toThrow();
				const unknown = newId();
				await expect(store.castVote(unknown, 'v1', rina, key, 1, 5)).rejects.toThrow();
				expect(await store.listVotes(workshop.id, 'v1')).toEqual([]);
				expect(await store.listVotes(unknown, 'v1')).toEqual([]);
			});
		});

		describe('deleting a workshop', () => {
			const T0 = 1_770_000_000_000;

			/** A workshop with something in every part of the store. */
			async function busyWorkshop() {
				const made = await created(2);
				const { workshop, boards } = made;
				const addedBoard: BoardRecord = { id: newId(), workshopId: workshop.id, name: 'Added', locked: false, removed: true, createdAt: T0 };
				await store.addBoard(addedBoard, bytes(0xab));
				const all = [...boards, addedBoard];
				const participants: ParticipantRecord[] = [];
				for (const [i, board] of all.entries()) {
					const seq = await store.appendUpdate(board.id, bytes(i, 1));
					await store.appendUpdate(board.id, bytes(i, 2));
					await store.compactDoc(board.id, bytes(i, 0xc), seq);
					await store.addCheckpoint(board.id, T0 + i, bytes(i, 0xd));
					await store.addSnapshot(board.id, { id: `snap-${i}`, name: 'Akhir', createdAt: T0, createdBy: 'Rina', state: bytes(i, 0xe) });
					const p = { id: newId(), workshopId: workshop.id, boardId: board.id, name: `Peserta ${i}`, createdAt: T0 + i };
					await store.addParticipant(p);
					participants.push(p);
					await store.castVote(workshop.id, 'v1', p.id, `${board.id}:s1`, 2, 5);
					await store.castVote(workshop.id, 'v2', p.id, `${board.id}:s2`, 1, 5);
				}
				await store.setBoardLocked(boards[0].id, true);
				await store.patchWorkshopState(workshop.id, { archived: true, gallery: { open: true } });
				return { ...made, all, participants };
			}

			async function expectGone(made: Awaited<ReturnType<typeof busyWorkshop>>) {
				const { workshop, all, participants } = made;
				expect(await store.getWorkshop(workshop.id)).toBeNull();
				expect(await store.findWorkshopByJoinCode(workshop.joinCode)).toBeNull();
				expect(await store.listBoards(workshop.id)).toEqual([]);
				expect(await store.listParticipants(workshop.id)).toEqual([]);
				expect(await store.getWorkshopState(workshop.id)).toEqual(EMPTY_WORKSHOP_STATE);
				expect(await store.listVotes(workshop.id, 'v1')).toEqual([]);
				expect(await store.listVotes(workshop.id, 'v2')).toEqual([]);
				for (const board of all) {
					expect(await store.getBoard(board.id)).toBeNull();
					expect(await store.loadDoc(board.id)).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
					expect(await store.listCheckpoints(board.id)).toEqual([]);
					expect(await store.getCheckpoint(board.id, Infinity)).toBeNull();
					expect(await store.listSnapshots(board.id)).toEqual([]);
				}
				for (const [i, board] of all.entries()) expect(await store.getSnapshot(board.id, `snap-${i}`)).toBeNull();
				for (const p of participants) expect(await store.getParticipant(p.id)).toBeNull();
			}

			async function expectWhole(made: Awaited<ReturnType<typeof busyWorkshop>>) {
				const { workshop, all, participants } = made;
				expect(await store.getWorkshop(workshop.id)).toEqual(workshop);
				expect(await store.findWorkshopByJoinCode(workshop.joinCode)).toEqual(workshop);
				expect((await store.listBoards(workshop.id)).map((board) => board.id)).toEqual(all.map((board) => board.id));
				expect(await store.listParticipants(workshop.id)).toEqual(participants);
				expect(await store.getWorkshopState(workshop.id)).toMatchObject({ archived: true, gallery: { open: true } });
				expect(await store.listVotes(workshop.id, 'v1')).toHaveLength(all.length);
				for (const [i, board] of all.entries()) {
					const stored = await store.loadDoc(board.id);
					expectBytes(stored.snapshot, bytes(i, 0xc));
					expect(stored.updates.map((u) => [...u])).toEqual([[i, 2]]);
					expect(await store.listCheckpoints(board.id)).toEqual([T0 + i]);
					expectBytes((await store.getSnapshot(board.id, `snap-${i}`))?.state, bytes(i, 0xe));
				}
			}

			it('deletes everything of the workshop and nothing of another', async () => {
				const doomed = await busyWorkshop();
				const kept = await busyWorkshop();
				await store.deleteWorkshop(doomed.workshop.id);
				await expectGone(doomed);
				await expectWhole(kept);
			});

			it('frees the join code, and a deleted board takes no more writes', async () => {
				const doomed = await busyWorkshop();
				await store.deleteWorkshop(doomed.workshop.id);
				const board = doomed.all[0].id;
				await expect(store.appendUpdate(board, bytes(9))).rejects.toThrow();
				await expect(store.addCheckpoint(board, T0, bytes(9))).rejects.toThrow();
				await expect(store.patchWorkshopState(doomed.workshop.id, { archived: false })).rejects.toThrow();
				await store.setBoardLocked(board, true);
				await store.updateBoard(board, { name: 'Ghost' });
				await store.moveParticipant(doomed.participants[0].id, doomed.all[1].id);
				await expectGone(doomed);
				const again = await created(1, { joinCode: doomed.workshop.joinCode });
				expect(await store.findWorkshopByJoinCode(doomed.workshop.joinCode)).toEqual(again.workshop);
			});

			it('does nothing for an unknown workshop, or a second time', async () => {
				const kept = await busyWorkshop();
				await expect(store.deleteWorkshop(newId())).resolves.toBeUndefined();
				const doomed = await created(1);
				await store.deleteWorkshop(doomed.workshop.id);
				await expect(store.deleteWorkshop(doomed.workshop.id)).resolves.toBeUndefined();
				await expectWhole(kept);
			});
		});
	});
}
