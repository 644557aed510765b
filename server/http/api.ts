/**
 * The HTTP API (contract in DESIGN.md). Errors are JSON `{ error }` with a 4xx status; no input
 * crashes a handler. Every response passing through here (the app's too) gets the security
 * headers of security.ts; no route answers CORS (the app is same-origin). Failed join-code
 * lookups are rate-limited per address (JOIN_FAILURES_PER_MINUTE), then answered 429.
 * Facilitation's routes (issue 6) are in workshopRoutes.ts and voteRoutes.ts; what every route
 * file shares (errors, body parsing, token checks) is in routing.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as Y from 'yjs';
import { CreateWorkshopRequest, JoinRequest, LockRequest } from '../../src/lib/api/types.js';
import { CreateSnapshotRequest, SNAPSHOT_ID_PATTERN, type SnapshotSummary } from '../../src/lib/api/snapshots.js';
import { newId } from '../../src/lib/board/ids.js';
import { canWriteBoard } from '../../src/lib/sync/access.js';
import { SnapshotIdTaken, SnapshotLimitReached, type SnapshotMeta } from '../store/Store.js';
import { WorkshopError } from '../workshops.js';
import { authorizeBoardRequest, HttpError, parse, readJson, type ApiDeps, type Route, type StreamedBody } from './routing.js';
import { exportRoutes } from './exportRoutes.js';
import { reportRoutes } from './reportRoutes.js';
import { applySecurityHeaders } from './security.js';
import { voteRoutes } from './voteRoutes.js';
import { workshopRoutes } from './workshopRoutes.js';

export type { ApiDeps } from './routing.js';

/** The state of a board before it existed: what a history lookup older than every checkpoint answers. */
const EMPTY_DOC_STATE = Y.encodeStateAsUpdate(new Y.Doc());

