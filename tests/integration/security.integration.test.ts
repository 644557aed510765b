/**
 * Security of the HTTP surface: headers on every response, the pages' Content-Security-Policy,
 * no CORS, rate-limited join-code guessing, and no token or secret in the logs (the server runs at
 * LOG_LEVEL=trace here, so every log line that exists is written).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { signToken } from '../../server/auth/tokens.js';
import type { CreateWorkshopResponse } from '../../src/lib/api/types.js';
import { addNote } from '../../src/lib/board/model.js';
import { updateFrame } from '../../src/lib/sync/frames.js';
import { SOCKET_IO_PATH } from '../../src/lib/sync/protocol.js';
import { connectSocket, connectStock, createWorkshop, joinWorkshop } from '../helpers/clients.js';
import { rawHttp, rawSocket, rawYjs, sleep } from '../helpers/raw.js';
import { MODES, startBacking, type Backing } from '../helpers/modes.js';
import { startServer, type TestServer } from '../helpers/server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Pages exist only once the app is built (`npm test` builds first). */
const APP_BUILT = fs.existsSync(path.join(ROOT, 'build', 'handler.js'));
const SECRET = `security-secret-${process.pid}-${Date.now()}`;
const JOIN_FAILURES_PER_MINUTE = 30;
const EVIL_ORIGIN = 'https://evil.example';

