/**
 * RedisStore against a real redis-server: the same contract as SqliteStore, then what only a
 * shared, networked store has to get right (binary values, outages, several instances at once).
 *
 * HB_REDIS_BENCH=1 also runs the append benchmark quoted in docs/decisions/005-redis-store-layout.md.
 */
import { randomBytes } from 'node:crypto';
import { createClient, RESP_TYPES } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newId, newJoinCode } from '../../src/lib/board/ids.js';
import { boardToJSON } from '../../src/lib/board/json.js';
import { addNote, addStakeholder, collection, initBoardDoc, moveNote } from '../../src/lib/board/model.js';
import { RedisStore, type RedisStoreOptions } from '../../server/store/RedisStore.js';
import { JoinCodeTaken, type BoardRecord, type StoredDoc, type WorkshopRecord } from '../../server/store/Store.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { describeStoreContract } from '../unit/store.contract.js';

let redis: TestRedis;
beforeAll(async () => {
	redis = await startRedis();
});
afterAll(async () => {
	await redis?.stop();
});

describeStoreContract('RedisStore', () => RedisStore.connect(redis.url), (store) => store.close());

// ---- helpers ----

const BINARY = { [RESP_TYPES.BLOB_STRING]: Buffer } as const;

function makeWorkshop(groups = 2, { joinCode = newJoinCode(), withStates = true } = {}) {
	const createdAt = Date.now();
	const workshop: WorkshopRecord = { id: newId(), title: 'Smart Kota Pekanbaru', joinCode, createdAt };
	const boards: BoardRecord[] = Array.from({ length: groups }, (_, i) => ({
		id: newId(),
		workshopId: workshop.id,
		name: `Kelompok ${i + 1}`,
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

const same = (a: Uint8Array | null | undefined, b: Uint8Array) =>
	!!a && a.byteLength === b.byteLength && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b));

function rebuild(stored: StoredDoc): Y.Doc {
	const doc = new Y.Doc();
	if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
	for (const update of stored.updates) Y.applyUpdate(doc, update);
	return doc;
}

async function eventually<T>(attempt: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			return await attempt();
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}
}

/** Opens stores and closes them all after each test. */
function storeFactory() {
	const opened: RedisStore[] = [];
	afterEach(async () => {
		await Promise.all(opened.splice(0).map((store) => store.close()));
	});
	return async (url: string, options?: RedisStoreOptions) => {
		const store = await RedisStore.connect(url, options);
		opened.push(store);
		return store;
	};
}

describe('RedisStore on one redis-server', () => {
	const open = storeFactory();
	let raw: ReturnType<typeof createClient>;
	beforeAll(async () => {
		raw = createClient({ url: redis.url });
		raw.on('error', () => undefined);
		await raw.connect();
	});
	afterAll(async () => {
		await raw?.close();
	});

	it('lays its keys out as docs/decisions/005 says', async () => {
		const store = await open(redis.url);
		const { workshop, boards, states } = makeWorkshop(2);
		await store.createWorkshop(workshop, boards, states);
		await store.setBoardLocked(boards[1].id, true);
		const participantId = newId();
		await store.addParticipant({ id: participantId, workshopId: workshop.id, boardId: boards[0].id, name: 'Dewi', createdAt: 5 });
		const before = Date.now();
		const s1 = await store.appendUpdate(boards[0].id, new Uint8Array([1]));
		const s2 = await store.appendUpdate(boards[0].id, new Uint8Array([2]));
		expect([s1, s2]).toEqual([1, 2]);
		expect(await store.compactDoc(boards[0].id, new Uint8Array([0xc1]), s1)).toBe(true);

		expect(await raw.get(`hb:joincode:${workshop.joinCode}`)).toBe(workshop.id);
		expect(await raw.hGetAll(`hb:workshop:${workshop.id}`)).toEqual({
			id: workshop.id,
			title: workshop.title,
			joinCode: workshop.joinCode,
			createdAt: String(workshop.createdAt)
		});
		expect(await raw.lRange(`hb:workshop:${workshop.id}:boards`, 0, -1)).toEqual(boards.map((board) => board.id));
		expect(await raw.hGetAll(`hb:board:${boards[1].id}`)).toEqual({
			id: boards[1].id,
			workshopId: workshop.id,
			name: boards[1].name,
			locked: '1',
			removed: '0',
			createdAt: String(boards[1].createdAt)
		});
		expect(await raw.hGetAll(`hb:participant:${participantId}`)).toMatchObject({ name: 'Dewi', boardId: boards[0].id });
		expect(await raw.get(`hb:board:${boards[0].id}:seq`)).toBe('2');
		const entries = (await raw.withTypeMapping(BINARY).xRange(`hb:board:${boards[0].id}:log`, '-', '+'))!;
		expect(entries).toHaveLength(1);
		expect(String(entries[0]!.id)).toBe('2-0');
		const fields = entries[0]!.message as unknown as Record<string, Buffer>;
		expect([...fields.d]).toEqual([2]);
		expect(Number(fields.t.toString())).toBeGreaterThanOrEqual(before);
		expect([...(await raw.withTypeMapping(BINARY).get(`hb:board:${boards[0].id}:snapshot`))!]).toEqual([0xc1]);
		expect(await raw.get(`hb:board:${boards[0].id}:snapshot-seq`)).toBe('1');
		// An initial state is a snapshot that covers nothing of the log yet.
		expect(await raw.get(`hb:board:${boards[1].id}:snapshot-seq`)).toBe('0');
		expect(await raw.type(`hb:board:${boards[0].id}:log`)).toBe('stream');
		// Operators can tell the store's connections apart.
		expect(await raw.clientList()).toContainEqual(expect.objectContaining({ name: 'helixboard-store' }));
	});

	it('lays the facilitation keys out as the header of RedisStore.ts says', async () => {
		const store = await open(redis.url);
		const { workshop, boards, states } = makeWorkshop(2);
		await store.createWorkshop(workshop, boards, states);
		const added: BoardRecord = { id: newId(), workshopId: workshop.id, name: 'Added', locked: false, removed: false, createdAt: 9 };
		await store.addBoard(added, new Uint8Array([0xad]));
		await store.updateBoard(boards[0].id, { removed: true, name: 'Gone' });
		const [early, late] = [newId(), newId()];
		await store.addParticipant({ id: late, workshopId: workshop.id, boardId: boards[0].id, name: 'Late', createdAt: 20 });
		await store.addParticipant({ id: early, workshopId: workshop.id, boardId: boards[1].id, name: 'Early', createdAt: 10 });
		await store.patchWorkshopState(workshop.id, { gallery: { open: true }, archived: true });
		await store.castVote(workshop.id, 'v1', early, `${boards[1].id}:s1`, 2, 5);

		expect(await raw.lRange(`hb:workshop:${workshop.id}:boards`, 0, -1)).toEqual([...boards.map((board) => board.id), added.id]);
		expect(await raw.hGetAll(`hb:board:${added.id}`)).toEqual({ id: added.id, workshopId: workshop.id, name: 'Added', locked: '0', removed: '0', createdAt: '9' });
		expect(await raw.get(`hb:board:${added.id}:snapshot-seq`)).toBe('0');
		expect(await raw.hGetAll(`hb:board:${boards[0].id}`)).toMatchObject({ name: 'Gone', removed: '1' });
		expect(await raw.zRangeWithScores(`hb:workshop:${workshop.id}:participants`, 0, -1)).toEqual([
			{ value: early, score: 10 },
			{ value: late, score: 20 }
		]);
		expect(await raw.hGetAll(`hb:workshop:${workshop.id}:state`)).toEqual({ gallery: '{"open":true}', archived: 'true' });
		expect(await raw.sMembers(`hb:workshop:${workshop.id}:votes`)).toEqual(['v1']);
		expect(await raw.hGetAll(`hb:workshop:${workshop.id}:vote:v1`)).toEqual({ [`${early}|${boards[1].id}:s1`]: '2' });
		expect(await raw.get('hb:layout')).toBe('2');
	});

	it('deleteWorkshop leaves not one key of the workshop behind (a deployment of its own)', async () => {
		const prefix = `delete-${newId(6)}:`;
		const store = await open(redis.url, { keyPrefix: prefix });
		const keysNow = async () => (await raw.keys(`${prefix}*`)).sort();
		const baseline = await keysNow(); // the layout marker
		async function busy() {
			const made = makeWorkshop(2);
			await store.createWorkshop(made.workshop, made.boards, made.states);
			const added: BoardRecord = { id: newId(), workshopId: made.workshop.id, name: 'Added', locked: false, removed: false, createdAt: 9 };
			await store.addBoard(added, new Uint8Array([1]));
			for (const [i, board] of [...made.boards, added].entries()) {
				const seq = await store.appendUpdate(board.id, new Uint8Array([i]));
				await store.appendUpdate(board.id, new Uint8Array([i, i]));
				await store.compactDoc(board.id, new Uint8Array([0xc]), seq);
				await store.addCheckpoint(board.id, 1_000 + i, new Uint8Array([0xd]));
				await store.addSnapshot(board.id, { id: `snap-${i}`, name: 'End', createdAt: 5, createdBy: 'Rina', state: new Uint8Array([0xe]) });
				await store.addSnapshot(board.id, { id: `snap-${i}-b`, name: 'End 2', createdAt: 6, createdBy: 'Rina', state: new Uint8Array([0xe]) });
				const participantId = newId();
				await store.addParticipant({ id: participantId, workshopId: made.workshop.id, boardId: board.id, name: 'Dewi', createdAt: 3 });
				await store.castVote(made.workshop.id, 'v1', participantId, `${board.id}:s1`, 1, 3);
				await store.castVote(made.workshop.id, 'v2', participantId, `${board.id}:s1`, 2, 3);
			}
			await store.setBoardLocked(added.id, true);
			await store.patchWorkshopState(made.workshop.id, { archived: true });
			return made;
		}
		const kept = await busy();
		const keptKeys = await keysNow();
		const doomed = await busy();
		expect((await keysNow()).length).toBeGreaterThan(keptKeys.length + 40);
		await store.deleteWorkshop(doomed.workshop.id);
		expect(await keysNow()).toEqual(keptKeys);
		await store.deleteWorkshop(kept.workshop.id);
		expect(await keysNow()).toEqual(baseline);
	});

	it('indexes participants written before layout 2 once, when an instance connects', async () => {
		const prefix = `upgrade-${newId(6)}:`;
		const { workshop, boards } = makeWorkshop(1);
		// What an older server left behind: participant hashes, no index, no layout marker.
		const old = [
			{ id: newId(), workshopId: workshop.id, boardId: boards[0].id, name: 'Second', createdAt: '20' },
			{ id: newId(), workshopId: workshop.id, boardId: boards[0].id, name: 'First', createdAt: '10' }
		];
		for (const p of old) await raw.hSet(`${prefix}participant:${p.id}`, p);
		const elsewhere = { id: newId(), workshopId: newId(), boardId: newId(), name: 'Elsewhere', createdAt: '5' };
		await raw.hSet(`${prefix}participant:${elsewhere.id}`, elsewhere);
		await raw.hSet(`other-${prefix}participant:${newId()}`, { ...elsewhere, workshopId: workshop.id }); // another deployment

		const store = await open(redis.url, { keyPrefix: prefix });
		expect(await raw.get(`${prefix}layout`)).toBe('2');
		expect((await store.listParticipants(workshop.id)).map((p) => p.name)).toEqual(['First', 'Second']);
		expect((await store.listParticipants(elsewhere.workshopId)).map((p) => p.name)).toEqual(['Elsewhere']);
		// Once done, a later connect does not scan again: a stray hash stays unindexed.
		await raw.hSet(`${prefix}participant:${newId()}`, { ...elsewhere, name: 'Stray' });
		const again = await open(redis.url, { keyPrefix: prefix });
		expect((await again.listParticipants(elsewhere.workshopId)).map((p) => p.name)).toEqual(['Elsewhere']);
		await raw.del(await raw.keys(`other-${prefix}*`));
	});

	it('keeps deployments with different key prefixes apart', async () => {
		const ours = await open(redis.url);
		const theirs = await open(redis.url, { keyPrefix: `other-${newId(6)}:` });
		const made = makeWorkshop(1);
		await ours.createWorkshop(made.workshop, made.boards, made.states);
		expect(await theirs.findWorkshopByJoinCode(made.workshop.joinCode)).toBeNull();
		expect(await theirs.getBoard(made.boards[0].id)).toBeNull();
		// The same join code is free in the other deployment.
		const again = makeWorkshop(1, { joinCode: made.workshop.joinCode });
		await theirs.createWorkshop(again.workshop, again.boards, again.states);
		expect(await theirs.findWorkshopByJoinCode(made.workshop.joinCode)).toEqual(again.workshop);
		expect(await ours.findWorkshopByJoinCode(made.workshop.joinCode)).toEqual(made.workshop);
	});

	describe('binary safety', () => {
		const all256 = Uint8Array.from({ length: 256 }, (_, i) => i);
		// Bytes a text protocol or a Lua string could trip over, in awkward places.
		const tricky = new Uint8Array([0, 0, 13, 10, 36, 45, 42, 58, 0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80, 0, 13, 10]);

		it('keeps all 256 byte values in updates, snapshots and initial states', async () => {
			const store = await open(redis.url);
			const { workshop, boards } = makeWorkshop(1, { withStates: false });
			const reversed = all256.slice().reverse();
			await store.createWorkshop(workshop, boards, new Map([[boards[0].id, reversed]]));
			const board = boards[0].id;
			expect(same((await store.loadDoc(board)).snapshot, reversed)).toBe(true);

			const seqs = [];
			for (const update of [all256, tricky, reversed, new Uint8Array(0)]) seqs.push(await store.appendUpdate(board, update));
			let stored = await store.loadDoc(board);
			expect(stored.updates).toHaveLength(4);
			expect(same(stored.updates[0], all256)).toBe(true);
			expect(same(stored.updates[1], tricky)).toBe(true);
			expect(same(stored.updates[2], reversed)).toBe(true);
			expect(stored.updates[3].byteLength).toBe(0);
			expect(stored.lastSeq).toBe(seqs[3]);

			await store.compactDoc(board, tricky, seqs[1]);
			stored = await store.loadDoc(board);
			expect(same(stored.snapshot, tricky)).toBe(true);
			expect(stored.updates).toHaveLength(2);
			expect(stored.updates[0]).toBeInstanceOf(Uint8Array);
		});

		it('keeps 2 MB of random bytes intact as an update, a snapshot and an initial state', async () => {
			const store = await open(redis.url);
			const big = new Uint8Array(randomBytes(2 * 1024 * 1024));
			const bigger = new Uint8Array(randomBytes(2 * 1024 * 1024 + 13));
			const { workshop, boards } = makeWorkshop(1, { withStates: false });
			await store.createWorkshop(workshop, boards, new Map([[boards[0].id, bigger]]));
			const board = boards[0].id;
			const seq = await store.appendUpdate(board, big.subarray(1)); // a view with an offset
			await store.appendUpdate(board, big);
			let stored = await store.loadDoc(board);
			expect(same(stored.snapshot, bigger)).toBe(true);
			expect(same(stored.updates[0], big.subarray(1))).toBe(true);
			expect(same(stored.updates[1], big)).toBe(true);
			await store.compactDoc(board, big, seq);
			stored = await store.loadDoc(board);
			expect(same(stored.snapshot, big)).toBe(true);
			expect(stored.updates).toHaveLength(1);
		});
	});

	it('writes nothing for an unknown board or participant: lock, update, move, append and compact leave no keys behind', async () => {
		const store = await open(redis.url);
		const ghost = newId();
		await store.setBoardLocked(ghost, true);
		await store.updateBoard(ghost, { name: 'Ghost', removed: true });
		await store.moveParticipant(ghost, ghost);
		expect(await store.getParticipant(ghost)).toBeNull();
		expect(await store.getBoard(ghost)).toBeNull();
		await expect(store.appendUpdate(ghost, new Uint8Array([1]))).rejects.toThrow(/unknown board/);
		await expect(store.compactDoc(ghost, new Uint8Array([1]), 1)).rejects.toThrow(/unknown board/);
		expect(await raw.keys(`hb:*${ghost}*`)).toEqual([]);
		expect(await store.loadDoc(ghost)).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
	});

	it('refuses a compaction point that is not a sequence number', async () => {
		const store = await open(redis.url);
		const { workshop, boards, states } = makeWorkshop(1);
		await store.createWorkshop(workshop, boards, states);
		for (const bad of [-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2]) {
			await expect(store.compactDoc(boards[0].id, new Uint8Array([1]), bad)).rejects.toThrow(RangeError);
		}
	});

	describe('several instances on one Redis (what several servers need)', () => {
		it('see each other’s workshops, boards, locks, participants and updates', async () => {
			const a = await open(redis.url);
			const b = await open(redis.url);
			const { workshop, boards, states } = makeWorkshop(3);
			await a.createWorkshop(workshop, boards, states);
			expect(await b.findWorkshopByJoinCode(workshop.joinCode)).toEqual(workshop);
			expect(await b.getWorkshop(workshop.id)).toEqual(workshop);
			expect(await b.listBoards(workshop.id)).toEqual(boards);

			await b.setBoardLocked(boards[2].id, true);
			expect((await a.getBoard(boards[2].id))!.locked).toBe(true);
			await a.setBoardLocked(boards[2].id, false);
			expect((await b.listBoards(workshop.id)).map((board) => board.locked)).toEqual([false, false, false]);

			const sa = await a.appendUpdate(boards[0].id, new Uint8Array([0xa]));
			const sb = await b.appendUpdate(boards[0].id, new Uint8Array([0xb]));
			expect(sb).toBeGreaterThan(sa);
			for (const store of [a, b]) {
				const stored = await store.loadDoc(boards[0].id);
				expect(stored.updates.map((u) => [...u])).toEqual([[0xa], [0xb]]);
				expect(stored.lastSeq).toBe(sb);
			}
			await b.compactDoc(boards[0].id, new Uint8Array([0xab]), sb);
			expect(await a.loadDoc(boards[0].id)).toEqual({ snapshot: new Uint8Array([0xab]), updates: [], lastSeq: sb });
		});

		it('two instances racing one participant’s votes never store more than the dots', async () => {
			const a = await open(redis.url);
			const b = await open(redis.url);
			const { workshop, boards, states } = makeWorkshop(1);
			await a.createWorkshop(workshop, boards, states);
			for (let round = 0; round < 10; round++) {
				const voteId = `v${round}`;
				const participant = newId();
				const outcomes = await Promise.all(
					Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).castVote(workshop.id, voteId, participant, `${boards[0].id}:t${i}`, 1, 5))
				);
				expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(5);
				const stored = await a.listVotes(workshop.id, voteId);
				expect(stored.reduce((sum, vote) => sum + vote.count, 0)).toBe(5);
			}
		});

		it('share one token signing key: the first instance to ask sets it', async () => {
			const prefix = `secret-${newId(6)}:`;
			const a = await open(redis.url, { keyPrefix: prefix });
			const b = await open(redis.url, { keyPrefix: prefix });
			const [fromA, fromB] = await Promise.all([a.sharedSecret('secret-of-a'), b.sharedSecret('secret-of-b')]);
			expect(fromA).toBe(fromB);
			expect(['secret-of-a', 'secret-of-b']).toContain(fromA);
			expect(await b.sharedSecret('another')).toBe(fromA);
		});

		it('two instances racing for one join code: exactly one wins, the other writes nothing', async () => {
			const a = await open(redis.url);
			const b = await open(redis.url);
			for (let round = 0; round < 20; round++) {
				const joinCode = newJoinCode();
				const first = makeWorkshop(2, { joinCode });
				const second = makeWorkshop(2, { joinCode });
				const results = await Promise.allSettled([
					a.createWorkshop(first.workshop, first.boards, first.states),
					b.createWorkshop(second.workshop, second.boards, second.states)
				]);
				const won = results.map((result) => result.status === 'fulfilled');
				expect(won.filter(Boolean)).toHaveLength(1);
				const loser = won[0] ? second : first;
				const winner = won[0] ? first : second;
				const refused = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
				expect(refused.reason).toBeInstanceOf(JoinCodeTaken);
				expect(await a.findWorkshopByJoinCode(joinCode)).toEqual(winner.workshop);
				expect(await b.getWorkshop(loser.workshop.id)).toBeNull();
				expect(await b.listBoards(loser.workshop.id)).toEqual([]);
				for (const board of loser.boards) {
					expect(await a.getBoard(board.id)).toBeNull();
					expect(await a.loadDoc(board.id)).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
				}
			}
		});

		it('concurrent appends from two instances get distinct increasing seqs and load in seq order', async () => {
			const a = await open(redis.url);
			const b = await open(redis.url);
			const { workshop, boards, states } = makeWorkshop(1);
			await a.createWorkshop(workshop, boards, states);
			const board = boards[0].id;
			const perInstance = 300;
			const payload = (instance: number, i: number) => new Uint8Array([instance, i >> 8, i & 0xff]);
			const [seqsA, seqsB] = await Promise.all(
				[a, b].map((store, instance) =>
					Promise.all(Array.from({ length: perInstance }, (_, i) => store.appendUpdate(board, payload(instance, i))))
				)
			);
			const all = [...seqsA, ...seqsB];
			expect(new Set(all).size).toBe(2 * perInstance);
			// One connection keeps its order: each instance's seqs increase in the order it sent them.
			for (const seqs of [seqsA, seqsB]) for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]);
			// A fresh board's log is numbered 1, 2, 3, … with no gaps.
			expect([...all].sort((x, y) => x - y)).toEqual(Array.from({ length: 2 * perInstance }, (_, i) => i + 1));

			const bySeq = new Map<number, Uint8Array>();
			seqsA.forEach((seq, i) => bySeq.set(seq, payload(0, i)));
			seqsB.forEach((seq, i) => bySeq.set(seq, payload(1, i)));
			const expected = [...bySeq.keys()].sort((x, y) => x - y).map((seq) => [...bySeq.get(seq)!]);
			for (const store of [a, b]) {
				const stored = await store.loadDoc(board);
				expect(stored.updates.map((u) => [...u])).toEqual(expected);
				expect(stored.lastSeq).toBe(2 * perInstance);
			}
		});

		describe('compaction racing between two instances never loses an update', () => {
			/** Two instances editing one board through their own docs; `truth` applies everything. */
			async function scenario() {
				const a = await open(redis.url);
				const b = await open(redis.url);
				const { workshop, boards, states } = makeWorkshop(1);
				await a.createWorkshop(workshop, boards, states);
				const board = boards[0].id;
				const truth = new Y.Doc();
				Y.applyUpdate(truth, states.get(board)!);
				const editors = [a, b].map((store, n) => {
					const doc = new Y.Doc();
					Y.applyUpdate(doc, states.get(board)!);
					const pending: Uint8Array[] = [];
					doc.on('update', (update: Uint8Array) => pending.push(update));
					return {
						store,
						doc,
						/** Makes a few edits and stores them through this instance. */
						async edit(round: number) {
							const id = addNote(doc, { x: round, y: n, color: n ? 'blue' : 'yellow', author: n ? 'Min-jun' : 'Dewi', text: `r${round}` });
							moveNote(doc, id, round * 10, n * 10);
							addStakeholder(doc, { name: `Aktor ${n}-${round}`, helix: n ? 'academia' : 'media', x: round, y: n });
							for (const update of pending.splice(0)) {
								await store.appendUpdate(board, update);
								Y.applyUpdate(truth, update);
							}
						}
					};
				});
				const editBoth = (round: number) => Promise.all(editors.map((editor) => editor.edit(round)));
				/** What an instance compacts from: its own load of the store, as Store.compactDoc asks. */
				const prepare = async (store: RedisStore) => {
					const stored = await store.loadDoc(board);
					return { snapshot: Y.encodeStateAsUpdate(rebuild(stored)), upto: stored.lastSeq };
				};
				const check = async () => {
					for (const store of [a, b]) {
						const rebuilt = rebuild(await store.loadDoc(board));
						expect(boardToJSON(rebuilt)).toEqual(boardToJSON(truth));
						expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(truth));
					}
					expect(collection(truth, 'notes').size).toBeGreaterThan(0);
				};
				return { a, b, board, editBoth, prepare, check };
			}

			it('both loaded at the same point, more appends, then A compacts before B', async () => {
				const { a, b, board, editBoth, prepare, check } = await scenario();
				await editBoth(1);
				const [fromA, fromB] = [await prepare(a), await prepare(b)];
				await editBoth(2);
				expect(await a.compactDoc(board, fromA.snapshot, fromA.upto)).toBe(true);
				expect(await b.compactDoc(board, fromB.snapshot, fromB.upto)).toBe(false);
				await editBoth(3);
				await check();
			});

			it('A loaded earlier than B; the newer compaction lands first, the older one is refused', async () => {
				const { a, b, board, editBoth, prepare, check } = await scenario();
				await editBoth(1);
				const fromA = await prepare(a);
				await editBoth(2);
				const fromB = await prepare(b);
				await editBoth(3);
				expect(fromB.upto).toBeGreaterThan(fromA.upto);
				expect(await b.compactDoc(board, fromB.snapshot, fromB.upto)).toBe(true);
				expect(await a.compactDoc(board, fromA.snapshot, fromA.upto)).toBe(false);
				await editBoth(4);
				await check();
			});

			it('A loaded earlier than B; the older compaction lands first, then the newer one', async () => {
				const { a, b, board, editBoth, prepare, check } = await scenario();
				await editBoth(1);
				const fromA = await prepare(a);
				await editBoth(2);
				const fromB = await prepare(b);
				await editBoth(3);
				expect(await a.compactDoc(board, fromA.snapshot, fromA.upto)).toBe(true);
				expect(await b.compactDoc(board, fromB.snapshot, fromB.upto)).toBe(true);
				await check();
			});

			it('both compact at the same moment while both keep appending, many rounds', async () => {
				const { a, b, board, editBoth, prepare, check } = await scenario();
				for (let round = 0; round < 15; round++) {
					await editBoth(round);
					const fromA = await prepare(a);
					await editBoth(100 + round);
					const fromB = await prepare(b);
					const results = await Promise.all([
						a.compactDoc(board, fromA.snapshot, fromA.upto),
						editBoth(200 + round),
						b.compactDoc(board, fromB.snapshot, fromB.upto)
					]);
					expect(results[0] || results[2]).toBe(true);
				}
				await check();
				const stored = await a.loadDoc(board);
				expect(stored.snapshot).not.toBeNull();
			});
		});
	});

	it('connect() gives up on an unreachable Redis within connectTimeoutMs and never shows the password', async () => {
		const dead = await startRedis();
		const port = dead.port;
		await dead.stop();
		const started = Date.now();
		const error = (await RedisStore.connect(`redis://helix:s3cret-pw@127.0.0.1:${port}`, { connectTimeoutMs: 400 }).catch(
			(e: unknown) => e
		)) as Error;
		expect(error).toBeInstanceOf(Error);
		expect(Date.now() - started).toBeLessThan(2_000);
		expect(error.message).toContain(`127.0.0.1:${port}`);
		expect(error.message).not.toContain('s3cret-pw');
	});

	it('closing twice is harmless', async () => {
		const store = await RedisStore.connect(redis.url);
		await store.close();
		await expect(store.close()).resolves.toBeUndefined();
		await expect(store.ping()).rejects.toThrow();
	});
});

