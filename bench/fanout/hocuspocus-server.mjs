/**
 * @hocuspocus/server 3.4.x for the fan-out bench, with persistence on: documents load from and
 * store to SQLite (better-sqlite3, WAL, synchronous=FULL) through the onLoadDocument /
 * onStoreDocument hooks — what @hocuspocus/extension-database does (its SQLite extension needs
 * the `sqlite3` native package, which cannot build offline here). Hocuspocus' default store
 * debounce applies (2 s, at most 10 s).
 * Env: PORT, HOST, DATA_DIR. Prints `listening <port>` when ready.
 */
import { Server } from '@hocuspocus/server';
import Database from 'better-sqlite3';
import path from 'node:path';
import * as Y from 'yjs';

const db = new Database(path.join(process.env.DATA_DIR ?? '.', 'hocuspocus.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE IF NOT EXISTS documents (name TEXT PRIMARY KEY, data BLOB NOT NULL)');
const select = db.prepare('SELECT data FROM documents WHERE name = ?');
const upsert = db.prepare('INSERT INTO documents (name, data) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET data = excluded.data');

const server = new Server({
	port: Number(process.env.PORT ?? 0),
	address: process.env.HOST ?? '127.0.0.1',
	quiet: true,
	stopOnSignals: true,
	async onLoadDocument({ document, documentName }) {
		const row = select.get(documentName);
		if (row) Y.applyUpdate(document, row.data);
		return document;
	},
	async onStoreDocument({ document, documentName }) {
		upsert.run(documentName, Buffer.from(Y.encodeStateAsUpdate(document)));
	}
});
await server.listen();
console.log(`listening ${server.httpServer.address().port}`);
