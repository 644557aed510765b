// Cost of one durable update append in the embedded store's settings (docs/decisions/002).
// Usage: node bench/sqlite-append.mjs [appends]
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const appends = Number(process.argv[2] ?? 2000);
const update = Buffer.alloc(40, 1); // a typical small Yjs update (one map field)
for (const synchronous of ['FULL', 'NORMAL']) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helixboard-bench-'));
	const db = new Database(path.join(dir, 'bench.sqlite'));
	db.pragma('journal_mode = WAL');
	db.pragma(`synchronous = ${synchronous}`);
	db.exec('CREATE TABLE board_updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, board_id TEXT, data BLOB, created_at INTEGER)');
	const insert = db.prepare('INSERT INTO board_updates (board_id, data, created_at) VALUES (?, ?, ?)');
	const start = process.hrtime.bigint();
	for (let i = 0; i < appends; i++) insert.run('board', update, Date.now());
	const ms = Number(process.hrtime.bigint() - start) / 1e6;
	console.log(`synchronous=${synchronous}: ${((ms / appends) * 1000).toFixed(1)} µs per append, ${Math.round((appends / ms) * 1000)} appends/s`);
	db.close();
	fs.rmSync(dir, { recursive: true, force: true });
}
