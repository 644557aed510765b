/**
 * One open board in the browser, exposed to components as reactive getters over a BoardReplica
 * (doc, connection, offline storage). Components read these and call the methods; they never
 * touch Yjs or the socket themselves.
 */
import { createSubscriber, SvelteSet } from 'svelte/reactivity';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import type { ListSnapshotsResponse, RestoreSnapshotResponse, SnapshotSummary } from '../api/snapshots.js';
import * as model from '../board/model.js';
import type { NoteColor, RelationKind } from '../board/schema.js';
import { canWriteBoard } from './access.js';
import { BoardReplica, type ReplicaChange } from './BoardReplica.js';
import { ChangesSince } from './ChangesSince.svelte.js';
import { EntityIndex } from './EntityIndex.svelte.js';
import { colorFor, MAX_SHARED_IDS, participantIdOfToken, toPeer, type Cursor, type DragPosition, type Peer, type PresenceUser } from './presence.js';
import type { PresenterFrame } from '../api/workshop.js';
import type { HelloInfo, Role } from './protocol.js';
import type { ConnectionStatus, EndReason, Refusal } from './SocketProvider.js';
import { WorkshopLive } from './workshopLive.svelte.js';

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

/** Collections whose local changes undo/redo steps through; text typing keeps the field's own undo. */
const UNDOABLE = ['stakeholders', 'relations', 'actions', 'notes', 'votes'] as const;

