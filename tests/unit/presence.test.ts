import { describe, expect, it } from 'vitest';
import { colorFor, MAX_SHARED_IDS, PEER_COLORS, toPeer } from '../../src/lib/sync/presence.js';

const user = { name: 'Aigerim', color: '#00798c', role: 'participant' };

describe('toPeer', () => {
	it('accepts a complete presence state', () => {
		const state = { user, cursor: { x: 10, y: -4.5, space: 'map' }, drag: [{ id: 'noteAAAAAAAA', x: 1, y: 2 }], editing: 'noteBBBBBBBB', selection: ['cardAAAAAAAA'] };
		expect(toPeer(7, state)).toEqual({ clientId: 7, ...state });
	});

	it('accepts a state with only a user, filling the rest with null', () => {
		expect(toPeer(1, { user })).toEqual({ clientId: 1, user, cursor: null, drag: [], editing: null, selection: [] });
	});

	it.each([
		['null', null],
		['undefined', undefined],
		['a number', 42],
		['a string', 'Aigerim'],
		['an empty object', {}],
		['no user', { cursor: { x: 1, y: 1 } }],
		['a user that is a string', { user: 'Aigerim' }],
		['a user that is null', { user: null }],
		['a user without a name', { user: { color: '#fff' } }],
		['a name that is not a string', { user: { name: 42, color: '#fff' } }],
		['a user without a colour', { user: { name: 'A' } }],
		['a colour that is not a string', { user: { name: 'A', color: 0xffffff } }]
	])('rejects junk: %s', (_name, state) => {
		expect(toPeer(3, state)).toBeNull();
	});

	it('clamps long names to 80 characters', () => {
		const peer = toPeer(1, { user: { ...user, name: 'x'.repeat(10_000) } });
		expect(peer!.user.name).toBe('x'.repeat(80));
	});

	it('keeps names up to 80 characters unchanged', () => {
		const name = 'Dewi Lestari (Bappeda Kota Pekanbaru) 김민준 Айгерим';
		expect(toPeer(1, { user: { ...user, name } })!.user.name).toBe(name);
	});

	it('never cuts an emoji in half when clamping a name', () => {
		// 79 letters + an emoji: a cut at 80 UTF-16 units would leave a lone high surrogate.
		const name = 'x'.repeat(79) + '🙂' + 'tail';
		const clamped = toPeer(1, { user: { ...user, name } })!.user.name;
		expect(clamped).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
		expect(name.startsWith(clamped)).toBe(true);
		expect(clamped.length).toBeGreaterThanOrEqual(79);
	});

	it('treats any role but facilitator as participant', () => {
		expect(toPeer(1, { user: { ...user, role: 'facilitator' } })!.user.role).toBe('facilitator');
		for (const role of ['admin', 'Facilitator', undefined, 1, null]) {
			expect(toPeer(1, { user: { ...user, role } })!.user.role).toBe('participant');
		}
	});

	it('drops cursors that are not finite points', () => {
		for (const cursor of [null, 'here', { x: 1 }, { x: '1', y: 2 }, { x: NaN, y: 1 }, { x: 1, y: Infinity }, [1, 2]]) {
			expect(toPeer(1, { user, cursor })!.cursor, JSON.stringify(cursor)).toBeNull();
		}
	});

	it('reads a cursor without a space as one on the notes surface (older clients), and drops unknown spaces', () => {
		expect(toPeer(1, { user, cursor: { x: 1, y: 2 } })!.cursor).toEqual({ x: 1, y: 2, space: 'notes' });
		expect(toPeer(1, { user, cursor: { x: 1, y: 2, space: 'grid' } })!.cursor).toEqual({ x: 1, y: 2, space: 'grid' });
		expect(toPeer(1, { user, cursor: { x: 1, y: 2, space: 'moon' } })!.cursor).toBeNull();
	});

	it('drops drags without a string id or finite position, keeping the good ones', () => {
		const good = { id: 'noteCCCCCCCC', x: 3, y: 4 };
		for (const drag of [{ x: 1, y: 1 }, { id: 5, x: 1, y: 1 }, { id: 'noteAAAAAAAA', x: NaN, y: 1 }, 'noteAAAAAAAA', null]) {
			expect(toPeer(1, { user, drag: [drag, good] })!.drag, JSON.stringify(drag)).toEqual([good]);
			expect(toPeer(1, { user, drag })!.drag, JSON.stringify(drag)).toEqual([]);
		}
	});

	it('keeps string ids of a selection, at most MAX_SHARED_IDS of them', () => {
		expect(toPeer(1, { user, selection: ['a', 5, null, 'b'] })!.selection).toEqual(['a', 'b']);
		expect(toPeer(1, { user, selection: 'a' })!.selection).toEqual([]);
		const many = Array.from({ length: MAX_SHARED_IDS * 3 }, (_, i) => `id${i}`);
		expect(toPeer(1, { user, selection: many })!.selection).toHaveLength(MAX_SHARED_IDS);
	});

	it('drops an editing value that is not a string', () => {
		for (const editing of [5, {}, true, null]) expect(toPeer(1, { user, editing })!.editing).toBeNull();
	});

	it('does not throw on hostile shapes', () => {
		const hostile = [
			Object.create(null),
			{ user: Object.create(null) },
			{ user, cursor: Object.create(null), drag: Object.create(null), selection: Object.create(null) },
			{ user: { name: 'A', color: '#000', role: { toString: () => 'facilitator' } } },
			new Proxy({}, { get: () => undefined })
		];
		for (const state of hostile) expect(() => toPeer(1, state)).not.toThrow();
	});
});

describe('colorFor', () => {
	it('gives the same colour for the same key, every time', () => {
		for (const key of ['', 'participantA', '김민준', 'a'.repeat(1000)]) {
			expect(colorFor(key)).toBe(colorFor(key));
		}
		// Fixed values: a change here would recolour everyone between versions.
		expect(colorFor('')).toBe(PEER_COLORS[0]);
		expect(colorFor('a')).toBe(PEER_COLORS[97 % PEER_COLORS.length]);
	});

	it('always picks one of the peer colours', () => {
		for (let i = 0; i < 500; i++) expect(PEER_COLORS).toContain(colorFor(`participant-${i}`));
	});

	it('spreads different keys over the palette', () => {
		const used = new Set<string>();
		for (let i = 0; i < 200; i++) used.add(colorFor(`participant-${i}`));
		expect(used.size).toBe(PEER_COLORS.length);
	});
});
