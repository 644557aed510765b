/**
 * Checks a Yjs update from a client before it may reach a room and its store.
 *
 * Y.applyUpdate trusts its input. Some malformed updates that Y.decodeUpdate accepts throw half-way
 * through applying, after part of them is integrated (Yjs has no rollback); stored, such an update
 * breaks every later load of the board. Found by tests/integration/fuzz.integration.test.ts:
 * - an item referring to its own client at the same or a later clock (as origin, right origin or
 *   parent): Yjs skips the dependency check for same-client references, assuming they point back,
 *   and dereferences a struct that does not exist — but only once the doc has structs of that
 *   client, so only this structural check catches it;
 * - delete-set ranges of length 0 and other broken structures, which throw when applied even to an
 *   empty doc: the trial below catches those.
 */
import * as Y from 'yjs';

export function isSafeUpdate(update: Uint8Array): boolean {
	let decoded: ReturnType<typeof Y.decodeUpdate>;
	try {
		decoded = Y.decodeUpdate(update);
	} catch {
		return false;
	}
	for (const struct of decoded.structs) {
		if (!(struct instanceof Y.Item)) continue;
		const parent = struct.parent instanceof Y.ID ? struct.parent : null;
		for (const ref of [struct.origin, struct.rightOrigin, parent]) {
			if (ref && ref.client === struct.id.client && ref.clock >= struct.id.clock) return false;
		}
	}
	for (const ranges of decoded.ds.clients.values()) {
		if (ranges.some((range) => !(range.len > 0))) return false;
	}
	const trial = new Y.Doc();
	try {
		Y.applyUpdate(trial, update);
		return true;
	} catch {
		return false;
	} finally {
		trial.destroy();
	}
}

/**
 * True when applying `update` to `doc` would leave something pending: an item whose origin, right
 * origin or parent, or a deletion, refers to a struct neither the doc nor the update has. Yjs
 * keeps such parts aside, invisible, until the missing struct arrives — and a board reloaded from
 * its stored log can then integrate them, so it would differ from what its clients saw. For
 * Room.write, inside its write queue (the doc must include every earlier queued write); this
 * subsumes checking each client's first clock.
 */
export function hasUnmetDependencies(doc: Y.Doc, update: Uint8Array): boolean {
	const { structs, ds } = Y.decodeUpdate(update);
	const { from, to } = Y.parseUpdateMeta(update);
	/** Clocks of `client` known after applying: the doc's, extended by the update when contiguous. */
	const knownUpTo = (client: number): number => {
		const state = Y.getState(doc.store, client);
		const start = from.get(client);
		return start !== undefined && start <= state ? Math.max(state, to.get(client)!) : state;
	};
	for (const [client, start] of from) if (start > Y.getState(doc.store, client)) return true;
	for (const struct of structs) {
		if (struct instanceof Y.Skip) return true; // a gap inside the update
		if (!(struct instanceof Y.Item)) continue;
		const parent = struct.parent instanceof Y.ID ? struct.parent : null;
		for (const ref of [struct.origin, struct.rightOrigin, parent]) {
			if (ref && ref.clock >= knownUpTo(ref.client)) return true;
		}
	}
	for (const [client, ranges] of ds.clients) {
		const known = knownUpTo(client);
		if (ranges.some((range) => range.clock + range.len > known)) return true;
	}
	return false;
}
