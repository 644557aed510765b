/**
 * Actions of the smart-governance plan. Reading never throws on foreign data; what breaks a rule
 * comes back in `issues` with a reason code, and the stored value stays in `raw` so the views can
 * show it as typed. Writing stores what the person typed, valid or not (DESIGN.md: invalid values
 * are shown and kept, never dropped); each write is one transaction.
 */
import * as Y from 'yjs';
import { collection, entity, numberOr, stringOr } from './doc.js';
import { newId } from './ids.js';
import { keyAfterLast, keysForMove, orderOf, type OrderedItem } from './order.js';
import { ACTION_STATUSES, fieldIssues, type ActionStatus } from './schema.js';

export interface ProgressUpdate {
	id: string;
	/** The day the update reports on, 'YYYY-MM-DD'. */
	date: string;
	/** When it was written (ms), to order updates made the same day. */
	at: number;
	progress: number;
	status: ActionStatus;
	/** What was done. */
	done: string;
	/** What blocks us. */
	blockers: string;
	author: string;
}

/**
 * Why a field is flagged. `required` and `end_before_start` are plan rules; the others say what
 * kind of value the field needs.
 */
export type ActionIssueReason =
	| 'required'
	| 'end_before_start'
	| 'not_a_date'
	| 'not_a_number'
	| 'out_of_range'
	| 'not_a_currency'
	| 'unknown_status'
	| 'not_a_stakeholder'
	| 'invalid';

export interface ActionIssue {
	field: string;
	reason: ActionIssueReason;
}

export interface ActionView extends OrderedItem {
	id: string;
	title: string;
	description: Y.Text | null;
	owner: string | null;
	partners: string[];
	start: string | null;
	end: string | null;
	indicator: string;
	target: string;
	budget: number | null;
	currency: string;
	/** null when the stored value is not one of the four statuses. */
	status: ActionStatus | null;
	/** 0–100 for display; null when the stored value is not a number. */
	progress: number | null;
	order: string;
	/** Oldest first. */
	updates: ProgressUpdate[];
	issues: ActionIssue[];
	/** Stored values of the flagged fields, to show them as typed. */
	raw: Record<string, unknown>;
}

/** The fields a person edits in a cell; each is stored as given (see the module comment). */
export interface ActionPatch {
	title?: string;
	owner?: string | null;
	partners?: string[];
	start?: string | null;
	end?: string | null;
	indicator?: string;
	target?: string;
	/** A number, null (no budget), or the text as typed when it is not a number. */
	budget?: number | string | null;
	currency?: string;
	status?: ActionStatus;
	/** A number, or the text as typed when it is not one. */
	progress?: number | string;
}

export const DEFAULT_CURRENCY = 'IDR';

const REASON_OF_FIELD: Record<string, ActionIssueReason> = {
	start: 'not_a_date',
	end: 'not_a_date',
	budget: 'not_a_number',
	progress: 'out_of_range',
	currency: 'not_a_currency',
	status: 'unknown_status',
	owner: 'not_a_stakeholder'
};

/** Checks one action's stored fields against the schema and the plan's own rules. */
export function actionIssues(plain: Record<string, unknown>): ActionIssue[] {
	const issues: ActionIssue[] = fieldIssues('actions', plain).map(({ field }) => {
		let reason = REASON_OF_FIELD[field] ?? 'invalid';
		if (field === 'budget' && typeof plain.budget === 'number') reason = 'out_of_range';
		if (field === 'progress' && typeof plain.progress !== 'number') reason = 'not_a_number';
		return { field, reason };
	});
	const flagged = (field: string) => issues.some((issue) => issue.field === field);
	if (!flagged('title') && stringOr(plain.title, '').trim() === '') issues.push({ field: 'title', reason: 'required' });
	const { start, end } = plain;
	if (!flagged('start') && !flagged('end') && typeof start === 'string' && typeof end === 'string' && end < start) {
		issues.push({ field: 'end', reason: 'end_before_start' });
	}
	if ('partners' in plain && !(plain.partners instanceof Y.Array)) issues.push({ field: 'partners', reason: 'invalid' });
	if ('description' in plain && !(plain.description instanceof Y.Text)) issues.push({ field: 'description', reason: 'invalid' });
	return issues;
}

