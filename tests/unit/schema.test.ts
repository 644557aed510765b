import { describe, expect, it } from 'vitest';
import { CANVAS_LIMIT, fieldIssues, FIELD_RULES } from '../../src/lib/board/schema.js';

type Collection = keyof typeof FIELD_RULES;

const ID_A = 'stakeholderAAAA1';

const valid: Record<Collection, Record<string, unknown>> = {
	meta: { schema: 1, title: 'Smart Kota Pekanbaru', createdAt: 1_700_000_000_000, locked: false },
	stakeholders: {
		name: 'Bappeda Kota',
		helix: 'government',
		organization: 'Bappeda',
		role: 'planning',
		power: 80,
		interest: 0,
		attitude: 'champion',
		x: -120,
		y: 3400
	},
	relations: { from: ID_A, to: 'stakeholderBBBB2', kind: 'funding', label: 'APBD' },
	actions: {
		title: 'Open data portal',
		owner: ID_A,
		start: '2026-01-15',
		end: '2026-12-31',
		indicator: 'datasets published',
		target: '40',
		budget: 150_000_000,
		currency: 'IDR',
		status: 'in_progress',
		progress: 100,
		order: 'a0'
	},
	notes: { x: 10, y: -10, color: 'yellow', author: 'Dewi' }
};

/** The fields reported for an entity with one field replaced. */
function issuesWith(collection: Collection, field: string, value: unknown): string[] {
	return fieldIssues(collection, { ...valid[collection], [field]: value }).map((issue) => issue.field);
}

describe('fieldIssues on valid entities', () => {
	it.each(Object.keys(valid) as Collection[])('reports nothing for a valid %s entity', (collection) => {
		expect(fieldIssues(collection, valid[collection])).toEqual([]);
	});

	it.each(Object.keys(valid) as Collection[])('reports nothing for an empty %s entity (missing fields are not issues)', (collection) => {
		expect(fieldIssues(collection, {})).toEqual([]);
	});

	it('ignores fields it has no rule for (unknown keys, Y.Text and Y.Array fields)', () => {
		expect(fieldIssues('notes', { ...valid.notes, text: { not: 'checked here' }, extra: 42 })).toEqual([]);
		expect(fieldIssues('actions', { ...valid.actions, partners: 'anything', description: 7 })).toEqual([]);
	});

	it('accepts the boundaries: 0 and 100 percent, ±CANVAS_LIMIT, null owner, dates and budget', () => {
		expect(fieldIssues('stakeholders', { ...valid.stakeholders, power: 0, interest: 100 })).toEqual([]);
		expect(fieldIssues('notes', { ...valid.notes, x: CANVAS_LIMIT, y: -CANVAS_LIMIT })).toEqual([]);
		expect(fieldIssues('actions', { ...valid.actions, owner: null, start: null, end: null, budget: null, progress: 0 })).toEqual([]);
		expect(fieldIssues('actions', { ...valid.actions, budget: 0 })).toEqual([]);
	});

	it('accepts every enum value', () => {
		for (const helix of ['government', 'business', 'academia', 'community', 'media']) {
			expect(issuesWith('stakeholders', 'helix', helix)).toEqual([]);
		}
		for (const attitude of ['champion', 'supporter', 'neutral', 'skeptic', 'blocker']) {
			expect(issuesWith('stakeholders', 'attitude', attitude)).toEqual([]);
		}
		for (const kind of ['collaboration', 'conflict', 'information', 'funding', 'authority']) {
			expect(issuesWith('relations', 'kind', kind)).toEqual([]);
		}
		for (const status of ['planned', 'in_progress', 'done', 'blocked']) {
			expect(issuesWith('actions', 'status', status)).toEqual([]);
		}
		for (const color of ['yellow', 'pink', 'blue', 'green', 'purple', 'orange']) {
			expect(issuesWith('notes', 'color', color)).toEqual([]);
		}
	});
});

