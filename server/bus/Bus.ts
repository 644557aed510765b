/**
 * Room-to-room messages between server instances: a board's updates, presence and lock changes
 * reach the clients connected to other instances. In-process (LocalBus) when embedded; Redis
 * pub/sub when several instances share the load.
 */
export interface Bus {
	/** Delivers to the subscribers of `channel` on every instance, including this one. */
	publish(channel: string, message: Uint8Array): Promise<void>;
	/** Resolves once the subscription is active; the returned function ends it. */
	subscribe(channel: string, handler: (message: Uint8Array) => void): Promise<() => Promise<void>>;
	/**
	 * Called after the bus was cut off and is back: messages sent meanwhile are lost, so listeners
	 * catch up from the store. Never called for an in-process bus.
	 */
	onReconnect(listener: () => void): () => void;
	close(): Promise<void>;
}

export const boardChannel = (boardId: string) => `board:${boardId}`;