const isId = (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value);

function readUpdates(value: unknown): ProgressUpdate[] {
	if (!(value instanceof Y.Array)) return [];
	const updates: ProgressUpdate[] = [];
	for (const item of value.toArray()) {
		if (typeof item !== 'object' || item === null) continue;
		const u = item as Record<string, unknown>;
		if (typeof u.date !== 'string') continue;
		updates.push({
			id: stringOr(u.id, ''),
			date: u.date,
			at: numberOr(u.at, 0),
			progress: Math.min(100, Math.max(0, numberOr(u.progress, 0))),
			status: ACTION_STATUSES.includes(u.status as ActionStatus) ? (u.status as ActionStatus) : 'in_progress',
			done: stringOr(u.done, ''),
			blockers: stringOr(u.blockers, ''),
			author: stringOr(u.author, '')
		});
	}
	return updates.sort((a, b) => a.date.localeCompare(b.date) || a.at - b.at);
}

export function readAction(doc: Y.Doc, id: string): ActionView | null {
	const stored = collection(doc, 'actions').get(id);
	if (stored === undefined) return null;
	if (!(stored instanceof Y.Map)) {
		return {
			id, title: '', description: null, owner: null, partners: [], start: null, end: null, indicator: '', target: '',
			budget: null, currency: DEFAULT_CURRENCY, status: null, progress: null, order: '', updates: [],
			issues: [{ field: '*', reason: 'invalid' }], raw: { '*': stored }
		};
	}
	const plain: Record<string, unknown> = Object.fromEntries(stored.entries());
	const issues = actionIssues(plain);
	const partners = plain.partners instanceof Y.Array ? [...new Set(plain.partners.toArray().filter(isId))] : [];
	const date = (value: unknown) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null);
	const raw = Object.fromEntries(issues.filter((i) => i.field in plain).map((i) => [i.field, plain[i.field]]));
	return {
		id,
		title: stringOr(plain.title, ''),
		description: plain.description instanceof Y.Text ? plain.description : null,
		owner: isId(plain.owner) ? plain.owner : null,
		partners,
		start: date(plain.start),
		end: date(plain.end),
		indicator: stringOr(plain.indicator, ''),
		target: stringOr(plain.target, ''),
		budget: typeof plain.budget === 'number' && Number.isFinite(plain.budget) ? plain.budget : null,
		currency: stringOr(plain.currency, DEFAULT_CURRENCY),
		status: ACTION_STATUSES.includes(plain.status as ActionStatus) ? (plain.status as ActionStatus) : null,
		progress: typeof plain.progress === 'number' && Number.isFinite(plain.progress) ? Math.min(100, Math.max(0, plain.progress)) : null,
		order: orderOf(plain.order),
		updates: readUpdates(plain.updates),
		issues,
		raw
	};
}

/** Every action in plan order (order key, then id: concurrent inserts at one spot sort the same everywhere). */
export function readActions(doc: Y.Doc): ActionView[] {
	const views: ActionView[] = [];
	for (const id of collection(doc, 'actions').keys()) {
		const view = readAction(doc, id);
		if (view) views.push(view);
	}
	return sortByOrder(views);
}

