/**
 * What other people are doing with each card or relation (dragging it, typing in it, holding it
 * selected), from presence, as one reactive box per id: presence changes many times a second (every
 * cursor move), but a card re-renders only when its own marks change.
 */
import type { Peer } from '$lib/sync/presence.js';
import { KeyedState } from './keyed.svelte.js';

export interface Actor {
	name: string;
	color: string;
}

export interface RemoteMarks {
	/** Someone is dragging it: shown at their position until they drop it. */
	drag: (Actor & { x: number; y: number }) | null;
	selectedBy: Actor[];
	editors: Actor[];
}

export class PeerMarks {
	readonly #marks = new KeyedState<RemoteMarks>();
	readonly #json = new Map<string, string>();
	/** Ids someone is dragging: rendered even when culled, their relations on the moving layer. */
	dragging = $state.raw<ReadonlySet<string>>(new Set());

	/** Tracked per id. */
	get(id: string): RemoteMarks | undefined {
		return this.#marks.get(id);
	}

	/** Call with every new list of peers (not inside a reaction that reads the marks). */
	update(peers: Peer[]): void {
		const next = new Map<string, RemoteMarks>();
		const at = (id: string) => {
			let mark = next.get(id);
			if (!mark) next.set(id, (mark = { drag: null, selectedBy: [], editors: [] }));
			return mark;
		};
		const dragging = new Set<string>();
		for (const peer of peers) {
			const actor = { name: peer.user.name, color: peer.user.color };
			for (const d of peer.drag) {
				at(d.id).drag = { ...actor, x: d.x, y: d.y };
				dragging.add(d.id);
			}
			for (const id of peer.selection) at(id).selectedBy.push(actor);
			if (peer.editing) at(peer.editing).editors.push(actor);
		}
		for (const id of [...this.#json.keys()]) {
			if (next.has(id)) continue;
			this.#json.delete(id);
			this.#marks.set(id, undefined);
		}
		// Compared by value: an unchanged mark is not written, so its card does not re-render.
		for (const [id, mark] of next) {
			const json = JSON.stringify(mark);
			if (this.#json.get(id) === json) continue;
			this.#json.set(id, json);
			this.#marks.set(id, mark);
		}
		if (dragging.size !== this.dragging.size || [...dragging].some((id) => !this.dragging.has(id))) this.dragging = dragging;
	}
}
