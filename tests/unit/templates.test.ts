/**
 * Board templates: the empty map writes nothing; the worked example (Smart Pekanbaru) is a complete,
 * valid, tidy board in English and Bahasa Indonesia — the same case in both, dated from the
 * reference it is given.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collection, initBoardDoc, planCoverage, readActions, readRelations, readStakeholders } from '../../src/lib/board/model.js';
import { planCsv } from '../../src/lib/board/planCsv.js';
import { HELIXES, RELATION_KINDS } from '../../src/lib/board/schema.js';
import { CARD_HEIGHT, CARD_WIDTH, helixAt, helixOfCardAt } from '../../src/lib/board/sectors.js';
import { applyTemplate, TEMPLATE_LOCALES, TEMPLATES, type TemplateLocale } from '../../src/lib/board/templates/index.js';

/** 2027-01-15 08:00 UTC, a Friday during a follow-up training. */
const REFERENCE = Date.UTC(2027, 0, 15, 8);

function board(locale: TemplateLocale, reference = REFERENCE): Y.Doc {
	const doc = new Y.Doc();
	initBoardDoc(doc, { title: 'Kelompok 1', createdAt: reference });
	applyTemplate(doc, 'example', locale, reference);
	return doc;
}

/** The board as plain values, ids replaced by their position, so two boards with other random ids compare. */
function shape(doc: Y.Doc) {
	const stakeholders = readStakeholders(doc);
	const index = new Map(stakeholders.map((s, i) => [s.id, i]));
	const strip = ({ id: _id, notes, issues: _issues, raw: _raw, ...rest }: (typeof stakeholders)[number]) => ({ ...rest, notes: notes?.toString() });
	return {
		stakeholders: stakeholders.map(strip),
		relations: readRelations(doc).map((r) => ({ from: index.get(r.from!), to: index.get(r.to!), kind: r.kind, label: r.label })),
		actions: readActions(doc).map((a) => ({
			title: a.title,
			description: a.description?.toString(),
			owner: index.get(a.owner!),
			partners: a.partners.map((p) => index.get(p)),
			start: a.start, end: a.end, indicator: a.indicator, target: a.target, budget: a.budget, currency: a.currency,
			status: a.status, progress: a.progress, order: a.order,
			updates: a.updates.map(({ id: _id, ...u }) => u)
		}))
	};
}

