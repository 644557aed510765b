/**
 * The live index behind the map: a change re-reads only the entities it touched, and unchanged
 * entities keep their identity, so Svelte re-renders one card per remote move, not the map.
 */
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addStakeholder, collection, deleteStakeholder, moveStakeholders, readStakeholder, updateStakeholder } from '../../src/lib/board/model.js';
import { EntityIndex } from '../../src/lib/sync/EntityIndex.svelte.js';

function setup() {
	const doc = new Y.Doc();
	const ids = ['Bappeda', 'KOICA', 'Radio Suara'].map((name) => addStakeholder(doc, { name, helix: 'government' }));
	const index = new EntityIndex('stakeholders', readStakeholder);
	index.attach(doc);
	return { doc, ids, index };
}

/** Counts how often an effect reading `read()` re-runs. */
function runs(read: () => unknown): { count: number; stop: () => void } {
	const state = { count: 0, stop: () => {} };
	state.stop = $effect.root(() => {
		$effect(() => {
			read();
			state.count++;
		});
	});
	flushSync();
	return state;
}

describe('EntityIndex', () => {
	it('loads every entity of the doc', () => {
		const { index, ids } = setup();
		expect(index.all.map((s) => s.id).sort()).toEqual([...ids].sort());
		expect(index.get(ids[0])!.name).toBe('Bappeda');
	});

	it('updates a moved entity in place, without touching the others or the list', () => {
		const { doc, ids, index } = setup();
		const [first, second] = ids.map((id) => index.get(id)!);
		const list = runs(() => index.all);
		const firstX = runs(() => first.x);
		const secondX = runs(() => second.x);
		moveStakeholders(doc, [{ id: ids[0], x: 120, y: 40 }]);
		flushSync();
		expect(index.get(ids[0])).toBe(first);
		expect(first.x).toBe(120);
		expect(firstX.count).toBe(2);
		expect(secondX.count).toBe(1);
		expect(list.count).toBe(1);
		for (const r of [list, firstX, secondX]) r.stop();
	});

	it('re-runs only readers of the field that changed, also for edits inside the notes text', () => {
		const { doc, ids, index } = setup();
		const item = index.get(ids[1])!;
		const name = runs(() => item.name);
		const power = runs(() => item.power);
		updateStakeholder(doc, ids[1], { power: 90 });
		item.notes!.insert(0, 'grant call in May');
		flushSync();
		expect(power.count).toBe(2);
		expect(name.count).toBe(1);
		name.stop();
		power.stop();
	});

	it('adds and removes entities, re-running list readers', () => {
		const { doc, ids, index } = setup();
		const list = runs(() => index.all.length);
		const added = addStakeholder(doc, { name: 'Universitas Riau', helix: 'academia' });
		deleteStakeholder(doc, ids[2]);
		flushSync();
		expect(index.get(added)!.name).toBe('Universitas Riau');
		expect(index.get(ids[2])).toBeUndefined();
		expect(index.all).toHaveLength(3);
		expect(list.count).toBeGreaterThan(1);
		list.stop();
	});

	it('follows a foreign client that breaks a field, and flags it', () => {
		const { doc, ids, index } = setup();
		(collection(doc, 'stakeholders').get(ids[0]) as Y.Map<unknown>).set('helix', 'military');
		expect(index.get(ids[0])!.helix).toBeNull();
		expect(index.get(ids[0])!.issues.map((i) => i.field)).toEqual(['helix']);
	});

	it('switches to a new doc (a replica that started over) and stops following the old one', () => {
		const { doc, index } = setup();
		const fresh = new Y.Doc();
		const only = addStakeholder(fresh, { name: 'Only here', helix: 'media' });
		index.attach(fresh);
		expect(index.all.map((s) => s.id)).toEqual([only]);
		addStakeholder(doc, { name: 'Old doc', helix: 'media' });
		expect(index.all).toHaveLength(1);
	});

	it('tells change listeners which ids each change touched, after updating them', () => {
		const { doc, ids, index } = setup();
		const seen: { ids: string[]; x: number | undefined }[] = [];
		const off = index.onChange((touched) => seen.push({ ids: [...touched].sort(), x: index.get(ids[1])?.x }));
		moveStakeholders(doc, [{ id: ids[1], x: 300, y: 40 }]);
		expect(seen).toEqual([{ ids: [ids[1]], x: 300 }]);
		deleteStakeholder(doc, ids[0]);
		expect(seen[1].ids).toEqual([ids[0]]);
		// A new doc: every id that was there before or is there now.
		const fresh = new Y.Doc();
		const only = addStakeholder(fresh, { name: 'Only here', helix: 'media' });
		index.attach(fresh);
		expect(seen[2].ids).toEqual([ids[1], ids[2], only].sort());
		off();
		addStakeholder(fresh, { name: 'Unheard', helix: 'media' });
		expect(seen).toHaveLength(3);
	});
});
