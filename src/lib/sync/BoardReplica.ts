/**
 * This client's copy of one board: a Y.Doc, its sync connection and (in the browser) its offline
 * storage. Framework-free, so integration tests drive the exact logic the app runs.
 *
 * When the server drops a write (read-only: another group's board, or a lock that arrived while
 * typing), the local doc holds changes the server will never have, and every later edit would
 * build on them. The replica then starts over from the server's state with a fresh doc, and
 * counts the refusal so the UI can say so.
 */
import * as Y from 'yjs';
import type { PresenceState } from './presence.js';
import { SocketProvider, type SocketProviderOptions } from './SocketProvider.js';

/** Offline storage of a doc; y-indexeddb in the browser, none in tests. */
export interface LocalPersistence {
	clearData(): Promise<void>;
	destroy(): Promise<void>;
}
export type PersistenceFactory = (name: string, doc: Y.Doc) => LocalPersistence;

export type ReplicaChange = 'doc' | 'connection' | 'presence';

export interface BoardReplicaOptions extends SocketProviderOptions {
	persistence?: PersistenceFactory;
}

export class BoardReplica {
	doc!: Y.Doc;
	provider!: SocketProvider;
	/** Writes the server refused as read-only since this replica was created. */
	refusedWrites = 0;
	private persistence: LocalPersistence | null = null;
	private readonly listeners = new Map<ReplicaChange, Set<() => void>>();
	private detach: () => void = () => {};
	private resetting = false;

	constructor(private readonly options: BoardReplicaOptions) {
		this.open();
	}

	get boardId(): string {
		return this.options.boardId;
	}

	subscribe(change: ReplicaChange, listener: () => void): () => void {
		let set = this.listeners.get(change);
		if (!set) this.listeners.set(change, (set = new Set()));
		set.add(listener);
		return () => set.delete(listener);
	}

	setPresence(change: Partial<PresenceState>): void {
		const current = (this.provider.awareness.getLocalState() ?? {}) as Partial<PresenceState>;
		this.provider.awareness.setLocalState({ ...current, ...change });
	}

	destroy(): void {
		this.close();
		this.listeners.clear();
	}

	private emit(change: ReplicaChange): void {
		for (const listener of this.listeners.get(change) ?? []) listener();
	}

	private open(presence: Partial<PresenceState> | null = null): void {
		const doc = new Y.Doc();
		this.persistence = this.options.persistence?.(`helixboard:${this.options.boardId}`, doc) ?? null;
		const provider = new SocketProvider(doc, this.options);
		this.doc = doc;
		this.provider = provider;
		if (presence) provider.awareness.setLocalState(presence);

		const onDoc = () => this.emit('doc');
		const onPresence = () => this.emit('presence');
		doc.on('update', onDoc);
		provider.awareness.on('change', onPresence);
		const unsubscribe = provider.subscribe(() => {
			if (provider.lastRejection === 'read-only') void this.startOver();
			this.emit('connection');
		});
		this.detach = () => {
			unsubscribe();
			doc.off('update', onDoc);
			provider.awareness.off('change', onPresence);
		};
	}

	private close(): void {
		this.detach();
		this.provider.destroy();
		void this.persistence?.destroy();
		this.doc.destroy();
	}

	private async startOver(): Promise<void> {
		if (this.resetting) return;
		this.resetting = true;
		this.refusedWrites++;
		const presence = this.provider.awareness.getLocalState() as Partial<PresenceState> | null;
		const persistence = this.persistence;
		this.close();
		// The stored copy holds the refused changes too; it must not bring them back on reload.
		await persistence?.clearData().catch(() => undefined);
		this.open(presence);
		this.resetting = false;
		this.emit('doc');
		this.emit('presence');
		this.emit('connection');
	}
}
