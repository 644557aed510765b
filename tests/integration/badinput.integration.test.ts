/**
 * Bad input on every door of a real server: malformed, truncated and oversized frames on both
 * transports, update floods, connection storms, bad and expired tokens, absurd API bodies. After
 * each: the server is up and normal clients still sync.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { signToken } from '../../server/auth/tokens.js';
import type { CreateWorkshopResponse } from '../../src/lib/api/types.js';
import { addNote, readNotes } from '../../src/lib/board/model.js';
import { awarenessFrame, syncStep1Frame, updateFrame } from '../../src/lib/sync/frames.js';
import { CloseCode, RefusalReason } from '../../src/lib/sync/protocol.js';
import { connectSocket, connectStock, createWorkshop, joinWorkshop, request } from '../helpers/clients.js';
import {
	assertBoardSyncs,
	assertHealthy,
	connectStockFrom,
	rawHttp,
	rawSocket,
	rawYjs,
	seededRandom,
	sleep,
	type RawSocket,
	type RawYjs
} from '../helpers/raw.js';
import { MODES, startBacking, type Backing } from '../helpers/modes.js';
import { startServer, type TestServer } from '../helpers/server.js';

const SECRET = `badinput-secret-${process.pid}-${Date.now()}`;
/** The smallest MAX_BOARD_BYTES, so an oversized frame is cheap: frames up to 64 + 64 KiB pass. */
const MAX_BOARD_BYTES = 64 * 1024;
const OVERSIZED_FRAME_BYTES = 200 * 1024;
/** The defaults the server runs with (config.ts), restated so the tests say what they expect. */
const DEFAULT_UPDATES_BURST = 200;
const DEFAULT_MAX_CONNECTIONS_PER_IP = 200;

