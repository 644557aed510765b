/**
 * Decision 011: how the embedded store makes board updates durable. 20 rooms write at once, each
 * one update at a time (as a room does: the next waits for the last to be stored), into a SQLite
 * file with synchronous=FULL. Compared, alternated over rounds, same machine:
 *   - per-append: one autocommit INSERT per update in the main thread (the store before issue 7);
 *   - group, inline: the appends of one event-loop turn in one transaction, in the main thread;
 *   - group, writer thread: the same in a worker with its own connection (what the store does).
 * Reported: appends per second, append latency p50/p99, and the main thread's event-loop
 * utilisation (the share of time it could not serve sockets).
 *
 *   npx tsx bench/sqlite-group-commit.mts [--rounds 3] [--appends 4000]
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAppendLog, type AppendLog } from '../server/store/sqliteAppends.js';
import { SqliteStore } from '../server/store/SqliteStore.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback);
const ROUNDS = option('rounds', 3);
const APPENDS = option('appends', 4000);
const ROOMS = 20;

type Variant = 'per-append' | 'group, inline' | 'group, writer thread';
const VARIANTS: Variant[] = ['per-append', 'group, inline', 'group, writer thread'];

async function measure(variant: Variant) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helixboard-group-commit-'));
	const store = new SqliteStore(dir); // creates the schema; closed before the variant's own connection writes
	const boards = Array.from({ length: ROOMS }, (_, i) => ({ id: `b${i}`, workshopId: 'w', name: `G${i}`, locked: false, removed: false, createdAt: 1 }));
	await store.createWorkshop({ id: 'w', title: 'bench', joinCode: 'BENCH1', createdAt: 1 }, boards, new Map());
	await store.close();
	const file = path.join(dir, 'helixboard.sqlite');
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = FULL');
	let log: AppendLog | null = null;
	let append: (boardId: string, update: Uint8Array) => Promise<number>;
	if (variant === 'per-append') {
		const insert = db.prepare('INSERT INTO board_updates (board_id, data, created_at) VALUES (?, ?, ?)');
		append = async (boardId, update) => Number(insert.run(boardId, Buffer.from(update), Date.now()).lastInsertRowid);
	} else {
		log = createAppendLog(db, variant === 'group, inline' ? null : file);
		append = (boardId, update) => log!.append(boardId, update);
	}
	const latencies: number[] = [];
	const update = new Uint8Array(60).fill(7); // about one small map edit
	const perRoom = APPENDS / ROOMS;
	const elu = performance.eventLoopUtilization();
	const started = performance.now();
	await Promise.all(
		boards.map(async (board) => {
			for (let i = 0; i < perRoom; i++) {
				const t = performance.now();
				await append(board.id, update);
				latencies.push(performance.now() - t);
			}
		})
	);
	const seconds = (performance.now() - started) / 1000;
	const utilization = performance.eventLoopUtilization(elu).utilization;
	await log?.close();
	db.close();
	fs.rmSync(dir, { recursive: true, force: true });
	latencies.sort((a, b) => a - b);
	const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
	return { perSecond: APPENDS / seconds, p50: at(0.5), p99: at(0.99), mainLoopBusy: utilization };
}

const results = new Map<Variant, Awaited<ReturnType<typeof measure>>[]>(VARIANTS.map((v) => [v, []]));
for (let round = 0; round < ROUNDS; round++) for (const variant of VARIANTS) results.get(variant)!.push(await measure(variant));

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const reference = median(results.get('per-append')!.map((r) => r.perSecond));
console.log(`${APPENDS} appends from ${ROOMS} rooms, synchronous=FULL, ${ROUNDS} rounds (medians), ${os.cpus()[0].model.trim()} × ${os.cpus().length}, Node ${process.version}`);
console.log('variant                 appends/s  ×per-append  p50 ms  p99 ms  main loop busy');
for (const variant of VARIANTS) {
	const runs = results.get(variant)!;
	const perSecond = median(runs.map((r) => r.perSecond));
	console.log(
		`${variant.padEnd(22)} ${perSecond.toFixed(0).padStart(9)}  ${(perSecond / reference).toFixed(2).padStart(11)}  ${median(runs.map((r) => r.p50)).toFixed(2).padStart(6)}  ${median(runs.map((r) => r.p99)).toFixed(2).padStart(6)}  ${(100 * median(runs.map((r) => r.mainLoopBusy))).toFixed(0).padStart(13)} %`
	);
}