export function createApi(deps: ApiDeps) {
	const { limits } = deps;

	/**
	 * Runs a join-code lookup unless this address failed too many lately; an unknown code counts
	 * as a failure. Refused before the lookup, so a guesser learns nothing while refused.
	 */
	async function joinLookup<T>(req: IncomingMessage, lookup: () => Promise<T>): Promise<T> {
		const address = limits.address(req);
		const waitMs = limits.joinFailures.retryAfterMs(address);
		if (waitMs > 0) {
			const seconds = Math.ceil(waitMs / 1000);
			throw new HttpError(429, `too many unknown join codes from this address; try again in ${seconds} s`, {
				'retry-after': String(seconds)
			});
		}
		try {
			return await lookup();
		} catch (error) {
			if (error instanceof WorkshopError && error.status === 404) limits.joinFailures.take(address);
			throw error;
		}
	}

	const routes: Route[] = [
		{
			method: 'POST',
			pattern: /^\/api\/workshops$/,
			handler: async (req) => {
				const body = parse(CreateWorkshopRequest, await readJson(req));
				const names = body.groupNames ?? Array.from({ length: body.groups }, (_, i) => `Group ${i + 1}`);
				return { status: 201, body: await deps.workshops.create(body.title, names, { template: body.template, templateLocale: body.templateLocale }) };
			}
		},
		{
			method: 'GET',
			pattern: /^\/api\/join\/([^/]{1,64})$/,
			handler: async (req, [code]) => ({ status: 200, body: await joinLookup(req, () => deps.workshops.joinInfo(code)) })
		},
		{
			method: 'POST',
			pattern: /^\/api\/join$/,
			handler: async (req) => {
				const body = parse(JoinRequest, await readJson(req));
				return { status: 200, body: await joinLookup(req, () => deps.workshops.join(body.joinCode, body.name, body.boardId)) };
			}
		},
		{
			method: 'POST',
			pattern: /^\/api\/boards\/([A-Za-z0-9_-]{1,64})\/lock$/,
			handler: async (req, [boardId]) => {
				const { access } = await authorize(req, boardId);
				if (access.role !== 'facilitator') throw new HttpError(403, 'only a facilitator of this workshop may lock boards');
				const { locked } = parse(LockRequest, await readJson(req));
				await deps.store.setBoardLocked(boardId, locked);
				const room = await deps.rooms.acquire(boardId);
				await room?.setLocked(locked);
				return { status: 200, body: { locked } };
			}
		},
		{
			method: 'GET',
			pattern: /^\/api\/boards\/([A-Za-z0-9_-]{1,64})\/history$/,
			handler: async (req, [boardId]) => {
				await authorize(req, boardId);
				await ensureHistory(boardId);
				return { status: 200, body: { checkpoints: await deps.store.listCheckpoints(boardId) } };
			}
		},
		{
			method: 'GET',
			pattern: /^\/api\/boards\/([A-Za-z0-9_-]{1,64})\/history\/([^/]*)$/,
			handler: async (req, [boardId, rawAt]) => {
				await authorize(req, boardId);
				const at = /^\d{1,16}$/.test(rawAt) ? Number(rawAt) : NaN;
				if (!Number.isSafeInteger(at)) {
					throw new HttpError(400, 'the time must be milliseconds since 1970-01-01 UTC, in digits');
				}
				await ensureHistory(boardId);
				const checkpoint = await deps.store.getCheckpoint(boardId, at);
				return {
					status: 200,
					raw: checkpoint?.state ?? EMPTY_DOC_STATE,
					contentType: 'application/octet-stream',
					headers: { 'x-checkpoint-at': String(checkpoint?.at ?? 0) }
				};
			}
		},
		// ── named snapshots (README: compatible API additions) ──
		{
			method: 'POST',
			pattern: /^\/api\/boards\/([^/]*)\/snapshots$/,
			handler: async (req, [boardId]) => {
				checkIds(boardId);
				const { access, board } = await authorize(req, boardId);
				if (!canWriteBoard(access, boardId, board.locked)) {
					throw new HttpError(403, board.locked && access.role !== 'facilitator' ? 'this board is locked' : 'only those who may edit this board may take snapshots of it');
				}
				const body = parse(CreateSnapshotRequest, await readJson(req));
				const room = await deps.rooms.acquire(boardId);
				if (!room) throw new HttpError(404, 'unknown board');
				const snapshot = {
					id: newId(),
					name: body.name,
					createdAt: Date.now(),
					createdBy: body.author ?? access.role,
					state: await room.encodeState()
				};
				try {
					await deps.store.addSnapshot(boardId, snapshot);
				} catch (error) {
					if (error instanceof SnapshotLimitReached || error instanceof SnapshotIdTaken) throw new HttpError(409, error.message);
					throw error;
				}
				return { status: 201, body: summary(snapshot) };
			}
		},
		{
			method: 'GET',
			pattern: /^\/api\/boards\/([^/]*)\/snapshots$/,
			handler: async (req, [boardId]) => {
				checkIds(boardId);
				await authorize(req, boardId);
				return { status: 200, body: { snapshots: (await deps.store.listSnapshots(boardId)).map(summary) } };
			}
		},
		{
			method: 'GET',
			pattern: /^\/api\/boards\/([^/]*)\/snapshots\/([^/]*)$/,
			handler: async (req, [boardId, snapshotId]) => {
				checkIds(boardId, snapshotId);
				await authorize(req, boardId);
				const snapshot = await deps.store.getSnapshot(boardId, snapshotId);
				if (!snapshot) throw new HttpError(404, 'unknown snapshot');
				return {
					status: 200,
					raw: snapshot.state,
					contentType: 'application/octet-stream',
					headers: { 'x-snapshot-created-at': String(snapshot.createdAt) }
				};
			}
		},
		{
			method: 'POST',
			pattern: /^\/api\/boards\/([^/]*)\/snapshots\/([^/]*)\/restore$/,
			handler: async (req, [boardId, snapshotId]) => {
				checkIds(boardId, snapshotId);
				const { access } = await authorize(req, boardId);
				if (access.role !== 'facilitator') throw new HttpError(403, 'only a facilitator of this workshop may restore snapshots');
				const snapshot = await deps.store.getSnapshot(boardId, snapshotId);
				if (!snapshot) throw new HttpError(404, 'unknown snapshot');
				const room = await deps.rooms.acquire(boardId);
				if (!room) throw new HttpError(404, 'unknown board');
				const outcome = await room.restore(snapshot.state);
				if (outcome === 'board-full') throw new HttpError(413, 'restoring this snapshot would make the board larger than this server allows');
				return { status: 200, body: { snapshotId, changed: outcome === 'restored' } };
			}
		},
		{
			method: 'GET',
			pattern: /^\/healthz$/,
			handler: async () => {
				await deps.store.ping();
				return { status: 200, body: { ok: true } };
			}
		},
		...workshopRoutes(deps),
		...exportRoutes(deps),
		...reportRoutes(deps),
		...voteRoutes(deps)
	];

	/**
	 * Brings the board's history up to now before a lookup: loading the room writes a board's
	 * first checkpoint, and a room whose last change is an interval past its last checkpoint stores
	 * one (server/rooms/Room.ts), so a lookup at any past moment is at most one interval early.
	 */
	async function ensureHistory(boardId: string): Promise<void> {
		const room = await deps.rooms.acquire(boardId);
		if (!room) throw new HttpError(404, 'unknown board');
		await room.checkpointIfDue();
	}

	/** Board and snapshot ids are URL-safe (newId): anything else is a bad request, not a lookup. */
	function checkIds(...ids: string[]): void {
		for (const id of ids) if (!SNAPSHOT_ID_PATTERN.test(id)) throw new HttpError(400, 'malformed board or snapshot id');
	}

	const authorize = (req: IncomingMessage, boardId: string) => authorizeBoardRequest(deps, req, boardId);

	/** Handles API routes; calls next() for everything else (the SvelteKit app). */
	return async function handle(req: IncomingMessage, res: ServerResponse, next: () => void): Promise<void> {
		applySecurityHeaders(res);
		const url = parseUrl(req.url);
		if (!url) return sendJson(res, 400, { error: 'malformed URL' });
		const isApi = url.pathname.startsWith('/api/') || url.pathname === '/healthz';
		if (!isApi) return next();
		const matching = routes.filter((route) => route.pattern.test(url.pathname));
		const route = matching.find((r) => r.method === req.method);
		try {
			if (!route) {
				throw matching.length > 0 ? new HttpError(405, 'method not allowed') : new HttpError(404, 'not found');
			}
			const params = route.pattern.exec(url.pathname)!.slice(1).map(decodeParam);
			const result = await route.handler(req, params, url);
			if ('stream' in result) {
				await sendStream(res, result);
			} else if ('raw' in result) {
				const body = typeof result.raw === 'string' ? Buffer.from(result.raw, 'utf8') : Buffer.from(result.raw.buffer, result.raw.byteOffset, result.raw.byteLength);
				res.writeHead(result.status, {
					...result.headers,
					'content-type': result.contentType,
					'content-length': String(body.byteLength),
					...(result.filename === undefined ? {} : { 'content-disposition': contentDisposition(result.filename) }),
					'cache-control': 'no-store'
				});
				res.end(body);
			} else if (result.status === 204) {
				res.writeHead(204, { 'cache-control': 'no-store' });
				res.end();
			} else sendJson(res, result.status, result.body);
		} catch (error) {
			if (error instanceof HttpError) {
				sendJson(res, error.status, { error: error.message }, error.headers);
			} else if (error instanceof WorkshopError) {
				sendJson(res, error.status, { error: error.message });
			} else {
				deps.log.error({ err: error, path: url.pathname }, 'API request failed');
				sendJson(res, 503, { error: 'the server cannot serve this request right now' });
			}
		}
	};
}

