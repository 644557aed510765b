/**
 * The message catalogs agree across languages: for every file set in project.inlang (its
 * pathPattern), every locale has exactly the keys of the base locale, no empty texts, and the same
 * placeholders. A missing key falls back silently at run time and a missing placeholder drops
 * information (a count, a name), so a catalog that drifts is caught here, with the keys named.
 *
 * A value is a string ("Moved {count} stakeholders.") or inlang's variant form
 * ([{ declarations: ['input count', 'local countPlural = count: plural'], selectors, match: {…} }]);
 * one language may use variants where another needs none, so placeholders are compared as the
 * set of inputs a message shows, over all its variants.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PROJECT = path.join(ROOT, 'project.inlang');

interface Settings {
	baseLocale: string;
	locales: string[];
	'plugin.inlang.messageFormat': { pathPattern: string | string[] };
}

const settings = JSON.parse(fs.readFileSync(path.join(PROJECT, 'settings.json'), 'utf8')) as Settings;
const patterns = [settings['plugin.inlang.messageFormat'].pathPattern].flat();
const base = settings.baseLocale;
const others = settings.locales.filter((locale) => locale !== base);

/** Paths in pathPattern are relative to the folder that holds project.inlang. */
const fileOf = (pattern: string, locale: string) => path.resolve(path.dirname(PROJECT), pattern.replace('{locale}', locale));

type Catalog = Record<string, unknown>;

function load(pattern: string, locale: string): Catalog {
	const catalog = JSON.parse(fs.readFileSync(fileOf(pattern, locale), 'utf8')) as Catalog;
	delete catalog.$schema;
	return catalog;
}

/** Every text of a message: the string itself, or each variant's text. */
function texts(value: unknown): string[] | null {
	if (typeof value === 'string') return [value];
	if (!Array.isArray(value) || value.length === 0) return null;
	const all: string[] = [];
	for (const variant of value) {
		const match = (variant as { match?: unknown })?.match;
		if (typeof match !== 'object' || match === null) return null;
		for (const text of Object.values(match)) {
			if (typeof text !== 'string') return null;
			all.push(text);
		}
	}
	return all;
}

const PLACEHOLDER = /\{\s*([A-Za-z_$][\w$]*)\s*\}/g;

/**
 * The inputs a message shows: {name} in any of its texts. An input a message only selects a
 * variant by (`input count` behind a plural, with "is"/"are" as the only difference) is not
 * shown, and a language without plurals rightly leaves it out.
 */
function placeholders(value: unknown): string[] {
	const names = new Set<string>();
	for (const text of texts(value) ?? []) for (const [, name] of text.matchAll(PLACEHOLDER)) names.add(name);
	return [...names].sort();
}

/** Inputs a variant message declares (`input count`), shown or only selected by. */
function declaredInputs(value: unknown): string[] {
	if (!Array.isArray(value)) return [];
	return value.flatMap((variant) =>
		((variant as { declarations?: unknown[] }).declarations ?? []).flatMap((d) => /^input\s+([\w$]+)/.exec(String(d))?.[1] ?? [])
	);
}

