/**
 * The browser's sync client: one socket.io connection per open board, speaking the same binary
 * frames as /yjs. socket.io is used (not a bare WebSocket) because it falls back to long-polling
 * behind classroom proxies that block WebSockets.
 *
 * Every local update is sent with an acknowledgement; the server acknowledges only after the update
 * is durably stored, so `unsyncedChanges` counts exactly the edits that would be lost if this
 * browser vanished now (they are also in IndexedDB, and are resent by the sync handshake on
 * reconnect).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { io, type Socket } from 'socket.io-client';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import type { PresenterFrame, WorkshopState } from '../api/workshop.js';
import { awarenessFrame, decodeFrameBatch, syncStep1Frame, updateFrame } from './frames.js';
import {
	MessageType,
	RefusalReason,
	SOCKET_IO_PATH,
	type ClientToServerEvents,
	type FrameAck,
	type HelloInfo,
	type ServerToClientEvents,
	type SocketAuth
} from './protocol.js';

/** Backoff of this client's own retries (socket.io's own reconnection uses the same cap). */
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 5000;

/** Presence (cursors, drags) is sent at most this often: ~25 updates a second. */
const PRESENCE_INTERVAL_MS = 40;

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'offline' | 'refused';
export type Refusal = typeof RefusalReason.Unauthorized | typeof RefusalReason.Forbidden;
/**
 * Why the server ended a connection it had accepted, because the workshop changed: moved (this
 * client reconnects; hello names the new own board), access-ended and workshop-deleted (final).
 */
export type EndReason = typeof RefusalReason.Moved | typeof RefusalReason.AccessEnded | typeof RefusalReason.WorkshopDeleted;

export interface SocketProviderOptions {
	boardId: string;
	token: string;
	/** Server origin; the page's own origin when omitted. */
	url?: string;
	/** socket.io transports to try, in order; default: long-polling first, then upgrade to WebSocket. */
	transports?: Array<'polling' | 'websocket'>;
}

export class SocketProvider {
	readonly awareness: awarenessProtocol.Awareness;
	status: ConnectionStatus = 'connecting';
	refusal: Refusal | null = null;
	/** True once the server's state has been received on the current connection. */
	synced = false;
	hello: HelloInfo | null = null;
	/** Why the server refused the last write, if it did. */
	lastRejection: Exclude<FrameAck, { ok: true }>['reason'] | null = null;
	/** The workshop's live state as last received (kept across reconnects until the next one arrives). */
	workshop: WorkshopState | null = null;
	/** Set when the server ended this connection because the workshop changed (see EndReason). */
	ended: EndReason | null = null;

	private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
	private readonly listeners = new Set<() => void>();
	private readonly workshopListeners = new Set<(state: WorkshopState) => void>();
	private readonly presenterListeners = new Set<(frame: PresenterFrame) => void>();
	/** Local updates made so far, and how many of them the server has acknowledged as stored. */
	private localSeq = 0;
	private storedSeq = 0;
	private presenceTimer: ReturnType<typeof setTimeout> | null = null;
	private presenceSentAt = 0;
	private retryTimer: ReturnType<typeof setTimeout> | null = null;
	private retries = 0;
	private destroyed = false;

