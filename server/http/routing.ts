/**
 * What every route file of the HTTP API shares (api.ts serves them): the route shape, errors that
 * become `{ error }` answers, body parsing, and the token checks. Conventions (DESIGN.md): no or a
 * bad token is 401, a token of the wrong role or workshop 403, a bad body 400 naming the field.
 */
import type { IncomingMessage } from 'node:http';
import * as v from 'valibot';
import { authorizeBoard } from '../auth/access.js';
import { verifyToken, type TokenClaims } from '../auth/tokens.js';
import type { Limits } from '../limits.js';
import type { Logger } from '../logger.js';
import type { RoomManager } from '../rooms/RoomManager.js';
import type { Store } from '../store/Store.js';
import type { WorkshopHub } from '../workshop/WorkshopHub.js';
import type { Workshops } from '../workshops.js';

const MAX_BODY_BYTES = 64 * 1024;
/**
 * A body over the limit is still read, and dropped, up to this size before the 413 goes out: a
 * server that answers mid-upload resets the connection, and the client never sees the answer.
 * Beyond it the connection is cut.
 */
const MAX_DISCARDED_BODY_BYTES = 1024 * 1024;

export class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly headers: Record<string, string> = {}
	) {
		super(message);
	}
}

/** Everything a route may use; one instance per server. */
export interface ApiDeps {
	store: Store;
	secret: string;
	workshops: Workshops;
	rooms: RoomManager;
	hub: WorkshopHub;
	log: Logger;
	/** Shared with both transports; from the environment when not given. */
	limits: Limits;
}

/** A non-JSON answer: text or bytes, a download (attachment) when it has a filename. */
export interface RawBody {
	status: number;
	raw: string | Uint8Array;
	contentType: string;
	filename?: string;
	headers?: Record<string, string>;
}

/**
 * An answer written as it is produced (a report that reports its progress): chunks go out as the
 * iterable yields them. An error after the first chunk can only cut the response short.
 */
export interface StreamedBody {
	status: number;
	stream: AsyncIterable<string | Uint8Array>;
	contentType: string;
}

/** `body` undefined with status 204 sends no body. */
export type Handler = (req: IncomingMessage, params: string[], url: URL) => Promise<{ status: number; body: unknown } | RawBody | StreamedBody>;

export interface Route {
	method: string;
	/** Matched against the whole path; capture groups become `params` (URL-decoded). */
	pattern: RegExp;
	handler: Handler;
}

/** The input as the schema's output, or a 400 naming the first wrong field. */
export function parse<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
	const result = v.safeParse(schema, input);
	if (result.success) return result.output;
	const issue = result.issues[0];
	const path = issue.path?.map((p) => String(p.key)).join('.');
	throw new HttpError(400, path ? `${path}: ${issue.message}` : issue.message);
}

/** A byte count as people read it in a 413: "64 KB", "8 MB". */
function bytesText(bytes: number): string {
	return bytes >= 1024 * 1024 ? `${+(bytes / (1024 * 1024)).toFixed(1)} MB` : `${+(bytes / 1024).toFixed(1)} KB`;
}

/**
 * The request's JSON body; 413 over `limit` bytes (64 KB unless a route needs more: adding a board
 * from a JSON export takes 8 MB), 400 when it is empty or not JSON.
 */
export async function readJson(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
	const chunks: Buffer[] = [];
	let size = 0;
	// A body over a large limit is drained as far again before the connection is cut.
	const discardUpTo = Math.max(MAX_DISCARDED_BODY_BYTES, 2 * limit);
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > discardUpTo) break; // leaving the loop destroys the request
		if (size <= limit) chunks.push(chunk as Buffer);
	}
	if (size > limit) throw new HttpError(413, `request body larger than ${bytesText(limit)} (${limit} bytes)`);
	const text = Buffer.concat(chunks).toString('utf8');
	if (text.trim() === '') throw new HttpError(400, 'request body must be JSON');
	try {
		return JSON.parse(text);
	} catch {
		throw new HttpError(400, 'request body is not valid JSON');
	}
}

export function bearerToken(req: IncomingMessage): string | null {
	const header = req.headers.authorization ?? '';
	return header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : null;
}

/** The claims of the request's token; 401 without a genuine one. */
export function requireToken(req: IncomingMessage, secret: string): TokenClaims {
	const claims = verifyToken(bearerToken(req), secret);
	if (!claims) throw new HttpError(401, 'missing or invalid token');
	return claims;
}

/** A facilitator token of this workshop (401 / 403 otherwise); `what` completes "only a facilitator of this workshop may …". */
export function requireFacilitator(req: IncomingMessage, secret: string, workshopId: string, what: string): TokenClaims & { kind: 'facilitator' } {
	const claims = requireToken(req, secret);
	if (claims.kind !== 'facilitator' || claims.workshopId !== workshopId) {
		throw new HttpError(403, `only a facilitator of this workshop may ${what}`);
	}
	return claims;
}

/** Any token of this workshop, facilitator or participant (401 / 403 otherwise). */
export function requireMember(req: IncomingMessage, secret: string, workshopId: string): TokenClaims {
	const claims = requireToken(req, secret);
	if (claims.workshopId !== workshopId) throw new HttpError(403, 'this token is not of this workshop');
	return claims;
}

/** What the token may do on a board (server/auth/access.ts): 401 without a token, 403 when it may not read it. */
export async function authorizeBoardRequest(deps: Pick<ApiDeps, 'store' | 'secret'>, req: IncomingMessage, boardId: string) {
	const result = await authorizeBoard(deps.store, deps.secret, bearerToken(req), boardId);
	if (!result.ok) {
		throw result.reason === 'unauthorized'
			? new HttpError(401, 'missing or invalid token')
			: new HttpError(403, 'this token does not give access to this board');
	}
	return result;
}

/** Ids in paths are URL-safe (newId): anything else is a bad request, not a lookup. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** A board or workshop name as a file name: letters, digits, spaces, _ and - only. */
export function safeFilename(name: string): string {
	return name.replace(/[^\p{L}\p{N} _-]/gu, '').trim().slice(0, 60) || 'board';
}