function summary(snapshot: SnapshotMeta): SnapshotSummary {
	return { snapshotId: snapshot.id, name: snapshot.name, createdAt: snapshot.createdAt, createdBy: snapshot.createdBy };
}

/** The request URL, or null when it cannot be parsed (e.g. a bad absolute-form target). */
function parseUrl(raw: string | undefined): URL | null {
	try {
		return new URL(raw ?? '/', 'http://localhost');
	} catch {
		return null;
	}
}

function decodeParam(param: string): string {
	try {
		return decodeURIComponent(param);
	} catch {
		throw new HttpError(400, 'malformed URL');
	}
}

async function sendStream(res: ServerResponse, result: StreamedBody): Promise<void> {
	const iterator = result.stream[Symbol.asyncIterator]();
	// The first chunk decides the status: an HttpError before it is still a proper `{ error }` answer.
	const first = await iterator.next();
	res.writeHead(result.status, { 'content-type': result.contentType, 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
	try {
		for (let step = first; !step.done; step = await iterator.next()) {
			if (!res.write(step.value)) await new Promise((resolve) => res.once('drain', resolve));
		}
		res.end();
	} catch (error) {
		res.destroy(error instanceof Error ? error : undefined);
		throw error;
	}
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	if (res.headersSent) {
		res.destroy();
		return;
	}
	res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
	res.end(JSON.stringify(body));
}

/** Header values must be ASCII: an ASCII fallback name plus the UTF-8 name (RFC 6266). */
function contentDisposition(filename: string): string {
	const ascii = filename.replace(/[^\x20-\x7e]/g, '_');
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