	constructor(
		private readonly doc: Y.Doc,
		options: SocketProviderOptions
	) {
		this.awareness = new awarenessProtocol.Awareness(doc);
		const socketOptions = {
			path: SOCKET_IO_PATH,
			auth: { token: options.token, boardId: options.boardId, batch: true } satisfies SocketAuth,
			reconnectionDelayMax: RETRY_MAX_MS,
			...(options.transports ? { transports: options.transports } : {})
		};
		this.socket = options.url ? io(options.url, socketOptions) : io(socketOptions);

		this.socket.on('connect', this.onConnect);
		this.socket.on('disconnect', this.onDisconnect);
		this.socket.on('connect_error', this.onConnectError);
		this.socket.on('hello', (info) => {
			this.hello = info;
			this.notify();
		});
		this.socket.on('workshop', (state) => {
			this.workshop = state;
			for (const listener of this.workshopListeners) listener(state);
		});
		this.socket.on('presenter', (frame) => {
			for (const listener of this.presenterListeners) listener(frame);
		});
		this.socket.on('refused', this.onRefused);
		this.socket.on('yjs', (frame) => this.receive(new Uint8Array(frame)));
		this.socket.on('frames', (batch) => {
			for (const frame of decodeFrameBatch(new Uint8Array(batch))) this.receive(frame);
		});
		doc.on('update', this.onDocUpdate);
		this.awareness.on('update', this.onAwarenessUpdate);
		if (typeof window !== 'undefined') {
			window.addEventListener('online', this.onNetworkChange);
			window.addEventListener('offline', this.onNetworkChange);
		}
	}

	get unsyncedChanges(): number {
		return this.localSeq - this.storedSeq;
	}

	/** Called on every change of status, sync state or unsynced count. */
	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Called with the workshop's state right after every hello and on every change. */
	onWorkshop(listener: (state: WorkshopState) => void): () => void {
		this.workshopListeners.add(listener);
		return () => this.workshopListeners.delete(listener);
	}

	/** Called with every frame of the presenting facilitator (viewport, laser pointer). */
	onPresenter(listener: (frame: PresenterFrame) => void): () => void {
		this.presenterListeners.add(listener);
		return () => this.presenterListeners.delete(listener);
	}

	/**
	 * Facilitators: the viewport and laser pointer while presenting. Volatile: a frame lost while
	 * the connection hiccups is replaced by the next one, never queued up.
	 */
	sendPresenter(frame: PresenterFrame): void {
		if (this.socket.connected) this.socket.volatile.emit('presenter', frame);
	}

