/**
 * The live side of workshops (issue 6): keeps each workshop's state (src/lib/api/workshop.ts) in the
 * store, spreads changes over the bus channel `workshop:<id>` to every instance, and there to every
 * connection of the workshop; relays the presenter's viewport; enforces access changes on
 * connections already open (gallery closed, participant moved, workshop deleted).
 *
 * Bus messages on `workshop:<id>` are JSON: {type:'state', state} | {type:'presenter', frame,
 * origin} | {type:'moved', participantId} | {type:'deleted'}. Each instance subscribes the channel
 * only while it has connections of that workshop; the state itself lives in the store, so an
 * instance that missed a message (bus cut off) still answers `state()` and new connections right.
 */
import { randomUUID } from 'node:crypto';
import type { PresenterFrame, WorkshopState } from '../../src/lib/api/workshop.js';
import type { GrantedAccess } from '../auth/access.js';
import { RefusalReason } from '../../src/lib/sync/protocol.js';
import type { Bus } from '../bus/Bus.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/Store.js';

/** A connection of a workshop as the hub sees it (socket.io or /yjs). */
export interface WorkshopConnection {
	readonly access: GrantedAccess;
	readonly boardId: string;
	/** socket.io only: the `workshop` event. /yjs connections leave it undefined. */
	sendState?(state: WorkshopState): void;
	/** socket.io only: the `presenter` event. */
	sendPresenter?(frame: PresenterFrame): void;
	/** Tells the client why (socket.io `refused`, /yjs close code) and disconnects. */
	end(reason: RefusalReason): void;
}

export interface WorkshopHub {
	/** The current state (from the store). */
	state(workshopId: string): Promise<WorkshopState>;
	/**
	 * Stores the patch, then delivers the new state to every connection of the workshop on every
	 * instance, and ends the connections the new state no longer allows (see mayRead). Resolves
	 * with the new state once stored and published.
	 */
	update(workshopId: string, patch: Partial<WorkshopState>): Promise<WorkshopState>;
	/** Relays a facilitator's frame to the workshop's other connections (not stored); `from` (its sender) gets none. */
	relayPresenter(workshopId: string, frame: PresenterFrame, from?: WorkshopConnection): void;
	/** Ends the connections of this participant (reason `moved`) on every instance. */
	participantMoved(workshopId: string, participantId: string): Promise<void>;
	/** Ends every connection of the workshop (reason `workshop-deleted`) on every instance. */
	workshopDeleted(workshopId: string): Promise<void>;
	/**
	 * Registers an open connection and returns the function that unregisters it; subscribes the bus
	 * channel while the workshop has connections here. Once changes reach the connection, checks
	 * again that the current state lets it read its board (the state may have changed since its
	 * access check): null, nothing registered, when it no longer does. Sends the connection that
	 * state (sendState), so nothing between the check and the first change is missed.
	 */
	attach(connection: WorkshopConnection): Promise<(() => void) | null>;
	close(): Promise<void>;
}

/**
 * Whether a connection with this access may read `boardId` given the workshop state: facilitators
 * always; a participant their own board, any board while the gallery walk is open, and the
 * presented board while it is presented to them (followers 'all', or 'group' when it is their own).
 * (Pure; used by authorizeBoard at connect time and by the hub on every state change.)
 */
export function mayRead(access: GrantedAccess, boardId: string, state: WorkshopState): boolean {
	if (access.role === 'facilitator') return true;
	if (boardId === access.ownBoardId) return true;
	if (state.gallery.open) return true;
	return state.present?.boardId === boardId && state.present.followers === 'all';
}

export const workshopChannel = (workshopId: string) => `workshop:${workshopId}`;

type HubMessage =
	| { type: 'state'; state: WorkshopState }
	| { type: 'presenter'; frame: PresenterFrame; origin: string | null }
	| { type: 'moved'; participantId: string }
	| { type: 'deleted' };

export interface WorkshopHubDeps {
	store: Store;
	bus: Bus;
	log: Logger;
	/** Called on every instance when a workshop is deleted, after its connections were ended (the rooms of its boards go). */
	onWorkshopDeleted?(workshopId: string): Promise<void>;
}

interface Attached {
	connections: Set<WorkshopConnection>;
	/** Resolves once the bus subscription is active, with the function that ends it. */
	subscription: Promise<() => Promise<void>>;
}

