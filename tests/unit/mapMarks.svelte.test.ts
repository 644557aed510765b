/**
 * The map's per-card reactive state: a drag frame or a presence update re-runs only the card it is
 * about, including a card whose box was first created by its own read (Svelte does not let the
 * reaction that creates a state depend on it; KeyedState works around that).
 */
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { KeyedState } from '../../src/lib/components/map/keyed.svelte.js';
import { PeerMarks } from '../../src/lib/components/map/marks.svelte.js';
import type { Peer } from '../../src/lib/sync/presence.js';

/** Counts how often an effect reading `read()` re-runs, and keeps what it read last. */
function runs<T>(read: () => T): { count: number; last: T | undefined; stop: () => void } {
	const state = { count: 0, last: undefined as T | undefined, stop: () => {} };
	state.stop = $effect.root(() => {
		$effect(() => {
			state.last = read();
			state.count++;
		});
	});
	flushSync();
	return state;
}

const peer = (clientId: number, name: string, rest: Partial<Peer> = {}): Peer => ({
	clientId,
	user: { name, color: '#00798c', role: 'participant' },
	cursor: null,
	drag: [],
	editing: null,
	selection: [],
	...rest
});

describe('KeyedState', () => {
	it('re-runs a reader whose box it created itself, then only for its own id', () => {
		const state = new KeyedState<{ x: number }>();
		const a = runs(() => state.get('a'));
		const b = runs(() => state.get('b'));
		state.set('a', { x: 1 });
		flushSync();
		expect(a.last).toEqual({ x: 1 });
		const bAfterFirst = b.count;
		state.set('a', { x: 2 });
		state.set('a', { x: 3 });
		flushSync();
		expect(a.last).toEqual({ x: 3 });
		expect(b.count).toBe(bAfterFirst);
		state.clear();
		flushSync();
		expect(a.last).toBeUndefined();
		expect(state.ids()).toEqual([]);
		a.stop();
		b.stop();
	});
});

describe('PeerMarks', () => {
	it('marks drags, selections and editing per id, and leaves unchanged ids alone', () => {
		const marks = new PeerMarks();
		const one = runs(() => marks.get('card1'));
		const two = runs(() => marks.get('card2'));
		marks.update([peer(1, 'Ayu', { drag: [{ id: 'card1', x: 10, y: 20 }], selection: ['card2'] }), peer(2, 'Minho', { editing: 'card2' })]);
		flushSync();
		expect(one.last?.drag).toMatchObject({ name: 'Ayu', x: 10, y: 20 });
		expect(two.last?.selectedBy.map((a) => a.name)).toEqual(['Ayu']);
		expect(two.last?.editors.map((a) => a.name)).toEqual(['Minho']);
		expect([...marks.dragging]).toEqual(['card1']);
		const twoRuns = two.count;
		// Ayu drags on: card1 changes, card2 does not re-render.
		marks.update([peer(1, 'Ayu', { drag: [{ id: 'card1', x: 30, y: 20 }], selection: ['card2'] }), peer(2, 'Minho', { editing: 'card2' })]);
		flushSync();
		expect(one.last?.drag?.x).toBe(30);
		expect(two.count).toBe(twoRuns);
		// Everyone stops: the marks go.
		marks.update([]);
		flushSync();
		expect(one.last).toBeUndefined();
		expect(two.last).toBeUndefined();
		expect(marks.dragging.size).toBe(0);
		one.stop();
		two.stop();
	});
});
