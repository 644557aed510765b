/**
 * One open board in the browser, exposed to components as reactive getters over a BoardReplica
 * (doc, connection, offline storage). Components read these and call the methods; they never
 * touch Yjs or the socket themselves.
 */
import { createSubscriber } from 'svelte/reactivity';
import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import * as model from '../board/model.js';
import type { NoteColor } from '../board/schema.js';
import { canWriteBoard } from './access.js';
import { BoardReplica, type ReplicaChange } from './BoardReplica.js';
import { colorFor, toPeer, type Peer, type PresenceUser } from './presence.js';
import type { Role } from './protocol.js';
import type { ConnectionStatus, Refusal } from './SocketProvider.js';

export interface BoardSessionOptions {
	boardId: string;
	token: string;
	name: string;
	role: Role;
	/** The participant's own group board, from the saved session; decides editing while offline. */
	ownBoardId?: string | null;
	/** Server origin; the page's own origin when omitted. */
	url?: string;
}

export class BoardSession {
	readonly boardId: string;
	readonly self: PresenceUser;
	private readonly replica: BoardReplica;
	private readonly ownBoardId: string | null;
	private readonly subscribers: Record<ReplicaChange, () => void>;
	private readonly token: string;
	private readonly url: string;

	constructor(options: BoardSessionOptions) {
		this.boardId = options.boardId;
		this.ownBoardId = options.ownBoardId ?? null;
		this.token = options.token;
		this.url = options.url ?? '';
		this.replica = new BoardReplica({
			boardId: options.boardId,
			token: options.token,
			url: options.url,
			// Edits made offline survive a closed tab here and merge when the connection returns.
			persistence: (name, doc) => new IndexeddbPersistence(name, doc)
		});
		this.self = { name: options.name, role: options.role, color: colorFor(`${options.role}:${options.name}`) };
		this.replica.setPresence({ user: this.self, cursor: null, drag: null, editing: null });
		const subscriber = (change: ReplicaChange) =>
			createSubscriber((update) => this.replica.subscribe(change, update));
		this.subscribers = { doc: subscriber('doc'), connection: subscriber('connection'), presence: subscriber('presence') };
	}

	/** The current doc; replaced when the server refused writes and the replica started over. */
	get doc(): Y.Doc {
		this.subscribers.doc();
		return this.replica.doc;
	}

	get status(): ConnectionStatus {
		this.subscribers.connection();
		return this.replica.provider.status;
	}

	get refusal(): Refusal | null {
		this.subscribers.connection();
		return this.replica.provider.refusal;
	}

	get synced(): boolean {
		this.subscribers.connection();
		return this.replica.provider.synced;
	}

	get unsyncedChanges(): number {
		this.subscribers.connection();
		return this.replica.provider.unsyncedChanges;
	}

	/** Writes the server refused (board read-only or locked); they were discarded here too. */
	get refusedWrites(): number {
		this.subscribers.connection();
		return this.replica.refusedWrites;
	}

	get title(): string {
		return model.boardTitle(this.doc);
	}

	get locked(): boolean {
		return model.isLocked(this.doc);
	}

	/** Mirrors the server's rule; the server enforces it and drops writes this would forbid. */
	get canEdit(): boolean {
		this.subscribers.connection();
		// Until the server says who we are (offline start), the saved session decides.
		const access = this.replica.provider.hello ?? { role: this.self.role, ownBoardId: this.ownBoardId };
		return canWriteBoard(access, this.boardId, this.locked);
	}

	get notes(): model.NoteView[] {
		return model.readNotes(this.doc);
	}

	get peers(): Peer[] {
		this.subscribers.presence();
		const own = this.replica.doc.clientID;
		const peers: Peer[] = [];
		for (const [clientId, state] of this.replica.provider.awareness.getStates()) {
			if (clientId === own) continue;
			const peer = toPeer(clientId, state);
			if (peer) peers.push(peer);
		}
		return peers;
	}

	addNote(x: number, y: number, color: NoteColor = 'yellow'): string {
		return model.addNote(this.replica.doc, { x, y, color, author: this.self.name });
	}

	moveNote(id: string, x: number, y: number): void {
		model.moveNote(this.replica.doc, id, x, y);
	}

	setNoteColor(id: string, color: NoteColor): void {
		model.setNoteColor(this.replica.doc, id, color);
	}

	deleteNote(id: string): void {
		model.deleteNote(this.replica.doc, id);
	}

	setCursor(cursor: { x: number; y: number } | null): void {
		this.replica.setPresence({ cursor });
	}

	setDrag(drag: { id: string; x: number; y: number } | null): void {
		this.replica.setPresence({ drag });
	}

	setEditing(editing: string | null): void {
		this.replica.setPresence({ editing });
	}

	/**
	 * Facilitators lock or unlock the board for participants. The server checks the role and writes
	 * meta.locked, which reaches every client (this one included) through sync.
	 */
	async setLocked(locked: boolean): Promise<void> {
		const response = await fetch(`${this.url}/api/boards/${encodeURIComponent(this.boardId)}/lock`, {
			method: 'POST',
			headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ locked })
		});
		if (!response.ok) {
			const body = (await response.json().catch(() => null)) as { error?: string } | null;
			throw new Error(body?.error ?? `HTTP ${response.status}`);
		}
	}

	destroy(): void {
		this.replica.destroy();
	}
}