describe('RedisStore when Redis goes away (persistent Redis, restarted on the same port)', () => {
	const open = storeFactory();
	let durable: TestRedis;
	beforeAll(async () => {
		durable = await startRedis({ persistent: true });
	});
	afterAll(async () => {
		await durable?.stop();
	});

	async function workshopOn(store: RedisStore) {
		const made = makeWorkshop(1);
		await store.createWorkshop(made.workshop, made.boards, made.states);
		return { ...made, board: made.boards[0].id };
	}

	it('rejects within a second while Redis is down, then works again by itself with the data written before', async () => {
		const errors: Error[] = [];
		const store = await open(durable.url, { onError: (error) => errors.push(error) });
		const { workshop, board } = await workshopOn(store);
		const s1 = await store.appendUpdate(board, new Uint8Array([1]));
		const s2 = await store.appendUpdate(board, new Uint8Array([2]));

		await durable.stop();
		for (const attempt of [
			() => store.appendUpdate(board, new Uint8Array([0xde, 0xad])),
			() => store.loadDoc(board),
			() => store.ping(),
			() => store.getWorkshop(workshop.id)
		]) {
			const started = Date.now();
			await expect(attempt()).rejects.toThrow();
			expect(Date.now() - started).toBeLessThan(1_000);
		}
		expect(store.isReady).toBe(false);
		// Still refused a moment later (the client is reconnecting, not queueing).
		await new Promise((resolve) => setTimeout(resolve, 300));
		await expect(store.appendUpdate(board, new Uint8Array([0xbe, 0xef]))).rejects.toThrow();
		expect(errors.length).toBeGreaterThan(0);

		await durable.restart();
		await eventually(() => store.ping());
		expect(store.isReady).toBe(true);
		expect(await store.getWorkshop(workshop.id)).toEqual(workshop);
		const stored = await store.loadDoc(board);
		// Exactly what was acknowledged: the refused appends were not queued and replayed.
		expect(stored.updates.map((u) => [...u])).toEqual([[1], [2]]);
		expect(stored.lastSeq).toBe(s2);
		expect(s2).toBeGreaterThan(s1);
		const s3 = await store.appendUpdate(board, new Uint8Array([3]));
		expect(s3).toBeGreaterThan(s2);
	});

	it('keeps every acknowledged update when Redis is killed (appendfsync always)', async () => {
		const store = await open(durable.url);
		const { board } = await workshopOn(store);
		const seqs = await Promise.all(Array.from({ length: 100 }, (_, i) => store.appendUpdate(board, new Uint8Array([i]))));
		const snapshotUpto = seqs[49];
		expect(await store.compactDoc(board, new Uint8Array([0xcc]), snapshotUpto)).toBe(true);
		await durable.kill();
		await durable.restart();
		await eventually(() => store.ping());
		const stored = await store.loadDoc(board);
		expect([...stored.snapshot!]).toEqual([0xcc]);
		expect(stored.updates.map((u) => u[0])).toEqual(Array.from({ length: 50 }, (_, i) => 50 + i));
		expect(stored.lastSeq).toBe(Math.max(...seqs));
		// The counter survived too: no seq is given out twice.
		expect(await store.appendUpdate(board, new Uint8Array([0xff]))).toBeGreaterThan(stored.lastSeq);
	});

	it('rejects after commandTimeoutMs when Redis hangs (SIGSTOP) and works again when it resumes', async () => {
		const store = await open(durable.url, { commandTimeoutMs: 300 });
		const { board } = await workshopOn(store);
		await store.appendUpdate(board, new Uint8Array([1]));
		durable.pause();
		try {
			const started = Date.now();
			await expect(store.appendUpdate(board, new Uint8Array([2]))).rejects.toThrow(/did not answer within 300 ms/);
			const elapsed = Date.now() - started;
			expect(elapsed).toBeGreaterThanOrEqual(250);
			expect(elapsed).toBeLessThan(1_000);
		} finally {
			durable.resume();
		}
		await eventually(() => store.ping());
		const s3 = await store.appendUpdate(board, new Uint8Array([3]));
		const stored = await store.loadDoc(board);
		// The timed-out append had already reached Redis, so it may land after all (a client that
		// resends it does no harm: applying a Yjs update twice changes nothing).
		expect(stored.updates.map((u) => u[0]).filter((n) => n !== 2)).toEqual([1, 3]);
		expect(stored.lastSeq).toBe(s3);
	});

	it('close() while Redis is down returns at once and stops reconnecting', async () => {
		const store = await RedisStore.connect(durable.url);
		await durable.stop();
		await expect(store.appendUpdate(newId(), new Uint8Array([1]))).rejects.toThrow();
		const started = Date.now();
		await store.close();
		expect(Date.now() - started).toBeLessThan(500);
		await durable.restart();
		await new Promise((resolve) => setTimeout(resolve, 600)); // longer than the first reconnect delays
		const probe = createClient({ url: durable.url });
		probe.on('error', () => undefined);
		await probe.connect();
		try {
			expect(await probe.clientList()).not.toContainEqual(expect.objectContaining({ name: 'helixboard-store' }));
		} finally {
			await probe.close();
		}
	});

	it('a store connected while Redis was up survives repeated outages', async () => {
		const store = await open(durable.url);
		const { board } = await workshopOn(store);
		const written: number[] = [];
		for (let outage = 0; outage < 3; outage++) {
			await store.appendUpdate(board, new Uint8Array([outage]));
			written.push(outage);
			await durable.kill();
			await expect(store.appendUpdate(board, new Uint8Array([0xee]))).rejects.toThrow();
			await durable.restart();
			await eventually(() => store.ping());
		}
		expect((await store.loadDoc(board)).updates.map((u) => u[0])).toEqual(written);
	});
});

