/**
 * Cost of history checkpoints (docs/decisions/008-history-checkpoints.md): for a workshop-sized
 * board and a large one, built the way people build them (one small transaction per edit, cards
 * moved a few times, notes typed, some things deleted), measures
 *
 *   - the checkpoint itself: Y.encodeStateAsUpdate size and time (what the room does before a write);
 *   - storing one: SqliteStore.addCheckpoint on disk (WAL, synchronous=FULL) and RedisStore against a
 *     local redis-server (no persistence, and appendfsync always), with 199 already stored so each
 *     add also runs retention; reading one back (getCheckpoint);
 *   - what checking at load that the newest checkpoint holds the loaded state would cost (the room
 *     does not check; see the decision): comparing encodings, and comparing Yjs snapshots;
 *   - the alternatives: the update log kept whole (no compaction) and the doc with gc off (what
 *     Yjs snapshots need).
 *
 *   npx tsx bench/checkpoints.mts [--rounds 30]
 *
 * Needs redis-server on the PATH (or REDIS_SERVER) for the Redis figures; without it they are skipped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { addAction, addNote, addProgressUpdate, addRelation, addStakeholder, collection, deleteStakeholder, initBoardDoc, moveNote, updateAction } from '../src/lib/board/model.js';
import { HELIXES, RELATION_KINDS } from '../src/lib/board/schema.js';
import { RedisStore } from '../server/store/RedisStore.js';
import { SqliteStore } from '../server/store/SqliteStore.js';
import { MAX_CHECKPOINTS, type BoardRecord, type Store } from '../server/store/Store.js';
import { startRedis, type TestRedis } from '../tests/helpers/redis.js';

const args = process.argv.slice(2);
const ROUNDS = Number(args[args.indexOf('--rounds') + 1] || 30) || 30;

interface Size {
	label: string;
	stakeholders: number;
	relations: number;
	actions: number;
	notes: number;
}
const SIZES: Size[] = [
	{ label: 'workshop board', stakeholders: 40, relations: 60, actions: 20, notes: 30 },
	{ label: 'large board', stakeholders: 500, relations: 1000, actions: 200, notes: 100 }
];

let seed = 11;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)];

/** Builds a board edit by edit; returns the doc (gc as given) and every update it produced. */
function build(size: Size, gc: boolean): { doc: Y.Doc; updates: Uint8Array[] } {
	seed = 11;
	const doc = new Y.Doc({ gc });
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	initBoardDoc(doc, { title: size.label, createdAt: 1 });
	const ids: string[] = [];
	for (let i = 0; i < size.stakeholders; i++) {
		ids.push(addStakeholder(doc, { name: `${pick(['Dinas', 'Бизнес', '대학교', 'Komunitas', 'Радио'])} ${i}`, helix: HELIXES[i % 5], organization: `Org ${i}`, x: i * 3, y: i * 2 }));
	}
	for (let i = 0; i < size.relations; i++) {
		const from = pick(ids);
		let to = pick(ids);
		if (to === from) to = ids[(ids.indexOf(from) + 1) % ids.length];
		addRelation(doc, { from, to, kind: RELATION_KINDS[i % RELATION_KINDS.length], label: i % 4 === 0 ? `MoU ${i}` : '' });
	}
	// Every card dropped somewhere else three times (one write per drop).
	for (let round = 0; round < 3; round++) {
		for (const id of ids) {
			const card = collection(doc, 'stakeholders').get(id) as Y.Map<unknown>;
			doc.transact(() => {
				card.set('x', Math.round(random() * 2000));
				card.set('y', Math.round(random() * 2000));
			});
		}
	}
	const actions: string[] = [];
	for (let i = 0; i < size.actions; i++) {
		const id = addAction(doc, { title: `Action ${i}`, owner: pick(ids), partners: [pick(ids), pick(ids)] });
		updateAction(doc, id, { start: '2027-01-01', end: '2027-12-31', indicator: `Indicator ${i}`, target: `${i * 10}`, budget: 1_000_000 * i });
		const description = (collection(doc, 'actions').get(id) as Y.Map<unknown>).get('description') as Y.Text;
		for (const word of `Langkah ${i}: pilot, evaluasi, perluasan.`.split(' ')) description.insert(description.length, `${word} `);
		addProgressUpdate(doc, id, { date: '2027-03-01', progress: 30, status: 'in_progress', done: 'Started', blockers: '', author: 'A' });
		actions.push(id);
	}
	const notes: string[] = [];
	for (let i = 0; i < size.notes; i++) {
		const id = addNote(doc, { x: i, y: i, color: 'yellow', author: 'Dewi', text: '' });
		const text = (collection(doc, 'notes').get(id) as Y.Map<unknown>).get('text') as Y.Text;
		for (const ch of `Catatan ${i}: perlu data BPS`) text.insert(text.length, ch); // typed letter by letter
		moveNote(doc, id, i * 5, i * 7);
		notes.push(id);
	}
	// A tenth of the stakeholders removed (with their relations and places in actions).
	for (const id of ids.filter((_, i) => i % 10 === 0)) deleteStakeholder(doc, id);
	return { doc, updates };
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}
function time(run: () => void, rounds = ROUNDS): number {
	const samples: number[] = [];
	for (let i = 0; i < rounds; i++) {
		const start = process.hrtime.bigint();
		run();
		samples.push(Number(process.hrtime.bigint() - start) / 1e6);
	}
	return median(samples);
}
async function timeAsync(run: (i: number) => Promise<unknown>, rounds = ROUNDS): Promise<number> {
	const samples: number[] = [];
	for (let i = 0; i < rounds; i++) {
		const start = process.hrtime.bigint();
		await run(i);
		samples.push(Number(process.hrtime.bigint() - start) / 1e6);
	}
	return median(samples);
}
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value < 1 ? value.toFixed(3) : value.toFixed(1)} ms`;

/** Encode and compare bytes: cheap, but a live doc's encoding differs from a reloaded one after deletions. */
function sameBytes(doc: Y.Doc, state: Uint8Array): boolean {
	const current = Y.encodeStateAsUpdate(doc);
	return current.byteLength === state.byteLength && Buffer.from(current).equals(Buffer.from(state));
}
/** The struct-by-struct alternative (state vector and delete set). */
function sameSnapshot(doc: Y.Doc, state: Uint8Array): boolean {
	const { ds } = Y.decodeUpdate(state);
	const sv = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(state));
	return Y.equalSnapshots(Y.snapshot(doc), Y.createSnapshot(ds, sv));
}

async function boardIn(store: Store, name: string): Promise<string> {
	const id = `bench${Math.floor(Math.random() * 1e9)}`;
	const board: BoardRecord = { id, workshopId: `w${id}`, name, locked: false, createdAt: 1 };
	await store.createWorkshop({ id: `w${id}`, title: 'bench', joinCode: `B${Math.floor(Math.random() * 1e9)}`, createdAt: 1 }, [board], new Map());
	return id;
}

/** Fills a board to MAX_CHECKPOINTS - 1, then times adds (each runs retention once full) and reads. */
async function storeFigures(store: Store, state: Uint8Array) {
	const board = await boardIn(store, 'bench');
	const T0 = 1_750_000_000_000;
	for (let i = 0; i < MAX_CHECKPOINTS - 1; i++) await store.addCheckpoint(board, T0 + i * 60_000, state);
	let next = T0 + MAX_CHECKPOINTS * 60_000;
	const add = await timeAsync(async () => store.addCheckpoint(board, (next += 60_000), state));
	const get = await timeAsync(async (i) => store.getCheckpoint(board, T0 + i * 90_000));
	const list = await timeAsync(async () => store.listCheckpoints(board));
	return { add, get, list, count: (await store.listCheckpoints(board)).length };
}

const rows: string[] = [];
const dirs: string[] = [];
let redis: TestRedis | null = null;
let redisFsync: TestRedis | null = null;
try {
	redis = await startRedis();
	redisFsync = await startRedis({ persistent: true });
} catch (error) {
	console.error(`no redis-server, Redis figures skipped: ${(error as Error).message.split('\n')[0]}`);
}

for (const size of SIZES) {
	const { doc, updates } = build(size, true);
	const state = Y.encodeStateAsUpdate(doc);
	const encode = time(() => Y.encodeStateAsUpdate(doc));
	const check = time(() => sameBytes(doc, state));
	const checkSnapshot = time(() => sameSnapshot(doc, state));
	const reloaded = new Y.Doc();
	Y.applyUpdate(reloaded, state);
	const bytesAgree = sameBytes(reloaded, state);
	if (!sameSnapshot(reloaded, state)) throw new Error('a reloaded board does not have the same snapshot');
	const load = time(() => Y.applyUpdate(new Y.Doc(), state));
	const logBytes = updates.reduce((sum, update) => sum + update.byteLength, 0);
	// What a lookup would cost with the log kept whole: replaying it up to the moment asked for.
	const replay = time(() => {
		const replayed = new Y.Doc();
		replayed.transact(() => {
			for (const update of updates) Y.applyUpdate(replayed, update);
		});
	}, Math.min(ROUNDS, 10));
	const noGc = build(size, false);
	const noGcState = Y.encodeStateAsUpdate(noGc.doc);
	// A Yjs snapshot is only usable on a doc that kept its deleted content: restoring one.
	const midSnapshot = Y.snapshot(noGc.doc);
	const restore = time(() => Y.createDocFromSnapshot(noGc.doc, midSnapshot).destroy(), Math.min(ROUNDS, 10));
	const snapshotBytes = Y.encodeSnapshot(Y.snapshot(noGc.doc)).byteLength;

	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helixboard-bench-cp-'));
	dirs.push(dir);
	const sqlite = new SqliteStore(dir);
	const sq = await storeFigures(sqlite, state);
	await sqlite.close();
	let rd: Awaited<ReturnType<typeof storeFigures>> | null = null;
	let rdFsync: Awaited<ReturnType<typeof storeFigures>> | null = null;
	if (redis && redisFsync) {
		const plain = await RedisStore.connect(redis.url);
		rd = await storeFigures(plain, state);
		await plain.close();
		const durable = await RedisStore.connect(redisFsync.url);
		rdFsync = await storeFigures(durable, state);
		await durable.close();
	}

	rows.push(
		`## ${size.label}: ${size.stakeholders} stakeholders, ${size.relations} relations, ${size.actions} actions, ${size.notes} notes (${updates.length} edits, a tenth of the stakeholders deleted)`,
		'',
		`| what | figure |`,
		`|---|---|`,
		`| checkpoint (encodeStateAsUpdate, gc on) | ${kb(state.byteLength)}, encoded in ${ms(encode)} |`,
		`| ${MAX_CHECKPOINTS} such checkpoints | ${kb(state.byteLength * MAX_CHECKPOINTS)} |`,
		`| loading the state into a doc (part of every room load) | ${ms(load)} |`,
		`| (not done) check at load that the newest checkpoint holds the loaded state | bytes: ${ms(check)}, but ${bytesAgree ? 'they agree' : 'they differ'} after a reload; Y.equalSnapshots: ${ms(checkSnapshot)} |`,
		`| SQLite addCheckpoint (disk, FULL, ${MAX_CHECKPOINTS - 1} stored, retention running) | ${ms(sq.add)}; getCheckpoint ${ms(sq.get)}; listCheckpoints ${ms(sq.list)}; kept ${sq.count} |`,
		rd ? `| Redis addCheckpoint (no persistence) | ${ms(rd.add)}; getCheckpoint ${ms(rd.get)}; listCheckpoints ${ms(rd.list)}; kept ${rd.count} |` : '| Redis | skipped |',
		rdFsync ? `| Redis addCheckpoint (appendfsync always) | ${ms(rdFsync.add)}; getCheckpoint ${ms(rdFsync.get)} |` : '| Redis (fsync) | skipped |',
		`| alternative: whole update log kept (per-update timestamps) | ${updates.length} updates, ${kb(logBytes)}; replaying all of it into a doc ${ms(replay)} |`,
		`| alternative: doc with gc off (Yjs snapshots) | ${kb(noGcState.byteLength)} state (+${(((noGcState.byteLength - state.byteLength) / state.byteLength) * 100).toFixed(0)} %), each snapshot ${snapshotBytes} B; restoring one ${ms(restore)} |`,
		''
	);
}

await redis?.stop();
await redisFsync?.stop();
for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`# Checkpoint figures — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${cpu}, Node ${process.version}, median of ${ROUNDS}\n`);
console.log(rows.join('\n'));
process.exit(0);
