/**
 * Reactive values by id where a reader depends only on its own id. A SvelteMap does not give that:
 * reading an absent key subscribes to the whole map's version, so every card would re-run on every
 * drag frame. Here each id has its own box.
 *
 * A box is created on first read or write. Svelte does not let the reaction that creates a state
 * depend on it, so a box created by a read is "fresh": its readers also depend on one shared
 * counter, bumped once when a fresh box gets its first value. They re-run once, find the box, and
 * from then on depend on that box alone.
 */
class Box<T> {
	value = $state.raw<T | undefined>(undefined);
	fresh = true;
}

export class KeyedState<T> {
	#boxes = new Map<string, Box<T>>();
	/** Ids with a value, kept without reactivity for iteration by the writer. */
	#present = new Set<string>();
	#created = $state(0);

	/** Tracked: a reader re-runs only when this id's value changes. */
	get(id: string): T | undefined {
		let box = this.#boxes.get(id);
		if (!box) {
			box = new Box<T>();
			this.#boxes.set(id, box);
		}
		if (box.fresh) void this.#created;
		return box.value;
	}

	set(id: string, value: T | undefined): void {
		let box = this.#boxes.get(id);
		if (!box) {
			box = new Box<T>();
			box.fresh = false;
			this.#boxes.set(id, box);
		}
		if (box.value === value) return;
		box.value = value;
		if (box.fresh) {
			box.fresh = false;
			this.#created++;
		}
		if (value === undefined) this.#present.delete(id);
		else this.#present.add(id);
	}

	/** Untracked: the value now, for writers. */
	peek(id: string): T | undefined {
		return this.#boxes.get(id)?.value;
	}

	/** Untracked: the ids that have a value now. */
	ids(): string[] {
		return [...this.#present];
	}

	clear(): void {
		for (const id of [...this.#present]) this.set(id, undefined);
	}
}
