/** The stakeholder list's sorting, filtering and search, locale-aware. */
import { describe, expect, it } from 'vitest';
import {
	collatorFor,
	filterRows,
	fold,
	matchesQuery,
	nextSort,
	relationCounts,
	sortRows,
	type ListRow
} from '../../src/lib/components/stakeholders/listModel.js';

const row = (id: string, fields: Partial<ListRow>): ListRow => ({
	id,
	name: '',
	organization: '',
	role: '',
	helix: 'government',
	attitude: 'neutral',
	power: 50,
	interest: 50,
	relations: 0,
	...fields
});

const rows: ListRow[] = [
	row('a', { name: 'Bappeda Kota', organization: 'Pemkot Pekanbaru', role: 'Planning', helix: 'government', attitude: 'champion', power: 90, interest: 80, relations: 3 }),
	row('b', { name: 'Telkom', organization: 'PT Telkom Indonesia', role: 'Network', helix: 'business', attitude: 'supporter', power: 70, interest: 40, relations: 1 }),
	row('c', { name: 'Universitas Riáu', organization: 'UNRI', role: 'Research', helix: 'academia', attitude: 'neutral', power: 30, interest: 70 }),
	row('d', { name: 'karang Taruna', organization: '', role: 'Youth', helix: 'community', attitude: 'skeptic', power: null, interest: 60 }),
	row('e', { name: 'Radio Suara', organization: 'RRI', role: 'Broadcast', helix: null, attitude: null, power: 20, interest: 20, relations: 2 }),
	row('f', { name: 'Desa 10', helix: 'government', attitude: 'blocker', power: 10, interest: 90 }),
	row('g', { name: 'Desa 2', helix: 'government', attitude: 'blocker', power: 10, interest: 90 })
];

const collator = collatorFor('en');
const ids = (list: ListRow[]) => list.map((r) => r.id);

describe('sortRows', () => {
	it('sorts names locale-aware, case-insensitive, numbers as numbers', () => {
		expect(ids(sortRows(rows, 'name', 'ascending', collator))).toEqual(['a', 'g', 'f', 'd', 'e', 'b', 'c']);
		expect(ids(sortRows(rows, 'name', 'descending', collator))).toEqual(['c', 'b', 'e', 'd', 'f', 'g', 'a']);
	});

	it('sorts numbers by value and keeps invalid (null) values last in both directions', () => {
		expect(ids(sortRows(rows, 'power', 'ascending', collator))).toEqual(['g', 'f', 'e', 'c', 'b', 'a', 'd']);
		expect(ids(sortRows(rows, 'power', 'descending', collator)).at(-1)).toBe('d');
		expect(ids(sortRows(rows, 'power', 'descending', collator))[0]).toBe('a');
	});

	it('sorts helixes in pentahelix order and attitudes from champion to blocker', () => {
		expect(sortRows(rows, 'helix', 'ascending', collator).map((r) => r.helix)).toEqual([
			'government', 'government', 'government', 'business', 'academia', 'community', null
		]);
		expect(sortRows(rows, 'attitude', 'ascending', collator).map((r) => r.attitude)).toEqual([
			'champion', 'supporter', 'neutral', 'skeptic', 'blocker', 'blocker', null
		]);
	});

	it('puts empty texts last and breaks ties by name', () => {
		const sorted = sortRows(rows, 'organization', 'ascending', collator);
		expect(ids(sorted).slice(-3)).toEqual(['g', 'f', 'd']);
		expect(ids(sortRows(rows, 'relations', 'descending', collator)).slice(0, 3)).toEqual(['a', 'e', 'b']);
	});

	it('does not change the input', () => {
		const before = ids(rows);
		sortRows(rows, 'name', 'descending', collator);
		expect(ids(rows)).toEqual(before);
	});

	it('toggles direction on the same column, starts ascending on a new one', () => {
		expect(nextSort({ key: 'name', direction: 'ascending' }, 'name')).toEqual({ key: 'name', direction: 'descending' });
		expect(nextSort({ key: 'name', direction: 'descending' }, 'name')).toEqual({ key: 'name', direction: 'ascending' });
		expect(nextSort({ key: 'name', direction: 'descending' }, 'power')).toEqual({ key: 'power', direction: 'ascending' });
	});
});

describe('search', () => {
	it('folds case and accents', () => {
		expect(fold('  Universitas   RIÁU ', 'id')).toBe('universitas riau');
		expect(fold('Қазақстан', 'kk')).toBe('қазақстан');
	});

	it('matches every word in name, organisation or role', () => {
		expect(matchesQuery(rows[2], 'riau', 'en')).toBe(true);
		expect(matchesQuery(rows[2], 'unri research', 'en')).toBe(true);
		expect(matchesQuery(rows[2], 'unri broadcast', 'en')).toBe(false);
		expect(matchesQuery(rows[0], '', 'en')).toBe(true);
		expect(matchesQuery(rows[1], 'TELKOM indonesia', 'en')).toBe(true);
	});
});

describe('filterRows', () => {
	const none = new Set<never>();

	it('keeps everything without filters', () => {
		expect(filterRows(rows, { helixes: none, attitudes: none, query: '' }, 'en')).toHaveLength(rows.length);
	});

	it('filters by several helixes, by attitude and by search together', () => {
		const byHelix = filterRows(rows, { helixes: new Set(['government', 'academia'] as const), attitudes: none, query: '' }, 'en');
		expect(ids(byHelix)).toEqual(['a', 'c', 'f', 'g']);
		const both = filterRows(rows, { helixes: new Set(['government'] as const), attitudes: new Set(['blocker'] as const), query: 'desa 2' }, 'en');
		expect(ids(both)).toEqual(['g']);
	});

	it('can pick out invalid values, which are never hidden otherwise', () => {
		expect(ids(filterRows(rows, { helixes: new Set(['invalid'] as const), attitudes: none, query: '' }, 'en'))).toEqual(['e']);
		expect(ids(filterRows(rows, { helixes: none, attitudes: new Set(['invalid'] as const), query: '' }, 'en'))).toEqual(['e']);
	});
});

describe('relationCounts', () => {
	it('counts relations at both ends, ignoring missing ends', () => {
		const counts = relationCounts([
			{ from: 'a', to: 'b' },
			{ from: 'a', to: 'c' },
			{ from: null, to: 'c' },
			{ from: 'd', to: 'd' }
		]);
		expect(Object.fromEntries(counts)).toEqual({ a: 2, b: 1, c: 2, d: 1 });
	});
});