describe('templates', () => {
	it('names the two templates; the empty one leaves a bare board', () => {
		expect(TEMPLATES).toEqual(['empty', 'example']);
		expect(TEMPLATE_LOCALES).toEqual(['en', 'id']);
		const doc = new Y.Doc();
		initBoardDoc(doc, { title: 'Group 1', createdAt: REFERENCE });
		const before = Y.encodeStateVector(doc);
		applyTemplate(doc, 'empty', 'id', REFERENCE);
		expect(Y.encodeStateVector(doc)).toEqual(before);
		for (const name of ['stakeholders', 'relations', 'actions', 'notes', 'votes'] as const) expect(collection(doc, name).size).toBe(0);
	});

	it('writes the example in one transaction (one update for every client)', () => {
		const doc = new Y.Doc();
		let transactions = 0;
		doc.on('afterTransaction', () => transactions++);
		applyTemplate(doc, 'example', 'en', REFERENCE);
		expect(transactions).toBe(1);
	});

	describe.each(TEMPLATE_LOCALES)('the worked example in %s', (locale) => {
		const doc = board(locale);
		const stakeholders = readStakeholders(doc);
		const relations = readRelations(doc);
		const actions = readActions(doc);
		const ids = new Set(stakeholders.map((s) => s.id));

		it('maps at least 15 stakeholders over all five helixes, with nothing flagged', () => {
			expect(stakeholders.length).toBeGreaterThanOrEqual(15);
			expect(new Set(stakeholders.map((s) => s.helix))).toEqual(new Set(HELIXES));
			for (const s of stakeholders) {
				expect(s.issues, s.name).toEqual([]);
				expect(s.name.trim()).not.toBe('');
				expect(s.organization.trim()).not.toBe('');
				expect(s.role.trim()).not.toBe('');
			}
			expect(new Set(stakeholders.map((s) => s.name)).size).toBe(stakeholders.length);
			// Some are for, some against: a map worth analysing on the grid.
			expect(new Set(stakeholders.map((s) => s.attitude)).size).toBeGreaterThanOrEqual(3);
		});

		it('lays every card in its own helix sector, none overlapping another', () => {
			for (const s of stakeholders) {
				expect(helixOfCardAt(s.x, s.y), s.name).toBe(s.helix);
				// The whole card, not just its centre: nothing sticks over a sector's border.
				for (const [dx, dy] of [[0, 0], [CARD_WIDTH, 0], [0, CARD_HEIGHT], [CARD_WIDTH, CARD_HEIGHT]]) {
					expect(helixAt(s.x + dx, s.y + dy), s.name).toBe(s.helix);
				}
			}
			for (const [i, a] of stakeholders.entries()) {
				for (const b of stakeholders.slice(i + 1)) {
					// Apart, with room for a relation's label between them.
					const gap = 48;
					const apart = a.x + CARD_WIDTH + gap <= b.x || b.x + CARD_WIDTH + gap <= a.x || a.y + CARD_HEIGHT + gap <= b.y || b.y + CARD_HEIGHT + gap <= a.y;
					expect(apart, `${a.name} / ${b.name}`).toBe(true);
				}
			}
		});

		it('draws no relation through a third card', () => {
			const byId = new Map(stakeholders.map((s) => [s.id, s]));
			const centre = (s: (typeof stakeholders)[number]) => ({ x: s.x + CARD_WIDTH / 2, y: s.y + CARD_HEIGHT / 2 });
			for (const r of relations) {
				const [a, b] = [centre(byId.get(r.from!)!), centre(byId.get(r.to!)!)];
				for (let t = 0; t <= 1; t += 0.01) {
					const [x, y] = [a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)];
					const under = stakeholders.find((s) => s.id !== r.from && s.id !== r.to && x > s.x && x < s.x + CARD_WIDTH && y > s.y && y < s.y + CARD_HEIGHT);
					expect(under?.name, r.label).toBeUndefined();
				}
			}
		});

		it('links existing stakeholders with every kind of relation, each labelled', () => {
			expect(relations.length).toBeGreaterThanOrEqual(12);
			expect(new Set(relations.map((r) => r.kind))).toEqual(new Set(RELATION_KINDS));
			for (const r of relations) {
				expect(r.issues).toEqual([]);
				expect(ids.has(r.from!) && ids.has(r.to!)).toBe(true);
				expect(r.from).not.toBe(r.to);
				expect(r.label.trim()).not.toBe('');
			}
		});

		it('plans actions owned and partnered by stakeholders of the map, dated from the reference', () => {
			expect(actions.length).toBeGreaterThanOrEqual(6);
			for (const a of actions) {
				expect(a.issues, a.title).toEqual([]);
				expect(ids.has(a.owner!)).toBe(true);
				expect(a.partners.length).toBeGreaterThan(0);
				for (const p of a.partners) expect(ids.has(p)).toBe(true);
				expect(a.partners).not.toContain(a.owner);
				expect(a.start! <= a.end!).toBe(true);
				expect(a.indicator.trim()).not.toBe('');
				expect(a.target.trim()).not.toBe('');
				expect(a.budget).toBeGreaterThan(0);
				expect(a.currency).toBe('IDR');
				expect(a.description?.toString().length).toBeGreaterThan(40);
				// A done action is complete, a planned one has not started.
				if (a.status === 'done') expect(a.progress).toBe(100);
				if (a.status === 'planned') expect(a.progress).toBe(0);
			}
			expect(new Set(actions.map((a) => a.status))).toEqual(new Set(['planned', 'in_progress', 'done', 'blocked']));
			// A pentahelix plan: every helix owns an action and partners in another.
			const helixOf = (id: string) => stakeholders.find((s) => s.id === id)?.helix;
			for (const c of planCoverage(actions, helixOf)) expect(c.owns > 0 && c.partners > 0, c.helix).toBe(true);
			// Funding sources of Indonesian regional budgets are named where the money comes from.
			const descriptions = actions.map((a) => a.description!.toString()).join('\n');
			for (const source of ['APBD', 'CSR', 'KPBU']) expect(descriptions).toContain(source);
			// Spread over the coming months: some work already under way, most of it ahead.
			const day = new Date(REFERENCE).toISOString().slice(0, 10);
			expect(actions.some((a) => a.start! < day)).toBe(true);
			expect(actions.filter((a) => a.end! > day).length).toBeGreaterThanOrEqual(4);
			expect(actions.map((a) => a.end).sort().at(-1)! > new Date(REFERENCE + 150 * 86_400_000).toISOString().slice(0, 10)).toBe(true);
			// A couple of progress updates, reported before the reference day; the last one is the action's state.
			const updated = actions.filter((a) => a.updates.length > 0);
			expect(updated.length).toBeGreaterThanOrEqual(2);
			for (const a of updated) {
				for (const u of a.updates) expect(u.date <= day).toBe(true);
				expect(a.updates.at(-1)!.progress).toBe(a.progress);
				expect(a.updates.at(-1)!.status).toBe(a.status);
			}
		});

		it('exports a plan CSV that parses, one row per action', () => {
			const csv = planCsv(doc);
			const parsed = Papa.parse<string[]>(csv.replace(/^\ufeff/, ''), { newline: '\r\n', skipEmptyLines: true });
			expect(parsed.errors).toEqual([]);
			expect(parsed.data).toHaveLength(actions.length + 1);
			expect(parsed.data.slice(1).map((row) => row[0])).toEqual(actions.map((a) => a.title));
			for (const row of parsed.data.slice(1)) expect(row[2]).not.toBe('');
		});

		it('is the same board for the same reference (apart from random ids)', () => {
			expect(shape(board(locale))).toEqual(shape(doc));
			expect(shape(board(locale, REFERENCE + 30 * 86_400_000))).not.toEqual(shape(doc));
		});
	});

	it('tells the same case in both languages, in different words', () => {
		const en = shape(board('en'));
		const id = shape(board('id'));
		expect(id.stakeholders.length).toBe(en.stakeholders.length);
		expect(id.relations.length).toBe(en.relations.length);
		expect(id.actions.length).toBe(en.actions.length);
		en.stakeholders.forEach((s, i) => {
			const other = id.stakeholders[i];
			// Indonesian organisation names stay Indonesian in both; where they sit and how they stand is the same.
			expect(other).toMatchObject({ name: s.name, organization: s.organization, helix: s.helix, power: s.power, interest: s.interest, attitude: s.attitude, x: s.x, y: s.y });
			expect(other.role).not.toBe(s.role);
		});
		en.relations.forEach((r, i) => {
			expect(id.relations[i]).toMatchObject({ from: r.from, to: r.to, kind: r.kind });
			expect(id.relations[i].label).not.toBe(r.label);
		});
		en.actions.forEach((a, i) => {
			const other = id.actions[i];
			expect(other).toMatchObject({ owner: a.owner, partners: a.partners, start: a.start, end: a.end, budget: a.budget, status: a.status, progress: a.progress });
			expect(other.updates.map((u) => [u.date, u.progress, u.status])).toEqual(a.updates.map((u) => [u.date, u.progress, u.status]));
			for (const field of ['title', 'description', 'indicator', 'target'] as const) expect(other[field], field).not.toBe(a[field]);
			other.updates.forEach((u, j) => expect(u.done).not.toBe(a.updates[j].done));
		});
	});
});