export function sortByOrder<T extends OrderedItem>(items: T[]): T[] {
	return items.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface NewAction {
	title: string;
	owner?: string | null;
	partners?: string[];
	status?: ActionStatus;
	start?: string | null;
	end?: string | null;
	/** Order key; after the last action when omitted. */
	order?: string;
}

export function addAction(doc: Y.Doc, fields: NewAction, origin?: unknown): string {
	const id = newId();
	doc.transact(() => {
		const item = new Y.Map<unknown>();
		item.set('title', fields.title);
		item.set('description', new Y.Text());
		item.set('owner', fields.owner ?? null);
		item.set('partners', Y.Array.from(fields.partners ?? []));
		item.set('start', fields.start ?? null);
		item.set('end', fields.end ?? null);
		item.set('indicator', '');
		item.set('target', '');
		item.set('budget', null);
		item.set('currency', DEFAULT_CURRENCY);
		item.set('status', fields.status ?? 'planned');
		item.set('progress', 0);
		item.set('order', fields.order ?? keyAfterLast(readActions(doc)));
		item.set('updates', new Y.Array());
		collection(doc, 'actions').set(id, item);
	}, origin);
	return id;
}

/** Writes the changed fields of one action; values equal to the stored ones are not rewritten. */
export function updateAction(doc: Y.Doc, id: string, patch: ActionPatch, origin?: unknown): void {
	const item = entity(doc, 'actions', id);
	if (!item) return;
	const changes = Object.entries(patch).filter(([key, value]) => {
		if (value === undefined) return false;
		if (key === 'partners') {
			const stored = item.get('partners');
			return !(stored instanceof Y.Array) || JSON.stringify(stored.toArray()) !== JSON.stringify(value);
		}
		return item.get(key) !== value;
	});
	if (changes.length === 0) return;
	doc.transact(() => {
		for (const [key, value] of changes) {
			if (key !== 'partners') {
				item.set(key, value);
				continue;
			}
			const stored = item.get('partners');
			if (stored instanceof Y.Array) {
				// Edit the array in place, so a partner added by someone else at the same time survives.
				const wanted = new Set(value as string[]);
				const present = stored.toArray() as unknown[];
				for (let i = present.length - 1; i >= 0; i--) if (!wanted.has(present[i] as string)) stored.delete(i, 1);
				const kept = new Set(present);
				const added = (value as string[]).filter((p) => !kept.has(p));
				if (added.length > 0) stored.push(added);
			} else item.set('partners', Y.Array.from(value as string[]));
		}
	}, origin);
}

export function deleteActions(doc: Y.Doc, ids: Iterable<string>, origin?: unknown): void {
	const actions = collection(doc, 'actions');
	doc.transact(() => {
		for (const id of ids) {
			actions.delete(id);
			// Dot votes on a deleted action go with it.
			collection(doc, 'votes').delete(id);
		}
	}, origin);
}

/**
 * Moves one action so it sits between two others in the given order (null: at that end).
 * `ordered` is the current plan order; only the moved action's key is written, except when its
 * neighbours' keys leave no room (equal or foreign keys), then the fewest needed are rewritten.
 */
export function moveAction(
	doc: Y.Doc,
	id: string,
	ordered: readonly OrderedItem[],
	toIndex: number,
	patch: ActionPatch = {},
	origin?: unknown
): void {
	const keys = keysForMove(ordered, id, toIndex);
	doc.transact(() => {
		for (const [key, order] of keys) entity(doc, 'actions', key)?.set('order', order);
		if (Object.keys(patch).length > 0) updateAction(doc, id, patch, origin);
	}, origin);
}

/**
 * Records a dated progress update and makes its progress and status the action's current ones,
 * in one transaction. The list of updates is the action's progress history.
 */
export function addProgressUpdate(
	doc: Y.Doc,
	id: string,
	update: Omit<ProgressUpdate, 'id' | 'at'> & { at?: number },
	origin?: unknown
): void {
	const item = entity(doc, 'actions', id);
	if (!item) return;
	doc.transact(() => {
		let updates = item.get('updates');
		if (!(updates instanceof Y.Array)) {
			updates = new Y.Array();
			item.set('updates', updates);
		}
		(updates as Y.Array<unknown>).push([{ ...update, id: newId(), at: update.at ?? Date.now() }]);
		item.set('progress', update.progress);
		item.set('status', update.status);
	}, origin);
}

/** Actions a stakeholder owns or partners in. */
export function actionsOf(actions: readonly ActionView[], stakeholderId: string): ActionView[] {
	return actions.filter((a) => a.owner === stakeholderId || a.partners.includes(stakeholderId));
}
