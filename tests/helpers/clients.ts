/** Real clients for integration tests: the HTTP API, the app's socket.io provider, stock y-websocket. */
import { vi } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { CreateWorkshopResponse, JoinResponse } from '../../src/lib/api/types.js';
import { BoardReplica } from '../../src/lib/sync/BoardReplica.js';
import type { SocketProvider } from '../../src/lib/sync/SocketProvider.js';
/** Where clients connect: a server, or a proxy in front of servers. */
export interface Endpoint {
	url: string;
	wsUrl: string;
}

export async function request(server: Endpoint, method: string, path: string, body?: unknown, token?: string) {
	const response = await fetch(`${server.url}${path}`, {
		method,
		headers: {
			...(body === undefined ? {} : { 'content-type': 'application/json' }),
			...(token ? { authorization: `Bearer ${token}` } : {})
		},
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
	});
	const text = await response.text();
	let json: unknown = null;
	try {
		json = JSON.parse(text);
	} catch {
		// not JSON; callers that expect JSON assert on it
	}
	return { status: response.status, json: json as Record<string, unknown>, text, headers: response.headers };
}

export async function createWorkshop(server: Endpoint, groups = 2, title = 'Smart Kota Pekanbaru') {
	const { status, json } = await request(server, 'POST', '/api/workshops', { title, groups });
	if (status !== 201) throw new Error(`create workshop: ${status} ${JSON.stringify(json)}`);
	return json as unknown as CreateWorkshopResponse;
}

export async function joinWorkshop(server: Endpoint, workshop: CreateWorkshopResponse, name: string, group = 0) {
	const { status, json } = await request(server, 'POST', '/api/join', {
		joinCode: workshop.joinCode,
		name,
		boardId: workshop.boards[group].boardId
	});
	if (status !== 200) throw new Error(`join: ${status} ${JSON.stringify(json)}`);
	return json as unknown as JoinResponse;
}

export interface SocketClient {
	/** The replica's current doc (a new one after the server refused writes). */
	readonly doc: Y.Doc;
	readonly provider: SocketProvider;
	readonly replica: BoardReplica;
	close(): void;
}

/** The app's own sync client (BoardReplica over socket.io), as the browser runs it. */
export async function connectSocket(
	server: Endpoint,
	boardId: string,
	token: string,
	{ waitSynced = true, transports }: { waitSynced?: boolean; transports?: Array<'polling' | 'websocket'> } = {}
) {
	const replica = new BoardReplica({ url: server.url, boardId, token, transports });
	const client: SocketClient = {
		get doc() {
			return replica.doc;
		},
		get provider() {
			return replica.provider;
		},
		replica,
		close: () => replica.destroy()
	};
	if (waitSynced) await vi.waitFor(() => expectTrue(replica.provider.synced, 'socket.io client synced'), { timeout: 10_000 });
	return client;
}

export interface StockClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	close(): void;
}

/** A stock y-websocket provider, exactly as a third-party Yjs client would connect. */
export async function connectStock(server: Endpoint, boardId: string, token: string, { waitSynced = true } = {}) {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${server.wsUrl}/yjs`, boardId, doc, {
		params: { token },
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	const client: StockClient = {
		doc,
		provider,
		close: () => {
			provider.destroy();
			doc.destroy();
		}
	};
	if (waitSynced) await vi.waitFor(() => expectTrue(provider.synced, 'y-websocket client synced'), { timeout: 10_000 });
	return client;
}

/** Opens a raw WebSocket to /yjs and resolves with the close code the server sends. */
export function yjsCloseCode(server: Endpoint, boardId: string, token?: string): Promise<number> {
	const query = token === undefined ? '' : `?token=${encodeURIComponent(token)}`;
	const ws = new WebSocket(`${server.wsUrl}/yjs/${encodeURIComponent(boardId)}${query}`);
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('no close within 10 s')), 10_000);
		ws.on('close', (code) => {
			clearTimeout(timer);
			resolve(code);
		});
		ws.on('error', () => {});
	});
}

export function expectTrue(condition: boolean, what: string): void {
	if (!condition) throw new Error(`not yet: ${what}`);
}
