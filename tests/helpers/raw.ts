/**
 * Low-level clients for abuse tests: raw /yjs WebSockets and raw socket.io sockets that send
 * whatever they are told, a stock provider from a chosen address, a seeded random generator, and
 * the server process's memory.
 */
import fs from 'node:fs';
import net from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { expect, vi } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { addNote, readNotes } from '../../src/lib/board/model.js';
import { SOCKET_IO_PATH, type FrameAck } from '../../src/lib/sync/protocol.js';
import { connectSocket, connectStock, type Endpoint } from './clients.js';

export interface RawYjs {
	ws: WebSocket;
	/** Resolves when open; rejects if the socket closes first. */
	opened: Promise<void>;
	/** Resolves with the close code and reason, whenever the socket closes. */
	closed: Promise<{ code: number; reason: string }>;
	/** Frames the server sent. */
	received: Uint8Array[];
	send(frame: Uint8Array | string): void;
	close(): void;
}

/** A raw WebSocket on /yjs/<boardId>; `headers` e.g. X-Forwarded-For to come from another address. */
export function rawYjs(server: Endpoint, boardId: string, token?: string, headers: Record<string, string> = {}): RawYjs {
	const query = token === undefined ? '' : `?token=${encodeURIComponent(token)}`;
	const ws = new WebSocket(`${server.wsUrl}/yjs/${encodeURIComponent(boardId)}${query}`, { headers });
	const received: Uint8Array[] = [];
	ws.on('message', (data) => received.push(new Uint8Array(data as Buffer)));
	ws.on('error', () => {});
	const closed = new Promise<{ code: number; reason: string }>((resolve) =>
		ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
	);
	const opened = new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		void closed.then(({ code }) => reject(new Error(`closed with ${code} before opening`)));
	});
	opened.catch(() => {});
	return {
		ws,
		opened,
		closed,
		received,
		send: (frame) => {
			if (ws.readyState === ws.OPEN) ws.send(frame);
		},
		close: () => ws.terminate()
	};
}

export interface RawSocket {
	socket: Socket;
	/** Resolves once connected, or with the connect_error message. */
	outcome: Promise<{ connected: true } | { connected: false; error: string }>;
	/** Reasons of `refused` events, in order. */
	refusals: string[];
	/** Resolves with socket.io's disconnect reason. */
	disconnected: Promise<string>;
	/** Emits a `yjs` frame and resolves with the acknowledgement (null if none within `timeoutMs`). */
	emitFrame(frame: unknown, timeoutMs?: number): Promise<FrameAck | null>;
	close(): void;
}

/** A socket.io connection of its own (never shared through socket.io-client's manager cache). */
export function rawSocket(
	server: Endpoint,
	auth: Record<string, unknown>,
	{ transports = ['websocket'], headers = {} }: { transports?: Array<'polling' | 'websocket'>; headers?: Record<string, string> } = {}
): RawSocket {
	const socket = io(server.url, {
		path: SOCKET_IO_PATH,
		auth,
		transports,
		forceNew: true,
		reconnection: false,
		extraHeaders: headers
	});
	const refusals: string[] = [];
	socket.on('refused' as never, (reason: string) => {
		refusals.push(reason);
	});
	const outcome = new Promise<{ connected: true } | { connected: false; error: string }>((resolve) => {
		socket.once('connect', () => resolve({ connected: true }));
		socket.once('connect_error', (error) => resolve({ connected: false, error: error.message }));
	});
	const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
	return {
		socket,
		outcome,
		refusals,
		disconnected,
		emitFrame: (frame, timeoutMs = 5000) =>
			new Promise((resolve) => {
				const timer = setTimeout(() => resolve(null), timeoutMs);
				socket.emit('yjs', frame, (ack: FrameAck) => {
					clearTimeout(timer);
					resolve(ack);
				});
			}),
		close: () => socket.disconnect()
	};
}

/** A stock y-websocket provider whose requests say they come from `address` (TRUST_PROXY=1). */
export async function connectStockFrom(server: Endpoint, boardId: string, token: string, address: string) {
	class FromAddress extends WebSocket {
		constructor(url: string, protocols?: string | string[]) {
			super(url, protocols, { headers: { 'x-forwarded-for': address } });
		}
	}
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${server.wsUrl}/yjs`, boardId, doc, {
		params: { token },
		WebSocketPolyfill: FromAddress as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	await vi.waitFor(() => expect(provider.synced).toBe(true), { timeout: 10_000 });
	return {
		doc,
		provider,
		close: () => {
			provider.destroy();
			doc.destroy();
		}
	};
}

/**
 * Proves the board still works for normal clients: a stock client and the app's client connect,
 * a note written by each reaches the other.
 */
export async function assertBoardSyncs(server: Endpoint, boardId: string, token: string): Promise<void> {
	const stock = await connectStock(server, boardId, token);
	const app = await connectSocket(server, boardId, token);
	try {
		const fromStock = addNote(stock.doc, { x: 1, y: 1, color: 'yellow', author: 'check', text: 'from stock' });
		const fromApp = addNote(app.doc, { x: 2, y: 2, color: 'green', author: 'check', text: 'from app' });
		await vi.waitFor(
			() => {
				expect(readNotes(app.doc).map((n) => n.id)).toContain(fromStock);
				expect(readNotes(stock.doc).map((n) => n.id)).toContain(fromApp);
			},
			{ timeout: 10_000 }
		);
		await vi.waitFor(() => expect(app.provider.unsyncedChanges).toBe(0), { timeout: 10_000 });
	} finally {
		stock.close();
		app.close();
	}
}

/** GET /healthz answers 200. */
export async function assertHealthy(server: Endpoint): Promise<void> {
	const response = await fetch(`${server.url}/healthz`);
	expect(response.status).toBe(200);
}

/** Resident memory of a process in bytes (Linux). */
export function rssBytes(pid: number): number {
	const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
	if (!match) throw new Error(`no VmRSS for ${pid}`);
	return Number(match[1]) * 1024;
}

/** A small seeded generator (mulberry32): the same seed gives the same run. */
export function seededRandom(seed: number) {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (max: number) => Math.floor(next() * max),
		bytes: (length: number) => Uint8Array.from({ length }, () => Math.floor(next() * 256)),
		pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]
	};
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends raw bytes over TCP and resolves with what came back before the server closed (or 2 s). */
export function rawHttp(port: number, text: string): Promise<string> {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
		let answer = '';
		socket.on('data', (chunk) => (answer += chunk.toString()));
		socket.on('error', () => {});
		socket.on('close', () => resolve(answer));
		setTimeout(() => socket.destroy(), 2000).unref();
	});
}