describe.runIf(process.env.HB_REDIS_BENCH)('append benchmark (HB_REDIS_BENCH=1)', () => {
	const open = storeFactory();

	async function measure(label: string, n: number, inFlight: number, append: (i: number) => Promise<unknown>) {
		const started = process.hrtime.bigint();
		for (let i = 0; i < n; i += inFlight) {
			await Promise.all(Array.from({ length: Math.min(inFlight, n - i) }, (_, j) => append(i + j)));
		}
		const seconds = Number(process.hrtime.bigint() - started) / 1e9;
		const line = `${label}: ${Math.round(n / seconds)} appends/s (${((seconds / n) * 1e6).toFixed(0)} µs each, ${inFlight} in flight)`;
		console.log(line);
		return n / seconds;
	}

	for (const persistent of [false, true]) {
		it(`Lua append (INCR + XADD) vs a plain XADD, ${persistent ? 'appendfsync always' : 'no persistence'}`, { timeout: 120_000 }, async () => {
			const server = persistent ? await startRedis({ persistent: true }) : redis;
			try {
				const store = await open(server.url);
				const rawClient = createClient({ url: server.url });
				rawClient.on('error', () => undefined);
				await rawClient.connect();
				const { workshop, boards, states } = makeWorkshop(1);
				await store.createWorkshop(workshop, boards, states);
				const update = new Uint8Array(randomBytes(40));
				const asBuffer = Buffer.from(update);
				const n = persistent ? 2_000 : 10_000;
				for (const inFlight of [1, 32]) {
					for (let run = 0; run < 2; run++) {
						await measure('  lua append   ', n, inFlight, () => store.appendUpdate(boards[0].id, update));
						await measure('  plain XADD * ', n, inFlight, () =>
							rawClient.xAdd(`bench:${boards[0].id}:log`, '*', { d: asBuffer, t: String(Date.now()) })
						);
						await measure('  INCR, XADD   ', n, inFlight, async () => {
							const seq = await rawClient.incr(`bench:${boards[0].id}:seq2`);
							await rawClient.xAdd(`bench:${boards[0].id}:log2`, `${seq}-0`, { d: asBuffer, t: String(Date.now()) });
						});
					}
				}
				await rawClient.close();
			} finally {
				if (persistent) await server.stop();
			}
		});
	}
});