	destroy(): void {
		this.destroyed = true;
		if (this.retryTimer !== null) clearTimeout(this.retryTimer);
		// Say goodbye now rather than let others wait for the server to notice.
		awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], 'local');
		if (this.presenceTimer !== null) clearTimeout(this.presenceTimer);
		this.sendPresence();
		this.doc.off('update', this.onDocUpdate);
		this.awareness.off('update', this.onAwarenessUpdate);
		this.awareness.destroy();
		if (typeof window !== 'undefined') {
			window.removeEventListener('online', this.onNetworkChange);
			window.removeEventListener('offline', this.onNetworkChange);
		}
		this.socket.disconnect();
		this.listeners.clear();
		this.workshopListeners.clear();
		this.presenterListeners.clear();
	}

	private notify(): void {
		for (const listener of this.listeners) listener();
	}

	/** Sends a frame that may carry local updates; the ack marks them stored. */
	private sendWrite(frame: Uint8Array): void {
		const seq = this.localSeq;
		this.socket.emit('yjs', frame, (ack) => {
			if (ack.ok) this.storedSeq = Math.max(this.storedSeq, seq);
			else this.lastRejection = ack.reason;
			this.notify();
		});
	}

	private onConnect = () => {
		this.retries = 0;
		if (this.ended === RefusalReason.Moved) this.ended = null;
		this.status = 'online';
		this.refusal = null;
		this.socket.emit('yjs', syncStep1Frame(this.doc));
		const presence = this.awareness.getLocalState();
		if (presence !== null) {
			// Others removed us while we were away, bumping our clock on their side: setting the state
			// again bumps ours past it, or they would ignore us until the next renewal (~30 s).
			this.awareness.setLocalState(presence);
			this.socket.emit('yjs', awarenessFrame(this.awareness, [this.doc.clientID]));
		}
		this.notify();
	};

	/**
	 * The server says why it is about to disconnect. Moved: the usual retry reconnects and hello
	 * names the new own board. Access ended or workshop deleted: final, nothing to retry.
	 */
	private onRefused = (reason: RefusalReason) => {
		if (reason !== RefusalReason.Moved && reason !== RefusalReason.AccessEnded && reason !== RefusalReason.WorkshopDeleted) return;
		this.ended = reason;
		this.notify();
	};

	private isFinallyEnded(): boolean {
		return this.ended === RefusalReason.AccessEnded || this.ended === RefusalReason.WorkshopDeleted;
	}

	private onDisconnect = (reason: string) => {
		this.synced = false;
		if (this.isFinallyEnded()) {
			this.status = 'refused';
			this.refusal = RefusalReason.Forbidden;
			this.notify();
			return;
		}
		// socket.io retries by itself except when the server closed the connection (shutdown, store
		// trouble, a moved participant): then this client retries, so it finds the restarted or
		// another instance.
		if (reason === 'io server disconnect') this.retryLater();
		this.status = this.isBrowserOffline() ? 'offline' : 'reconnecting';
		// Others' presence is unknown until we are back; drop it rather than show stale cursors.
		const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
		awarenessProtocol.removeAwarenessStates(this.awareness, others, this);
		this.notify();
	};

	private onConnectError = (error: Error) => {
		if (error.message === RefusalReason.Unauthorized || error.message === RefusalReason.Forbidden) {
			// The server refused the token: retrying cannot help, so socket.io stops here too.
			this.status = 'refused';
			this.refusal = error.message;
		} else {
			this.status = this.isBrowserOffline() ? 'offline' : 'reconnecting';
			// A handshake the server could not complete (e.g. its store is down) is not retried by
			// socket.io itself (socket.active is false then).
			if (!this.socket.active) this.retryLater();
		}
		this.notify();
	};

	private retryLater(): void {
		if (this.retryTimer !== null || this.destroyed) return;
		const delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** this.retries++) * (0.75 + Math.random() / 2);
		this.retryTimer = setTimeout(() => {
			this.retryTimer = null;
			if (!this.destroyed && !this.socket.connected) this.socket.connect();
		}, delay);
	}

	private onNetworkChange = () => {
		if (this.status === 'refused' || this.socket.connected) return;
		this.status = this.isBrowserOffline() ? 'offline' : 'reconnecting';
		this.notify();
	};

	private isBrowserOffline(): boolean {
		return typeof navigator !== 'undefined' && navigator.onLine === false;
	}

	private receive(frame: Uint8Array): void {
		const decoder = decoding.createDecoder(frame);
		const type = decoding.readVarUint(decoder);
		if (type === MessageType.Sync) {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MessageType.Sync);
			const syncType = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
			// A reply to the server's step 1 is our step 2: everything the server lacks, to be stored.
			if (encoding.length(encoder) > 1) this.sendWrite(encoding.toUint8Array(encoder));
			if (syncType === syncProtocol.messageYjsSyncStep2 && !this.synced) {
				this.synced = true;
				this.notify();
			}
		} else if (type === MessageType.Awareness) {
			awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
		}
	}

	private onDocUpdate = (update: Uint8Array, origin: unknown) => {
		if (origin === this) return;
		this.localSeq++;
		// While disconnected the update waits in the doc (and IndexedDB); the handshake resends it.
		if (this.socket.connected) this.sendWrite(updateFrame(update));
		this.notify();
	};

	/**
	 * Presence changes at pointer rate; it is sent at most every PRESENCE_INTERVAL_MS, always with
	 * the latest state, and reliably: a dropped last frame ("drag ended") would leave a ghost on
	 * everyone else's screen.
	 */
	private onAwarenessUpdate = (_changes: unknown, origin: unknown) => {
		if (origin !== 'local' || this.presenceTimer !== null) return;
		const wait = Math.max(0, this.presenceSentAt + PRESENCE_INTERVAL_MS - Date.now());
		this.presenceTimer = setTimeout(this.sendPresence, wait);
	};

	private sendPresence = () => {
		this.presenceTimer = null;
		if (!this.socket.connected) return; // sent on connect instead
		this.presenceSentAt = Date.now();
		this.socket.emit('yjs', awarenessFrame(this.awareness, [this.doc.clientID]));
	};
}
