/**
 * The live "changes since…" comparison of one board: the board as it was at a server checkpoint
 * (see docs/decisions/008) against the board now, recomputed shortly after every change so an
 * edit made by anyone while the view is open shows up too.
 */
import * as Y from 'yjs';
import { diffBoards, type BoardChanges } from '../board/changes.js';

/** Recomputing on every keystroke of a class would be wasted work; this is quick enough to feel live. */
const RECOMPUTE_DELAY_MS = 250;

export class ChangesSince {
	/** null until the first comparison is done. */
	changes = $state<BoardChanges | null>(null);
	private timer: ReturnType<typeof setTimeout> | null = null;
	private readonly unsubscribe: () => void;

	constructor(
		/** The moment asked for (ms). */
		readonly since: number,
		/** The moment the checkpoint holds (ms, ≤ since; 0 when the board did not exist yet). */
		readonly baseAt: number,
		private readonly base: Y.Doc,
		private readonly current: () => Y.Doc,
		subscribe: (listener: () => void) => () => void
	) {
		this.recompute();
		this.unsubscribe = subscribe(() => {
			if (this.timer === null) this.timer = setTimeout(() => this.recompute(), RECOMPUTE_DELAY_MS);
		});
	}

	private recompute(): void {
		this.timer = null;
		this.changes = diffBoards(this.base, this.current());
	}

	/** Fields of an entity changed since then, or 'added' for a new one; null when untouched. */
	of(collection: keyof BoardChanges, id: string): 'added' | Record<string, unknown> | null {
		const changes = this.changes?.[collection];
		if (!changes) return null;
		if (changes.added.includes(id)) return 'added';
		return changes.changed[id] ?? null;
	}

	destroy(): void {
		if (this.timer !== null) clearTimeout(this.timer);
		this.unsubscribe();
		this.base.destroy();
	}
}