export class BoardSession {
	readonly boardId: string;
	readonly self: PresenceUser;
	/** Live stakeholders and relations, one reactive object per entity (see EntityIndex). */
	readonly stakeholders = new EntityIndex('stakeholders', model.readStakeholder);
	readonly relations = new EntityIndex('relations', model.readRelation);
	readonly actions = new EntityIndex('actions', model.readAction);
	/** What this person has selected (stakeholder, relation and action ids); kept across views. */
	readonly selection = new SvelteSet<string>();
	/** The live workshop (timer, presenting, gallery, vote) over this board's connection. */
	readonly live: WorkshopLive;
	/** Marks this person's writes, so undo only ever undoes their own changes. */
	private readonly origin = { session: 'local' };
	private undoManager!: Y.UndoManager;
	private readonly undoSubscriber: () => void;
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
		// The participant id labels presence so the console can tell who is online (not trusted for access).
		const id = options.role === 'participant' ? participantIdOfToken(options.token) : null;
		this.self = { name: options.name, role: options.role, color: colorFor(`${options.role}:${options.name}`), id };
		this.replica.setPresence({ user: this.self, cursor: null, drag: [], editing: null, selection: [] });
		const subscriber = (change: ReplicaChange) =>
			createSubscriber((update) => this.replica.subscribe(change, update));
		this.subscribers = { doc: subscriber('doc'), connection: subscriber('connection'), presence: subscriber('presence') };
		this.followDoc();
		this.live = new WorkshopLive(this.replica.provider);
		// A replica that started over has a new doc: indexes and undo history follow it.
		this.replica.subscribe('doc', () => {
			this.followDoc();
			this.live.attach(this.replica.provider);
			// Someone else may have deleted what is selected here: no ghost selection, no ghost inspector.
			if (this.selection.size > 0) this.dropVanishedFromSelection();
		});
		this.undoSubscriber = createSubscriber((update) => {
			const events = ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const;
			let manager = this.undoManager;
			for (const event of events) manager.on(event, update);
			const unsubscribe = this.replica.subscribe('doc', () => {
				if (manager === this.undoManager) return;
				for (const event of events) manager.off(event, update);
				manager = this.undoManager;
				for (const event of events) manager.on(event, update);
				update();
			});
			return () => {
				unsubscribe();
				for (const event of events) manager.off(event, update);
			};
		});
	}

	private followDoc(): void {
		const doc = this.replica.doc;
		if (this.undoManager?.doc === doc) return;
		this.undoManager?.destroy();
		this.undoManager = new Y.UndoManager(
			UNDOABLE.map((name) => doc.getMap(name)),
			{ trackedOrigins: new Set([this.origin]), captureTimeout: 0 }
		);
		this.stakeholders.attach(doc);
		this.relations.attach(doc);
		this.actions.attach(doc);
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

	/** Who the server says we are on this connection (own board may differ from the saved session after a move). */
	get hello(): HelloInfo | null {
		this.subscribers.connection();
		return this.replica.provider.hello;
	}

	/** Set when the server ended the connection because the workshop changed (moved, access ended, deleted). */
	get ended(): EndReason | null {
		this.subscribers.connection();
		return this.replica.provider.ended;
	}

	/** Facilitators while presenting: viewport and laser pointer to the followers (volatile). */
	sendPresenter(frame: PresenterFrame): void {
		this.replica.provider.sendPresenter(frame);
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

	// ── undo ──────────────────────────────────────────────────────────────────
	// Every write below passes this.origin; each call is one undo step (captureTimeout 0).

	get canUndo(): boolean {
		this.undoSubscriber();
		return this.undoManager.canUndo();
	}

	get canRedo(): boolean {
		this.undoSubscriber();
		return this.undoManager.canRedo();
	}

	undo(): void {
		this.undoManager.undo();
		this.dropVanishedFromSelection();
	}

	redo(): void {
		this.undoManager.redo();
		this.dropVanishedFromSelection();
	}

	// ── notes ─────────────────────────────────────────────────────────────────

	addNote(x: number, y: number, color: NoteColor = 'yellow'): string {
		return model.addNote(this.replica.doc, { x, y, color, author: this.self.name }, this.origin);
	}

	moveNote(id: string, x: number, y: number): void {
		model.moveNote(this.replica.doc, id, x, y, this.origin);
	}

	setNoteColor(id: string, color: NoteColor): void {
		model.setNoteColor(this.replica.doc, id, color, this.origin);
	}

	deleteNote(id: string): void {
		model.deleteNote(this.replica.doc, id, this.origin);
	}

	// ── stakeholders and relations ────────────────────────────────────────────

	addStakeholder(fields: model.StakeholderFields): string {
		return model.addStakeholder(this.replica.doc, fields, this.origin);
	}

	updateStakeholder(id: string, patch: model.StakeholderPatch): void {
		model.updateStakeholder(this.replica.doc, id, patch, this.origin);
	}

	moveStakeholders(positions: DragPosition[]): void {
		model.moveStakeholders(this.replica.doc, positions, this.origin);
	}

	/** Deletes stakeholders, relations and actions by id (a selection may hold all three), in one undo step. */
	deleteSelected(ids: Iterable<string> = this.selection): void {
		const doc = this.replica.doc;
		const list = [...ids];
		doc.transact(() => {
			model.deleteActions(doc, list.filter((id) => this.actions.get(id)), this.origin);
			model.deleteRelations(doc, list.filter((id) => this.relations.get(id)), this.origin);
			model.deleteStakeholders(doc, list.filter((id) => this.stakeholders.get(id)), this.origin);
		}, this.origin);
		this.dropVanishedFromSelection();
	}

	duplicateStakeholders(ids: Iterable<string>): string[] {
		return model.duplicateStakeholders(this.replica.doc, ids, this.origin);
	}

	arrangeByHelix(): void {
		model.arrangeByHelix(this.replica.doc, this.origin);
	}

	addRelation(fields: { from: string; to: string; kind: RelationKind; label?: string }): string {
		return model.addRelation(this.replica.doc, fields, this.origin);
	}

	updateRelation(id: string, patch: model.RelationPatch): void {
		model.updateRelation(this.replica.doc, id, patch, this.origin);
	}

	/** Clipboard text for the given stakeholders (and relations among them); null when none. */
	copyText(ids: Iterable<string>): string | null {
		const clip = model.copyStakeholders(this.replica.doc, ids);
		return clip.stakeholders.length ? JSON.stringify(clip) : null;
	}

	/**
	 * Pastes clipboard text if it is a Helixboard clip, its top-left card at `at` (by default a
	 * little below and right of where it was copied from); returns the new ids (empty otherwise).
	 */
	paste(text: string, at?: { x: number; y: number }): string[] {
		const clip = model.parseClip(text);
		if (!clip || clip.stakeholders.length === 0) return [];
		return model.pasteClip(this.replica.doc, clip, at ?? model.clipCorner(clip, 32), this.origin);
	}

	// ── action plan ───────────────────────────────────────────────────────────

	/** Every action in plan order; re-runs readers when an action is added, deleted or reordered. */
	get actionsInOrder(): model.ActionView[] {
		return model.sortByOrder(this.actions.all);
	}

	addAction(fields: model.NewAction): string {
		return model.addAction(this.replica.doc, fields, this.origin);
	}

	updateAction(id: string, patch: model.ActionPatch): void {
		model.updateAction(this.replica.doc, id, patch, this.origin);
	}

	/**
	 * Puts an action at `toIndex` of `ordered` without it (the plan order, or one kanban column);
	 * `patch` goes in the same undo step (a kanban drop also changes the status).
	 */
	moveAction(id: string, ordered: readonly model.OrderedItem[], toIndex: number, patch: model.ActionPatch = {}): void {
		model.moveAction(this.replica.doc, id, ordered, toIndex, patch, this.origin);
	}

	addProgressUpdate(id: string, update: Omit<model.ProgressUpdate, 'id' | 'at' | 'author'>): void {
		model.addProgressUpdate(this.replica.doc, id, { ...update, author: this.self.name }, this.origin);
	}

	/**
	 * Compares the board now with the board at `since` (ms), from the server's nearest checkpoint
	 * at or before that moment. The caller destroys the result when done with it.
	 */
	async changesSince(since: number): Promise<ChangesSince> {
		const { doc, headers } = await this.fetchBoardState(`history/${Math.floor(since)}`);
		return this.compareWith(doc, since, Number(headers.get('x-checkpoint-at') ?? 0));
	}

	/**
	 * Compares the board now with one of its named snapshots (what was added, changed and removed
	 * since it was taken). The caller destroys the result when done with it.
	 */
	async compareWithSnapshot(snapshotId: string): Promise<ChangesSince> {
		const { doc, headers } = await this.fetchBoardState(`snapshots/${encodeURIComponent(snapshotId)}`);
		const takenAt = Number(headers.get('x-snapshot-created-at') ?? 0);
		return this.compareWith(doc, takenAt, takenAt);
	}

	/** A named snapshot as a doc of its own, to read (never synced); the caller destroys it. */
	async snapshotDoc(snapshotId: string): Promise<Y.Doc> {
		return (await this.fetchBoardState(`snapshots/${encodeURIComponent(snapshotId)}`)).doc;
	}

	/** The board's named snapshots, newest first. */
	async listSnapshots(): Promise<SnapshotSummary[]> {
		return ((await this.api('GET', 'snapshots')) as ListSnapshotsResponse).snapshots;
	}

	/** Takes a named snapshot of the board as the server has it now (those who may edit the board). */
	async takeSnapshot(name: string): Promise<SnapshotSummary> {
		return (await this.api('POST', 'snapshots', { name, author: this.self.name })) as SnapshotSummary;
	}

	/**
	 * Facilitators: makes the board's content what the snapshot holds, as one new change everyone
	 * receives (never rewriting history; restoring another snapshot undoes it).
	 */
	async restoreSnapshot(snapshotId: string): Promise<RestoreSnapshotResponse> {
		return (await this.api('POST', `snapshots/${encodeURIComponent(snapshotId)}/restore`)) as RestoreSnapshotResponse;
	}

	/** GETs a whole board state (a Yjs update) from the board's API into a new doc. */
	private async fetchBoardState(path: string): Promise<{ doc: Y.Doc; headers: Headers }> {
		const response = await fetch(`${this.url}/api/boards/${encodeURIComponent(this.boardId)}/${path}`, {
			headers: { authorization: `Bearer ${this.token}` }
		});
		if (!response.ok) throw await apiError(response);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, new Uint8Array(await response.arrayBuffer()));
		return { doc, headers: response.headers };
	}

	private compareWith(base: Y.Doc, since: number, baseAt: number): ChangesSince {
		return new ChangesSince(since, baseAt, base, () => this.replica.doc, (listener) => this.replica.subscribe('doc', listener));
	}

	/** A JSON call to the board's API; throws an Error with the server's message when refused. */
	private async api(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
		const response = await fetch(`${this.url}/api/boards/${encodeURIComponent(this.boardId)}/${path}`, {
			method,
			headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		if (!response.ok) throw await apiError(response);
		return response.json();
	}

	// ── selection and presence ────────────────────────────────────────────────

	select(ids: Iterable<string>, { add = false } = {}): void {
		if (!add) this.selection.clear();
		for (const id of ids) this.selection.add(id);
		this.shareSelection();
	}

	toggleSelected(id: string): void {
		if (this.selection.has(id)) this.selection.delete(id);
		else this.selection.add(id);
		this.shareSelection();
	}

	clearSelection(): void {
		if (this.selection.size === 0) return;
		this.selection.clear();
		this.shareSelection();
	}

	private dropVanishedFromSelection(): void {
		let changed = false;
		for (const id of this.selection) {
			if (!this.stakeholders.get(id) && !this.relations.get(id) && !this.actions.get(id)) {
				this.selection.delete(id);
				changed = true;
			}
		}
		if (changed) this.shareSelection();
	}

	private shareSelection(): void {
		this.replica.setPresence({ selection: [...this.selection].slice(0, MAX_SHARED_IDS) });
	}

	setCursor(cursor: Cursor | null): void {
		this.replica.setPresence({ cursor });
	}

	/** Cards or notes in an unfinished drag, shown to the others; [] when the drag ends. */
	setDrag(drag: DragPosition[]): void {
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
		await this.api('POST', 'lock', { locked });
	}

	destroy(): void {
		this.live.destroy();
		this.undoManager.destroy();
		this.stakeholders.destroy();
		this.relations.destroy();
		this.actions.destroy();
		this.replica.destroy();
	}
}

/** The server's `{ error }` message of a refused call as an Error (the status when there is none). */
async function apiError(response: Response): Promise<Error> {
	const body = (await response.json().catch(() => null)) as { error?: string } | null;
	return new Error(body?.error ?? `HTTP ${response.status}`);
}
