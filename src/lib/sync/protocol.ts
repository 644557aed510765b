/**
 * The sync protocol, shared by the browser client and the server (one copy, imported by both).
 *
 * Both transports carry the same binary frames: y-websocket's message encoding (lib0 varints,
 * y-protocols sync and awareness). On /yjs they are WebSocket binary messages; on socket.io they
 * are the payload of the `yjs` event, which also takes an acknowledgement so the client knows
 * when its edit is durably stored.
 */
import type { PresenterFrame, WorkshopState } from '../api/workshop.js';

/** First varint of every frame (y-websocket's numbering). */
export const MessageType = {
	Sync: 0,
	Awareness: 1,
	Auth: 2,
	QueryAwareness: 3
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** WebSocket close codes on /yjs, and the matching socket.io connect_error messages. */
export const CloseCode = {
	Unauthorized: 4401,
	Forbidden: 4403,
	ServerShutdown: 1001,
	StoreUnavailable: 4503,
	/** A frame larger than the server takes (sized from MAX_BOARD_BYTES); sent by the WebSocket layer. */
	MessageTooBig: 1009,
	/** The connection sent more frames than its budget allows (UPDATES_PER_SECOND, PRESENCE_PER_SECOND). */
	RateLimited: 4429,
	/** This address already has MAX_CONNECTIONS_PER_IP connections open. */
	TooManyConnections: 4430
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

export const RefusalReason = {
	Unauthorized: 'unauthorized',
	Forbidden: 'forbidden',
	BadRequest: 'bad-request',
	RateLimited: 'rate-limited',
	TooManyConnections: 'too-many-connections',
	/** The facilitator moved this participant to another group: reconnect, hello names the new own board. */
	Moved: 'moved',
	/** This connection may no longer read the board (gallery walk closed, presenting ended): go to your own board. */
	AccessEnded: 'access-ended',
	/** The facilitator deleted the workshop. */
	WorkshopDeleted: 'workshop-deleted'
} as const;
export type RefusalReason = (typeof RefusalReason)[keyof typeof RefusalReason];

export const SOCKET_IO_PATH = '/socket.io';
export const YJS_PATH = '/yjs';
export const PROTOCOL_VERSION = 1;

export type Role = 'facilitator' | 'participant';

/** Sent by the server right after a socket.io connection is accepted. */
export interface HelloInfo {
	protocol: typeof PROTOCOL_VERSION;
	boardId: string;
	workshopId: string;
	role: Role;
	/** The participant's own group board (null for facilitators). */
	ownBoardId: string | null;
	/** Server clock in ms, so timers can correct for skew. */
	serverTime: number;
}

/**
 * The answer to every `yjs` frame a client sends.
 * - read-only: this connection may not write the board now (other group's board, or locked);
 *   the write is dropped, so the client's copy has diverged and must be rebuilt from the server.
 * - out-of-sync: the update builds on changes the server does not have (yet); not stored. The
 *   sync handshake resends what is missing, so a client that is allowed to write loses nothing.
 * - board-full: the board would grow past MAX_BOARD_BYTES; not stored.
 */
export type FrameAck =
	| { ok: true }
	| { ok: false; reason: 'read-only' | 'out-of-sync' | 'malformed' | 'store-unavailable' | 'board-full' };

export interface ServerToClientEvents {
	hello: (info: HelloInfo) => void;
	yjs: (frame: Uint8Array) => void;
	/**
	 * Several `yjs` frames in one message, in order, each as a lib0 varUint8Array (length, then
	 * bytes; decodeFrameBatch): the frames one event-loop turn of the server had for this socket.
	 * Only to clients whose handshake said `batch: true`; others get every frame as `yjs`.
	 */
	frames: (batch: Uint8Array) => void;
	/**
	 * Sent right before the server disconnects a connected socket for breaking a limit (reason
	 * `rate-limited`). Refusals at connect time arrive as `connect_error` instead (`unauthorized`,
	 * `forbidden`, `too-many-connections`).
	 */
	refused: (reason: RefusalReason) => void;
	/** The workshop's live state (timer, presenting, gallery, vote): right after hello, then on every change. */
	workshop: (state: WorkshopState) => void;
	/** The presenting facilitator's viewport and laser pointer (volatile; only while someone presents). */
	presenter: (frame: PresenterFrame) => void;
}

export interface ClientToServerEvents {
	/** Frames that may carry updates ask for an ack; awareness frames (volatile) do not. */
	yjs: (frame: Uint8Array, ack?: (result: FrameAck) => void) => void;
	/** Facilitators only (others are ignored): relayed to every connection of the workshop. */
	presenter: (frame: PresenterFrame) => void;
}

/** socket.io `auth` payload of the handshake. */
export interface SocketAuth {
	token: string;
	boardId: string;
	/** Accepts `frames` batches (each engine.io message costs the server a write). */
	batch?: boolean;
}
