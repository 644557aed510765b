/**
 * The console's live view of every group board: one read-only replica per board (a facilitator
 * token may read them all), each reduced to an overview (counts, a small map) and the people whose
 * presence is on it. The console never writes these docs and publishes no presence of its own, so
 * it stays invisible to the groups.
 */
import { SvelteMap } from 'svelte/reactivity';
import { boardOverview, type BoardOverview } from '$lib/board/overview.js';
import { BoardReplica } from '$lib/sync/BoardReplica.js';
import { toPeer, type Peer } from '$lib/sync/presence.js';
import type { ConnectionStatus } from '$lib/sync/SocketProvider.js';

/** Dragging a card sends many updates a second; the thumbnails need a few. */
const REDRAW_MS = 250;

export class LiveBoard {
	overview = $state.raw<BoardOverview | null>(null);
	peers = $state.raw<Peer[]>([]);
	status = $state<ConnectionStatus>('connecting');
	readonly replica: BoardReplica;
	private redrawTimer: ReturnType<typeof setTimeout> | null = null;
	private readonly unsubscribe: () => void;

	constructor(
		readonly boardId: string,
		token: string
	) {
		this.replica = new BoardReplica({ boardId, token });
		const offDoc = this.replica.subscribe('doc', () => this.scheduleRedraw());
		const offPresence = this.replica.subscribe('presence', () => this.readPeers());
		const offConnection = this.replica.subscribe('connection', () => {
			this.status = this.replica.provider.status;
			if (this.replica.provider.synced) this.scheduleRedraw();
		});
		this.unsubscribe = () => {
			offDoc();
			offPresence();
			offConnection();
		};
	}

	/** Null until the board's state has arrived (an empty overview would flash "0 stakeholders"). */
	private redraw(): void {
		this.redrawTimer = null;
		this.overview = this.replica.provider.synced || this.overview ? boardOverview(this.replica.doc) : null;
	}

	private scheduleRedraw(): void {
		this.redrawTimer ??= setTimeout(() => this.redraw(), this.overview ? REDRAW_MS : 0);
	}

	private readPeers(): void {
		const own = this.replica.doc.clientID;
		const peers: Peer[] = [];
		for (const [clientId, state] of this.replica.provider.awareness.getStates()) {
			const peer = clientId === own ? null : toPeer(clientId, state);
			if (peer) peers.push(peer);
		}
		this.peers = peers;
	}

	destroy(): void {
		if (this.redrawTimer) clearTimeout(this.redrawTimer);
		this.unsubscribe();
		this.replica.destroy();
	}
}

export class LiveBoards {
	readonly boards = new SvelteMap<string, LiveBoard>();

	constructor(private readonly token: string) {}

	/** Opens replicas for new boards and closes those of boards that are gone or removed. */
	follow(boardIds: readonly string[]): void {
		const wanted = new Set(boardIds);
		for (const [boardId, board] of this.boards) {
			if (wanted.has(boardId)) continue;
			board.destroy();
			this.boards.delete(boardId);
		}
		for (const boardId of wanted) if (!this.boards.has(boardId)) this.boards.set(boardId, new LiveBoard(boardId, this.token));
	}

	/**
	 * Who is online where: participant id (or, for clients that send none, name) → the boards their
	 * presence is on. A participant may be on several (their own and, during a gallery walk, others).
	 */
	whereOnline(): { byId: Map<string, Set<string>>; byName: Map<string, Set<string>> } {
		const byId = new Map<string, Set<string>>();
		const byName = new Map<string, Set<string>>();
		for (const [boardId, board] of this.boards) {
			for (const peer of board.peers) {
				if (peer.user.role !== 'participant') continue;
				const [map, key] = peer.user.id ? [byId, peer.user.id] : [byName, peer.user.name];
				let boards = map.get(key);
				if (!boards) map.set(key, (boards = new Set()));
				boards.add(boardId);
			}
		}
		return { byId, byName };
	}

	destroy(): void {
		for (const board of this.boards.values()) board.destroy();
		this.boards.clear();
	}
}