describe('fieldIssues reports each invalid value with its field', () => {
	it('reports wrong types', () => {
		expect(issuesWith('meta', 'title', 42)).toEqual(['title']);
		expect(issuesWith('meta', 'locked', 'true')).toEqual(['locked']);
		expect(issuesWith('meta', 'createdAt', '2026-01-01')).toEqual(['createdAt']);
		expect(issuesWith('stakeholders', 'name', null)).toEqual(['name']);
		expect(issuesWith('stakeholders', 'power', '80')).toEqual(['power']);
		expect(issuesWith('relations', 'label', ['x'])).toEqual(['label']);
		expect(issuesWith('actions', 'budget', '1000')).toEqual(['budget']);
		expect(issuesWith('actions', 'order', 1)).toEqual(['order']);
		expect(issuesWith('notes', 'x', '10')).toEqual(['x']);
		expect(issuesWith('notes', 'author', { name: 'Dewi' })).toEqual(['author']);
	});

	it('reports an unknown schema version', () => {
		expect(issuesWith('meta', 'schema', 2)).toEqual(['schema']);
		expect(issuesWith('meta', 'schema', '1')).toEqual(['schema']);
	});

	it('reports percentages outside 0–100 and fractions', () => {
		expect(issuesWith('stakeholders', 'power', 101)).toEqual(['power']);
		expect(issuesWith('stakeholders', 'power', -1)).toEqual(['power']);
		expect(issuesWith('stakeholders', 'interest', 50.5)).toEqual(['interest']);
		expect(issuesWith('actions', 'progress', 150)).toEqual(['progress']);
		expect(issuesWith('actions', 'progress', NaN)).toEqual(['progress']);
	});

	it('reports values outside the allowed enums', () => {
		expect(issuesWith('stakeholders', 'helix', 'ngo')).toEqual(['helix']);
		expect(issuesWith('stakeholders', 'helix', 'Government')).toEqual(['helix']);
		expect(issuesWith('stakeholders', 'attitude', 'hostile')).toEqual(['attitude']);
		expect(issuesWith('relations', 'kind', 'friendship')).toEqual(['kind']);
		expect(issuesWith('actions', 'status', 'in progress')).toEqual(['status']);
		expect(issuesWith('notes', 'color', '#ff0000')).toEqual(['color']);
	});

	it('reports dates that are not ISO YYYY-MM-DD', () => {
		for (const bad of ['2026/01/15', '15-01-2026', '2026-13-01', '2026-01-32', '2026-1-5', '2026-01-15T10:00:00Z', '', 20260115]) {
			expect(issuesWith('actions', 'start', bad), String(bad)).toEqual(['start']);
			expect(issuesWith('actions', 'end', bad), String(bad)).toEqual(['end']);
		}
	});

	it('reports currencies that are not ISO 4217 codes', () => {
		for (const bad of ['idr', 'US', 'EURO', 'Rp', '', 360, null]) {
			expect(issuesWith('actions', 'currency', bad), String(bad)).toEqual(['currency']);
		}
	});

	it('reports non-finite and out-of-canvas coordinates', () => {
		for (const bad of [Infinity, -Infinity, NaN, CANVAS_LIMIT + 1, -CANVAS_LIMIT - 1]) {
			expect(issuesWith('notes', 'x', bad), String(bad)).toEqual(['x']);
			expect(issuesWith('notes', 'y', bad), String(bad)).toEqual(['y']);
			expect(issuesWith('stakeholders', 'x', bad), String(bad)).toEqual(['x']);
			expect(issuesWith('stakeholders', 'y', bad), String(bad)).toEqual(['y']);
		}
	});

	it('reports a negative or non-finite budget', () => {
		expect(issuesWith('actions', 'budget', -1)).toEqual(['budget']);
		expect(issuesWith('actions', 'budget', Infinity)).toEqual(['budget']);
	});

	it('reports ids that are not URL-safe strings of 8–64 characters', () => {
		expect(issuesWith('actions', 'owner', 'short')).toEqual(['owner']);
		expect(issuesWith('actions', 'owner', 12345678)).toEqual(['owner']);
		expect(issuesWith('relations', 'from', 'has spaces in it')).toEqual(['from']);
		expect(issuesWith('relations', 'to', 'x'.repeat(65))).toEqual(['to']);
	});

	it('reports texts longer than 500 characters', () => {
		expect(issuesWith('stakeholders', 'name', 'x'.repeat(500))).toEqual([]);
		expect(issuesWith('stakeholders', 'name', 'x'.repeat(501))).toEqual(['name']);
	});

	it('reports several bad fields at once, each once, with a message', () => {
		const issues = fieldIssues('stakeholders', { ...valid.stakeholders, power: 200, helix: 'ngo', x: NaN });
		expect(issues.map((issue) => issue.field).sort()).toEqual(['helix', 'power', 'x']);
		for (const issue of issues) expect(issue.message).toEqual(expect.any(String));
		for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
	});

	it('never throws on odd entity values', () => {
		const odd = [undefined, null, Symbol('s'), () => 1, new Map(), BigInt(1), Object.create(null)];
		for (const value of odd) {
			expect(() => fieldIssues('notes', { x: value, y: value, color: value, author: value })).not.toThrow();
		}
	});
});
