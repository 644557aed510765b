/**
 * A live, fine-grained view of one collection of the board (stakeholders, relations…): one deep
 * `$state` object per entity, kept in a SvelteMap by id. A Yjs change re-reads only the entities it
 * touched and assigns only the fields that differ, so a remote move of one card re-renders that
 * card (and what reads its position), never the whole map; the map itself changes only when
 * entities are added or deleted.
 */
import { SvelteMap } from 'svelte/reactivity';
import * as Y from 'yjs';
import type { CollectionName } from '../board/schema.js';

type Reader<V> = (doc: Y.Doc, id: string) => V | null;

/** Fields compared by value (fresh arrays or objects on every read). */
const STRUCTURED = new Set(['issues', 'raw', 'partners', 'updates']);

export class EntityIndex<V extends { id: string }> {
	readonly items = new SvelteMap<string, V>();
	private doc: Y.Doc | null = null;
	private detach: () => void = () => {};
	readonly #listeners = new Set<(ids: ReadonlySet<string>) => void>();

	constructor(
		private readonly name: CollectionName,
		private readonly read: Reader<V>
	) {}

	/** Follows a doc; called again with a new doc when the replica starts over. */
	attach(doc: Y.Doc): void {
		if (doc === this.doc) return;
		this.detach();
		this.doc = doc;
		const before = new Set(this.items.keys());
		this.items.clear();
		const collection = doc.getMap(this.name);
		for (const id of collection.keys()) this.refresh(id);
		if (before.size || collection.size) this.#notify(new Set([...before, ...collection.keys()]));
		const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
			const touched = new Set<string>();
			for (const event of events) {
				if (event.target === collection) for (const key of (event as Y.YMapEvent<unknown>).keysChanged) touched.add(key);
				else if (typeof event.path[0] === 'string') touched.add(event.path[0]);
			}
			for (const id of touched) this.refresh(id);
			this.#notify(touched);
		};
		collection.observeDeep(observer);
		this.detach = () => collection.unobserveDeep(observer);
	}

	destroy(): void {
		this.detach();
		this.doc = null;
	}

	/**
	 * Calls `listener` with the ids each Yjs change touched (all ids, old and new, when a new doc is
	 * attached), after the entities are updated: for views that keep whole-collection work out of
	 * the reactive graph, so one entity's change does not re-run a reader of every entity (see
	 * MapView). Called synchronously, possibly inside the effect that wrote to the doc: a listener
	 * should read untracked.
	 */
	onChange(listener: (ids: ReadonlySet<string>) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	#notify(ids: ReadonlySet<string>): void {
		for (const listener of this.#listeners) listener(ids);
	}

	get(id: string): V | undefined {
		return this.items.get(id);
	}

	/** Every entity; re-runs readers only when entities are added or deleted. */
	get all(): V[] {
		return [...this.items.values()];
	}

	private refresh(id: string): void {
		const fresh = this.doc ? this.read(this.doc, id) : null;
		if (!fresh) {
			this.items.delete(id);
			return;
		}
		const current = this.items.get(id);
		if (!current) {
			const live = $state(fresh);
			this.items.set(id, live);
			return;
		}
		const target = current as Record<string, unknown>;
		for (const [field, value] of Object.entries(fresh)) {
			const same = STRUCTURED.has(field) ? JSON.stringify(target[field]) === JSON.stringify(value) : target[field] === value;
			if (!same) target[field] = value;
		}
	}
}
