/**
 * What a new board starts from: an empty pentahelix map (the app draws the five sectors; nothing to
 * write) or the worked example (example.ts) in English or Bahasa Indonesia. Written through the
 * model functions, in one transaction, so a template is one update like any other edit.
 */
import { generateNKeysBetween } from 'fractional-indexing';
import * as Y from 'yjs';
import { addAction, addProgressUpdate, readAction, updateAction } from '../actions.js';
import { HELIXES, type Helix } from '../schema.js';
import { cardCornerAt, SECTORS } from '../sectors.js';
import { addRelation, addStakeholder } from '../stakeholders.js';
import { EXAMPLE_ACTIONS, EXAMPLE_CURRENCY, EXAMPLE_RELATIONS, EXAMPLE_STAKEHOLDERS } from './example.js';
import type { Template, TemplateLocale } from './kinds.js';

export * from './kinds.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The UTC day `days` after the reference time, as 'YYYY-MM-DD'. */
function dayAfter(reference: number, days: number): string {
	return new Date(reference + days * DAY_MS).toISOString().slice(0, 10);
}

/** The top-left corner of a card centred `along` the sector's middle line and `across` it (clockwise). */
function placeInSector(helix: Helix, along: number, across: number): { x: number; y: number } {
	const { middle } = SECTORS[HELIXES.indexOf(helix)];
	return cardCornerAt(along * Math.cos(middle) - across * Math.sin(middle), along * Math.sin(middle) + across * Math.cos(middle));
}

/**
 * Writes a template into a board's doc. `reference` (ms) anchors the example's dates: the server
 * passes the board's creation time, tests a fixed one, so the same reference gives the same board
 * (apart from the random ids).
 */
export function applyTemplate(doc: Y.Doc, template: Template, locale: TemplateLocale, reference: number, origin?: unknown): void {
	if (template === 'empty') return;
	if (template !== 'example') throw new Error(`unknown template "${String(template)}"`);
	doc.transact(() => writeExample(doc, locale, reference, origin), origin);
}

function writeExample(doc: Y.Doc, locale: TemplateLocale, reference: number, origin: unknown): void {
	const ids = new Map<string, string>();
	const idOf = (key: string) => {
		const id = ids.get(key);
		if (!id) throw new Error(`the example names an unknown stakeholder "${key}"`);
		return id;
	};

	for (const s of EXAMPLE_STAKEHOLDERS) {
		const id = addStakeholder(
			doc,
			{
				name: s.name,
				helix: s.helix,
				organization: s.organization,
				role: s.role[locale],
				power: s.power,
				interest: s.interest,
				attitude: s.attitude,
				...placeInSector(s.helix, ...s.at)
			},
			origin
		);
		ids.set(s.key, id);
	}

	for (const r of EXAMPLE_RELATIONS) {
		addRelation(doc, { from: idOf(r.from), to: idOf(r.to), kind: r.kind, label: r.label[locale] }, origin);
	}

	// Plain keys in plan order (a0, a1, …), not the jittered ones of interactive inserts: the same every time.
	const orderKeys = generateNKeysBetween(null, null, EXAMPLE_ACTIONS.length);
	for (const [i, a] of EXAMPLE_ACTIONS.entries()) {
		const id = addAction(
			doc,
			{
				title: a.title[locale],
				owner: idOf(a.owner),
				partners: a.partners.map(idOf),
				start: dayAfter(reference, a.start),
				end: dayAfter(reference, a.end),
				order: orderKeys[i]
			},
			origin
		);
		// Updates first: each one sets the action's status and progress, the plan's own values come last.
		for (const u of a.updates) {
			addProgressUpdate(
				doc,
				id,
				{
					date: dayAfter(reference, u.day),
					at: reference + u.day * DAY_MS,
					progress: u.progress,
					status: u.status,
					done: u.done[locale],
					blockers: u.blockers[locale],
					author: u.author[locale]
				},
				origin
			);
		}
		updateAction(
			doc,
			id,
			{
				indicator: a.indicator[locale],
				target: a.target[locale],
				budget: a.budget,
				currency: EXAMPLE_CURRENCY,
				status: a.status,
				progress: a.progress
			},
			origin
		);
		readAction(doc, id)?.description?.insert(0, a.description[locale]);
	}
}