describe.each(MODES)('%s mode', (mode) => {
	let backing: Backing;
	let server: TestServer;
	let workshop: CreateWorkshopResponse;
	/** Every token this file hands to the server, to look for in its output at the end. */
	const tokensUsed = new Set<string>();

	beforeAll(async () => {
		backing = await startBacking(mode);
		server = await startServer({ env: { ...backing.env, SECRET, TRUST_PROXY: '1', LOG_LEVEL: 'trace' } });
		workshop = await createWorkshop(server, 2);
		tokensUsed.add(workshop.facilitatorToken);
	});
	afterAll(async () => {
		expect(await server.stop()).toBe(0);
		await backing.stop();
	});

	async function get(pathname: string, init: RequestInit = {}) {
		const response = await fetch(`${server.url}${pathname}`, init);
		const text = await response.text();
		return { status: response.status, headers: response.headers, text };
	}


	function expectSecurityHeaders(headers: Headers, label: string) {
		expect(headers.get('x-content-type-options'), label).toBe('nosniff');
		expect(headers.get('referrer-policy'), label).toBe('same-origin');
		expect(headers.get('x-frame-options'), label).toBe('DENY');
		const csp = headers.get('content-security-policy') ?? '';
		expect(csp, label).toContain("frame-ancestors 'none'");
		expect(csp, label).toMatch(/default-src '(none|self)'/);
	}

	describe('security headers', () => {
		it('are on every kind of response: API, errors, exports, socket.io, unparsable requests', async () => {
			const board = workshop.boards[0].boardId;
			const auth = { authorization: `Bearer ${workshop.facilitatorToken}` };
			const responses: Array<[string, { status: number; headers: Headers }]> = [
				['healthz', await get('/healthz')],
				['created', await get('/api/workshops', { method: 'POST', body: '{"title":"t","groups":1}', headers: { 'content-type': 'application/json' } })],
				['bad JSON', await get('/api/workshops', { method: 'POST', body: '{' })],
				['unknown code', await get('/api/join/ZZZZZZ', { headers: { 'x-forwarded-for': '192.0.2.1' } })],
				['method not allowed', await get('/api/workshops', { method: 'DELETE' })],
				['unauthorized', await get(`/api/boards/${board}/export`)],
				['export', await get(`/api/boards/${board}/export?format=json`, { headers: auth })],
				['not found', await get('/no/such/page')],
				['socket.io handshake', await get(`${SOCKET_IO_PATH}/?EIO=4&transport=polling`)],
				['socket.io error', await get(`${SOCKET_IO_PATH}/?EIO=4&transport=carrier-pigeon`)]
			];
			if (APP_BUILT) {
				responses.push(['page', await get('/')], ['board page', await get(`/b/${board}`)], ['static file', await get('/favicon.svg')]);
			}
			for (const [label, response] of responses) {
				expect(response.status, label).toBeLessThan(500);
				expectSecurityHeaders(response.headers, label);
			}
			// Everything but a page forbids everything.
			expect((await get('/healthz')).headers.get('content-security-policy')).toBe(
				"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
			);
			const unparsable = await rawHttp(server.port, 'GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
			expect(unparsable).toMatch(/^HTTP\/1\.1 400/);
			expect(unparsable.toLowerCase()).toContain('x-content-type-options: nosniff');
		});

		it.skipIf(!APP_BUILT)('pages carry SvelteKit’s policy: a nonce for its own script, WebSockets to this host only', async () => {
			for (const pathname of ['/', `/b/${workshop.boards[0].boardId}`]) {
				const page = await get(pathname);
				expect(page.status).toBe(200);
				const csp = page.headers.get('content-security-policy')!;
				const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
				const nonce = /'nonce-([^']+)'/.exec(directives.get('script-src')!.join(' '))?.[1];
				expect(nonce, pathname).toBeTruthy();
				expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
				expect(csp).not.toContain('unsafe-eval');
				// Every inline script of the page carries the nonce.
				const inlineScripts = [...page.text.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
				expect(inlineScripts.length).toBeGreaterThan(0);
				for (const [, attributes] of inlineScripts) expect(attributes).toContain(`nonce="${nonce}"`);
				const host = `127.0.0.1:${server.port}`;
				expect(directives.get('connect-src')).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
				expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
				expect(directives.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
				expect(directives.get('object-src')).toEqual(["'none'"]);
				expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
				// A fresh nonce on every response.
				expect((await get(pathname)).headers.get('content-security-policy')).not.toContain(nonce);
			}
			// A Host header that tries to add a directive is left out of the policy.
			const tricky = await rawHttp(server.port, `GET / HTTP/1.1\r\nHost: a;script-src *\r\nConnection: close\r\n\r\n`);
			const policy = /content-security-policy: ([^\r\n]*)/i.exec(tricky)?.[1] ?? '';
			expect(policy).not.toContain('script-src *');
			expect(policy).not.toContain('ws://a');
		});
	});

	describe('CORS', () => {
		it('answers no cross-origin preflight or request with an allow header, on the API and socket.io', async () => {
			const board = workshop.boards[0].boardId;
			const paths = ['/api/workshops', '/api/join', `/api/join/${workshop.joinCode}`, `/api/boards/${board}/export`, '/healthz', `${SOCKET_IO_PATH}/?EIO=4&transport=polling`];
			for (const pathname of paths) {
				const preflight = await get(pathname, {
					method: 'OPTIONS',
					headers: { origin: EVIL_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' }
				});
				for (const response of [preflight, await get(pathname, { headers: { origin: EVIL_ORIGIN } })]) {
					expect(response.headers.get('access-control-allow-origin'), pathname).toBeNull();
					expect(response.headers.get('access-control-allow-credentials'), pathname).toBeNull();
					expect(response.headers.get('access-control-allow-methods'), pathname).toBeNull();
				}
			}
		});
	});

	describe('join-code guessing', () => {
		const from = (address: string) => ({ 'x-forwarded-for': address });

		it(`allows ${JOIN_FAILURES_PER_MINUTE} unknown codes a minute per address, then answers 429 with Retry-After`, async () => {
			const guesser = from('192.0.2.77');
			const statuses: number[] = [];
			for (let i = 0; i < JOIN_FAILURES_PER_MINUTE; i++) {
				statuses.push((await get(`/api/join/GUESS${String(i).padStart(2, '0')}`, { headers: guesser })).status);
			}
			expect(statuses).toEqual(new Array(JOIN_FAILURES_PER_MINUTE).fill(404));
			// The next one is refused (a slow machine may have refilled one attempt: a second try then).
			let refused = await get('/api/join/GUESSXX', { headers: guesser });
			if (refused.status === 404) refused = await get('/api/join/GUESSYY', { headers: guesser });
			expect(refused.status).toBe(429);
			expect(JSON.parse(refused.text).error).toMatch(/too many unknown join codes/);
			const retryAfter = Number(refused.headers.get('retry-after'));
			expect(retryAfter).toBeGreaterThanOrEqual(1);
			expect(retryAfter).toBeLessThanOrEqual(60 / JOIN_FAILURES_PER_MINUTE + 1);

			// While refused, even the right code gets no answer, by either route: the guesser learns nothing.
			expect((await get(`/api/join/${workshop.joinCode}`, { headers: guesser })).status).toBe(429);
			const post = await get('/api/join', {
				method: 'POST',
				headers: { ...guesser, 'content-type': 'application/json' },
				body: JSON.stringify({ joinCode: workshop.joinCode, name: 'Guesser', boardId: workshop.boards[0].boardId })
			});
			expect(post.status).toBe(429);

			// Other addresses are not affected.
			expect((await get(`/api/join/${workshop.joinCode}`, { headers: from('192.0.2.78') })).status).toBe(200);
			expect((await get('/api/join/NOTYET', { headers: from('192.0.2.78') })).status).toBe(404);

			// After Retry-After, one more attempt is allowed.
			await sleep(retryAfter * 1000);
			expect((await get(`/api/join/${workshop.joinCode}`, { headers: guesser })).status).toBe(200);
		});

		it('counts unknown codes sent to POST /api/join too, and never successful lookups', async () => {
			const classroom = from('192.0.2.90');
			for (let i = 0; i < 2 * JOIN_FAILURES_PER_MINUTE; i++) {
				expect((await get(`/api/join/${workshop.joinCode}`, { headers: classroom })).status).toBe(200);
			}
			const join = (joinCode: string) =>
				get('/api/join', {
					method: 'POST',
					headers: { ...classroom, 'content-type': 'application/json' },
					body: JSON.stringify({ joinCode, name: 'Student', boardId: workshop.boards[0].boardId })
				});
			const statuses: number[] = [];
			for (let i = 0; i < JOIN_FAILURES_PER_MINUTE + 2; i++) statuses.push((await join(`WRONG${i}`)).status);
			expect(statuses.slice(0, JOIN_FAILURES_PER_MINUTE)).toEqual(new Array(JOIN_FAILURES_PER_MINUTE).fill(404));
			expect(statuses.slice(JOIN_FAILURES_PER_MINUTE)).toContain(429);
		});
	});

	describe('logs', () => {
		it('never contain a token or the secret, whatever the requests did', async () => {
			const board = workshop.boards[0].boardId;
			const participant = await joinWorkshop(server, workshop, 'Aigerim', 1);
			const expired = signToken({ kind: 'facilitator', workshopId: workshop.workshopId, exp: Date.now() - 1000 }, SECRET);
			const forged = `${workshop.facilitatorToken.slice(0, -4)}AAAA`;
			for (const token of [participant.participantToken, expired, forged]) tokensUsed.add(token);

			// Tokens through every door, in requests that succeed and in requests that fail.
			for (const token of tokensUsed) {
				const auth = { authorization: `Bearer ${token}` };
				await get(`/api/boards/${board}/export?format=json`, { headers: auth });
				await get(`/api/boards/${board}/export?format=xml`, { headers: auth });
				await get(`/api/boards/${board}/lock`, { method: 'POST', headers: auth, body: '{"locked":"maybe"}' });
				await get(`/api/boards/no-such-board/lock`, { method: 'POST', headers: auth, body: '{"locked":true}' });
				for (const boardId of [board, 'no-such-board']) {
					const yjs = rawYjs(server, boardId, token);
					// Refused: closed; accepted: the room's first frame arrives.
					await Promise.race([yjs.closed, vi.waitFor(() => expect(yjs.received.length).toBeGreaterThan(0))]);
					yjs.close();
				}
				const socket = rawSocket(server, { boardId: board, token });
				await socket.outcome;
				socket.close();
			}
			// A writer refused (participant on another group's board, readable during the gallery walk), malformed frames, and a flood.
			await get(`/api/workshops/${workshop.workshopId}/gallery`, {
				method: 'POST',
				headers: { authorization: `Bearer ${workshop.facilitatorToken}` },
				body: '{"open":true}'
			});
			const stock = await connectStock(server, board, participant.participantToken);
			addNote(stock.doc, { x: 0, y: 0, color: 'pink', author: 'A', text: 'refused' });
			const app = await connectSocket(server, workshop.boards[1].boardId, participant.participantToken);
			addNote(app.doc, { x: 0, y: 0, color: 'pink', author: 'A', text: 'kept' });
			await vi.waitFor(() => expect(app.provider.unsyncedChanges).toBe(0));
			const flooder = rawYjs(server, board, workshop.facilitatorToken);
			await flooder.opened;
			const flood = new Y.Doc();
			for (let i = 0; i < 300; i++) {
				flood.getMap('m').set('k', i);
				flooder.send(updateFrame(Y.encodeStateAsUpdate(flood)));
				flooder.send(new Uint8Array([0, 2, 9, 9]));
			}
			await flooder.closed;
			stock.close();
			app.close();
			await sleep(200);

			const output = server.output();
			expect(output).toContain('"level":20'); // debug lines (malformed frames) were written
			for (const token of tokensUsed) {
				const [, payload, signature] = token.split('.');
				expect(output, 'a whole token').not.toContain(token);
				expect(output, 'a token signature').not.toContain(signature);
				expect(output, 'a token payload').not.toContain(payload);
			}
			expect(output).not.toContain(SECRET);
		});
	});

});