export function createWorkshopHub({ store, bus, log, onWorkshopDeleted }: WorkshopHubDeps): WorkshopHub {
	const attached = new Map<string, Attached>();
	/** Names this instance's connections in presenter messages, so a sender does not get its own frames back. */
	const instanceId = randomUUID();
	const origins = new WeakMap<WorkshopConnection, string>();
	let nextOrigin = 0;
	const originOf = (connection: WorkshopConnection) => {
		let origin = origins.get(connection);
		if (!origin) origins.set(connection, (origin = `${instanceId}:${nextOrigin++}`));
		return origin;
	};

	const encoder = new TextEncoder();
	const decoder = new TextDecoder();

	async function publish(workshopId: string, message: HubMessage): Promise<void> {
		await bus.publish(workshopChannel(workshopId), encoder.encode(JSON.stringify(message)));
	}

	function deliver(workshopId: string, bytes: Uint8Array): void {
		const entry = attached.get(workshopId);
		if (!entry) return;
		let message: HubMessage;
		try {
			message = JSON.parse(decoder.decode(bytes)) as HubMessage;
		} catch (error) {
			log.warn({ err: error, workshopId }, 'unreadable workshop bus message');
			return;
		}
		// A copy: ending a connection detaches it from the set while we iterate.
		const connections = [...entry.connections];
		switch (message.type) {
			case 'state':
				for (const connection of connections) {
					if (mayRead(connection.access, connection.boardId, message.state)) connection.sendState?.(message.state);
					else connection.end(RefusalReason.AccessEnded);
				}
				break;
			case 'presenter':
				for (const connection of connections) {
					if (message.origin !== null && origins.get(connection) === message.origin) continue;
					connection.sendPresenter?.(message.frame);
				}
				break;
			case 'moved':
				for (const connection of connections) if (connection.access.participantId === message.participantId) connection.end(RefusalReason.Moved);
				break;
			case 'deleted':
				for (const connection of connections) connection.end(RefusalReason.WorkshopDeleted);
				void onWorkshopDeleted?.(workshopId).catch((error) => log.error({ err: error, workshopId }, 'dropping the rooms of a deleted workshop failed'));
				break;
		}
	}

	return {
		state: (workshopId) => store.getWorkshopState(workshopId),

		async update(workshopId, patch) {
			const state = await store.patchWorkshopState(workshopId, patch);
			await publish(workshopId, { type: 'state', state });
			return state;
		},

		relayPresenter(workshopId, frame, from) {
			publish(workshopId, { type: 'presenter', frame, origin: from ? originOf(from) : null }).catch((error) =>
				log.warn({ err: error, workshopId }, 'relaying a presenter frame failed')
			);
		},

		async participantMoved(workshopId, participantId) {
			await publish(workshopId, { type: 'moved', participantId });
		},

		async workshopDeleted(workshopId) {
			await publish(workshopId, { type: 'deleted' });
			// An instance with no connection of the workshop is not subscribed, yet may hold its rooms.
			if (!attached.has(workshopId)) await onWorkshopDeleted?.(workshopId);
		},

		async attach(connection) {
			const workshopId = connection.access.workshopId;
			let entry = attached.get(workshopId);
			if (!entry) {
				const subscription = bus.subscribe(workshopChannel(workshopId), (bytes) => deliver(workshopId, bytes));
				entry = { connections: new Set(), subscription };
				attached.set(workshopId, entry);
				subscription.catch(() => {
					if (attached.get(workshopId) === entry) attached.delete(workshopId);
				});
			}
			entry.connections.add(connection);
			const current = entry;
			try {
				await current.subscription;
			} catch (error) {
				current.connections.delete(connection);
				throw error;
			}
			let detached = false;
			const detach = () => {
				if (detached) return;
				detached = true;
				current.connections.delete(connection);
				if (current.connections.size > 0 || attached.get(workshopId) !== current) return;
				attached.delete(workshopId);
				void current.subscription.then((unsubscribe) => unsubscribe()).catch(() => undefined);
			};
			// Facilitators read every board: a connection that takes no state (/yjs) needs no read.
			if (connection.access.role === 'facilitator' && !connection.sendState) return detach;
			let state: WorkshopState;
			try {
				state = await store.getWorkshopState(workshopId);
			} catch (error) {
				detach();
				throw error;
			}
			if (!mayRead(connection.access, connection.boardId, state)) {
				detach();
				return null;
			}
			connection.sendState?.(state);
			return detach;
		},

		async close() {
			const entries = [...attached.values()];
			attached.clear();
			await Promise.allSettled(entries.map((entry) => entry.subscription.then((unsubscribe) => unsubscribe())));
		}
	};
}
