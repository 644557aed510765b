/**
 * Sorting, filtering and searching the stakeholder list, as pure functions of plain rows so they
 * can be tested without a board. Comparison is locale-aware (Intl.Collator): "Ökonomi" sorts with
 * "Okonomi" in Indonesian and English, numbers inside names sort as numbers ("Desa 2" < "Desa 10").
 */
import { ATTITUDES, HELIXES, type Attitude, type Helix } from '../../board/schema.js';

export interface ListRow {
	id: string;
	name: string;
	organization: string;
	role: string;
	helix: Helix | null;
	attitude: Attitude | null;
	power: number | null;
	interest: number | null;
	/** How many relations touch this stakeholder. */
	relations: number;
}

export const SORT_KEYS = ['name', 'organization', 'role', 'helix', 'attitude', 'power', 'interest', 'relations'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'ascending' | 'descending';

/** Invalid values are kept and shown; as filter choices they are one more option. */
export type HelixChoice = Helix | 'invalid';
export type AttitudeChoice = Attitude | 'invalid';

export interface ListFilter {
	/** Empty: every helix. */
	helixes: ReadonlySet<HelixChoice>;
	attitudes: ReadonlySet<AttitudeChoice>;
	query: string;
}

export function collatorFor(locale: string): Intl.Collator {
	return new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
}

/**
 * Text folded for search: lower case in the reader's locale, accents and other combining marks
 * removed (so "universitas riau" finds "Universitas Riáu"), runs of spaces as one.
 */
export function fold(text: string, locale: string): string {
	return text
		.normalize('NFKD')
		.replace(/\p{M}+/gu, '')
		.toLocaleLowerCase(locale)
		.replace(/\s+/g, ' ')
		.trim();
}

/** Every word of the query appears in the name, organisation or role (any order). */
export function matchesQuery(row: Pick<ListRow, 'name' | 'organization' | 'role'>, query: string, locale: string): boolean {
	const words = fold(query, locale).split(' ').filter(Boolean);
	if (words.length === 0) return true;
	const haystack = fold(`${row.name} ${row.organization} ${row.role}`, locale);
	return words.every((word) => haystack.includes(word));
}

export function filterRows<R extends ListRow>(rows: readonly R[], filter: ListFilter, locale: string): R[] {
	return rows.filter(
		(row) =>
			(filter.helixes.size === 0 || filter.helixes.has(row.helix ?? 'invalid')) &&
			(filter.attitudes.size === 0 || filter.attitudes.has(row.attitude ?? 'invalid')) &&
			matchesQuery(row, filter.query, locale)
	);
}

/**
 * Helixes sort in the format's pentahelix order and attitudes from champion to blocker (the order
 * people read them in), not alphabetically by a translated label. Missing and invalid values go
 * last in both directions: they are the ones to fix, not the smallest.
 */
export function sortRows<R extends ListRow>(rows: readonly R[], key: SortKey, direction: SortDirection, collator: Intl.Collator): R[] {
	const sign = direction === 'ascending' ? 1 : -1;
	const rank = (row: R): number | string | null => {
		switch (key) {
			case 'helix':
				return row.helix ? HELIXES.indexOf(row.helix) : null;
			case 'attitude':
				return row.attitude ? ATTITUDES.indexOf(row.attitude) : null;
			case 'power':
			case 'interest':
			case 'relations':
				return row[key];
			default:
				// An empty text sorts last too: an unnamed card is not "before A".
				return row[key].trim() === '' ? null : row[key];
		}
	};
	const byName = (a: R, b: R) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
	return [...rows].sort((a, b) => {
		const ra = rank(a);
		const rb = rank(b);
		if (ra === null || rb === null) return ra === rb ? byName(a, b) : ra === null ? 1 : -1;
		const order = typeof ra === 'string' && typeof rb === 'string' ? collator.compare(ra, rb) : (ra as number) - (rb as number);
		return sign * order || byName(a, b);
	});
}

/** Relations per stakeholder id (a relation to itself, foreign-written, counts once). */
export function relationCounts(relations: readonly { from: string | null; to: string | null }[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const { from, to } of relations) {
		for (const id of new Set([from, to])) if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
	}
	return counts;
}

/** Flips the direction when the same column is chosen again; a new column starts ascending. */
export function nextSort(current: { key: SortKey; direction: SortDirection }, key: SortKey): { key: SortKey; direction: SortDirection } {
	if (current.key !== key) return { key, direction: 'ascending' };
	return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}