describe('message catalogs (project.inlang pathPattern)', () => {
	it('the settings name file sets and more than one locale', () => {
		expect(patterns.length).toBeGreaterThan(0);
		expect(settings.locales).toContain(base);
		expect(others.length).toBeGreaterThan(0);
	});

	describe.each(patterns)('%s', (pattern) => {
		it('exists for every locale', () => {
			const missing = settings.locales.filter((locale) => !fs.existsSync(fileOf(pattern, locale)));
			expect(missing).toEqual([]);
		});

		it.each(others)(`%s has exactly the keys of ${base}`, (locale) => {
			const reference = Object.keys(load(pattern, base));
			const keys = Object.keys(load(pattern, locale));
			expect({ missing: reference.filter((k) => !keys.includes(k)), extra: keys.filter((k) => !reference.includes(k)) }).toEqual({
				missing: [],
				extra: []
			});
		});

		it.each(settings.locales)('%s has no empty or malformed texts', (locale) => {
			const bad = Object.entries(load(pattern, locale))
				.filter(([, value]) => {
					const all = texts(value);
					return all === null || all.some((text) => text.trim() === '');
				})
				.map(([key]) => key);
			expect(bad).toEqual([]);
		});

		it.each(others)(`%s uses the placeholders of ${base} in every message`, (locale) => {
			const reference = load(pattern, base);
			const catalog = load(pattern, locale);
			const mismatched = Object.keys(reference)
				.filter((key) => key in catalog)
				.map((key) => ({ key, ours: placeholders(reference[key]), theirs: placeholders(catalog[key]) }))
				.filter(({ ours, theirs }) => ours.join() !== theirs.join())
				.map(({ key, ours, theirs }) => ({ key, [base]: ours, [locale]: theirs }));
			expect(mismatched).toEqual([]);
		});

		it.each(others)(`%s selects variants only by inputs that ${base} passes`, (locale) => {
			const reference = load(pattern, base);
			const catalog = load(pattern, locale);
			const unknown = Object.keys(reference)
				.filter((key) => key in catalog)
				.flatMap((key) => {
					const known = new Set([...placeholders(reference[key]), ...declaredInputs(reference[key])]);
					return declaredInputs(catalog[key])
						.filter((input) => !known.has(input))
						.map((input) => `${key}: ${input}`);
				});
			expect(unknown).toEqual([]);
		});
	});

	it('no key is defined in two file sets (the compiled messages share one namespace)', () => {
		const seen = new Map<string, string>();
		const duplicates: string[] = [];
		for (const pattern of patterns) {
			for (const key of Object.keys(load(pattern, base))) {
				if (seen.has(key)) duplicates.push(`${key}: ${seen.get(key)} and ${pattern}`);
				else seen.set(key, pattern);
			}
		}
		expect(duplicates).toEqual([]);
	});

	it('every message is used by the app, and every message the app uses exists (no dead or missing keys)', () => {
		const defined = new Set(patterns.flatMap((pattern) => Object.keys(load(pattern, base))));
		const used = new Set<string>();
		const sourceFiles = (dir: string): string[] =>
			fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
				const full = path.join(dir, entry.name);
				if (entry.isDirectory()) return entry.name === 'paraglide' ? [] : sourceFiles(full);
				return /\.(svelte|ts)$/.test(entry.name) ? [full] : [];
			});
		// The app's pages, and the server's exports (images, the PDF report) in the reader's language.
		for (const file of [...sourceFiles(path.join(ROOT, 'src')), ...sourceFiles(path.join(ROOT, 'server'))]) {
			// Messages are only ever called by name (m.key(…) or passed as m.key): no computed keys.
			for (const match of fs.readFileSync(file, 'utf8').matchAll(/\bm\.([A-Za-z_][A-Za-z0-9_]*)/g)) used.add(match[1]);
		}
		expect([...defined].filter((key) => !used.has(key)).sort()).toEqual([]);
		expect([...used].filter((key) => !defined.has(key)).sort()).toEqual([]);
	});

	it('the placeholder reader sees plain and variant messages alike', () => {
		expect(placeholders('{shown} of {count} stakeholders')).toEqual(['count', 'shown']);
		expect(
			placeholders([
				{
					declarations: ['input count', 'local countPlural = count: plural'],
					selectors: ['countPlural'],
					match: { 'countPlural=one': '1 here', 'countPlural=other': '{count} here' }
				}
			])
		).toEqual(['count']);
		// Selected by, not shown: not a placeholder another language must repeat.
		const selectorOnly = [{ declarations: ['input count', 'local p = count: plural'], selectors: ['p'], match: { 'p=one': '{names} is', 'p=other': '{names} are' } }];
		expect(placeholders(selectorOnly)).toEqual(['names']);
		expect(declaredInputs(selectorOnly)).toEqual(['count']);
		expect(texts([{ match: { a: 'x', b: 7 } }])).toBeNull();
	});
});
