/**
 * Loads a board's room on first use and unloads it a grace period after its last connection
 * left, so a page reload does not pay for a reload of the board.
 */
import { randomUUID } from 'node:crypto';
import type { Bus } from '../bus/Bus.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/Store.js';
import { Room } from './Room.js';

export interface RoomManagerOptions {
	store: Store;
	bus: Bus;
	log: Logger;
	graceMs: number;
	compactAfterUpdates: number;
	maxBoardBytes: number;
	/** Least time between two history checkpoints of a board. */
	checkpointIntervalMs: number;
}

export class RoomManager {
	readonly instanceId = randomUUID();
	private readonly rooms = new Map<string, Promise<Room | null>>();
	private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
	private closed = false;

	constructor(private readonly options: RoomManagerOptions) {}

	/**
	 * The loaded room of a board (loading it if needed), its doc holding the stored board, or null
	 * for an unknown board. A caller that does not join a connection must call release() when done.
	 */
	async acquire(boardId: string): Promise<Room | null> {
		const room = await this.open(boardId);
		await room?.ready();
		return room;
	}

	/**
	 * The room for a connection about to join: it may still be decoding the stored board (Room.open
	 * answers a new client from the stored bytes meanwhile; frames that need the doc wait for it).
	 */
	acquireToJoin(boardId: string): Promise<Room | null> {
		return this.open(boardId);
	}

	private async open(boardId: string): Promise<Room | null> {
		if (this.closed) throw new Error('server is shutting down');
		this.cancelUnload(boardId);
		let loading = this.rooms.get(boardId);
		if (!loading) {
			loading = this.load(boardId);
			this.rooms.set(boardId, loading);
			loading.catch(() => this.rooms.delete(boardId));
		}
		const room = await loading;
		if (room) this.release(room); // unloads later unless a connection joins meanwhile
		return room;
	}

	/** Call when a connection left (or an acquire ended): schedules the unload of an empty room. */
	release(room: Room): void {
		if (room.size > 0 || this.closed) return;
		this.cancelUnload(room.board.id);
		const timer = setTimeout(() => void this.unloadIfIdle(room), this.options.graceMs);
		timer.unref();
		this.unloadTimers.set(room.board.id, timer);
	}

	/** The rooms loaded now (for shutdown and metrics). */
	async loadedRooms(): Promise<Room[]> {
		const rooms = await Promise.allSettled(this.rooms.values());
		return rooms.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));
	}

	/**
	 * Frees the loaded rooms of a workshop's boards without storing anything (Room.discard): for a
	 * workshop about to be deleted, so no compaction or checkpoint writes a board back.
	 */
	async discardWorkshop(workshopId: string): Promise<void> {
		const rooms = (await this.loadedRooms()).filter((room) => room.board.workshopId === workshopId);
		for (const room of rooms) {
			this.cancelUnload(room.board.id);
			this.rooms.delete(room.board.id);
		}
		await Promise.all(rooms.map((room) => room.discard()));
	}

	/** Stops loading rooms, then compacts and frees every loaded one. */
	async close(): Promise<void> {
		this.closed = true;
		for (const timer of this.unloadTimers.values()) clearTimeout(timer);
		this.unloadTimers.clear();
		const rooms = await this.loadedRooms();
		this.rooms.clear();
		await Promise.all(rooms.map((room) => room.unload()));
	}

	private async load(boardId: string): Promise<Room | null> {
		const board = await this.options.store.getBoard(boardId);
		if (!board) {
			this.rooms.delete(boardId);
			return null;
		}
		const room = await Room.open(board, {
			store: this.options.store,
			bus: this.options.bus,
			log: this.options.log,
			instanceId: this.instanceId,
			compactAfterUpdates: this.options.compactAfterUpdates,
			maxBoardBytes: this.options.maxBoardBytes,
			checkpointIntervalMs: this.options.checkpointIntervalMs
		});
		// A board that cannot be decoded is not kept: the next acquire tries again.
		room.decoded.then(
			() => this.options.log.debug({ boardId }, 'board loaded'),
			async (error) => {
				this.options.log.error({ err: error, boardId }, 'loading a board failed');
				if ((await this.rooms.get(boardId)) === room) this.rooms.delete(boardId);
			}
		);
		return room;
	}

	private async unloadIfIdle(room: Room): Promise<void> {
		this.unloadTimers.delete(room.board.id);
		if (room.size > 0 || (await this.rooms.get(room.board.id)) !== room) return;
		this.rooms.delete(room.board.id);
		try {
			// A board deleted meanwhile (by another instance) must not be written back by compaction.
			if (await this.options.store.getBoard(room.board.id)) await room.unload();
			else await room.discard();
			this.options.log.debug({ boardId: room.board.id }, 'board unloaded');
		} catch (error) {
			this.options.log.error({ err: error, boardId: room.board.id }, 'unloading a board failed');
		}
	}

	private cancelUnload(boardId: string): void {
		const timer = this.unloadTimers.get(boardId);
		if (timer) clearTimeout(timer);
		this.unloadTimers.delete(boardId);
	}
}