describe.each(MODES)('%s mode', (mode) => {
	let backing: Backing;
	let server: TestServer;
	let workshop: CreateWorkshopResponse;
	beforeAll(async () => {
		backing = await startBacking(mode);
		server = await startServer({ env: { ...backing.env, SECRET, TRUST_PROXY: '1', MAX_BOARD_BYTES: String(MAX_BOARD_BYTES) } });
		workshop = await createWorkshop(server, 3);
	});
	afterAll(async () => {
		expect(await server.stop()).toBe(0);
		await backing.stop();
	});

	/** A fresh board of its own for each test, so tests do not see each other's notes. */
	async function freshBoard() {
		const created = await createWorkshop(server, 1);
		return { boardId: created.boards[0].boardId, token: created.facilitatorToken };
	}

	/** `count` consecutive small updates by one client: each is valid right after the previous one. */
	function updateSeries(count: number): Uint8Array[] {
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		for (let i = 0; i < count; i++) doc.getMap('flood').set(`k${i}`, i);
		return updates.map(updateFrame);
	}

	function varUint8Array(type: number, body: Uint8Array): Uint8Array {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, type);
		encoding.writeVarUint8Array(encoder, body);
		return encoding.toUint8Array(encoder);
	}

	/** Frames that are wrong in every way a y-websocket frame can be wrong. */
	function badFrames(): Array<[string, Uint8Array]> {
		const rng = seededRandom(1234);
		const doc = new Y.Doc();
		addNote(doc, { x: 1, y: 2, color: 'pink', author: 'fuzz', text: 'hello' });
		const update = updateFrame(Y.encodeStateAsUpdate(doc));
		const awareness = new awarenessProtocol.Awareness(doc);
		awareness.setLocalState({ name: 'x' });
		const presence = awarenessFrame(awareness, [doc.clientID]);
		const badJsonState = (() => {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, 1); // one state
			encoding.writeVarUint(encoder, 42); // client id
			encoding.writeVarUint(encoder, 1); // clock
			encoding.writeVarString(encoder, '{"name": not json');
			return varUint8Array(1, encoding.toUint8Array(encoder));
		})();
		return [
			['empty frame', new Uint8Array()],
			...Array.from({ length: 8 }, (_, i) => [`random bytes #${i}`, rng.bytes(1 + rng.int(300))] as [string, Uint8Array]),
			['unknown message type', new Uint8Array([7, 1, 2, 3])],
			['message type varint overflowing 53 bits', new Uint8Array(12).fill(0xff)],
			['sync with an unknown sub-type', new Uint8Array([0, 9, 1, 0])],
			['sync step 1 without a state vector', new Uint8Array([0, 0])],
			['sync step 1 with a garbage state vector', new Uint8Array([0, 0, 6, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])],
			['update whose length says more than it has', new Uint8Array([0, 2, 100, 1, 2, 3])],
			['update claiming 2^32 bytes', new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1])],
			['update with a garbage body', varUint8Array(0, Uint8Array.from([2, ...rng.bytes(20)]))],
			['sync step 2 with a garbage body', new Uint8Array([0, 1, 4, 1, 2, 3, 4])],
			['update cut in half', update.slice(0, Math.floor(update.length / 2))],
			['update cut by one byte', update.slice(0, update.length - 1)],
			['awareness with a garbage body', new Uint8Array([1, 5, 1, 2, 3, 4, 5])],
			['awareness whose state is not JSON', badJsonState],
			['awareness cut in half', presence.slice(0, Math.floor(presence.length / 2))],
			['auth message', new Uint8Array([2, 0, 3, 1, 2, 3])],
			['query awareness with trailing junk', new Uint8Array([3, 1, 2, 3])]
		];
	}

	describe('malformed frames', () => {
		it('/yjs takes random bytes, garbage bodies behind valid headers and truncated frames, and stays usable', async () => {
			const { boardId, token } = await freshBoard();
			const observer = await connectStock(server, boardId, token);
			const attacker = rawYjs(server, boardId, token);
			await attacker.opened;
			for (const [, frame] of badFrames()) attacker.send(frame);
			attacker.send('a text frame, not binary');
			// The same connection still writes: a valid update reaches the observer.
			const writer = new Y.Doc();
			const noteId = addNote(writer, { x: 0, y: 0, color: 'yellow', author: 'raw', text: 'after the garbage' });
			attacker.send(updateFrame(Y.encodeStateAsUpdate(writer)));
			await vi.waitFor(() => expect(readNotes(observer.doc).map((n) => n.id)).toContain(noteId));
			expect(attacker.ws.readyState).toBe(attacker.ws.OPEN);
			attacker.close();
			observer.close();
			await assertHealthy(server);
			await assertBoardSyncs(server, boardId, token);
		});

		it('socket.io answers malformed frames and non-binary payloads with an ack, and stays connected', async () => {
			const { boardId, token } = await freshBoard();
			for (const transport of ['websocket', 'polling'] as const) {
				const attacker = rawSocket(server, { boardId, token }, { transports: [transport] });
				expect(await attacker.outcome).toEqual({ connected: true });
				for (const [what, frame] of badFrames()) {
					const ack = await attacker.emitFrame(frame);
					expect(ack, `${what} over ${transport}`).not.toBeNull();
					expect(typeof ack!.ok, `${what} over ${transport}`).toBe('boolean');
				}
				const clearlyMalformed = [new Uint8Array([7, 1]), new Uint8Array([0, 2, 100, 1]), new Uint8Array([0, 0])];
				for (const frame of clearlyMalformed) expect(await attacker.emitFrame(frame)).toEqual({ ok: false, reason: 'malformed' });
				for (const payload of ['text', 42, null, { a: [1, 2] }, [new Uint8Array([0, 0])], true]) {
					expect(await attacker.emitFrame(payload), JSON.stringify(payload)).toEqual({ ok: false, reason: 'malformed' });
				}
				// Events the server does not know are ignored.
				attacker.socket.emit('nonsense' as never, new Uint8Array(10));
				attacker.socket.emit('yjs' as never); // no frame, no ack
				expect(await attacker.emitFrame(syncStep1Frame(new Y.Doc()))).toEqual({ ok: true });
				expect(attacker.socket.connected).toBe(true);
				attacker.close();
			}
			await assertBoardSyncs(server, boardId, token);
		});

		it('URLs that crashed the server: bad percent-encoding on /yjs, an unparsable request target', async () => {
			expect((await rawYjs(server, 'x', workshop.facilitatorToken).closed).code).toBe(CloseCode.Forbidden);
			const malformed = rawYjsPath(`/yjs/%E0%A4%A?token=${encodeURIComponent(workshop.facilitatorToken)}`);
			expect((await malformed).code).toBe(CloseCode.Forbidden);
			const response = await rawHttp(server.port, `GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
			expect(response).toMatch(/^HTTP\/1\.1 400/);
			expect(response).toContain('{"error":"malformed URL"}');
			const upgrade = await rawHttp(server.port, 
				'GET http://[ HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
					'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n'
			);
			expect(upgrade).not.toMatch(/^HTTP\/1\.1 101/);
			await assertHealthy(server);
			await assertBoardSyncs(server, workshop.boards[0].boardId, workshop.facilitatorToken);
		});
	});

	/** Opens a /yjs WebSocket on a raw path (no encoding applied) and resolves with its close. */
	async function rawYjsPath(path: string) {
		const { default: WebSocket } = await import('ws');
		const ws = new WebSocket(`${server.wsUrl}${path}`);
		ws.on('error', () => {});
		return new Promise<{ code: number }>((resolve) => ws.once('close', (code) => resolve({ code })));
	}


	describe('oversized frames', () => {
		it('close /yjs with 1009 and drop socket.io on both transports; others on the board keep syncing', async () => {
			const { boardId, token } = await freshBoard();
			const observer = await connectStock(server, boardId, token);
			const big = new Uint8Array(OVERSIZED_FRAME_BYTES);
			big[0] = 0; // a sync frame header in front of nothing useful
			big[1] = 2;

			const yjs = rawYjs(server, boardId, token);
			await yjs.opened;
			yjs.send(big);
			expect((await yjs.closed).code).toBe(CloseCode.MessageTooBig);

			for (const transport of ['websocket', 'polling'] as const) {
				const attacker = rawSocket(server, { boardId, token }, { transports: [transport] });
				expect(await attacker.outcome).toEqual({ connected: true });
				attacker.socket.emit('yjs', big);
				expect(await attacker.disconnected, transport).toMatch(/transport (close|error)/);
			}
			// Just under the limit passes (a large board's first sync must fit).
			const nearLimit = rawYjs(server, boardId, token);
			await nearLimit.opened;
			nearLimit.send(new Uint8Array(MAX_BOARD_BYTES + 1000).fill(7)); // garbage, but not too big
			await sleep(200);
			expect(nearLimit.ws.readyState).toBe(nearLimit.ws.OPEN);
			nearLimit.close();

			expect(observer.provider.wsconnected).toBe(true);
			observer.close();
			await assertBoardSyncs(server, boardId, token);
		});
	});

	describe('floods', () => {
		it('an update flood on /yjs is closed with 4429 while another client on the board keeps syncing', async () => {
			const { boardId, token } = await freshBoard();
			const bystander = await connectSocket(server, boardId, token);
			const flooder = rawYjs(server, boardId, token);
			await flooder.opened;
			const frames = updateSeries(1000);
			for (const frame of frames) flooder.send(frame);
			expect(await flooder.closed).toEqual({ code: CloseCode.RateLimited, reason: RefusalReason.RateLimited });
			// Roughly the burst got through before the cut, and never the whole flood.
			await vi.waitFor(() => expect(bystander.doc.getMap('flood').size).toBeGreaterThanOrEqual(DEFAULT_UPDATES_BURST));
			expect(bystander.doc.getMap('flood').size).toBeLessThan(frames.length);
			expect(bystander.provider.status).toBe('online');
			await assertBoardSyncs(server, boardId, token);
			bystander.close();
		});

		it('an update flood on socket.io gets refused("rate-limited") and a disconnect; others keep syncing', async () => {
			const { boardId, token } = await freshBoard();
			const bystander = await connectStock(server, boardId, token);
			for (const transport of ['websocket', 'polling'] as const) {
				const flooder = rawSocket(server, { boardId, token }, { transports: [transport] });
				expect(await flooder.outcome).toEqual({ connected: true });
				for (const frame of updateSeries(1000)) flooder.socket.emit('yjs', frame, () => {});
				expect(await flooder.disconnected, transport).toBe('io server disconnect');
				expect(flooder.refusals, transport).toEqual([RefusalReason.RateLimited]);
			}
			// A flood of anything else (unknown events, non-binary payloads) is cut the same way.
			const junk = rawSocket(server, { boardId, token });
			expect(await junk.outcome).toEqual({ connected: true });
			for (let i = 0; i < 1000; i++) junk.socket.emit('whatever' as never, i);
			expect(await junk.disconnected).toBe('io server disconnect');
			expect(junk.refusals).toEqual([RefusalReason.RateLimited]);

			expect(bystander.provider.wsconnected).toBe(true);
			await assertBoardSyncs(server, boardId, token);
			bystander.close();
		});

		it('never limits what real clients send: app presence at 25/s, a stock client’s cursor at 80/s, typing', async () => {
			const { boardId, token } = await freshBoard();
			const app = await connectSocket(server, boardId, token);
			const stock = await connectStock(server, boardId, token);
			let appDisconnects = 0;
			app.provider.subscribe(() => {
				if (app.provider.status !== 'online') appDisconnects++;
			});
			const stockCloses: number[] = [];
			stock.provider.on('connection-close', (event: CloseEvent | null) => stockCloses.push(event?.code ?? 0));

			const appText = new Y.Text();
			app.doc.getMap('typing').set('app', appText);
			const stockText = new Y.Text();
			stock.doc.getMap('typing').set('stock', stockText);
			const started = Date.now();
			for (let tick = 0; Date.now() - started < 2500; tick++) {
				app.replica.setPresence({ cursor: { x: tick, y: tick } } as never); // sent at ≤ 25/s by the provider
				stock.provider.awareness.setLocalStateField('cursor', { x: tick, y: tick }); // one frame each
				if (tick % 3 === 0) {
					appText.insert(appText.length, 'a'); // ~27 keystrokes a second each
					stockText.insert(stockText.length, 's');
				}
				await sleep(12);
			}
			await vi.waitFor(() => expect(app.provider.unsyncedChanges).toBe(0));
			expect(appDisconnects).toBe(0);
			expect(stockCloses).toEqual([]);
			expect(stock.provider.wsconnected).toBe(true);
			await vi.waitFor(() => expect((stock.doc.getMap('typing').get('app') as Y.Text | undefined)?.toString()).toBe(appText.toString()));
			app.close();
			stock.close();
		});
	});

	describe('tokens', () => {
		it('bad, expired and forged tokens are refused on /yjs, socket.io and the API', async () => {
			const board = workshop.boards[0].boardId;
			const hour = 60 * 60 * 1000;
			const expired = signToken({ kind: 'facilitator', workshopId: workshop.workshopId, exp: Date.now() - hour }, SECRET);
			const expiredParticipant = signToken(
				{ kind: 'participant', workshopId: workshop.workshopId, participantId: 'p', boardId: board, exp: Date.now() - 1 },
				SECRET
			);
			const otherSecret = signToken({ kind: 'facilitator', workshopId: workshop.workshopId, exp: Date.now() + hour }, `${SECRET}x`);
			const badClaims = signToken({ kind: 'admin', workshopId: workshop.workshopId, exp: Date.now() + hour } as never, SECRET);
			const unauthorized = [
				expired,
				expiredParticipant,
				otherSecret,
				badClaims,
				'v1..',
				'v1.' + 'A'.repeat(5000) + '.x',
				'\u0000\u202e☃',
				workshop.facilitatorToken + 'x'
			];
			for (const token of unauthorized) {
				const label = token.slice(0, 30);
				expect((await rawYjs(server, board, token).closed).code, label).toBe(CloseCode.Unauthorized);
				expect(await rawSocket(server, { boardId: board, token }).outcome, label).toEqual({ connected: false, error: 'unauthorized' });
				if (!/^[\x20-\x7e]*$/.test(token)) continue; // not a valid HTTP header value
				expect((await request(server, 'GET', `/api/boards/${board}/export`, undefined, token)).status, label).toBe(401);
				expect((await request(server, 'POST', `/api/boards/${board}/lock`, { locked: true }, token)).status, label).toBe(401);
			}
			// Not a string at all, in socket.io's auth.
			for (const token of [42, { token: 'x' }, ['a'], null]) {
				expect(await rawSocket(server, { boardId: board, token }).outcome).toEqual({ connected: false, error: 'unauthorized' });
			}
			// A genuine token for another workshop's board, and a board id that is not a string.
			const other = await createWorkshop(server, 1);
			expect((await rawYjs(server, board, other.facilitatorToken).closed).code).toBe(CloseCode.Forbidden);
			expect(await rawSocket(server, { boardId: { $ne: null }, token: workshop.facilitatorToken }).outcome).toEqual({
				connected: false,
				error: 'forbidden'
			});
			await assertHealthy(server);
			await assertBoardSyncs(server, board, workshop.facilitatorToken);
		});
	});

	describe('absurd API input', () => {
		/** Requests from their own address, so the join-failure limit is not what answers. */
		let addressCounter = 0;
		async function send(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
			const response = await fetch(`${server.url}${path}`, {
				method,
				headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${addressCounter++ % 250}`, ...headers },
				body
			});
			const text = await response.text();
			let json: unknown = null;
			try {
				json = JSON.parse(text);
			} catch {
				// asserted below
			}
			return { status: response.status, json: json as { error?: unknown } | null, text };
		}

		const deepArray = '['.repeat(20_000) + ']'.repeat(20_000);
		const deepObject = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
		const tenThousand = JSON.stringify(Array.from({ length: 10_000 }, (_, i) => `Group ${i}`));
		const control = 'A\u0000\u0001\u0007\u001b[31m\u202e\ud800\uffff\n\r\t';
		/** Wrong for every field: numbers where strings go and the reverse, empty, too long, nested. */
		const absurdValues = [
			'1e308',
			'-1',
			'0',
			'1.5',
			'-0',
			'9007199254740993',
			'null',
			'[]',
			'{}',
			'""',
			tenThousand,
			deepArray,
			JSON.stringify('x'.repeat(60_000))
		];
		/** NaN-ish strings: wrong for numbers and booleans; names and titles may be anything short. */
		const oddStrings = ['"NaN"', '"Infinity"', '"1"', '"true"', JSON.stringify(control)];

		it('every route answers absurd bodies with a 4xx JSON error, never a 5xx, and creates nothing absurd', async () => {
			const board = workshop.boards[0].boardId;
			const auth = { authorization: `Bearer ${workshop.facilitatorToken}` };
			const bodies: Array<[string, string, string, Record<string, string>?]> = [];
			for (const value of [...absurdValues, ...oddStrings]) {
				bodies.push(['POST', '/api/workshops', `{"title":"t","groups":${value}}`]);
				bodies.push(['POST', '/api/workshops', `{"title":"t","groups":2,"groupNames":${value}}`]);
				bodies.push(['POST', '/api/join', `{"joinCode":${value},"name":"n","boardId":"${board}"}`]);
				bodies.push(['POST', '/api/join', `{"joinCode":"${workshop.joinCode}","name":"n","boardId":${value}}`]);
				bodies.push(['POST', `/api/boards/${board}/lock`, `{"locked":${value}}`, auth]);
			}
			for (const value of absurdValues) {
				bodies.push(['POST', '/api/workshops', `{"title":${value},"groups":1}`]);
				bodies.push(['POST', '/api/join', `{"joinCode":"${workshop.joinCode}","name":${value},"boardId":"${board}"}`]);
			}
			for (const path of ['/api/workshops', '/api/join', `/api/boards/${board}/lock`]) {
				for (const body of [deepArray, deepObject, tenThousand, '{"__proto__":{"x":1}}', '\u0000', '\ufeff{}', '{"a":1}{"b":2}']) {
					bodies.push(['POST', path, body, auth]);
				}
				bodies.push(['POST', path, 'x'.repeat(200_000), auth]); // over the body limit: a readable 413
			}
			for (const [method, path, body, headers] of bodies) {
				const response = await send(method, path, body, headers);
				const label = `${method} ${path} ${body.slice(0, 60)}`;
				expect(response.status, label).toBeGreaterThanOrEqual(400);
				expect(response.status, label).toBeLessThan(500);
				expect(typeof response.json?.error, label).toBe('string');
			}
			// Odd but well-formed strings as a title or a name are taken as they are, never a 5xx.
			for (const value of oddStrings) {
				expect((await send('POST', '/api/workshops', `{"title":${value},"groups":1}`)).status).toBe(201);
				const join = await send('POST', '/api/join', `{"joinCode":"${workshop.joinCode}","name":${value},"boardId":"${board}"}`);
				expect(join.status).toBe(200);
			}
			// Nothing was locked by a non-boolean.
			const exported = await request(server, 'GET', `/api/boards/${board}/export`, undefined, workshop.facilitatorToken);
			expect((exported.json.board as { meta: { locked: boolean } }).meta.locked).toBe(false);
		});

		it('prototype-pollution keys are plain data: accepted or refused, never inherited', async () => {
			const polluting = [
				'{"title":"p","groups":1,"__proto__":{"groups":20,"isAdmin":true}}',
				'{"title":"p","groups":1,"constructor":{"prototype":{"isAdmin":true}}}',
				'{"__proto__":{"title":"p","groups":1}}'
			];
			for (const body of polluting) {
				const response = await send('POST', '/api/workshops', body);
				expect([201, 400], body).toContain(response.status);
				if (response.status === 201) expect((response.json as { boards: unknown[] }).boards).toHaveLength(1);
			}
			// Had Object.prototype been polluted, a body without groups would now pass.
			expect((await send('POST', '/api/workshops', '{"title":"p"}')).status).toBe(400);
			const join = await send('POST', '/api/join', `{"joinCode":"${workshop.joinCode}","name":"n","boardId":"x","__proto__":{"boardId":"${workshop.boards[0].boardId}"}}`);
			expect(join.status).toBe(400);
		});

		it('absurd paths, queries, methods and headers get a 4xx', async () => {
			const board = workshop.boards[0].boardId;
			const auth = { authorization: `Bearer ${workshop.facilitatorToken}` };
			const cases: Array<[string, string, Record<string, string>?]> = [
				['GET', '/api/join/%'],
				['GET', '/api/join/%00%01%1b'],
				['GET', `/api/join/${'A'.repeat(64)}`],
				['GET', `/api/join/${'A'.repeat(65)}`],
				['GET', '/api/join/..%2F..%2Fetc%2Fpasswd'],
				['GET', '/api/join/%F0%9F%92%A9%E2%80%AE'],
				['GET', `/api/boards/${board}/export?format=${'x'.repeat(5000)}`, auth],
				['GET', `/api/boards/${board}/export?format=json&format=csv&format`, auth],
				['GET', `/api/boards/${'b'.repeat(65)}/export`, auth],
				['GET', '/api/boards/__proto__/export', auth],
				['GET', '/api/boards/constructor/export', auth],
				['POST', '/api/boards/%2e%2e/lock', auth],
				['DELETE', '/api/workshops'],
				['PUT', '/api/join'],
				['PATCH', `/api/boards/${board}/lock`, auth],
				['OPTIONS', '/api/workshops'],
				['GET', '/api/'],
				['GET', '/api/workshops/../../healthz'],
				['GET', `/api/boards/${board}/export`, { authorization: 'Bearer ' + 'x'.repeat(8000) }],
				['GET', `/api/boards/${board}/export`, { authorization: 'Basic dXNlcjpwYXNz' }],
				['GET', `/api/boards/${board}/export`, { authorization: 'Bearer' }]
			];
			for (const [method, path, headers] of cases) {
				const response = await send(method, path, undefined, headers);
				const label = `${method} ${path.slice(0, 80)}`;
				// A 200 only where the request is in fact fine (the export with repeated format takes the first).
				if (response.status === 200) {
					expect(label).toMatch(/format=json&format|healthz/);
					continue;
				}
				expect(response.status, label).toBeGreaterThanOrEqual(400);
				expect(response.status, label).toBeLessThan(500);
				expect(typeof response.json?.error, label).toBe('string');
			}
			await assertHealthy(server);
			const joined = await joinWorkshop(server, workshop, 'After the garbage', 1);
			await assertBoardSyncs(server, joined.boardId, joined.participantToken);
		});
	});

	describe('connection storms', () => {
		let storm: TestServer;
		beforeAll(async () => {
			storm = await startServer({ env: { ...backing.env, TRUST_PROXY: '1' } });
		});
		afterAll(async () => {
			expect(await storm.stop()).toBe(0);
		});

		/** Opens `yjs` raw /yjs connections and `sockets` socket.io ones at once; resolves when each is decided. */
		async function open(boardId: string, token: string, yjsCount: number, socketCount: number) {
			const yjs = Array.from({ length: yjsCount }, () => rawYjs(storm, boardId, token));
			const sockets = Array.from({ length: socketCount }, () => rawSocket(storm, { boardId, token }));
			// /yjs: accepted ones get the room's sync step 1; refused ones are closed.
			const yjsOutcomes = await Promise.all(
				yjs.map((c) =>
					Promise.race([
						c.closed.then(({ code, reason }) => ({ accepted: false, code, reason })),
						vi.waitFor(() => expect(c.received.length).toBeGreaterThan(0), { timeout: 20_000 }).then(() => ({ accepted: true }))
					])
				)
			);
			const socketOutcomes = await Promise.all(sockets.map((c) => c.outcome));
			return { yjs, sockets, yjsOutcomes, socketOutcomes };
		}

		function closeAll(clients: { yjs: RawYjs[]; sockets: RawSocket[] }) {
			for (const c of clients.yjs) c.close();
			for (const c of clients.sockets) c.close();
		}

		it('300 quick connects from one address: the excess is refused, the server answers, others connect, slots come back', async () => {
			const created = await createWorkshop(storm, 1);
			const boardId = created.boards[0].boardId;
			const token = created.facilitatorToken;

			const first = await open(boardId, token, 150, 150);
			const acceptedYjs = first.yjsOutcomes.filter((o) => o.accepted).length;
			const acceptedSockets = first.socketOutcomes.filter((o) => o.connected).length;
			expect(acceptedYjs + acceptedSockets).toBe(DEFAULT_MAX_CONNECTIONS_PER_IP);
			for (const outcome of first.yjsOutcomes.filter((o) => !o.accepted)) {
				expect(outcome).toEqual({ accepted: false, code: CloseCode.TooManyConnections, reason: RefusalReason.TooManyConnections });
			}
			for (const outcome of first.socketOutcomes.filter((o) => !o.connected)) {
				expect(outcome).toEqual({ connected: false, error: RefusalReason.TooManyConnections });
			}

			// The server still answers, and people behind other addresses still work.
			await assertHealthy(storm);
			const elsewhere = await connectStockFrom(storm, boardId, token, '203.0.113.9');
			const elsewhereApp = rawSocket(storm, { boardId, token }, { headers: { 'x-forwarded-for': '203.0.113.10' } });
			expect(await elsewhereApp.outcome).toEqual({ connected: true });
			const noteId = addNote(elsewhere.doc, { x: 0, y: 0, color: 'yellow', author: 'elsewhere', text: 'hi' });
			const elsewhereToo = await connectStockFrom(storm, boardId, token, '203.0.113.12');
			await vi.waitFor(() => expect(readNotes(elsewhereToo.doc).map((n) => n.id)).toContain(noteId));
			// The storm's own address is still full.
			expect((await rawYjs(storm, boardId, token).closed).code).toBe(CloseCode.TooManyConnections);

			// Every slot comes back: after the storm the same address opens its full allowance again,
			// and not one more. (Retried while the server is still seeing the storm's sockets close.)
			closeAll(first);
			for (const c of [elsewhere, elsewhereToo, elsewhereApp]) c.close();
			await vi.waitFor(
				async () => {
					const round = await open(boardId, token, 100, 100);
					const accepted = round.yjsOutcomes.filter((o) => o.accepted).length + round.socketOutcomes.filter((o) => o.connected).length;
					const extra = accepted === 200 ? (await rawYjs(storm, boardId, token).closed).code : null;
					closeAll(round);
					expect(accepted).toBe(DEFAULT_MAX_CONNECTIONS_PER_IP);
					expect(extra).toBe(CloseCode.TooManyConnections);
				},
				{ timeout: 25_000, interval: 1000 }
			);

			await assertHealthy(storm);
			const joined = await connectStockFrom(storm, boardId, token, '203.0.113.11');
			expect(readNotes(joined.doc).map((n) => n.id)).toContain(noteId);
			joined.close();
		});
	});

});
