import { describe, expect, it } from 'vitest';
import { ID_LENGTH, isId, isJoinCode, JOIN_CODE_LENGTH, newId, newJoinCode, normalizeJoinCode } from '../../src/lib/board/ids.js';

const URL_SAFE = /^[A-Za-z0-9_-]+$/;
const JOIN_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

describe('newId', () => {
	it('is 16 URL-safe characters by default', () => {
		expect(ID_LENGTH).toBe(16);
		for (let i = 0; i < 200; i++) {
			const id = newId();
			expect(id).toHaveLength(16);
			expect(id).toMatch(URL_SAFE);
		}
	});

	it('takes another length when asked', () => {
		expect(newId(8)).toHaveLength(8);
		expect(newId(40)).toHaveLength(40);
		expect(newId(40)).toMatch(URL_SAFE);
	});

	it('never repeats itself over 10,000 ids', () => {
		const ids = new Set<string>();
		for (let i = 0; i < 10_000; i++) ids.add(newId());
		expect(ids.size).toBe(10_000);
	});

	it('uses the whole 64-letter alphabet, including - and _', () => {
		const seen = new Set<string>();
		for (let i = 0; i < 2_000; i++) for (const c of newId()) seen.add(c);
		expect(seen.size).toBe(64);
		expect(seen.has('-')).toBe(true);
		expect(seen.has('_')).toBe(true);
	});

	it('is accepted by isId', () => {
		for (let i = 0; i < 100; i++) expect(isId(newId())).toBe(true);
	});
});

describe('isId', () => {
	it('accepts any URL-safe string of 8 to 64 characters (ids of other clients too)', () => {
		expect(isId('abcdefgh')).toBe(true);
		expect(isId('A'.repeat(64))).toBe(true);
		expect(isId('a-b_c-d_1234')).toBe(true);
	});

	it('refuses strings that are too short or too long', () => {
		expect(isId('abcdefg')).toBe(false);
		expect(isId('A'.repeat(65))).toBe(false);
		expect(isId('')).toBe(false);
	});

	it('refuses characters that are not URL-safe', () => {
		for (const bad of ['abcdefg+', 'abcdefg/', 'abcdefg=', 'abcd efg', 'abcdéfgh', 'abcdefg\n', '../../etc']) {
			expect(isId(bad), bad).toBe(false);
		}
	});

	it('refuses values that are not strings', () => {
		for (const bad of [null, undefined, 12345678, {}, ['abcdefgh'], true]) expect(isId(bad)).toBe(false);
	});
});

describe('newJoinCode', () => {
	it('is 6 letters of the unambiguous alphabet and never contains 0 O 1 I L', () => {
		expect(JOIN_CODE_LENGTH).toBe(6);
		for (let i = 0; i < 5_000; i++) {
			const code = newJoinCode();
			expect(code).toHaveLength(6);
			expect(code).not.toMatch(/[0O1IL]/);
			expect(isJoinCode(code)).toBe(true);
		}
	});

	it('draws every letter about equally often (loose chi-square bound)', () => {
		// 40,000 codes = 240,000 letters, ~7,742 expected per letter, 30 degrees of freedom.
		// Under uniformity the statistic averages 30; 150 is ~8 standard deviations out
		// (p < 1e-15), so this cannot flake. A `byte % 31` bias without rejection gives ~700.
		const counts = new Map<string, number>([...JOIN_ALPHABET].map((c) => [c, 0]));
		const codes = 40_000;
		for (let i = 0; i < codes; i++) for (const c of newJoinCode()) counts.set(c, (counts.get(c) ?? 0) + 1);
		expect(counts.size).toBe(31); // no letter outside the alphabet appeared
		const expected = (codes * 6) / 31;
		let chiSquare = 0;
		for (const observed of counts.values()) chiSquare += (observed - expected) ** 2 / expected;
		expect(chiSquare).toBeLessThan(150);
		for (const observed of counts.values()) expect(observed).toBeGreaterThan(0);
	});
});

describe('normalizeJoinCode', () => {
	it('upper-cases what people type', () => {
		expect(normalizeJoinCode('abc234')).toBe('ABC234');
	});

	it('drops spaces and dashes between groups of letters', () => {
		expect(normalizeJoinCode('abc-234')).toBe('ABC234');
		expect(normalizeJoinCode(' ab c 2\t34 ')).toBe('ABC234');
		expect(normalizeJoinCode('ab-c-2-3-4')).toBe('ABC234');
	});

	it('gives a valid code for a code as displayed', () => {
		const code = newJoinCode();
		const displayed = `${code.slice(0, 3).toLowerCase()}-${code.slice(3)}`;
		expect(normalizeJoinCode(displayed)).toBe(code);
		expect(isJoinCode(normalizeJoinCode(displayed))).toBe(true);
	});
});

describe('isJoinCode', () => {
	it('accepts six letters of the alphabet', () => {
		expect(isJoinCode('ABC234')).toBe(true);
		expect(isJoinCode('ZZZZZZ')).toBe(true);
	});

	it('refuses the wrong length', () => {
		expect(isJoinCode('ABC23')).toBe(false);
		expect(isJoinCode('ABC2345')).toBe(false);
		expect(isJoinCode('')).toBe(false);
	});

	it('refuses confusable letters, lower case and separators (normalize first)', () => {
		for (const bad of ['ABC230', 'ABCO23', 'ABC231', 'ABCI23', 'ABCL23', 'abc234', 'ABC-23', 'ABC 23']) {
			expect(isJoinCode(bad), bad).toBe(false);
		}
	});
});
