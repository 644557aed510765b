/**
 * Group commit of board updates for SqliteStore: the appends of one event-loop turn (any board)
 * are written by one transaction, one fsync, and each resolves with its sequence number once that
 * transaction is on disk (the durability rule: the room broadcasts only then).
 *
 * For a store in a file the transactions run in a writer thread with its own connection (WAL lets
 * it write while the main connection reads): the fsync (synchronous=FULL) no longer blocks the
 * event loop, and appends arriving while one commit is on its way to disk go into the next
 * (docs/decisions/011-group-commit-writer-thread.md). An in-memory store commits in this thread.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

export interface AppendLog {
	append(boardId: string, update: Uint8Array): Promise<number>;
	/** Throws when appends cannot be stored (the writer thread is gone): /healthz says so. */
	check(): void;
	/** Stores what was appended so far, then stops; later appends reject. */
	close(): Promise<void>;
}

interface Append {
	id: number;
	boardId: string;
	update: Uint8Array;
	at: number;
}
/** A sequence number, or why that one append failed (its board is gone: foreign key). */
type Outcome = { id: number; seq: number } | { id: number; error: string };

const INSERT_UPDATE = 'INSERT INTO board_updates (board_id, data, created_at) VALUES (?, ?, ?)';

/**
 * Commits a batch in one transaction. A failing statement fails that append alone: SQLite rolls
 * back the statement and the transaction goes on. Serialised into the writer thread with
 * toString(), so it uses nothing but its arguments.
 */
function commitBatch(db: Database.Database, insert: Database.Statement, batch: Append[]): Outcome[] {
	return db.transaction(() =>
		batch.map((append) => {
			try {
				const blob = Buffer.from(append.update.buffer, append.update.byteOffset, append.update.byteLength);
				return { id: append.id, seq: Number(insert.run(append.boardId, blob, append.at).lastInsertRowid) };
			} catch (error) {
				return { id: append.id, error: error instanceof Error ? error.message : String(error) };
			}
		})
	)();
}

/** The writer thread's body, evaluated from its source (see ThreadAppendLog): no imports, no closure. */
function writerThread(threads: typeof import('node:worker_threads'), Driver: typeof Database, commit: typeof commitBatch): void {
	const { parentPort, workerData } = threads;
	const db = new Driver(workerData.file, { timeout: 10_000 });
	db.pragma('synchronous = FULL');
	db.pragma('foreign_keys = ON');
	const insert = db.prepare(workerData.sql);
	parentPort!.on('message', (batch: Append[]) => {
		let outcomes: Outcome[];
		try {
			outcomes = commit(db, insert, batch);
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			outcomes = batch.map((append) => ({ id: append.id, error: message })); // rolled back: none stored
		}
		parentPort!.postMessage(outcomes);
	});
}

/** Appends for a store in `file` (a writer thread) or in memory (`db` itself, in this thread). */
export function createAppendLog(db: Database.Database, file: string | null): AppendLog {
	return file ? new ThreadAppendLog(file) : new InlineAppendLog(db);
}

abstract class BatchingAppendLog implements AppendLog {
	private queued: Append[] = [];
	private readonly waiting = new Map<number, { resolve: (seq: number) => void; reject: (error: Error) => void }>();
	private nextId = 0;
	private closed = false;
	private drained: (() => void) | null = null;

	append(boardId: string, update: Uint8Array): Promise<number> {
		if (this.closed) return Promise.reject(new Error('store closed'));
		return new Promise((resolve, reject) => {
			const id = this.nextId++;
			this.waiting.set(id, { resolve, reject });
			if (this.waiting.size === 1) this.busy(true);
			if (this.queued.push({ id, boardId, update, at: Date.now() }) === 1) setImmediate(this.flush);
		});
	}

	async close(): Promise<void> {
		this.closed = true;
		this.flush();
		if (this.waiting.size > 0) await new Promise<void>((resolve) => (this.drained = resolve));
		await this.stop();
	}

	check(): void {}

	/** Sends the turn's appends to be committed; their outcomes come back through settle(). */
	protected abstract commit(batch: Append[]): void;
	/** Whether appends are outstanding (a writer thread keeps the process alive only then). */
	protected busy(_busy: boolean): void {}
	protected async stop(): Promise<void> {}

	private flush = (): void => {
		const batch = this.queued;
		this.queued = [];
		if (batch.length > 0) this.commit(batch);
	};

	protected settle(outcomes: Outcome[]): void {
		for (const outcome of outcomes) {
			const waiter = this.waiting.get(outcome.id);
			this.waiting.delete(outcome.id);
			if ('seq' in outcome) waiter?.resolve(outcome.seq);
			else waiter?.reject(new Error(outcome.error));
		}
		if (this.waiting.size === 0) {
			this.busy(false);
			this.drained?.();
		}
	}

	protected failAll(error: Error): void {
		this.settle([...this.waiting.keys()].map((id) => ({ id, error: error.message })));
	}
}

class InlineAppendLog extends BatchingAppendLog {
	private readonly insert;

	constructor(private readonly db: Database.Database) {
		super();
		this.insert = db.prepare(INSERT_UPDATE);
	}

	protected commit(batch: Append[]): void {
		try {
			this.settle(commitBatch(this.db, this.insert, batch));
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			this.settle(batch.map((append) => ({ id: append.id, error: message })));
		}
	}
}

class ThreadAppendLog extends BatchingAppendLog {
	private readonly worker: Worker;
	/** Why the writer thread is gone, once it is: appends then fail at once. */
	private stopped: Error | null = null;
	/**
	 * One batch at a time goes to the writer; appends made meanwhile wait here and go together
	 * when it answers (they would wait for that commit anyway), so a busy server posts one
	 * message per commit, not one per turn.
	 */
	private committing = false;
	private backlog: Append[] = [];

	constructor(file: string) {
		super();
		const driver = createRequire(import.meta.url).resolve('better-sqlite3');
		// The requires are in the string: a bundler would rewrite them inside a function's source.
		const source = `const threads = require('node:worker_threads');
(${writerThread.toString()})(threads, require(threads.workerData.driver), ${commitBatch.toString()});`;
		this.worker = new Worker(source, {
			eval: true,
			workerData: { file, driver, sql: INSERT_UPDATE }
		});
		this.worker.unref();
		this.worker.on('message', (outcomes: Outcome[]) => {
			this.committing = false;
			this.settle(outcomes);
			const next = this.backlog;
			this.backlog = [];
			if (next.length > 0) this.commit(next);
		});
		// A writer that cannot open the database or dies takes its outstanding appends with it.
		this.worker.on('error', (error) => {
			this.stopped = error;
			this.failAll(error);
		});
		this.worker.on('exit', () => {
			this.stopped ??= new Error('the store writer stopped');
			this.failAll(this.stopped);
		});
	}

	override check(): void {
		if (this.stopped) throw new Error(`the store's writer thread stopped: ${this.stopped.message}`);
	}

	protected commit(batch: Append[]): void {
		if (this.stopped) return this.settle(batch.map((append) => ({ id: append.id, error: this.stopped!.message })));
		if (this.committing) {
			this.backlog.push(...batch);
			return;
		}
		this.committing = true;
		// Copied: posting a view would copy the whole buffer under it (a pooled or a frame's buffer).
		this.worker.postMessage(batch.map((append) => ({ ...append, update: new Uint8Array(append.update) })));
	}

	protected busy(busy: boolean): void {
		if (busy) this.worker.ref();
		else this.worker.unref();
	}

	protected async stop(): Promise<void> {
		await this.worker.terminate();
	}
}
