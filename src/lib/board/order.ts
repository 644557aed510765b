/**
 * Plan order by fractional indexes (the `fractional-indexing` package): moving a row writes only
 * that row's key, a string between its new neighbours' keys. Two people dropping rows into the
 * same gap at once would compute the same key, so a new key is taken at a random spot of the gap;
 * items with equal keys still sort the same everywhere (by id, see sortByOrder).
 */
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

export interface OrderedItem {
	id: string;
	order: string;
}

/** A stored order value as a string ('' sorts first; a foreign value is not a usable key). */
export function orderOf(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

export function isOrderKey(key: string): boolean {
	try {
		generateKeyBetween(key, null);
		return true;
	} catch {
		return false;
	}
}

/** Random halvings of the gap: 2^12 possible keys, so two people picking one gap rarely meet. */
const JITTER_STEPS = 12;

/**
 * A key strictly between a and b (null: open end), at a random spot of the gap: each step takes
 * the lower or upper half, so the key is always in bounds and two people moving into the same
 * gap at once almost never write the same key (and if they do, sortByOrder still agrees).
 */
export function keyBetween(a: string | null, b: string | null, random: () => number = Math.random): string {
	let low = a;
	let high = b;
	let key = generateKeyBetween(low, high);
	for (let i = 0; i < JITTER_STEPS; i++) {
		if (random() < 0.5) high = key;
		else low = key;
		key = generateKeyBetween(low, high);
	}
	return key;
}

/** The key for a new item after every item of the list (given in order). */
export function keyAfterLast(ordered: readonly OrderedItem[]): string {
	const last = ordered.at(-1)?.order ?? null;
	return last !== null && isOrderKey(last) ? keyBetween(last, null) : rekey(ordered.length + 1).at(-1)!;
}

function rekey(count: number): string[] {
	return generateNKeysBetween(null, null, count);
}

/**
 * The order keys to write so that item `id` lands at `toIndex` of the list without it (none when
 * it is there already). Usually one
 * key; when the neighbours leave no room between them (equal keys after concurrent moves, or
 * keys written by a foreign client), every item gets a fresh key in the new order.
 */
export function keysForMove(ordered: readonly OrderedItem[], id: string, toIndex: number): Map<string, string> {
	const rest = ordered.filter((item) => item.id !== id);
	const index = Math.max(0, Math.min(rest.length, toIndex));
	if (ordered.findIndex((item) => item.id === id) === index) return new Map(); // already there
	const before = rest[index - 1]?.order ?? null;
	const after = rest[index]?.order ?? null;
	const usable =
		(before === null || isOrderKey(before)) && (after === null || isOrderKey(after)) && (before === null || after === null || before < after);
	if (usable) return new Map([[id, keyBetween(before, after)]]);
	const final = [...rest.slice(0, index).map((item) => item.id), id, ...rest.slice(index).map((item) => item.id)];
	const keys = rekey(final.length);
	return new Map(final.map((itemId, i) => [itemId, keys[i]]));
}
